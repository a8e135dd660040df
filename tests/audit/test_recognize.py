"""Audit mode recogniser: yusuan's own workbook parsed back exactly; a foreign
layout (renamed and reordered sheets, two tables on a sheet, flattened header, blank rows and
columns, numbers as text, a table in 元) parsed to the same keys; unknown tables reported;
the seed 004 tables as published parse to their printed figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builds import open_copy
from yusuan import profiles
from yusuan.audit._numbers import amount_cell
from yusuan.audit.recognize import parse_workbook
from yusuan.audit.runner import table_findings
from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.inputs.spec import load_spec
from yusuan.model.parsed import SheetTable
from yusuan.ports import CellRange
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.tables.base import header_grid

W = Decimal(1_000_000)  # 分 per 万元
SEED004 = Path(__file__).parents[1] / "fixtures" / "seeds" / "seed004" / "expected"


def wan(fen) -> Decimal | None:
    return None if fen is None else Decimal(fen) / W


def add_sheet(book: OpenpyxlWorkbook, name: str, rows: list[list], merges: list[str] = ()) -> None:
    book.add_sheet(name)
    book.write_values(name, 1, 1, rows)
    if merges:
        book.merge(name, [_range(m) for m in merges])


def _range(text: str) -> CellRange:
    from openpyxl.utils.cell import range_boundaries

    left, top, right, bottom = range_boundaries(text)
    return CellRange(top, left, bottom, right)


# 1. yusuan's own workbook -----------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(demo_outcome, demo_bytes):
    book = open_copy(demo_bytes)
    return demo_outcome, parse_workbook(book), book


def _expected_role(kind: str, built_kind: str, group_index: int) -> str:
    """The role the recogniser gives a row that the builder made as ``built_kind``."""
    if built_kind == "total":
        return "total"
    if kind in ("income_expenditure_summary", "fiscal_summary"):
        return "detail"
    if kind == "three_public":
        return "unit"
    if kind == "income":
        return "department" if built_kind == "group" else "unit"
    if kind == "project_performance":
        return "unit" if built_kind == "group" else "detail"
    if built_kind == "group":
        return "department" if group_index == 0 else "unit"
    return "detail"


def test_demo_every_table_recognised_in_order(demo):
    outcome, parsed, _ = demo
    assert parsed.unrecognised == ()
    assert [t.kind for t in parsed.tables] == [t.spec.kind for t in outcome.built.tables]
    assert [t.sheet for t in parsed.tables] == [layout.sheet for layout in outcome.layouts]
    for table in parsed.tables:
        assert table.department == "示例区政务服务和大数据管理局"
        assert table.unit == "万元"
        assert table.title_cell == "A1"
        assert table.year == (None if table.kind == "project_performance" else 2025)


@pytest.mark.parametrize("index", range(14))
def test_demo_table_keys_roles_and_amounts(demo, index):
    outcome, parsed, _ = demo
    built, layout, table = outcome.built.tables[index], outcome.layouts[index], parsed.tables[index]
    if table.kind == "overall_performance":
        return _check_overall(built, table)
    assert table.keys == tuple(built.keys)
    assert table.header_rows == (layout.header_top, layout.header_bottom)
    by_row = {row.row: row for row in table.rows}
    groups = 0
    for offset, built_row in enumerate(built.rows):
        sheet_row = layout.body_top + offset
        if built_row.kind == "text":
            assert sheet_row not in by_row  # an indicator row of the project above
            continue
        row = by_row[sheet_row]
        assert row.role == _expected_role(table.kind, built_row.kind, groups), (sheet_row, row)
        groups += built_row.kind == "group"
        for key, value in zip(built.keys, built_row.values):
            if key in built.amount_keys:
                assert row.cells[key].amount == wan(value), (sheet_row, key)
                assert row.cells[key].address == f"{_letter(table.columns[key])}{sheet_row}"
    assert len(table.rows) == sum(1 for r in built.rows if r.kind != "text")
    assert (table.note != "") == bool(built.note or built.spec.footnote)


def _letter(col: int) -> str:
    from yusuan.ports.base import column_letter

    return column_letter(col)


def _check_overall(built, table) -> None:
    amounts = [v for row in built.rows if row.kind in ("total", "detail") for v in row.values if isinstance(v, int)]
    assert table.keys == ("total", "government", "special_account", "unit_funds", "basic", "project")
    assert [r.code for r in table.rows] == list(table.keys)
    assert all(r.role == "detail" for r in table.rows)
    # 财政专户管理资金 is 0, printed blank: no int in the built row
    printed = [r.cells[r.code].amount for r in table.rows if r.cells[r.code].amount is not None]
    assert printed == [wan(v) for v in amounts]


def test_demo_codes(demo):
    _, parsed, _ = demo
    expenditure = parsed.first("expenditure")
    assert [r.code for r in expenditure.rows[:4]] == ["", "888", "888001", "2010301"]
    basic = parsed.first("general_budget_basic")
    assert (basic.rows[1].code, basic.rows[1].labels["gov_code"]) == ("30101", "50101")
    economic = parsed.first("economic_summary")
    detail = economic.rows_with("detail")[0]
    assert (detail.code, detail.labels["gov_code"]) == ("30101", "50101")
    projects = parsed.first("projects")
    assert projects.rows_with("detail")[0].labels["name"] == "政务服务平台运维"
    assert projects.rows_with("detail")[0].code == ""
    performance = parsed.first("project_performance")
    assert performance.rows_with("detail")[0].code == "888001-01"
    summary = parsed.first("income_expenditure_summary")
    last = summary.rows[-1]
    assert (last.role, last.labels["income_item"], last.labels["spending_item"]) == ("total", "收入总计", "支出总计")
    empty = parsed.first("state_capital_expenditure")
    assert "故本表无数据" in empty.note and empty.note_cell == "A7"
    assert not empty.has_data


def test_demo_after_save_and_reopen(demo, tmp_path):
    """A saved file is what a reviewer receives: same tables from the reopened workbook."""
    demo[2].save(tmp_path / "demo.xlsx")
    reopened = parse_workbook(OpenpyxlWorkbook.open(tmp_path / "demo.xlsx"))
    assert reopened.tables == demo[1].tables


# 2. a foreign layout ------------------------------------------------------------------------
FLAT_EXPENDITURE = [
    "科目编码-类", "科目编码-款", "科目编码-项", "单位代码", "单位(科目名称)", None, "总计",
    "基本支出/小计", "基本支出/人员经费/工资福利", "基本支出/人员经费/对个人和家庭的补助",
    "基本支出/公用经费/商品和服务支出", "基本支出/公用经费/资本性支出",
    "项目支出/小计", "项目支出/其他运转类", "项目支出/特定目标类",
]


def foreign_workbook() -> OpenpyxlWorkbook:
    book = OpenpyxlWorkbook.new()
    # Sheet3: 部门支出 with a flattened header and an extra blank column, numbers as text,
    # blank rows, then (two blank rows below) the 三公 table in 元
    expenditure = [
        ["2025 年部门支出预算表"],
        ["部门名称：", "测试县测试局", None, None, None, None, None, None, None, None, None, None, None, None, "单位：万元"],
        FLAT_EXPENDITURE,
        [None, None, None, None, "合  计", None, "1,203.22", "883. 50", "800", "83.50", None, None, "319.72", "319.72", None],
        [None, None, None, "101", "测试县测试局", None, "1,203.22", "883. 50", "800", "83.50", None, None, "319.72", "319.72", None],
        [],
        [201, 3, 1, None, "行政运行", None, "883.50", "883.50", 800, "83.5", None, None, None, None, None],
        [None] * 15,
        [201, "03", "02", None, "一般行政管理事务", None, "319.72", "—", None, None, None, None, "319.72", "319.72", "-"],
        [],
        [],
        ["2025年一般公共预算“三公”经费预算表"],
        ["部门名称：测试县测试局\u3000\u3000单位：元"],  # one cell for both
        ["“三公”经费合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"],
        [None, None, "小计", "公务用车购置费", "公务用车运行费", None],
        ["35,000.00", None, "20000", None, "20000", "15000"],
        [],
        ["注：“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费。"],
    ]
    add_sheet(book, "Sheet3", expenditure, ["A12:F12", "A14:A15", "B14:B15", "C14:E14", "F14:F15"])
    # 表二: 部门收入 with columns in another order (name first), header in two rows merged
    income = [
        [None, "2025年部门收入预算表"],
        ["部门名称：测试县测试局"],
        ["部门（单位）名称", "部门（单位）代码", "总计", "本年收入", None, None, "上年结转结余"],
        [None, None, None, "合计", "一般公共预算", None, "合计"],
        [None, None, None, None, "小计", "其中：财政拨款", None],
        ["合计", None, "1,203.22", "1,203.22", "1203.22", "1 203.22", None],
        ["测试县测试局", "101", "1,203.22", "1,203.22", "1203.22", "1 203.22", None],
        ["测试县测试局", "101001", "1,203.22", "1,203.22", "1203.22", "1 203.22", "abc"],
    ]
    add_sheet(book, "表二", income, ["B1:G1", "A3:A5", "B3:B5", "C3:C5", "D3:F3", "D4:D5", "E4:F4", "G3:G3", "G4:G5"])
    add_sheet(book, "基本信息", [["项目", "内容"], ["部门名称", "测试县测试局"]])
    add_sheet(book, "空表", [])
    return book


@pytest.fixture(scope="module")
def foreign():
    return parse_workbook(foreign_workbook())


def test_foreign_tables_found_whatever_the_sheets(foreign):
    assert [(t.kind, t.sheet, t.title_cell) for t in foreign.tables] == [
        ("expenditure", "Sheet3", "A1"),
        ("three_public", "Sheet3", "A12"),
        ("income", "表二", "B1"),
    ]
    assert foreign.unrecognised == ()
    for table in foreign.tables:
        assert (table.year, table.department) == (2025, "测试县测试局")


def test_foreign_flattened_header_and_text_numbers(foreign):
    table = foreign.first("expenditure")
    assert table.keys == tuple(profiles.load().table("expenditure").keys)
    assert table.columns["total"] == 7  # the blank column F is skipped
    assert table.header_rows == (3, 3)
    assert [(r.role, r.code, r.row) for r in table.rows] == [
        ("total", "", 4), ("department", "101", 5), ("detail", "2010301", 7), ("detail", "2010302", 9)
    ]
    total = table.total_row
    assert total.amount("total") == Decimal("1203.22")
    assert total.amount("basic") == Decimal("883.50")
    assert total.amount("household") == Decimal("83.5")
    assert total.cells["basic"].address == "H4"
    third = table.rows[3]
    assert third.cells["basic"].amount is None and third.cells["project_specific"].amount is None
    assert third.labels["name"] == "一般行政管理事务"


def test_foreign_table_in_yuan_converted(foreign):
    table = foreign.first("three_public")
    assert table.unit == "元"
    assert table.keys == ("total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
    (row,) = table.rows
    assert row.role == "total"
    assert row.amount("total") == Decimal("3.5")
    assert row.amount("vehicle_operation") == Decimal("2")
    assert row.amount("reception") == Decimal("1.5")
    assert table.note.startswith("注：") and table.note_cell == "A18"


def test_foreign_reordered_columns_and_bad_number(foreign):
    table = foreign.first("income")
    assert table.columns["name"] == 1 and table.columns["code"] == 2
    assert [r.role for r in table.rows] == ["total", "department", "unit"]
    assert all(r.amount("current_general_fiscal") == Decimal("1203.22") for r in table.rows)
    bad = table.rows[2].cells["carry_total"]
    assert bad.amount is None and "abc" in bad.problem and bad.address == "G8"


def _parse_one(rows: list[list], merges: list[str] = (), sheet: str = "表") -> SheetTable:
    book = OpenpyxlWorkbook.new()
    add_sheet(book, sheet, rows, merges)
    parsed = parse_workbook(book)
    assert parsed.unrecognised == ()
    (table,) = parsed.tables
    return table


def test_unmerged_header_with_column_numbers_and_title_on_the_tab():
    """An export: no title row (the tab is named after the table), group labels printed
    once over their first column without merging, a 栏次 row of column numbers."""
    table = _parse_one([
        ["科目编码", None, None, "单位代码", "单位（科目名称）", "合计", "基本支出", None, None, None, None, "项目支出", None, None],
        ["类", "款", "项", None, None, None, "小计", "人员经费", None, "公用经费", None, "小计", "其他运转类", "特定目标类"],
        [None, None, None, None, None, None, None, "工资福利支出", "对个人和家庭的补助", "商品和服务支出", "资本性支出", None, None, None],
        ["栏次", None, None, None, None, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [None, None, None, None, "合计", 10, 6, 5, 1, None, None, 4, 4, None],
        ["2010301", None, None, None, "行政运行", 10, 6, 5, 1, None, None, 4, 4, None],
    ], sheet="2025年部门支出预算表")
    assert (table.kind, table.title_cell, table.year, table.header_rows) == ("expenditure", "A1", 2025, (1, 4))
    assert table.keys == tuple(profiles.load().table("expenditure").keys)
    assert [(r.role, r.code) for r in table.rows] == [("total", ""), ("detail", "2010301")]
    assert table.rows[1].amount("project_operating") == Decimal(4)


def test_leaf_only_header_maps_repeated_labels_in_profile_order():
    """One header row of leaf labels: the two 小计 go to 基本支出 and 项目支出 by position."""
    table = _parse_one([
        ["2025年一般公共预算支出预算表"],
        ["类", "款", "项", "单位代码", "科目名称", "合计", "小计", "工资福利支出", "对个人和家庭的补助",
         "商品和服务支出", "资本性支出", "小计", "其他运转类", "特定目标类"],
        ["201", "03", "01", None, "行政运行", 10, 6, 5, 1, None, None, 4, None, 4],
    ])
    assert table.kind == "general_budget_expenditure"
    assert table.keys == tuple(profiles.load().table("expenditure").keys)
    assert (table.columns["basic"], table.columns["project"]) == (7, 12)
    assert table.rows[0].code == "2010301" and table.rows[0].role == "detail"


def test_empty_table_with_footnote_and_note_seed002():
    table = _parse_one([
        ["2024年一般公共预算“三公”经费支出情况表"],
        ["部门名称:"],
        ["卫辉市政务服务和大数据管理局"],
        ["单位: 万元"],
        ["“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", None, None, "公务接待费"],
        [None, None, "小计", "公务用车购置费", "公务用车运行费", None],
        [],
        ["注: 按照党中央、国务院有关规定及部门预算管理有关规定, “三公”经费包括因公出国(境)费。"],
        [],
        ["我部门2024年度无“三公”经费预算的支出, 故此表无数据。"],
    ], ["A5:A6", "B5:B6", "C5:E5", "F5:F6"])
    assert (table.kind, table.year, table.department, table.rows) == ("three_public", 2024, "卫辉市政务服务和大数据管理局", ())
    assert table.note_cell == "A10" and table.note.count("\n") == 1 and not table.has_data


def test_operating_costs_title_without_biao_seed001():
    table = _parse_one([
        ["2023 年机关（机构）运行经费"],
        ["部门名称： 政务服务和大数据局"],
        ["单位："],  # the unit line broken in two, as seed 004's PDF prints it once
        ["元"],
        ["部门预算支出经济分类科目", None, "机构运行经费支出"],
        ["科目编码", "科目名称", "合计"],
        ["合计", None, "524,500.00"],
        ["30201", "办公费", "124200"],
        ["31002", "办公设备购置", "30000.00"],
    ], ["A5:B5"])
    assert (table.kind, table.year, table.department, table.unit) == ("operating_costs", 2023, "政务服务和大数据局", "元")
    assert table.keys == ("code", "name", "total")
    assert [(r.role, r.code, r.amount("total")) for r in table.rows] == [
        ("total", "", Decimal("52.45")), ("detail", "30201", Decimal("12.42")), ("detail", "31002", Decimal("3.00"))]


def test_basic_table_with_class_printed_once_seed003():
    table = _parse_one([
        ["一般公共预算基本支出情况表"],
        ["部门名称：洛阳市政务服务和大数据管理局"],
        ["单位：万元"],
        ["部门预算经济分类", None, None, "政府预算经济分类", None, None, "一般公共预算", None],
        ["类", "款", "科目名称", "类", "款", "科目名称", "小计", "其中：财政拨款"],
        ["合计", None, None, None, None, None, 74.0, 74.0],
        ["301", "30101", "基本工资", "501", "50101", "工资奖金津补贴", 16.0, 16.0],
        [None, "30102", "津贴补贴", "501", "50101", "工资奖金津补贴", 16.6, 16.6],
        ["302", "01", "办公费", "502", "01", "办公经费", 0.2, 0.2],
        [None, "11", "差旅费", None, "01", "办公经费", 0.3, 0.3],
    ], ["A4:C4", "D4:F4", "G4:H4"])
    assert table.kind == "general_budget_basic" and table.year is None
    assert [(r.role, r.code, r.labels["gov_code"]) for r in table.rows] == [
        ("total", "", ""), ("detail", "30101", "50101"), ("detail", "30102", "50101"),
        ("detail", "30201", "50201"), ("detail", "30211", "50201")]
    assert table.total_row.label == "合计" and table.total_row.amount("total") == Decimal(74)


def test_two_sided_table_without_any_amount():
    """No number anywhere: the row labels must not be taken for header text."""
    table = _parse_one([
        ["2025年部门收支预算表"],
        ["收入", None, "支出", None],
        ["项目", "金额", "项目", "金额"],
        ["一、一般公共预算", None, "一、一般公共服务", None],
        ["本年收入合计", None, "本年支出合计", None],
    ], ["A2:B2", "C2:D2"])
    assert table.header_rows == (2, 3)
    assert [r.role for r in table.rows] == ["detail", "total"]
    assert table.rows[1].labels == {"income_item": "本年收入合计", "spending_item": "本年支出合计"}


def test_department_cell_is_where_the_name_stands(foreign):
    """Label and name in one cell, the name in the next cell of the line, or the name (with the
    unit) in the label's cell: the cell holding the name, so a finding on it lands there."""
    assert [(t.kind, t.department_cell) for t in foreign.tables] == [
        ("expenditure", "B2"), ("three_public", "A13"), ("income", "A2")]
    table = _parse_one([
        ["2022 年部门收支预算表"],
        ["部门名称:"],
        ["洛阳市孟津区政务服务和大数据管理局"],  # seed 000: the name on the line below its label
        ["收入", None, "支出", None],
        ["项目", "金额", "项目", "金额"],
        ["一、一般公共预算", 1, "一、一般公共服务", 1],
    ], ["A4:B4", "C4:D4"])
    assert (table.department, table.department_cell) == ("洛阳市孟津区政务服务和大数据管理局", "A3")


