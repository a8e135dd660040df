"""What the floors write: every non-empty cell of every sheet of yusuan's real output, values
only, read once before any timing (the floor's process gets them in its pickled job)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

Cells = dict[str, list[tuple[int, int, object]]]  # sheet → (row, column, value), 1-based


def non_empty(value: object) -> bool:
    return value is not None and value != ""


def workbook_cells(path: Path) -> Cells:
    """The non-empty cells of every sheet of ``path``, in sheet order (formulas as their text)."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {
            ws.title: [
                (r, c, value)
                for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), start=1)
                for c, value in enumerate(row, start=1)
                if non_empty(value)
            ]
            for ws in book.worksheets
        }
    finally:
        book.close()


def count(cells: Cells) -> int:
    return sum(len(sheet) for sheet in cells.values())
