"""表内 rules (TB001…): their passing, failing and 尾差 cases are data (rule_cases/TB.yaml, on the
small hand-built tables of rule_cases/tables.py, apart from the recogniser); here: whole messages,
properties over every rule, the row tree, and the demo end to end (one note per wrong cell, DG001).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from builds import open_copy
from yusuan.audit.recognize import parse_workbook
from yusuan.checks import catalog
from yusuan.checks.registry import CheckContext, all_checks, run_checks
from yusuan.checks.table_rules import sums
from yusuan.findings.rule import Finding
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable

from .rule_cases.tables import CLASSES, EXP_KEYS, EXPENDITURE, change, r, sheet

CHECKS = {c.rule.code: c for c in all_checks()}


def run(code: str, *tables: SheetTable) -> list[Finding]:
    return [f for f in CHECKS[code].run(ParsedWorkbook(tuple(tables)), CheckContext()) if f.code == code]


TB_RULES = [rule for rule in catalog.all_rules() if rule.code.startswith("TB")]


def test_rule_codes_are_contiguous() -> None:
    assert [r.code for r in TB_RULES] == [f"TB{n:03d}" for n in range(1, len(TB_RULES) + 1)]


# messages and edge cases -------------------------------------------------------------------
def test_message_gives_found_expected_and_gap() -> None:
    (finding,) = run("TB008", change(EXPENDITURE, "2010301", total=1047))
    assert finding.message == (
        "第8行“行政运行”的“合计”为 1,047.00，而“基本支出小计” + “项目支出小计”之和为 45.00，相差 1,002.00："
        "请按本行各栏重新汇总"
    )


def test_empty_workbook_and_empty_tables_yield_nothing() -> None:
    empty = replace(EXPENDITURE, rows=EXPENDITURE.rows[:1])
    blank = change(empty, "合计", **{k: None for k in EXP_KEYS})
    for code in CHECKS:
        if code.startswith("TB"):
            assert run(code) == [] and run(code, blank) == []


def test_tree_nests_department_units_classes_items() -> None:
    nodes = {parent.code or parent.label: [k.code for k in kids] for parent, kids in sums.tree(EXPENDITURE)}
    assert nodes == {"合计": ["888"], "888": ["888001", "888002"], "888001": ["2010301", "2010302"],
                     "888002": ["2010350"]}
    nodes = {parent.code or parent.label: [k.code for k in kids] for parent, kids in sums.tree(CLASSES)}
    assert nodes == {"合计": ["201", "208"], "201": ["20103"], "20103": ["2010301", "2010350"],
                     "208": ["20805"], "20805": ["2080505"]}


def test_rules_never_crash_on_odd_tables() -> None:
    odd = [
        sheet("expenditure", ["total"], [r("detail", "无合计行", "2010301", 5)]),
        sheet("fiscal_summary", ["income_amount"], [r("detail", "收入合计", "", 5)]),
        sheet("overall_performance", ["c4"], [r("detail", "预算情况", "", 5)]),
        sheet("unknown_kind", ["total"], [r("total", "合计", "", -1)]),
    ]
    findings = run_checks(ParsedWorkbook(tuple(odd)), CheckContext())
    assert not [f for f in findings if f.code == "SYS001" and str(f.params.get("code")).startswith("TB")]
    assert [(f.code, f.cell) for f in findings if f.code.startswith("TB")] == [("TB002", "A5")]


# end to end: the demo, built and parsed back ----------------------------------------------
@pytest.fixture(scope="module")
def demo(demo_bytes):
    return open_copy(demo_bytes), parse_workbook


def _table_findings(book, parse) -> list[Finding]:
    return [f for f in run_checks(parse(book), CheckContext()) if f.code.startswith(("TB", "DG"))]


def test_demo_has_no_table_errors(demo) -> None:
    book, parse = demo
    workbook = parse(book)
    assert len(workbook.tables) == 14
    assert _table_findings(book, parse) == []


def _mutated(demo, kind: str, pick, key: str, value):
    """Findings after writing ``value`` (or ``value(old amount)``) into the ``key`` cell of the
    row ``pick`` chooses; the cell is put back afterwards."""
    book, parse = demo
    table = parse(book).first(kind)
    row = pick(table)
    target = row.cells[key]
    original = book.read_values(table.sheet)[target.row - 1][target.col - 1]
    new = value(target.value) if callable(value) else value
    book.write_values(table.sheet, target.row, target.col, [[new]])
    try:
        return table, row, _table_findings(book, parse)
    finally:
        book.write_values(table.sheet, target.row, target.col, [[original]])


def _cells(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.severity.label, f.cell) for f in findings)


def _parent(table: SheetTable, row: ParsedRow, role: str) -> ParsedRow:
    return [r for r in table.rows if r.row < row.row and r.role == role][-1]


def test_demo_detail_wages_changed(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.role == "detail" and r.amount("wages") > 0)

    table, row, findings = _mutated(demo, "expenditure", pick, "wages", 999)
    # the 小计 of its row (TB008) and its unit's wages (TB009) disagree because of it: one note, on the cell
    assert _cells(f for f in findings if f.sheet == table.sheet) == [("DG001", "错误", row.cells["wages"].address)]
    (note,) = findings
    assert "TB008" in note.message and "TB009" in note.message


def test_demo_summary_total_changed(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.labels.get("income_item") == "收入总计")

    table, row, findings = _mutated(demo, "income_expenditure_summary", pick, "income_amount", 9999)
    own = [f for f in findings if f.sheet == table.sheet]  # not on the right 支出总计 (TB005)
    assert _cells(own) == [("DG001", "错误", row.cells["income_amount"].address)]


def test_demo_department_income_changed(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.role == "department")

    table, row, findings = _mutated(demo, "income", pick, "current_fund", 301)
    own = [f for f in findings if f.sheet == table.sheet]  # not on its row's 本年收入合计 (TB006)
    assert _cells(own) == [("DG001", "错误", row.cells["current_fund"].address)]


def test_demo_project_total_rounding(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.role == "detail" and r.amount("total") > 0)

    """0.01 more on a project: within the rounding bound of its row and its unit's sums (尾差), but the
    same project is printed in 项目绩效目标表, and a copied figure compares exactly: 错误, on the cell."""
    table, row, findings = _mutated(demo, "projects", pick, "total", lambda old: float(old) + 0.01)
    own = [f for f in findings if f.sheet == table.sheet]
    assert _cells(own) == [("DG001", "错误", row.cells["total"].address)]


def test_demo_overall_budget_changed(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if "unit_funds" in r.cells)

    table, row, findings = _mutated(demo, "overall_performance", pick, "unit_funds", 20)
    # the 预算总额 (TB024) agrees with the 资金结构 split and the other tables: the changed cell is blamed
    assert _cells(f for f in findings if f.sheet == table.sheet) == [("DG001", "错误", row.cells["unit_funds"].address)]


def test_demo_text_in_an_amount_cell(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.role == "detail" and r.amount("total") > 0)

    table, row, findings = _mutated(demo, "general_budget_basic", pick, "total", "12O.5")
    assert _cells(f for f in findings if f.sheet == table.sheet) == [("TB001", "错误", row.cells["total"].address)]
