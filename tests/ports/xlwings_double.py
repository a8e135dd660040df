"""A strict, recording stand-in for xlwings and Excel, in two flavours: Windows and macOS.

Three layers, as the port sees them:

* **xlwings' cross-platform API** (``Book``, ``Sheet``, ``Range``, ``Note``, ``Chart`` …): the
  classes below keep what a live book keeps (values, formats, merged areas, notes, fills, links,
  validations, charts), parse written strings as Excel does (``'=…`` a formula, ``'00123'`` a
  number, a leading apostrophe marks text), and offer only members the real xlwings classes
  have (a test compares them with ``xlwings.main``).
* **the Windows object model** behind ``.api`` on the Windows flavour: :class:`Com` objects that
  refuse any member not listed for their class in ``tests/fixtures/excel_object_model.yaml``
  (each listed name is checked against Excel's type library).
* **the Mac AppleScript dictionary** behind ``.api`` on the Mac flavour: :class:`MacRef`
  references that refuse any term not listed there (each checked against xlwings' mac_dict).

Every call that would cross into Excel is counted (:class:`Recorder`), so tests can show that
the number of calls follows the tables and findings, not the cells.
"""

from __future__ import annotations

import re
import types
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import yaml

from yusuan.ports import CellRange
from yusuan.ports.base import column_letter
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.ports.xlwings_port import parse_address

MODEL = yaml.safe_load((Path(__file__).parents[1] / "fixtures" / "excel_object_model.yaml").read_text(encoding="utf-8"))
WINDOWS, MAC = "win32", "darwin"
FLAVOURS = (WINDOWS, MAC)
EXCEL_USER = "财务科"  # the user name Excel gives a new note


class Recorder:
    """Counts calls into Excel (by member) and cells moved by value reads and writes."""

    def __init__(self):
        self.calls = 0
        self.by_member: dict[str, int] = {}
        self.cells = 0

    def hit(self, member: str, n: int = 1) -> None:
        self.calls += n
        self.by_member[member] = self.by_member.get(member, 0) + n

    def reset(self) -> None:
        self.calls, self.cells = 0, 0
        self.by_member.clear()


# the Windows object model (COM), strict ------------------------------------------------------------
class NoSuchMember(AttributeError):
    """What COM raises for a member the object does not have (DISP_E_UNKNOWNNAME)."""


class Com:
    """An Excel COM object of class ``kind``: only the members the object model lists.

    A listed member a subclass models runs the model; one it does not is a recording stub of the
    listed result class (or a stored plain value).  Each read, write or call is one call."""

    def __init__(self, rec: Recorder, kind: str):
        object.__setattr__(self, "_rec", rec)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_values", {})

    def _member(self, name: str) -> tuple[bool, str | None]:
        members = MODEL["windows"].get(object.__getattribute__(self, "_kind"), {})
        if name in members:
            return False, members[name]
        if name + "()" in members:
            return True, members[name + "()"]
        raise NoSuchMember(f"the Windows object model's {object.__getattribute__(self, '_kind')} has no {name}")

    def __getattribute__(self, name):
        if not name[:1].isupper():
            return object.__getattribute__(self, name)
        is_method, result = object.__getattribute__(self, "_member")(name)
        rec, kind = object.__getattribute__(self, "_rec"), object.__getattribute__(self, "_kind")
        try:
            value = object.__getattribute__(self, name)
        except AttributeError:
            if is_method:
                def stub(*args, **kwargs):
                    rec.hit(f"{kind}.{name}()")
                    return Com(rec, result) if result else None
                return stub
            rec.hit(f"{kind}.{name}")
            values = object.__getattribute__(self, "_values")
            if result and name not in values:
                values[name] = Com(rec, result)
            return values.get(name)
        if callable(value) and is_method:
            def counted(*args, **kwargs):
                rec.hit(f"{kind}.{name}()")
                return value(*args, **kwargs)
            return counted
        rec.hit(f"{kind}.{name}")
        return value

    def __setattr__(self, name, value):
        if not name[:1].isupper():
            object.__setattr__(self, name, value)
            return
        is_method, _result = self._member(name)
        assert not is_method, f"{name} is a method"
        self._rec.hit(f"{self._kind}.{name}=")
        cls_attr = getattr(type(self), name, None)
        if isinstance(cls_attr, property):
            cls_attr.fset(self, value)
        else:
            self._values[name] = value


