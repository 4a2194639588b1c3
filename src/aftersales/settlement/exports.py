"""A statement as an Excel workbook (openpyxl) or a PDF (WeasyPrint), in Chinese whatever the
requester's language: finance files them and the station's accountant reads them."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from aftersales.settlement.models import Statement, StatementLine
from aftersales.settlement.pdf import render_pdf
from aftersales.settlement.workflow import STATEMENT_FLOW

MONEY = "#,##0.00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(statement: Statement, ext: str) -> str:
    name = statement.number or f"draft-{statement.pk}"
    return f"statement-{statement.period:%Y%m}-{name}.{ext}"


def summary(statement: Statement) -> list[tuple[str, Decimal]]:
    return [
        (_("Labour (工时费)"), statement.labour_amount),
        (_("Parts (材料费)"), statement.parts_amount),
        (_("Travel (外出费)"), statement.travel_amount),
        (_("Outside purchase (外购件)"), statement.outside_purchase_amount),
        (_("Other (其他)"), statement.other_amount),
        (_("Approved claims (索赔合计)"), statement.claims_amount),
        (_("Deductions (扣款)"), statement.deductions_amount),
        (_("Adjustments (调整)"), statement.adjustments_amount),
        (_("Network fee (网络服务费)"), statement.fee_amount),
        (_("Total payable (应付合计)"), statement.total_amount),
    ]


def heading(statement: Statement) -> list[tuple[str, str]]:
    return [
        (_("Statement number (单号)"), statement.number or _("not yet numbered (未编号)")),
        (_("Month (结算月份)"), f"{statement.period:%Y-%m}"),
        (_("Payer (付款方)"), statement.payer.name),
        (_("Payee (收款方)"), statement.payee.name),
        (_("Kind (类型)"), str(statement.get_kind_display())),
        (_("Status (状态)"), STATEMENT_FLOW.label(statement.status)),
    ]


LINE_HEADERS = [
    gettext_noop("No. (序号)"),
    gettext_noop("Kind (类型)"),
    gettext_noop("Reference (单号)"),
    gettext_noop("Description (说明)"),
    gettext_noop("Labour (工时费)"),
    gettext_noop("Parts (材料费)"),
    gettext_noop("Travel (外出费)"),
    gettext_noop("Outside purchase (外购件)"),
    gettext_noop("Other (其他)"),
    gettext_noop("Amount (金额)"),
    gettext_noop("Dispute (异议)"),
]


def _line_row(n: int, line: StatementLine) -> list[Any]:
    return [
        n,
        str(line.get_kind_display()),
        line.reference,
        line.description,
        line.labour,
        line.parts,
        line.travel,
        line.outside_purchase,
        line.other,
        line.amount,
        str(line.get_dispute_display()) if line.dispute else "",
    ]


def statement_xlsx(statement: Statement) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Statement (对账单)")[:31]
    ws.append([_("Settlement statement (结算对账单)")])
    ws["A1"].font = Font(size=14, bold=True)
    for label, value in heading(statement):
        ws.append([label, value])
    ws.append([])
    ws.append([_(h) for h in LINE_HEADERS])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    first = header_row + 1
    for n, line in enumerate(statement.lines.order_by("id"), start=1):
        ws.append(_line_row(n, line))
    last = ws.max_row
    ws.append([])
    for caption, figure in summary(statement):
        ws.append(["", "", "", caption, None, None, None, None, None, figure])
        ws.cell(ws.max_row, 4).font = Font(bold=True)
    total_row = ws.max_row
    ws.cell(total_row, 10).font = Font(bold=True)
    # The lines' sum as a formula beside the stored total: the workbook shows it balances.
    ws.append(
        [
            "",
            "",
            "",
            _("Sum of the lines (明细合计)"),
            None,
            None,
            None,
            None,
            None,
            f"=SUM(J{first}:J{last})" if last >= first else 0,
        ]
    )
    for row in ws.iter_rows(min_row=first, min_col=5, max_col=10):
        for cell in row:
            cell.number_format = MONEY
    for width, col in zip((6, 16, 22, 36, 12, 12, 12, 12, 12, 14, 14), range(1, 12), strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(first, 1)
    for row in ws.iter_rows(min_row=1, max_row=header_row - 2):
        row[0].alignment = Alignment(horizontal="left")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def statement_pdf(statement: Statement) -> bytes:
    lines = list(statement.lines.order_by("id"))
    return render_pdf(
        "settlement/statement_pdf.html",
        {
            "statement": statement,
            "heading": heading(statement),
            "summary": summary(statement),
            "headers": [_(h) for h in LINE_HEADERS],
            "rows": [_line_row(n, line) for n, line in enumerate(lines, start=1)],
        },
    )


def statement_file(statement: Statement, format: str) -> tuple[bytes, str, str]:
    with translation.override("zh-hans"):
        if format == "pdf":
            return statement_pdf(statement), "application/pdf", _filename(statement, "pdf")
        return statement_xlsx(statement), XLSX, _filename(statement, "xlsx")
