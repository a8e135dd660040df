"""The input template: generated from sheets.yaml, and the committed copy is up to date."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import GUIDE_SHEET, LAST_TEMPLATE_ROW, generate_template_file

COMMITTED = Path(__file__).resolve().parents[2] / "workbook_templates" / "预算公开模板.xlsx"


def _snapshot(path: Path) -> dict:
    """What the template means: values, validations, widths, panes, formats (not zip bytes)."""
    book = openpyxl.load_workbook(path)
    sheets = {}
    for ws in book.worksheets:
        widths = {}
        for dim in ws.column_dimensions.values():
            if dim.width:
                for col in range(dim.min, dim.max + 1):
                    widths[col] = dim.width
        sheets[ws.title] = {
            "values": [list(r) for r in ws.iter_rows(values_only=True)],
            "validations": sorted((str(dv.sqref), dv.formula1, dv.type) for dv in ws.data_validations.dataValidation),
            "widths": widths,
            "freeze": ws.freeze_panes,
            "formats": {(c.row, c.column): c.number_format for row in ws.iter_rows(max_row=3) for c in row},
        }
    return {"order": book.sheetnames, "sheets": sheets}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generate_template_file(tmp_path_factory.mktemp("template") / "模板.xlsx")


def test_committed_template_is_current(generated):
    assert COMMITTED.exists(), "run: yusuan template -o workbook_templates/预算公开模板.xlsx"
    assert _snapshot(COMMITTED) == _snapshot(generated)


def test_generation_is_deterministic(generated, tmp_path):
    again = generate_template_file(tmp_path / "again.xlsx")
    assert _snapshot(again) == _snapshot(generated)


def test_sheets_in_order_guide_first(generated):
    spec = load_spec()
    names = openpyxl.load_workbook(generated).sheetnames
    assert names == [GUIDE_SHEET, spec.settings_sheet] + [s.name for s in spec.sheets]


def test_list_sheets_follow_the_yaml(generated):
    book = openpyxl.load_workbook(generated)
    for sheet in load_spec().sheets:
        ws = book[sheet.name]
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold and c.fill.fill_type == "solid" and c.border.left.style == "thin" for c in ws[1])
        validations = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
        for i, column in enumerate(sheet.columns, start=1):
            letter = openpyxl.utils.get_column_letter(i)
            assert ws.column_dimensions[letter].width == column.width
            if column.choices:
                assert validations[f"{letter}2:{letter}{LAST_TEMPLATE_ROW}"] == '"' + ",".join(column.choices) + '"'
            expected_format = {"amount": "#,##0.00", "code": "@"}.get(column.kind)
            if expected_format:
                assert ws.cell(2, i).number_format == expected_format
                assert ws.cell(LAST_TEMPLATE_ROW, i).number_format == expected_format
        assert len(validations) == sum(1 for c in sheet.columns if c.choices)


def test_settings_sheet(generated):
    spec = load_spec()
    ws = openpyxl.load_workbook(generated)[spec.settings_sheet]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("项目", "内容")
    assert [r[0] for r in rows[1:]] == [s.label for s in spec.settings]
    defaults = {r[0]: r[1] for r in rows[1:]}
    assert defaults["金额单位"] is None and defaults["表样版本"] == "河南2025"  # the unit is a choice to make
    validations = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    for i, s in enumerate(spec.settings, start=2):
        if s.choices:
            assert validations[f"B{i}"] == '"' + ",".join(s.choices) + '"'
        if s.kind == "text":
            assert ws.cell(i, 2).alignment.wrap_text


def test_guide_mentions_every_sheet_and_the_unit(generated):
    ws = openpyxl.load_workbook(generated)[GUIDE_SHEET]
    text = "\n".join(str(r[0]) for r in ws.iter_rows(values_only=True) if r[0])
    for sheet in load_spec().sheets:
        assert sheet.name in text
    for phrase in ("金额单位", "万元", "自动填写", "不会修改", "生成报表"):
        assert phrase in text


def test_last_year_items_are_listed(generated):
    ws = openpyxl.load_workbook(generated)["上年数"]
    items = load_spec().sheet("上年数").column("item").choices
    assert [ws.cell(2 + i, 1).value for i in range(len(items))] == list(items)
    assert all(ws.cell(2 + i, 2).value is None for i in range(len(items)))


def test_profile_choices_come_from_installed_profiles(monkeypatch):
    from yusuan import profiles

    monkeypatch.setattr(profiles, "available", lambda: ["河南2025", "测试2026"])
    assert load_spec().setting("profile").choices == ("河南2025", "测试2026")
