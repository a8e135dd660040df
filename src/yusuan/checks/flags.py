"""Flags in place (标记): each finding becomes a note on its cell and the cell gets a fill by severity.

The note shows only the findings, one line each, most severe first; a cell that already had a
note of the user's shows the user's text first (``user text + "\\n" + findings``).  Nothing
internal is written into the note: what is needed to give the cell back exactly — the user's
note text and author and the exact fill — is recorded in the hidden sheet of
:mod:`yusuan.findings.marks`.  Applying first undoes yusuan's earlier flags, so applying twice
gives the same workbook as applying once, and clearing gives back the user's notes and fills.

Through the port only; each sheet's notes and merged ranges are read once (a live Excel call per cell would be slow).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from yusuan.findings.marks import OWN_NOTE_MARK, OWN_SHEETS, Cell, Mark, locate_marks, read_marks, write_marks
from yusuan.findings.rule import Finding
from yusuan.ports import CellRange, WorkbookPort
from yusuan.ports.base import column_index

_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]*)")


def apply_flags(port: WorkbookPort, findings: Iterable[Finding]) -> None:
    """Put a note and a fill on every cell a finding is about, replacing yusuan's earlier flags.

    Findings without a cell, on a sheet that does not exist or on yusuan's own sheets are left
    to the summary sheet.  Applying twice gives the same workbook as applying once.
    """
    _, user_notes = _clear_notes(port)
    marks: list[Mark] = []
    for sheet, cells in _group_by_cell(port, findings).items():
        notes = user_notes[sheet]
        for (row, col), cell_findings in cells.items():
            cell_findings.sort(key=lambda f: (f.severity.rank, f.code, f.message))
            user_note = notes.get((row, col))
            author = port.note_author(sheet, row, col) if user_note is not None else None
            user_fill = port.read_fill_state(sheet, row, col)
            lines = "\n".join(_line(f) for f in cell_findings)
            note = lines if user_note is None else f"{user_note}\n{lines}"
            port.set_note(sheet, row, col, note)
            fill = None
            if user_fill is not None:  # a fill the port cannot give back exactly is left alone
                port.set_fill(sheet, row, col, cell_findings[0].severity.fill)
                fill = port.read_fill_state(sheet, row, col)
            marks.append(Mark(sheet, row, col, note, fill, user_note, author, user_fill))
    write_marks(port, marks)


def clear_flags(port: WorkbookPort) -> int:
    """Remove yusuan's notes and fills (and its own sheets); values are never touched.

    Returns how many cells were given back their own note and fill.
    """
    restored, _ = _clear_notes(port)
    for sheet in OWN_SHEETS & set(port.sheet_names()):
        port.remove_sheet(sheet)
    return restored


def parse_cell(address: str) -> tuple[int, int] | None:
    """'B7' → (7, 2); a range gives its first cell; anything else (e.g. '') gives None."""
    match = _A1.fullmatch(address.strip().split(":")[0]) if address else None
    if match is None:
        return None
    return int(match.group(2)), column_index(match.group(1).upper())


# internals ---------------------------------------------------------------------------
def _clear_notes(port: WorkbookPort) -> tuple[int, dict[str, dict[Cell, str]]]:
    """Undo yusuan's notes and fills on every sheet, from the hidden records.

    Returns the number of cells restored and each sheet's notes as they are afterwards (the
    user's), so that flagging needs no second read.
    """
    marks = read_marks(port)
    restored = 0
    user_notes: dict[str, dict[Cell, str]] = {}
    for sheet in port.sheet_names():
        if sheet in OWN_SHEETS:
            continue
        notes = user_notes[sheet] = port.read_notes(sheet)
        found, lost = locate_marks([m for m in marks if m.sheet == sheet], notes)
        for mark in found:
            _give_back_note(port, mark, notes)
            _give_back_fill(port, mark.sheet, mark.at, mark)
        for mark in lost:
            _give_back_edited(port, mark, notes)
        restored += len(found) + len(lost) + _clear_legacy(port, sheet, notes)
    return restored, user_notes


def _give_back_note(port: WorkbookPort, mark: Mark, notes: dict[Cell, str]) -> None:
    if mark.user_note is None:
        port.delete_note(mark.sheet, *mark.at)
        del notes[mark.at]
    else:
        port.set_note(mark.sheet, *mark.at, mark.user_note, mark.user_author)
        notes[mark.at] = mark.user_note


def _give_back_edited(port: WorkbookPort, mark: Mark, notes: dict[Cell, str]) -> None:
    """yusuan's note is no longer as written at its cell: the user edited or deleted it.  Their
    edit stays; only yusuan's lines come out; the fill comes back if it is still yusuan's."""
    current = notes.get(mark.at)
    ours = mark.findings_text
    if current is None:
        if mark.fill is not None and port.read_fill_state(mark.sheet, *mark.at) == mark.fill:
            # the note was deleted where it was: the user's own note under it is theirs to keep
            if mark.user_note is not None:
                port.set_note(mark.sheet, *mark.at, mark.user_note, mark.user_author)
                notes[mark.at] = mark.user_note
            _give_back_fill(port, mark.sheet, mark.at, mark)
        return
    if ours and ours in current:
        head, _, tail = current.partition(ours)
        if mark.user_note is not None and head.endswith("\n"):
            head = head[:-1]
        text = (head + tail).strip("\n") if mark.user_note is None else head + tail
        if text:
            port.set_note(mark.sheet, *mark.at, text, mark.user_author)
            notes[mark.at] = text
        else:
            port.delete_note(mark.sheet, *mark.at)
            del notes[mark.at]
    _give_back_fill(port, mark.sheet, mark.at, mark)


def _give_back_fill(port: WorkbookPort, sheet: str, at: Cell, mark: Mark) -> None:
    # Only a fill yusuan set is undone: a colour the user chose since then stays.
    if mark.fill is None or mark.user_fill is None:
        return
    if port.read_fill_state(sheet, *at) == mark.fill:
        port.set_fill_state(sheet, *at, mark.user_fill)


def _clear_legacy(port: WorkbookPort, sheet: str, notes: dict[Cell, str]) -> int:
    """Notes written by yusuan versions that kept the marker line ``[yusuan] fill=…`` in the text."""
    count = 0
    for at, text in list(notes.items()):
        split = text.rfind("\n" + OWN_NOTE_MARK)
        if split < 0 and not text.startswith(OWN_NOTE_MARK):
            continue
        if split < 0:
            port.delete_note(sheet, *at)
            del notes[at]
        else:
            port.set_note(sheet, *at, text[:split])
            notes[at] = text[:split]
        marker = text[split + 1 :] if split >= 0 else text
        original = re.match(re.escape(OWN_NOTE_MARK) + r" fill=(\S+)", marker)
        fill = original.group(1) if original else "none"
        if fill != "keep":
            port.set_fill(sheet, *at, None if fill == "none" else fill)
        count += 1
    return count


def _group_by_cell(port: WorkbookPort, findings: Iterable[Finding]) -> dict[str, dict[Cell, list[Finding]]]:
    sheets = set(port.sheet_names()) - OWN_SHEETS
    grouped: dict[str, dict[Cell, list[Finding]]] = {}
    anchors: dict[str, dict[Cell, Cell]] = {}
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


def _merge_anchors(ranges: list[CellRange]) -> dict[Cell, Cell]:
    """Every covered cell of a merged range → its top-left cell, the only one that holds a note."""
    return {
        (r, c): (m.top, m.left)
        for m in ranges
        for r in range(m.top, m.bottom + 1)
        for c in range(m.left, m.right + 1)
        if (r, c) != (m.top, m.left)
    }


def _line(finding: Finding) -> str:
    message = " ".join(finding.message.splitlines())  # one line per finding
    return f"{finding.severity.label} {finding.code}：{message}"
