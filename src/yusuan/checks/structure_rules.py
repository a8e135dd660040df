"""结构 rules: what the recogniser could not use (raised by :func:`yusuan.audit.runner.table_findings`)."""

from __future__ import annotations

from yusuan.findings.catalog import declare
from yusuan.findings.rule import Severity

UNRECOGNISED = declare(
    "AU001", "结构", "无法识别的表格", Severity.WARNING,
    "{table}无法识别（{reason}），因此未做校验",
    what="审核模式按表题和表头文字识别各张公开表；此表的表题或表头与已知表样都对不上。",
    why="yusuan 不猜测一张表的含义：识别不了的表不做校验，其中的错误也就不会被发现。",
    bad="表题写作“2025年部门支出表（草稿）”，表头只有“项目”“金额”两栏。",
    good="表题为表样中的标准名称（如“部门支出预算表”），表头各栏齐全。",
    fix="核对表题是否为标准名称、表头是否完整；必要时按模板表样调整后重新校验。",
)
NO_TABLES = declare(
    "AU002", "结构", "未找到公开表", Severity.ERROR,
    "工作簿中没有识别到任何部门预算公开表",
    what="工作簿的所有工作表中是否至少有一张可识别的公开表（如“部门收支预算表”）。",
    why="没有一张可识别的表，就无法做任何校验：多半是选错了文件，或表题被删除、改写。",
    bad="选中了只有输入表（基本信息、支出明细）的工作簿，或表题被改写为“表一”。",
    good="选择部门预算公开工作簿，各表保留原表题。",
    fix="确认选择的是部门预算公开工作簿，且表题文字没有被删除或改写。",
)


def unrecognised_table(sheet: str, title: str) -> str:
    """How AU001 names the table: by its sheet and its own title, or as the sheet's table when
    it has none (or only the sheet's name stands for it)."""
    return f"工作表“{sheet}”中的“{title}”" if title and title != sheet else f"工作表“{sheet}”中的表格"
