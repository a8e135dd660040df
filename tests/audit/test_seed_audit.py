"""Real published disclosures typed into workbooks the way the seeds print them — with their
errors — and checked by yusuan's audit (issue 3).

Fixtures: tests/fixtures/audit/ (README.md there; make_workbooks.py builds the workbooks from
the transcriptions).  For every workbook three lists, one entry per finding (sheet, cell, rule,
why):

- FLAGGED: published errors that yusuan reports — each must be reported exactly there;
- GAPS: published errors that yusuan does not report yet, or reports on another cell —
  xfail(strict), so a fixed rule shows up as XPASS and the entry moves to FLAGGED;
- SPURIOUS: what yusuan reports although the publication is right there — xfail(strict) on
  "not reported".

Every 错误/警告 finding must be one of these (``test_no_other_findings``), so a new false
alarm on real data fails here.  The recognition of each table (kind, year, 部门名称) and every
table reported as unrecognised (with its reason) are asserted too; seed 004 in a foreign
layout must be recognised in full, with its published figures and only its published errors.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import shutil
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from yusuan.audit.choose import choose_profile
from yusuan.audit.recognize import parse_workbook
from yusuan.audit.runner import CheckOutcome, table_findings
from yusuan.commands import check_file
from yusuan.findings.rule import Finding, Severity
from yusuan.model.parsed import ParsedWorkbook, SheetTable
from yusuan.ports.base import a1
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

FIXTURES = Path(__file__).parents[1] / "fixtures" / "audit"
WORKBOOKS = ("seed000", "seed002", "seed003", "foreign004")
E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Expect:
    """One finding on one cell.  ``code`` None: any rule (a gap no rule covers yet); ``text``: a
    word of the message, where one cell carries several findings of one rule; ``reported``:
    the cell where yusuan reports a gap today (so it is not counted as a stray finding)."""

    sheet: str
    cell: str
    code: str | None
    why: str
    severity: Severity | None = None
    text: str = ""
    reported: str = ""

    def matches(self, finding: Finding, cell: str | None = None) -> bool:
        return (finding.sheet == self.sheet and finding.cell == (cell or self.cell)
                and (self.code is None or finding.code == self.code) and self.text in finding.message)


# --------------------------------------------------------------------------------------------
# seed 000 — 洛阳市孟津区政务服务和大数据管理局 2022 (13 tables, 行政 unit 146001)
# --------------------------------------------------------------------------------------------
FISCAL0 = "4财政拨款收支总表"
ECON0 = "7经济分类汇总表"
FLAGGED_000 = [
    Expect(FISCAL0, "C14", "CL003", "（七）文化体育旅游与传媒支出: misspelt 类 name (文化旅游体育与传媒支出)", E),
    Expect(FISCAL0, "C16", "CL003", "（九）医疗卫生与计划生育支出: the pre-2019 name of 210 卫生健康支出", E),
    Expect(FISCAL0, "C19", "CL003", "城乡社区事务支出: outdated name of 212 城乡社区支出", E),
    Expect(FISCAL0, "C20", "CL003", "农林水事务支出: outdated name of 213 农林水支出", E),
    Expect(FISCAL0, "C22", "CL003", "资源勘探信息等支出: renamed 资源勘探工业信息等支出 in 2020", E),
    Expect(FISCAL0, "E17", "XT007", "the 21.25 of 210 is printed on the outdated （九）医疗卫生与计划生育 row; "
           "（十）卫生健康支出 is blank while 表五 has 210-11-01 21.25", E),
    Expect(ECON0, "C20", "CL005", "30299 named 商品和服务支出 (catalog: 其他商品和服务支出)", E),
    Expect("9政府性基金", "A8", "TX001", "note '市 xxx 局 2022 年无政府性基金…' keeps the template's xxx", E),
    Expect("10国有资本经营", "A8", "TX001", "note '市 xxx 局 2022 年无国有资本经营…' keeps the template's xxx", E),
    Expect(ECON0, "D10", "CL009", "行政 unit (行政运行, 行政单位医疗) with 505 codes beside 501/502: 30107 → 50501 "
           "(also in 表六)", E),
    Expect(ECON0, "D24", "CL009", "the same 行政 unit: project 30299 → 50502 (行政: 50299)", E, text="应改为 50299"),
    Expect(ECON0, "D26", "CL009", "the same 行政 unit: project 30199 → 50501 (行政: 50101)", E, text="应改为 50101"),
    Expect(ECON0, "E20", "CL015", "project line 30299 classified to 502 机关商品和服务支出 without 款 (on the 款 cell "
           "to fill; 30299 → 50299)", W, text="应为 50299"),
    Expect("8三公经费", "A6", "TX004", "三公 table printed empty, with the 注 but without the 无数据 note (on the 注, "
           "which the note follows)", W, text="三公”经费安排的支出，故本表无数据"),
    Expect("1收支总表", "A1", "XT001", "profile 河南2025: its 十一 机构运转经费 table is not in the 2022 set "
           "(the seed's 目录 has 13 tables)", W, text="第十一张表"),
    Expect("情况说明", "A4", "TX210", "text 一: '收入增加 85.62 万元万元' (duplicated unit)", E),
    Expect("9政府性基金", "A2", "TX001", "部门名称 '洛阳市 XXXX 局' (template placeholder)", E),
    Expect("9政府性基金", "A2", "TX007", "部门名称 '洛阳市 XXXX 局' differs from every other table", W),
]
GAPS_000: list[Expect] = []
GAP_REASONS_000: dict = {}
SPURIOUS_000: list[Expect] = []

# --------------------------------------------------------------------------------------------
# seed 002 — 卫辉市政务服务和大数据管理局 2024 (11 tables; README of tests/fixtures/seeds/seed002)
# --------------------------------------------------------------------------------------------
FISCAL2 = "表四"
FLAGGED_002 = [
    Expect(FISCAL2, "C10", "CL002", "'(三) 国防支出(' stray bracket (README item 4)", E),
    Expect(FISCAL2, "C14", "CL003", "(七) 文化体育旅游与传媒支出: misspelt (item 4)", E),
    Expect(FISCAL2, "C16", "CL003", "(九) 医疗卫生与计划生育支出: pre-2019 name (item 4)", E),
    Expect(FISCAL2, "C19", "CL003", "城乡社区事务支出: outdated 类 name", E),
    Expect(FISCAL2, "C20", "CL003", "农林水事务支出: outdated 类 name", E),
    Expect(FISCAL2, "C22", "CL003", "资源勘探信息等支出: outdated 类 name", E),
    Expect("表九", "F7", "XT011", "政府性基金 table 合计 860.00, 表四 政府性基金 11,191.00: the 229-04-02 row "
           "10,331.00 is missing (item 1)", E),
    Expect(FISCAL2, "G32", "XT011", "表四 (二十九) 其他支出 政府性基金 10,331.00 has no 229 row in 表九 (item 1)", E),
    Expect("表九", "A11", "TX003", "'…故此表无数据' under a table with 860.00 (item 1)", E),
    Expect("表十", "F6", "XT014", "项目支出表 政府性基金 11,191.00 (本年 860 + 结转 10,331) against 表九 项目支出 "
           "860.00: the same missing 10,331.00 (item 1)", E),
    Expect("表三", "C12", "CL010", "2101101 行政单位医疗 and 2101102 事业单位医疗 in one 行政 unit (item 3)", E),
    Expect("表六", "C10", "CL009", "30107 → 50501 (事业) beside 501xx (item 3)", E, text="应改为 50101"),
    Expect("表六", "C13", "CL009", "30110 (2.66) → 50501 (事业) beside 501xx (item 3)", E, text="应改为 50102"),
    Expect("表一", "A1", "XT001", "表七 支出经济分类汇总表 is in the 目录 but not printed (item 2)", W, text="第七张表"),
    Expect("表一", "A1", "XT001", "profile 河南2025: 国有资本经营 table not in the 2024 set of 12", W, text="第十张表"),
    Expect("表一", "A1", "XT001", "profile 河南2025: 机构运转经费 table not in the 2024 set of 12", W, text="第十一张表"),
    Expect("表十二", "B12", "XT016", "表十 truncates the name (…岗位人员工, item 5)", W),
    Expect("表十二", "B21", "XT016", "表十 truncates the name (…项目等专, item 5)", W),
    Expect("表十二", "B24", "XT016", "表十 truncates the name ([2021]292号 …灾后重, item 5)", W),
    Expect("表十二", "B27", "XT016", "表十 truncates the name ([2021]254号 …灾后重, item 5)", W),
    Expect("表十二", "B30", "XT016", "表十 truncates the name ((2022)31号 …文化综合, item 5)", W),
    Expect("表十二", "B33", "XT016", "表十 truncates the name ([2021]183号 …灾后重, item 5)", W),
    Expect("表十二", "B36", "XT016", "表十 truncates the name ([2023]33号 …文化综合体, item 5)", W),
    Expect("情况说明", "A4", "TX203", "text 一: 收入 growth printed 1200.17%, 10648.12 / 886.10 = 1201.68% (item 9)", E),
    Expect("情况说明", "A5", "TX203", "text 一: 支出 growth printed 1200.17% as well (item 9)", E),
    Expect("情况说明", "A13", "TX204", "text 五: 189.07 / 343.22 printed 55.08%, correct 55.09% (item 10)", E),
    Expect("情况说明", "A17", "TX209", "text 七: '比2023年增加（减少）0万元' (both alternatives, item 12)", E),
    Expect("情况说明", "A19", "TX209", "text 七(一): '增加（减少）xxx万元' (item 12)", E),
    Expect("情况说明", "A20", "TX209", "text 七(二): '增加（减少）0万元' (item 12)", E),
    Expect("情况说明", "A21", "TX209", "text 七(三): '增加（减少）0万元' twice (item 12)", E),
    Expect("情况说明", "A23", "TX201", "text 八: 政府性基金 11191 万元 (as 表三/表四) against 表九's 860.00, "
           "which omits the 10,331.00 (item 1)", E, text="表九!F7"),
    Expect("情况说明", "A23", "TX201", "text 八: 特定目标类项目 11191 万元 against 表九 特定目标类 860.00 (item 1)", E,
           text="表九!N7"),
    Expect("情况说明", "A11", "TX207", "text 四: 政府性基金 +10611.3 万元 (1830.48%) without a reason (inputs README)", W),
    Expect("情况说明", "A5", "TX213", "text 一: '以上三点原因造成预算收入总计增加 10648.12 万元' after points "
           "10331 + 284.91 + 32.20 = 10648.11 (尾差 of rounded points)", Severity.INFO),
    Expect("表九", "E8", "TX008", "department row name truncated '卫辉市政务服务和大数据管理' (item 1)", W),
    Expect("表十二", "H33", "XT018", "project 24430: 资金总额 963.37 but cost indicator '963.38万元' (item 6)", W),
]
GAPS_002 = [
    Expect("情况说明", "A7", None, "text 二: '政府性基金收入 11191 万元', 表二 has 本年 860.00 and 上年结转 "
           "10,331.00 (item 11)"),
]
GAP_REASONS_002 = {
    ("A7", None): "the 情况说明 amount rules (TX201) do not compare text 二's 政府性基金收入 with 表二 "
                  "(本年 + 上年结转)",
}

# --------------------------------------------------------------------------------------------
# seed 003 — 洛阳市政务服务和大数据管理局 2020 (5 of the 12 tables of its 目录 printed)
# --------------------------------------------------------------------------------------------
MISSING_003 = {
    "第一张表": "一 收支总体情况表: in the 目录, not printed",
    "第二张表": "二 收入总体情况表: in the 目录, not printed",
    "第四张表": "四 财政拨款收支总体情况表: in the 目录, not printed",
    "第七张表": "profile 河南2025: 支出经济分类汇总表 is not in the 2020 set",
    "第九张表": "八 政府性基金预算支出情况表: in the 目录, not printed",
    "第十张表": "九 国有资本经营预算支出情况表: in the 目录, not printed",
    "第十一张表": "十 机关运行经费: in the 目录, not printed",
    "第十二张表": "profile 河南2025: 项目支出表 is not in the 2020 set",
    "第十四张表": "十二 项目（政策）绩效目标表: in the 目录, not printed",
}
FLAGGED_003 = [Expect("Sheet1", "A1", "XT001", why, W, text=word) for word, why in MISSING_003.items()] + [
    Expect("情况说明", "A14", "TX209", "text 六: drafting note '（此处单位根据实际情况选列）' left in", E),
    Expect("预算06表", "A2", "TX009", "title '一般公共预算基本支出情况表' without the budget year (docs/design.md, check A7)", W),
    Expect("预算10表", "D10", "XT019", "整体支出绩效目标表: tasks 74 + 1.5 + 18 = 93.5 ≠ 92, the 三公 1.5 counted "
           "again beside the 基本支出 74 that holds it (README item 9)", W),
]
GAPS_003 = [
    Expect("情况说明", "A26", None, "text 十(一): 机关运行经费 57.7 万元 is the 行政运行 total; 公用经费 in 表六 is 7.7 "
           "(docs/design.md, check C8)"),
]
GAP_REASONS_003 = {
    ("A26", None): "no rule compares the 机关运行经费 of the 情况说明 with 表六's 公用经费 (docs/design.md, checks D1/C8): "
                   "seed 003 prints no 机关运行经费 table, so the table rule XT012 has nothing to compare; the "
                   "figure is only in the text (a 情况说明 rule, narrative_rules)",
}

# --------------------------------------------------------------------------------------------
# seed 004 in a foreign layout — the errors of the publication (README of tests/fixtures/seeds/seed004)
# --------------------------------------------------------------------------------------------
FISCAL4 = "财政拨款收支总表"
FLAGGED_004 = [
    Expect(FISCAL4, "C12", "CL003", "（七）文化体育旅游与传媒支出: misspelt (item 2)", E),
    Expect(FISCAL4, "C14", "CL003", "（九）医疗卫生与计划生育支出: pre-2019 name (item 2)", E),
    Expect(FISCAL4, "C17", "CL003", "城乡社区事务支出: outdated 类 name", E),
    Expect(FISCAL4, "C18", "CL003", "农林水事务支出: outdated 类 name", E),
    Expect(FISCAL4, "C20", "CL003", "资源勘探信息等支出: outdated 类 name", E),
    *[Expect("经济分类", f"D{row}", "CL009", "事业 unit: project lines under 502xx/503xx (行政), basic under 505xx "
             "(item 3): each project line", E) for row in range(18, 26)],
    Expect("运转经费", "A1", "TX009", "'行政（事业）单位机构运转经费预算表' printed without 2025, unlike the other "
           "titled tables (the profile's 十一 title carries {year}; only 十三/十四 have none)", W),
]

FLAGGED = {"seed000": FLAGGED_000, "seed002": FLAGGED_002, "seed003": FLAGGED_003, "foreign004": FLAGGED_004}
GAPS = {"seed000": (GAPS_000, GAP_REASONS_000), "seed002": (GAPS_002, GAP_REASONS_002),
        "seed003": (GAPS_003, GAP_REASONS_003), "foreign004": ([], {})}
SPURIOUS = {"seed000": SPURIOUS_000, "seed002": [], "seed003": [], "foreign004": []}


# --------------------------------------------------------------------------------------------
# recognition: every sheet's tables (kind, year, 部门名称) and what is reported unrecognised
# --------------------------------------------------------------------------------------------
D0, D2, D3, D4 = "洛阳市孟津区政务服务和大数据管理局", "卫辉市政务服务和大数据管理局", "洛阳市政务服务和大数据管理局", "洛龙区政务服务中心"
RECOGNISED = {
    "seed000": [
        ("1收支总表", "income_expenditure_summary", 2022, D0),
        ("2收入总表", "income", 2022, D0),
        ("3支出总表", "expenditure", 2022, D0),
        (FISCAL0, "fiscal_summary", 2022, D0),
        ("5一般公共预算支出表", "general_budget_expenditure", 2022, D0),
        ("6基本支出表", "general_budget_basic", 2022, D0),
        (ECON0, "economic_summary", 2022, D0),
        ("8三公经费", "three_public", 2022, D0),
        ("9政府性基金", "government_fund_expenditure", 2022, "洛阳市XXXX局"),
        ("10国有资本经营", "state_capital_expenditure", 2022, D0),
        ("11项目支出", "projects", 2022, D0),
        ("12整体绩效", "overall_performance", 2022, ""),  # year from '(2022年度)'; the name is a form cell
        ("13项目绩效", "project_performance", None, ""),  # '本级部门预算项目绩效目标汇总表': no year, no 部门名称 line
    ],
    "seed002": [
        ("表一", "income_expenditure_summary", 2024, D2),
        ("表二", "income", 2024, D2),
        ("表三", "expenditure", 2024, D2),
        (FISCAL2, "fiscal_summary", 2024, D2),
        ("表五", "general_budget_expenditure", 2024, D2),
        ("表六", "general_budget_basic", 2024, D2),
        ("表八", "three_public", 2024, D2),
        ("表九", "government_fund_expenditure", 2024, D2),
        ("表十", "projects", 2024, D2),
        ("表十一", "overall_performance", 2024, D2),
        ("表十二", "project_performance", 2024, D2),
    ],
    "seed003": [
        ("Sheet1", "expenditure", 2020, D3),
        ("Sheet2", "general_budget_expenditure", 2020, D3),
        ("预算06表", "general_budget_basic", None, D3),
        ("预算07表", "three_public", 2020, D3),  # a list 项目 | 2020年“三公”经费预算数 (recognition.yaml form_labels)
        ("预算10表", "overall_performance", 2020, ""),  # 整体支出绩效目标表: no 预算情况 block; its labels, task amounts read
    ],
    "foreign004": [
        ("支出总表", "expenditure", 2025, D4),
        ("收支总表", "income_expenditure_summary", 2025, D4),
        ("经济分类", "economic_summary", 2025, D4),
        ("收入总表", "income", 2025, D4),
        ("一般公共预算支出", "general_budget_expenditure", 2025, D4),
        ("基本支出", "general_budget_basic", 2025, D4),
        (FISCAL4, "fiscal_summary", 2025, D4),
        ("项目支出（元）", "projects", 2025, D4),
        ("运转经费", "operating_costs", None, D4),  # '行政（事业）单位机构运转经费预算表' prints no year
        ("三公", "three_public", 2025, D4),
        ("空表", "government_fund_expenditure", 2025, D4),
        ("空表", "state_capital_expenditure", 2025, D4),
        ("部门整体绩效", "overall_performance", 2025, D4),
        ("项目绩效目标", "project_performance", None, D4),  # '部门预算项目绩效目标表' prints no year
    ],
}
UNRECOGNISED = {
    "seed000": [],
    "seed002": [],
    "seed003": [],
    "foreign004": [],
}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def workbook_path(name: str) -> Path:
    return FIXTURES / name / "workbook.xlsx"


@cache
def outcome(name: str) -> CheckOutcome:
    return table_findings(OpenpyxlWorkbook.open(workbook_path(name)))


def parsed(name: str) -> ParsedWorkbook:
    result = outcome(name).parsed
    assert result is not None
    return result


def _id(name: str, e: Expect) -> str:
    return f"{name}-{e.sheet}-{e.cell}-{e.code or 'any'}" + (f"-{e.text}" if e.text else "")


def _flagged_cases():
    for name, expects in FLAGGED.items():
        for e in expects:
            yield pytest.param(name, e, id=_id(name, e))
    for name, (expects, reasons) in GAPS.items():
        for e in expects:
            yield pytest.param(name, e, id=_id(name, e),
                               marks=pytest.mark.xfail(strict=True, reason=reasons[(e.cell, e.code)]))


def _format(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.severity.label} {f.code} {f.sheet}!{f.cell} {f.message}" for f in findings)


# --------------------------------------------------------------------------------------------
# published errors
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,expect", list(_flagged_cases()))
def test_published_error_flagged(name, expect):
    findings = outcome(name).findings
    hits = [f for f in findings if expect.matches(f)]
    on_sheet = [f for f in findings if f.sheet == expect.sheet]
    assert hits, f"{expect.why}: no {expect.code or 'finding'} on {expect.sheet}!{expect.cell}\n{_format(on_sheet)}"
    if expect.severity is not None:
        assert {f.severity for f in hits} == {expect.severity}


@pytest.mark.parametrize("name,expect", [
    pytest.param(name, e, id=_id(name, e), marks=pytest.mark.xfail(strict=True, reason=f"false alarm: {e.why}"))
    for name, expects in SPURIOUS.items() for e in expects
])
def test_no_false_alarm(name, expect):
    assert not [f for f in outcome(name).findings if expect.matches(f)]


@pytest.mark.parametrize("name", WORKBOOKS)
def test_no_other_findings(name):
    """Every 错误/警告 is a listed published error, a known gap where it is reported today, or a
    known false alarm: nothing else on real data."""
    gaps = GAPS[name][0]
    known = FLAGGED[name] + SPURIOUS[name]
    stray = [
        f for f in outcome(name).findings
        if f.severity is not Severity.INFO
        and not any(e.matches(f) for e in known)
        and not any(e.matches(f) or (e.reported and e.matches(f, e.reported)) for e in gaps)
    ]
    assert not stray, "findings not explained by the published errors:\n" + _format(stray)


def test_no_rule_failed():
    for name in WORKBOOKS:
        assert not [f for f in outcome(name).findings if f.code == "SYS001"], name


# --------------------------------------------------------------------------------------------
# recognition
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", WORKBOOKS)
def test_tables_recognised(name):
    result = parsed(name)
    assert [(t.sheet, t.kind, t.year, t.department) for t in result.tables] == RECOGNISED[name]
    reported = [(u.sheet, u.cell, u.title) for u in result.unrecognised]
    assert reported == [u[:3] for u in UNRECOGNISED[name]]
    for u, (_, _, _, reason) in zip(result.unrecognised, UNRECOGNISED[name]):
        assert reason in u.reason, u.reason


def _table(name: str, sheet: str, kind: str | None = None) -> SheetTable:
    return next(t for t in parsed(name).tables if t.sheet == sheet and (kind is None or t.kind == kind))


def test_older_layouts_map_to_profile_keys():
    """2020: 一般性项目/专项资金 are 其他运转类/特定目标类, no 资本性支出 column, 基本支出表 with
    一般公共预算 小计; 2024: 一般公共预算支出表 without 特定目标类."""
    expenditure = _table("seed003", "Sheet1")
    assert (expenditure.columns["project_operating"], expenditure.columns["project_specific"]) == (12, 13)
    assert "capital" not in expenditure.keys
    basic = _table("seed003", "预算06表")
    # 其中：财政拨款 maps to the 河南2020 profile's column ``fiscal``
    assert basic.keys == ("dept_class", "dept_item", "dept_name", "gov_class", "gov_item", "gov_name", "total", "fiscal")
    assert [(r.code, r.labels["gov_code"]) for r in basic.rows[-2:]] == [("30231", "50208"), ("30239", "50201")]
    assert "project_specific" not in _table("seed002", "表五").keys


def test_printed_numbers_read_as_printed():
    """'883. 50' (text), '1,203.22' (number shown with separators), '860' and unpadded codes."""
    summary = _table("seed000", "1收支总表")
    first = summary.rows[0]
    assert (first.cells["income_amount"].raw, first.amount("income_amount")) == ("883. 50", Decimal("883.50"))
    table = _table("seed002", "表三")
    by_code = {r.code: r for r in table.rows}
    assert by_code["2320498"].cells["project"].raw == 860 and by_code["2320498"].amount("project") == 860
    assert table.total_row.amount("total") == Decimal("11534.22")
    assert [r.code for r in _table("seed000", "5一般公共预算支出表").rows_with("detail")] == ["2010301", "2080505", "2101101"]
    econ = _table("seed000", ECON0)
    assert (econ.rows[2].code, econ.rows[2].labels["gov_code"]) == ("30102", "50101")
    assert (econ.rows[14].code, econ.rows[14].labels["gov_code"]) == ("30299", "502")  # 502 without 款


def test_seed000_department_row_repeating_the_unit_code():
    """The department row printed with the unit's code 146001 (right after 合计) is the
    department row, the next 146001 row the unit: not two department rows summed twice."""
    table = _table("seed000", "2收入总表")
    assert [(r.role, r.code) for r in table.rows] == [("total", ""), ("department", "146001"), ("unit", "146001")]


def test_seed000_performance_projects_are_projects():
    """A project row whose 单位编码（项目编码） holds the unit code (146001) is still a project:
    it has a name and indicators, which department and unit rows never carry."""
    table = _table("seed000", "13项目绩效")
    assert [r.role for r in table.rows] == ["detail"] * 11


# --------------------------------------------------------------------------------------------
# seed 004 in a foreign layout
# --------------------------------------------------------------------------------------------
def _foreign_tables() -> list[tuple[dict, SheetTable]]:
    """(transcription entry, parsed table) pairs, in workbook order."""
    spec = yaml.safe_load((FIXTURES / "foreign004" / "workbook.yaml").read_text(encoding="utf-8"))
    entries = [t for sheet in spec["sheets"] for t in (sheet.get("tables") or [sheet]) if "body" in t]
    tables = list(parsed("foreign004").tables)
    assert len(entries) == len(tables) == 14
    return list(zip(entries, tables))


def test_foreign_layout_recognised_in_full():
    result = parsed("foreign004")
    assert result.unrecognised == ()
    assert sorted(t.kind for t in result.tables) == sorted({
        "income_expenditure_summary", "income", "expenditure", "fiscal_summary", "general_budget_expenditure",
        "general_budget_basic", "economic_summary", "three_public", "government_fund_expenditure",
        "state_capital_expenditure", "operating_costs", "projects", "overall_performance", "project_performance"})
    assert _table("foreign004", "项目支出（元）").unit == "元"
    assert all(t.unit == "万元" for t in result.tables if t.sheet != "项目支出（元）")
    flat = _table("foreign004", "支出总表")
    assert flat.header_rows == (3, 3) and flat.columns["wages"] == 8 and flat.columns["project_specific"] == 14
    moved = _table("foreign004", "项目支出（元）")
    assert (moved.columns["name"], moved.columns["unit_name"], moved.columns["project_type"]) == (1, 2, 3)


def test_foreign_amounts_are_the_published_figures():
    """Every printed amount — as text '778. 96', as text in 元 '4,973,100.00', as a number —
    parses to the published figure in 万元, on the cell where it stands."""
    source = FIXTURES.parent / "seeds" / "seed004" / "expected"
    generator = _generator()
    checked = 0
    for entry, table in _foreign_tables():
        if table.kind == "overall_performance":
            assert [r.cells[r.code].amount for r in table.rows] == [
                Decimal("778.96"), Decimal("778.96"), None, None, Decimal("281.65"), Decimal("497.31")]
            continue
        cells = {c.address: c for r in table.rows for c in r.cells.values()}
        body = generator.read_csv(source / entry["body"])
        if entry.get("order"):
            body = [[row[i - 1] if i else "" for i in entry["order"]] for row in body]
        top = table.header_rows[1] + 1
        for offset, row in enumerate(body):
            for col in sorted(generator._columns(entry["amounts"])):
                printed = row[col - 1] if col <= len(row) else ""
                if printed:
                    cell = cells[a1(top + offset, col)]
                    assert cell.amount == Decimal(printed), (entry["body"], cell.address, cell.raw)
                    checked += 1
    assert checked > 300


def test_foreign_sheet_named_like_an_input_sheet_is_still_read(tmp_path):
    """Sheets named like yusuan's input sheets (整体绩效, 项目绩效) are skipped only when they start
    with the input sheet's header: a disclosure table under its title is read."""
    book = load_workbook(workbook_path("foreign004"))
    book["部门整体绩效"].title = "整体绩效"
    book["项目绩效目标"].title = "项目绩效"
    book.save(tmp_path / "renamed.xlsx")
    result = parse_workbook(OpenpyxlWorkbook.open(tmp_path / "renamed.xlsx"))
    kinds = {t.kind for t in result.tables} | {u.title for u in result.unrecognised}
    assert {"overall_performance", "project_performance"} <= kinds


