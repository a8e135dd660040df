"""情况说明 checks (文字 TX201–TX215).

The tables come from workbooks built from the seed fixtures (tests/fixtures/seeds/seed004 and
seed002 inputs), parsed back as any workbook would be.  The paragraphs are seed 004's and seed
002's published 第二部分, copied from /work/shared/seeds (PDF line breaks joined, ``**`` bold
marks dropped), and the 情况说明 that ``build`` generates.

- seed 004 as published gives no finding; with exactly five injected errors (a wrong growth
  rate, a wrong share, 增加 where it fell, ``xxx万元``, ``万元万元``) it gives exactly those five
  findings, on the edited cells;
- seed 002 as published has real errors: growth 1200.17% where 10648.12 ÷ 886.10 = 1201.68%
  (twice), share 55.08% where 189.07 ÷ 343.22 = 55.09%, ``增加（减少）xxx`` placeholders, a
  change of 政府性基金 without a reason, and "以上三点原因造成预算收入总计增加 10648.12 万元"
  after points of 10331 + 284.91 + 32.20 = 10648.11 (尾差);
- one passing, one failing and (TX201, TX202, TX213) one 尾差 case per rule, on seed 004's
  tables, are data: rule_cases/TX-narrative.yaml (seed 001's "减少0万元，下降0%" for unchanged
  figures among them, TX215).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builds import open_copy, seed_build
from yusuan.audit.recognize import parse_workbook
from yusuan.audit.runner import table_findings
from yusuan.checks.narrative_rules import narrative_cells
from yusuan.checks.narrative_rules.evaluate import analyse
from yusuan.checks.narrative_rules.text import analyse_sentence, split_sentences
from yusuan.checks.registry import CheckContext, all_checks
from yusuan.findings.rule import Severity
from yusuan.inputs.lookup import last_year_amounts
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SHEET = "情况说明"

# ---------------------------------------------------------------------------------------------
# Published 第二部分 paragraphs, one per row (headings are rows of their own)
# ---------------------------------------------------------------------------------------------
SEED004_PUBLISHED = [
    "第二部分 2025 年洛龙区政务服务中心部门预算情况说明",
    "一、收入支出预算总体情况说明",
    "洛龙区政务服务中心 2025 年收入总计 778.96 万元，支出总计 778.96 万元，与 2024 年预算相比，收支总计各减少 48.33 万元，下降 5.84%，主要原因：政务服务四级全覆盖项目、政务服务实体大厅改造项目预算金额减少，劳务派遣人数减少，预算金额下降。",
    "二、收入预算总体情况说明",
    "洛龙区政务服务中心 2025 年收入合计 778.96 万元，其中：一般公共预算收入 778.96 万元。",
    "三、支出预算总体情况说明",
    "洛龙区政务服务中心 2025 年支出合计 778.96 万元，其中：基本支出 281.65 万元，占 36.16%；项目支出 497.31 万元，占 63.84%。",
    "四、财政拨款收入支出预算总体情况说明",
    "洛龙区政务服务中心 2025 年一般公共预算收支预算 778.96 万元。与 2024 年相比，一般公共预算收支预算减少 48.33 万元，下降 5.84%，主要原因：政务服务四级全覆盖项目、政务服务实体大厅改造项目预算金额减少，劳务派遣人数减少，预算金额下降；政府性基金收支预算与 2024 年保持一致；国有资本经营收支预算与 2024 年保持一致。",
    "五、一般公共预算支出预算情况说明",
    "洛龙区政务服务中心 2025 年一般公共预算支出年初预算为 778.96 万元，其中：基本支出 281.65 万元，占 36.16%；项目支出 497.31 万元，占 63.84%。",
    "六、一般公共预算基本支出预算情况说明",
    "洛龙区政务服务中心 2025 年一般公共预算基本支出年初预算为 281.65 万元。其中：人员经费支出 266.81 万元，占 94.73%；公用经费支出 14.84 万元，占 5.27%。",
    "七、一般公共预算“三公”经费支出预算情况说明",
    "洛龙区政务服务中心 2025 年“三公”经费支出预算为 1.50 万元。2025 年“三公”经费支出预算数与 2024 年保持一致。",
    "具体支出情况如下：",
    "（一）因公出国（境）费0.00万元，主要用于单位工作人员公务出国(境)的住宿费、差旅费、伙食补助费、杂费、培训费等支出。预算数与2024年保持一致。",
    "（二）公务接待费0.00万元，主要用于按规定开支的各类公务接待(含外宾接待)支出。预算数与2024年保持一致。",
    "（三）公务用车购置及运行费1.50万元，主要用于公务用车购置以及开展工作所需公务用车的燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出。其中：一是公务用车购置费0.00万元，预算数与2024年保持一致；二是公务用车运行维护费1.50万元，预算数与2024年保持一致。",
    "八、政府性基金支出预算情况说明",
    "洛龙区政务服务中心2025年无政府性基金预算拨款安排的支出。",
    "九、国有资本经营支出预算情况说明",
    "洛龙区政务服务中心2025年无国有资本经营预算拨款安排的支出。",
    "十、其他重要事项情况说明",
    "（一）行政（事业）单位机构运转经费支出预算情况",
    "洛龙区政务服务中心2025年机构运转经费支出预算14.84万元，主要保障机构正常运转及正常履职需要所需支出，包含公用经费、公务交通补贴、工会经费、职工福利费等。",
    "（二）政府采购支出预算情况",
    "洛龙区政务服务中心2025年政府采购预算安排0.00万元，其中：政府采购货物预算0.00万元、政府采购工程预算0.00万元、政府采购服务预算0.00万元。",
    "（三）绩效目标设置情况",
    "洛龙区政务服务中心2025年预算项目均按要求编制了绩效目标，从项目产出、项目效益、满意度等方面设置了绩效指标，综合反映项目预期完成的数量、实效、质量，预期达到的社会效益、可持续影响以及服务对象满意度等情况。",
    "洛龙区政务服务中心2025年对项目支出全面实施绩效目标管理，涉及预算拨款497.31万元,共11个项目，无部门重点绩效目标项目，主要是我单位2025年未开展重点项目绩效目标。按照预算绩效管理相关要求，我单位将进一步改进管理、完善政策。",
    "（四）国有资产占用情况",
    "2024年期末，洛龙区政务服务中心共有车辆1辆，其中：一般公务用车1辆、一般执法执勤用车0辆、特种专业技术用车0辆、其他用车0辆；单位价值50万元以上通用设备0套，单位价值100万元以上专用设备0套。",
    "（五）专项转移支付项目情况",
    "洛龙区政务服务中心2025年无负责管理的专项转移支付项目。",
]
SEED002_PUBLISHED = [
    "第二部分 卫辉市政务服务和大数据管理局 2024 年部门预算情况说明",
    "一、收入支出预算总体情况说明",
    "卫辉市政务服务和大数据管理局 2024 年收入总计 11534.22 万元，支出总计 11534.22 万元。与 2023 年预算相比，收入增加 10648.12 万元，增长 1200.17%，主要原因：",
    "1. 2024 年收到专项债券资金结转收入 10331 万元，相比 2023 年增加 10331 万元。2. 项目预算资金收入增加 284.91 万元，3. 一般公共预算收入增加 32.20 万元。以上三点原因造成预算收入总计增加 10648.12 万元。与上年相比，支出增加 10648.12 万元，增长 1200.17%，主要原因：1. 2024 年收到专项债券资金结转 10331 万元，相比 2023 年增加 10331 万元。2. 项目预算资金支出增加 284.91 万元，3. 一般公共预算基本支出由于人员人数增加，相比 2023 年增加 32.20 万元。",
    "二、收入预算总体情况说明",
    "卫辉市政务服务和大数据管理局 2024 年收入合计 11534.22 万元，其中：一般公共预算 343.22 万元；政府性基金收入 11191 万元；财政专户管理资金收入 0 万元。",
    "三、支出预算总体情况说明",
    "卫辉市政务服务和大数据管理局 2024 年支出合计 11534.22 万元，其中：基本支出 189.07 万元，占 1.64%；项目支出 11345.15 万元，占 98.36%。",
    "四、财政拨款收入支出总体情况说明",
    "卫辉市政务服务和大数据管理局 2024 年一般公共预算收支预算 343.22 万元，政府性基金收支预算 11191 万元。与 2023 年相比，一般公共预算收支预算增加 36.81 万元，增长 12.01%，主要原因：1. 人员经费和公用经费收支增加 32.2 万元，2. 运转类项目收支增加 4.61 万元；政府性基金收支预算增加 10611.3 万元，增长 1830.48%。",
    "五、一般公共预算支出情况说明",
    "卫辉市政务服务和大数据管理局 2024 年一般公共预算支出年初预算为 343.22 万元。其中：基本支出 189.07 万元，占 55.08%；项目支出 154.15 万元，占 44.91%。主要用于以下方面：一般公共服务（类）支出 300.01 万元，占 87.41%；社会保障和就业（类）支出 20.28 万元，占 5.91%；卫生健康（类）支出 7.16 万元，占 2.09%；住房保障（类）支出 15.77 万元，占 4.59%。",
    "六、一般公共预算基本支出情况说明",
    "卫辉市政务服务和大数据管理局 2024 年一般公共预算基本支出年初预算为 189.07 万元。其中：人员经费支出 174.64 万元，占 92.37%；公用经费支出 14.43 万元，占 7.63%。",
    "七、“三公”经费支出情况说明",
    "我部门 2024 年“三公”经费预算为 0 万元。2024 年“三公”经费支出预算数比2023年增加（减少）0万元。",
    "具体支出情况如下：",
    "（一）因公出国（境）费0万元，主要用于单位工作人员公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出。预算数比2023年增加（减少）xxx万元，主要原因是预算数与2023年保持一致，无变化。",
    "（二）公务接待费0万元，主要用于按规定开支的各类公务接待（含外宾接待）支出。预算数比2023年增加（减少）0万元。主要原因：预算数与2023年保持一致，无变化。",
    "（三）公务用车购置及运行费0万元，其中，公务用车购置费0万元；公务用车运行维护费0万元，主要用于开展工作所需公务用车的燃料费、维修费、过路过桥费、保险费等支出。公务用车购置费预算数比2023年增加（减少）0万元，主要原因：预算数与2023年保持一致，无变化。公务用车运行维护费预算数比2023年增加（减少）0万元，主要原因：预算数与2023年保持一致，无变化。",
    "八、政府性基金预算支出情况说明",
    "我部门2024年政府性基金预算支出年初预算为11191万元。支出具体情况如下：特定目标类项目11191万元运转类项目0万元、投资类项目0万元、专项资金项目0万元，其他项目0万元。主要预算支出项目如下：卫辉市群众文化综合体灾后重建项目10331万元，卫辉市市民中心地下停车场建设及群众文化综合体灾后重建项目等专项债券收入项目 860 万元。",
    "九、其他重要事项情况说明",
    "（一）行政（事业）单位机构运转经费",
    "卫辉市政务服务和大数据管理局2024年机构运转经费支出预算14.43万元，主要保障机构正常运转及正常履职需要。",
    "（二）政府采购支出情况",
    "我部门 2024 年政府采购预算安排 67.49 万元，其中：纳入资产购置预算项目 67.49 万元，主要是办公设备类，例如：电脑、打印复印机等、办公家具类例如：办公桌椅、沙发、文件柜、床等、其他电器类例如：热水器、饮水器、厨卫用具等货物的购置；政府采购工程预算 0 万元，主要为无工程；政府采购服务预算 0 万元，主要为无服务。",
    "（三）绩效目标设置情况",
    "卫辉市政务服务和大数据管理局 2024 年预算按要求编制了总体绩效目标。同时，卫辉市政务服务和大数据管理局 2024 年预算项目均按要求编制了绩效目标，其中 6 个重点项目预算的绩效目标，具体为综合窗口政府购买服务岗位人员工资项目、市县乡三级连网对接运维等费用项目、市民中心运行等费用项目、市民中心大厅网络等费用、智能综窗“多网融合”集成服务系统项目、卫辉市市民中心地下停车场建设及群众文化综合体灾后重建项目等专项债券收入项目。从成本、产出、效益、满意度等方面设置了绩效指标，综合反映项目支出预期达到的产出和效果以及相应的成本控制要求。",
    "（四）国有资产占用情况。",
    "2023年期末，我部门共有车辆0辆，其中：一般公务用车0辆、一般执法执勤用车0辆、特种专业技术用车0辆，其他用车0辆，其他用车主要是无；单价50万元以上通用设备0台（套），单位价值100万元以上专用设备0台（套）。",
    "（五）专项转移支付项目情况",
    "卫辉市政务服务和大数据管理局2024年没有负责管理的专项转移支付项目。",
]


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------------
def _build(seed: str):
    book = open_copy(seed_build(seed)[1])  # built once per session (tests/builds.py)
    assert SHEET in book.sheet_names()  # build writes the 情况说明 sheet
    return book, [row[0] for row in book.read_values(SHEET)]


@pytest.fixture(scope="module")
def seed004():
    return _build("seed004")


@pytest.fixture(scope="module")
def seed002():
    return _build("seed002")


def write_narrative(book, paragraphs: list[str]) -> None:
    """Replace the 情况说明 sheet by ``paragraphs``, one per row of column A (as a user would)."""
    names = book.sheet_names()
    index = names.index(SHEET) if SHEET in names else len(names)
    if SHEET in names:
        book.remove_sheet(SHEET)
    book.add_sheet(SHEET, index)
    book.write_values(SHEET, 1, 1, [[p] for p in paragraphs])


def narrative_findings(book, paragraphs: list[str] | None = None):
    """TX2… findings of a full check run (the runner reads 情况说明 and 上年数 itself)."""
    if paragraphs is not None:
        write_narrative(book, paragraphs)
    return [f for f in table_findings(book).findings if f.code.startswith("TX2") or f.code.startswith("SYS")]


def located(findings) -> set[tuple[str, Severity, str, str]]:
    return {(f.code, f.severity, f.sheet, f.cell) for f in findings}


@pytest.fixture(scope="module")
def tables004(seed004):
    book, _ = seed004
    return parse_workbook(book), last_year_amounts(book)


@pytest.fixture(scope="module")
def tables002(seed002):
    book, _ = seed002
    return parse_workbook(book), last_year_amounts(book)


def run_rules(tables, paragraphs: list[str], last_year: dict | None = None) -> list:
    """Every TX2… check through the registry, on ``paragraphs`` in cells A1, A2, …"""
    parsed, known_last_year = tables
    narrative = tuple((SHEET, f"A{i}", text) for i, text in enumerate(paragraphs, start=1))
    ctx = CheckContext(year=2025, narrative=narrative, last_year=known_last_year if last_year is None else last_year)
    return [f for c in all_checks() if c.rule.code.startswith("TX2") for f in c.run(parsed, ctx)]


def inject(paragraphs: list[str], edits: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Apply each (regex, replacement) to the first paragraph it matches; the edited cells."""
    edited, cells = list(paragraphs), []
    for pattern, replacement in edits:
        for i, text in enumerate(edited):
            new, count = re.subn(pattern, replacement, text, count=1)
            if count:
                edited[i] = new
                cells.append(f"A{i + 1}")
                break
        else:
            raise AssertionError(f"no paragraph matches {pattern}")
    return edited, cells


