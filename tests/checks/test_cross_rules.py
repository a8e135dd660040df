"""表间 rules (XT…): a small consistent department as parsed tables, then one cell changed at a
time — the right rule fires on the right cell with the right severity; a 0.01 change is 尾差
(提示) only where a figure is a sum of several printed cells, a copied figure compares exactly.
Those one-cell cases are data (rule_cases/XT.yaml, the department in rule_cases/department.py);
here: what the data cannot say (rows added to a table, a table's columns cut, another
definition in the profile, every rule silent without its tables, the 成本指标 parser) and the
demo workbook end to end."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from builds import open_copy, seed004_published
from yusuan.checks import catalog
from yusuan.checks.registry import CheckContext, all_checks
from yusuan.findings.rule import Severity
from yusuan.model.parsed import ParsedWorkbook

from .rule_cases.department import (
    CTX,
    PROFILE,
    changed,
    department,
    exp,
    spend,
    table,
    two,
    without,
)

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


# -- running ---------------------------------------------------------------------------------
XT_CHECKS = [c for c in all_checks() if c.rule.code.startswith("XT")]


def run(workbook: ParsedWorkbook, ctx: CheckContext = CTX) -> list:
    return [f for c in XT_CHECKS for f in c.run(workbook, ctx)]


def of(findings: list, code: str) -> list[tuple]:
    return [(f.severity, f.sheet, f.cell) for f in findings if f.code == code]


@pytest.fixture(scope="module")
def dept() -> ParsedWorkbook:
    return department()


def test_consistent_department_has_no_finding(dept):
    assert run(dept) == []


# -- focused cases ----------------------------------------------------------------------------
def test_no_table_at_all_is_not_reported_per_table():
    assert run(ParsedWorkbook(())) == []


def test_each_rule_is_silent_when_its_tables_are_missing(dept):
    for kind in {t.kind for t in dept.tables}:
        findings = run(without(dept, kind))
        assert [f.code for f in findings] == ["XT001"], kind


def test_class_missing_from_summary_is_flagged_on_the_expenditure_row(dept):
    """A 类 the 收支总表 does not list: the 支出表 row is the only printed figure."""
    expenditure = dept.first("expenditure")
    extra = table("expenditure", [("detail", "2050101", "学前教育", exp("7", project="7", operating="7"))], top=20)
    rows = expenditure.rows + extra.rows
    workbook = ParsedWorkbook(tuple(dataclasses.replace(t, rows=rows) if t is expenditure else t for t in dept.tables))
    (finding,) = [f for f in run(workbook) if f.code == "XT004"]
    assert (finding.severity, finding.sheet, finding.cell) == (E, "部门支出预算表", "F20")
    assert "205类" in finding.message


def test_class_subtotal_row_is_flagged_when_printed(dept):
    """Where 三 prints a 类 row, that cell is the figure (and the note goes there)."""
    expenditure = dept.first("expenditure")
    subtotal = table("expenditure", [("class", "229", "其他支出", exp("21", project="21", specific="21"))], top=30)
    rows = expenditure.rows + subtotal.rows
    workbook = ParsedWorkbook(tuple(dataclasses.replace(t, rows=rows) if t is expenditure else t for t in dept.tables))
    assert of(run(workbook), "XT004") == [(E, "部门支出预算表", "F30")]


def test_three_public_total_checked_when_it_has_no_parts(dept):
    """With its parts, 合计 is not compared (rule_cases/XT.yaml); a table of only 合计 is."""
    three = dept.first("three_public")
    keys = ("unit", "total")
    slim = dataclasses.replace(
        three, keys=keys, columns={k: three.columns[k] for k in keys},
        rows=tuple(dataclasses.replace(r, cells={"total": r.cells["total"]}) for r in three.rows),
    )
    workbook = ParsedWorkbook(tuple(slim if t is three else t for t in dept.tables))
    assert run(workbook) == []
    assert of(run(changed(workbook, "three_public", "B5", "4")), "XT013") == [(W, "一般公共预算“三公”经费预算表", "B5")]


def test_operating_costs_not_compared_under_another_definition(dept):
    spec = next(s for s in PROFILE.tables if s.kind == "operating_costs")
    other = dataclasses.replace(spec, options={**spec.options, "spending_types": ["公用经费", "项目支出"]})
    profile = dataclasses.replace(PROFILE, tables=tuple(other if s is spec else s for s in PROFILE.tables))
    ctx = dataclasses.replace(CTX, profile=profile)
    assert of(run(changed(dept, "operating_costs", "D7", "13"), ctx), "XT012") == []
    assert of(run(changed(dept, "operating_costs", "D7", "13")), "XT012") == [(W, "行政（事业）单位机构运转经费预算表", "D7")]


def summary_and_expenditure(label: str, summary_amount: str, item_amount: str) -> ParsedWorkbook:
    """The pair 收支总表 / 支出表 with one 类 (210) and one 项."""
    return ParsedWorkbook((
        table("income_expenditure_summary", [
            two("一、一般公共预算", summary_amount, label, spend(summary_amount)),
            two("收入总计", summary_amount, "支出总计", spend(summary_amount), role="total"),
        ]),
        table("expenditure", [
            ("total", "", "合计", exp(item_amount, item_amount, item_amount)),
            ("detail", "2101101", "行政单位医疗", exp(item_amount, item_amount, item_amount)),
        ]),
    ))


@pytest.mark.parametrize("label", ["十、卫生健康", "（十）卫生健康支出", "十、医疗卫生与计划生育", "十、医疗卫生与计划生育支出"])
def test_class_named_by_current_or_outdated_name(label):
    assert of(run(summary_and_expenditure(label, "9", "9")), "XT004") == []
    assert of(run(summary_and_expenditure(label, "9", "9.5")), "XT004") == [(E, "部门收支预算表", "D5")]


def test_renamed_class_printed_twice_uses_the_current_name():
    """Seed 004's 财政拨款收支表 prints （九）医疗卫生与计划生育支出 (blank) and （十）卫生健康支出."""
    workbook = summary_and_expenditure("十、卫生健康", "9", "9")
    summary = workbook.first("income_expenditure_summary")
    old = two("", None, "九、医疗卫生与计划生育", spend(None))
    stale = table("income_expenditure_summary", [old], top=4).rows
    tables = (dataclasses.replace(summary, rows=stale + summary.rows),) + workbook.tables[1:]
    assert of(run(ParsedWorkbook(tables)), "XT004") == []


