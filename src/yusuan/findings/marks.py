"""What yusuan wrote into a workbook, recorded out of sight so that a re-run or 清除标记 undoes
exactly that and nothing else.

The note on a flagged cell shows only the findings (after the user's own note text, if the
cell had one).  What is needed to undo it lives in the hidden sheet ``_yusuan_marks``, one row
per flagged cell::

    工作表 | 单元格 | 批注 | 底色 | 原批注 | 原作者 | 原底色

``批注``/``底色``: the note text and the exact fill yusuan put on the cell; ``原…``: the user's
note text, its author and the exact fill from before (fills as the port's exact fill state:
pattern, colours with alpha, gradients).  Text columns hold JSON strings (``null`` = none), so
any note text — empty, with control characters, starting with '=' — is stored verbatim.

Why a hidden sheet, not a custom XML part: it goes through the same port as everything else,
so it works the same in a file (openpyxl, which drops custom XML parts it does not know) and
in a live Excel workbook (xlwings), and it survives Excel's own save.

Robust to what users do between runs: a record applies to the note at its address when that
note still shows exactly what yusuan wrote; when rows or columns were inserted or deleted,
the note is found by its text elsewhere on the sheet; a note the user edited keeps their
edit (only yusuan's lines are taken out); a fill the user changed since is not undone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from yusuan.ports.base import WorkbookPort, a1, column_index

SUMMARY_SHEET = "校验结果"
MARKS_SHEET = "_yusuan_marks"
MARKS_HEADER = ["工作表", "单元格", "批注", "底色", "原批注", "原作者", "原底色"]
# Notes of yusuan versions before the hidden record carried this marker line in their text.
OWN_NOTE_MARK = "[yusuan]"
OWN_SHEETS = frozenset({SUMMARY_SHEET, MARKS_SHEET})

Cell = tuple[int, int]


@dataclass(frozen=True)
class Mark:
    """One flagged cell: what yusuan shows there and what the user had there before."""

    sheet: str
    row: int
    col: int
    note: str  # the note text yusuan wrote
    fill: str | None  # the exact fill state yusuan left (None: yusuan did not touch the fill)
    user_note: str | None  # the user's note text before, None when there was none
    user_author: str | None
    user_fill: str | None  # the exact fill state before ('' = no fill); None: not touched

    @property
    def at(self) -> Cell:
        return self.row, self.col

    @property
    def findings_text(self) -> str:
        """yusuan's own lines of the note (the note less the user's text in front)."""
        return self.note if self.user_note is None else self.note[len(self.user_note) + 1 :]

    def moved_to(self, at: Cell) -> Mark:
        return Mark(self.sheet, at[0], at[1], self.note, self.fill, self.user_note, self.user_author, self.user_fill)


def read_marks(port: WorkbookPort) -> list[Mark]:
    """The records of the hidden sheet; rows that do not parse are ignored (a user edited them)."""
    if MARKS_SHEET not in port.sheet_names():
        return []
    marks = []
    for row in port.read_values(MARKS_SHEET)[1:]:
        row = list(row) + [None] * len(MARKS_HEADER)
        try:
            sheet, (r, c) = str(row[0]), _cell(str(row[1]))
            note, fill, user_note, author, user_fill = (_decode(v) for v in row[2:7])
        except (ValueError, TypeError):
            continue
        if isinstance(note, str):
            marks.append(Mark(sheet, r, c, note, fill, user_note, author, user_fill))
    return marks


def write_marks(port: WorkbookPort, marks: list[Mark]) -> None:
    """Replace the hidden sheet's records by ``marks``; no records, no sheet."""
    if MARKS_SHEET in port.sheet_names():
        port.remove_sheet(MARKS_SHEET)
    if not marks:
        return
    port.add_sheet(MARKS_SHEET)
    port.set_sheet_hidden(MARKS_SHEET, True)
    order = {name: i for i, name in enumerate(port.sheet_names())}
    rows: list[list[Any]] = [MARKS_HEADER]
    for m in sorted(marks, key=lambda m: (order.get(m.sheet, len(order)), m.sheet, m.row, m.col)):
        rows.append([m.sheet, a1(m.row, m.col), *(_encode(v) for v in (m.note, m.fill, m.user_note, m.user_author, m.user_fill))])
    port.write_values(MARKS_SHEET, 1, 1, rows)


def locate_marks(marks: list[Mark], notes: dict[Cell, str]) -> tuple[list[Mark], list[Mark]]:
    """Split one sheet's records into those whose note is found (moved to where it is now) and
    those whose note is not (the user deleted or rewrote it).

    A note showing exactly yusuan's text belongs to the record at its address, else to a
    record of the same text whose own address does not show it (rows were inserted/deleted)."""
    found: list[Mark] = []
    taken: set[Cell] = set()
    waiting: list[Mark] = []
    for mark in marks:
        if notes.get(mark.at) == mark.note:
            found.append(mark)
            taken.add(mark.at)
        else:
            waiting.append(mark)
    lost: list[Mark] = []
    for mark in waiting:
        at = next((at for at, text in sorted(notes.items()) if text == mark.note and at not in taken), None)
        if at is None:
            lost.append(mark)
        else:
            found.append(mark.moved_to(at))
            taken.add(at)
    return found, lost


def users_notes(port: WorkbookPort, sheet: str, marks: list[Mark] | None = None) -> dict[Cell, tuple[str, str | None]]:
    """The user's own notes on ``sheet`` (text, author): yusuan's notes give back the user's note
    they covered, or nothing.  For regenerating a sheet while keeping what the user wrote."""
    marks = read_marks(port) if marks is None else marks
    notes = port.read_notes(sheet)
    found, _ = locate_marks([m for m in marks if m.sheet == sheet], notes)
    kept = {at: (text, port.note_author(sheet, *at)) for at, text in notes.items() if OWN_NOTE_MARK not in text}
    for mark in found:
        kept.pop(mark.at, None)
        if mark.user_note is not None:
            kept[mark.at] = (mark.user_note, mark.user_author)
    return kept


def _cell(address: str) -> Cell:
    letters = address.rstrip("0123456789")
    if not letters or not letters.isalpha() or not address[len(letters):]:
        raise ValueError(address)
    return int(address[len(letters):]), column_index(letters.upper())


def _encode(value: str | None) -> str:
    return json.dumps(value, ensure_ascii=False)


def _decode(value: Any) -> str | None:
    decoded = json.loads(value) if isinstance(value, str) else None
    if decoded is not None and not isinstance(decoded, str):
        raise ValueError(value)
    return decoded