FIVE_ERRORS = [
    (r"下降\s*5\.84%", "下降 5.48%"),  # 一: wrong growth rate (48.33 ÷ 827.29 = 5.84%)
    (r"占\s*36\.16%", "占 36.61%"),  # 三: wrong share (281.65 ÷ 778.96 = 36.16%)
    (r"一般公共预算收支预算减少", "一般公共预算收支预算增加"),  # 四: 增加 where it fell
    (r"机构运转经费支出预算\s*14\.84", "机构运转经费支出预算xxx"),  # 十(一): placeholder
    (r"(人员经费支出\s*266\.81\s*万元)", r"\1万元"),  # 六: 万元万元
]
FIVE_CODES = ["TX203", "TX204", "TX206", "TX209", "TX210"]


# ---------------------------------------------------------------------------------------------
# Seed 004: published, generated, and hand-edited with five errors
# ---------------------------------------------------------------------------------------------
def test_seed004_published_paragraphs_give_no_finding(seed004):
    book, _ = seed004
    assert narrative_findings(book, SEED004_PUBLISHED) == []


def test_demo_generated_paragraphs_give_no_finding(demo_book):
    """The demo department's 情况说明 as build writes it (changes with reasons, 三公 压减, a new
    政府性基金): no TX2… finding, the reasoning rules TX213–TX215 included."""
    assert narrative_findings(demo_book) == []