def test_unnamed_spending_row_stops_missing_class_findings():
    """A spending row whose name is not a known 类 may be the missing 类: no guessing."""
    workbook = summary_and_expenditure("十、不知名的类", "9", "9")
    assert of(run(workbook), "XT004") == []
    assert of(run(summary_and_expenditure("十、卫生健康", "9", "9")), "XT004") == []
    # a known 类 that is not the spending's: both sides reported, each on its own printed figure
    assert of(run(summary_and_expenditure("十一、节能环保", "9", "9")), "XT004") == [
        (E, "部门支出预算表", "F7"), (E, "部门收支预算表", "D5")]


@pytest.mark.parametrize("text,total,over", [
    ("≤963.38万元", "963.37", True),  # seed 002, project 24430
    ("总成本963.38万元", "963.37", True),
    ("≤963.37万元", "963.37", False),
    ("≤963.4万元", "963.37", False),  # the total rounded as the indicator is written
    ("≤963万元", "963.37", False),
    ("≤964万元", "963.37", True),
    ("≤16. 92万元", "16.92", False),  # seed 000 prints a broken decimal
    ("≤9,633,800元", "963.37", True),
    ("≤9633700.00元", "963.37", False),
    ("≤963.38 万元", "1000", False),
])
def test_cost_indicator_against_total(text, total, over):
    from yusuan.checks.cross_rules.projects import cost_amount, exceeds

    cost = cost_amount(text)
    assert cost is not None and exceeds(cost, Decimal(total)) is over


