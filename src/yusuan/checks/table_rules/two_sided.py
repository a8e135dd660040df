"""Two-sided tables: 部门收支预算表 (B1) and 财政拨款收支预算表 (B9)."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.checks.registry import CheckContext, check
from yusuan.checks.table_rules import report, sides_sums, sums
from yusuan.checks.table_rules.relations import load
from yusuan.findings.rule import Finding, Severity
from yusuan.model.parsed import ParsedWorkbook

E = Severity.ERROR
SUMMARY, FISCAL = "income_expenditure_summary", "fiscal_summary"

SUMMARY_SIDES = report.rule(
    "TB004", "收支总表：合计与分项不符", E,
    "检查部门收支预算表左右两方的纵向关系：本年收入合计 = 上方各收入项目之和（“其中：财政拨款”是一般公共预算的一部分，"
    "不再相加），收入总计 = 本年收入合计 + 上年结转结余；本年支出合计 = 各功能分类类级支出之和，支出总计 = 本年支出合计 + "
    "年终结转结余。收支总表是整套公开表的总纲，其合计数在说明和其他各表中反复引用。"
    "修正：按收入来源、支出功能分类重新汇总合计与总计；某个分项有误时先改分项。",
)
SUMMARY_BALANCE = report.rule(
    "TB005", "收支总表：收入总计不等于支出总计", E,
    "检查部门收支预算表的收入总计是否等于支出总计。部门预算按“以收定支、收支平衡”编制，收入总计与支出总计必须相等；"
    "不等通常是漏列了上年结转结余或年终结转结余，或某一方的合计算错。本规则标在支出总计上，说明中给出收入总计的位置。"
    "修正：先排除本表其他合计错误，再核对上年结转结余、年终结转结余是否完整列示。",
)
FISCAL_SIDES = report.rule(
    "TB010", "财政拨款收支表：合计与分项不符", E,
    "检查财政拨款收支预算表两方的纵向关系：“一、本年收入” = 其下一般公共预算拨款、政府性基金预算拨款、国有资本经营预算拨款之和"
    "（“其中：财政拨款”不再相加），“二、上年结转”同样；收入合计 = 本年收入 + 上年结转。支出方逐栏核对："
    "“一、本年支出” = 各功能分类类级支出之和，支出合计 = 本年支出 + 年终结转结余。"
    "修正：按拨款类别、功能分类重新汇总各级合计；某个分项有误时先改分项。",
)
FISCAL_ACROSS = report.rule(
    "TB011", "财政拨款收支表：支出合计与各拨款栏不符", E,
    "检查财政拨款收支预算表支出方每一行：合计 = 一般公共预算小计 + 政府性基金 + 国有资本经营预算"
    "（“其中：财政拨款”包含在一般公共预算小计中，不再相加）。"
    "修正：按三类财政拨款重新汇总本行合计。",
)
FISCAL_BALANCE = report.rule(
    "TB012", "财政拨款收支表：收入合计不等于支出合计", E,
    "检查财政拨款收支预算表的收入合计是否等于支出合计。财政拨款收支同样必须平衡；不等时常见原因是上年财政拨款结转"
    "没有列入收入，或年终结转结余没有列入支出。本规则标在支出合计上，说明中给出收入合计的位置。"
    "修正：先排除本表其他合计错误，再核对上年结转和年终结转结余。",
)


def _tables(workbook: ParsedWorkbook, kind: str):
    rel = load().of(kind)
    return [(table, rel) for table in workbook.of_kind(kind)] if rel else []


@check(SUMMARY_SIDES)
def summary_sides(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table, rel in _tables(workbook, SUMMARY):
        yield from sides_sums.side_sums(SUMMARY_SIDES, table, rel, "请按各分项重新汇总")


@check(SUMMARY_BALANCE)
def summary_balance(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table, rel in _tables(workbook, SUMMARY):
        yield from sides_sums.balance(SUMMARY_BALANCE, table, rel)


@check(FISCAL_SIDES)
def fiscal_sides(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table, rel in _tables(workbook, FISCAL):
        yield from sides_sums.side_sums(FISCAL_SIDES, table, rel, "请按各分项重新汇总")


@check(FISCAL_ACROSS)
def fiscal_across(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table, rel in _tables(workbook, FISCAL):
        yield from sums.across(FISCAL_ACROSS, table, rel, "请按三类财政拨款重新汇总本行")


@check(FISCAL_BALANCE)
def fiscal_balance(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table, rel in _tables(workbook, FISCAL):
        yield from sides_sums.balance(FISCAL_BALANCE, table, rel)
