"""收支总表 (一) against 收入表 (二), 支出表 (三) and 财政拨款收支表 (四): docs/design.md checks C1, C2."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.checks.cross_rules._common import (
    E,
    Figure,
    against_total,
    cells_figure,
    check_at_most,
    check_equal,
    classes_against_items,
    classify,
    label_rules,
    present,
    reported,
    row_figure,
    rule,
    side_rows,
    spending_classes,
)
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable

SUMMARY, INCOME, EXPENDITURE, FISCAL = "income_expenditure_summary", "income", "expenditure", "fiscal_summary"


def summary_side(table: SheetTable, side: str) -> dict[str, tuple[ParsedRow, str]]:
    """Labelled rows of one side of the 收支总表 by the key their label names (first wins)."""
    rules = label_rules(SUMMARY, side)
    found: dict[str, tuple[ParsedRow, str]] = {}
    for row, label in side_rows(table, f"{side}_item"):
        key = classify(label, rules)
        if key and key not in found:
            found[key] = (row, label)
    return found


def side_figure(table: SheetTable, entry: tuple[ParsedRow, str] | None, amount_key: str) -> Figure | None:
    if entry is None:
        return None
    row, label = entry
    return cells_figure(table, [(row, amount_key)], f"“{label}”")


TOTALS = rule(
    "XT002", "收支总表总计与收入表、支出表不一致", E,
    "检查部门收支预算表的收入总计是否等于部门收入预算表合计行的“总计”，本年支出合计是否等于部门支出预算表合计行的“合计”"
    "（收支总表没有“本年支出合计”行时，用支出总计比较，前提是年终结转结余为空）。三张表反映的是同一本预算，"
    "总数不一致说明其中一张表漏计、重计或填错，是财政部门检查中最常指出的问题之一。"
    "修正：以预算系统中的明细数为准，找出漏填或多填的单位、科目后改正，使三张表的总数一致。",
)
TOTALS_ADVICE = "收支总表与收入表、支出表的总数应为同一数字，请核对漏计或重计的单位、科目后改正"


@check(TOTALS)
def check_totals(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    summary = workbook.first(SUMMARY)
    if summary is None:
        return
    profile = ctx.profile
    income_side = summary_side(summary, "income")
    spending_side = summary_side(summary, "spending")
    income = workbook.first(INCOME)
    if income is not None and income.total_row is not None:
        found = check_equal(
            TOTALS,
            row_figure(income, income.total_row, ["total"], profile),
            side_figure(summary, income_side.get("total"), "income_amount"),
            TOTALS_ADVICE,
        )
        if found:
            yield found
    expenditure = workbook.first(EXPENDITURE)
    if expenditure is not None and expenditure.total_row is not None:
        found = check_equal(
            TOTALS,
            row_figure(expenditure, expenditure.total_row, ["total"], profile),
            _current_spending(summary, spending_side),
            TOTALS_ADVICE,
        )
        if found:
            yield found


def _current_spending(summary: SheetTable, side: dict) -> Figure | None:
    """本年支出合计; without that row, 支出总计 when nothing is left as 年终结转结余."""
    current = side_figure(summary, side.get("current_total"), "spending_amount")
    if current is not None:
        return current
    year_end = side_figure(summary, side.get("year_end"), "spending_amount")
    if year_end is not None and year_end.value != 0:
        return None
    return side_figure(summary, side.get("total"), "spending_amount")


INCOME_ROWS = rule(
    "XT003", "收支总表收入项目与收入表不一致", E,
    "检查部门收支预算表左栏每一项收入（一般公共预算、其中财政拨款、政府性基金、国有资本经营预算、财政专户管理资金、"
    "事业收入、事业单位经营收入、上级补助收入、附属单位上缴收入、其他收入、本年收入合计、上年结转结余）"
    "是否等于部门收入预算表合计行的对应栏。两张表按同样的资金来源列示同一笔收入，任何一栏不同都说明有一张表分错了来源"
    "或漏填了数字。修正：按预算系统的收入来源核对两张表，改正分错栏目或漏填的数字。",
)
INCOME_ADVICE = "收入表合计行应与收支总表同一收入项目相等，请核对资金来源是否分错栏目"


@check(INCOME_ROWS)
def check_income_rows(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = against_total(workbook, SUMMARY, INCOME)
    if tables is None:
        return
    summary, income, income_total = tables
    yield from reported(
        check_equal(
            INCOME_ROWS,
            row_figure(income, income_total, [key], ctx.profile),
            side_figure(summary, entry, "income_amount"),
            INCOME_ADVICE,
        )
        for key, entry in summary_side(summary, "income").items() if key != "total"  # total: XT002
    )


CLASSES = rule(
    "XT004", "收支总表功能分类与支出表不一致", E,
    "检查部门收支预算表右栏每个支出功能分类“类”的金额是否等于部门支出预算表中该类各科目（项级）“合计”之和；"
    "支出表有该类支出而收支总表没有列出该类，或收支总表列了金额而支出表没有该类科目，也按不一致报告。"
    "两张表是同一笔支出按功能分类的汇总和明细，不一致通常是科目编码填错了类、或支出表漏列了某个项。"
    "支出表只列项级科目时，标记在收支总表的该类行上；支出表列出类级小计行时，标记在该小计上。"
    "修正：核对支出表中该类下的每个项级科目及其金额，改正编码或金额后使两表一致。",
)
CLASSES_ADVICE = "收支总表各类支出应等于支出表该类科目之和，请核对科目编码和金额"


@check(CLASSES)
def check_classes(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = present(workbook, SUMMARY, EXPENDITURE)
    if tables is None:
        return
    summary, expenditure = tables
    profile = ctx.profile
    classes = spending_classes(summary, ctx)
    if not classes.rows:  # no 类 row recognised: the rule cannot say anything sensible
        return
    yield from classes_against_items(CLASSES, classes, summary, ["spending_amount"], expenditure, "支出表未列示", profile,
                                     CLASSES_ADVICE)


FISCAL_CLASSES = rule(
    "XT005", "财政拨款支出大于部门支出", E,
    "检查财政拨款收支预算表每个功能分类“类”的支出合计是否不大于部门收支预算表同一类的支出。财政拨款"
    "（一般公共预算、政府性基金、国有资本经营预算）是部门全部资金的一部分，某类的财政拨款支出不可能超过该类的全部支出；"
    "超过说明两张表中有一张把支出归错了类或金额填错。修正：核对两表该类的科目与金额，改正归类或金额。",
)
FISCAL_CLASSES_ADVICE = "财政拨款支出是部门支出的一部分，不应超过收支总表同一类的支出，请核对归类和金额"


@check(FISCAL_CLASSES)
def check_fiscal_classes(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = present(workbook, SUMMARY, FISCAL)
    if tables is None:
        return
    summary, fiscal = tables
    summary_classes = spending_classes(summary, ctx)
    fiscal_classes = spending_classes(fiscal, ctx)
    if not summary_classes.rows or not fiscal_classes.rows:
        return
    profile = ctx.profile
    for code in sorted(fiscal_classes.rows):
        part = fiscal_classes.figure(fiscal, code, ["spending_total"], profile)
        whole = summary_classes.figure(summary, code, ["spending_amount"], profile)
        found = check_at_most(FISCAL_CLASSES, part, whole, FISCAL_CLASSES_ADVICE)
        if found:
            yield found
