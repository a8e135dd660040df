"""The xlwings port without Excel: a recording stand-in for xlwings and Excel's object model.

The stand-in keeps what a live book keeps (values, merged areas, notes, fills, links) so that
reads return what was written, parses written strings as Excel does (``'=…`` a formula,
``'00123'`` a number, a leading apostrophe marks text), and counts every call that would cross
into Excel: each property read or write and each method call of an Excel object, and for an
xlwings wrapper method the number of COM calls it makes on Windows.  With it the tests show
that a build through :class:`XlwingsWorkbook` writes the same workbook as the openpyxl port,
and that the number of calls follows the tables and findings, not the cells.
"""

from __future__ import annotations

import csv
import inspect
import re
import shutil
import subprocess
import sys
import types
from collections import Counter
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.build import build_workbook
from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.excel import build_tables_button, check_button, clear_button
from yusuan.findings.marks import MARKS_SHEET, OWN_NOTE_MARK, SUMMARY_SHEET, read_marks
from yusuan.inputs.names import STATE_SHEET
from yusuan.ports import CellRange, PageSetup, Style, WorkbookPort
from yusuan.ports.base import a1, column_letter
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.ports.xlwings_port import XlwingsWorkbook, from_excel, parse_address, to_excel

XL_NONE = -4142


# the recording stand-in ----------------------------------------------------------------------
class Recorder:
    """Counts calls into Excel (by member) and cells moved by value reads and writes."""

    def __init__(self):
        self.calls = 0
        self.by_member: Counter[str] = Counter()
        self.cells = 0

    def hit(self, member: str, n: int = 1) -> None:
        self.calls += n
        self.by_member[member] += n

    def reset(self) -> None:
        self.calls, self.cells = 0, 0
        self.by_member.clear()


class Com:
    """A fake Excel object.  A member whose name starts with a capital is Excel's: reading or
    writing it, or calling it, is one call.  Members a subclass does not model are recording
    stubs (they accept anything and remember attribute writes)."""

    def __init__(self, rec: Recorder, kind: str):
        object.__setattr__(self, "_rec", rec)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_stubs", {})

    def __getattribute__(self, name):
        if not name[:1].isupper():
            return object.__getattribute__(self, name)
        rec, kind = object.__getattribute__(self, "_rec"), object.__getattribute__(self, "_kind")
        try:
            value = object.__getattribute__(self, name)
        except AttributeError:
            stubs = object.__getattribute__(self, "_stubs")
            if name not in stubs:
                stubs[name] = Com(rec, f"{kind}.{name}")
            rec.hit(f"{kind}.{name}")
            return stubs[name]
        if inspect.ismethod(value):
            def counted(*args, **kwargs):
                rec.hit(f"{kind}.{name}()")
                return value(*args, **kwargs)
            return counted
        rec.hit(f"{kind}.{name}")
        return value

    def __setattr__(self, name, value):
        if name[:1].isupper():
            object.__getattribute__(self, "_rec").hit(f"{object.__getattribute__(self, '_kind')}.{name}=")
        object.__setattr__(self, name, value)

    def __call__(self, *args, **kwargs):  # a stub used as a method or indexed collection
        object.__getattribute__(self, "_rec").hit(f"{object.__getattribute__(self, '_kind')}()")
        return self


class SheetState:
    """What Excel keeps of one worksheet."""

    def __init__(self, name: str):
        self.name = name
        self.values: dict[tuple[int, int], object] = {}
        self.formulas: set[tuple[int, int]] = set()
        self.merges: list[CellRange] = []
        self.notes: dict[tuple[int, int], str] = {}
        self.fills: dict[tuple[int, int], int | None] = {}  # BGR colour
        self.links: dict[tuple[int, int], str] = {}
        self.formats: dict[tuple[int, int], str] = {}  # number formats other than General
        self.visible = True

    def used(self) -> CellRange:
        cells = set(self.values) | set(self.notes) | {k for k, v in self.fills.items() if v is not None}
        cells |= {corner for m in self.merges for corner in ((m.top, m.left), (m.bottom, m.right))}  # formatting
        if not cells:
            return CellRange(1, 1, 1, 1)
        rows, cols = [r for r, _ in cells], [c for _, c in cells]
        return CellRange(min(rows), min(cols), max(rows), max(cols))

    def merge_at(self, row: int, col: int) -> CellRange | None:
        return next((m for m in self.merges if m.top <= row <= m.bottom and m.left <= col <= m.right), None)


_NUMBER = re.compile(r"\s*[-+]?(\d[\d,]*\.?\d*|\.\d+)([eE][-+]?\d+)?%?\s*")
_DATE = re.compile(r"\s*\d{4}(年\d{1,2}月(\d{1,2}日)?|[-/]\d{1,2}[-/]\d{1,2})\s*")