# --------------------------------------------------------------------------------------------
# the command, and the committed files
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", WORKBOOKS)
def test_check_file_flags_the_same_findings(name, tmp_path):
    """`yusuan check` on the file: same findings, written into a copy, the source untouched."""
    source = tmp_path / "in.xlsx"
    shutil.copyfile(workbook_path(name), source)
    before = source.read_bytes()
    result = check_file(source, tmp_path / "out.xlsx")
    key = lambda f: (f.code, f.severity, f.sheet, f.cell, f.message)  # noqa: E731
    book = OpenpyxlWorkbook.open(workbook_path(name))
    expected = table_findings(book, choose_profile(parse_workbook(book)).profile).findings
    assert [f.code for f in result.findings].count("PF002") == 1
    assert sorted(map(key, result.findings)) == sorted(map(key, [*expected, *_chosen(result)]))
    assert source.read_bytes() == before
    assert "校验结果" in load_workbook(tmp_path / "out.xlsx", read_only=True).sheetnames


def _chosen(result: CheckOutcome) -> list[Finding]:
    return [f for f in result.findings if f.code == "PF002"]


PROFILE_OF = {"seed000": "河南2022", "seed002": "河南2024", "seed003": "河南2020", "foreign004": "河南2025"}
MISSING_BY_OWN_PROFILE = {
    "seed000": [], "foreign004": [],
    "seed002": ["支出经济分类汇总表"],  # in the 目录, not printed (item 2 of its README)
    "seed003": ["部门收支总体情况表", "部门收入总体情况表", "财政拨款收支总体情况表", "政府性基金预算支出情况表",
                "国有资本经营预算支出情况表", "机关运行经费", "项目（政策）绩效目标表"],  # lost in the extraction
}