def test_seed004_generated_paragraphs_give_no_finding(seed004):
    book, generated = seed004
    assert narrative_findings(book, generated) == []


@pytest.mark.parametrize("source", ["published", "generated"])
def test_seed004_five_injected_errors_give_exactly_five_findings(seed004, source):
    book, generated = seed004
    paragraphs = SEED004_PUBLISHED if source == "published" else generated
    edited, cells = inject(paragraphs, FIVE_ERRORS)
    assert len(set(cells)) == 5
    findings = narrative_findings(book, edited)
    assert located(findings) == {(code, E, SHEET, cell) for code, cell in zip(FIVE_CODES, cells)}
    assert len(findings) == 5
    by_code = {f.code: f.message for f in findings}
    assert "5.48%" in by_code["TX203"] and "应为 5.84%" in by_code["TX203"] and "上年数!" in by_code["TX203"]
    assert "应为 36.16%" in by_code["TX204"] and "部门支出预算表!" in by_code["TX204"]
    assert "应写“减少”" in by_code["TX206"]
    assert "xxx" in by_code["TX209"]
    assert "万元万元" in by_code["TX210"]


# ---------------------------------------------------------------------------------------------
# Seed 002: the published text's real errors
# ---------------------------------------------------------------------------------------------
def test_seed002_published_errors_are_found(seed002):
    book, _ = seed002
    findings = narrative_findings(book, SEED002_PUBLISHED)
    assert located(findings) == {
        ("TX203", E, SHEET, "A3"),  # 收入增加 10648.12 万元，增长 1200.17%
        ("TX203", E, SHEET, "A4"),  # 支出增加 10648.12 万元，增长 1200.17%
        ("TX207", W, SHEET, "A10"),  # 政府性基金收支预算增加 10611.3 万元 without a reason
        ("TX204", E, SHEET, "A12"),  # 基本支出 189.07 ÷ 343.22 printed 55.08%
        ("TX209", E, SHEET, "A16"),  # 增加（减少）0万元
        ("TX209", E, SHEET, "A18"),  # 增加（减少）xxx万元
        ("TX209", E, SHEET, "A19"),
        ("TX209", E, SHEET, "A20"),
        ("TX213", I, SHEET, "A4"),  # 以上三点原因…10648.12, the points add up to 10648.11
    }
    messages = {(f.code, f.cell): f.message for f in findings}
    assert "增加10331、增加284.91、增加32.20" in messages[("TX213", "A4")]
    assert "应为增加10648.11万元" in messages[("TX213", "A4")]
    assert "1200.17%" in messages[("TX203", "A3")] and "应为 1201.68%" in messages[("TX203", "A3")]
    assert "应为 55.09%" in messages[("TX204", "A12")]
    assert "xxx" in messages[("TX209", "A18")] and "增加（减少）" in messages[("TX209", "A18")]