# the Mac AppleScript dictionary (appscript), strict ------------------------------------------------
class MacRef:
    """An appscript reference: a term of the dictionary gives a deeper reference, ``get`` and
    ``set`` are one Apple event each.  Terms not in the dictionary are refused."""

    def __init__(self, rec: Recorder, store: dict, path: tuple[str, ...] = (), read=None):
        self._rec, self._store, self._path, self._read = rec, store, path, read

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in MODEL["mac"]["names"]:
            raise NoSuchMember(f"the Excel AppleScript dictionary has no term {name!r}")
        return MacRef(self._rec, self._store, self._path + (name,), self._read)

    def get(self):
        self._rec.hit("mac.get " + ".".join(self._path))
        found = self._read(self._path) if self._read else None
        return self._store.get(self._path) if found is None else found

    def set(self, value):
        self._rec.hit("mac.set " + ".".join(self._path))
        self._store[self._path] = value


class Keyword(str):
    """appscript's k.<name>."""


def fake_appscript() -> types.ModuleType:
    module = types.ModuleType("appscript")

    class Keywords:
        def __getattr__(self, name):
            if name not in MODEL["mac"]["keywords"]:
                raise NoSuchMember(f"the Excel AppleScript dictionary has no enumerator {name!r}")
            return Keyword(name)

    module.k = Keywords()
    return module


# what Excel keeps ---------------------------------------------------------------------------------
class SheetState:
    """What Excel keeps of one worksheet."""

    def __init__(self, name: str):
        self.name = name
        self.values: dict[tuple[int, int], object] = {}
        self.formulas: set[tuple[int, int]] = set()
        self.merges: list[CellRange] = []
        self.notes: dict[tuple[int, int], str] = {}
        self.authors: dict[tuple[int, int], str] = {}
        self.fills: dict[tuple[int, int], tuple[int, int, int] | None] = {}
        self.links: dict[tuple[int, int], str] = {}
        self.formats: dict[tuple[int, int], str] = {}  # number formats other than General
        self.validations: list[tuple[CellRange, list[str] | str]] = []  # a literal list or "='sheet'!$A$2:$A$9"
        self.charts: list[dict] = []
        self.visible = True
        self.mac: dict = {}  # what AppleScript set

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


def _hex_rgb(value) -> tuple[int, int, int] | None:
    if value is None:
        return None
    assert isinstance(value, str) and re.fullmatch(r"#[0-9A-F]{6}", value), value
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


# the Windows .api objects the port reaches -----------------------------------------------------------
class RangeCom(Com):
    def __init__(self, rec, state: SheetState, cells: CellRange):
        super().__init__(rec, "Range")
        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_cells", cells)

    @property
    def Address(self):
        c = self._cells
        first = f"${column_letter(c.left)}${c.top}"
        return first if c.is_cell else f"{first}:${column_letter(c.right)}${c.bottom}"

    @property
    def MergeArea(self):
        area = self._state.merge_at(self._cells.top, self._cells.left)
        return RangeCom(self._rec, self._state, area or CellRange.cell(self._cells.top, self._cells.left))

    @property
    def Interior(self):
        return InteriorCom(self._rec, self._state, self._cells)

    def Find(self, What, After=None, LookIn=None, LookAt=None, SearchOrder=1, SearchDirection=1, MatchCase=False,
             SearchFormat=False):
        assert What == "" and SearchFormat, "only the merged-cell search goes through .api"
        c = self._cells
        order = [(r, k) for r in range(c.top, c.bottom + 1) for k in range(c.left, c.right + 1)]
        start = order.index((After._cells.top, After._cells.left)) + 1 if After is not None else 0
        for at in order[start:] + order[:start]:  # every merged cell is a hit (the worst case)
            if self._state.merge_at(*at):
                return RangeCom(self._rec, self._state, CellRange.cell(*at))
        return None


class InteriorCom(Com):
    def __init__(self, rec, state: SheetState, cells: CellRange):
        super().__init__(rec, "Interior")
        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_cells", cells)

    @property
    def ThemeColor(self):
        return 0

    @ThemeColor.setter
    def ThemeColor(self, value):
        self._state.fills[(self._cells.top, self._cells.left)] = (0x10, 0x20, value)  # any colour: no theme here

    @property
    def Pattern(self):
        return 1  # xlSolid: this stand-in keeps plain colours only

    @property
    def ColorIndex(self):
        return 1

    @ColorIndex.setter
    def ColorIndex(self, value):
        self._state.fills[(self._cells.top, self._cells.left)] = None if value == -4142 else (0, 0, value)


