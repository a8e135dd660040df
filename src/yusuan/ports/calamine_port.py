"""Read-only workbook port over python-calamine, for the audit's parse (issue 13).

Reading a budget workbook with calamine (Rust) costs a fraction of an openpyxl load, and the
recogniser needs only what it gives: each sheet's values and merged ranges.  The values come
out as the openpyxl port gives them, so that a workbook yields the same findings either way:

- a whole number is an ``int`` (openpyxl reads ``<v>100</v>`` as 100; calamine gives 100.0);
- a date is a ``datetime`` (calamine gives a ``date`` for midnight);
- an error cell (``#N/A``, ``#DIV/0!``, a formula's cached error) is its text, which calamine
  drops: those few cells are read from the sheet's XML;
- blank is ``None`` (calamine fills the gaps with ''), and rows run from A1 to the last value.

A formula without a saved result reads as blank in both.  Whatever calamine cannot read raises
:class:`ReaderFailed`: the caller reads the file with openpyxl instead.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

import python_calamine

from yusuan.errors import UserError
from yusuan.ports._first_row import SharedStrings, first_filled_row, shared_strings_part
from yusuan.ports._sheet_scan import sheet_parts
from yusuan.ports.base import CellRange, a1, column_index
from yusuan.ports.openpyxl_port import MAX_SHEET_CELLS, MAX_SHEET_ROWS, check_workbook_file

EXACT_INT = 2**53  # beyond it a float is no longer every integer: kept a float, as openpyxl's 1E+20
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\bt="e"[^>]*>')
_ADDRESS = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")


class ReaderFailed(Exception):
    """calamine could not read the file (or a sheet of it); openpyxl may still."""


class CalamineWorkbook:
    """A :class:`~yusuan.ports.WorkbookReader` over a workbook file, read with calamine."""

    def __init__(self, book: python_calamine.CalamineWorkbook, path: Path):
        self.book = book
        self.path = path
        self._names = list(book.sheet_names)
        self._worksheets = {m.name for m in book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet}
        self._sheets: dict[str, python_calamine.CalamineSheet] = {}
        self._archive: zipfile.ZipFile | None = None
        self._parts: dict[str, str] = {}  # sheet name -> its XML part in the zip
        self._strings: SharedStrings | None = None

    @classmethod
    def open(cls, path: str | Path) -> CalamineWorkbook:
        """The workbook at ``path``; the same refusals (UserError, one Chinese line) as the
        openpyxl port gives for what is not a workbook yusuan reads, too big or a zip bomb."""
        path = Path(path)
        check_workbook_file(path)
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine's own errors and panics alike: openpyxl gets its turn
            raise ReaderFailed(f"{type(exc).__name__}: {exc}") from None
        return cls(book, path)

    def sheet_names(self) -> list[str]:
        return list(self._names)

    def _sheet(self, name: str) -> python_calamine.CalamineSheet:
        if name not in self._sheets:
            try:
                self._sheets[name] = self.book.get_sheet_by_name(name)
            except Exception as exc:
                raise ReaderFailed(f"{name}: {type(exc).__name__}: {exc}") from None
        return self._sheets[name]

    def read_values(self, sheet: str) -> list[list[Any]]:
        """The values from A1 to the last row and column that hold one (None for blank)."""
        if sheet not in self._worksheets:
            return []  # a chart sheet holds no cells
        data = self._sheet(sheet)
        end = data.end
        if end is None:
            return []
        bottom, right = end[0] + 1, end[1] + 1
        if bottom > MAX_SHEET_ROWS or bottom * right > MAX_SHEET_CELLS:
            raise UserError(
                f"工作表“{sheet}”的数据区域过大（{bottom:,} 行 × {right:,} 列，最远的内容在 {a1(bottom, right)}；"
                f"上限 {MAX_SHEET_ROWS:,} 行、{MAX_SHEET_CELLS:,} 个单元格），请删除远处的无关单元格后重试。"
            )
        try:
            raw = data.to_python(skip_empty_area=False)
        except Exception as exc:
            raise ReaderFailed(f"{sheet}: {type(exc).__name__}: {exc}") from None
        rows = [_row(row) for row in raw]
        for (r, c), text in self._error_cells(sheet).items():
            while len(rows) < r:
                rows.append([])
            row = rows[r - 1]
            row.extend([None] * (c - len(row)))
            row[c - 1] = text
        return _trimmed(rows)

    def merged_ranges(self, sheet: str) -> list[CellRange]:
        if sheet not in self._worksheets:
            return []
        ranges = self._sheet(sheet).merged_cell_ranges or []
        return [CellRange(top + 1, left + 1, bottom + 1, right + 1) for (top, left), (bottom, right) in ranges]

    def first_filled_row(self, sheet: str) -> list[str] | None:
        """The texts of the sheet's first row that holds a value, read without loading the sheet
        (:mod:`._first_row`); None when that row is not plain text near the sheet's start (or
        the sheet holds no cells): :meth:`read_values` tells."""
        if sheet not in self._worksheets:
            return None
        try:
            archive, part = self._zip(), self._parts.get(sheet)
            if part is None:
                return None
            if self._strings is None:
                self._strings = SharedStrings(archive, shared_strings_part(archive))
            return first_filled_row(archive, part, self._strings)
        except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
            return None  # read_values reads it, or says why not

    def _zip(self) -> zipfile.ZipFile:
        if self._archive is None:  # kept open while the workbook is read: one directory read
            self._archive = zipfile.ZipFile(self.path)
            self._parts = {name: part for part, name in sheet_parts(self._archive).items()}
        return self._archive

    def _error_cells(self, sheet: str) -> dict[tuple[int, int], str]:
        """{(row, col): '#N/A'} of the sheet's error cells, which calamine reads as blank (only
        the sheets read are unpacked again: a budget workbook's state sheets are large)."""
        try:
            archive = self._zip()
            part = self._parts.get(sheet)
            xml = archive.read(part) if part else b""
        except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise ReaderFailed(f"{type(exc).__name__}: {exc}") from None
        return _errors_in(xml) if b't="e"' in xml else {}


def _row(values: list[Any]) -> list[Any]:
    """A row as the openpyxl port gives it: most cells are text or a number, converted inline
    (a function call per cell was a third of the read)."""
    return [
        (v or None) if (kind := type(v)) is str
        else (int(v) if v.is_integer() and -EXACT_INT < v < EXACT_INT else v) if kind is float
        else _value(v)
        for v in values
    ]


def _value(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < EXACT_INT else value
    if value == "":
        return None
    if type(value) is dt.date:  # a datetime is a date too: only the bare date is widened
        return dt.datetime(value.year, value.month, value.day)
    return value


def _trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows up to the last that holds a value, each as wide as the widest value reaches."""
    right = 0
    for row in rows:  # only the trailing blanks beyond the widest so far are looked at
        end = len(row)
        while end > right and row[end - 1] is None:
            end -= 1
        right = max(right, end)
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return [row if len(row) == right else row[:right] + [None] * (right - len(row)) for row in rows]


def _errors_in(xml: bytes) -> dict[tuple[int, int], str]:
    cells: dict[tuple[int, int], str] = {}
    for match in _ERROR_CELL.finditer(xml):
        address = _ADDRESS.search(match.group(0))
        if address is None or match.group(0).endswith(b"/>"):
            continue  # no address (allowed, never written by Excel), or no value
        end = _CELL_END.search(xml, match.end())
        value = _VALUE.search(xml, match.end(), end.start() if end else len(xml))
        if value is not None:
            cells[(int(address.group(2)), column_index(address.group(1).decode()))] = value.group(1).decode("utf-8", "replace")
    return cells

