"""Workbook port over a live Excel workbook (xlwings), for the 预算公开 ribbon, on Windows and macOS.

Everything goes through xlwings' cross-platform API (``Range.value``, ``number_format``,
``merge``, ``merge_cells``/``merge_area``, ``font``, ``borders``, alignment, ``color``,
``column_width``/``row_height``, notes, ``data_validation``, ``charts``, ``find``); only where
xlwings has no cross-platform call is there a branch: the Windows object model through ``.api``
(COM) and the Mac AppleScript dictionary through ``.api`` (appscript).  The members each branch
uses are listed, with their sources, in ``tests/fixtures/excel_object_model.yaml``, and the
test stand-in refuses any other.  What Excel for Mac cannot do is said in :attr:`warnings`
(shown in the button's closing message), never a failure:

* paper size: the Mac dictionary has no paper-size property (orientation, fit to one page
  wide, repeated title rows and centring are set);
* chart data labels, bar gap width and leader lines (the chart itself is made);
* note size (notes get Excel's default size) and theme-colour fills given back (cleared instead);
* saving a copy under another name (the book itself is saved; use ``yusuan build`` for copies).

Every method makes a small, fixed number of calls into Excel for a whole block or range,
never one per cell (each is a round trip to Excel): a sheet is read in one ``Range.value`` call, a block written in
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
  Windows finds them with Excel's format search (``FindFormat.MergeCells``, a few calls per
  merged area), macOS by halving the used range where ``merge_cells`` says some are merged.
* **Page setup** talks to the printer driver and fails without a usable printer; that is
  cosmetic, so it is reported in :attr:`XlwingsWorkbook.warnings`, not raised.

xlwings itself is never imported here: the port only calls the objects it is given, so
importing yusuan needs neither xlwings nor Excel.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from yusuan.errors import UserError
from yusuan.ports.atomic import write_atomically
from yusuan.ports.base import CellRange, PageSetup, Style, Validation, a1, column_letter

PLATFORM = sys.platform  # the flavour of the `.api` branches; tests set it
MAX_SHEET_CELLS = 5_000_000  # as the openpyxl port: a block larger than this is not a budget table
CHART_NUMBER_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
NOTE_SIZE = (240, 120)  # points: the openpyxl port's 320 × 160 px
MAX_ADDRESS = 250  # Range("…") takes at most 255 characters
POINTS_PER_CM = 72 / 2.54

# Excel constants of the Windows branches, spelled out so xlwings is not needed
XL_NONE = -4142  # xlNone / xlColorIndexNone
XL_SOLID = 1  # xlSolid: Interior.Pattern of a plain colour fill
XL_PAPER_A4, XL_PORTRAIT, XL_LANDSCAPE = 9, 1, 2
XL_FORMULAS, XL_PART, XL_BY_ROWS, XL_NEXT = -4123, 2, 1, 1
XL_VALUE = 2
XL_VALIDATE_INPUT_ONLY = 0
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
    start, block = 0, list[list[Any]]()
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
MAC = "darwin"
# what Excel for Mac cannot do, said once per run in the closing message
MAC_NO_PAPER_SIZE = "Mac 版 Excel 不能通过程序设置纸张大小：打印前请在“页面设置”中选择 A4。"
MAC_NO_CHART_LABELS = "Mac 版 Excel 不能通过程序设置图表的数据标签：需要时请在图表上手动添加。"
MAC_NO_THEME_FILL = "Mac 版 Excel 不能恢复主题颜色的底色：{where} 的底色已清除，请手动重设。"
MAC_NO_COPY = "Mac 版 Excel 不能另存副本：请先保存工作簿，或在命令行用 yusuan build / yusuan check 生成副本。"


def _covers(outer: CellRange, inner: CellRange) -> bool:
    return outer.top <= inner.top and outer.left <= inner.left and outer.bottom >= inner.bottom \
        and outer.right >= inner.right


def _halves(area: CellRange) -> tuple[CellRange, CellRange]:
    if area.bottom - area.top >= area.right - area.left:
        middle = (area.top + area.bottom) // 2
        return CellRange(area.top, area.left, middle, area.right), CellRange(middle + 1, area.left, area.bottom, area.right)
    middle = (area.left + area.right) // 2
    return CellRange(area.top, area.left, area.bottom, middle), CellRange(area.top, middle + 1, area.bottom, area.right)


def _mac_keyword(name: str) -> Any:
    """An AppleScript enumerator (appscript's ``k.<name>``); appscript is loaded by xlwings on a Mac."""
    return getattr(sys.modules["appscript"].k, name)


class XlwingsWorkbook:
    """A :class:`~yusuan.ports.WorkbookPort` over a live ``xlwings.Book``.

    ``platform``: 'win32' or 'darwin' (default: this system), for the few ``.api`` branches."""

    def __init__(self, book: Any, platform: str | None = None):
        self.book = book
        self.mac = (platform or PLATFORM) == MAC
        self.warnings: list[str] = []  # steps Excel refused or cannot do (shown with the result)
        self._app: Any = None
        self._names: list[str] | None = None
        self._sheets: dict[str, Any] = {}
        self._merges: dict[str, list[CellRange]] = {}  # sheets whose merged ranges are known

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

    def _range(self, sheet: str, address: str) -> Any:
        return self._sheet(sheet).range(address)

    def _warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

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
        self._sheet(sheet).activate()

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
        names.insert(position, name)
        self._names = names  # sheet_names() gave a copy of the cached list
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
        target = self._sheet(sheet)
        used = target.used_range
        last = used.last_cell
        bottom, right = last.row, last.column
        if bottom * right > MAX_SHEET_CELLS:
            # formatting alone stretches the used range; the last value decides
            bottom, right = self._value_bounds(used)
            if bottom * right > MAX_SHEET_CELLS:
                raise UserError(
                    f"工作表“{sheet}”的数据区域过大（{bottom} 行 × {right} 列），请删除远处的无关单元格后重试。"
                )
        if not bottom or not right:
            return []
        address = CellRange(1, 1, bottom, right).a1
        values = target.range(address).options(ndim=2, err_to_str=True).value
        return _trim([[from_excel(v) for v in row] for row in values or []])

    @staticmethod
    def _value_bounds(used: Any) -> tuple[int, int]:
        """Last row and last column holding anything, found by Excel (two searches)."""
        by_rows = used.find("*", direction="backward", order="rows")
        if by_rows is None:
            return 0, 0
        by_columns = used.find("*", direction="backward", order="columns")
        return by_rows.row, by_columns.column

    def uncomputed_cells(self, sheet: str) -> list[tuple[int, int]]:
        return []  # a live Excel calculates every formula it shows

    def write_values(self, sheet: str, top: int, left: int, rows: Sequence[Sequence[Any]]) -> None:
        target = self._sheet(sheet)
        for offset, block in _rectangles(rows):
            width = len(block[0])
            if not width:
                continue
            rng = CellRange(top + offset, left, top + offset + len(block) - 1, left + width - 1)
            at_risk = {j for row in block for j, v in enumerate(row) if isinstance(v, str) and _NOT_PLAIN_TEXT.search(v)}
            literal = self._text_columns(target, rng, at_risk) if at_risk else set()
            target.range(rng.a1).value = [
                [v if j in literal else to_excel(v) for j, v in enumerate(row)] for row in block
            ]

    @staticmethod
    def _text_columns(target: Any, rng: CellRange, columns: set[int]) -> set[int]:
        """Columns (0-based in the block) formatted as text ('@'): Excel stores what is written
        there literally, so an apostrophe would become part of the value.  One call when the
        block has one format, one more per column at risk when it has several."""
        fmt = target.range(rng.a1).number_format
        if fmt:  # one format for the whole block (mixed formats read as None)
            return set(columns) if fmt == TEXT_FORMAT else set()
        return {j for j in columns
                if target.range(CellRange(rng.top, rng.left + j, rng.bottom, rng.left + j).a1).number_format == TEXT_FORMAT}

    # layout and formats ----------------------------------------------------------------
    def merge(self, sheet: str, ranges: Sequence[CellRange]) -> None:
        todo = [r for r in ranges if not r.is_cell]
        if not todo:
            return
        with self._alerts_off():
            for rng in todo:
                self._range(sheet, rng.a1).merge()
        if sheet in self._merges:
            self._merges[sheet].extend(todo)

    def merged_ranges(self, sheet: str) -> list[CellRange]:
        if sheet not in self._merges:
            target = self._sheet(sheet)
            self._merges[sheet] = self._halving_merges(target) if self.mac else self._find_merges(target)
        return list(self._merges[sheet])

    def _halving_merges(self, target: Any) -> list[CellRange]:
        """Every merged area, with cross-platform calls only: a range whose ``merge_cells`` is
        False has none; one with some is halved until a cell's ``merge_area`` names its area."""
        last = target.used_range.last_cell
        todo, found = [CellRange(1, 1, last.row, last.column)], list[CellRange]()
        while todo:
            area = todo.pop()
            if any(_covers(known, area) for known in found):
                continue
            merged = target.range(area.a1).merge_cells
            if merged is False:
                continue
            if merged is True or area.is_cell:
                own = parse_address(target.range(a1(area.top, area.left)).merge_area.address)
                if not own.is_cell and own not in found:
                    found.append(own)
                if _covers(own, area) or area.is_cell:
                    continue
            todo.extend(_halves(area))
        return sorted(found, key=lambda r: (r.top, r.left))

    def _find_merges(self, target: Any) -> list[CellRange]:
        """Every merged area of a sheet: Excel's format search (Windows), a few calls per merged area."""
        used = target.api.UsedRange
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
        rng = self._range(sheet, cells.a1)
        if style.bold is not None or style.font_size is not None or style.font_name is not None:
            font = rng.font
            if style.bold is not None:
                font.bold = style.bold
            if style.font_size is not None:
                font.size = style.font_size
            if style.font_name is not None:
                font.name = style.font_name
        if style.h_align:
            rng.horizontal_alignment = style.h_align
        if style.v_align:
            rng.vertical_alignment = style.v_align
        if style.wrap is not None:
            rng.wrap_text = style.wrap
        if style.border:  # every edge and inside line of the range
            rng.borders.set("all", line_style="continuous", weight="thin", color=(0, 0, 0))
        if style.number_format:
            rng.number_format = style.number_format
        if style.fill:
            rng.color = "#" + style.fill

    def _sized(self, sizes: dict[int, float], label) -> dict[float, list[str]]:
        if not self.mac:
            return _by_size(sizes, label)  # union addresses: one call per ≤255 characters
        groups: dict[float, list[int]] = {}
        for index, size in sizes.items():  # appscript takes no union address: one call per run
            groups.setdefault(float(size), []).append(index)
        return {size: [f"{label(a)}:{label(b)}" for a, b in _runs(indexes)] for size, indexes in groups.items()}

    def set_column_widths(self, sheet: str, widths: dict[int, float]) -> None:
        for width, addresses in self._sized(widths, column_letter).items():
            for address in addresses:
                self._range(sheet, address).column_width = width

    def set_row_heights(self, sheet: str, heights: dict[int, float]) -> None:
        for height, addresses in self._sized(heights, str).items():
            for address in addresses:
                self._range(sheet, address).row_height = height

    def freeze_panes(self, sheet: str, row: int, col: int) -> None:
        # panes belong to the window, which shows the active sheet; xlwings has no
        # cross-platform freeze on a desktop Excel
        self._sheet(sheet).activate()
        if self.mac:
            window = self.app.api.active_window
            window.freeze_panes.set(False)
            if row > 1 or col > 1:
                window.scroll_row.set(1)
                window.scroll_column.set(1)
                window.split_row.set(row - 1)
                window.split_column.set(col - 1)
                window.freeze_panes.set(True)
            return
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
        if self.mac:
            self._mac_page_setup(sheet, setup)
            return
        app = self.app.api
        try:
            app.PrintCommunication = False  # one round trip to the printer driver, not one per property
            page = self._sheet(sheet).page_setup.api  # xlwings' PageSetup: the COM object behind it
            page.PaperSize = XL_PAPER_A4
            page.Orientation = XL_LANDSCAPE if setup.landscape else XL_PORTRAIT
            if setup.fit_to_width:
                page.Zoom = False
                page.FitToPagesWide = 1
                page.FitToPagesTall = setup.pages_tall or False
            if setup.title_rows:
                page.PrintTitleRows = f"${setup.title_rows[0]}:${setup.title_rows[1]}"
            if setup.print_area is not None:
                page.PrintArea = setup.print_area.a1
            if setup.footer:
                page.CenterFooter = setup.footer
            page.CenterHorizontally = True
        except Exception as exc:  # no printer, or one without A4: the tables are still right
            self.warnings.append(f"“{sheet}”的打印设置未能应用（{type(exc).__name__}），请检查默认打印机。")
        finally:
            with suppress(Exception):  # Excel before 2010 has no PrintCommunication
                app.PrintCommunication = True

    def _mac_page_setup(self, sheet: str, setup: PageSetup) -> None:
        try:
            page = self._sheet(sheet).page_setup.api  # the sheet's page_setup_object reference
            page.page_orientation.set(_mac_keyword("landscape" if setup.landscape else "portrait"))
            if setup.fit_to_width:
                page.zoom.set(False)
                page.fit_to_pages_wide.set(1)
                page.fit_to_pages_tall.set(setup.pages_tall or False)
            if setup.title_rows:
                page.print_title_rows.set(f"${setup.title_rows[0]}:${setup.title_rows[1]}")
            page.center_horizontally.set(True)
        except Exception as exc:
            self.warnings.append(f"“{sheet}”的打印设置未能应用（{type(exc).__name__}），请检查默认打印机。")
        self._warn(MAC_NO_PAPER_SIZE)

    def add_list_validation(self, sheet: str, cells: CellRange, choices: Sequence[str]) -> None:
        rng = self._range(sheet, cells.a1)
        rng.data_validation.set_list(list(choices), in_cell_dropdown=True)  # the list separator is xlwings' business
        if self.mac:
            return  # Excel's default stop message; the Mac dictionary's error texts are not needed to validate
        validation = rng.api.Validation
        validation.ShowError = True
        validation.ErrorTitle = "输入无效"
        validation.ErrorMessage = ("请从下拉列表中选择：" + "、".join(choices))[:225]  # Excel's limit

    def add_validation(self, sheet: str, cells: CellRange, validation: Validation) -> None:
        """A drop-down from a literal list or from a range of the book (xlwings' cross-platform
        ``set_list``, both flavours), then the error and input texts through the object model
        (Windows) or the AppleScript dictionary (Mac).  A prompt without a list (the template's
        headers) needs Windows' input-only validation type: the Mac dictionary's is a command
        beyond the properties this port sets, so a Mac book keeps the file template's prompts."""
        rng = self._range(sheet, cells.a1)
        if validation.source:
            source_sheet, _, address = validation.source.rpartition("!")
            rng.data_validation.set_list(self._range(source_sheet.strip("'"), address), in_cell_dropdown=True)
        elif validation.choices:
            self.add_list_validation(sheet, cells, validation.choices)
        listed = bool(validation.source or validation.choices)
        if self.mac:
            if listed:
                self._mac_validation_texts(rng, validation)
            return
        target = rng.api.Validation
        if not listed:
            target.Delete()
            target.Add(Type=XL_VALIDATE_INPUT_ONLY)
        else:
            target.ShowError = validation.strict
        if validation.prompt:
            target.InputTitle = validation.prompt_title[:32]  # Excel's limits
            target.InputMessage = validation.prompt[:255]
            target.ShowInput = True

    @staticmethod
    def _mac_validation_texts(rng: Any, validation: Validation) -> None:
        """The texts of a list validation a Mac book already has: the dictionary's validation
        properties (one Apple event each)."""
        target = rng.api.validation
        target.show_error.set(validation.strict)
        if validation.prompt:
            target.input_title.set(validation.prompt_title[:32])
            target.input_message.set(validation.prompt[:255])
            target.show_input.set(True)

    # notes, fills, links ---------------------------------------------------------------
    def read_notes(self, sheet: str) -> dict[tuple[int, int], str]:
        notes: dict[tuple[int, int], str] = {}
        for note in self._sheet(sheet).notes:
            cell = note.location
            notes[(cell.row, cell.column)] = note.text
        return dict(sorted(notes.items()))

    def note_author(self, sheet: str, row: int, col: int) -> str | None:
        note = self._range(sheet, a1(row, col)).note
        author = note.author if note is not None else None
        return author if isinstance(author, str) else None

    def set_note(self, sheet: str, row: int, col: int, text: str, author: str | None = None) -> None:
        # Excel sets a new note's author itself (read-only in both object models); an existing
        # note keeps its author because only its text is replaced.
        if not text:
            self.delete_note(sheet, row, col)
            return
        cell = self._range(sheet, a1(row, col))
        existing = cell.note
        if existing is not None:
            existing.text = text  # replaces the text, keeps the note's size and place
            return
        note = cell.add_note(text)
        if not self.mac:  # the size of a note's box is the Windows object model's Shape
            shape = note.api.Shape
            shape.Width, shape.Height = NOTE_SIZE

    def delete_note(self, sheet: str, row: int, col: int) -> None:
        note = self._range(sheet, a1(row, col)).note
        if note is not None:
            note.delete()

    def read_fill(self, sheet: str, row: int, col: int) -> str | None:
        color = self._range(sheet, a1(row, col)).color
        return None if color is None else "".join(f"{int(c):02X}" for c in color)

    def set_fill(self, sheet: str, row: int, col: int, rgb: str | None) -> None:
        cell = self._range(sheet, a1(row, col))
        if not rgb:
            cell.color = None
        elif rgb.startswith(("theme:", "indexed:")):
            if self.mac:  # theme and palette colours are not reachable through the Mac dictionary
                cell.color = None
                self._warn(MAC_NO_THEME_FILL.format(where=f"{sheet}!{a1(row, col)}"))
                return
            interior = cell.api.Interior
            if rgb.startswith("theme:"):
                _, theme, tint = rgb.split(":")
                interior.ThemeColor = int(theme) + 1  # openpyxl counts themes from 0, Excel from 1
                interior.TintAndShade = float(tint)
            else:
                index = int(rgb.split(":")[1])
                # openpyxl's indexed 0–7 and 8–63 are both Excel's ColorIndex 1–56
                interior.ColorIndex = index + 1 if index < 8 else index - 7 if index < 64 else XL_NONE
        else:
            cell.color = "#" + rgb

    def read_fill_state(self, sheet: str, row: int, col: int) -> str | None:
        """'' for no fill, 'solid:RRGGBB' for a solid colour; None (left alone, never
        overwritten) for patterns and gradients, which this port cannot put back exactly."""
        cell = self._range(sheet, a1(row, col))
        color = cell.color
        if color is None:
            return ""
        if self.mac:
            solid = cell.api.interior_object.pattern.get() == _mac_keyword("pattern_solid")
        else:
            solid = cell.api.Interior.Pattern == XL_SOLID
        if not solid:
            return None
        return "solid:" + "".join(f"{int(c):02X}" for c in color)

    def set_fill_state(self, sheet: str, row: int, col: int, state: str) -> None:
        self.set_fill(sheet, row, col, state.partition(":")[2] if state.startswith("solid:") else None)

    def set_hyperlink(self, sheet: str, row: int, col: int, target_sheet: str, target_cell: str) -> None:
        cell = self._range(sheet, a1(row, col))
        shown = cell.value
        text = str(from_excel(shown)) if shown is not None else target_cell
        where = f"'{target_sheet}'!{target_cell}"
        if self.mac:  # xlwings' cross-platform link; '#' makes it a place in this book
            cell.add_hyperlink(f"#{where}", text_to_display=text)
            return
        api = self._sheet(sheet).api
        api.Hyperlinks.Add(Anchor=cell.api, Address="", SubAddress=where, TextToDisplay=text)

    # charts ----------------------------------------------------------------------------
    def add_chart(self, sheet: str, kind: str, title: str, data: CellRange, categories: CellRange, anchor: str,
                  size: tuple[float, float] | None = None) -> None:
        if kind not in ("pie", "bar"):
            raise ValueError(f"unknown chart kind {kind!r}")
        target = self._sheet(sheet)
        at = target.range(anchor)
        width, height = size or (15, 7.5)
        chart = target.charts.add(at.left, at.top, width * POINTS_PER_CM, height * POINTS_PER_CM,
                                  chart_type="pie" if kind == "pie" else "bar_clustered",
                                  source=target.range(data.a1))
        chart.set_x_axis_values(target.range(categories.a1))
        chart.title = title
        chart.series[0].name = title
        if kind == "bar":
            chart.legend.visible = False  # one series, named by the title
            chart.category_axis.reverse_order = True  # first category on top, as in the data block
            chart.category_axis.crosses = "maximum"  # keeps the value axis at the bottom
            chart.value_axis.number_format = "#,##0"
        if self.mac:
            self._warn(MAC_NO_CHART_LABELS)
            return
        self._windows_labels(chart, kind)

    @staticmethod
    def _windows_labels(chart: Any, kind: str) -> None:
        """Data labels (#,##0.00; pie: value and share), gridlines and gap: Windows object model."""
        _chart_object, com = chart.api
        series = com.SeriesCollection(1)
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
        com.Axes(XL_VALUE).HasMajorGridlines = False
        com.ChartGroups(1).GapWidth = 60

    def save(self, path: str | Path) -> None:
        """Save to ``path``: the book itself when it is its own file, else a copy (the live
        book keeps its name; the copy has the book's file format; Windows only)."""
        target = os.path.abspath(str(path))
        own = self.path is not None and os.path.normcase(target) == os.path.normcase(str(self.path))
        if not own and self.mac:
            raise UserError(MAC_NO_COPY)
        try:
            if own:
                self.book.save()
            else:  # the copy is written beside the target and renamed: never a half file
                write_atomically(Path(target), lambda temp: self.book.api.SaveCopyAs(str(temp)))
        except UserError:
            raise
        except Exception:
            raise UserError(f"无法写入 {target}：文件可能正在 Excel 中打开，或文件夹不可写。") from None
