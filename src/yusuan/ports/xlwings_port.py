"""Workbook port over a live Excel workbook (xlwings, Windows), for the 预算公开 ribbon.

Every method makes a small, fixed number of calls into Excel for a whole block or range,
never one per cell (SPEC §8): a sheet is read in one ``Range.value`` call, a block written in
one, a style / merge / width set once per range.  What grows is one group of calls per note,
fill or link, i.e. per finding.

Choices that differ from the openpyxl port, and why:

* **Text stays text.**  Excel parses a string assigned to ``Range.Value`` as if typed: '=…'
  becomes a formula, '00123' the number 123, '2025年1月' a date.  Such strings are written
  with a leading apostrophe, Excel's own "this is text" mark: the cell's value is the string
  without it (``Range.Value`` gives it back unchanged) and the mark is not part of the text.
  The alternative, number format '@', changes the cell's format (a number typed there later
  becomes text) and would need one call per scattered cell.  Plain text gets no mark, and
  neither does a cell already formatted as text (the template's code columns): Excel keeps
  what is written there literally, the apostrophe included.
* **Numbers come back as Python numbers as openpyxl gives them**: Excel holds every number
  as a double, so a whole double is read back as an ``int`` (as openpyxl reads '100').
* **Fills** are read as the RGB Excel shows, also for theme colours; ``set_fill`` accepts the
  'theme:i:tint' / 'indexed:n' tokens an openpyxl-flagged workbook may carry in its notes.
* **Merged ranges** of a sheet this port created are the ones it merged; on any other sheet
  they are found with Excel's format search (``FindFormat.MergeCells``), a few calls per
  merged area.
* **Page setup** talks to the printer driver and fails without a usable printer; that is
  cosmetic, so it is reported in :attr:`XlwingsWorkbook.warnings`, not raised.

xlwings itself is never imported here: the port only calls the objects it is given, so
importing yusuan needs neither xlwings nor Excel.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from yusuan.errors import UserError
from yusuan.ports.atomic import write_atomically
from yusuan.ports.base import CellRange, PageSetup, Style, column_letter

MAX_SHEET_CELLS = 5_000_000  # as the openpyxl port: a block larger than this is not a budget table
CHART_NUMBER_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
NOTE_SIZE = (240, 120)  # points: the openpyxl port's 320 × 160 px
MAX_ADDRESS = 250  # Range("…") takes at most 255 characters
POINTS_PER_CM = 72 / 2.54

# Excel constants (XlHAlign, XlVAlign, XlLineStyle, …), spelled out so xlwings is not needed
_H_ALIGN = {"left": -4131, "center": -4108, "right": -4152}
_V_ALIGN = {"top": -4160, "center": -4108, "bottom": -4107}
XL_CONTINUOUS, XL_THIN = 1, 2
XL_NONE = -4142  # xlNone / xlColorIndexNone
XL_SOLID = 1  # xlSolid: Interior.Pattern of a plain colour fill
XL_PAPER_A4, XL_PORTRAIT, XL_LANDSCAPE = 9, 1, 2
XL_VALIDATE_LIST, XL_VALID_ALERT_STOP, XL_BETWEEN = 3, 1, 1
XL_LIST_SEPARATOR = 5  # Application.International index
XL_FORMULAS, XL_PART, XL_BY_ROWS, XL_BY_COLUMNS, XL_NEXT, XL_PREVIOUS = -4123, 2, 1, 2, 1, 2
XL_PIE, XL_BAR_CLUSTERED = 5, 57
XL_CATEGORY, XL_VALUE, XL_AXIS_CROSSES_MAXIMUM = 1, 2, 2
_INT32 = 2**31

# A string Excel could read as something else: formula / sign / prefix / error starts,
# anything with a digit (numbers, dates, times, percentages, fractions, full-width digits
# included) and the boolean words.
_NOT_PLAIN_TEXT = re.compile(r"^[=+\-@'#]|\d|^\s*(true|false)\s*$", re.IGNORECASE | re.UNICODE)
_ADDRESS = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


# value conversion -------------------------------------------------------------------------
def to_excel(value: Any) -> Any:
    """A Python value as it must be handed to ``Range.Value`` to be stored as that value."""
    if isinstance(value, str):
        return "'" + value if _NOT_PLAIN_TEXT.search(value) else value
    if isinstance(value, bool) or value is None or isinstance(value, (datetime, date)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int) and not -_INT32 <= value < _INT32:
        return float(value)  # COM has no 64-bit integer Excel accepts
    return value


def from_excel(value: Any) -> Any:
    """A value read from Excel as openpyxl would read it from the saved file."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _rectangles(rows: Sequence[Sequence[Any]]) -> Iterator[tuple[int, list[list[Any]]]]:
    """Consecutive rows of one length as (offset, block): one Excel call each, and cells a
    short row leaves out stay untouched, as in the openpyxl port."""
    start, block = 0, []
    for i, row in enumerate(rows):
        row = list(row)
        if block and len(row) != len(block[0]):
            yield start, block
            block = []
        if not block:
            start = i
        block.append(row)
    if block:
        yield start, block


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing blank rows and columns: the value bounds, as the openpyxl port reads."""
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((max((i for i, v in enumerate(r) if v is not None), default=-1) + 1 for r in rows), default=0)
    return [r[:width] for r in rows]


def parse_address(address: str) -> CellRange:
    """'$B$2:$D$3' or 'B2' → CellRange."""
    match = _ADDRESS.fullmatch(address.replace("$", "").upper().split(",")[0]) if address else None
    if match is None:
        raise ValueError(f"not an A1 address: {address!r}")

    def col(letters: str) -> int:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        return n

    top, left = int(match.group(2)), col(match.group(1))
    if match.group(3) is None:
        return CellRange.cell(top, left)
    return CellRange(top, left, int(match.group(4)), col(match.group(3)))


def _bgr(rgb: str) -> int:
    """'FFC7CE' → Excel's colour integer (blue in the high byte)."""
    r, g, b = int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)
    return r + g * 256 + b * 65536


