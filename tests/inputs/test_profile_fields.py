"""基本信息 fields that depend on the profile: layout options (any profile) and the optional
input fields a profile declares (only read, and only in the template, for that profile)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import openpyxl
import pytest
import yaml

from builds import demo_input_bytes, open_copy
from yusuan import profiles
from yusuan.inputs.reader import read_inputs
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import generate_template_file
from yusuan.ports.memory import MemoryWorkbook

BUILTIN = Path(profiles.__file__).parent / "data" / "henan2025.yaml"
INPUTS = [
    {"key": "assets_total", "label": "国有资产-固定资产总额", "kind": "amount", "hint": "上年期末固定资产总额。"},
    {"key": "vehicles_total", "label": "国有资产-车辆总数(辆)", "kind": "count"},
    {"key": "function_breakdown", "label": "支出说明-按功能分类", "kind": "text"},
]


@pytest.fixture(scope="module")
def with_fields(tmp_path_factory):
    """A profile 测试2025 declaring three input fields, installed for the module."""
    data = yaml.safe_load(BUILTIN.read_text(encoding="utf-8")) | {"name": "测试2025", "inputs": INPUTS}
    path = tmp_path_factory.mktemp("fields") / "测试2025.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    added = list(profiles._added)
    yield profiles.add_file(path)
    profiles._added[:] = added
    profiles._all.cache_clear()


def _settings(path) -> dict:
    sheet = openpyxl.load_workbook(path, read_only=True)["基本信息"]  # values only: 0.05 s instead of 0.5 s
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


@cache
def _demo_input() -> MemoryWorkbook:
    """The demo input read once into the in-memory port: the reader reads values only, and a copy
    costs nothing where loading the file costs half a second."""
    return MemoryWorkbook.from_port(open_copy(demo_input_bytes()))


def _cell(book: MemoryWorkbook, sheet: str, row: int, col: int):
    rows = book.read_values(sheet)
    return rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else None


def _book(values: dict) -> MemoryWorkbook:
    """The demo input with 基本信息 rows set (label → value; a new label is appended)."""
    book = _demo_input().copy()
    rows = {row[0]: r for r, row in enumerate(book.read_values("基本信息"), start=1) if row and row[0] is not None}
    for label, value in values.items():
        row = rows.get(label) or len(book.read_values("基本信息")) + 1
        book.write_values("基本信息", row, 1, [[label, value]])
    return book


def test_template_for_a_profile_has_its_fields(with_fields, tmp_path):
    settings = _settings(generate_template_file(tmp_path / "t.xlsx", with_fields))
    assert settings["表样版本"] == "测试2025"
    assert {"国有资产-固定资产总额", "国有资产-车辆总数(辆)", "支出说明-按功能分类"} <= set(settings)
    default = _settings(generate_template_file(tmp_path / "d.xlsx"))
    assert default["表样版本"] == "河南2025" and "国有资产-固定资产总额" not in default
    assert {"版式-支出表功能科目行", "版式-三公经费表", "版式-公开表金额单位", "版式-无数据的表"} <= set(default)


def test_the_fields_are_read_for_their_profile(with_fields):
    values = {"表样版本": "测试2025", "国有资产-固定资产总额": "15510100.5", "国有资产-车辆总数(辆)": 3,
              "支出说明-按功能分类": "一般公共服务支出 900 万元。"}
    department = read_inputs(_book(values)).model.department
    assert department.amounts == {"assets_total": 1_551_010_050}  # 金额单位 元 → 分
    assert department.counts["vehicles_total"] == 3
    assert department.texts["function_breakdown"] == "一般公共服务支出 900 万元。"


def test_the_fields_are_not_read_for_another_profile(with_fields):
    department = read_inputs(_book({"国有资产-固定资产总额": "100"})).model.department
    assert department.amounts == {}


def test_a_bad_amount_field_is_flagged_on_its_cell(with_fields):
    result = read_inputs(_book({"表样版本": "测试2025", "国有资产-固定资产总额": "一千万"}))
    (bad,) = [f for f in result.findings if f.code == "IN014"]
    assert bad.sheet == "基本信息" and bad.cell.startswith("B") and "国有资产-固定资产总额" in bad.message
    assert result.model.department.amounts == {}


def test_layout_chosen_on_the_settings_sheet():
    model = read_inputs(_book({"版式-三公经费表": "只列部门合计", "版式-支出表功能科目行": "部门汇总列示"})).model
    assert dict(model.department.layout) == {"three_public": "total", "function_rows": "department"}
    assert read_inputs(_book({})).model.department.layout == {}


def test_an_unknown_layout_choice_is_an_error_on_its_cell():
    result = read_inputs(_book({"版式-公开表金额单位": "千元"}))
    (bad,) = [f for f in result.findings if f.code == "IN031"]
    assert bad.cell == "B9" and "千元" in bad.message and result.model is None


def test_the_fields_are_words_for_the_narrative(with_fields):
    """The 情况说明 wording of such a profile writes them as {assets_total} (万元), {vehicles_total} …"""
    from yusuan.narrative.compose import input_fields

    keys = tuple(f.key for f in with_fields.inputs)
    department = read_inputs(_book({"表样版本": "测试2025", "国有资产-固定资产总额": "15510100.5"})).model.department
    assert input_fields(department, keys) == {"assets_total": "1551.01", "vehicles_total": "", "function_breakdown": ""}


# -- optional columns of a list sheet (profile input_columns): 河南2020's 整体支出绩效目标表 --------

FORM_HEADERS = ["部门（单位）职能", "整体目标设置说明", "预算编码", "任务总金额", "任务财政资金", "任务其他资金", "计划实施时间"]


def _headers(book, sheet: str) -> list:
    return [v for v in next(book[sheet].iter_rows(max_row=1, values_only=True)) if v is not None]


def test_template_for_2020_has_the_form_columns_its_guide_and_examples(tmp_path):
    # values only: read-only (0.05 s instead of 0.5 s)
    book = openpyxl.load_workbook(generate_template_file(tmp_path / "t.xlsx", profiles.load("河南2020")), read_only=True)
    assert set(FORM_HEADERS) <= set(_headers(book, "整体绩效"))
    guide = [row[0] for row in book["填表说明"].iter_rows(values_only=True) if row[0]]
    assert any(line.startswith("整体绩效：") and "任务总金额" in line and "部门（单位）职能" in line for line in guide)
    examples = [row for row in book["示例"].iter_rows(values_only=True)]
    title = next(i for i, row in enumerate(examples) if row[0] == "整体绩效（示例，工具不读取本表）")
    header = list(examples[title + 1])
    assert "任务总金额" in header
    first = dict(zip(header, examples[title + 2]))
    assert first["任务总金额"] == first["任务财政资金"] and first["部门（单位）职能"]


def test_the_default_template_has_no_form_columns():
    spec = load_spec()
    assert not set(FORM_HEADERS) & {c.header for c in spec.sheet("整体绩效").columns}
    assert not spec.sheet("整体绩效").examples  # the demo's 示例 sheet stays as it was


def _form_book(profile: str):
    """The demo input with 表样版本 ``profile`` and the 2020 form's columns filled in (元)."""
    book = _book({"表样版本": profile})
    first = max(len(row) for row in book.read_values("整体绩效")) + 1
    book.write_values("整体绩效", 1, first, [FORM_HEADERS])
    rows = {"部门（单位）职能": ["负责全市政务服务。", None], "整体目标设置说明": ["按职能设置。", None],
            "预算编码": ["157001", None], "任务总金额": [740000, None], "任务财政资金": [740000, 15000.5],
            "任务其他资金": [None, 100], "计划实施时间": ["2020年全年", "全年"]}
    for offset, header in enumerate(FORM_HEADERS):
        for r, value in enumerate(rows[header], start=2):
            book.write_values("整体绩效", r, first + offset, [[value]])
    for r, name in ((2, "1、基本支出类"), (3, "2、厉行节约类支出")):
        book.write_values("整体绩效", r, 2, [[name]])  # 任务名称
    return book


