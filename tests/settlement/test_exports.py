"""Exports: the Excel workbook's figures add up to the statement's total, and the PDFs (the
statement, the old-part tags) are real documents with pages. With SETTLEMENT_SHOTS=<dir> the
files are kept there to be looked at."""

from __future__ import annotations

import contextlib
import os
import re
import zlib
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl

from aftersales.settlement.generation import settlements_generate
from aftersales.settlement.models import OldPart, Statement
from tests.settlement.helpers import approved_claim, month

SHOTS = os.environ.get("SETTLEMENT_SHOTS")


def keep(name: str, body: bytes) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        Path(SHOTS, name).write_bytes(body)


def unpacked(pdf: bytes) -> bytes:
    """The file with its compressed streams (object streams, fonts' names) inflated."""
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(stream))
    return b"\n".join(chunks)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", unpacked(pdf)))


def statement_of_two_claims(world) -> Statement:
    approved_claim(world)
    approved_claim(world, decision="approve_in_part")
    settlements_generate(manufacturer=world.appliance, period=month(), actor=world.users["finance"])
    return Statement.objects.get(payee=world.station_sh)


def test_the_workbook_lists_every_line_and_its_totals_add_up(world, api):
    statement = statement_of_two_claims(world)
    r = api(world.users["manager"]).get(f"statements/{statement.pk}/export", {"format": "xlsx"})
    assert r.status_code == 200, r.content
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    keep("statement.xlsx", r.content)
    ws = openpyxl.load_workbook(BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "结算对账单"  # in the reader's language, Chinese by default
    header = next(i for i, row in enumerate(rows) if row[0] == "序号")
    lines = []
    for row in rows[header + 1 :]:
        if row[0] is None:
            break
        lines.append(row)
    assert len(lines) == statement.line_count
    amounts = [Decimal(str(row[9])) for row in lines]
    assert sum(amounts) == statement.total_amount
    total = next(row for row in rows if row[3] == "应付合计")
    assert Decimal(str(total[9])) == statement.total_amount
    for row in lines:  # each line's parts add up to its amount, to the cent
        assert sum(Decimal(str(v)) for v in row[4:9]) == Decimal(str(row[9]))


def test_the_pdf_has_pages_and_chinese_fonts(world, api):
    statement = statement_of_two_claims(world)
    r = api(world.users["finance"]).get(
        f"statements/{statement.parent_id}/export", {"format": "pdf"}
    )
    assert r.status_code == 200, r.content
    assert r.content.startswith(b"%PDF") and pages(r.content) >= 1
    assert b"Noto" in unpacked(r.content)  # the Chinese font is embedded
    keep("network-statement.pdf", r.content)
    r = api(world.users["manager"]).get(f"statements/{statement.pk}/export", {"format": "pdf"})
    assert r.content.startswith(b"%PDF") and pages(r.content) >= 1
    keep("station-statement.pdf", r.content)


def test_an_unknown_format_is_a_field_error(world, api):
    statement = statement_of_two_claims(world)
    r = api(world.users["manager"]).get(f"statements/{statement.pk}/export", {"format": "doc"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "format"


def test_old_part_tags_print_as_a_pdf_with_a_qr_code(world, client):
    claim = approved_claim(world)
    part = OldPart.objects.get(claim=claim)
    client.force_login(world.users["manager"])
    r = client.get(f"/staff/settlement/old-parts/tags.pdf?ids={part.pk}")
    assert r.status_code == 200
    assert r.content.startswith(b"%PDF") and pages(r.content) == 1
    keep("tags.pdf", r.content)
    page = client.get(f"/staff/settlement/old-parts/tags/?ids={part.pk}")
    assert part.number in page.content.decode()
    assert b"data:image/svg+xml" in page.content
