"""The port contract: what a caller writes through a :class:`WorkbookPort` it reads back the same
way, whichever port it is.  Run against the openpyxl port (files), the in-memory port the rule
tests use, and the xlwings port over the Excel stand-in (Windows flavour).

Where a port legitimately differs (what Excel parses, an empty text) the test says so."""

from __future__ import annotations

import inspect

import pytest

from builds import demo_input_bytes, open_copy
from yusuan.build import build_workbook
from yusuan.ports import CellRange, PageSetup, Style, WorkbookPort
from yusuan.ports.base import Validation
from yusuan.ports.memory import MemoryWorkbook
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.ports.xlwings_port import XlwingsWorkbook

from .xlwings_double import WINDOWS, FakeBook

PORTS = {
    "openpyxl": OpenpyxlWorkbook.new,
    "memory": MemoryWorkbook,
    "xlwings": lambda: XlwingsWorkbook(FakeBook(flavour=WINDOWS), WINDOWS),
}


def trimmed(rows: list[list]) -> list[list]:
    """``rows`` without the blank columns at the right."""
    right = max((c + 1 for row in rows for c, v in enumerate(row) if v is not None), default=0)
    return [row[:right] + [None] * (right - len(row)) for row in rows]


@pytest.fixture(params=list(PORTS))
def port(request) -> WorkbookPort:
    book = PORTS[request.param]()
    book.add_sheet("表")
    return book


def test_every_port_method_is_implemented_with_the_protocols_signature():
    members = [n for n, v in vars(WorkbookPort).items() if callable(v) and not n.startswith("_")]
    for make in PORTS.values():
        book = make()
        assert isinstance(book, WorkbookPort)
        for name in members:
            ours = inspect.signature(getattr(type(book), name))
            theirs = inspect.signature(getattr(WorkbookPort, name))
            assert list(ours.parameters) == list(theirs.parameters), (type(book).__name__, name)


def test_sheets_keep_their_order(port):
    port.add_sheet("丙")
    port.add_sheet("乙", 1)
    port.add_sheet("首", 0)
    assert port.sheet_names() == ["首", "表", "乙", "丙"]
    port.remove_sheet("表")
    port.set_sheet_hidden("丙", True)
    assert port.sheet_names() == ["首", "乙", "丙"]
    assert port.read_values("首") == []


def test_values_round_trip_from_a1_and_blank_rows_at_the_end_are_not_read(port):
    port.write_values("表", 2, 2, [[1, 2.5, None], ["甲", 2**40, True]])
    port.write_values("表", 5, 1, [["短"], ["长行", "x", "y"]])  # ragged rows: untouched cells stay
    port.write_values("表", 9, 1, [[None, None]])
    assert port.read_values("表") == [
        [None, None, None, None],
        [None, 1, 2.5, None],
        [None, "甲", 2**40, True],
        [None, None, None, None],
        ["短", None, None, None],
        ["长行", "x", "y", None],
    ]
    port.write_values("表", 6, 2, [[None, None]])  # None blanks a cell
    assert port.read_values("表")[5] == ["长行", None, None, None]
    assert port.uncomputed_cells("表") == []


def test_text_that_looks_like_a_formula_stays_text(port):
    tricky = ["=SUM(A1:A3)", "=1+1", "'引号开头", "+86", "-5", "00123", "12.50%", "TRUE", "#N/A", "="]
    port.write_values("表", 1, 1, [tricky])
    assert port.read_values("表") == [tricky]
    assert port.uncomputed_cells("表") == []


def test_merged_ranges_and_the_cells_they_cover(port):
    port.write_values("表", 1, 1, [["标题", None, None], [None, None, None]])
    port.merge("表", [CellRange(1, 1, 1, 3), CellRange(2, 2, 3, 3), CellRange.cell(4, 4)])
    assert sorted(port.merged_ranges("表"), key=lambda r: (r.top, r.left)) == [
        CellRange(1, 1, 1, 3), CellRange(2, 2, 3, 3)]  # a one-cell range is no merge
    port.write_values("表", 2, 1, [["左", "合并格"]])
    # Excel's used range takes in the merged area: compare up to the last value
    assert trimmed(port.read_values("表")) == [["标题", None], ["左", "合并格"]]
    if not isinstance(port, XlwingsWorkbook):  # a file keeps no value under a merge (Excel's own rule applies live)
        port.write_values("表", 2, 3, [["被盖住"]])
        assert port.read_values("表") == [["标题", None], ["左", "合并格"]]


def test_notes_and_their_authors(port):
    port.set_note("表", 2, 2, "用户的批注", author="财务科")
    port.set_note("表", 3, 1, "yusuan 的批注")
    assert port.read_notes("表") == {(2, 2): "用户的批注", (3, 1): "yusuan 的批注"}
    assert port.note_author("表", 2, 2) == "财务科"
    assert port.note_author("表", 3, 1)  # the port's own author
    assert port.note_author("表", 5, 5) is None
    port.delete_note("表", 3, 1)
    port.delete_note("表", 9, 9)  # no note there: nothing to do
    assert port.read_notes("表") == {(2, 2): "用户的批注"}
    assert port.read_values("表") == []  # notes are no values


