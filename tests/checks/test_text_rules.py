"""文字 rules at table level (TX…) on hand-built parsed tables: for every rule a passing and a
failing case, asserting code, severity and cell.  Failing cases follow the seeds: 002 prints
860.00 in its 政府性基金 table and notes 故此表无数据, and writes 增加（减少）xxx万元; 000 heads
its 政府性基金 table 部门名称: 洛阳市 XXXX 局 and notes 市 xxx 局 2022 年无….

The end-to-end tests parse the built demo workbook back, expect no 错误 from the 科目 and 文字
rules, then break single cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builds import open_copy
from yusuan.audit.recognize import parse_workbook
from yusuan.checks import text_rules as tx
from yusuan.checks.registry import CheckContext, all_checks
from yusuan.findings.rule import Severity
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import a1

E, W = Severity.ERROR, Severity.WARNING
DEPT = "卫辉市政务服务和大数据管理局"
CTX = CheckContext(year=2025)
EXP_KEYS = ("class_code", "item_code", "sub_code", "unit_code", "name", "total", "basic", "project")
FIRST_ROW = 6


@dataclass
class R:
    role: str
    code: str = ""
    label: str = ""
    amounts: dict = field(default_factory=dict)  # key -> number, None (blank) or str (text in an amount cell)
    labels: dict = field(default_factory=dict)


def sheet_table(kind: str, body: list[R], *, sheet: str = "", title: str = "", year: int | None = 2025,
                department: str = DEPT, note: str = "", keys: tuple[str, ...] = EXP_KEYS,
                department_cell: str = "") -> SheetTable:
    columns = {key: i + 1 for i, key in enumerate(keys)}
    rows = []
    for offset, spec in enumerate(body):
        r = FIRST_ROW + offset
        cells = {}
        for key, value in spec.amounts.items():
            if isinstance(value, str):
                cells[key] = ParsedCell(r, columns[key], value, None, problem="不是数字")
            else:
                cells[key] = ParsedCell(r, columns[key], value, None if value is None else Decimal(str(value)))
        rows.append(ParsedRow(r, spec.role, spec.code, spec.label, cells, dict(spec.labels)))
    return SheetTable(
        kind=kind, sheet=sheet or kind, title=title or f"{year}年{kind}", title_cell="A1", year=year,
        department=department, unit="万元", keys=keys, columns=columns, rows=tuple(rows), header_rows=(3, 5),
        note=note, note_cell=f"A{FIRST_ROW + len(body) + 1}" if note else "", department_cell=department_cell,
    )


def total(amount: float | None) -> R:
    return R("total", "", "合计", {"total": amount}, {"name": "合计"})


def detail(code: str, name: str, amount: float | str | None) -> R:
    return R("detail", code, name, {"total": amount}, {"class_code": code[:3], "item_code": code[3:5], "sub_code": code[5:], "name": name})


def book(*tables: SheetTable) -> ParsedWorkbook:
    return ParsedWorkbook(tables=tables)


def run(code: str, workbook: ParsedWorkbook, ctx: CheckContext = CTX) -> list[tuple[str, Severity, str, str]]:
    (item_check,) = [c for c in all_checks() if c.rule.code == code]
    return [(f.code, f.severity, f.sheet, f.cell) for f in item_check.run(workbook, ctx)]


def messages(code: str, workbook: ParsedWorkbook, ctx: CheckContext = CTX) -> list[str]:
    (item_check,) = [c for c in all_checks() if c.rule.code == code]
    return [f.message for f in item_check.run(workbook, ctx)]


FUND, CAPITAL, THREE, EXP = "政府性基金支出预算表", "国有资本经营支出预算表", "一般公共预算“三公”经费预算表", "部门支出预算表"
GOOD_EXP = sheet_table("expenditure", [total(300.01), detail("2010301", "行政运行", 300.01)], sheet=EXP,
                       title="2025年部门支出预算表")
EMPTY_FUND_NOTE = "本部门2025年无政府性基金预算拨款安排的支出，故本表无数据。"


def dept_row(name: str, amount: float) -> R:
    return R("department", "323", name, {"total": amount}, {"unit_code": "323", "name": name})


def unit_row(name: str, amount: float) -> R:
    return R("unit", "323001", name, {"total": amount}, {"unit_code": "323001", "name": name})


def fund_table(amount: float | None, note: str = "", **kw) -> SheetTable:
    body = [total(amount)] + ([detail("2320498", "其他地方自行试点项目收益专项债券付息支出", amount)] if amount else [])
    return sheet_table("government_fund_expenditure", body, sheet=FUND, title="2025年政府性基金支出预算表", note=note, **kw)


def capital_table(note: str = "") -> SheetTable:
    return sheet_table("state_capital_expenditure", [total(None)], sheet=CAPITAL, title="2025年国有资本经营支出预算表", note=note)


def three_public(note: str) -> SheetTable:
    keys = ("total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
    return sheet_table("three_public", [R("total", "", "", {"total": None})], sheet=THREE, keys=keys,
                       title="2025年一般公共预算“三公”经费预算表", note=note)


THREE_FOOTNOTE = "注：按照党中央、国务院有关规定及部门预算管理有关规定，“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费。"

CASES = [
    # TX001 占位内容未替换
    ("TX001", "clean texts (H3C, ≥95%, 公元 are not placeholders)",
     book(GOOD_EXP, sheet_table("projects", [R("detail", "", "通信服务费H3C提速", {"total": 4.8},
                                              {"name": "通信服务费H3C提速", "project_type": "其他运转类"})],
                                keys=("project_type", "name", "total"), sheet="项目支出预算表"),
          fund_table(None, EMPTY_FUND_NOTE)), CTX, []),
    ("TX001", "seed 000: 部门名称 洛阳市 XXXX 局 and note 市 xxx 局",
     book(fund_table(None, "备注: 市 xxx 局 2022 年无政府性基金预算拨款安排的支出,故此表无数据。", department="洛阳市 XXXX 局")),
     CTX, [("TX001", E, FUND, "A1"), ("TX001", E, FUND, "A8")]),
    ("TX001", "seed 002 wording 增加（减少）xxx万元 in a note", book(capital_table(
        "本部门2025年无国有资本经营预算拨款安排的支出，故本表无数据。预算数比2024年增加（减少）xxx万元。")), CTX,
     [("TX001", E, CAPITAL, "A8")]),
    ("TX001", "某某 in a row label, (略) in the title, text in an amount cell",
     book(sheet_table("expenditure", [total(1), detail("2010302", "某某专项", 1), detail("2010301", "行政运行", "待填")],
                      sheet=EXP, title="2025年部门支出预算表（略）")),
     CTX, [("TX001", E, EXP, "A1"), ("TX001", E, EXP, "E7"), ("TX001", E, EXP, "F8")]),
    ("TX001", "template variable and ×× in labels", book(sheet_table(
        "expenditure", [total(1), R("unit", "888", "{单位}", {"total": 1}, {"unit_code": "888", "name": "{单位}"}),
                        detail("2010301", "××运行", 1)], sheet=EXP)), CTX,
     [("TX001", E, EXP, "E7"), ("TX001", E, EXP, "E8")]),
    # TX002 单位重复
    ("TX002", "single units", book(GOOD_EXP, capital_table("本部门2025年无国有资本经营预算拨款安排的支出，故本表无数据（单位：万元）。")), CTX, []),
    ("TX002", "万元万元 in an amount cell, 元元 in the note",
     book(sheet_table("expenditure", [total(1), detail("2010301", "行政运行", "300.01万元万元")], sheet=EXP, note="合计 300.01 元元")),
     CTX, [("TX002", E, EXP, "F7"), ("TX002", E, EXP, "A9")]),
    # TX003 有数据的表注明无数据
    ("TX003", "empty table with the note; data table without it", book(fund_table(None, EMPTY_FUND_NOTE), GOOD_EXP), CTX, []),
    ("TX003", "seed 002: 政府性基金 table prints 860.00 and says 故此表无数据",
     book(fund_table(860, "我部门没有政府性基金收入，也没有使用政府性基金安排支出，故此表无数据。")), CTX,
     [("TX003", E, FUND, "A9")]),
    # TX004 空表缺少说明
    ("TX004", "empty tables with their notes (三公: footnote plus the empty sentence)",
     book(capital_table("本部门2025年无国有资本经营预算拨款安排的支出，故本表无数据。"),
          three_public(THREE_FOOTNOTE + "\n我部门2025年度无“三公”经费预算的支出, 故此表无数据。"), GOOD_EXP), CTX, []),
    ("TX004", "empty 国有资本 table without a note; 三公 with only the footnote",
     book(capital_table(), three_public(THREE_FOOTNOTE)), CTX, [("TX004", W, CAPITAL, "A1"), ("TX004", W, THREE, "A1")]),
    # TX005 空表说明的资金类型不符
    ("TX005", "notes name their own fund (三公 note may say 一般公共预算)",
     book(fund_table(None, EMPTY_FUND_NOTE), three_public("本部门2025年无一般公共预算“三公”经费安排的支出，故本表无数据。")), CTX, []),
    ("TX005", "政府性基金 table with the 国有资本经营 note copied over",
     book(fund_table(None, "本部门2025年无国有资本经营预算拨款安排的支出，故本表无数据。")), CTX, [("TX005", E, FUND, "A8")]),
    ("TX005", "国有资本 table with the 政府性基金 note", book(capital_table(EMPTY_FUND_NOTE)), CTX, [("TX005", E, CAPITAL, "A8")]),
    # TX006 标题年度与预算年度不符
    ("TX006", "all titles in the budget year", book(GOOD_EXP, fund_table(None, EMPTY_FUND_NOTE)), CTX, []),
    ("TX006", "last year's title left", book(GOOD_EXP, sheet_table("three_public", [total(1)], sheet=THREE, year=2024,
                                                                    title="2024年一般公共预算“三公”经费预算表")), CTX,
     [("TX006", E, THREE, "A1")]),
    ("TX006", "no budget year given: the titles' majority", book(
        GOOD_EXP, fund_table(None, EMPTY_FUND_NOTE),
        sheet_table("expenditure", [total(1)], sheet="一般公共预算支出预算表", title="2024 年一般公共预算支出预算表", year=None)),
     CheckContext(), [("TX006", E, "一般公共预算支出预算表", "A1")]),
    ("TX006", "a title without a year is not judged", book(GOOD_EXP, sheet_table(
        "overall_performance", [R("detail", "", "", {"c4": 1})], keys=("c1", "c4"), title="部门（单位）整体绩效目标表", year=None)),
     CTX, []),
    # TX007 部门名称不一致
    ("TX007", "same name (spacing and 部门名称： label ignored)", book(
        GOOD_EXP, fund_table(None, EMPTY_FUND_NOTE, department="部门名称： 卫辉市政务服务和 大数据管理局")), CTX, []),
    ("TX007", "seed 000: one table headed by another name", book(
        GOOD_EXP, capital_table("本部门2025年无国有资本经营预算拨款安排的支出，故本表无数据。"),
        fund_table(None, EMPTY_FUND_NOTE, department="洛阳市 XXXX 局")), CTX, [("TX007", W, FUND, "A1")]),
    ("TX007", "seed 000: flagged on the 部门名称 line when the recogniser located it", book(
        GOOD_EXP, capital_table("本部门2025年无国有资本经营预算拨款安排的支出，故本表无数据。"),
        fund_table(None, EMPTY_FUND_NOTE, department="洛阳市 XXXX 局", department_cell="A2")), CTX,
     [("TX007", W, FUND, "A2")]),
    # TX008 部门（单位）名称被截断
    ("TX008", "full names; another unit's name; a short prefix is no truncation", book(sheet_table(
        "expenditure", [total(3), dept_row(DEPT, 3), unit_row("卫辉市政务服务中心", 2), unit_row("卫辉市", 1),
                        detail("2010301", "卫辉市政务服务和大数据", 3)], sheet=EXP)), CTX, []),
    ("TX008", "seed 002: 表九's department row cut off, and a 三公 unit row",
     book(GOOD_EXP, sheet_table("government_fund_expenditure", [total(860), dept_row("卫辉市政务服务和大数据管理", 860)],
                                sheet=FUND, title="2025年政府性基金支出预算表"),
          sheet_table("three_public", [R("total", "", "", {"total": 1}), R("unit", "", "卫辉市政务服务和大", {"total": 1},
                                                                             {"unit": "卫辉市政务服务和大"})],
                      keys=("unit", "total"), sheet=THREE, title="2025年一般公共预算“三公”经费预算表")), CTX,
     [("TX008", W, FUND, "E7"), ("TX008", W, THREE, "A7")]),
    # TX009 标题缺少年度
    ("TX009", "titles with a year; 十三/十四 have none by design; a year printed below the title", book(
        GOOD_EXP, sheet_table("overall_performance", [], keys=("c1", "c4"), title="部门（单位）整体绩效目标表", year=None),
        sheet_table("project_performance", [], keys=("code", "total"), title="部门预算项目绩效目标表", year=None),
        sheet_table("income", [], keys=("code", "name", "total"), title="部门收入预算表", year=2025)), CTX, []),
    ("TX009", "seed 003: 一般公共预算基本支出情况表 without its year; seed 004's 运转经费 table", book(
        GOOD_EXP, sheet_table("general_budget_basic", [], keys=("dept_code", "total"), sheet="预算06表",
                              title="一般公共预算基本支出情况表", year=None),
        sheet_table("operating_costs", [], keys=("code", "total"), sheet="运转经费",
                    title="行政（事业）单位机构运转经费预算表", year=None)), CTX,
     [("TX009", W, "预算06表", "A1"), ("TX009", W, "运转经费", "A1")]),
]


@pytest.mark.parametrize("code,case,workbook,ctx,expected", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_rule(code, case, workbook, ctx, expected):
    assert sorted(run(code, workbook, ctx), key=str) == sorted(expected, key=str)


def test_every_rule_has_a_passing_and_a_failing_case():
    """Every table-level 文字 rule (this module's; the 情况说明 rules TX2xx are tested with the narrative)."""
    codes = {c.rule.code for c in all_checks() if c.run.__module__ == tx.__name__}
    assert codes == {c[0] for c in CASES if not c[4]} == {c[0] for c in CASES if c[4]}


def test_rules_are_documented():
    for item_check in all_checks():
        if item_check.rule.code.startswith("TX"):
            assert item_check.rule.family == "文字" and len(item_check.rule.doc) > 60


@pytest.mark.parametrize("text", [
    "xxx", "XX局", "20XX年", "YYYY年", "××", "某某单位", "待填", "请填写", "(略)", "（略）", "{单位}", "增加（减少）",
    "增长(下降)", "减少（增加）", "增加/减少", "ＸＸ",
])
def test_placeholder_patterns_hit(text):
    table = sheet_table("expenditure", [total(1)], note=text)
    assert run("TX001", book(table)) == [("TX001", E, "expenditure", "A8")]


@pytest.mark.parametrize("text", [
    "Excel", "H3C提速", "≥95%", "公元元年", "增加", "减少0.5万元", "增长（10%）", "三公经费×2", "OX", "DXXL",
])
def test_placeholder_patterns_miss(text):
    assert run("TX001", book(sheet_table("expenditure", [total(1)], note=text))) == []


@pytest.mark.parametrize("text,hit", [
    ("100万元万元", True), ("100元元", True), ("100万元元", True), ("5%%", True), ("5％%", True),
    ("100万元", False), ("公元元年", False), ("元旦", False),
])
def test_duplicate_unit_patterns(text, hit):
    assert bool(run("TX002", book(sheet_table("expenditure", [total(1)], note=text)))) is hit


def test_messages():
    (placeholder,) = messages("TX001", book(capital_table("增加（减少）xxx万元，故本表无数据")))
    assert "xxx" in placeholder and "增加(减少)" in placeholder and "表注" in placeholder
    (data,) = messages("TX003", book(fund_table(860, "故此表无数据。")))
    assert "860.00" in data and "故此表无数据" in data
    (fund,) = messages("TX005", book(fund_table(None, "本部门2025年无国有资本经营预算拨款安排的支出，故本表无数据。")))
    assert "国有资本经营" in fund and "政府性基金预算拨款" in fund
    (year,) = messages("TX006", book(sheet_table("expenditure", [total(1)], title="2024年部门支出预算表", year=2024)))
    assert "2024" in year and "“2025年部门支出预算表”" in year
    (dept,) = messages("TX007", book(GOOD_EXP, GOOD_EXP, fund_table(None, EMPTY_FUND_NOTE, department="洛阳市 XXXX 局")))
    assert "洛阳市 XXXX 局" in dept and DEPT in dept
    (missing,) = messages("TX004", book(capital_table()))
    assert "2025" in missing
    (cut,) = messages("TX008", book(sheet_table("expenditure", [total(1), dept_row("卫辉市政务服务和大数据管", 1)])))
    assert "“卫辉市政务服务和大数据管”" in cut and "缺少“理局”" in cut and DEPT in cut
    (undated,) = messages("TX009", book(GOOD_EXP, sheet_table("general_budget_basic", [], keys=("total",),
                                                              title="一般公共预算基本支出情况表", year=None)))
    assert "“2025年一般公共预算基本支出情况表”" in undated


def test_title_year_follows_the_profile():
    """Only a table whose title template in the profile carries {year} must print one: a
    profile in the context is used (the default profile when none is given)."""
    from dataclasses import replace

    from yusuan import profiles

    default = profiles.load()
    undated = replace(default, tables=tuple(replace(t, title=t.title.replace("{year}年", "")) for t in default.tables))
    table = sheet_table("general_budget_basic", [], keys=("total",), title="一般公共预算基本支出情况表", year=None)
    assert run("TX009", book(table)) == [("TX009", W, "general_budget_basic", "A1")]
    assert run("TX009", book(table), CheckContext(profile=undated, year=2025)) == []
    assert run("TX009", book(table), CheckContext(profile=default, year=2025)) != []


def test_department_option_wins_over_majority():
    workbook = book(GOOD_EXP, fund_table(None, EMPTY_FUND_NOTE))
    ctx = CheckContext(year=2025, department="卫辉市政务服务和大数据管理局（本级）")
    assert len(run("TX007", workbook, ctx)) == 2


def test_rules_never_crash_on_bare_tables():
    bare = SheetTable(kind="unknown", sheet="S", title="", title_cell="", year=None, department="", unit="",
                      keys=(), columns={}, rows=(), header_rows=(0, 0))
    for item_check in all_checks():
        if item_check.rule.code.startswith("TX"):
            list(item_check.run(book(bare), CheckContext()))
            assert list(item_check.run(book(), CheckContext())) == []


def test_text_cells_cover_every_text():
    table = sheet_table("expenditure", [total(1), detail("2010301", "行政运行", "abc")], note="注")
    cells = {(t.cell, t.text) for t in tx.text_cells(table)}
    assert {("A1", table.title), ("A1", DEPT), ("E7", "行政运行"), ("A7", "201"), ("F7", "abc"), ("A9", "注")} <= cells


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
    table = sheet_table("expenditure", [total(1), detail("2010301", before + token + after, 1)])
    assert ("TX001", E, "expenditure", "E7") in run("TX001", book(table))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40), st.text(max_size=20), st.one_of(st.none(), st.integers(1990, 2030)))
def test_text_rules_never_crash(note, label, year):
    table = sheet_table("government_fund_expenditure", [total(None), detail("2290402", label, label)], note=note,
                        title=label, year=year, department=label)
    for item_check in all_checks():
        if item_check.rule.code.startswith("TX"):
            list(item_check.run(book(table, GOOD_EXP), CheckContext()))
