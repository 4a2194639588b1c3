"""The demo's warranty money chain, as its users meet it: claims in every state (approved, in
part, rejected, returned and resubmitted, flagged, waiting, drafts at Pudong), every past
month's approved claims on exactly one locked statement that balances to the cent, the missing
old part taken back, recoveries answered, and each new demo login at work on its own page.

The demo is loaded once for the module (a small one), at a fixed moment early in a month: the
same data every day, and the last month settled on the shortened calendar."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client, override_settings

from aftersales.claims.models import Claim, ClaimVersion, PreAuthorisation
from aftersales.core import clock
from aftersales.core.models import AuditEvent, User
from aftersales.demo.data import DEMO_LOGINS, DEMO_PASSWORD
from aftersales.settlement.models import (
    OldPart,
    OldPartShipment,
    Statement,
    StatementLine,
    SupplierRecovery,
)
from aftersales.settlement.periods import current_month

NOW = datetime(2026, 11, 2, 16, 40, tzinfo=ZoneInfo("Asia/Shanghai"))
MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
NEW_LOGINS = ("assessor", "finance", "network_finance", "parts_clerk", "supplier")


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        # As every test runs (tests/conftest.py): the logins are hashed the way they are checked.
        override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=[MD5]),
        transaction.atomic(),
    ):
        out = io.StringIO()
        with clock.frozen_at(NOW):
            call_command("demo", customers=60, orders=520, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db) -> Iterator[str]:
    with clock.frozen_at(NOW):
        yield demo_output


def test_the_loader_reports_the_claims_and_statements(demo):
    line = next(x for x in demo.splitlines() if x.startswith("claims: "))
    assert "approved" in line and "statements: " in line


def test_claims_in_every_state_a_user_meets(demo):
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert {"settled", "rejected", "submitted", "draft", "returned"} <= statuses
    decided = Claim.objects.filter(status__in=["approved", "partially_approved", "settled"])
    assert decided.filter(approved_amount=F("total_amount")).count() > decided.count() / 2
    in_part = decided.filter(approved_amount__lt=F("total_amount"))
    assert in_part.exists()
    assert AuditEvent.objects.filter(
        verb="claim.approve_in_part", data__adjustments__0__reason_code="hours_above_standard"
    ).exists()
    rejected = Claim.objects.filter(status="rejected")
    assert all(c.decision_reason for c in rejected)
    assert AuditEvent.objects.filter(verb="claim.auto_approve").exists()
    drafts = Claim.objects.filter(status="draft")
    assert drafts.count() >= 2 and {c.station.code for c in drafts} == {"ST-SH-PD"}


def test_a_returned_claim_was_resubmitted_as_a_second_version(demo):
    resubmitted = Claim.objects.filter(revision__gte=2)
    assert resubmitted.exists()
    claim = resubmitted.first()
    assert claim is not None
    assert ClaimVersion.objects.filter(claim=claim).count() >= 2
    verbs = list(
        AuditEvent.objects.filter(object_id=claim.pk, verb__startswith="claim.")
        .order_by("at", "id")
        .values_list("verb", flat=True)
    )
    assert verbs.index("claim.return") < verbs.index("claim.resubmit")


def test_every_claim_type_is_there(demo):
    types = set(Claim.objects.values_list("type", flat=True))
    assert {"repair", "roadside", "break_in", "outside_purchase", "major_assembly"} <= types
    roadside = Claim.objects.filter(type="roadside").first()
    assert roadside is not None and roadside.lines.filter(kind="travel").exists()
    bought = Claim.objects.filter(type="outside_purchase").first()
    assert bought is not None and bought.lines.exclude(invoice_number="").exists()
    major = Claim.objects.get(type="major_assembly")
    pa = major.pre_authorisation
    assert pa is not None and pa.status == "granted"
    assert pa.decided_at is not None and major.repair_date is not None
    assert pa.decided_at.date() <= major.repair_date  # granted before the repair


def test_the_auditors_queues_are_not_empty_and_some_are_flagged(demo, api):
    waiting = Claim.objects.filter(status__in=["submitted", "resubmitted"])
    assert waiting.filter(manufacturer__code="MF-HAIYUE").exists()
    assert waiting.filter(manufacturer__code="MF-YUANHANG").exists()
    assert waiting.filter(warnings__gt=0).exists()
    assert PreAuthorisation.objects.filter(status="requested").exists()
    auditor = User.objects.get(username="auditor")
    r = api(auditor).get("claims", {"status": ["submitted", "resubmitted"]})
    assert r.status_code == 200 and r.json()["items"]
    r = api(auditor).get("claims", {"flagged": "true"})
    assert r.status_code == 200 and r.json()["items"]


def test_each_past_months_approved_claim_is_on_exactly_one_locked_statement(demo):
    month = current_month()
    decided = Claim.objects.filter(
        approved_amount__gt=0,
        decided_at__lt=datetime.combine(month, datetime.min.time(), NOW.tzinfo),
    )
    assert decided.count() > 20
    for claim in decided:
        lines = StatementLine.objects.filter(claim=claim)
        assert lines.count() == 1, claim.number
        statement = lines.get().statement
        assert statement.status == "locked" and statement.number
    assert not Statement.objects.filter(period=month).exists()  # the month a user walks
    assert set(decided.values_list("status", flat=True)) == {"settled"}


def test_statements_balance_to_the_cent(demo):
    statements = Statement.objects.all()
    assert statements.filter(kind="manufacturer_network").exists()
    assert statements.filter(kind="network_station").exists()
    for statement in statements:
        lines = sum(line.amount for line in statement.lines.all())
        assert lines == statement.total_amount, statement.pk
        assert statement.balances()


def test_the_missing_old_part_is_taken_back_and_a_dispute_answered(demo):
    missing = OldPart.objects.get(inspection="missing")
    deduction = StatementLine.objects.get(old_part=missing, kind="old_part_reversal")
    assert deduction.amount == -missing.amount
    assert deduction.statement.status == "locked"
    assert StatementLine.objects.filter(dispute__in=["upheld", "rejected"]).exists()
    assert OldPart.objects.filter(inspection="fault_not_confirmed").exists()
    assert OldPart.objects.filter(status="written_off").exists()
    shipments = OldPartShipment.objects.all()
    assert shipments.filter(status="received").exists()
    assert all(s.carrier and s.tracking_number for s in shipments)


def test_recoveries_confirmed_disputed_and_paid(demo):
    recoveries = SupplierRecovery.objects.all()
    assert recoveries.filter(status__in=["confirmed", "recovered"]).exists()
    assert recoveries.filter(status="disputed").exists()
    assert recoveries.filter(recovered_amount__gt=0).exists()


PAGES = {
    "assessor": "/staff/claims/",
    "auditor": "/staff/claims/queue/",
    "auditor_car": "/staff/claims/queue/",
    "finance": "/staff/settlement/",
    "network_finance": "/staff/settlement/",
    "parts_clerk": "/staff/settlement/shipments/",
    "supplier": "/staff/settlement/recoveries/",
}


def _records(username: str) -> list[str]:
    """Numbers the user should find on their main page."""
    user = User.objects.get(username=username)
    org = user.organisation_id
    if username == "assessor":
        return list(Claim.objects.filter(station_id=org).values_list("number", flat=True)[:3])
    if username.startswith("auditor"):
        waiting = Claim.objects.filter(manufacturer_id=org, status__in=["submitted", "resubmitted"])
        return list(waiting.values_list("number", flat=True))
    if username in ("finance", "network_finance"):
        mine = Statement.objects.filter(payer_id=org).exclude(number="")
        return list(mine.values_list("number", flat=True)[:3])
    if username == "parts_clerk":
        return list(
            OldPartShipment.objects.filter(destination_id=org).values_list("number", flat=True)[:3]
        )
    return list(SupplierRecovery.objects.filter(supplier_id=org).values_list("number", flat=True))


@pytest.mark.parametrize("username", sorted(PAGES))
def test_each_login_opens_its_page_and_sees_its_records(demo, username):
    assert username in {u for u, _ in DEMO_LOGINS} | {"auditor_car"}
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    r = client.get(PAGES[username])
    assert r.status_code == 200
    numbers = _records(username)
    assert numbers, username
    page = r.content.decode()
    assert any(n in page for n in numbers), (username, numbers)


def test_finance_opens_a_locked_statement(demo):
    client = Client()
    assert client.login(username="finance", password=DEMO_PASSWORD)
    statement = (
        Statement.objects.filter(payer__code="MF-HAIYUE", status="locked")
        .order_by("-period")
        .first()
    )
    assert statement is not None
    r = client.get(f"/staff/settlement/statements/{statement.pk}/")
    assert r.status_code == 200 and statement.number in r.content.decode()


def test_the_new_logins_are_on_the_banner(demo):
    listed = {u for u, _ in DEMO_LOGINS}
    assert set(NEW_LOGINS) <= listed
    assert User.objects.filter(username__in=NEW_LOGINS).count() == len(NEW_LOGINS)
