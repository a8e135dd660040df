"""Flags in place (标记): each finding becomes a note on its cell and the cell gets a fill by severity.

A yusuan note is a block whose first line is the marker line ``[yusuan] fill=<original>``
followed by one line per finding, most severe first.  When the cell already has a note of
the user's, the block is appended after the user's text (``user text + "\\n" + block``), so
clearing gives back exactly the user's text.  The marker line records the cell's fill from
before yusuan filled it, so clearing restores it with no state outside the workbook.

Through the port only; each sheet's notes and merged ranges are read once (SPEC §8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from yusuan.checks.marks import OWN_NOTE_MARK, SUMMARY_SHEET
from yusuan.checks.rule import Finding, Severity
from yusuan.ports import CellRange, WorkbookPort

NO_FILL = "none"
# The port could not tell the original fill (e.g. a theme colour): yusuan left the fill alone.
KEPT_FILL = "keep"
# fill tokens the port gives back: 'RRGGBB', 'theme:4:-0.25', 'indexed:13'
_FILL_TOKEN = re.compile(r"[0-9A-Fa-f]{6}|theme:\d+:-?[0-9.]+|indexed:\d+")
_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]*)")
_MARK_LINE = re.compile(re.escape(OWN_NOTE_MARK) + r"(?: fill=(\S+))?")
_SEVERITY_FILLS = {s.fill.upper() for s in Severity}


@dataclass(frozen=True)
class _OwnNote:
    """A note split into the user's part and yusuan's block."""

    user_text: str | None  # None: the whole note is yusuan's
    original_fill: str  # hex, NO_FILL or KEPT_FILL


def apply_flags(port: WorkbookPort, findings: Iterable[Finding]) -> None:
    """Put a note and a fill on every cell a finding is about, replacing yusuan's earlier flags.

    Findings without a cell, on a sheet that does not exist or on the 校验结果 sheet are left to
    the summary sheet.  Applying twice gives the same workbook as applying once.
    """
    _, user_notes = _clear_notes(port)
    by_cell = _group_by_cell(port, findings)
    for sheet, cells in by_cell.items():
        notes = user_notes[sheet]
        for (row, col), cell_findings in cells.items():
            cell_findings.sort(key=lambda f: (f.severity.rank, f.code, f.message))
            user_text = notes.get((row, col))
            fill = _fill_token(port.read_fill(sheet, row, col))
            block = _block(fill, cell_findings)
            port.set_note(sheet, row, col, block if user_text is None else f"{user_text}\n{block}")
            if fill != KEPT_FILL:
                port.set_fill(sheet, row, col, cell_findings[0].severity.fill)


def clear_flags(port: WorkbookPort) -> int:
    """Remove yusuan's notes and fills (and the 校验结果 sheet); values are never touched.

    Returns how many cells were given back their own note and fill.
    """
    restored, _ = _clear_notes(port)
    if SUMMARY_SHEET in port.sheet_names():
        port.remove_sheet(SUMMARY_SHEET)
    return restored


def parse_cell(address: str) -> tuple[int, int] | None:
    """'B7' → (7, 2); a range gives its first cell; anything else (e.g. '') gives None."""
    match = _A1.fullmatch(address.strip().split(":")[0]) if address else None
    if match is None:
        return None
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col


def split_note(text: str) -> _OwnNote | None:
    """The user's part and the recorded fill of a note yusuan wrote, or None for a user's note."""
    at = text.rfind("\n" + OWN_NOTE_MARK)
    if at >= 0:
        user_text, block = text[:at], text[at + 1 :]
    elif text.startswith(OWN_NOTE_MARK):
        user_text, block = None, text
    else:
        return None
    match = _MARK_LINE.match(block.split("\n", 1)[0])
    fill = match.group(1) if match and match.group(1) else NO_FILL
    return _OwnNote(user_text, fill)


# internals ---------------------------------------------------------------------------
def _clear_notes(port: WorkbookPort) -> tuple[int, dict[str, dict[tuple[int, int], str]]]:
    """Undo yusuan's notes and fills on every sheet.

    Returns the number of cells restored and each sheet's notes as they are afterwards (the
    user's), so that flagging needs no second read.
    """
    restored = 0
    user_notes: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in port.sheet_names():
        if sheet == SUMMARY_SHEET:
            continue
        notes = user_notes[sheet] = port.read_notes(sheet)
        for (row, col), text in list(notes.items()):
            own = split_note(text)
            if own is None:
                continue
            if own.user_text is None:
                port.delete_note(sheet, row, col)
                del notes[(row, col)]
            else:
                port.set_note(sheet, row, col, own.user_text)
                notes[(row, col)] = own.user_text
            _restore_fill(port, sheet, row, col, own.original_fill)
            restored += 1
    return restored, user_notes


def _restore_fill(port: WorkbookPort, sheet: str, row: int, col: int, original: str) -> None:
    if original == KEPT_FILL:
        return
    current = port.read_fill(sheet, row, col)
    # Only a fill yusuan set is undone: a colour the user chose since then stays.
    if current is None or current.upper() not in _SEVERITY_FILLS:
        return
    port.set_fill(sheet, row, col, None if original == NO_FILL else original)


def _group_by_cell(port: WorkbookPort, findings: Iterable[Finding]) -> dict[str, dict[tuple[int, int], list[Finding]]]:
    sheets = set(port.sheet_names()) - {SUMMARY_SHEET}
    grouped: dict[str, dict[tuple[int, int], list[Finding]]] = {}
    anchors: dict[str, dict[tuple[int, int], tuple[int, int]]] = {}
    for finding in findings:
        at = parse_cell(finding.cell)
        if at is None or finding.sheet not in sheets:
            continue  # summary only
        if finding.sheet not in anchors:
            anchors[finding.sheet] = _merge_anchors(port.merged_ranges(finding.sheet))
        at = anchors[finding.sheet].get(at, at)
        cell_findings = grouped.setdefault(finding.sheet, {}).setdefault(at, [])
        if finding not in cell_findings:
            cell_findings.append(finding)
    return grouped


def _merge_anchors(ranges: list[CellRange]) -> dict[tuple[int, int], tuple[int, int]]:
    """Every covered cell of a merged range → its top-left cell, the only one that holds a note."""
    return {
        (r, c): (m.top, m.left)
        for m in ranges
        for r in range(m.top, m.bottom + 1)
        for c in range(m.left, m.right + 1)
        if (r, c) != (m.top, m.left)
    }


def _fill_token(rgb: str | None) -> str:
    if rgb is None:
        return NO_FILL
    if not _FILL_TOKEN.fullmatch(rgb):
        return KEPT_FILL
    return rgb.upper() if ":" not in rgb else rgb


def _block(fill: str, findings: list[Finding]) -> str:
    lines = [f"{OWN_NOTE_MARK} fill={fill}"]
    for f in findings:
        message = " ".join(f.message.splitlines())  # one line per finding keeps the block parseable
        lines.append(f"{f.severity.label} {f.code}：{message}")
    return "\n".join(lines)