def test_fills_are_read_back_and_a_fill_state_is_put_back_unchanged(port):
    assert port.read_fill("表", 2, 2) is None and port.read_fill_state("表", 2, 2) == ""
    port.set_fill("表", 2, 2, "FFC7CE")
    assert port.read_fill("表", 2, 2) == "FFC7CE"
    state = port.read_fill_state("表", 2, 2)
    assert state
    port.set_fill("表", 2, 2, "C6EFCE")
    port.set_fill_state("表", 2, 2, state)
    assert port.read_fill("表", 2, 2) == "FFC7CE"
    port.set_fill_state("表", 2, 2, "")
    assert port.read_fill("表", 2, 2) is None
    port.set_fill("表", 3, 3, "FFC7CE")
    port.set_fill("表", 3, 3, None)
    assert port.read_fill("表", 3, 3) is None
    port.apply_style("表", CellRange(5, 1, 6, 2), Style(fill="F2F2F2", bold=True))
    assert port.read_fill("表", 6, 2) == "F2F2F2" and port.read_fill("表", 7, 2) is None


def test_layout_calls_leave_values_alone(port):
    port.write_values("表", 1, 1, [["类", "金额"], ["见 B3", 3.5], ["202", 1]])
    before = port.read_values("表")
    port.apply_style("表", CellRange(1, 1, 3, 2), Style(border=True, number_format="#,##0.00", h_align="center"))
    port.set_column_widths("表", {1: 12.0, 2: 20.0})
    port.set_row_heights("表", {1: 30.0})
    port.freeze_panes("表", 2, 1)
    port.set_page_setup("表", PageSetup(landscape=True, title_rows=(1, 1)))
    port.add_list_validation("表", CellRange(2, 1, 3, 1), ["201", "202"])
    port.add_validation("表", CellRange(2, 2, 3, 2), Validation(prompt_title="金额", prompt="以元为单位"))
    port.set_hyperlink("表", 2, 1, "表", "B3")
    port.add_chart("表", "pie", "结构", CellRange(2, 2, 3, 2), CellRange(2, 1, 3, 1), "D2", (12, 6))
    assert port.read_values("表") == before
    with pytest.raises(ValueError):
        port.add_chart("表", "line", "x", CellRange(2, 2, 3, 2), CellRange(2, 1, 3, 1), "D4")


# the in-memory port: a copy of a real workbook, and a file of its own ---------------------------
def test_a_memory_copy_of_the_demo_reads_as_the_file_does(demo_book):
    memory = MemoryWorkbook.from_port(demo_book)
    assert memory.sheet_names() == demo_book.sheet_names()
    for name in demo_book.sheet_names():
        assert memory.read_values(name) == demo_book.read_values(name), name
        assert memory.merged_ranges(name) == demo_book.merged_ranges(name), name
        assert memory.read_notes(name) == demo_book.read_notes(name), name
        for r, c in memory.read_notes(name):
            assert memory.note_author(name, r, c) == demo_book.note_author(name, r, c)
            assert memory.read_fill(name, r, c) == demo_book.read_fill(name, r, c)
    own = memory.copy()
    own.write_values(demo_book.sheet_names()[0], 1, 1, [["改"]])
    assert memory.read_values(demo_book.sheet_names()[0]) == demo_book.read_values(demo_book.sheet_names()[0])


def test_a_memory_book_saves_as_an_xlsx_that_reads_back_the_same(tmp_path):
    memory = MemoryWorkbook()
    memory.add_sheet("表")
    memory.add_sheet("隐藏")
    memory.write_values("表", 1, 1, [["标题", None], ["甲", 1.5]])
    memory.merge("表", [CellRange(1, 1, 1, 2)])
    memory.apply_style("表", CellRange(2, 1, 2, 2), Style(number_format="#,##0.00", fill="F2F2F2"))
    memory.set_note("表", 2, 2, "批注", author="财务科")
    memory.set_fill("表", 2, 1, "FFC7CE")
    memory.set_sheet_hidden("隐藏", True)
    memory.save(tmp_path / "内存.xlsx")
    saved = OpenpyxlWorkbook.open(tmp_path / "内存.xlsx")
    assert saved.sheet_names() == ["表", "隐藏"] and saved.book["隐藏"].sheet_state == "hidden"
    assert saved.read_values("表") == memory.read_values("表")
    assert saved.merged_ranges("表") == memory.merged_ranges("表")
    assert saved.read_notes("表") == {(2, 2): "批注"} and saved.note_author("表", 2, 2) == "财务科"
    assert [saved.read_fill("表", 2, c) for c in (1, 2)] == ["FFC7CE", "F2F2F2"]
    assert saved.book["表"]["B2"].number_format == "#,##0.00"


def test_a_build_on_the_memory_port_writes_what_the_file_build_writes(demo_outcome, demo_bytes):
    memory = MemoryWorkbook.from_port(open_copy(demo_input_bytes()))
    outcome = build_workbook(memory)
    on_file = open_copy(demo_bytes)
    assert outcome.usable and memory.sheet_names() == on_file.sheet_names()
    assert sorted(outcome.findings, key=lambda f: f.sort_key) == sorted(demo_outcome.findings, key=lambda f: f.sort_key)
    for name in on_file.sheet_names():
        assert memory.read_values(name) == on_file.read_values(name), name
        assert sorted(memory.merged_ranges(name), key=lambda r: (r.top, r.left)) == \
            sorted(on_file.merged_ranges(name), key=lambda r: (r.top, r.left)), name
        assert memory.read_notes(name) == on_file.read_notes(name), name
