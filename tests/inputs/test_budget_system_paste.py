"""Line items pasted from the budget system into the demo department's input workbook:
amounts in the wrong unit (IN050), codes stored as numbers (IN051), the system's own headers
(IN052) and its 支出类别 word "基本支出" or a blank (IN053)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan import profiles
from yusuan.catalogs import Catalog
from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.findings.rule import Severity
from yusuan.inputs import read_inputs
from yusuan.inputs._cells import locate
from yusuan.inputs.names import fill_names
from yusuan.inputs.spec import load_spec
from yusuan.ports.base import a1
from yusuan.tables.pipeline import build_tables

L, U, P, S = "支出明细", "单位信息", "项目绩效", "基本信息"


@pytest.fixture(scope="module")
def demo_rows() -> dict[str, list[list]]:
    """The demo input workbook's sheets as values, built once."""
    port = input_workbook_from_csv(sample_folder())
    return {name: port.read_values(name) for name in port.sheet_names()}


def demo_port(rows: dict[str, list[list]]):
    """A fresh demo input workbook (template + sample) for one test to change."""
    port = input_workbook_from_csv(sample_folder())
    assert port.read_values(L) == rows[L]
    return port


def column(rows: list[list], header: str) -> int:
    return [str(h).strip("* ") for h in rows[0]].index(header) + 1


def unit_cell() -> str:
    keys = [s.key for s in load_spec().settings]
    return f"B{2 + keys.index('amount_unit')}"


def scale(port, rows, factor: Decimal) -> None:
    amount = column(rows[L], "金额")
    for r, row in enumerate(rows[L][1:], start=2):
        value = row[amount - 1]
        if value is not None:
            port.write_values(L, r, amount, [[float(Decimal(str(value)) * factor)]])


def findings_of(result, code: str):
    return [f for f in result.findings if f.code == code]


# IN050: the unit ------------------------------------------------------------------------
def test_demo_as_typed_has_no_unit_finding(demo_rows):
    result = read_inputs(demo_port(demo_rows))
    assert findings_of(result, "IN050") == [] and not result.has_errors


def test_demo_in_wan_yuan_under_yuan_says_wan_yuan(demo_rows):
    port = demo_port(demo_rows)
    scale(port, demo_rows, Decimal("0.0001"))  # 万元 amounts pasted, 金额单位 still 元
    result = read_inputs(port)
    unit = findings_of(result, "IN050")
    amount_col = column(demo_rows[L], "金额")
    assert [(f.sheet, f.cell) for f in unit] == [(S, unit_cell())] + [(L, a1(r, amount_col)) for r in (2, 3, 4)]
    assert all(f.severity is Severity.ERROR and "金额单位可能应为万元" in f.message for f in unit)
    assert "中位数只有" in unit[0].message and "支出合计只有" in unit[0].message
    # the root cause is said once per place, not as one 精度 error per line
    assert findings_of(result, "IN017") == []


def test_demo_times_ten_thousand_says_amounts_are_off(demo_rows):
    port = demo_port(demo_rows)
    scale(port, demo_rows, Decimal(10_000))
    unit = findings_of(read_inputs(port), "IN050")
    assert unit and unit[0].cell == unit_cell()
    assert "中位数达" in unit[0].message and "多乘或少除了 10000" in unit[0].message


def test_demo_yuan_amounts_under_wan_yuan_says_yuan(demo_rows):
    port = demo_port(demo_rows)
    port.write_values(S, *_rc(unit_cell()), [["万元"]])
    unit = findings_of(read_inputs(port), "IN050")
    assert unit and "金额单位可能应为元" in unit[0].message


def _rc(cell: str) -> tuple[int, int]:
    return int(cell[1:]), ord(cell[0]) - 64


# IN051: codes stored as numbers ------------------------------------------------------------
def test_21_digit_project_codes_as_numbers(demo_rows):
    port = demo_port(demo_rows)
    code_col = column(demo_rows[L], "项目编码")
    codes = {}
    for r, row in enumerate(demo_rows[L][1:], start=2):
        if row[code_col - 1]:
            old = row[code_col - 1]
            codes.setdefault(old, f"41030225{len(codes) + 1:013d}")  # 21 digits, as the budget system numbers them
            port.write_values(L, r, code_col, [[float(codes[old])]])  # what Excel keeps of a 21-digit number
    result = read_inputs(port)
    flagged = findings_of(result, "IN051")
    project_rows = [r for r, row in enumerate(demo_rows[L][1:], start=2) if row[code_col - 1]]
    assert [(f.sheet, f.cell) for f in flagged] == [(L, a1(r, code_col)) for r in project_rows]
    message = flagged[0].message
    assert "以数字保存" in message and "15 位有效数字" in message and "文本" in message and "粘贴" in message
    assert result.model is not None and result.model.projects == ()  # no project merged under a wrong code

    as_text = demo_port(demo_rows)
    for r in project_rows:
        as_text.write_values(L, r, code_col, [[codes[demo_rows[L][r - 1][code_col - 1]]]])
    performance = demo_rows[P]
    for r, row in enumerate(performance[1:], start=2):
        as_text.write_values(P, r, 1, [[codes[row[0]]]])
    model = read_inputs(as_text).model
    assert len(model.projects) == len(codes) == len({p.code for p in model.projects})


