"""The fault statistics as an Excel workbook (openpyxl), headed in Chinese whatever the reader's
language: the filters, a sheet per dimension with its total, the supplier scorecard and the
failures-per-1,000 curves. Every figure is read through the same selectors as the API."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from aftersales.reports.curve import failure_rate_curve
from aftersales.reports.filters import FaultFilters, StatusGroup, describe
from aftersales.reports.scorecard import supplier_scorecard
from aftersales.reports.statistics import Dimension, FaultRow, fault_statistics

MONEY = "#,##0.00"
PERCENT = "0.00%"
BOLD = Font(bold=True)
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(flt: FaultFilters) -> str:
    return f"fault-statistics-{flt.date_from:%Y%m%d}-{flt.date_to:%Y%m%d}.xlsx"


def workbook(user: Any, flt: FaultFilters, dimensions: list[str]) -> bytes:
    with translation.override("zh-hans"):
        book = Workbook()
        _filters_sheet(book.active, flt, describe(user, flt))
        for dimension in dimensions:
            _dimension_sheet(book.create_sheet(), fault_statistics(user, flt, dimension, 200))
        _scorecard_sheet(book.create_sheet(), user, flt)
        _curve_sheet(book.create_sheet(), user, flt)
        out = BytesIO()
        book.save(out)
    return out.getvalue()


def _header(sheet: Worksheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"


def _formats(sheet: Worksheet, row: int, money: tuple[int, ...], percent: tuple[int, ...]) -> None:
    for column in money:
        sheet.cell(row=row, column=column).number_format = MONEY
    for column in percent:
        sheet.cell(row=row, column=column).number_format = PERCENT


def _filters_sheet(sheet: Worksheet, flt: FaultFilters, names: dict[str, str]) -> None:
    sheet.title = _("Filters")
    _header(sheet, [_("Filter"), _("Value")])
    rows = [
        (_("Period from"), flt.date_from.isoformat()),
        (_("Period to"), flt.date_to.isoformat()),
        (_("Claims counted"), str(StatusGroup.LABELS[flt.status])),
        (_("Manufacturer"), names.get("manufacturer", _("All"))),
        (_("Model"), names.get("model", _("All"))),
        (_("Product category"), names.get("category", _("All"))),
        (_("Supplier"), names.get("supplier", _("All"))),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 40


def _cells(row: FaultRow) -> list[Any]:
    return [
        row.label,
        row.claims,
        row.share,
        row.approved_amount,
        row.cost_share,
        row.claimed_amount,
    ]


def _dimension_sheet(sheet: Worksheet, table: Any) -> None:
    sheet.title = str(Dimension.LABELS[table.dimension])
    _header(
        sheet,
        [
            str(Dimension.LABELS[table.dimension]),
            _("Claims"),
            _("Share of claims"),
            _("Approved amount"),
            _("Share of cost"),
            _("Claimed amount"),
        ],
    )
    for row in [*table.rows, *([table.others] if table.others else [])]:
        sheet.append(_cells(row))
        _formats(sheet, sheet.max_row, (4, 6), (3, 5))
    t = table.totals
    sheet.append(
        [_("Total"), t.claims, Decimal(1), t.approved_amount, Decimal(1), t.claimed_amount]
    )
    _formats(sheet, sheet.max_row, (4, 6), (3, 5))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    sheet.column_dimensions["A"].width = 36
    for column in "BCDEF":
        sheet.column_dimensions[column].width = 14


def _scorecard_sheet(sheet: Worksheet, user: Any, flt: FaultFilters) -> None:
    card = supplier_scorecard(user, flt, 200)
    sheet.title = _("Supplier scorecard")
    _header(
        sheet,
        [
            _("Supplier"),
            _("Claims"),
            _("Approved amount"),
            _("Share of cost"),
            _("Claimed amount"),
            _("Claims, previous period"),
            _("Approved, previous period"),
            _("Change in claims"),
            _("Change in cost"),
            _("Recovered"),
            _("Parts fitted"),
            _("Claims per 1,000 parts fitted"),
        ],
    )
    for s in card.rows:
        sheet.append(
            [
                s.label,
                s.claims,
                s.approved_amount,
                s.cost_share,
                s.claimed_amount,
                s.previous_claims,
                s.previous_approved_amount,
                s.claims_change,
                s.cost_change,
                s.recovered_amount,
                s.parts_fitted,
                s.per_1000_fitted,
            ]
        )
        _formats(sheet, sheet.max_row, (3, 5, 7, 10), (4, 8, 9))
    sheet.column_dimensions["A"].width = 30


def _curve_sheet(sheet: Worksheet, user: Any, flt: FaultFilters) -> None:
    curve = failure_rate_curve(user, flt)
    sheet.title = _("Failures per 1,000 units")
    _header(
        sheet,
        [
            _("Model"),
            _("Months in service"),
            _("Units exposed"),
            _("Failures"),
            _("Failures per 1,000 units"),
            _("Cumulative per 1,000 units"),
        ],
    )
    for series in curve.series:
        for p in series.points:
            sheet.append(
                [
                    series.label,
                    p.months,
                    p.exposed_units,
                    p.failures,
                    p.per_1000,
                    p.cumulative_per_1000,
                ]
            )
    sheet.column_dimensions["A"].width = 30
