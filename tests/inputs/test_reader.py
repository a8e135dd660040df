"""The reader: good lines into the model, one finding per bad cell, never an exception."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.catalogs import Catalog
from yusuan.checks import catalog as rule_catalog
from yusuan.findings.rule import Severity
from yusuan.inputs import read_inputs
from yusuan.inputs._cells import code_text
from yusuan.inputs.spec import load_spec
from yusuan.model import FundSource, ProjectType, SpendingType, UnitKind
from yusuan.ports import CellRange

from .bad_input_workbook import (
    BAD_CELLS,
    GOOD_LINE_ROWS,
    WARNING_LINE_ROWS,
    bad_workbook,
    good_memory_workbook,
    line,
    row_values,
)

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


def _rc(address: str) -> tuple[int, int]:
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", address).groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits), col


def col(sheet: str, key: str, row: int) -> str:
    """A1 address of column ``key`` of a list sheet."""
    keys = [c.key for c in load_spec().sheet(sheet).columns]
    index = keys.index(key) + 1
    return f"{chr(64 + index)}{row}"


def setting(key: str) -> str:
    """A1 address of the value cell of a 基本信息 setting."""
    keys = [s.key for s in load_spec().settings]
    return f"B{2 + keys.index(key)}"


SETTINGS_END = 2 + len(load_spec().settings)  # first row below the settings


def put(sheet: str, address: str, *values: Any) -> Callable:
    """Patch: write ``values`` into ``address`` and the cells to its right."""
    def apply(port):
        row, column = _rc(address)
        port.write_values(sheet, row, column, [list(values)])
    return apply


def copy_row(sheet: str, source: int, target: int, **changes: Any) -> Callable:
    def apply(port):
        values = list(port.read_values(sheet)[source - 1])
        keys = [c.key for c in load_spec().sheet(sheet).columns]
        for key, value in changes.items():
            values[keys.index(key)] = value
        port.write_values(sheet, target, 1, [values])
    return apply


def merge(sheet: str, cells: str) -> Callable:
    def apply(port):
        first, last = (_rc(a) for a in cells.split(":"))
        port.merge(sheet, [CellRange(*first, *last)])
    return apply


def formula(sheet: str, address: str, text: str) -> Callable:
    """A formula that was never calculated (the workbook is not from Excel: no cached result).
    Only a file holds formulas: the patch gives back the workbook on the openpyxl port."""
    def apply(port):
        book = port.to_openpyxl()
        book.book[sheet][address] = text
        return book
    return apply


def drop(sheet: str) -> Callable:
    return lambda port: port.remove_sheet(sheet)


def scale_amounts(factor: Decimal) -> Callable:
    """Patch: every 支出明细 amount times ``factor`` (exact: written as Decimal text)."""
    def apply(port):
        amount_col = [c.key for c in load_spec().sheet(L).columns].index("amount") + 1
        rows = port.read_values(L)
        for row in range(2, len(rows) + 1):
            value = rows[row - 1][amount_col - 1]
            if isinstance(value, (int, float)) or (isinstance(value, str) and value.replace(",", "").replace(".", "").isdigit()):
                scaled = Decimal(str(value).replace(",", "")) * factor
                port.write_values(L, row, amount_col, [[format(scaled.normalize(), "f")]])
    return apply


class NoCorrespondence:
    """The real catalog without the correspondence of 30101 for 行政单位 (a test double)."""

    def __init__(self):
        self.real = Catalog.for_year(2025)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def gov_econ_for(self, dept, kind):
        return None if (dept, kind) == ("30101", "行政单位") else self.real.gov_econ_for(dept, kind)


@dataclass
class Case:
    id: str
    code: str
    severity: Severity
    sheet: str
    cell: str
    bad: list[Callable]
    good: list[Callable] = field(default_factory=list)
    usable: bool = True  # model expected after the bad patch
    more: tuple[tuple[str, str], ...] = ()  # further (sheet, cell) of the same finding
    catalog: Any = None


L, U, P, Y, O = "支出明细", "单位信息", "项目绩效", "上年数", "其他收入"
S, T = "基本信息", "整体绩效"
# 河南2020 reads the task amounts of 整体绩效 (profile_only columns, typed here right of the sheet's own)
AMOUNTS_2020 = [put(S, setting("profile"), "河南2020"), put(T, "I1", "任务总金额", "任务财政资金", "任务其他资金")]
CASES = [
    Case("IN001", "IN001", E, L, "", [drop(L)], [], usable=False),
    Case("IN001-optional", "IN001", I, Y, "", [drop(Y)], [drop(O)]),
    Case("IN002", "IN002", E, L, "A1", [put(L, col(L, "amount", 1), "金额说明")], [put(L, col(L, "amount", 1), " 金额 ")], usable=False),
    Case("IN003", "IN003", E, U, "B3", [put(U, "B3", None)], [put(U, "B3", "测试市财政数据中心")]),
    Case("IN003-unit", "IN003", E, S, setting("amount_unit"), [put(S, setting("amount_unit"), None)], [put(S, setting("amount_unit"), " 元 ")], usable=False),
    Case("IN004", "IN004", E, L, col(L, "fund_source", 2), [put(L, col(L, "fund_source", 2), "财政拨款")], [put(L, col(L, "fund_source", 2), "政府性基金")]),
    Case("IN005", "IN005", E, L, "A2", [put(L, "A2", "001009")], [put(L, "A2", " 001001 ")]),
    Case("IN006", "IN006", E, U, "A4", [put(U, "A4", "001002", "另一个中心", "事业单位")], [put(U, "A4", "001003", "另一个中心", "事业单位")]),
    Case("IN007", "IN007", E, L, "C2", [put(L, "C2", "20106")], [put(L, "C2", 2010601.0)]),
    Case("IN008", "IN008", E, L, "C2", [put(L, "C2", "2010698")], [put(L, "C2", "2010601 行政运行")]),
    Case("IN008-unlisted", "IN008", I, L, "C2", [put(L, "C2", "2110101")], [put(L, "C2", "[2010602]一般行政管理事务")]),
    Case("IN009", "IN009", E, L, "E2", [put(L, "E2", "301")], [put(L, "E2", 30102)]),
    Case("IN010", "IN010", E, L, "E2", [put(L, "E2", "30198")], [put(L, "E2", "30103")]),
    Case("IN011", "IN011", E, L, "G2", [put(L, "G2", "5010")], [put(L, "G2", "50101")]),
    Case("IN012", "IN012", W, L, "G2", [put(L, "G2", "50501")], [put(L, "G2", 50101)]),
    Case("IN013", "IN013", E, L, "G2", [], [put(L, "G2", "50101")], catalog=NoCorrespondence),
    Case("IN014", "IN014", E, L, "P2", [put(L, "P2", "12万")], [put(L, "P2", "1,200,000.00")]),
    Case("IN015", "IN015", E, L, "P2", [put(L, "P2", -1)], [put(L, "P2", 0)]),
    Case("IN016", "IN016", E, L, "P2", [put(L, "P2", None)], [put(L, "P2", "1200000")]),
    Case("IN017", "IN017", E, L, "P2", [put(L, "P2", 0.001)], [put(L, "P2", 0.01)]),
    Case("IN018", "IN018", E, L, "J6", [put(L, "J6", None)], [put(L, "J6", " P001 ")]),
    Case("IN019", "IN019", E, L, "K8", [put(L, "K8", None)], [put(L, "K6", None)]),
    Case("IN019-type", "IN019", E, L, "L8", [put(L, "L8", None)], [put(L, "L7", None)]),
    Case("IN020", "IN020", W, L, "K7", [put(L, "K7", "财政系统运维")], [put(L, "K7", "财政信息系统运维")]),
    Case("IN020-unit", "IN020", W, L, "A7", [put(L, "A7", "001001")], [put(L, "A7", "001002")]),
    Case("IN021", "IN021", W, L, "J2", [put(L, "J2", "P001")], [put(L, "J8", "P002")]),
    Case("IN022", "IN022", E, L, "I3", [put(L, "I3", "人员经费")], [put(L, "E3", "31002")]),
    Case("IN023", "IN023", E, L, "E3", [put(L, "E3", "30701")], [put(L, "E3", "30299")]),
    Case("IN024", "IN024", W, L, "P9", [copy_row(L, 2, 9)], [copy_row(L, 2, 9, amount=1)]),
    Case("IN025", "IN025", W, L, "D2", [put(L, "D2", "行政管理")], [put(L, "D2", "行政运行")]),
    Case("IN026", "IN026", E, P, "A2", [put(P, "A2", "P404")], [put(P, "A2", "P002")]),
    Case("IN027", "IN027", E, Y, "A15", [put(Y, "A15", "收入合计", 1)], [put(Y, "A2", " 收入总计 ")]),
    Case("IN028", "IN028", E, Y, "A15", [put(Y, "A15", "支出总计", 5)], [put(Y, "A3", None, None), put(Y, "A15", "支出总计", 5)]),
    Case("IN029", "IN029", E, S, "B2", [put(S, "B2", None)], [put(S, "B2", "  测试市财政局 ")], usable=False),
    Case("IN030", "IN030", E, S, setting("year"), [put(S, setting("year"), "二〇二五")], [put(S, setting("year"), "2025年")], usable=False),
    Case("IN031", "IN031", E, S, setting("amount_unit"), [put(S, setting("amount_unit"), "千元")], [put(S, setting("amount_unit"), "元")], usable=False),
    Case("IN031-profile", "IN031", E, S, setting("profile"), [put(S, setting("profile"), "河南2099")], [put(S, setting("profile"), "河南2025")], usable=False),
    Case("IN032", "IN032", E, S, setting("vehicles_general"), [put(S, setting("vehicles_general"), -1)], [put(S, setting("vehicles_general"), "3")]),
    Case("IN050", "IN050", E, S, setting("amount_unit"), [put(S, setting("amount_unit"), "万元")],
         [put(S, setting("amount_unit"), "万元"), scale_amounts(Decimal("0.0001"))], more=((L, "P2"), (L, "P3"), (L, "P4"))),
    Case("IN051", "IN051", E, L, "J6", [put(L, "J6", 1.2345678901234568e+20)], [put(L, "J6", "123456789012345678901"), put(L, "J7", "123456789012345678901"), put(P, "A2", "123456789012345678901")]),
    Case("IN051-zeros", "IN051", E, L, "A2", [put(L, "A2", 1001)], [put(L, "A2", "001001")]),
    Case("IN052", "IN052", I, L, "C1", [put(L, "C1", "支出功能分类科目编码")], [put(L, "C1", " 功能科目编码 ")]),
    Case("IN053", "IN053", I, L, "I2", [put(L, "I2", None), put(L, "I3", " 基本支出 ")], [put(L, "I2", "人员经费")]),
    Case("IN053-project", "IN053", I, L, "I6", [put(L, "I6", None)], [put(L, "I6", "项目支出")]),
    Case("IN054", "IN054", E, T, "I3", [*AMOUNTS_2020, put(T, "I3", 100, 60, 30)], [*AMOUNTS_2020, put(T, "I3", 100, 60, 40)]),
    Case("IN054-parts", "IN054", E, T, "I3", [*AMOUNTS_2020, put(T, "I3", "1,000", None, 30)], [*AMOUNTS_2020, put(T, "I3", None, 970, 30)]),
    Case("IN033", "IN033", W, S, f"A{SETTINGS_END}", [put(S, f"A{SETTINGS_END}", "部门名称", "别名")], [put(S, f"A{SETTINGS_END}", "备注", "自己的说明")]),
    Case("IN014-tab", "IN014", E, L, "P2", [put(L, "P2", "12\t34")], [put(L, "P2", "１２３．４５")]),
    Case("IN014-underscore", "IN014", E, L, "P2", [put(L, "P2", "1_000")], [put(L, "P2", "１，２００，０００")]),
    Case("IN014-inner-space", "IN014", E, L, "P2", [put(L, "P2", "12 000")], [put(L, "P2", " 12000\u3000")]),
    Case("IN040", "IN040", E, L, "P2", [put(L, "P2", 10**11 + 1)], [put(L, "P2", 10**11)]),
    Case("IN040-float", "IN040", E, L, "P2", [put(L, "P2", 1e308)], [put(L, "P2", 99_999_999_999.99)]),
    Case("IN040-yearly", "IN040", E, Y, "B2", [put(Y, "B2", 10**12 + 1)], [put(Y, "B2", 10**12)]),
    Case("IN041", "IN041", E, L, "D2", [merge(L, "D2:D3")], [merge(L, "T2:T3")]),
    Case("IN042", "IN042", E, L, "Q1", [put(L, "Q1", " 金额 ")], [put(L, "Q1", "金额说明")]),
    Case("IN043", "IN043", E, L, "P2", [formula(L, "P2", "=1000000+200000")], [put(L, "P2", 1200000)]),
    Case("IN043-choice", "IN043", E, L, col(L, "carried_over", 2), [formula(L, col(L, "carried_over", 2), '=IF(1,"是","否")')],
         [put(L, col(L, "carried_over", 2), "否")]),
]


def _read(patches: list[Callable], catalog: Any = None):
    port = good_memory_workbook()
    for patch in patches:
        port = patch(port) or port
    return read_inputs(port, catalog() if catalog else None)


def test_every_input_rule_has_a_case():
    codes = {r.code for r in rule_catalog.all_rules() if r.family == "输入"}
    assert codes == {case.code for case in CASES}


def test_rules_are_documented():
    for rule in rule_catalog.all_rules():
        if rule.family == "输入":
            assert rule.name and len(rule.doc) > 60 and "\n" not in rule.message and "修正" in rule.doc


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_fails_on_the_bad_cell(case: Case):
    result = _read(case.bad, case.catalog)
    found = [(f.code, f.severity, f.sheet, f.cell) for f in result.findings]
    more = [(case.code, case.severity, sheet, cell) for sheet, cell in case.more]
    assert found == [(case.code, case.severity, case.sheet, case.cell)] + more
    assert (result.model is not None) is case.usable
    assert "\n" not in result.findings[0].message


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_passes_on_a_near_good_cell(case: Case):
    result = _read(case.good, case.catalog)
    assert [(f.code, f.sheet, f.cell, f.message) for f in result.findings] == []
    assert result.model is not None


def test_good_workbook_model():
    result = read_inputs(good_memory_workbook())
    assert result.findings == []
    model = result.model
    assert model.department.name == "测试市财政局" and model.department.year == 2025
    assert model.department.counts == {"vehicles_general": 2}
    assert [u.code for u in model.units] == ["001001", "001002"]  # leading zeros kept
    assert model.unit("001002").kind is UnitKind.PUBLIC_INSTITUTION
    amounts = {line.row: line.amount for line in model.lines}
    assert amounts[3] == 8_000_050  # 80000.5 元
    assert amounts[4] == 15_000_000  # '150,000.00' typed as text
    by_row = {line.row: line for line in model.lines}
    assert by_row[2].gov_econ_code == "50101"  # derived for a 行政单位
    assert by_row[5].gov_econ_code == "50501"  # derived for a 事业单位
    assert by_row[8].carried_over and by_row[8].spending_type is SpendingType.PROJECT
    assert by_row[6].fund_source is FundSource.GENERAL_BUDGET and by_row[6].procurement == "服务"
    assert [(p.code, p.project_type, p.unit_code) for p in model.projects] == [
        ("P001", ProjectType.OPERATING, "001002"),
        ("P002", ProjectType.SPECIFIC, "001001"),
    ]
    assert [i.project_code for i in model.project_indicators] == ["P001", "P002"]
    assert model.overall.duty_goal == "保障财政平稳运行。" and len(model.overall.tasks) == 1
    assert model.last_year == {"收入总计": 200_000_000, "支出总计": 200_000_000}
    assert model.other_income[0].amount == 1_000_000


def test_amounts_in_wan_yuan():
    port = good_memory_workbook()
    put(S, setting("amount_unit"), "万元")(port)
    scale_amounts(Decimal("0.0001"))(port)
    put(L, "P2", 120.123456)(port)
    result = read_inputs(port)
    assert result.findings == []
    assert {l.row: l.amount for l in result.model.lines}[2] == 120_123_456


def test_bad_workbook_one_finding_per_bad_cell():
    result = read_inputs(bad_workbook(good_memory_workbook()))
    found = sorted((f.sheet, f.cell, f.code) for f in result.findings)
    expected = sorted((b.sheet, b.address(), b.code) for b in BAD_CELLS)
    assert len(BAD_CELLS) >= 15 and len({b.code for b in BAD_CELLS}) >= 15
    assert found == expected


def test_bad_workbook_keeps_the_good_lines():
    result = read_inputs(bad_workbook(good_memory_workbook()))
    assert result.model is not None
    assert sorted(line.row for line in result.model.lines) == sorted(GOOD_LINE_ROWS + WARNING_LINE_ROWS)
    assert {p.code for p in result.model.projects} == {"P001", "P002"}


def test_columns_found_by_header_in_any_order_with_extra_columns():
    port = good_memory_workbook()
    rows = port.read_values(L)
    reordered = [[None, "备注"] + list(reversed(r)) for r in rows]  # extra columns, reversed order
    reordered[0] = [" 序号 ", "备注"] + [f" {h} " for h in reversed(rows[0])]
    port.remove_sheet(L)
    port.add_sheet(L)
    port.write_values(L, 1, 1, [["2025年支出明细（预算系统导出）"]] + reordered)  # a title row above
    result = read_inputs(port)
    assert result.findings == []
    assert len(result.model.lines) == len(GOOD_LINE_ROWS)
    assert sorted(l.row for l in result.model.lines) == [r + 1 for r in GOOD_LINE_ROWS]


def test_missing_settings_sheet_is_unusable():
    port = good_memory_workbook()
    port.remove_sheet(S)
    result = read_inputs(port)
    assert result.model is None
    assert [(f.code, f.sheet) for f in result.findings] == [("IN001", S)]


def test_empty_template_reads_without_exception():
    from yusuan.inputs.template import write_template
    from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

    port = OpenpyxlWorkbook.new()
    write_template(port)
    result = read_inputs(port)
    assert result.model is None
    assert {f.code for f in result.findings} == {"IN029", "IN030", "IN003"}


_CELL_VALUES = st.one_of(
    st.none(), st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12), st.integers(-10**12, 10**12), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True), st.datetimes(), st.decimals(allow_nan=False, allow_infinity=False),
)


@cache
def _shared_good_workbook():
    """One good workbook for the property tests: each example writes rows below the good
    lines and blanks them again (reading never writes), instead of building a template."""
    return good_memory_workbook()


@contextmanager
def _below_good_lines(rows: list[list[Any]]):
    port = _shared_good_workbook()
    port.write_values(L, 9, 1, rows)
    try:
        yield port
    finally:
        port.write_values(L, 9, 1, [[None] * len(row) for row in rows])


@settings(max_examples=60, deadline=None)
@given(st.lists(_CELL_VALUES, min_size=16, max_size=16))
def test_any_cell_values_never_raise(values):
    with _below_good_lines([values]) as port:
        result = read_inputs(port)
    assert result.model is not None
    assert all(f.sheet == L and f.cell.endswith("9") for f in result.findings)
    rows = {line.row for line in result.model.lines}
    assert set(GOOD_LINE_ROWS) <= rows
    assert 9 not in rows or not any(f.severity is Severity.ERROR for f in result.findings)


@settings(max_examples=25, deadline=None)
# budget-sized lines (from 100 元): a workbook of cent amounts is flagged as a wrong 金额单位 (IN050)
@given(st.lists(st.decimals(min_value=100, max_value=10**9, places=2, allow_nan=False, allow_infinity=False), min_size=1, max_size=8))
def test_amounts_read_exactly(amounts):
    rows = [row_values(L, line(amount=str(a), function_code="2010602", dept_econ_code=f"3010{i % 3 + 1}"))
            for i, a in enumerate(amounts)]
    with _below_good_lines(rows) as port:
        result = read_inputs(port)
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []
    read = sum(l.amount for l in result.model.lines if l.row >= 9)
    assert read == sum(int(a * 100) for a in amounts) == int(sum(amounts, Decimal(0)) * 100)


@given(st.integers(1, 10**9))
def test_codes_read_as_text(n):
    assert code_text(n) == code_text(float(n)) == code_text(f"{n}.0") == code_text(f" {n} ") == str(n)
    assert code_text(f"00{n}") == f"00{n}"  # leading zeros of a text code are kept
    assert code_text(f"{n} 名称") == code_text(f"[{n}]名称") == str(n)
    assert code_text(f"{n}x") == f"{n}x"  # not a code: stays as typed, so it is flagged
