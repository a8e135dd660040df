"""The 校验结果 sheet: every finding in one table, errors first, each cell a link to its place.

Layout (1-based rows)::

    1  校验结果
    2  共 N 条：错误 a 条，警告 b 条，提示 c 条
    4  序号 | 级别 | 规则 | 规则名称 | 工作表 | 单元格 | 说明      (header, frozen)
    5… one row per finding, sorted by Finding.sort_key
       (blank row)
       按规则统计
       规则 | 规则名称 | 条数
       one row per rule code
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from yusuan.checks import catalog
from yusuan.findings.marks import SUMMARY_SHEET
from yusuan.findings.rule import Finding, Severity
from yusuan.ports import CellRange, Style, WorkbookPort

HEADER = ["序号", "级别", "规则", "规则名称", "工作表", "单元格", "说明"]
BY_RULE_TITLE = "按规则统计"
BY_RULE_HEADER = ["规则", "规则名称", "条数"]
HEADER_ROW = 4
HEADER_FILL = "D9E1F2"
WIDTHS = {1: 6, 2: 7, 3: 9, 4: 26, 5: 14, 6: 10, 7: 70}
_HEADER_STYLE = Style(bold=True, fill=HEADER_FILL, h_align="center", v_align="center", border=True)


def counts_line(findings: list[Finding]) -> str:
    """'共 5 条：错误 3 条，警告 2 条，提示 0 条', or that nothing was found."""
    if not findings:
        return "未发现问题。"
    by_severity = Counter(f.severity for f in findings)
    parts = "，".join(f"{s.label} {by_severity[s]} 条" for s in Severity)
    return f"共 {len(findings)} 条：{parts}"


def write_summary(port: WorkbookPort, findings: Iterable[Finding], sheet: str = SUMMARY_SHEET) -> None:
    """(Re)create ``sheet`` at the front of the workbook listing ``findings``."""
    findings = sorted(findings, key=lambda f: f.sort_key)
    if sheet in port.sheet_names():
        port.remove_sheet(sheet)
    existing = set(port.sheet_names())
    port.add_sheet(sheet, 0)
    width = len(HEADER)

    block: list[list] = [["校验结果"], [counts_line(findings)], [], HEADER]
    for number, f in enumerate(findings, start=1):
        block.append([number, f.severity.label, f.code, _rule_name(f.code), f.sheet, f.cell or None, f.message])
    last = len(block)
    by_rule = Counter(f.code for f in findings)
    rule_top = last + 2
    block += [[], [BY_RULE_TITLE], BY_RULE_HEADER]
    block += [[code, _rule_name(code), by_rule[code]] for code in sorted(by_rule)]
    port.write_values(sheet, 1, 1, [row + [None] * (width - len(row)) for row in block])

    port.apply_style(sheet, CellRange.cell(1, 1), Style(bold=True, font_size=14))
    port.apply_style(sheet, CellRange(HEADER_ROW, 1, HEADER_ROW, width), _HEADER_STYLE)
    if findings:
        port.apply_style(sheet, CellRange(HEADER_ROW + 1, 1, last, width), Style(border=True, v_align="top"))
        port.apply_style(sheet, CellRange(HEADER_ROW + 1, width, last, width), Style(wrap=True))
        for severity, first, end in _severity_runs(findings, HEADER_ROW + 1):
            port.apply_style(sheet, CellRange(first, 2, end, 2), Style(fill=severity.fill))
    for row, f in enumerate(findings, start=HEADER_ROW + 1):
        if f.cell and f.sheet in existing:
            port.set_hyperlink(sheet, row, 6, f.sheet, f.cell)
    port.apply_style(sheet, CellRange.cell(rule_top, 1), Style(bold=True))
    port.apply_style(sheet, CellRange(rule_top + 1, 1, rule_top + 1, len(BY_RULE_HEADER)), _HEADER_STYLE)
    if by_rule:
        port.apply_style(sheet, CellRange(rule_top + 2, 1, rule_top + 1 + len(by_rule), len(BY_RULE_HEADER)), Style(border=True))
    port.set_column_widths(sheet, WIDTHS)
    port.freeze_panes(sheet, HEADER_ROW + 1, 1)


def _rule_name(code: str) -> str:
    try:
        return catalog.get(code).name
    except KeyError:  # a finding from a rule family not in the catalog: still listed
        return ""


def _severity_runs(findings: list[Finding], top: int) -> list[tuple[Severity, int, int]]:
    """Contiguous rows of one severity (findings are sorted, so at most one run each)."""
    runs: list[tuple[Severity, int, int]] = []
    for row, f in enumerate(findings, start=top):
        if runs and runs[-1][0] is f.severity:
            runs[-1] = (f.severity, runs[-1][1], row)
        else:
            runs.append((f.severity, row, row))
    return runs
