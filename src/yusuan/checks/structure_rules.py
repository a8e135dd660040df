"""结构 rules: what the recogniser could not use (the rules themselves run in audit.runner)."""

from __future__ import annotations

from yusuan.findings.catalog import register
from yusuan.findings.rule import Rule, Severity

UNRECOGNISED = register(
    Rule(
        code="AU001",
        family="结构",
        name="无法识别的表格",
        severity=Severity.WARNING,
        message="“{title}”看起来是一张表，但无法识别其表头（{reason}），未做校验",
        doc="审核模式按表题和表头文字识别各张公开表。此表的表题或表头与已知表样都对不上，yusuan 不猜测其含义，"
        "因此没有校验它。请核对表题是否为标准名称、表头是否完整；必要时按模板表样调整后重新校验。",
    )
)
NO_TABLES = register(
    Rule(
        code="AU002",
        family="结构",
        name="未找到公开表",
        severity=Severity.ERROR,
        message="工作簿中没有识别到任何部门预算公开表",
        doc="审核模式在工作簿的所有工作表中都没有找到可识别的公开表（如“部门收支预算表”）。"
        "请确认选择的是部门预算公开工作簿，且表题文字没有被删除或改写。",
    )
)