def test_seed002_growth_is_recomputed_without_the_last_year_sheet(tables002):
    """Without 上年数 the last year is derived from the sentence: 11534.22 − 10648.12 = 886.10."""
    findings = run_rules(tables002, SEED002_PUBLISHED[:4], last_year={})
    assert [(f.code, f.cell) for f in findings] == [("TX203", "A3"), ("TX203", "A4"), ("TX213", "A4")]
    assert "应为 1201.68%" in findings[0].message and "886.10" in findings[0].message


def test_seed002_generated_paragraphs_give_no_error(seed002):
    book, generated = seed002
    findings = narrative_findings(book, generated)
    assert [f for f in findings if f.severity is E] == []


def test_fund_statement_against_a_table_with_data(tables002):
    """Seed 002's 政府性基金 table has 11191.00: a 无政府性基金… sentence contradicts it."""
    text = ["八、政府性基金支出预算情况说明", "卫辉市政务服务和大数据管理局2024年无政府性基金预算拨款安排的支出。"]
    findings = run_rules(tables002, text)
    assert located(findings) == {("TX211", E, SHEET, "A2")}
    assert "11191.00 万元" in findings[0].message and "政府性基金预算支出情况表!" in findings[0].message  # the 2024 title


# ---------------------------------------------------------------------------------------------
# One rule at a time: the cases are data (rule_cases/TX-narrative.yaml, run by test_rule_cases.py);
# here what data cannot say
# ---------------------------------------------------------------------------------------------
def test_a_failing_analysis_is_reported_once(tables004, monkeypatch):
    from yusuan.checks.narrative_rules import checks
    from yusuan.checks.registry import run_checks

    def broken(*args, **kwargs):
        raise ValueError("坏了")

    monkeypatch.setattr(checks, "analyse", broken)
    parsed, last_year = tables004
    ctx = CheckContext(year=2025, narrative=((SHEET, "A1", "收入总计1.00万元。"),), last_year=last_year)
    failed = [f for f in run_checks(parsed, ctx) if f.code == "SYS001"]
    assert [f.params["code"] for f in failed] == ["TX201"] and "坏了" in failed[0].message