@pytest.mark.parametrize("name", WORKBOOKS)
def test_check_picks_the_profile_of_the_workbooks_year(name, tmp_path):
    """Without --profile the audit picks the profile from the workbook (its titles' year, its
    tables and titles) and says which and why on 校验结果 (PF002, 提示).  The expectations
    above judge every workbook by 河南2025 (``outcome``); test_seed_year_profiles.py judges
    seeds 000/003 by their own year's profile."""
    own = PROFILE_OF[name]
    result = check_file(workbook_path(name), tmp_path / "out.xlsx")
    (said,) = _chosen(result)
    assert said.severity is Severity.INFO and said.cell == result.parsed.tables[0].title_cell
    assert said.message.startswith(f"按表样版本“{own}”校验：表格标题的预算年度为 {own[-4:]} 年，与该表样的年度一致")
    # "missing table" only for what the workbook's own 目录 lists and the transcription lacks
    missing = [f.message.split("“")[1].split("”")[0] for f in result.findings if f.code == "XT001"]
    assert missing == MISSING_BY_OWN_PROFILE[name]
    summary = load_workbook(tmp_path / "out.xlsx", read_only=True)["校验结果"]
    assert any(said.message in str(c) for row in summary.iter_rows(values_only=True) for c in row if c)


@pytest.mark.parametrize("year, fallback", [(2021, "河南2022"), (2030, "河南2025")])
def test_a_year_without_profile_falls_back_to_the_nearest_and_says_so(year, fallback):
    """A workbook dated a year no profile has: the best-matching profile of the nearest year,
    said to be a fallback."""
    found = parsed("seed000" if fallback == "河南2022" else "foreign004")
    redated = dataclasses.replace(found, tables=tuple(dataclasses.replace(t, year=year) for t in found.tables))
    choice = choose_profile(redated)
    assert choice.fallback and choice.profile.name == fallback
    assert choice.reason.startswith(f"工作簿的预算年度为 {year} 年，没有该年度的表样，改按表格组成最相近的表样“{fallback}”校验")