def test_the_form_columns_are_read_for_2020():
    overall = read_inputs(_form_book("河南2020")).model.overall
    assert (overall.functions, overall.goal_note, overall.budget_code) == ("负责全市政务服务。", "按职能设置。", "157001")
    tasks = [(t.name, t.total, t.fiscal, t.other, t.period) for t in overall.tasks[:2]]
    # 元 → 分; a blank 总金额 is 财政资金 + 其他资金
    assert tasks == [("1、基本支出类", 74_000_000, 74_000_000, None, "2020年全年"),
                     ("2、厉行节约类支出", 1_510_050, 1_500_050, 10_000, "全年")]


def test_the_form_columns_are_not_read_for_2025():
    overall = read_inputs(_form_book("河南2025")).model.overall
    assert (overall.functions, overall.budget_code) == ("", "")
    assert all(t.total is None and t.period == "" for t in overall.tasks)


def test_a_profile_naming_an_unknown_optional_column_is_refused(tmp_path):
    data = yaml.safe_load(BUILTIN.read_text(encoding="utf-8")) | {"name": "测试列", "input_columns": {"整体绩效": ["task_budget"]}}
    path = tmp_path / "测试列.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(profiles.ProfileError, match="input_columns.整体绩效：不认识的列键“task_budget”"):
        load_spec(profiles.load_file(path))