def typed_into_excel(value, number_format: str = "General"):
    """What Excel stores when ``value`` is assigned to Range.Value: ('formula', text) or the value."""
    if isinstance(value, str) and number_format == "@":
        return value if value != "" else None  # a text cell takes the entry literally
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:]
        if value.startswith(("=", "+", "-", "@")) and len(value) > 1 and not _NUMBER.fullmatch(value):
            return ("formula", value)
        if _NUMBER.fullmatch(value):
            text = value.strip().replace(",", "")
            return float(text[:-1]) / 100 if text.endswith("%") else float(text)
        if _DATE.fullmatch(value):
            digits = [int(d) for d in re.findall(r"\d+", value)] + [1]
            return datetime(digits[0], digits[1], digits[2])
        if value.strip().upper() in ("TRUE", "FALSE"):
            return value.strip().upper() == "TRUE"
        return value if value != "" else None
    if isinstance(value, bool) or value is None or isinstance(value, datetime):
        return value
    if isinstance(value, int):
        if not -2**31 <= value < 2**31:
            raise OverflowError("Excel takes no 64-bit integer")  # COM type mismatch
        return float(value)
    if isinstance(value, Decimal):
        raise TypeError("COM passes Decimal as currency (4 decimals)")
    return value


class Interior(Com):
    def __init__(self, rec, state: SheetState, cells: CellRange):
        super().__init__(rec, "Interior")
        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_cells", cells)

    def _each(self):
        c = self._cells
        return [(r, k) for r in range(c.top, c.bottom + 1) for k in range(c.left, c.right + 1)]

    def _set(self, color):
        for cell in self._each():
            self._state.fills[cell] = color

    @property
    def ColorIndex(self):
        color = self._state.fills.get((self._cells.top, self._cells.left))
        return XL_NONE if color is None else 1

    @ColorIndex.setter
    def ColorIndex(self, value):
        self._set(None if value == XL_NONE else 0x000000 + value)

    @property
    def Color(self):
        color = self._state.fills.get((self._cells.top, self._cells.left))
        return 0xFFFFFF if color is None else color

    @Color.setter
    def Color(self, value):
        self._set(int(value))

    @property
    def Pattern(self):
        return XL_NONE if self.ColorIndex == XL_NONE else 1

    @Pattern.setter
    def Pattern(self, value):
        if value == XL_NONE:
            self._set(None)

    @property
    def ThemeColor(self):
        return 0

    @ThemeColor.setter
    def ThemeColor(self, value):
        self._set(0x100000 + value)  # any colour: this stand-in has no theme


class Comment(Com):
    def __init__(self, rec, state: SheetState, at: tuple[int, int]):
        super().__init__(rec, "Comment")
        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_at", at)

    @property
    def Parent(self):
        return RangeApi(self._rec, self._state, CellRange.cell(*self._at))

    def Text(self, Text=None, Start=None, Overwrite=None):
        if Text is None:
            return self._state.notes[self._at]
        assert Start is None, "with Start Excel inserts instead of replacing"
        self._state.notes[self._at] = Text
        return Text

    def Delete(self):
        del self._state.notes[self._at]


class Comments(Com):
    def __init__(self, rec, state: SheetState):
        super().__init__(rec, "Comments")
        object.__setattr__(self, "_state", state)
        # Excel lists notes in sheet order
        object.__setattr__(self, "_cells", sorted(state.notes))

    @property
    def Count(self):
        return len(self._cells)

    def Item(self, index):
        return Comment(self._rec, self._state, self._cells[index - 1])


class Counted(Com):
    def __init__(self, rec, kind, count):
        super().__init__(rec, kind)
        object.__setattr__(self, "Count", count)


class Hyperlinks(Com):
    def __init__(self, rec, state: SheetState):
        super().__init__(rec, "Hyperlinks")
        object.__setattr__(self, "_state", state)

    def Add(self, Anchor, Address, SubAddress="", ScreenTip=None, TextToDisplay=None):
        at = (Anchor._cells.top, Anchor._cells.left)
        self._state.links[at] = SubAddress or Address
        if TextToDisplay is not None:
            self._state.values[at] = typed_into_excel(TextToDisplay)
        return Com(self._rec, "Hyperlink")


