"""必备表: every table of the profile must be in the workbook (docs/design.md, check A1)."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.checks.cross_rules._common import W, rule
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding
from yusuan.model.parsed import ParsedWorkbook

MISSING_TABLE = rule(
    "XT001", "必备表缺失", W,
    "检查表样版本规定的每一张公开表格是否都能在工作簿中找到（按标题和表头识别，与工作表名称无关）。"
    "部门预算公开要求按目录公开全部表格，没有数据的表也要公开并注明“本部门无……，故本表无数据”；"
    "缺表时与之相关的表间核对也无法进行。找不到的原因可能是漏了这张表，也可能是标题或表头改动过大而未能识别"
    "（未能识别的表格另行列出）。修正：补上缺少的表格，或把标题、表头改回表样的写法。",
    message="未找到第{number}张表“{name}”：{advice}",
)
ADVICE = "请补上该表（无数据时也应公开并注明），或检查其标题和表头是否与表样一致"


@check(MISSING_TABLE)
def check_missing_tables(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    if not workbook.tables:
        return  # no table at all is reported once by the audit runner, not per table
    profile = ctx.profile
    sheet = workbook.tables[0].sheet
    kinds = {t.kind for t in workbook.tables}
    for spec in profile.tables:
        # a table the layout leaves out when it has no data may be absent
        if spec.kind not in kinds and profile.prints_empty(spec):
            yield MISSING_TABLE.finding(sheet, "A1", number=spec.number, name=spec.name, advice=ADVICE)
