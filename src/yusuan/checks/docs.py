"""The rules reference page, generated from the rule catalog (like ruff's and sqlfluff's)."""

from __future__ import annotations

from itertools import groupby

from yusuan.checks.catalog import all_rules
from yusuan.checks.diagnosis import GUIDE
from yusuan.findings.rule import Rule

FAMILY_ORDER = ["输入", "结构", "表样", "舍入", "诊断", "表内", "表间", "科目", "文字", "系统"]
# A family whose findings need a word of explanation before its rules (for finance staff)
FAMILY_GUIDES = {"诊断": GUIDE}


def rules_markdown() -> str:
    """Markdown listing every rule: code, severity, name, message template and doc."""
    rules = sorted(all_rules(), key=lambda r: (FAMILY_ORDER.index(r.family) if r.family in FAMILY_ORDER else 99, r.code))
    lines = [
        "# 校验规则 / Rule reference",
        "",
        "本页由 `yusuan rules --doc` 根据规则目录自动生成，请勿手工修改。",
        "",
        f"共 {len(rules)} 条规则。级别：错误（必须改正）、警告（请核对）、提示（如尾差，一般无需改动）。",
        "",
    ]
    for family, group in groupby(rules, key=lambda r: r.family):
        members = list(group)
        lines += [f"## {family}（{len(members)} 条）", ""]
        if family in FAMILY_GUIDES:
            lines += [FAMILY_GUIDES[family], ""]
        lines += ["| 编号 | 级别 | 名称 |", "|---|---|---|"]
        lines += [f"| [{r.code}](#{r.code.lower()}) | {r.severity.label} | {r.name} |" for r in members]
        lines.append("")
        for r in members:
            lines += [f"### {r.code}", "", f"**{r.name}**（{r.severity.label}）", "", *_doc(r),
                      f"提示文字：`{r.message}`", ""]
    return "\n".join(lines)


def _doc(rule: Rule) -> list[str]:
    """The structured doc (检查什么 / 为什么 / 错误示例 / 正确写法 / 修正) when the rule has one,
    else its one paragraph."""
    if not rule.what:
        return [rule.doc.strip(), ""]
    sections = [("检查什么", rule.what), ("为什么", rule.why), ("错误示例", rule.bad), ("正确写法", rule.good), ("修正", rule.fix)]
    return [line for title, text in sections if text for line in (f"**{title}**：{text.strip()}", "")]
