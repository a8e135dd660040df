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
