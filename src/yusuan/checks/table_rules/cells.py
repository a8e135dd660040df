"""Single cells and 其中 rows: an amount that is not a number (TB001), a negative amount (TB002),
a 其中 figure larger than the figure it is part of (TB003)."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.checks.memo import per_run
from yusuan.checks.registry import CheckContext, check
from yusuan.checks.table_rules import form, report, sums
from yusuan.checks.table_rules.relations import load
from yusuan.checks.table_rules.sides import read_side
from yusuan.findings.rule import Finding, Severity
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable

UNREADABLE = report.rule(
    "TB001", "金额无法识别", Severity.ERROR,
    "检查公开表格中金额栏的每个非空单元格能否读成数字。手工录入或从其他系统粘贴的表格常见“1，203.22”“12O.5”"
    "“—”“883. 50 万”之类的写法，电子表格无法对其求和，表内和表间的核对也无法进行（本规则标出的单元格不参与"
    "其他合计核对，以免重复报错）。金额栏中的千分位逗号、首尾空格和以文本格式保存的数字可以识别。"
    "修正：把单元格改为纯数字（单位与表头“单位：万元”一致），没有金额的单元格留空。",
    message="{where}“{column}”栏的“{raw}”不能识别为金额（{problem}），该数未参与合计核对：请改为数字或清空该单元格。",
)
NEGATIVE = report.rule(
    "TB002", "金额为负数", Severity.WARNING,
    "检查公开表格中的金额是否为负数。预算收入、支出和结转结余按来源和用途列示，正常情况下都不为负；"
    "负数通常来自调减数、冲销数或公式相减，直接公开会引起误解，也往往说明某一栏的口径有误。"
    "修正：核对该数及其来源明细，把调减在明细中冲抵后再汇总；确需列示的，在情况说明中解释原因。",
    message="{where}“{column}”栏为负数 {found}：公开表格中的金额一般不为负，请核对该数及其来源明细。",
)
OF_WHICH = report.rule(
    "TB003", "“其中”数大于所属数", Severity.ERROR,
    "检查“其中”项不大于它所属的项：收入表和经济分类汇总表的“一般公共预算 其中：财政拨款”不大于一般公共预算小计，"
    "收支总表和财政拨款收支表中“其中：财政拨款”行不大于其上一行。“其中”是所属项的一部分，不单独加总，"
    "大于所属项说明两者之一填错（常见于复制上年数后只改了一个数）。问题标在“其中”数上，说明中给出所属数的位置。“其中”数与所属数由同一批明细四舍五入而来，不会因舍入而超过所属数，差 0.01 也是错误。"
    "修正：核对“其中”数和所属数，二者来自同一批明细时应按明细重新汇总。",
)


def amount_cells(table: SheetTable) -> Iterator[tuple[ParsedRow, str, ParsedCell]]:
    """(row, column key, cell) of every amount cell the 表内 relations cover."""
    rel = load().of(table.kind)
    if rel is not None and rel.form is not None:
        for row, wanted in form.budget_rows(table, rel.form):
            cell = form.amount_cell(row, rel.form, wanted)
            if cell is not None:
                yield row, wanted.key, cell
        return
    for row in table.rows:
        for key, cell in row.cells.items():
            if rel is None or key in rel.columns:
                yield row, key, cell


@per_run  # TB001 and TB002 read the same cells
def _amount_cells(table: SheetTable) -> tuple[tuple[ParsedRow, str, ParsedCell], ...]:
    return tuple(amount_cells(table))


def _column(table: SheetTable, key: str) -> str:
    rel = load().of(table.kind)
    return rel.column_name(key) if rel else key


@check(UNREADABLE)
def unreadable_amounts(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in workbook.tables:
        for row, key, cell in _amount_cells(table):
            if cell.problem:
                yield UNREADABLE.finding(
                    table.sheet, cell.address, where=f"{report.describe(row)}的", column=_column(table, key),
                    raw=str(cell.raw).strip(), problem=cell.problem,
                )


@check(NEGATIVE)
def negative_amounts(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in workbook.tables:
        for row, key, cell in _amount_cells(table):
            if cell.amount is not None and cell.amount < 0:
                yield NEGATIVE.finding(
                    table.sheet, cell.address, where=f"{report.describe(row)}的", column=_column(table, key),
                    found=report.fmt(table, cell.amount),
                )


def _of_which_rows(table: SheetTable) -> Iterator[Finding]:
    rel = load().of(table.kind)
    for side in rel.sides if rel else ():
        for part, whole in read_side(table, side).of_which():
            for key in side.amounts:
                if key in table.columns:
                    finding = sums.within_finding(
                        OF_WHICH, table, part.row, key, part.label, whole.row, key, whole.label,
                        where=f"{side.name}方",
                    )
                    if finding:
                        yield finding


@check(OF_WHICH)
def of_which_not_above_whole(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in workbook.tables:
        rel = load().of(table.kind)
        if rel is None:
            continue
        yield from sums.within(OF_WHICH, table, rel)
        yield from _of_which_rows(table)