def test_department_row_repeating_the_unit_code_seed000():
    """The department row printed with its one unit's code (146001 twice, right after 合计):
    the first is the department row, the second the unit — not two department rows."""
    table = _parse_one([
        ["2022 年部门收入预算表"],
        ["部门名称:洛阳市孟津区政务服务和大数据管理局"],
        ["部门（单位）代码", "部门（单位）名称", "总计"],
        [None, "合计", "883.50"],
        ["146001", "洛阳市孟津区政务服务和大数据管理局", "883.50"],
        ["146001", "洛阳市孟津区政务服务和大数据管理局", "883.50"],
    ])
    assert [(r.role, r.code) for r in table.rows] == [("total", ""), ("department", "146001"), ("unit", "146001")]


def test_project_with_the_unit_code_is_a_project_seed000():
    """十四: a row with a project name and indicators is a project even when its code cell
    holds the unit code; the unit row above it (no indicators) stays a unit."""
    table = _parse_one([
        ["部门预算项目绩效目标表"],
        ["部门名称：洛阳市孟津区政务服务和大数据管理局"],
        ["单位编码（项目编码）", "项目单位（项目名称）", "项目金额（万元）", "绩效目标", None, None, None],
        [None, None, None, "成本指标", None, "产出指标", None],
        [None, None, "资金总额", "三级指标", "指标值", "三级指标", "指标值"],
        ["146", "洛阳市孟津区政务服务和大数据管理局", "19.92", None, None, None, None],
        ["146001", "洛阳市孟津区政务服务和大数据管理局", "19.92", None, None, None, None],
        ["146001", "网络通讯费", "16.92", "网络通信费预算成本", "≤16.92万元", "网络通信正常使用率", "=100%"],
        [None, None, None, None, None, "网络通信维护数量", "≥20条"],
        ["146001", "110联动办公经费", "3.00", "110联动办公经费预算成本", None, None, None],
    ], ["A3:A5", "B3:B5", "D3:G3", "D4:E4", "F4:G4"])
    assert [(r.role, r.code, r.label) for r in table.rows] == [
        ("total", "146", "洛阳市孟津区政务服务和大数据管理局"), ("unit", "146001", "洛阳市孟津区政务服务和大数据管理局"),
        ("detail", "146001", "网络通讯费"), ("detail", "146001", "110联动办公经费")]