# 支出明细 columns a profile's tables read (明细名称: 河南2023's 基本支出明细表) ---------------------
def test_item_name_column_only_in_the_template_of_a_profile_with_the_items_table(tmp_path):
    path = generate_template_file(tmp_path / "2023.xlsx", profiles.load("河南2023"))
    book = openpyxl.load_workbook(path, read_only=True)  # values only: 0.05 s instead of 0.5 s
    with_items = list(next(book["支出明细"].iter_rows(max_row=1, values_only=True)))
    assert with_items.index("明细名称") == with_items.index("支出类别") + 1
    guide = [row[0] for row in book["填表说明"].iter_rows(values_only=True) if row[0]]
    assert any(line.startswith("支出明细：") and "明细名称" in line for line in guide)
    examples = list(book["示例"].iter_rows(values_only=True))
    title = next(i for i, row in enumerate(examples) if row[0] == "支出明细（示例，工具不读取本表）")
    first = dict(zip(examples[title + 1], examples[title + 2]))
    assert first["明细名称"] == "行政人员及机关技术工人年基本工资" and first["支出类别"] == "人员经费"
    assert "item_name" not in {c.key for c in load_spec().sheet("支出明细").columns}  # the default template's


def test_item_names_are_read_for_basic_lines_only():
    """A 明细名称 on a 基本支出 line is its item's name; on a project line it means nothing and is dropped."""
    book = _book({"表样版本": "河南2023", "预算年度": 2023})
    rows = book.read_values("支出明细")
    headers = rows[0]
    column = len(headers) + 1
    book.write_values("支出明细", 1, column, [["明细名称"]])
    kinds = {r: row[headers.index("支出类别")] for r, row in enumerate(rows[1:], start=2)}
    basic = next(r for r, kind in kinds.items() if kind == "人员经费")
    project = next(r for r, kind in kinds.items() if kind == "项目支出")
    book.write_values("支出明细", basic, column, [["行政人员及机关技术工人年基本工资"]])
    book.write_values("支出明细", project, column, [["不是基本支出"]])
    lines = {line.row: line for line in read_inputs(book).model.lines}
    assert lines[basic].item_name == "行政人员及机关技术工人年基本工资"
    assert lines[project].item_name == ""
    assert {line.item_name for row, line in lines.items() if row != basic} == {""}
    book.write_values("基本信息", 6, 2, [["河南2025"]])  # a profile without the table does not read the column
    assert _cell(book, "基本信息", 6, 1) == "表样版本"
    assert {line.item_name for line in read_inputs(book).model.lines} == {""}