@pytest.mark.parametrize("text", ["=100%", "≤500元/人", "及时", "", "≥20条"])
def test_cost_indicator_without_an_amount_is_not_compared(text):
    from yusuan.checks.cross_rules.projects import cost_amount

    assert cost_amount(text) is None


def test_rules_survive_tables_without_their_columns(dept):
    """A layout lacking columns: the comparisons that need them are skipped, nothing raises."""
    stripped = []
    for t in dept.tables:
        keep = {k: c for k, c in t.columns.items() if k in ("total", "name", "income_item", "spending_item")}
        rows = tuple(dataclasses.replace(r, cells={k: v for k, v in r.cells.items() if k in keep}) for r in t.rows)
        stripped.append(dataclasses.replace(t, keys=tuple(keep), columns=keep, rows=rows))
    run(ParsedWorkbook(tuple(stripped)))  # must not raise


def test_rules_are_in_the_catalog_with_docs():
    rules = [r for r in catalog.all_rules() if r.code.startswith("XT")]
    assert [r.code for r in rules] == [f"XT{n:03d}" for n in range(1, len(rules) + 1)]
    for r in rules:
        assert r.family == "表间" and len(r.doc) > 80 and "修正" in r.doc, r.code


# -- end to end: seed 004 as published, and the demo workbook, parsed back -------------------------
def test_seed004_as_published_is_consistent():
    """The 14 published tables of seed 004, typed into a workbook in the profile's layout."""
    from yusuan.audit.recognize import parse_workbook

    parsed = parse_workbook(seed004_published(2025))
    assert len(parsed.tables) == 14
    assert run(parsed) == []


@pytest.fixture(scope="module")
def demo(demo_bytes):
    return open_copy(demo_bytes)


def _parsed_findings(port) -> list:
    from yusuan.audit.recognize import parse_workbook

    return run(parse_workbook(port))


def test_demo_has_no_cross_table_finding(demo):
    assert _parsed_findings(demo) == []


DEMO_CASES = [
    # (sheet, cell, value, code, severity, flagged sheet, flagged cell)
    ("部门收入预算表", "C6", 1231.49, "XT002", E, "部门收入预算表", "C6"),
    ("部门收入预算表", "C6", 1232, "XT002", E, "部门收入预算表", "C6"),
    ("部门支出预算表", "F9", 207.8, "XT004", E, "部门收支预算表", "D5"),
    ("财政拨款收支预算表", "E7", 791, "XT007", E, "财政拨款收支预算表", "E7"),
    ("一般公共预算基本支出预算表", "G5", 44, "XT008", E, "一般公共预算基本支出预算表", "G5"),
    ("一般公共预算“三公”经费预算表", "F5", 7, "XT013", W, "一般公共预算“三公”经费预算表", "F5"),
    ("政府性基金支出预算表", "F6", 301, "XT011", E, "政府性基金支出预算表", "F6"),
    ("行政（事业）单位机构运转经费预算表", "D9", 26, "XT012", W, "行政（事业）单位机构运转经费预算表", "D9"),
    ("项目支出预算表", "D5", 726, "XT014", E, "项目支出预算表", "D5"),
    ("部门预算项目绩效目标表", "D8", 74, "XT015", E, "部门预算项目绩效目标表", "D8"),
    ("部门（单位）整体绩效目标表", "D12", 505, "XT017", E, "部门（单位）整体绩效目标表", "D12"),
]


@pytest.mark.parametrize("sheet,cell,value,code,severity,flagged,flagged_cell", DEMO_CASES,
                         ids=[f"{c[3]}-{c[0]}!{c[1]}" for c in DEMO_CASES])
def test_demo_changed_cell_flagged(demo, sheet, cell, value, code, severity, flagged, flagged_cell):
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(cell)
    col = column_index_from_string(letters)
    old = demo.read_values(sheet)[row - 1][col - 1]
    demo.write_values(sheet, row, col, [[value]])
    try:
        findings = _parsed_findings(demo)
    finally:
        demo.write_values(sheet, row, col, [[old]])
    assert of(findings, code) == [(severity, flagged, flagged_cell)]