class RangeApi(Com):
    """Range: the COM object behind xlwings' ``Range.api``."""

    def __init__(self, rec, state: SheetState, cells: CellRange):
        super().__init__(rec, "Range")
        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_cells", cells)

    @property
    def Row(self):
        return self._cells.top

    @property
    def Column(self):
        return self._cells.left

    @property
    def Rows(self):
        return Counted(self._rec, "Rows", self._cells.bottom - self._cells.top + 1)

    @property
    def Columns(self):
        return Counted(self._rec, "Columns", self._cells.right - self._cells.left + 1)

    @property
    def Address(self):
        c = self._cells
        first = f"${column_letter(c.left)}${c.top}"
        return first if c.is_cell else f"{first}:${column_letter(c.right)}${c.bottom}"

    @property
    def Left(self):
        return (self._cells.left - 1) * 48.0

    @property
    def Top(self):
        return (self._cells.top - 1) * 15.0

    @property
    def Value(self):
        return self._state.values.get((self._cells.top, self._cells.left))

    @property
    def MergeArea(self):
        area = self._state.merge_at(self._cells.top, self._cells.left)
        return RangeApi(self._rec, self._state, area or CellRange.cell(self._cells.top, self._cells.left))

    def Merge(self):
        c = self._cells
        assert not any(m for m in self._state.merges if not (m.bottom < c.top or m.top > c.bottom or m.right < c.left
                                                               or m.left > c.right)), "overlapping merge"
        self._state.merges.append(c)
        for r in range(c.top, c.bottom + 1):  # Excel keeps the upper-left value only
            for k in range(c.left, c.right + 1):
                if (r, k) != (c.top, c.left):
                    self._state.values.pop((r, k), None)

    @property
    def Interior(self):
        return Interior(self._rec, self._state, self._cells)

    def _each(self):
        c = self._cells
        return [(r, k) for r in range(c.top, c.bottom + 1) for k in range(c.left, c.right + 1)]

    @property
    def NumberFormat(self):
        found = {self._state.formats.get(at, "General") for at in self._each()}
        return found.pop() if len(found) == 1 else None  # Null when the range mixes formats

    @NumberFormat.setter
    def NumberFormat(self, value):
        for at in self._each():
            self._state.formats[at] = value

    @property
    def Comment(self):
        at = (self._cells.top, self._cells.left)
        return Comment(self._rec, self._state, at) if at in self._state.notes else None

    def AddComment(self, Text=None):
        at = (self._cells.top, self._cells.left)
        assert at not in self._state.notes, "Excel refuses a second note on a cell"
        self._state.notes[at] = Text or ""
        return Comment(self._rec, self._state, at)

    def ClearComments(self):
        c = self._cells
        for at in [k for k in self._state.notes if c.top <= k[0] <= c.bottom and c.left <= k[1] <= c.right]:
            del self._state.notes[at]

    def Find(self, What, After=None, LookIn=None, LookAt=None, SearchOrder=1, SearchDirection=1, MatchCase=False,
             SearchFormat=False):
        c = self._cells
        if What == "*":  # the last cell with anything, by rows or by columns
            cells = [k for k in self._state.values if c.top <= k[0] <= c.bottom and c.left <= k[1] <= c.right]
            if not cells:
                return None
            assert SearchDirection == 2
            last = max(cells) if SearchOrder == 1 else max(cells, key=lambda k: (k[1], k[0]))
            return RangeApi(self._rec, self._state, CellRange.cell(*last))
        assert What == "" and SearchFormat, "only the merged-cell search is modelled"
        order = [(r, k) for r in range(c.top, c.bottom + 1) for k in range(c.left, c.right + 1)]
        start = 0
        if After is not None:
            start = order.index((After._cells.top, After._cells.left)) + 1
        for at in order[start:] + order[:start]:  # every merged cell is a hit (the worst case)
            if self._state.merge_at(*at):
                return RangeApi(self._rec, self._state, CellRange.cell(*at))
        return None


class SheetApi(Com):
    """Worksheet: the COM object behind xlwings' ``Sheet.api``."""

    def __init__(self, rec, state: SheetState):
        super().__init__(rec, "Worksheet")
        object.__setattr__(self, "_state", state)

    def Range(self, address):
        if all(re.fullmatch(r"[A-Z]+:[A-Z]+|\d+:\d+", part) for part in address.split(",")):
            cells = CellRange(1, 1, 1, 1)  # whole rows / columns: only widths and heights are set on them
        else:
            assert "," not in address, "a union is only used for widths and heights"
            cells = parse_address(address)
        return RangeApi(self._rec, self._state, cells)

    def Cells(self, row, col):
        return RangeApi(self._rec, self._state, CellRange.cell(row, col))

    @property
    def UsedRange(self):
        return RangeApi(self._rec, self._state, self._state.used())

    @property
    def Comments(self):
        return Comments(self._rec, self._state)

    @property
    def Hyperlinks(self):
        return Hyperlinks(self._rec, self._state)

    def Activate(self):
        pass


class AppApi(Com):
    def __init__(self, rec):
        super().__init__(rec, "Application")

    def International(self, index):
        return ","


class FakeRange:
    """xlwings.Range over an address: its value moves a whole block in one call."""

    def __init__(self, rec: Recorder, state: SheetState, cells: CellRange):
        self._rec, self._state, self._cells = rec, state, cells
        self.ndim = None

    def options(self, ndim=None, err_to_str=False, **_):
        self.ndim = ndim
        return self

    @property
    def value(self):
        self._rec.hit("Range.Value")
        c = self._cells
        self._rec.cells += (c.bottom - c.top + 1) * (c.right - c.left + 1)
        rows = []
        for r in range(c.top, c.bottom + 1):
            row = []
            for k in range(c.left, c.right + 1):
                v = self._state.values.get((r, k))
                row.append(0.0 if (r, k) in self._state.formulas else v)
            rows.append(row)
        assert self.ndim == 2
        return rows

    @value.setter
    def value(self, rows):
        self._rec.hit("Range.Value=")
        c = self._cells
        assert len(rows) == c.bottom - c.top + 1 and all(len(r) == c.right - c.left + 1 for r in rows), "shape"
        self._rec.cells += len(rows) * len(rows[0])
        for r, row in enumerate(rows, start=c.top):
            for k, v in enumerate(row, start=c.left):
                stored = typed_into_excel(v, self._state.formats.get((r, k), "General"))
                self._state.formulas.discard((r, k))
                if isinstance(stored, tuple):
                    self._state.formulas.add((r, k))
                    stored = stored[1]
                if stored is None:
                    self._state.values.pop((r, k), None)
                else:
                    self._state.values[(r, k)] = stored


