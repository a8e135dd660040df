"""财政拨款收支表 (四) against 收入表 (二) and the 分资金 expenditure tables (五, 九, 十);
一般公共预算支出表 (五) against 基本支出表 (六): docs/design.md checks C3, C4, C6; the 2023
基本支出明细表 against 基本支出表 (六)."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.checks.cross_rules._common import (
    E,
    against_total,
    cells_figure,
    check_equal,
    classes_against_items,
    classify,
    data,
    header_label,
    label_rules,
    present,
    reported,
    row_figure,
    rule,
    side_rows,
    spending_classes,
)
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding, Rule
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable

INCOME, FISCAL = "income", "fiscal_summary"
GENERAL, BASIC, BASIC_ITEMS = "general_budget_expenditure", "general_budget_basic", "basic_items"
FUND_KEYS = ("general", "general_fiscal", "fund", "state_capital")

FISCAL_INCOME = rule(
    "XT006", "财政拨款收支表收入与收入表不一致", E,
    "检查财政拨款收支预算表左栏的本年收入（一般公共预算拨款、其中财政拨款、政府性基金预算拨款、国有资本经营预算拨款）"
    "和上年结转（按同样三项）以及收入合计，是否等于部门收入预算表合计行对应的本年收入栏和上年结转结余栏。"
    "财政拨款收入是部门收入中的财政资金部分，两张表必须是同一组数字。"
    "修正：核对收入表中财政资金各栏与财政拨款收支表左栏，改正填错或漏填的数字。",
)
FISCAL_INCOME_ADVICE = "财政拨款收支表的收入应等于收入表中同一资金来源的数字，请核对后改正"


@check(FISCAL_INCOME)
def check_fiscal_income(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = against_total(workbook, FISCAL, INCOME)
    if tables is None:
        return
    fiscal, income, income_total = tables
    mapping = data()["columns"]["fiscal_income_vs_income"]
    first: dict[str, tuple[ParsedRow, str]] = {}  # the first row of each key
    for key, row, label in fiscal_income_rows(fiscal):
        first.setdefault(key, (row, label))
    yield from reported(
        check_equal(
            FISCAL_INCOME,
            cells_figure(fiscal, [(row, "income_amount")], f"“{label}”"),
            row_figure(income, income_total, mapping[key], ctx.profile),
            FISCAL_INCOME_ADVICE,
        )
        for key, (row, label) in first.items() if key in mapping
    )


def fiscal_income_rows(fiscal: SheetTable) -> Iterator[tuple[str, ParsedRow, str]]:
    """Income rows of 四 as ('current' | 'carry' | 'total' | '<section>.<fund>', row, label).

    A fund row belongs to the section (本年收入 / 上年结转) above it; before any section it is 本年.
    """
    rules = label_rules(FISCAL, "income")
    section = "current"
    for row, label in side_rows(fiscal, "income_item"):
        key = classify(label, rules)
        if key in ("current", "carry"):
            section = key
            yield key, row, label
        elif key == "total":
            yield key, row, label
        elif key in FUND_KEYS:
            yield f"{section}.{key}", row, label


def fiscal_spending_row(fiscal: SheetTable, key: str) -> ParsedRow | None:
    """The 四 spending row labelled ``key`` (current_total / year_end / total)."""
    rules = label_rules(FISCAL, "spending")
    return next((row for row, label in side_rows(fiscal, "spending_item") if classify(label, rules) == key), None)


def _fund_spending(workbook: ParsedWorkbook, ctx: CheckContext, rule_: Rule, column: str, kind: str, advice: str):
    """四's ``column`` (合计 and each 类) against the 分资金 table ``kind`` (合计 and Σ 类)."""
    tables = present(workbook, FISCAL, kind)
    if tables is None:
        return
    fiscal, spent = tables
    profile = ctx.profile
    # 本年支出 spends this year's and carried-over money alike; 年终结转结余 is money not spent.
    fiscal_total = fiscal_spending_row(fiscal, "current_total") or fiscal_spending_row(fiscal, "total")
    if fiscal_total is not None and spent.total_row is not None:
        found = check_equal(
            rule_,
            row_figure(spent, spent.total_row, ["total"], profile),
            row_figure(fiscal, fiscal_total, [column], profile, _spending_what(fiscal, fiscal_total, column, profile)),
            advice,
        )
        if found:
            yield found
    classes = spending_classes(fiscal, ctx)
    if not classes.rows:
        return
    yield from classes_against_items(rule_, classes, fiscal, [column], spent, "本表未列示", profile, advice, with_column=True)


def _spending_what(fiscal: SheetTable, row, column: str, profile) -> str:
    return f"“{row.labels.get('spending_item', '')}”“{header_label(profile, fiscal.kind, column)}”"


