"""整体绩效目标表 预算情况: the total splits by 资金来源 and by 资金结构 (表十三)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from yusuan.checks.diagnosis import Term
from yusuan.checks.registry import CheckContext, check
from yusuan.checks.table_rules import form, report
from yusuan.checks.table_rules.relations import load
from yusuan.checks.tolerance import compare_sum
from yusuan.findings.rule import Finding, Severity
from yusuan.model.parsed import ParsedCell, ParsedWorkbook, SheetTable

KIND = "overall_performance"

BUDGET_SPLITS = report.rule(
    "TB024", "整体绩效目标表：预算总额与资金来源、资金结构不符", Severity.ERROR,
    "检查部门（单位）整体绩效目标表“预算情况”部分：部门预算总额 = 政府预算资金 + 财政专户管理资金 + 单位资金（资金来源），"
    "部门预算总额 = 基本支出 + 项目支出（资金结构）。两种分法说的是同一笔钱，必须都等于总额；总额还应等于收支总表的支出总计。"
    "修正：按收入表的资金来源和支出表的基本、项目支出重新填列。",
)


@check(BUDGET_SPLITS)
def budget_splits(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    rel = load().of(KIND)
    if rel is None or rel.form is None:
        return
    spec = rel.form
    half_unit = load().half_unit
    for table in workbook.of_kind(KIND):
        total = form.find(table, spec.total)
        if total is None:
            continue
        total_cell = form.amount_cell(total, spec, spec.total)
        for split in spec.splits:
            rows = [form.find(table, part, after=total.row - 1) for part in split.parts]
            found = [r for r in rows if r is not None]
            if total_cell is None or len(found) < len(rows):
                continue  # a block laid out otherwise: nothing to compare, nothing to guess
            cells = [form.amount_cell(r, spec, part) for r, part in zip(found, split.parts)]
            if total_cell.problem or any(c is not None and c.problem for c in cells):
                continue
            known = [c for c in cells if c is not None]
            if len(known) == len(cells):
                report.relate_sum(
                    BUDGET_SPLITS, table, _term(table, total_cell), [_term(table, c) for c in known], half_unit(table),
                    f"“{spec.total.name}”", f"{split.name}各项之和",
                )
            comparison = compare_sum(total_cell.value, [c.value if c else Decimal(0) for c in cells], half_unit(table))
            finding = report.sum_finding(
                BUDGET_SPLITS, table, total_cell.address, comparison,
                where="预算情况：", total=f"“{spec.total.name}”",
                parts=f"{split.name}（{report.quoted(p.name for p in split.parts)}）之和",
                advice=f"请核对部门预算总额和{split.name}各项",
            )
            if finding:
                yield finding


def _term(table: SheetTable, cell: ParsedCell) -> Term:
    return Term(table.sheet, cell.address, cell.value, unit=table.unit)