# ---------------------------------------------------------------------------------------------
# Shares of a whole: largest remainder, on a small hand-made workbook (1.00 + 1.00 + 1.00 = 3.00)
# ---------------------------------------------------------------------------------------------
def _table(kind: str, keys: tuple[str, ...], rows: list[tuple[str, dict, dict]]) -> SheetTable:
    columns = {key: i + 1 for i, key in enumerate(keys)}
    parsed_rows = []
    for offset, (role, labels, amounts) in enumerate(rows):
        r = 6 + offset
        cells = {k: ParsedCell(r, columns[k], v, Decimal(v)) for k, v in amounts.items()}
        parsed_rows.append(ParsedRow(r, role, "", next(iter(labels.values()), ""), cells, labels))
    return SheetTable(kind, kind, f"2025年{kind}", "A1", 2025, "", "万元", keys, columns, tuple(parsed_rows), (3, 5))


THIRDS = ParsedWorkbook(tables=(
    _table("general_budget_expenditure", ("name", "total"), [("total", {"name": "合计"}, {"total": "3.00"})]),
    _table("fiscal_summary", ("income_item", "spending_item", "spending_general"), [
        ("detail", {"spending_item": "（一）一般公共服务支出"}, {"spending_general": "1.00"}),
        ("detail", {"spending_item": "（二）教育支出"}, {"spending_general": "1.00"}),
        ("detail", {"spending_item": "（三）科学技术支出"}, {"spending_general": "1.00"}),
    ]),
))
THIRDS_TEXT = "五、一般公共预算支出预算情况说明|一般公共预算支出年初预算为3.00万元，其中：一般公共服务支出1.00万元，占{0}%；教育支出1.00万元，占{1}%；科学技术支出1.00万元，占{2}%。"