class WorksheetCom(Com):
    def __init__(self, rec, state: SheetState):
        super().__init__(rec, "Worksheet")
        object.__setattr__(self, "_state", state)

    @property
    def UsedRange(self):
        return RangeCom(self._rec, self._state, self._state.used())

    @property
    def Hyperlinks(self):
        return HyperlinksCom(self._rec, self._state)


class HyperlinksCom(Com):
    def __init__(self, rec, state: SheetState):
        super().__init__(rec, "Hyperlinks")
        object.__setattr__(self, "_state", state)

    def Add(self, Anchor, Address, SubAddress="", ScreenTip=None, TextToDisplay=None):
        at = (Anchor._cells.top, Anchor._cells.left)
        self._state.links[at] = SubAddress or Address
        if TextToDisplay is not None:
            self._state.values[at] = typed_into_excel(TextToDisplay)
        return Com(self._rec, "Hyperlink")


# xlwings' cross-platform API --------------------------------------------------------------------------
class FakeFont:
    def __init__(self, rng: FakeRange):
        self._rng = rng

    def _set(self, name, value):
        self._rng._rec.hit(f"Font.{name}=")

    bold = property(lambda self: None, lambda self, v: self._set("bold", v))
    size = property(lambda self: None, lambda self, v: self._set("size", v))
    name = property(lambda self: None, lambda self, v: self._set("name", v))


class FakeBorders:
    def __init__(self, rng: FakeRange):
        self._rng = rng

    def set(self, which="all", *, line_style=None, weight=None, color=None):
        assert which == "all" and line_style == "continuous" and weight == "thin"
        self._rng._rec.hit("Borders.set", 3)  # color, weight, line style


class FakeValidation:
    def __init__(self, rng: FakeRange):
        self._rng = rng

    def set_list(self, source, *, in_cell_dropdown=True):
        if isinstance(source, FakeRange):
            # xlwings' own limits for a range (main.DataValidation._range_source); Excel keeps
            # the formula "='sheet'!$A$2:$A$9" (_xlwindows / _xlmac DataValidation._formula)
            if source._sheet.book is not self._rng._sheet.book:
                raise ValueError("source must belong to the same workbook as the target")
            cells = source._cells
            if cells.top != cells.bottom and cells.left != cells.right:
                raise ValueError("a list validation source Range must be one-dimensional")
            absolute = CellRange.cell(cells.top, cells.left).a1 if cells.is_cell else cells.a1
            address = re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", absolute)
            source = f"='{source._sheet.state.name}'!{address}"
        else:
            assert isinstance(source, list) and all(isinstance(s, str) for s in source)
            # xlwings' own limits for a literal list (main.DataValidation._literal_source)
            if any("," in s or ";" in s for s in source) or len(",".join(source)) > 255:
                raise ValueError("xlwings refuses this literal list")
        self._rng._rec.hit("DataValidation.set_list", 2)
        self._rng._state.validations.append((self._rng._cells, source))


class FakeNote:
    def __init__(self, rng: FakeRange):
        self._rng = rng

    @property
    def text(self):
        self._rng._rec.hit("Note.text")
        return self._rng._state.notes[self._rng._at]

    @text.setter
    def text(self, value):
        self._rng._rec.hit("Note.text=")
        self._rng._state.notes[self._rng._at] = value

    @property
    def location(self):
        return self._rng

    @property
    def author(self):
        self._rng._rec.hit("Note.author")
        return self._rng._state.authors.get(self._rng._at)

    def delete(self):
        self._rng._rec.hit("Note.delete")
        del self._rng._state.notes[self._rng._at]
        self._rng._state.authors.pop(self._rng._at, None)

    @property
    def api(self):
        assert self._rng._flavour == WINDOWS, "a Mac note's api is appscript"
        return Com(self._rng._rec, "Comment")


