"""The input template: generated from sheets.yaml, and the committed copy is up to date."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from yusuan.catalogs import Catalog
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import (
    EXAMPLE_SHEET,
    GUIDE_SHEET,
    LAST_TEMPLATE_ROW,
    LISTS_SHEET,
    REQUIRED_FILL,
    TEMPLATE_CATALOG_YEAR,
    generate_template_file,
)

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
            "validations": sorted((str(dv.sqref), dv.formula1, dv.type, dv.prompt) for dv in ws.data_validations.dataValidation),
            "widths": widths,
            "freeze": ws.freeze_panes,
            "formats": {(c.row, c.column): c.number_format for row in ws.iter_rows(max_row=3) for c in row},
        }
    return {"order": book.sheetnames, "sheets": sheets}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generate_template_file(tmp_path_factory.mktemp("template") / "模板.xlsx")


@pytest.fixture(scope="module")
def book(generated) -> openpyxl.Workbook:
    """The generated template, loaded once for the tests that only read it (~0.5 s a load)."""
    return openpyxl.load_workbook(generated)


@pytest.fixture(scope="module")
def generated_snapshot(generated) -> dict:
    return _snapshot(generated)


def test_committed_template_is_current(generated_snapshot):
    assert COMMITTED.exists(), "run: yusuan template -o workbook_templates/预算公开模板.xlsx"
    assert _snapshot(COMMITTED) == generated_snapshot


def test_generation_is_deterministic(generated_snapshot, tmp_path):
    again = generate_template_file(tmp_path / "again.xlsx")
    assert _snapshot(again) == generated_snapshot


def test_sheets_in_order_guide_first(book):
    spec = load_spec()
    names = book.sheetnames
    assert names == [GUIDE_SHEET, EXAMPLE_SHEET, spec.settings_sheet] + [s.name for s in spec.sheets] + [LISTS_SHEET]


def test_list_sheets_follow_the_yaml(book):
    for sheet in load_spec().sheets:
        ws = book[sheet.name]
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold and c.fill.fill_type == "solid" and c.border.left.style == "thin" for c in ws[1])
        validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
        for i, column in enumerate(sheet.columns, start=1):
            letter = openpyxl.utils.get_column_letter(i)
            assert ws.column_dimensions[letter].width == column.width
            body = validations.get(f"{letter}2:{letter}{LAST_TEMPLATE_ROW}")
            if column.choices:
                assert body.formula1 == '"' + ",".join(column.choices) + '"' and body.showErrorMessage
            expected_format = {"amount": "#,##0.00", "code": "@"}.get(column.kind)
            if expected_format:
                assert ws.cell(2, i).number_format == expected_format
                assert ws.cell(LAST_TEMPLATE_ROW, i).number_format == expected_format
            # every header explains its column when selected; required ones say so and are marked
            header = validations[f"{letter}1"]
            assert header.showInputMessage and header.prompt and header.promptTitle == column.header
            assert header.prompt.startswith("必填。") == bool(column.required and not column.fill)
            assert (ws.cell(1, i).fill.fgColor.rgb[-6:] == REQUIRED_FILL) == column.required
        assert ws.print_title_rows == "$1:$1" and ws.oddFooter.center.text


def test_settings_sheet(book):
    spec = load_spec()
    ws = book[spec.settings_sheet]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("项目", "内容", "填写说明")
    assert [r[0] for r in rows[1:]] == [s.label for s in spec.settings]
    defaults = {r[0]: r[1] for r in rows[1:]}
    assert defaults["金额单位"] is None and defaults["表样版本"] == "河南2025"  # the unit is a choice to make
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for i, s in enumerate(spec.settings, start=2):
        if s.choices:
            assert validations[f"B{i}"].formula1 == '"' + ",".join(s.choices) + '"'
        if s.kind == "text":
            assert ws.cell(i, 2).alignment.wrap_text and ws.row_dimensions[i].height >= 45  # more than one line shows
        if s.hint:
            assert ws.cell(i, 3).value == s.hint and validations[f"B{i}"].prompt == s.hint
    hints = {r[0]: r[2] for r in rows[1:]}
    assert "2025年3月15日" in hints["公开日期"] and "2024-12-31" in hints["国有资产-统计截止日期"]  # date formats
    assert "没有默认值" in hints["金额单位"] and "第一段" in hints["绩效目标说明"]


def test_code_columns_drop_down_from_the_catalog_and_unit_codes_from_units(book):
    lists = book[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    catalog = Catalog.for_year(TEMPLATE_CATALOG_YEAR)
    columns = {c[0].value: [v.value for v in c[1:] if v.value] for c in lists.iter_cols()}
    function = columns["功能科目（项）"]
    assert function == [f"{s.code} {s.name}" for s in catalog.subjects("function", "项")] and len(function) > 100
    assert "30101 基本工资" in columns["部门经济科目（款）"] and "50101 工资奖金津补贴" in columns["政府经济科目（款）"]
    ws = book["支出明细"]
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    rows = LAST_TEMPLATE_ROW
    assert validations[f"C2:C{rows}"].formula1 == f"'{LISTS_SHEET}'!$A$2:$A${len(function) + 1}"
    assert not validations[f"C2:C{rows}"].showErrorMessage  # a typed or pasted plain code stays allowed
    assert validations[f"E2:E{rows}"].formula1.startswith(f"'{LISTS_SHEET}'!$B$2:$B$")
    assert validations[f"G2:G{rows}"].formula1.startswith(f"'{LISTS_SHEET}'!$C$2:$C$")
    units = validations[f"A2:A{rows}"]
    assert units.formula1 == f"'单位信息'!$A$2:$A${rows}" and units.showErrorMessage
    other = {str(dv.sqref): dv for dv in book["其他收入"].data_validations.dataValidation}
    assert other[f"A2:A{rows}"].formula1 == f"'单位信息'!$A$2:$A${rows}"


def test_example_sheet_shows_two_lines_the_reader_accepts(generated, book):
    from yusuan.inputs import read_inputs
    from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

    ws = book[EXAMPLE_SHEET]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    spec = load_spec().sheet("支出明细")
    header = rows.index([c.header for c in spec.columns])
    examples = rows[header + 1: header + 3]
    assert len(examples) == 2 and all(examples)
    # pasted into 支出明细 (with their units), the examples read without an error
    port = OpenpyxlWorkbook.open(generated)
    settings = {s.key: i for i, s in enumerate(load_spec().settings, start=2)}
    for key, value in (("department_name", "某某局"), ("department_code", "001"), ("year", 2025), ("amount_unit", "元")):
        port.write_values("基本信息", settings[key], 2, [[value]])
    port.write_values("单位信息", 2, 1, [["001001", "某某局机关", "行政单位"], ["001002", "某某中心", "事业单位"]])
    port.write_values("支出明细", 2, 1, examples)
    result = read_inputs(port)
    assert [f.code for f in result.findings if f.severity.label == "错误"] == []
    assert len(result.model.lines) == 2 and result.model.projects[0].code == "410302250000000000001"


def test_guide_prints_on_a4_without_cut_text(book):
    ws = book[GUIDE_SHEET]
    assert ws.column_dimensions["A"].width <= 75 and ws.print_area and ws.oddFooter.center.text
    long_rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value and len(ws.cell(r, 1).value) > 40]
    assert long_rows and all(ws.row_dimensions[r].height >= 30 for r in long_rows)


def test_guide_mentions_every_sheet_and_the_unit(book):
    ws = book[GUIDE_SHEET]
    text = "\n".join(str(r[0]) for r in ws.iter_rows(values_only=True) if r[0])
    for sheet in load_spec().sheets:
        assert sheet.name in text
    for phrase in ("金额单位", "万元", "自动填写", "不会修改", "生成报表", "橙色", "选择性粘贴", "绩效目标说明", "Alt+Enter"):
        assert phrase in text


def test_last_year_items_are_listed(book):
    ws = book["上年数"]
    items = load_spec().sheet("上年数").column("item").choices
    assert [ws.cell(2 + i, 1).value for i in range(len(items))] == list(items)
    assert all(ws.cell(2 + i, 2).value is None for i in range(len(items)))


def test_profile_choices_come_from_installed_profiles(monkeypatch):
    from yusuan import profiles

    monkeypatch.setattr(profiles, "available", lambda: ["河南2025", "测试2026"])
    assert load_spec().setting("profile").choices == ("河南2025", "测试2026")