@pytest.mark.parametrize("shares, expected", [
    (("33.34", "33.33", "33.33"), []),  # largest remainder: accepted
    (("33.33", "33.33", "33.34"), []),  # the adjusted hundredth on another line: half-up 33.33 still right
    (("33.33", "33.33", "33.33"), [("TX205", W, "A2")]),  # each right, sum 99.99
    (("33.43", "33.33", "33.24"), [("TX204", E, "A2")]),  # sum 100.00 but two shares wrong: TX204 only
])
def test_shares_of_a_whole(shares, expected):
    narrative = tuple((SHEET, f"A{i}", t) for i, t in enumerate(THIRDS_TEXT.format(*shares).split("|"), start=1))
    ctx = CheckContext(year=2025, narrative=narrative)
    findings = [f for c in all_checks() if c.rule.code.startswith("TX2") for f in c.run(THIRDS, ctx)]
    assert sorted({(f.code, f.severity, f.cell) for f in findings}) == sorted(set(expected))


# ---------------------------------------------------------------------------------------------
# Reading text and sheets
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, printed, value", [
    ("收入总计1,203.22万元", "1,203.22", Decimal("1203.22")),
    ("收入总计 883. 50 万元", "883.50", Decimal("883.50")),
    ("政府性基金收入11191万元", "11191", Decimal("11191")),
    ("财政专户管理资金收入0万元", "0", Decimal("0")),
    ("收入总计7789600元", "7789600", Decimal("778.96")),
])
def test_number_formats(text, printed, value):
    (sentence,) = split_sentences(text)
    (mention,) = analyse_sentence(sentence)[0].mentions
    assert (mention.kind, mention.printed, mention.value) == ("amount", printed, value)