GENERAL_SPENDING = rule(
    "XT007", "一般公共预算支出表与财政拨款收支表不一致", E,
    "检查一般公共预算支出预算表的合计是否等于财政拨款收支预算表“本年支出”行的一般公共预算小计，"
    "以及每个功能分类“类”下各科目之和是否等于财政拨款收支预算表该类行的一般公共预算小计。"
    "两张表都是一般公共预算拨款安排的支出（含上年结转），只是详略不同。"
    "修正：核对一般公共预算支出表的科目与金额和财政拨款收支表一般公共预算栏，改正漏列、错列的科目或金额。",
)
GENERAL_ADVICE = "一般公共预算支出表应与财政拨款收支表的一般公共预算栏一致，请核对科目和金额"


@check(GENERAL_SPENDING)
def check_general_spending(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    yield from _fund_spending(workbook, ctx, GENERAL_SPENDING, "spending_general", GENERAL, GENERAL_ADVICE)


OTHER_FUNDS = rule(
    "XT011", "政府性基金、国有资本经营支出表与财政拨款收支表不一致", E,
    "检查政府性基金支出预算表、国有资本经营支出预算表的合计及每个功能分类“类”下各科目之和，"
    "是否等于财政拨款收支预算表对应栏（政府性基金、国有资本经营预算）的本年支出和该类金额。"
    "两张表反映同一笔基金或国有资本经营预算拨款的支出；空表（本部门无此项支出）时财政拨款收支表对应栏也应为空。"
    "修正：核对该资金的支出科目和金额，改正后使两表一致。",
)
OTHER_FUNDS_ADVICE = "分资金支出表应与财政拨款收支表对应资金栏一致，请核对科目和金额"


@check(OTHER_FUNDS)
def check_other_funds(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = data()["columns"]["fiscal_spending_tables"]
    for column, kind in tables.items():
        if kind == GENERAL:
            continue  # XT007
        yield from _fund_spending(workbook, ctx, OTHER_FUNDS, column, kind, OTHER_FUNDS_ADVICE)


BASIC_SPLIT = rule(
    "XT008", "基本支出表与一般公共预算支出表不一致", E,
    "检查一般公共预算基本支出预算表合计行的“合计”“人员经费”“公用经费”，是否分别等于一般公共预算支出预算表合计行的"
    "基本支出小计、人员经费（工资福利支出＋对个人和家庭的补助）、公用经费（商品和服务支出＋资本性支出）。"
    "两张表是同一笔一般公共预算基本支出按功能分类和按经济分类的两种列示，总额和人员、公用的划分必须一致。"
    "修正：核对基本支出各经济科目的金额及其人员经费、公用经费的归类，改正后使两表一致。",
)
BASIC_ADVICE = "基本支出表应与一般公共预算支出表的基本支出一致，请核对经济科目金额及人员、公用经费归类"
BASIC_PAIRS = (("total", ["basic"]), ("personnel", ["wages", "household"]), ("public", ["goods", "capital"]))


@check(BASIC_SPLIT)
def check_basic_split(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = against_total(workbook, GENERAL, BASIC)
    if tables is None or (general_total := tables[0].total_row) is None:
        return
    general, basic, basic_total = tables
    yield from reported(
        check_equal(
            BASIC_SPLIT,
            row_figure(basic, basic_total, [key], ctx.profile),
            row_figure(general, general_total, parts, ctx.profile),
            BASIC_ADVICE,
            fixed=True,
        )
        for key, parts in BASIC_PAIRS
    )


BASIC_ITEMS_TOTAL = rule(
    "XT020", "基本支出明细表与基本支出表不一致", E,
    "检查一般公共预算基本支出明细表（2023 年等表样）合计行的“合计”，是否等于一般公共预算基本支出预算表合计行的“合计”。"
    "两张表是同一笔一般公共预算基本支出按明细项目和按经济科目的两种列示，总额必须一致；明细表漏列或多列明细项目时两表不等。"
    "修正：核对明细项目清单及其金额，改正后使两表合计一致。",
)
BASIC_ITEMS_ADVICE = "基本支出明细表的合计应等于基本支出表的合计，请核对明细项目是否漏列或重复"


@check(BASIC_ITEMS_TOTAL)
def check_basic_items_total(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = present(workbook, BASIC_ITEMS, BASIC)
    if tables is None:
        return
    items, basic = tables
    if items.total_row is None or basic.total_row is None:
        return
    found = check_equal(
        BASIC_ITEMS_TOTAL,
        row_figure(items, items.total_row, ["total"], ctx.profile),
        row_figure(basic, basic.total_row, ["total"], ctx.profile),
        BASIC_ITEMS_ADVICE,
        fixed=True,
    )
    if found:
        yield found