class FakeSheet:
    def __init__(self, book: FakeBook, state: SheetState):
        self.book, self.state = book, state
        self.api = SheetApi(book.rec, state)

    @property
    def name(self):
        self.book.rec.hit("Sheet.Name")
        return self.state.name

    def range(self, address):
        self.book.rec.hit("Sheet.Range")
        return FakeRange(self.book.rec, self.state, parse_address(address))

    def delete(self):
        self.book.rec.hit("Sheet.delete", 4)  # DisplayAlerts read, off, Delete, back
        self.book.states.remove(self.state)

    @property
    def visible(self):
        self.book.rec.hit("Sheet.Visible")
        return self.state.visible

    @visible.setter
    def visible(self, value):
        self.book.rec.hit("Sheet.Visible=")
        self.state.visible = value


class FakeSheets:
    def __init__(self, book: FakeBook):
        self.book = book

    def __iter__(self):
        self.book.rec.hit("Worksheets.__iter__")
        return iter([FakeSheet(self.book, s) for s in self.book.states])

    def __len__(self):
        self.book.rec.hit("Worksheets.Count")
        return len(self.book.states)

    def __getitem__(self, name):
        self.book.rec.hit("Worksheets()")
        state = next((s for s in self.book.states if s.name == name), None)
        if state is None:
            raise KeyError(name)
        return FakeSheet(self.book, state)

    def add(self, name=None, before=None, after=None):
        states = self.book.states
        assert all(s.name != name for s in states), "Excel refuses a duplicate sheet name"
        state = SheetState(name)
        if before is not None:
            self.book.rec.hit("Worksheets.add", 3)  # Add(Before=), Name=
            states.insert(states.index(before.state), state)
        elif after is not None:
            self.book.rec.hit("Worksheets.add", 7)  # xlwings' After workaround: Count, Index, Add, Move, Activate …
            states.insert(states.index(after.state) + 1, state)
        else:
            self.book.rec.hit("Worksheets.add", 2)
            states.insert(0, state)
        return FakeSheet(self.book, state)


class FakeApp:
    """xlwings.App: each setting read or written is one call; alerts are kept."""

    def __init__(self, rec: Recorder):
        self._rec = rec
        self.api = AppApi(rec)
        self._settings = {"screen_updating": True, "calculation": "automatic", "enable_events": True,
                          "display_alerts": True, "status_bar": False}
        self.alerts: list[tuple[str, str, str]] = []
        self.history: list[tuple[str, object]] = []

    def __getattr__(self, name):
        settings = self.__dict__.get("_settings", {})
        if name in settings:
            self._rec.hit(f"App.{name}")
            return settings[name]
        raise AttributeError(name)

    def __setattr__(self, name, value):
        if name in self.__dict__.get("_settings", {}):
            self._rec.hit(f"App.{name}=")
            self._settings[name] = value
            self.history.append((name, value))
        else:
            object.__setattr__(self, name, value)

    @property
    def settings(self):
        return dict(self._settings)

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        self._rec.hit("App.alert")
        self.alerts.append((title, prompt, mode))
        return "ok"


class FakeBook:
    def __init__(self, fullname: str = "工作簿1"):
        self.rec = Recorder()
        self.states: list[SheetState] = []
        self._app = FakeApp(self.rec)
        self.api = Com(self.rec, "Workbook")
        self._fullname = fullname

    @property
    def app(self):
        self.rec.hit("Book.app")
        return self._app

    @property
    def sheets(self):
        self.rec.hit("Book.Worksheets")
        return FakeSheets(self)

    @property
    def fullname(self):
        self.rec.hit("Book.FullName")
        return self._fullname

    def state(self, name: str) -> SheetState:
        return next(s for s in self.states if s.name == name)

    def names(self) -> list[str]:
        return [s.name for s in self.states]

    @classmethod
    def from_port(cls, source: OpenpyxlWorkbook, fullname: str = "工作簿1") -> FakeBook:
        """A live book holding ``source``'s sheets (values, merged areas, notes), not counted."""
        book = cls(fullname)
        for name in source.sheet_names():
            state = SheetState(name)
            for r, row in enumerate(source.read_values(name), start=1):
                for c, v in enumerate(row, start=1):
                    if v is not None:
                        state.values[(r, c)] = float(v) if isinstance(v, int) and not isinstance(v, bool) else v
            state.merges = source.merged_ranges(name)
            for (r, c), cell in source.book[name]._cells.items():
                if cell.number_format != "General":
                    state.formats[(r, c)] = cell.number_format
            state.notes = dict(source.read_notes(name))
            book.states.append(state)
        return book