@pytest.mark.parametrize("text, kind, printed", [("下降5.84%", "rate", "5.84"), ("下降 5.84 %", "rate", "5.84"),
                                                 ("占 36.16 ％", "share", "36.16")])
def test_percent_formats(text, kind, printed):
    (sentence,) = split_sentences(text)
    (mention,) = analyse_sentence(sentence)[0].mentions
    assert (mention.kind, mention.printed) == (kind, printed)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["plain", "thousands", "spaced"]))
def test_any_printed_amount_is_read_back(fen, style):
    value = Decimal(fen) / 100
    text = {"plain": f"{value:.2f}", "thousands": f"{value:,.2f}", "spaced": f"{value:.2f}".replace(".", ". ")}[style]
    (sentence,) = split_sentences(f"收入总计{text}万元")
    (mention,) = analyse_sentence(sentence)[0].mentions
    assert mention.value == value


ALPHABET = list("0123456789.,%；。，：、（）() 万元增加减少增长下降占比上年与保持一致主要原因收入总计支出合计基本项目其中xX")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=60), max_size=6))
def test_any_text_is_analysed_without_raising(tables004, paragraphs):
    parsed, last_year = tables004
    analyse(parsed, [(SHEET, f"A{i}", t) for i, t in enumerate(paragraphs, start=1)], last_year)


def test_narrative_cells_read_every_text_cell(seed004):
    book, _ = seed004
    write_narrative(book, ["第二部分", "一、收入支出预算总体情况说明", "   "])
    book.write_values(SHEET, 5, 2, [["附注：见表一", 12.5]])
    assert narrative_cells(book) == ((SHEET, "A1", "第二部分"), (SHEET, "A2", "一、收入支出预算总体情况说明"),
                                     (SHEET, "B5", "附注：见表一"))


def test_last_year_figures_in_wan_with_their_cells(seed004):
    book, _ = seed004
    figures = last_year_amounts(book)
    assert figures["收入总计"] == (Decimal("827.29"), "上年数", "B2")  # typed in 元: 8272900.00
    assert figures["公务用车运行维护费"][0] == Decimal("1.5")