def test_sheet_named_like_an_input_sheet():
    """An input sheet (its header row first) is skipped; a disclosure table on a sheet of the
    same name is read."""
    book = OpenpyxlWorkbook.new()
    add_sheet(book, "项目绩效", [["项目编码", "项目名称", "指标类型", "二级指标", "三级指标", "指标值"],
                                 ["P1", "项目", "成本", None, "成本", 5]])
    add_sheet(book, "基本信息", [["部门名称", "测试县测试局"], ["预算年度", 2025]])  # no 项目 | 内容 row
    add_sheet(book, "整体绩效", [["2025年部门支出预算表"], ["部门名称：测试县测试局"],
                                 ["科目编码", "单位（科目名称）", "合计"], ["2010301", "行政运行", 10]])
    parsed = parse_workbook(book)
    assert parsed.unrecognised == ()
    assert [(t.sheet, t.kind) for t in parsed.tables] == [("整体绩效", "expenditure")]


# 3. what is reported instead of guessed -----------------------------------------------------
def test_three_public_list_is_one_total_row_seed003():
    """seed 003 prints 三公 as a list (项目 | 预算数): read as the total row, a cell per item; a
    list without a 合计 label stays unrecognised."""
    book = OpenpyxlWorkbook.new()
    add_sheet(book, "竖排", [
        ["2020年一般公共预算“三公”经费支出情况表"], ["单位:万元"],
        ["项目", "2020年“三公”经费预算数"], ["共计", 1.5], ["1、因公出国(境)费用", 0.0], ["2、公务接待费", 0.2],
        ["3、公务用车费", 1.3], ["其中:(1)公务用车运行维护费", 1.3], ["(2)公务用车购置", 0.0]])
    add_sheet(book, "无合计", [
        ["2020年一般公共预算“三公”经费支出情况表"], ["单位:万元"], ["项目", "预算数"], ["公务接待费", 0.2]])
    parsed = parse_workbook(book)
    (table,) = parsed.tables
    assert (table.kind, table.sheet, [r.role for r in table.rows]) == ("three_public", "竖排", ["total"])
    assert {k: (c.address, c.value) for k, c in table.rows[0].cells.items()} == {
        "total": ("B4", Decimal("1.5")), "overseas": ("B5", Decimal("0")), "reception": ("B6", Decimal("0.2")),
        "vehicles": ("B7", Decimal("1.3")), "vehicle_operation": ("B8", Decimal("1.3")), "vehicle_purchase": ("B9", Decimal("0"))}
    assert [(u.sheet, "必需的列" in u.reason) for u in parsed.unrecognised] == [("无合计", True)]