def fake_xlwings(book: FakeBook) -> types.ModuleType:
    """A module standing in for ``xlwings``: ``Book.caller()`` gives ``book``."""
    module = types.ModuleType("xlwings")

    class Book:
        @staticmethod
        def caller():
            return book

    module.Book = Book
    return module


# helpers ---------------------------------------------------------------------------------------
def demo_input(folder: Path | None = None) -> OpenpyxlWorkbook:
    return input_workbook_from_csv(folder or sample_folder())


def all_values(port: WorkbookPort) -> dict[str, list[list]]:
    return {name: port.read_values(name) for name in port.sheet_names()}


def comparable(values: dict[str, list[list]]) -> dict[str, list[list]]:
    """Floats and ints compare by value; a float that is whole reads back as int from Excel."""
    return {s: [[from_excel(v) for v in row] for row in rows] for s, rows in values.items()}


def scaled_department(tmp_path: Path, factor: int) -> Path:
    """The sample department with each budget line split into ``factor`` lines of different
    amounts adding up to the original: the same tables, ``factor`` times the input cells."""
    folder = tmp_path / f"x{factor}"
    shutil.copytree(sample_folder(), folder)
    path = folder / "支出明细.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, lines = rows[0], rows[1:]
    amount = header.index("金额")
    weights = list(range(1, factor + 1))
    out = [header]
    for line in lines:
        total = Decimal(line[amount])
        fen = int(total * 100)
        if fen < sum(weights):
            out.append(line)
            continue
        parts = [fen * w // sum(weights) for w in weights]
        parts[-1] += fen - sum(parts)
        for part in parts:
            out.append(line[:amount] + [f"{Decimal(part) / 100:.2f}"] + line[amount + 1:])
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(out)
    return folder


def measured_build(source: OpenpyxlWorkbook) -> tuple[FakeBook, object, int, int]:
    book = FakeBook.from_port(source)
    book.rec.reset()
    outcome = build_workbook(XlwingsWorkbook(book))
    return book, outcome, book.rec.calls, book.rec.cells


# the port over the stand-in ---------------------------------------------------------------------
def test_build_through_xlwings_writes_the_same_workbook_as_openpyxl():
    file_port = demo_input()
    live = FakeBook.from_port(demo_input())
    port = XlwingsWorkbook(live)
    on_file = build_workbook(file_port)
    in_excel = build_workbook(port)
    assert on_file.usable and in_excel.usable
    assert port.sheet_names() == file_port.sheet_names() == live.names()
    assert comparable(all_values(port)) == comparable(all_values(file_port))
    assert sorted(in_excel.findings, key=lambda f: f.sort_key) == sorted(on_file.findings, key=lambda f: f.sort_key)
    for name in file_port.sheet_names():
        assert sorted(port.merged_ranges(name), key=lambda r: (r.top, r.left)) == \
            sorted(file_port.merged_ranges(name), key=lambda r: (r.top, r.left)), name
        assert port.read_notes(name) == file_port.read_notes(name), name
        assert {k for k, v in live.state(name).fills.items() if v is not None} >= set(file_port.read_notes(name))
    assert not any(state.formulas for state in live.states)
    assert {s.name for s in live.states if not s.visible} <= {STATE_SHEET, MARKS_SHEET}  # bookkeeping sheets hidden
    assert STATE_SHEET in {s.name for s in live.states if not s.visible}
    summary = live.state(SUMMARY_SHEET)
    assert len(summary.links) == sum(1 for f in in_excel.findings if f.cell and f.sheet in live.names())


def test_calls_follow_tables_and_findings_not_cells(tmp_path):
    small_book, small, small_calls, small_cells = measured_build(demo_input())
    big_book, big, big_calls, big_cells = measured_build(demo_input(scaled_department(tmp_path, 10)))
    tables = len(small.built.tables)
    assert [t.spec.id for t in big.built.tables] == [t.spec.id for t in small.built.tables]
    for name in [t.spec.sheet_name() for t in small.built.tables]:
        assert big_book.state(name).values == small_book.state(name).values, name  # same tables
    report = (f"demo: {small_calls} calls, {small_cells} cells, {len(small.findings)} findings; "
              f"×10 lines: {big_calls} calls, {big_cells} cells, {len(big.findings)} findings; {tables} tables")
    print(report)
    lines = [len(b.state("支出明细").values) for b in (small_book, big_book)]
    assert lines[1] > 9 * lines[0]  # ten times the input cells …
    assert big_cells > 3 * small_cells, report  # … and more than three times the cells moved
    assert big_calls <= small_calls * 1.1 + 10 * abs(len(big.findings) - len(small.findings)), report
    # a small constant per table and per finding, whatever the number of cells
    assert small_calls <= 250 * tables + 30 * len(small.findings), report


def test_calls_grow_with_findings_by_a_small_constant():
    """Flagging n findings: a note, a fill and a summary link each, a handful of calls apiece."""
    from yusuan.build import flag_in_place
    from yusuan.checks.catalog import all_rules
    from yusuan.findings.rule import Finding, Severity

    live = FakeBook.from_port(demo_input())
    port = XlwingsWorkbook(live)
    outcome = build_workbook(port)
    sheet = outcome.layouts[2].sheet
    code = all_rules()[0].code

    def calls_for(n: int) -> int:
        findings = [Finding(code, Severity.ERROR, sheet, a1(10 + i // 5, 2 + i % 5), f"问题{i}") for i in range(n)]
        live.rec.reset()
        flag_in_place(port, findings)
        return live.rec.calls

    calls = {n: calls_for(n) for n in (0, 10, 100)}
    per_finding = (calls[100] - calls[10]) / 90
    print(f"flagging: {calls} calls for 0/10/100 findings, {per_finding:.1f} per finding")
    assert per_finding <= 40
    assert calls[0] <= 30 * len(live.states)  # reading each sheet's notes, writing the summary


def test_calls_per_cell_stay_small_on_a_large_department(tmp_path):
    """20 units, 2,000 lines (the bench generator): tables with many rows, one block each."""
    from yusuan.bench import synthetic_input

    path = tmp_path / "large.xlsx"
    synthetic_input(path, units=20, lines=2000)
    book, outcome, calls, cells = measured_build(OpenpyxlWorkbook.open(path))
    per_member = book.rec.by_member
    print(f"large: {calls} calls, {cells} cells, {len(outcome.findings)} findings; "
          f"value calls {per_member['Range.Value'] + per_member['Range.Value=']}")
    assert cells > 20 * calls
    # value traffic is a handful of blocks per sheet, however many rows the tables have
    assert per_member["Range.Value"] + per_member["Range.Value="] <= 12 * len(book.states)


def test_strings_starting_with_equals_stay_text():
    book = FakeBook()
    book.states.append(SheetState("表"))
    port = XlwingsWorkbook(book)
    tricky = ["=SUM(A1:A3)", "=1+1", "'引号开头", "+86", "-5", "@user", "00123", "2025年1月", "12.50%", "TRUE",
              "#N/A", "１２３", "普通文字", "=", ""]
    port.write_values("表", 1, 1, [tricky])
    assert not book.state("表").formulas
    expected = tricky[:-1]  # the trailing blank is not part of the used values
    assert port.read_values("表") == [expected]
    # what a naive write would have done: Excel turns them into formulas, numbers and dates
    naive = [typed_into_excel(v) for v in tricky]
    assert naive[0] == ("formula", "=SUM(A1:A3)") and naive[6] == 123.0 and isinstance(naive[7], datetime)
    # plain text goes as it is (no mark a user would see in the formula bar)
    assert to_excel("普通文字") == "普通文字" and to_excel("=x") == "'=x"


def test_text_formatted_cells_get_no_apostrophe():
    book = FakeBook()
    state = SheetState("表")
    state.formats = {(r, 1): "@" for r in range(1, 4)}  # the code column of an input sheet
    book.states.append(state)
    port = XlwingsWorkbook(book)
    port.write_values("表", 1, 1, [["00123", "=A1", "普通"], ["=B2", "-5", "x"], ["2025年", "7", "y"]])
    assert port.read_values("表") == [["00123", "=A1", "普通"], ["=B2", "-5", "x"], ["2025年", "7", "y"]]
    assert all(not str(v).startswith("'") for v in state.values.values()) and not state.formulas
    assert book.rec.by_member["Range.NumberFormat"] == 3  # the block, then its two columns at risk


def test_values_round_trip_as_openpyxl_reads_them():
    book = FakeBook()
    book.states.append(SheetState("表"))
    port = XlwingsWorkbook(book)
    port.write_values("表", 2, 2, [[1, 2.5, None], [Decimal("3.10"), 2**40, True]])
    port.write_values("表", 5, 1, [["短"], ["长行", "x", "y"]])  # ragged rows: untouched cells stay
    rows = port.read_values("表")
    assert rows == [
        [None, None, None, None],
        [None, 1, 2.5, None],
        [None, 3.1, 2**40, True],
        [None, None, None, None],
        ["短", None, None, None],
        ["长行", "x", "y", None],
    ]
    assert isinstance(rows[1][1], int)  # Excel's double 1.0 reads back as openpyxl's 1


def test_one_call_per_range_for_formats_merges_widths():
    book = FakeBook()
    book.states.append(SheetState("表"))
    port = XlwingsWorkbook(book)
    port.sheet_names()
    book.rec.reset()
    port.apply_style("表", CellRange(1, 1, 5000, 20), Style(bold=True, border=True, number_format="#,##0.00",
                                                           fill="F2F2F2", h_align="center", wrap=True))
    style_calls = book.rec.calls
    assert style_calls <= 12  # the same for 100,000 cells as for one
    book.rec.reset()
    port.set_column_widths("表", {c: 12.0 for c in range(1, 30)} | {30: 40.0})
    port.set_row_heights("表", {r: 30.0 for r in range(1, 2000, 2)})  # 1,000 scattered rows
    assert book.rec.calls <= 2 * 2 + 2 * 40  # union addresses of ≤255 characters
    book.rec.reset()
    port.merge("表", [CellRange(1, 1, 1, 20), CellRange(2, 1, 3, 2), CellRange.cell(4, 4)])
    assert book.rec.by_member["Range.Merge()"] == 2
    assert port.merged_ranges("表") == [CellRange(1, 1, 1, 20), CellRange(2, 1, 3, 2)]


def test_merged_ranges_of_a_sheet_it_did_not_create():
    book = FakeBook()
    state = SheetState("外来表")
    state.values = {(1, 1): "标题", (3, 2): 5.0}
    state.merges = [CellRange(1, 1, 1, 6), CellRange(2, 2, 3, 3), CellRange(2, 5, 2, 6)]
    book.states.append(state)
    port = XlwingsWorkbook(book)
    assert port.merged_ranges("外来表") == sorted(state.merges, key=lambda r: (r.top, r.left))
    assert XlwingsWorkbook(FakeBook.from_port(OpenpyxlWorkbook.new())).sheet_names() == []


def test_notes_fills_and_links():
    book = FakeBook()
    book.states += [SheetState("表"), SheetState("目标")]
    book.states[0].notes[(2, 2)] = "用户的批注"
    port = XlwingsWorkbook(book)
    port.set_note("表", 2, 2, "用户的批注\n" + OWN_NOTE_MARK + " fill=none")
    port.set_note("表", 3, 3, OWN_NOTE_MARK)
    assert port.read_notes("表") == {(2, 2): "用户的批注\n" + OWN_NOTE_MARK + " fill=none", (3, 3): OWN_NOTE_MARK}
    port.delete_note("表", 3, 3)
    assert port.read_notes("表") == {(2, 2): "用户的批注\n" + OWN_NOTE_MARK + " fill=none"}
    assert port.read_fill("表", 2, 2) is None
    port.set_fill("表", 2, 2, "FFC7CE")
    assert port.read_fill("表", 2, 2) == "FFC7CE"
    port.set_fill("表", 2, 2, None)
    assert port.read_fill("表", 2, 2) is None
    port.set_fill("表", 2, 2, "theme:4:-0.25")
    assert port.read_fill("表", 2, 2) is not None
    port.write_values("表", 5, 6, [["B7"]])
    port.set_hyperlink("表", 5, 6, "目标", "B7")
    assert book.state("表").links[(5, 6)] == "'目标'!B7"
    assert port.read_values("表")[4][5] == "B7"


def test_sheets_order_hidden_and_page_setup():
    book = FakeBook()
    port = XlwingsWorkbook(book)
    port.add_sheet("甲")
    port.add_sheet("丙")
    port.add_sheet("乙", 1)
    port.add_sheet("首", 0)
    assert port.sheet_names() == book.names() == ["首", "甲", "乙", "丙"]
    port.remove_sheet("甲")
    assert port.sheet_names() == book.names() == ["首", "乙", "丙"]
    port.set_sheet_hidden("丙", True)
    assert not book.state("丙").visible
    port.set_page_setup("乙", PageSetup(landscape=True, title_rows=(4, 5)))
    port.freeze_panes("乙", 6, 1)
    port.add_list_validation("乙", CellRange(2, 1, 100, 1), ["是", "否"])
    port.add_chart("乙", "bar", "图", CellRange(2, 2, 5, 2), CellRange(2, 1, 5, 1), "D4", (15, 6))
    port.add_chart("乙", "pie", "饼", CellRange(2, 2, 5, 2), CellRange(2, 1, 5, 1), "D20")
    assert port.warnings == []
    calls = book.rec.by_member
    assert calls["Worksheet.PageSetup"] == 1 and calls["Application.PrintCommunication="] == 2
    with pytest.raises(ValueError):
        port.add_chart("乙", "line", "x", CellRange(2, 2, 5, 2), CellRange(2, 1, 5, 1), "D4")


def test_page_setup_without_a_printer_is_a_warning_not_a_failure():
    book = FakeBook()
    book.states.append(SheetState("表"))
    port = XlwingsWorkbook(book)

    class NoPrinter(Com):
        def __setattr__(self, name, value):
            if name == "PaperSize":
                raise RuntimeError("Unable to set the PaperSize property")
            super().__setattr__(name, value)

    SheetApi.PageSetup = property(lambda self: NoPrinter(self._rec, "PageSetup"))
    try:
        port.set_page_setup("表", PageSetup())
    finally:
        del SheetApi.PageSetup
    assert len(port.warnings) == 1 and "打印设置" in port.warnings[0]


def test_save_writes_a_copy_unless_it_is_the_books_own_file(tmp_path):
    own = tmp_path / "本书.xlsx"
    book = FakeBook(str(own))
    port = XlwingsWorkbook(book)
    assert port.path == own
    port.save(tmp_path / "副本.xlsx")
    assert book.rec.by_member["Workbook.SaveCopyAs"] == 1
    assert XlwingsWorkbook(FakeBook("工作簿1")).path is None


def test_every_port_method_is_implemented_with_the_protocols_signature():
    port = XlwingsWorkbook(FakeBook())
    assert isinstance(port, WorkbookPort)
    members = [n for n, v in vars(WorkbookPort).items() if callable(v) and not n.startswith("_")]
    assert len(members) >= 20
    for name in members:
        ours = inspect.signature(getattr(XlwingsWorkbook, name))
        theirs = inspect.signature(getattr(WorkbookPort, name))
        assert list(ours.parameters) == list(theirs.parameters), name


def test_parse_address():
    assert parse_address("$B$2:$D$3") == CellRange(2, 2, 3, 4)
    assert parse_address("AA10") == CellRange.cell(10, 27)
    with pytest.raises(ValueError):
        parse_address("")


def test_from_excel_keeps_fractions_and_dates():
    assert from_excel(2.0) == 2 and isinstance(from_excel(2.0), int)
    assert from_excel(2.5) == 2.5 and from_excel(datetime(2025, 1, 1)) == datetime(2025, 1, 1)
    assert from_excel(True) is True


# entry points in the (stand-in) live book ---------------------------------------------------------
FOREIGN = Path(__file__).parent / "fixtures" / "audit" / "foreign004" / "workbook.xlsx"


def test_build_button_in_the_calling_book(monkeypatch):
    live = FakeBook.from_port(demo_input())
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(live))
    before = live._app.settings
    outcome = build_tables_button()
    assert outcome is not None and outcome.usable
    assert live._app.settings == before  # screen updating, calculation … given back
    title, text, mode = live._app.alerts[-1]
    assert title == "生成报表" and mode == "info" and "张表" in text
    assert ("screen_updating", False) in live._app.history and ("calculation", "manual") in live._app.history
    progress = [v for k, v in live._app.history if k == "status_bar" and isinstance(v, str)]
    assert any("正在写入" in v for v in progress)
    assert len(progress) <= len(live.states) + 3  # one status line per sheet, not per cell


def test_a_book_xlwings_cannot_find_gives_a_chinese_message_not_a_traceback(monkeypatch, capsys):
    """Book.caller() fails for a OneDrive/SharePoint address: the lookup is inside the guarded run."""
    monkeypatch.delenv("YUSUAN_DEBUG", raising=False)
    user = FakeBook.from_port(demo_input())
    module = fake_xlwings(user)

    def not_found():
        raise KeyError("https://d.docs.live.net/abc/预算.xlsx")

    module.Book.caller = staticmethod(not_found)
    module.apps = types.SimpleNamespace(active=user._app)
    monkeypatch.setitem(sys.modules, "xlwings", module)
    assert check_button() is None
    title, text, mode = user._app.alerts[-1]
    assert title == "校验" and mode == "critical" and "找不到要处理的工作簿" in text and "OneDrive" in text
    module.apps = types.SimpleNamespace(active=None)  # no Excel answering: stderr, which xlwings shows
    with pytest.raises(SystemExit):
        check_button()
    err = capsys.readouterr().err
    assert err.startswith("校验：找不到要处理的工作簿") and "Traceback" not in err


def test_check_and_clear_buttons_on_a_workbook_yusuan_did_not_make(monkeypatch):
    live = FakeBook.from_port(OpenpyxlWorkbook.open(FOREIGN))
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(live))
    before = live._app.settings
    outcome = check_button()
    assert outcome is not None and outcome.findings and outcome.parsed.tables
    assert live._app.alerts[-1][0] == "校验" and live._app.settings == before
    assert SUMMARY_SHEET in live.names()
    flagged = len(read_marks(XlwingsWorkbook(live)))
    assert flagged and not any(OWN_NOTE_MARK in n for s in live.states for n in s.notes.values())
    assert clear_button() == flagged
    assert SUMMARY_SHEET not in live.names() and MARKS_SHEET not in live.names()
    assert not any(s.notes for s in live.states)
    assert not any(v is not None for s in live.states for v in s.fills.values())
    assert live._app.settings == before


def test_a_failure_in_excel_is_one_message_and_settings_come_back(monkeypatch):
    live = FakeBook.from_port(demo_input())
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(live))
    monkeypatch.delenv("YUSUAN_DEBUG", raising=False)

    def broken(self, sheet):
        raise RuntimeError("COM 错误\n第二行")

    monkeypatch.setattr(XlwingsWorkbook, "read_values", broken)
    before = live._app.settings
    assert build_tables_button() is None
    assert live._app.settings == before
    title, text, mode = live._app.alerts[-1]
    assert mode == "critical" and "YUSUAN_DEBUG" in text and "\n" not in text and "Traceback" not in text


def test_importing_yusuan_needs_no_xlwings():
    code = ("import sys, yusuan.excel, yusuan.ports.xlwings_port, yusuan.cli; "
            "print('xlwings' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