class FakeRange:
    """xlwings.Range over an address of one sheet."""

    def __init__(self, sheet: FakeSheet, cells: CellRange | None, address: str = ""):
        self._sheet, self._cells, self._address = sheet, cells, address
        self._rec, self._state, self._flavour = sheet.book.rec, sheet.state, sheet.book.flavour
        self.ndim = None

    @property
    def _at(self):
        return self._cells.top, self._cells.left

    def _each(self):
        c = self._cells
        return [(r, k) for r in range(c.top, c.bottom + 1) for k in range(c.left, c.right + 1)]

    def options(self, ndim=None, err_to_str=False, **_):
        self.ndim = ndim
        return self

    @property
    def row(self):
        return self._cells.top

    @property
    def column(self):
        return self._cells.left

    @property
    def address(self):
        return RangeCom(self._rec, self._state, self._cells).Address

    @property
    def left(self):
        self._rec.hit("Range.left")
        return (self._cells.left - 1) * 48.0

    @property
    def top(self):
        self._rec.hit("Range.top")
        return (self._cells.top - 1) * 15.0

    @property
    def last_cell(self):
        return FakeRange(self._sheet, CellRange.cell(self._cells.bottom, self._cells.right))

    @property
    def value(self):
        self._rec.hit("Range.value")
        c = self._cells
        self._rec.cells += (c.bottom - c.top + 1) * (c.right - c.left + 1)
        rows = [[0.0 if (r, k) in self._state.formulas else self._state.values.get((r, k))
                 for k in range(c.left, c.right + 1)] for r in range(c.top, c.bottom + 1)]
        if self.ndim == 2:
            return rows
        return rows[0][0] if c.is_cell else rows

    @value.setter
    def value(self, rows):
        self._rec.hit("Range.value=")
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

    @property
    def number_format(self):
        self._rec.hit("Range.number_format")
        found = {self._state.formats.get(at, "General") for at in self._each()}
        return found.pop() if len(found) == 1 else None  # mixed formats read as None

    @number_format.setter
    def number_format(self, value):
        self._rec.hit("Range.number_format=")
        for at in self._each():
            self._state.formats[at] = value

    def merge(self, across=False):
        self._rec.hit("Range.merge")
        c = self._cells
        assert not self._sheet.book._app._settings["display_alerts"], "Excel would ask before merging"
        assert not any(not (m.bottom < c.top or m.top > c.bottom or m.right < c.left or m.left > c.right)
                       for m in self._state.merges), "overlapping merge"
        self._state.merges.append(c)
        for at in self._each():  # Excel keeps the upper-left value only
            if at != (c.top, c.left):
                self._state.values.pop(at, None)

    @property
    def merge_cells(self):
        self._rec.hit("Range.merge_cells")
        merged = [self._state.merge_at(*at) is not None for at in self._each()]
        return True if all(merged) else False if not any(merged) else None  # Null when mixed

    @property
    def merge_area(self):
        self._rec.hit("Range.merge_area")
        return FakeRange(self._sheet, self._state.merge_at(*self._at) or CellRange.cell(*self._at))

    @property
    def font(self):
        return FakeFont(self)

    @property
    def borders(self):
        return FakeBorders(self)

    def _settable(name):
        def setter(self, value):
            self._rec.hit(f"Range.{name}=")
        return property(lambda self: None, setter)

    horizontal_alignment = _settable("horizontal_alignment")
    vertical_alignment = _settable("vertical_alignment")
    wrap_text = _settable("wrap_text")

    column_width = _settable("column_width")
    row_height = _settable("row_height")

    @property
    def color(self):
        self._rec.hit("Range.color")
        return self._state.fills.get(self._at)

    @color.setter
    def color(self, value):
        self._rec.hit("Range.color=")
        for at in self._each():
            self._state.fills[at] = _hex_rgb(value)

    @property
    def note(self):
        self._rec.hit("Range.note")
        return FakeNote(self) if self._at in self._state.notes else None

    def add_note(self, text):
        self._rec.hit("Range.add_note")
        if not text:
            raise ValueError("Note text must not be empty")
        if self._at in self._state.notes:
            raise ValueError("This cell already has a note")
        self._state.notes[self._at] = text
        self._state.authors[self._at] = EXCEL_USER  # Excel names the note's author itself
        return FakeNote(self)

    def add_hyperlink(self, address, text_to_display=None, screen_tip=None):
        self._rec.hit("Range.add_hyperlink")
        self._state.links[self._at] = address
        if text_to_display is not None:
            self._state.values[self._at] = typed_into_excel(text_to_display)

    def find(self, text, *, whole=False, direction="forward", order="rows", match_case=False):
        self._rec.hit("Range.find")
        assert text == "*" and direction == "backward"
        c = self._cells
        cells = [k for k in self._state.values if c.top <= k[0] <= c.bottom and c.left <= k[1] <= c.right]
        if not cells:
            return None
        last = max(cells) if order == "rows" else max(cells, key=lambda k: (k[1], k[0]))
        return FakeRange(self._sheet, CellRange.cell(*last))

    @property
    def data_validation(self):
        return FakeValidation(self)

    def _mac_read(self, path):
        if path == ("interior_object", "pattern"):  # plain colours only in this stand-in
            return Keyword("pattern_solid" if self._state.fills.get(self._at) else "pattern_none")
        return None

    @property
    def api(self):
        if self._flavour == MAC:  # a range's references are kept under its address
            return MacRef(self._rec, self._state.mac, (self._cells.a1,), lambda path: self._mac_read(path[1:]))
        return RangeCom(self._rec, self._state, self._cells)