def test_unknown_and_unusable_tables_reported():
    book = OpenpyxlWorkbook.new()
    add_sheet(book, "资产", [["2025年部门国有资产占用情况表"], ["单位：万元"], ["资产类别", "数量"], ["车辆", 2]])
    add_sheet(book, "明细", [["2023年一般公共预算基本支出明细表"], ["项目单位", "类型", "合计"], [None, None, 914.44]])
    add_sheet(book, "缺列", [["2025年部门支出预算表"], ["甲", "乙", "丙"], [1, 2, 3]])
    add_sheet(book, "无标题", [["科目", "合计", "基本支出"], ["201", 10, 10]])
    add_sheet(book, "封面", [["示例局2025年部门预算公开"], ["2025年3月"], [], ["附件：示例局2025年部门预算表"]])
    add_sheet(book, "目录", [["目录"], ["一、2025年部门收支预算表"], ["二、2025年部门收入预算表"], ["三、部门整体绩效目标表"]])
    add_sheet(book, "校验结果", [["校验结果"], ["序号", "级别"], [1, "错误"]])
    parsed = parse_workbook(book)
    assert parsed.tables == ()
    reported = {(u.sheet, u.cell, u.title): u.reason for u in parsed.unrecognised}
    assert set(reported) == {
        ("资产", "A1", "2025年部门国有资产占用情况表"),
        ("明细", "A1", "2023年一般公共预算基本支出明细表"),
        ("缺列", "A1", "2025年部门支出预算表"),
        ("无标题", "A1", ""),
    }
    assert "不是可识别的公开表格" in reported[("资产", "A1", "2025年部门国有资产占用情况表")]
    assert "必需的列" in reported[("缺列", "A1", "2025年部门支出预算表")]
    assert "甲、乙、丙" in reported[("缺列", "A1", "2025年部门支出预算表")]
    _assert_said_once(book)


