"""The reader: good lines into the model, one finding per bad cell, never an exception."""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.checks import catalog as rule_catalog
from yusuan.findings.rule import Severity
from yusuan.inputs import read_inputs
from yusuan.inputs._cells import code_text
from yusuan.inputs.spec import load_spec
from yusuan.model import FundSource, ProjectType, SpendingType, UnitKind

from .bad_input_workbook import (
    BAD_CELLS,
    GOOD_LINE_ROWS,
    WARNING_LINE_ROWS,
    bad_workbook,
    good_memory_workbook,
    line,
    row_values,
    scale_amounts,
)

L, S = "支出明细", "基本信息"


def test_rules_are_documented():
    for rule in rule_catalog.all_rules():
        if rule.family == "输入":
            assert rule.name and len(rule.doc) > 60 and "\n" not in rule.message and "修正" in rule.doc


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
    spec = load_spec()
    port = good_memory_workbook()
    scale_amounts(port, Decimal("0.0001"))
    port.write_values(S, 2 + [s.key for s in spec.settings].index("amount_unit"), 2, [["万元"]])
    port.write_values(L, 2, 1 + [c.key for c in spec.sheet(L).columns].index("amount"), [[120.123456]])
    result = read_inputs(port)
    assert result.findings == []
    assert {l.row: l.amount for l in result.model.lines}[2] == 120_123_456


def test_bad_workbook_one_finding_per_bad_cell():
    result = read_inputs(bad_workbook(good_memory_workbook()))
    found = sorted((f.sheet, f.cell, f.code) for f in result.findings)
    expected = sorted((b.sheet, b.address(), b.code) for b in BAD_CELLS)
    assert len(BAD_CELLS) >= 15 and len({b.code for b in BAD_CELLS}) >= 15
    assert found == expected
    assert [f.message for f in result.findings if "\n" in f.message] == []  # a note's one line


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
