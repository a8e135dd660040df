"""The hidden sheet ``_yusuan_state``: which input cells hold a value yusuan wrote, and that value.

Its readers: the input reader (a name yusuan wrote is no mismatch, IN025), the name fill (a cell
is overwritten only while it holds yusuan's value) and 导入上年数 (the same for last year's
figures); they see a :data:`State`, one entry per cell.

The sheet is compact: one record per sheet, column and value, with the rows that hold it::

    工作表 | 列 | 行 | 写入值
    支出明细 | D | 2-40,45,47-60 | 行政运行

(a value filled into 50,000 rows is one record, not 50,000 rows of three cells; a long row list
is split over several records so that no cell nears Excel's 32,767 characters).  Workbooks
written before keep the old encoding, header ``工作表 | 单元格 | 写入值`` and one row per cell:
they are read as they are and rewritten compact on the next run.  A record that does not parse
(edited by hand) is skipped: its cells are then the user's, which is the safe reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from yusuan.ports.base import WorkbookPort
from yusuan.text import cell_text

STATE_SHEET = "_yusuan_state"
STATE_HEADER = ["工作表", "列", "行", "写入值"]
LEGACY_HEADER = ["工作表", "单元格", "写入值"]  # one row per cell (before the compact records)
MAX_ROWS_TEXT = 8000  # characters of one record's row list, far below Excel's cell limit

State = dict[tuple[str, str], str]  # (sheet, A1) -> value yusuan wrote

_COLUMN = re.compile(r"[A-Z]{1,3}")
_DIGITS, _FIRST_DIGITS = "0123456789", tuple("123456789")
_RUN = re.compile(r"([1-9][0-9]*)(?:-([1-9][0-9]*))?")


def read_state(port: WorkbookPort) -> State:
    if STATE_SHEET not in port.sheet_names():
        return {}
    rows = port.read_values(STATE_SHEET)
    if not rows:
        return {}
    header = [cell_text(v) for v in rows[0]]
    records = (list(row) + [None] * 4 for row in rows[1:])
    if header[:2] == LEGACY_HEADER[:2]:
        return _read_legacy(records)
    state: State = {}
    for row in records:
        sheet, column, value = cell_text(row[0]), cell_text(row[1]), cell_text(row[3])
        if sheet and _COLUMN.fullmatch(column):
            for number in _rows(cell_text(row[2])):
                state[(sheet, f"{column}{number}")] = value
    return state


def _read_legacy(records: Iterable[list[Any]]) -> State:
    state: State = {}
    for row in records:
        sheet, cell = cell_text(row[0]), cell_text(row[1])
        if sheet and cell:
            state[(sheet, cell)] = cell_text(row[2])
    return state


def _rows(text: str) -> Iterator[int]:
    """'2-5,9' → 2, 3, 4, 5, 9; nothing at all when any part does not parse."""
    runs = []
    for part in text.split(","):
        match = _RUN.fullmatch(part.strip())
        if match is None:
            return
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            return
        runs.append((first, last))
    for first, last in runs:
        yield from range(first, last + 1)


def write_state(port: WorkbookPort, state: State) -> None:
    exists = STATE_SHEET in port.sheet_names()
    if not exists and not state:
        return
    old = port.read_values(STATE_SHEET) if exists else []
    if not exists:
        port.add_sheet(STATE_SHEET)
        port.set_sheet_hidden(STATE_SHEET, True)  # bookkeeping, not for printing or reading
    rows: list[list[Any]] = [STATE_HEADER, *encode(state)]
    width = max([len(STATE_HEADER), *(len(r) for r in old)])
    rows = [row + [None] * (width - len(row)) for row in rows]
    rows += [[None] * width] * max(0, len(old) - len(rows))  # clear records that went away
    port.write_values(STATE_SHEET, 1, 1, rows)


def encode(state: State) -> list[list[Any]]:
    """The records of ``state``: sorted by sheet, column and first row; cells an address does
    not fit (none yusuan writes) are left out."""
    grouped: dict[tuple[str, str, str], list[int]] = {}
    columns: dict[str, bool] = {}  # column letters seen: whether they are some (a few, 200,000 cells)
    for (sheet, cell), value in state.items():
        column = cell.rstrip(_DIGITS)  # what ([A-Z]{1,3})([1-9][0-9]*) matches, without a regex per cell
        number = cell[len(column):]
        fits = columns.get(column)
        if fits is None:
            fits = columns[column] = _COLUMN.fullmatch(column) is not None
        if fits and number[:1] in _FIRST_DIGITS:
            grouped.setdefault((sheet, column, value), []).append(int(number))
    records = []
    for (sheet, column, value), numbers in grouped.items():
        for text in _row_texts(sorted(numbers)):
            records.append((sheet, len(column), column, int(text.split(",")[0].split("-")[0]), text, value))
    records.sort(key=lambda r: r[:4])
    return [[sheet, column, text, value] for sheet, _, column, _, text, value in records]


def _row_texts(numbers: list[int]) -> Iterator[str]:
    """Sorted row numbers as runs '2-5,9', cut into texts of at most ``MAX_ROWS_TEXT`` characters."""
    parts: list[str] = []
    size = 0
    start = 0
    for i in range(1, len(numbers) + 1):
        if i < len(numbers) and numbers[i] == numbers[i - 1] + 1:
            continue
        first, last = numbers[start], numbers[i - 1]
        part = str(first) if first == last else f"{first}-{last}"
        if parts and size + 1 + len(part) > MAX_ROWS_TEXT:
            yield ",".join(parts)
            parts, size = [], 0
        size += len(part) + (1 if parts else 0)
        parts.append(part)
        start = i
    if parts:
        yield ",".join(parts)


__all__ = ["STATE_SHEET", "State", "encode", "read_state", "write_state"]
