"""The Excel export: a workbook headed in Chinese whatever the reader's language, a sheet per
dimension with its total, the scorecard and the curve, the same figures as the API."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.utils import translation
from openpyxl import load_workbook

from aftersales.reports.statistics import Dimension
from tests.reports.helpers import PERIOD

EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def download(api, user, **params):
    r = api(user).get("reports/fault-statistics/export", {**PERIOD, **params})
    assert r.status_code == 200, r.content[:300]
    assert r["Content-Type"] == EXCEL
    assert r["Content-Disposition"] == (
        'attachment; filename="fault-statistics-20260101-20260630.xlsx"'
    )
    return load_workbook(BytesIO(r.content))


def test_every_dimension_has_its_sheet_and_its_total(fw, api):
    book = download(api, fw.users["auditor"])
    titles = [zh(Dimension.LABELS[d]) for d in Dimension.values()]
    assert book.sheetnames[1:8] == titles
    assert len(book.sheetnames) == 10  # the filters, seven dimensions, scorecard, curve
    model = book[zh(Dimension.LABELS["model"])]
    assert model["A1"].value == "型号"  # Chinese headers
    assert [c.value for c in model[2]][:2] == ["海岳对开门冰箱 (BCD-470)", 3]
    total = [c.value for c in model[model.max_row]]
    assert total[0] == "合计"
    assert total[1] == 5
    assert Decimal(str(total[3])) == Decimal("725.35")
    assert Decimal(str(total[5])) == Decimal("775.60")
    assert model.cell(row=2, column=4).number_format == "#,##0.00"
    months = book[zh(Dimension.LABELS["months_in_service"])]
    assert [months.cell(row=r, column=2).value for r in range(2, 9)] == [1, 1, 2, 0, 0, 0, 1]


def test_one_dimension_and_the_filters_sheet(fw, api):
    book = download(api, fw.users["auditor"], dimension="part", model_id=fw.models["fridge"].pk)
    assert len(book.sheetnames) == 4
    filters = book.worksheets[0]
    values = {row[0].value: row[1].value for row in filters.iter_rows(min_row=2)}
    assert "2026-01-01" in values.values() and "2026-06-30" in values.values()
    assert "海岳对开门冰箱 (BCD-470)" in values.values()
    part = book.worksheets[1]
    total = [c.value for c in part[part.max_row]]
    assert total[:2] == ["合计", 3]
    assert Decimal(str(total[3])) == Decimal("380.25")


def test_the_scorecard_and_the_curve_sheets(fw, api):
    book = download(api, fw.users["auditor"])
    scorecard, curve = book.worksheets[8], book.worksheets[9]
    assert [scorecard.cell(row=r, column=1).value for r in (2, 3)] == ["甲压缩机厂", "乙温控器厂"]
    assert scorecard.cell(row=2, column=2).value == 2
    assert curve.max_row > 1 and curve.cell(row=2, column=1).value == "海岳对开门冰箱 (BCD-470)"


def test_a_station_of_the_network_exports_only_its_own_nothing(fw, api):
    book = download(api, fw.users["manager2"], dimension="model")
    sheet = book.worksheets[1]
    assert sheet.max_row == 2  # the header and the total
    assert [c.value for c in sheet[2]][:2] == ["合计", 0]
