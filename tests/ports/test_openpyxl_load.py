"""The port's load (merged ranges memoised, issue 13) gives the workbook openpyxl's own
``load_workbook`` gives: every cell's value and style indices, the border and protection lists,
the merged ranges, and the same file when saved."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from yusuan.ports._openpyxl_load import load_workbook

FIXTURES = Path(__file__).parents[1] / "fixtures" / "audit"


def _state(book) -> tuple:
    sheets = [
        (ws.title, sorted((key, type(cell).__name__, getattr(cell, "value", None), tuple(cell._style or ()))
                          for key, cell in ws._cells.items()), sorted(str(r) for r in ws.merged_cells.ranges))
        for ws in book.worksheets
    ]
    return sheets, list(book._borders), list(book._protections), [tuple(s) for s in book._cell_styles]


def _saved_parts(book) -> dict[str, str]:
    """Each part of the saved file by its hash, less docProps/core.xml (it holds the save time)."""
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        return {n: hashlib.sha1(saved.read(n)).hexdigest() for n in saved.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("fixture", ["foreign004", "seed000"])  # a seed's layout and another producer's
def test_load_is_openpyxl_load(fixture):
    workbook = FIXTURES / fixture / "workbook.xlsx"
    ours, theirs = load_workbook(workbook), openpyxl.load_workbook(workbook)
    assert any(ws.merged_cells.ranges for ws in theirs.worksheets)
    assert _state(ours) == _state(theirs)
    assert _saved_parts(ours) == _saved_parts(theirs)