def _assert_said_once(book: OpenpyxlWorkbook) -> None:
    """Every AU001 message is one sentence: the table, why, and 未做校验 said once — no
    reason that says it again, no nested brackets, no empty “” for a table without a title."""
    messages = [f.message for f in table_findings(book).findings if f.code == "AU001"]
    assert messages
    for message in messages:
        assert message.count("校验") == 1 and message.endswith("），因此未做校验"), message
        assert "“”" not in message and message.count("（") == 1, message


# 4. amounts as text ----------------------------------------------------------------------
def _formats(amount: Decimal) -> list[object]:
    plain = f"{amount:.2f}"
    whole, _, cents = plain.partition(".")
    return [
        plain,
        f"{amount:,.2f}",  # 1,203.22
        f"{whole}. {cents}",  # 883. 50, as PDF exports break it
        f" {plain}\u3000",  # full-width space
        f"{amount:,.2f}".replace(",", "，"),  # full-width comma
        float(plain),  # a number cell
    ]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_amount_text_formats_parse_alike(amount):
    for text in _formats(amount):
        cell = amount_cell(5, 3, text, "万元")
        assert cell.amount == amount and cell.problem == "", text
        assert amount_cell(5, 3, text, "元").amount == amount / 10_000


@pytest.mark.parametrize("text", _formats(Decimal("1203.22")) + ["1203.220"])
def test_amount_text_formats_in_a_workbook(text):
    book = OpenpyxlWorkbook.new()
    add_sheet(book, "t", [["2025年一般公共预算“三公”经费预算表"], ["“三公”经费合计", "公务接待费"], [text, text]])
    (table,) = parse_workbook(book).tables
    assert table.rows[0].amount("total") == Decimal("1203.22")


