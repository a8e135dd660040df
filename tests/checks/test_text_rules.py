"""文字 rules at table level (TX001–TX009): their passing and failing cases are data
(rule_cases/TX-tables.yaml, the tables written row by row for the driver
rule_cases/tables_by_rows.py; the seeds' errors are named there).  Here what data cannot say:
the placeholder and duplicate-unit patterns over many texts, the title year a modified profile
asks for, every text a table carries, and never a crash on bare or random tables.

The end-to-end tests parse the built demo workbook back, expect no 错误 from the 科目 and 文字
rules, then break single cells."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builds import open_copy
from yusuan.audit.recognize import parse_workbook
from yusuan.checks import text_rules as tx
from yusuan.checks.registry import CheckContext, all_checks
from yusuan.findings.rule import Severity
from yusuan.model.parsed import ParsedWorkbook, SheetTable
from yusuan.ports.base import a1

from .rule_cases.tables_by_rows import DEPARTMENT, table

E, W = Severity.ERROR, Severity.WARNING
CTX = CheckContext(year=2025)
EXP = "部门支出预算表"
GOOD_EXP = table({"sheet": EXP, "rows": [["total", "", "合计", 300.01], ["detail", 2010301, "行政运行", 300.01]]})


def expenditure(*rows: list, note: str = "") -> SheetTable:
    """A 部门支出预算表 written as in the YAML cases (rule_cases/tables_by_rows.py): rows from row 6."""
    return table({"sheet": EXP, "rows": [["total", "", "合计", 1], *rows], "note": note})


def book(*tables: SheetTable) -> ParsedWorkbook:
    return ParsedWorkbook(tables=tables)


def run(code: str, workbook: ParsedWorkbook, ctx: CheckContext = CTX) -> list[tuple[str, Severity, str, str]]:
    (item_check,) = [c for c in all_checks() if c.rule.code == code]
    return [(f.code, f.severity, f.sheet, f.cell) for f in item_check.run(workbook, ctx)]


@pytest.mark.parametrize("text", [
    "xxx", "XX局", "20XX年", "YYYY年", "××", "某某单位", "待填", "请填写", "(略)", "（略）", "{单位}", "增加（减少）",
    "增长(下降)", "减少（增加）", "增加/减少", "ＸＸ",
])
def test_placeholder_patterns_hit(text):
    assert run("TX001", book(expenditure(note=text))) == [("TX001", E, EXP, "A8")]


@pytest.mark.parametrize("text", [
    "Excel", "H3C提速", "≥95%", "公元元年", "增加", "减少0.5万元", "增长（10%）", "三公经费×2", "OX", "DXXL",
])
def test_placeholder_patterns_miss(text):
    assert run("TX001", book(expenditure(note=text))) == []


@pytest.mark.parametrize("text,hit", [
    ("100万元万元", True), ("100元元", True), ("100万元元", True), ("5%%", True), ("5％%", True),
    ("100万元", False), ("公元元年", False), ("元旦", False),
])
def test_duplicate_unit_patterns(text, hit):
    assert bool(run("TX002", book(expenditure(note=text)))) is hit


def test_title_year_follows_the_profile():
    """Only a table whose title template in the profile carries {year} must print one: a
    profile in the context is used (the default profile when none is given)."""
    from dataclasses import replace

    from yusuan import profiles

    default = profiles.load()
    undated = replace(default, tables=tuple(replace(t, title=t.title.replace("{year}年", "")) for t in default.tables))
    basic = table({"sheet": "一般公共预算基本支出预算表", "title": "一般公共预算基本支出情况表", "year": None, "rows": []})
    assert run("TX009", book(basic)) == [("TX009", W, "一般公共预算基本支出预算表", "A1")]
    assert run("TX009", book(basic), CheckContext(profile=undated, year=2025)) == []
    assert run("TX009", book(basic), CheckContext(profile=default, year=2025)) != []


def test_rules_never_crash_on_bare_tables():
    bare = SheetTable(kind="unknown", sheet="S", title="", title_cell="", year=None, department="", unit="",
                      keys=(), columns={}, rows=(), header_rows=(0, 0))
    for item_check in all_checks():
        if item_check.rule.code.startswith("TX"):
            list(item_check.run(book(bare), CheckContext()))
            assert list(item_check.run(book(), CheckContext())) == []


def test_text_cells_cover_every_text():
    shown = expenditure(["detail", 2010301, "行政运行", "abc"], note="注")
    cells = {(t.cell, t.text) for t in tx.text_cells(shown)}
    assert {("A1", shown.title), ("A1", DEPARTMENT), ("E7", "行政运行"), ("A7", "201"), ("F7", "abc"), ("A9", "注")} <= cells


# ---- end to end: the demo workbook, parsed back ------------------------------------------------
OWN_FAMILIES = ("CL", "TX")


def _own_findings(parsed, ctx):
    findings = []
    for item_check in all_checks():
        if item_check.rule.code.startswith(OWN_FAMILIES):
            findings.extend(item_check.run(parsed, ctx))
    return findings


@pytest.fixture(scope="module")
def demo_port(demo_bytes):
    return open_copy(demo_bytes), parse_workbook


def _cell_of(port, sheet: str, text: str) -> tuple[int, int]:
    for r, row in enumerate(port.read_values(sheet), start=1):
        for c, value in enumerate(row, start=1):
            if value == text:
                return r, c
    raise AssertionError(f"{text} not on {sheet}")


def test_demo_has_no_errors(demo_port):
    port, parse = demo_port
    findings = _own_findings(parse(port), CheckContext(year=2025))
    assert [f for f in findings if f.severity is Severity.ERROR] == []


MUTATIONS = [
    # (sheet, text to replace, new text, rule, severity)
    ("财政拨款收支预算表", "（十）卫生健康支出", "（十）医疗卫生与计划生育支出", "CL003", E),
    ("部门支出预算表", "一般行政管理事务", "行政运行", "CL002", E),
    ("一般公共预算基本支出预算表", "工资奖金津补贴", "工资福利支出", "CL007", E),
    ("国有资本经营支出预算表", "本部门2025年无国有资本经营预算拨款安排的支出，故本表无数据。",
     "本部门2025年无政府性基金预算拨款安排的支出，故本表无数据。", "TX005", E),
    ("部门收支预算表", "2025年部门收支预算表", "2024年部门收支预算表", "TX006", E),
    ("部门支出预算表", "住房公积金", "住房公积金xxx", "TX001", E),
    ("一般公共预算基本支出预算表", "30302", "30701", "CL012", E),
    ("支出经济分类汇总表", "506", "501", "CL009", E),  # on a unit row: its kind is known
    ("行政（事业）单位机构运转经费预算表", "办公费", "办公经费", "CL005", E),
]


@pytest.mark.parametrize("sheet,old,new,code,severity", MUTATIONS, ids=[m[3] for m in MUTATIONS])
def test_demo_mutation_is_found_on_its_cell(demo_port, sheet, old, new, code, severity):
    port, parse = demo_port
    row, col = _cell_of(port, sheet, old)
    port.write_values(sheet, row, col, [[new]])
    try:
        findings = [f for f in _own_findings(parse(port), CheckContext(year=2025)) if f.code == code]
    finally:
        port.write_values(sheet, row, col, [[old]])  # the module's demo, as built
    assert (code, severity, sheet, a1(row, col)) in [(f.code, f.severity, f.sheet, f.cell) for f in findings]


# ---- properties --------------------------------------------------------------------------------

TOKENS = ["xxx", "XX", "××", "某某", "待填", "请填写", "（略）", "{单位}", "增加（减少）", "增长（下降）"]
CHINESE = st.text(alphabet="部门预算支出经费项目本年合计万元一二三", max_size=10)


@settings(max_examples=80, deadline=None)
@given(CHINESE, st.sampled_from(TOKENS), CHINESE)
def test_a_placeholder_anywhere_in_a_label_is_found(before, token, after):
    labelled = expenditure(["detail", 2010301, before + token + after, 1])
    assert ("TX001", E, EXP, "E7") in run("TX001", book(labelled))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40), st.text(max_size=20), st.one_of(st.none(), st.integers(1990, 2030)))
def test_text_rules_never_crash(note, label, year):
    fund = table({"sheet": "政府性基金支出预算表", "title": label, "year": year, "department": label, "note": note,
                  "rows": [["total", "", "合计", None], ["detail", 2290402, label, label]]})
    for item_check in all_checks():
        if item_check.rule.code.startswith("TX"):
            list(item_check.run(book(fund, GOOD_EXP), CheckContext()))
