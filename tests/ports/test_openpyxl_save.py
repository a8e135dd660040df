"""The port's save (rows written as one element each, issue 13) writes the file openpyxl's own
``save_workbook`` writes, part by part, byte for byte: the built demo, and a sheet of every
kind of cell (formulas, dates, rich text, notes, links, text to escape, empty styled cells and
rows, row heights), where the rows openpyxl must write itself are written by it."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.writer.excel import save_workbook as openpyxl_save

from yusuan.ports._openpyxl_save import save_workbook


def _parts(book, save) -> dict[str, bytes]:
    """Each part of the saved file, less docProps/core.xml (it holds the save time)."""
    buffer = io.BytesIO()
    save(book, buffer)
    with zipfile.ZipFile(buffer) as saved:
        return {n: saved.read(n) for n in saved.namelist() if n != "docProps/core.xml"}


def _same_file(make) -> None:
    """``make()`` gives the workbook, once for each save (a save changes a book a little)."""
    ours, theirs = _parts(make(), save_workbook), _parts(make(), openpyxl_save)
    assert list(ours) == list(theirs)
    assert [n for n in ours if ours[n] != theirs[n]] == []


def test_the_built_demo_saves_as_openpyxl_saves_it(demo_bytes):
    _same_file(lambda: openpyxl.load_workbook(io.BytesIO(demo_bytes)))


def _every_kind_of_cell() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["文本", " 前后空格 ", "a & b < c > d \" e", "回车\r\n换行\t制表", "", 0, -1.5, 2**40, 1e-20, True, "#N/A"])
    ws.append(["=SUM(F1:G1)", date(2025, 1, 1), None, 3])  # openpyxl writes this row (a formula, a date)
    ws["A3"] = CellRichText(["富", TextBlock(InlineFont(b=True), "文本")])
    ws["B4"].fill = PatternFill("solid", fgColor="FFC7CE")  # styled, no value: <c ...></c>
    ws["C4"].font = Font(bold=True)
    ws["C4"].value = "粗"
    ws["D5"].comment = Comment("批注", "yusuan")
    ws["E6"] = "链接"
    ws["E6"].hyperlink = "#'Sheet'!A1"
    ws.row_dimensions[8].height = 30  # a row with a height and no cell
    ws["A9"].data_type = "s"  # an empty text cell
    ws["A9"]._value = ""
    other = book.create_sheet("二")
    for r in range(1, 40):
        other.append([r, f"名称{r % 3}", r / 7, None, "x" if r % 2 else None])
    return book


def test_every_kind_of_cell_saves_as_openpyxl_saves_it():
    _same_file(_every_kind_of_cell)


def test_saves_in_threads_write_openpyxls_bytes():
    """openpyxl's worksheet writer is a module global: the port's writer (and its style indices,
    which are one workbook's) reaches only the port's own save, in its own thread; a plain openpyxl
    save running at the same time writes openpyxl's own file."""
    from concurrent.futures import ThreadPoolExecutor

    def make():  # cell styles enter the workbook's list as the save meets them
        book = openpyxl.Workbook()
        for row in range(1, 301):
            for column in range(1, 11):
                cell = book.active.cell(row, column, row * column)
                cell.font = Font(size=8 + (row + column) % 12, bold=row % 2 == 0)
        return book

    expected = _parts(make(), openpyxl_save)
    saves = [save_workbook, openpyxl_save] * 3
    books = [make() for _ in saves]
    with ThreadPoolExecutor(max_workers=len(saves)) as pool:
        written = list(pool.map(lambda job: _parts(job[1], job[0]), zip(saves, books)))
    assert [parts == expected for parts in written] == [True] * len(saves)