def _hex(color: int) -> str:
    color = int(color)
    return f"{color & 0xFF:02X}{(color >> 8) & 0xFF:02X}{(color >> 16) & 0xFF:02X}"


def _address_chunks(parts: list[str]) -> list[str]:
    """Join 'A:C', '5:7' … into union addresses Excel's Range() accepts (≤ 255 characters)."""
    chunks, current = [], ""
    for part in parts:
        if current and len(current) + 1 + len(part) > MAX_ADDRESS:
            chunks.append(current)
            current = ""
        current = f"{current},{part}" if current else part
    if current:
        chunks.append(current)
    return chunks


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _by_size(sizes: dict[int, float], label) -> dict[float, list[str]]:
    """{size: union addresses}: rows or columns of one size set in one call per ≤255 chars."""
    groups: dict[float, list[int]] = {}
    for index, size in sizes.items():
        groups.setdefault(float(size), []).append(index)
    return {
        size: _address_chunks([f"{label(a)}:{label(b)}" for a, b in _runs(indexes)])
        for size, indexes in groups.items()
    }


# the port ---------------------------------------------------------------------------------
class XlwingsWorkbook:
    """A :class:`~yusuan.ports.WorkbookPort` over a live ``xlwings.Book``."""

    def __init__(self, book: Any):
        self.book = book
        self.warnings: list[str] = []  # cosmetic steps Excel refused (page setup without a printer)
        self._app: Any = None
        self._names: list[str] | None = None
        self._sheets: dict[str, Any] = {}
        self._merges: dict[str, list[CellRange]] = {}  # sheets whose merged ranges are known
        self._list_separator: str | None = None

    # helpers ---------------------------------------------------------------------------
    @property
    def app(self) -> Any:
        """The xlwings App of the book."""
        if self._app is None:
            self._app = self.book.app
        return self._app

    @property
    def path(self) -> Path | None:
        """The book's file, or None for a book never saved to a local folder."""
        full = str(self.book.fullname)
        return Path(full) if os.path.isabs(full) and os.path.dirname(full) else None

    def _sheet(self, name: str) -> Any:
        sheet = self._sheets.get(name)
        if sheet is None:
            sheet = self._sheets[name] = self.book.sheets[name]
        return sheet

    def _api(self, name: str) -> Any:
        return self._sheet(name).api

    @contextmanager
    def _alerts_off(self) -> Iterator[None]:
        """No "merging keeps only the upper-left value" prompts while merging."""
        app = self.app
        previous = app.display_alerts
        if previous:
            app.display_alerts = False
        try:
            yield
        finally:
            if previous:
                app.display_alerts = previous

    def activate(self, sheet: str) -> None:
        """Show ``sheet`` (e.g. 校验结果 at the end of a run).  Not part of the port."""
        self._api(sheet).Activate()

    # sheets ----------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        if self._names is None:
            self._names = []
            for sheet in self.book.sheets:
                name = sheet.name
                self._names.append(name)
                self._sheets[name] = sheet
        return list(self._names)

    def add_sheet(self, name: str, index: int | None = None) -> None:
        names = self.sheet_names()
        sheets = self.book.sheets
        if not names:
            new = sheets.add(name)
        elif index is None or index >= len(names):
            new = sheets.add(name, after=self._sheet(names[-1]))
        else:
            new = sheets.add(name, before=self._sheet(names[max(index, 0)]))
        position = len(names) if index is None else min(max(index, 0), len(names))
        self._names.insert(position, name)
        self._sheets[name] = new
        self._merges[name] = []  # a new sheet has no merged cells but the ones merged here

    def remove_sheet(self, name: str) -> None:
        self._sheet(name).delete()
        self._names = [n for n in self.sheet_names() if n != name]
        self._sheets.pop(name, None)
        self._merges.pop(name, None)

    def set_sheet_hidden(self, name: str, hidden: bool) -> None:
        self._sheet(name).visible = not hidden

    # values ----------------------------------------------------------------------------
    def read_values(self, sheet: str) -> list[list[Any]]:
        api = self._api(sheet)
        used = api.UsedRange
        bottom = used.Row + used.Rows.Count - 1
        right = used.Column + used.Columns.Count - 1
        if bottom * right > MAX_SHEET_CELLS:
            # formatting alone stretches the used range; the last value decides
            bottom, right = self._value_bounds(api)
            if bottom * right > MAX_SHEET_CELLS:
                raise UserError(
                    f"工作表“{sheet}”的数据区域过大（{bottom} 行 × {right} 列），请删除远处的无关单元格后重试。"
                )
        if not bottom or not right:
            return []
        address = CellRange(1, 1, bottom, right).a1
        values = self._sheet(sheet).range(address).options(ndim=2, err_to_str=True).value
        return _trim([[from_excel(v) for v in row] for row in values or []])

    @staticmethod
    def _value_bounds(api: Any) -> tuple[int, int]:
        """Last row and last column holding anything, found by Excel (two searches)."""
        cells = api.Cells
        found = [
            cells.Find(What="*", After=cells(1, 1), LookIn=XL_FORMULAS, LookAt=XL_PART, SearchOrder=order,
                       SearchDirection=XL_PREVIOUS, MatchCase=False, SearchFormat=False)
            for order in (XL_BY_ROWS, XL_BY_COLUMNS)
        ]
        if found[0] is None:
            return 0, 0
        return found[0].Row, found[1].Column

    def write_values(self, sheet: str, top: int, left: int, rows: Sequence[Sequence[Any]]) -> None:
        target = self._sheet(sheet)
        for offset, block in _rectangles(rows):
            width = len(block[0])
            if not width:
                continue
            rng = CellRange(top + offset, left, top + offset + len(block) - 1, left + width - 1)
            at_risk = {j for row in block for j, v in enumerate(row) if isinstance(v, str) and _NOT_PLAIN_TEXT.search(v)}
            literal = self._text_columns(target.api, rng, at_risk) if at_risk else set()
            target.range(rng.a1).value = [
                [v if j in literal else to_excel(v) for j, v in enumerate(row)] for row in block
            ]

    @staticmethod
    def _text_columns(api: Any, rng: CellRange, columns: set[int]) -> set[int]:
        """Columns (0-based in the block) formatted as text ('@'): Excel stores what is written
        there literally, so an apostrophe would become part of the value.  One call when the
        block has one format, one more per column at risk when it has several."""
        fmt = api.Range(rng.a1).NumberFormat
        if fmt is not None:  # one format for the whole block
            return set(columns) if fmt == TEXT_FORMAT else set()
        return {j for j in columns
                if api.Range(CellRange(rng.top, rng.left + j, rng.bottom, rng.left + j).a1).NumberFormat == TEXT_FORMAT}

    # layout and formats ----------------------------------------------------------------
    def merge(self, sheet: str, ranges: Sequence[CellRange]) -> None:
        todo = [r for r in ranges if not r.is_cell]
        if not todo:
            return
        api = self._api(sheet)
        with self._alerts_off():
            for rng in todo:
                api.Range(rng.a1).Merge()
        if sheet in self._merges:
            self._merges[sheet].extend(todo)

    def merged_ranges(self, sheet: str) -> list[CellRange]:
        if sheet not in self._merges:
            self._merges[sheet] = self._find_merges(self._api(sheet))
        return list(self._merges[sheet])

    def _find_merges(self, api: Any) -> list[CellRange]:
        """Every merged area of a sheet: Excel's format search, a few calls per merged area."""
        used = api.UsedRange
        search = self.app.api.FindFormat
        search.Clear()
        search.MergeCells = True
        found_ranges: list[CellRange] = []
        covered: set[tuple[int, int]] = set()
        try:
            cell = used.Find(What="", LookIn=XL_FORMULAS, LookAt=XL_PART, SearchOrder=XL_BY_ROWS,
                             SearchDirection=XL_NEXT, MatchCase=False, SearchFormat=True)
            seen: set[str] = set()
            while cell is not None:
                address = cell.Address
                if address in seen:  # back at the first hit: every area visited
                    break
                seen.add(address)
                at = parse_address(address)
                if (at.top, at.left) not in covered:
                    area = parse_address(cell.MergeArea.Address)
                    if not area.is_cell:
                        found_ranges.append(area)
                        covered.update((r, c) for r in range(area.top, area.bottom + 1)
                                       for c in range(area.left, area.right + 1))
                cell = used.Find(What="", After=cell, LookIn=XL_FORMULAS, LookAt=XL_PART, SearchOrder=XL_BY_ROWS,
                                 SearchDirection=XL_NEXT, MatchCase=False, SearchFormat=True)
        finally:
            search.Clear()  # the user's next Find must not search for merged cells
        return sorted(found_ranges, key=lambda r: (r.top, r.left))

    def apply_style(self, sheet: str, cells: CellRange, style: Style) -> None:
        rng = self._api(sheet).Range(cells.a1)
        if style.bold is not None or style.font_size is not None or style.font_name is not None:
            font = rng.Font
            if style.bold is not None:
                font.Bold = style.bold
            if style.font_size is not None:
                font.Size = style.font_size
            if style.font_name is not None:
                font.Name = style.font_name
        if style.h_align:
            rng.HorizontalAlignment = _H_ALIGN[style.h_align]
        if style.v_align:
            rng.VerticalAlignment = _V_ALIGN[style.v_align]
        if style.wrap is not None:
            rng.WrapText = style.wrap
        if style.border:
            borders = rng.Borders  # without an index: every edge and inside line of the range
            borders.LineStyle = XL_CONTINUOUS
            borders.Weight = XL_THIN
            borders.Color = 0
        if style.number_format:
            rng.NumberFormat = style.number_format
        if style.fill:
            rng.Interior.Color = _bgr(style.fill)

    def set_column_widths(self, sheet: str, widths: dict[int, float]) -> None:
        api = self._api(sheet)
        for width, addresses in _by_size(widths, column_letter).items():
            for address in addresses:
                api.Range(address).ColumnWidth = width

    def set_row_heights(self, sheet: str, heights: dict[int, float]) -> None:
        api = self._api(sheet)
        for height, addresses in _by_size(heights, str).items():
            for address in addresses:
                api.Range(address).RowHeight = height

    def freeze_panes(self, sheet: str, row: int, col: int) -> None:
        # panes belong to the window, which shows the active sheet
        self._api(sheet).Activate()
        window = self.book.api.Windows(1)
        window.FreezePanes = False
        if row <= 1 and col <= 1:
            return
        window.ScrollRow = 1
        window.ScrollColumn = 1
        window.SplitRow = row - 1
        window.SplitColumn = col - 1
        window.FreezePanes = True

    def set_page_setup(self, sheet: str, setup: PageSetup) -> None:
        app = self.app.api
        try:
            app.PrintCommunication = False  # one round trip to the printer driver, not one per property
            page = self._api(sheet).PageSetup
            page.PaperSize = XL_PAPER_A4
            page.Orientation = XL_LANDSCAPE if setup.landscape else XL_PORTRAIT
            if setup.fit_to_width:
                page.Zoom = False
                page.FitToPagesWide = 1
                page.FitToPagesTall = False
            if setup.title_rows:
                page.PrintTitleRows = f"${setup.title_rows[0]}:${setup.title_rows[1]}"
            page.CenterHorizontally = True
        except Exception as exc:  # no printer, or one without A4: the tables are still right
            self.warnings.append(f"“{sheet}”的打印设置未能应用（{type(exc).__name__}），请检查默认打印机。")
        finally:
            with suppress(Exception):  # Excel before 2010 has no PrintCommunication
                app.PrintCommunication = True

    def add_list_validation(self, sheet: str, cells: CellRange, choices: Sequence[str]) -> None:
        if self._list_separator is None:
            # the list in Formula1 is split at the system's list separator
            self._list_separator = str(self.app.api.International(XL_LIST_SEPARATOR) or ",")
        validation = self._api(sheet).Range(cells.a1).Validation
        validation.Delete()
        validation.Add(Type=XL_VALIDATE_LIST, AlertStyle=XL_VALID_ALERT_STOP, Operator=XL_BETWEEN,
                       Formula1=self._list_separator.join(choices))
        validation.IgnoreBlank = True
        validation.InCellDropdown = True
        validation.ShowError = True
        validation.ErrorTitle = "输入无效"
        validation.ErrorMessage = ("请从下拉列表中选择：" + "、".join(choices))[:225]  # Excel's limit

    # notes, fills, links ---------------------------------------------------------------
    def read_notes(self, sheet: str) -> dict[tuple[int, int], str]:
        comments = self._api(sheet).Comments
        notes: dict[tuple[int, int], str] = {}
        for i in range(1, comments.Count + 1):
            comment = comments.Item(i)
            cell = comment.Parent
            notes[(cell.Row, cell.Column)] = comment.Text()
        return dict(sorted(notes.items()))

    def note_author(self, sheet: str, row: int, col: int) -> str | None:
        comment = self._api(sheet).Cells(row, col).Comment
        author = comment.Author if comment is not None else None
        return author if isinstance(author, str) else None

    def set_note(self, sheet: str, row: int, col: int, text: str, author: str | None = None) -> None:
        # Excel sets a new note's author itself (Comment.Author is read-only); an existing
        # note keeps its author because only its text is replaced.
        cell = self._api(sheet).Cells(row, col)
        existing = cell.Comment
        if existing is not None:
            existing.Text(text)  # without Start: replaces the text, keeps the note's size and place
            return
        shape = cell.AddComment(text).Shape
        shape.Width, shape.Height = NOTE_SIZE

    def delete_note(self, sheet: str, row: int, col: int) -> None:
        self._api(sheet).Cells(row, col).ClearComments()

    def read_fill(self, sheet: str, row: int, col: int) -> str | None:
        interior = self._api(sheet).Cells(row, col).Interior
        if interior.ColorIndex == XL_NONE:
            return None
        return _hex(interior.Color)

    def set_fill(self, sheet: str, row: int, col: int, rgb: str | None) -> None:
        interior = self._api(sheet).Cells(row, col).Interior
        if not rgb:
            interior.Pattern = XL_NONE
        elif rgb.startswith("theme:"):
            _, theme, tint = rgb.split(":")
            interior.ThemeColor = int(theme) + 1  # openpyxl counts themes from 0, Excel from 1
            interior.TintAndShade = float(tint)
        elif rgb.startswith("indexed:"):
            index = int(rgb.split(":")[1])
            # openpyxl's indexed 0–7 and 8–63 are both Excel's ColorIndex 1–56
            interior.ColorIndex = index + 1 if index < 8 else index - 7 if index < 64 else XL_NONE
        else:
            interior.Color = _bgr(rgb)

    def read_fill_state(self, sheet: str, row: int, col: int) -> str | None:
        """'' for no fill, 'solid:RRGGBB' for a solid colour; None (left alone, never
        overwritten) for patterns and gradients, which this port cannot put back exactly."""
        interior = self._api(sheet).Cells(row, col).Interior
        if interior.ColorIndex == XL_NONE:
            return ""
        if interior.Pattern != XL_SOLID:
            return None
        return f"solid:{_hex(interior.Color)}"

    def set_fill_state(self, sheet: str, row: int, col: int, state: str) -> None:
        self.set_fill(sheet, row, col, state.partition(":")[2] if state.startswith("solid:") else None)

    def set_hyperlink(self, sheet: str, row: int, col: int, target_sheet: str, target_cell: str) -> None:
        api = self._api(sheet)
        anchor = api.Cells(row, col)
        shown = anchor.Value
        api.Hyperlinks.Add(Anchor=anchor, Address="", SubAddress=f"'{target_sheet}'!{target_cell}",
                           TextToDisplay=str(from_excel(shown)) if shown is not None else target_cell)

    # charts ----------------------------------------------------------------------------
    def add_chart(self, sheet: str, kind: str, title: str, data: CellRange, categories: CellRange, anchor: str,
                  size: tuple[float, float] | None = None) -> None:
        if kind not in ("pie", "bar"):
            raise ValueError(f"unknown chart kind {kind!r}")
        api = self._api(sheet)
        at = api.Range(anchor)
        width, height = size or (15, 7.5)
        chart = api.ChartObjects().Add(at.Left, at.Top, width * POINTS_PER_CM, height * POINTS_PER_CM).Chart
        chart.ChartType = XL_PIE if kind == "pie" else XL_BAR_CLUSTERED
        series = chart.SeriesCollection().NewSeries()
        series.Values = api.Range(data.a1)
        series.XValues = api.Range(categories.a1)
        series.Name = title
        chart.HasTitle = True
        chart.ChartTitle.Text = title
        series.HasDataLabels = True
        labels = series.DataLabels()
        labels.NumberFormat = CHART_NUMBER_FORMAT
        labels.ShowValue = True
        labels.ShowCategoryName = False
        labels.ShowSeriesName = False
        labels.ShowLegendKey = False
        if kind == "pie":
            labels.ShowPercentage = True  # value and share, as the openpyxl chart
            labels.Separator = "\n"
            series.HasLeaderLines = True
            return
        labels.ShowPercentage = False
        chart.HasLegend = False  # one series, named by the title
        category_axis = chart.Axes(XL_CATEGORY)
        category_axis.ReversePlotOrder = True  # first category on top, as in the data block
        category_axis.Crosses = XL_AXIS_CROSSES_MAXIMUM  # keeps the value axis at the bottom
        value_axis = chart.Axes(XL_VALUE)
        value_axis.HasMajorGridlines = False
        value_axis.TickLabels.NumberFormat = "#,##0"
        chart.ChartGroups(1).GapWidth = 60

    def save(self, path: str | Path) -> None:
        """Save to ``path``: the book itself when it is its own file, else a copy (the live
        book keeps its name; the copy has the book's file format)."""
        target = os.path.abspath(str(path))
        try:
            if self.path is not None and os.path.normcase(target) == os.path.normcase(str(self.path)):
                self.book.save()
            else:  # the copy is written beside the target and renamed: never a half file
                write_atomically(Path(target), lambda temp: self.book.api.SaveCopyAs(str(temp)))
        except UserError:
            raise
        except Exception:
            raise UserError(f"无法写入 {target}：文件可能正在 Excel 中打开，或文件夹不可写。") from None