# seed 004 as published ----------------------------------------------------------------------
def _seed_tables() -> list[tuple[profiles.TableSpec, Path]]:
    files = sorted(SEED004.glob("*.csv"))
    return list(zip(profiles.load().tables, files))


@pytest.mark.parametrize("spec,path", _seed_tables(), ids=lambda v: getattr(v, "name", ""))
def test_seed004_published_tables(spec, path):
    """Each published table, typed as text into a workbook with the profile's merged header,
    parses to the printed figures."""
    body = [] if path.stat().st_size == 0 else pd.read_csv(path, header=None, dtype=str, keep_default_na=False).values.tolist()
    body = [[v if v != "" else None for v in row] for row in body]
    title = spec.title.format(year=2025)
    rows: list[list] = [[title], ["部门名称：洛龙区政务服务中心", None, "单位：万元"]]
    merges = []
    if spec.options.get("header", True):
        grid = header_grid(spec.columns)
        top = len(rows) + 1
        rows += [list(r) for r in grid.rows]
        merges = [CellRange(top + m.top, 1 + m.left, top + m.bottom, 1 + m.right) for m in grid.merges]
    body_top = len(rows) + 1
    book = OpenpyxlWorkbook.new()
    book.add_sheet("表")
    book.write_values("表", 1, 1, rows + body)
    book.merge("表", merges)
    parsed = parse_workbook(book)
    assert parsed.unrecognised == ()
    (table,) = parsed.tables
    year = 2025 if "{year}" in spec.title else None  # 十三/十四 print no year in their title
    assert (table.kind, table.year, table.department) == (spec.kind, year, "洛龙区政务服务中心")
    by_row = {r.row: r for r in table.rows}
    if spec.kind == "overall_performance":
        assert [r.cells[r.code].amount for r in table.rows] == [
            Decimal("778.96"), Decimal("778.96"), None, None, Decimal("281.65"), Decimal("497.31")]
        return
    amount_keys = [k for k in spec.keys if k in table.columns and not _is_text(spec.kind, k)]
    checked = 0
    for offset, values in enumerate(body):
        row = by_row.get(body_top + offset)
        if row is None:
            assert not any(values[spec.keys.index(k)] for k in amount_keys)  # an indicator row
            continue
        for key in amount_keys:
            printed = values[spec.keys.index(key)]
            assert row.cells[key].amount == (Decimal(printed) if printed else None), (offset, key)
            checked += 1
    assert checked or not body or not any(v for r in body for v in r)
    two_sided = spec.kind in ("income_expenditure_summary", "fiscal_summary")
    assert table.rows == () or table.rows[0 if not two_sided else -1].role == "total"