def test_check_with_a_named_profile_says_so(tmp_path):
    result = check_file(workbook_path("seed000"), tmp_path / "out.xlsx", "河南2025")
    (said,) = _chosen(result)
    assert said.message == "按表样版本“河南2025”校验：由命令行（--profile / --profile-file）或调用方指定。"
    assert "XT001" in {f.code for f in result.findings}  # judged by 2025: its 十一 is missing


@cache
def _generator():
    """tests/fixtures/audit/make_workbooks.py (not a package: loaded from its path)."""
    spec = importlib.util.spec_from_file_location("make_workbooks", FIXTURES / "make_workbooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# stacked004: tests/audit/test_stacked.py; seed001: tests/audit/test_seed_audit_2023_2024.py
@pytest.mark.parametrize("name", (*WORKBOOKS, "stacked004", "seed001"))
def test_committed_workbooks_are_up_to_date(name):
    """The committed workbook is what make_workbooks.py builds from the transcription now."""
    built = _generator().render(FIXTURES / name)
    committed = load_workbook(workbook_path(name))
    assert committed.sheetnames == built.sheetnames
    for sheet in built.sheetnames:
        a, b = committed[sheet], built[sheet]
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges)), sheet
        assert _cells(a) == _cells(b), sheet


def _cells(ws) -> set[tuple[str, object, str]]:
    return {(c.coordinate, c.value, c.number_format) for row in ws.iter_rows() for c in row if c.value is not None}
