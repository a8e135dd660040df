"""The 校验结果 sheet: one row per root cause, errors first, each cell a link to its place.

One root cause, one finding: findings of one cause are listed once, with the count of cells and
a link to each — the cells the diagnosis names together (``params['cause']``, e.g. DG002
“二者之一有误”), the cells a diagnosed figure made disagree (``params['related']``), and the same
message repeated on several cells of one sheet (16 × IN012 for one correspondence).

Layout (1-based rows)::

    1  校验结果
    2  共 N 条：错误 a 条，警告 b 条，提示 c 条          (N root causes)
    4  序号 | 级别 | 规则 | 规则名称 | 工作表 | 单元格 | 说明      (header, frozen)
    5… one row per root cause, sorted by Finding.sort_key, message ending “（共 k 处）”
       when it has several cells; below it one row per further cell (no 序号): sheet, linked cell,
       what that cell is (同一问题 / 相关 / its own message)
       (blank row)
       按规则统计                                          (in 规则 … 工作表 columns C–E, so
       规则 | 规则名称 | 条数                               规则名称 has the 规则名称 width)
       one row per rule code (root causes)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from yusuan.checks import catalog
from yusuan.findings.marks import SUMMARY_SHEET
from yusuan.findings.rule import Finding, Severity
from yusuan.ports import CellRange, PageSetup, Style, WorkbookPort
from yusuan.ports.base import text_height

HEADER = ["序号", "级别", "规则", "规则名称", "工作表", "单元格", "说明"]
BY_RULE_TITLE = "按规则统计"
BY_RULE_HEADER = ["规则", "规则名称", "条数"]
BY_RULE_COLUMN = 3  # under 规则 | 规则名称 | 工作表 of the list above
HEADER_ROW = 4
HEADER_FILL = "D9E1F2"
WIDTHS: dict[int, float] = {1: 6, 2: 7, 3: 9, 4: 30, 5: 14, 6: 10, 7: 66}
NAME_COLUMN = 4  # 规则名称, here and in 按规则统计 below
FONT = "宋体"  # as the tables
_HEADER_STYLE = Style(bold=True, fill=HEADER_FILL, h_align="center", v_align="center", border=True)


SAME = "同一问题"
RELATED = "相关：因本条所指的数而显示不符，改正该数后即相符"


@dataclass
class Cause:
    """Findings of one root cause: ``head`` is listed; ``more`` are its further cells with the
    text their row shows."""

    head: Finding
    count: int
    more: list[tuple[str, str, str]] = field(default_factory=list)  # (sheet, cell, text)

    @property
    def message(self) -> str:
        return self.head.message if self.count == 1 else f"{self.head.message}（共 {self.count} 处）"


def causes(findings: Iterable[Finding]) -> list[Cause]:
    """Findings grouped by root cause, in Finding.sort_key order of their first finding."""
    groups: dict[tuple, list[Finding]] = {}
    for f in sorted(findings, key=lambda f: f.sort_key):
        cause = f.params.get("cause")
        key = ("cause", cause) if cause else (f.code, f.severity, f.sheet, f.message) if f.cell else ("one", id(f))
        groups.setdefault(key, []).append(f)
    result = []
    for members in groups.values():
        head, seen = members[0], {(members[0].sheet, members[0].cell)}
        cause = Cause(head, 0)
        for f in members[1:]:
            if (f.sheet, f.cell) not in seen:
                seen.add((f.sheet, f.cell))
                cause.more.append((f.sheet, f.cell, SAME if f.message == head.message else f.message))
        for f in members:
            related = f.params.get("related", ())
            for ref in related if isinstance(related, (list, tuple)) else ():
                sheet, _, cell = str(ref).rpartition("!")
                if (sheet, cell) not in seen:
                    seen.add((sheet, cell))
                    cause.more.append((sheet, cell, RELATED))
        cause.count = 1 + sum(1 for _, _, text in cause.more if text != RELATED)
        result.append(cause)
    return result


def counts_line(findings: list[Finding]) -> str:
    """'共 5 条：错误 3 条，警告 2 条，提示 0 条' (one per root cause), or that nothing was found."""
    if not findings:
        return "未发现问题。"
    grouped = causes(findings)
    by_severity = Counter(c.head.severity for c in grouped)
    parts = "，".join(f"{s.label} {by_severity[s]} 条" for s in Severity)
    return f"共 {len(grouped)} 条：{parts}"


def write_summary(port: WorkbookPort, findings: Iterable[Finding], sheet: str = SUMMARY_SHEET) -> None:
    """(Re)create ``sheet`` at the front of the workbook listing ``findings``."""
    findings = sorted(findings, key=lambda f: f.sort_key)
    grouped = causes(findings)
    if sheet in port.sheet_names():
        port.remove_sheet(sheet)
    existing = set(port.sheet_names())
    port.add_sheet(sheet, 0)
    width = len(HEADER)

    block: list[list] = [["校验结果"], [counts_line(findings)], [], HEADER]
    links: list[tuple[int, str, str]] = []  # (sheet row, sheet, cell)
    levels: list[tuple[int, Severity]] = []
    for number, cause in enumerate(grouped, start=1):
        f = cause.head
        block.append([number, f.severity.label, f.code, _rule_name(f.code), f.sheet, f.cell or None, cause.message])
        levels.append((len(block), f.severity))
        links.append((len(block), f.sheet, f.cell))
        for other_sheet, cell, text in cause.more:
            block.append([None, None, None, None, other_sheet, cell or None, text])
            links.append((len(block), other_sheet, cell))
    last = len(block)
    by_rule = Counter(c.head.code for c in grouped)
    rule_top = last + 2
    indent: list = [None] * (BY_RULE_COLUMN - 1)
    block += [[], indent + [BY_RULE_TITLE], indent + BY_RULE_HEADER]
    block += [indent + [code, _rule_name(code), by_rule[code]] for code in sorted(by_rule)]
    port.write_values(sheet, 1, 1, [row + [None] * (width - len(row)) for row in block])

    port.apply_style(sheet, CellRange.cell(1, 1), Style(bold=True, font_size=14))
    port.apply_style(sheet, CellRange(HEADER_ROW, 1, HEADER_ROW, width), _HEADER_STYLE)
    if findings:
        port.apply_style(sheet, CellRange(HEADER_ROW + 1, 1, last, width), Style(border=True, v_align="top"))
        port.apply_style(sheet, CellRange(HEADER_ROW + 1, width, last, width), Style(wrap=True))
        for severity, first, end in _severity_runs(levels, last):
            port.apply_style(sheet, CellRange(first, 2, end, 2), Style(fill=severity.fill))
    for row, target, cell in links:
        if cell and target in existing:
            port.set_hyperlink(sheet, row, 6, target, cell)
    right = BY_RULE_COLUMN + len(BY_RULE_HEADER) - 1
    port.apply_style(sheet, CellRange.cell(rule_top, BY_RULE_COLUMN), Style(bold=True))
    port.apply_style(sheet, CellRange(rule_top + 1, BY_RULE_COLUMN, rule_top + 1, right), _HEADER_STYLE)
    if by_rule:
        port.apply_style(sheet, CellRange(rule_top + 2, BY_RULE_COLUMN, rule_top + 1 + len(by_rule), right), Style(border=True))
    port.set_column_widths(sheet, WIDTHS)
    port.freeze_panes(sheet, HEADER_ROW + 1, 1)
    _print_setup(port, sheet, block, rule_top)


def _print_setup(port: WorkbookPort, sheet: str, block: list[list], rule_top: int) -> None:
    """Readable on screen and on paper: one font, 规则名称 and 说明 wrapped in rows tall enough
    for them, A4 landscape fitted to the width, the header row on every page, page numbers."""
    last = len(block)
    port.apply_style(sheet, CellRange(1, 1, last, len(HEADER)), Style(font_name=FONT))
    port.apply_style(sheet, CellRange(HEADER_ROW + 1, NAME_COLUMN, last, NAME_COLUMN), Style(wrap=True))
    rows = [row + [None] * (len(HEADER) - len(row)) for row in block]
    port.set_row_heights(sheet, {
        row: max(text_height(str(rows[row - 1][col - 1] or ""), WIDTHS[col]) for col in (NAME_COLUMN, len(HEADER)))
        for row in range(HEADER_ROW + 1, last + 1) if any(rows[row - 1])
    })
    port.set_page_setup(sheet, PageSetup(landscape=True, title_rows=(HEADER_ROW, HEADER_ROW),
                                         print_area=CellRange(1, 1, last, len(HEADER))))


def _rule_name(code: str) -> str:
    try:
        return catalog.get(code).name
    except KeyError:  # a finding from a rule family not in the catalog: still listed
        return ""


def _severity_runs(levels: list[tuple[int, Severity]], last: int) -> list[tuple[Severity, int, int]]:
    """Runs of rows of one severity, sub-rows included (causes are sorted: at most one run each)."""
    runs: list[tuple[Severity, int, int]] = []
    for index, (row, severity) in enumerate(levels):
        end = levels[index + 1][0] - 1 if index + 1 < len(levels) else last
        if runs and runs[-1][0] is severity:
            runs[-1] = (severity, runs[-1][1], end)
        else:
            runs.append((severity, row, end))
    return runs