class FakeChart:
    def __init__(self, sheet: FakeSheet, record: dict):
        self._sheet, self._record = sheet, record
        self.legend = types.SimpleNamespace(visible=True)
        self.category_axis = types.SimpleNamespace(reverse_order=False, crosses="automatic")
        self.value_axis = types.SimpleNamespace(number_format="General")
        self.series = [types.SimpleNamespace(name="")]

    def set_x_axis_values(self, source):
        self._sheet.book.rec.hit("Chart.set_x_axis_values")
        self._record["categories"] = source._cells

    @property
    def title(self):
        return self._record.get("title")

    @title.setter
    def title(self, value):
        self._sheet.book.rec.hit("Chart.title=")
        self._record["title"] = value

    @property
    def api(self):
        assert self._sheet.book.flavour == WINDOWS, "a Mac chart's api is appscript"
        return Com(self._sheet.book.rec, "ChartObject"), Com(self._sheet.book.rec, "Chart")


class FakeCharts:
    def __init__(self, sheet: FakeSheet):
        self._sheet = sheet

    def add(self, left=0, top=0, width=355, height=211, chart_type=None, source=None, **_):
        assert chart_type in ("pie", "bar_clustered") and source is not None
        self._sheet.book.rec.hit("Charts.add", 3)
        record = {"type": chart_type, "values": source._cells}
        self._sheet.state.charts.append(record)
        return FakeChart(self._sheet, record)


class FakeSheet:
    def __init__(self, book: FakeBook, state: SheetState):
        self.book, self.state = book, state

    @property
    def api(self):
        if self.book.flavour == MAC:
            return MacRef(self.book.rec, self.state.mac, ())
        return WorksheetCom(self.book.rec, self.state)

    @property
    def name(self):
        self.book.rec.hit("Sheet.name")
        return self.state.name

    def range(self, address):
        self.book.rec.hit("Sheet.range")
        parts = address.split(",")
        if all(re.fullmatch(r"[A-Z]+:[A-Z]+|\d+:\d+", part) for part in parts):
            assert self.book.flavour == WINDOWS or len(parts) == 1, "appscript takes no union address"
            return FakeRange(self, None, address)  # whole rows / columns: widths and heights only
        assert len(parts) == 1, "a union is only used for widths and heights"
        return FakeRange(self, parse_address(address))

    @property
    def page_setup(self):
        api = (MacRef(self.book.rec, self.state.mac, ("page_setup_object",)) if self.book.flavour == MAC
               else Com(self.book.rec, "PageSetup"))
        return types.SimpleNamespace(api=api)

    @property
    def used_range(self):
        self.book.rec.hit("Sheet.used_range")
        return FakeRange(self, self.state.used())

    @property
    def notes(self):
        self.book.rec.hit("Sheet.notes")
        return [FakeNote(FakeRange(self, CellRange.cell(*at))) for at in sorted(self.state.notes)]

    @property
    def charts(self):
        return FakeCharts(self)

    def activate(self):
        self.book.rec.hit("Sheet.activate")
        self.book.active = self.state.name

    def delete(self):
        self.book.rec.hit("Sheet.delete", 4)  # DisplayAlerts read, off, Delete, back
        self.book.states.remove(self.state)

    @property
    def visible(self):
        self.book.rec.hit("Sheet.visible")
        return self.state.visible

    @visible.setter
    def visible(self, value):
        self.book.rec.hit("Sheet.visible=")
        self.state.visible = value