def _is_text(kind: str, key: str) -> bool:
    from yusuan.audit._config import load_config

    return key in load_config().kinds[kind].text_keys


def test_input_sheets_with_title_rows_or_a_trailing_space_are_not_unrecognised_tables():
    """Issue 14: every input sheet with one or two title rows above its header (as a budget
    system's export has them), or '单位信息 ' with a trailing space, is still yusuan's input
    sheet (the reader finds it) — no false AU001."""
    book = input_workbook_from_csv(sample_folder())
    spec = load_spec()
    names = [spec.settings_sheet] + [s.name for s in spec.sheets]
    for i, name in enumerate(names):
        ws = book.book[name]
        ws.insert_rows(1, 1 + i % 2)
        ws["A1"] = f"2025年部门预算{name}（从预算系统导出）"
        if i % 2:
            ws["A2"] = "单位：元"
    book.book["单位信息"].title = "单位信息 "
    assert [u.sheet for u in parse_workbook(book).unrecognised] == []
    assert [f for f in table_findings(book).findings if f.code == "AU001"] == []


def test_a_disclosure_table_with_input_column_names_under_its_title_is_read():
    """The case that broke the first title-row fix (79a7a23): on a sheet named 整体绩效, a
    disclosure table's header names some of the input sheet's columns (一级指标 … 指标值) below
    its title or table number — it is a table to check, not the input sheet."""
    book = OpenpyxlWorkbook.new()
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    add_sheet(book, "整体绩效", [["部门整体绩效目标表"], ["部门名称：测试县测试局"], header, ["产出指标", "数量指标", "办件量", "≥1000件"]])
    add_sheet(book, "项目绩效", [["预算08表"], header, ["产出指标", "数量指标", "办件量", "≥1000件"], ["a", "b", 1, 2]])
    parsed = parse_workbook(book)  # both looked at (and refused: neither is a whole disclosure table)
    assert [(u.sheet, u.cell) for u in parsed.unrecognised] == [("整体绩效", "A1"), ("项目绩效", "A1")]
    assert "部门预算总额" in parsed.unrecognised[0].reason
    _assert_said_once(book)


def test_overall_form_in_yuan_is_read():
    """A 元 build labels its 预算情况 total 部门预算总额（元）: still the form's total, read in 元."""
    table = _parse_one([
        ["部门（单位）整体绩效目标表"], ["（2025年度）"], ["部门名称：测试局", None, None, None, "单位：元"],
        ["预算情况", "部门预算总额（元）", None, 12314804.17], [None, "1、资金来源：", "（1）政府预算资金", 12194804.17],
        [None, None, "（3）单位资金", 120000], ["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"]])
    assert table.kind == "overall_performance" and table.unit == "元"
    assert [(r.code, r.cells[r.code].amount) for r in table.rows] == [
        ("total", Decimal("1231.480417")), ("government", Decimal("1219.480417")), ("unit_funds", Decimal("12"))]