# IN052: budget-system headers -----------------------------------------------------------------
EXPORT_STYLES = {
    # 预算管理一体化系统: amounts in 万元, units by 编码
    "一体化系统": {
        U: ["预算单位编码", "预算单位名称", "单位类型"],
        L: ["预算单位编码", "预算单位名称", "支出功能分类科目编码", "支出功能分类科目名称", "部门预算经济分类编码",
            "部门预算经济分类名称", "政府预算经济分类编码", "政府预算经济分类名称", "支出类型", "项目代码", "项目名称",
            "项目类型", "资金性质", "是否上年结转", "政府采购类别", "金额（万元）"],
    },
    # an older 部门预算系统 export: amounts in 元 stated in the header
    "部门预算系统": {
        U: ["单位编码", "单位全称", "单位性质"],
        L: ["单位编码", "单位全称", "功能分类编码", "功能分类名称", "经济分类编码", "经济分类名称", "政府经济分类编码",
            "政府经济分类名称", "支出类别", "项目编号", "项目", "项目分类", "资金来源", "结转", "采购品目", "预算数（元）"],
    },
    # a spreadsheet kept by hand from the system's report, with 支出类别 as the system says it
    "汇总报表": {
        U: ["单位代码", "预算单位", "单位类别"],
        L: ["单位代码", "预算单位", "功能科目代码", "功能科目", "部门经济科目代码", "经济科目名称", "政府经济科目代码",
            "政府经济分类名称", "支出性质", "预算项目编码", "预算项目名称", "项目类别", "经费来源", "上年结转", "政府采购",
            "预算金额"],
    },
}


def disclosure(result) -> list:
    model = result.model
    catalog = Catalog.for_year(model.department.year)
    built = build_tables(model, catalog, profiles.load(model.department.profile))
    return [(t.title, [row.values for row in t.rows], t.note) for t in built.tables]


@pytest.fixture(scope="module")
def template_disclosure(demo_rows):
    return disclosure(read_inputs(demo_port(demo_rows)))


@pytest.mark.parametrize("style", sorted(EXPORT_STYLES))
def test_export_headers_build_the_same_disclosure(style, demo_rows, template_disclosure):
    port = demo_port(demo_rows)
    headers = EXPORT_STYLES[style]
    for sheet, row in headers.items():
        assert len(row) == len(demo_rows[sheet][0])
        port.write_values(sheet, 1, 1, [row])
    if "万元" in headers[L][-1]:
        scale(port, demo_rows, Decimal("0.0001"))
    if style == "汇总报表":  # the system's word for 人员经费 and 公用经费
        kind = column(demo_rows[L], "支出类别")
        for r, row in enumerate(demo_rows[L][1:], start=2):
            if row[kind - 1] in ("人员经费", "公用经费"):
                port.write_values(L, r, kind, [["基本支出"]])
    result = read_inputs(port)
    assert [f for f in result.findings if f.severity is not Severity.INFO] == []
    recognised = findings_of(result, "IN052")
    assert sorted(f.sheet for f in recognised) == sorted([L, U])  # once per sheet
    lines = next(f for f in recognised if f.sheet == L)
    assert lines.cell in ("A1", "B1") and f"“{headers[L][2]}”→功能科目编码" in lines.message
    if "（" in headers[L][-1]:
        unit = headers[L][-1][-3:-1].strip("（")
        assert f"→金额（按{unit}读取）" in lines.message
    assert disclosure(result) == template_disclosure


# IN053: 支出类别 from the economic class ---------------------------------------------------------
def test_blank_spending_type_inferred_and_filled(demo_rows):
    port = demo_port(demo_rows)
    kind = column(demo_rows[L], "支出类别")
    blank_rows = [r for r, row in enumerate(demo_rows[L][1:], start=2) if row[kind - 1] in ("人员经费", "公用经费")]
    typed = blank_rows.pop()  # one left as the budget system's word: read, never overwritten
    for r in blank_rows:
        port.write_values(L, r, kind, [[None]])
    port.write_values(L, typed, kind, [["基本支出"]])
    result = read_inputs(port)
    inferred = findings_of(result, "IN053")
    assert [(f.sheet, f.cell, f.severity) for f in inferred] == [(L, a1(blank_rows[0], kind), Severity.INFO)]
    assert f"{len(blank_rows) + 1} 行" in inferred[0].message and f"其中 {len(blank_rows)} 个空白单元格" in inferred[0].message
    assert not result.has_errors
    assert fill_names(port, result) >= len(blank_rows)
    after = port.read_values(L)
    for r in blank_rows:
        assert after[r - 1][kind - 1] == demo_rows[L][r - 1][kind - 1]  # what the economic class says
    assert after[typed - 1][kind - 1] == "基本支出"
    # read again: the filled cells are yusuan's, not the user's; the user's word still inferred
    again = read_inputs(port)
    assert [f.cell for f in findings_of(again, "IN053")] == [a1(typed, kind)]
    assert disclosure(again) == disclosure(read_inputs(demo_port(demo_rows)))


def test_located_reports_header_units():
    spec = load_spec().sheet(L)
    rows = [["单位编码", "支出功能分类科目编码", "部门预算经济分类编码", "支出类型", "资金性质", "金额（万元）"]]
    located = locate(L, rows, spec)
    assert located.units == {"amount": "万元"}
    assert located.renamed["function_code"] == "支出功能分类科目编码"
