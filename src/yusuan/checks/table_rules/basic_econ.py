"""基本支出表: 人员经费 holds 301 and 303 only, 公用经费 302 and 310 only (B4)."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.checks.registry import CheckContext, check
from yusuan.checks.table_rules import report
from yusuan.checks.table_rules.relations import load
from yusuan.findings.rule import Finding, Severity
from yusuan.model.parsed import ParsedWorkbook

KIND = "general_budget_basic"
SUMMARY_ROLES = ("total", "department", "unit")

MISPLACED = report.rule(
    "TB015", "基本支出表：人员经费、公用经费与经济科目不符", Severity.ERROR,
    "检查一般公共预算基本支出预算表中每个经济科目的金额是否列在正确的栏：人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助，"
    "公用经费 = 302 商品和服务支出 + 310 资本性支出。科目列错栏时合计仍然平衡，但人员经费、公用经费的数字是错的，"
    "与说明中的人员经费、公用经费以及机构运行经费都对不上。"
    "修正：把该科目的金额移到所属的栏（同时调整合计行的人员经费、公用经费）。",
    message="{where}属 {econ_class} 类经济科目，应列入“{right}”，但“{column}”栏有 {found}：请把该数移到“{right}”栏。",
)


@check(MISPLACED)
def misplaced_economic_class(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    rel = load().of(KIND)
    if rel is None or not rel.econ_columns:
        return
    home = {econ_class: key for key, classes in rel.econ_columns.items() for econ_class in classes}
    for table in workbook.of_kind(KIND):
        for row in table.rows:
            econ_class = row.code.strip()[:3]
            if row.role in SUMMARY_ROLES or econ_class not in home:
                continue
            for key in rel.econ_columns:
                cell = row.cells.get(key)
                if key != home[econ_class] and cell is not None and cell.amount:
                    yield MISPLACED.finding(
                        table.sheet, cell.address,
                        where=f"第{row.row}行（{row.code} {row.label.strip()}）".replace(" ）", "）"),
                        econ_class=econ_class, right=rel.column_name(home[econ_class]),
                        column=rel.column_name(key), found=report.fmt(table, cell.amount),
                    )
