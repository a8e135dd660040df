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




def test_loads_in_threads_keep_their_own_memo_and_plain_loads_stay_openpyxls():
    """openpyxl's worksheet reader is a module global: the port's reader (and its memo of style
    indices, which are one workbook's) reaches only the port's own load, in its own thread; plain
    openpyxl loads running at the same time in other threads are openpyxl's own."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [FIXTURES / name / "workbook.xlsx" for name in ("foreign004", "seed000")]
    expected = {path: _state(openpyxl.load_workbook(path)) for path in paths}
    jobs = [(load, path) for path in paths for load in (load_workbook, openpyxl.load_workbook)] * 2
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        states = list(pool.map(lambda job: _state(job[0](job[1])), jobs))
    assert [state == expected[path] for state, (_, path) in zip(states, jobs)] == [True] * len(jobs)