class FakeSheets:
    def __init__(self, book: FakeBook):
        self.book = book

    def __iter__(self):
        self.book.rec.hit("Sheets.__iter__")
        return iter([FakeSheet(self.book, s) for s in self.book.states])

    def __len__(self):
        self.book.rec.hit("Sheets.count")
        return len(self.book.states)

    def __getitem__(self, name):
        self.book.rec.hit("Sheets[]")
        state = next((s for s in self.book.states if s.name == name), None)
        if state is None:
            raise KeyError(name)
        return FakeSheet(self.book, state)

    def add(self, name=None, before=None, after=None):
        states = self.book.states
        assert all(s.name != name for s in states), "Excel refuses a duplicate sheet name"
        state = SheetState(name)
        if before is not None:
            self.book.rec.hit("Sheets.add", 3)  # Add(Before=), Name=
            states.insert(states.index(before.state), state)
        elif after is not None:
            self.book.rec.hit("Sheets.add", 7)  # xlwings' After workaround: Count, Index, Add, Move, Activate …
            states.insert(states.index(after.state) + 1, state)
        else:
            self.book.rec.hit("Sheets.add", 2)
            states.insert(0, state)
        return FakeSheet(self.book, state)


class FakeApp:
    """xlwings.App: each setting read or written is one call; alerts are kept."""

    def __init__(self, book: FakeBook):
        self._rec = book.rec
        self.api = MacRef(book.rec, book.mac, ()) if book.flavour == MAC else Com(book.rec, "Application")
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


class WorkbookCom(Com):
    def __init__(self, book: FakeBook):
        super().__init__(book.rec, "Workbook")
        object.__setattr__(self, "_book", book)

    def SaveCopyAs(self, Filename):
        self._book.to_port().save(Filename)


class FakeBook:
    def __init__(self, fullname: str = "工作簿1", flavour: str = WINDOWS):
        self.rec = Recorder()
        self.flavour = flavour
        self.states: list[SheetState] = []
        self.mac: dict = {}  # what AppleScript set on the application (window panes)
        self._app = FakeApp(self)
        self._fullname = fullname
        self.active = None
        self.saved = 0

    @property
    def api(self):
        if self.flavour == MAC:
            return MacRef(self.rec, self.mac, ())
        return WorkbookCom(self)

    @property
    def app(self):
        self.rec.hit("Book.app")
        return self._app

    @property
    def sheets(self):
        self.rec.hit("Book.sheets")
        return FakeSheets(self)

    @property
    def fullname(self):
        self.rec.hit("Book.fullname")
        return self._fullname

    def save(self, path=None):
        self.rec.hit("Book.save")
        self.saved += 1

    def state(self, name: str) -> SheetState:
        return next(s for s in self.states if s.name == name)

    def names(self) -> list[str]:
        return [s.name for s in self.states]

    @classmethod
    def from_port(cls, source: OpenpyxlWorkbook, fullname: str = "工作簿1", flavour: str = WINDOWS) -> FakeBook:
        """A live book holding ``source``'s sheets (values, merged areas, formats, notes), not counted."""
        book = cls(fullname, flavour)
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
            state.authors = {at: source.note_author(name, *at) for at in state.notes if source.note_author(name, *at)}
            book.states.append(state)
        return book

    def to_port(self) -> OpenpyxlWorkbook:
        """The book as a file would hold it (values, merged areas, notes, visibility), for
        comparing with what the command line writes."""
        port = OpenpyxlWorkbook.new()
        for state in self.states:
            port.add_sheet(state.name)
            if state.values:
                bottom = max(r for r, _ in state.values)
                right = max(c for _, c in state.values)
                port.write_values(state.name, 1, 1, [[_plain(state.values.get((r, c))) for c in range(1, right + 1)]
                                                     for r in range(1, bottom + 1)])
            port.merge(state.name, state.merges)
            for (r, c), text in state.notes.items():
                port.set_note(state.name, r, c, text, state.authors.get((r, c)))
            port.set_sheet_hidden(state.name, not state.visible)
        return port


def _plain(value):
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 else value


def fake_xlwings(book: FakeBook) -> types.ModuleType:
    """A module standing in for ``xlwings``: ``Book.caller()`` gives ``book``."""
    module = types.ModuleType("xlwings")

    class Book:
        @staticmethod
        def caller():
            return book

    module.Book = Book
    module.apps = types.SimpleNamespace(active=book._app)
    return module
