"""Port protocol and the small value types it speaks in.  Rows and columns are 1-based."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class CellRange:
    """A rectangular range, inclusive, 1-based."""

    top: int
    left: int
    bottom: int
    right: int

    @classmethod
    def cell(cls, row: int, col: int) -> CellRange:
        return cls(row, col, row, col)

    @property
    def is_cell(self) -> bool:
        return self.top == self.bottom and self.left == self.right

    @property
    def a1(self) -> str:
        first = a1(self.top, self.left)
        return first if self.is_cell else f"{first}:{a1(self.bottom, self.right)}"


def column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """'B' → 2, 'AA' → 27 (upper-case letters; the inverse of :func:`column_letter`)."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


# the audit names the same few thousand cells over and over (sums, relations, findings); bounded:
# a build names every cell of a 50,000-line input sheet once (unbounded, 286,000 addresses kept 45 MB)
@lru_cache(maxsize=1 << 15)
def a1(row: int, col: int) -> str:
    """(3, 2) → 'B3'."""
    return f"{column_letter(col)}{row}"


LINE_HEIGHT = 15.0  # points per line of 11-12 pt text


CJK_WIDTH = 2.1  # column units of a CJK character at 11-12 pt (a column unit is one '0' of the default font)


def display_width(text: str) -> float:
    """Width of ``text`` in column units: a CJK character takes a little over two."""
    return sum(CJK_WIDTH if ord(ch) > 0x2E7F else 1.0 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` columns wide (openpyxl cannot autofit;
    a row too short cuts the text off on paper, one too tall wastes the page)."""
    usable = max(1.0, width - 0.8)  # the cell's inner margins
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in str(text).split("\n"))


def text_height(text: str, width: float, minimum: int = 1) -> float:
    """Row height that shows ``text`` in full in a wrapped cell ``width`` columns wide."""
    return max(minimum, wrapped_lines(text, width)) * LINE_HEIGHT + 3


@dataclass(frozen=True)
class Style:
    """Formatting applied to a whole range at once.  ``None`` leaves an attribute as it is."""

    bold: bool | None = None
    font_size: float | None = None
    font_name: str | None = None
    h_align: str | None = None  # left / center / right
    v_align: str | None = None  # top / center / bottom
    wrap: bool | None = None
    border: bool | None = None  # thin border on every cell
    number_format: str | None = None
    fill: str | None = None  # RGB hex 'FFC7CE'


PAGE_NUMBER_FOOTER = "第 &P 页 共 &N 页"


@dataclass(frozen=True)
class PageSetup:
    """Print setup: A4, fit to width, header rows repeated on every page, page numbers."""

    landscape: bool = False
    fit_to_width: bool = True
    pages_tall: int = 0  # with fit_to_width: 0 as many pages down as needed, 1 all on one page
    title_rows: tuple[int, int] | None = None  # first and last row repeated
    print_area: CellRange | None = None  # None: what the sheet holds
    footer: str = PAGE_NUMBER_FOOTER  # centre footer; Excel's codes &P (page) and &N (pages)


@dataclass(frozen=True)
class Validation:
    """A cell rule of the input template (Excel's data validation): a drop-down from ``choices``
    or from the cells of ``source`` (an absolute reference, "'单位信息'!$A$2:$A$2000"), and an
    input ``prompt`` shown when the cell is selected.  ``strict``: refuse other values."""

    choices: tuple[str, ...] = ()
    source: str | None = None
    prompt_title: str = ""
    prompt: str = ""
    strict: bool = True


@runtime_checkable
class WorkbookReader(Protocol):
    """What reading a workbook's tables needs (the audit's parse): its sheets, their values and
    merged ranges.  Every :class:`WorkbookPort` is one; the read-only calamine port is only this."""

    def sheet_names(self) -> list[str]: ...
    def read_values(self, sheet: str) -> list[list[Any]]: ...
    def merged_ranges(self, sheet: str) -> list[CellRange]: ...


@runtime_checkable
class WorkbookPort(Protocol):
    """What yusuan needs from a workbook."""

    # sheets
    def sheet_names(self) -> list[str]: ...
    def add_sheet(self, name: str, index: int | None = None) -> None: ...
    def remove_sheet(self, name: str) -> None: ...
    def set_sheet_hidden(self, name: str, hidden: bool) -> None:
        """A hidden sheet is not printed: Excel prints no hidden sheet; LibreOffice prints a
        hidden sheet's print area, so a file port drops it."""
        ...

    # values
    def read_values(self, sheet: str) -> list[list[Any]]:
        """The used range from A1 as rows of values (None for blank)."""
        ...

    def uncomputed_cells(self, sheet: str) -> list[tuple[int, int]]:
        """Cells that the last ``read_values`` of ``sheet`` gave as blank because they hold a
        formula whose result was never calculated and saved."""
        ...

    def write_values(self, sheet: str, top: int, left: int, rows: Sequence[Sequence[Any]]) -> None:
        """Write a block.  Text that starts with '=' is written as text, never as a formula."""
        ...

    # layout and formats
    def merge(self, sheet: str, ranges: Sequence[CellRange]) -> None: ...
    def merged_ranges(self, sheet: str) -> list[CellRange]: ...
    def apply_style(self, sheet: str, cells: CellRange, style: Style) -> None: ...
    def set_column_widths(self, sheet: str, widths: dict[int, float]) -> None: ...
    def set_row_heights(self, sheet: str, heights: dict[int, float]) -> None: ...
    def freeze_panes(self, sheet: str, row: int, col: int) -> None:
        """Freeze rows above ``row`` and columns left of ``col``."""
        ...

    def set_page_setup(self, sheet: str, setup: PageSetup) -> None: ...
    def add_list_validation(self, sheet: str, cells: CellRange, choices: Sequence[str]) -> None: ...
    def add_validation(self, sheet: str, cells: CellRange, validation: Validation) -> None: ...

    # notes, fills, links (flags in place)
    def read_notes(self, sheet: str) -> dict[tuple[int, int], str]: ...
    def note_author(self, sheet: str, row: int, col: int) -> str | None:
        """The author of the cell's note (None when unknown or no note)."""
        ...

    def set_note(self, sheet: str, row: int, col: int, text: str, author: str | None = None) -> None:
        """Write a note; ``author`` None means yusuan's own note, else the author to give back."""
        ...

    def delete_note(self, sheet: str, row: int, col: int) -> None: ...
    def read_fill(self, sheet: str, row: int, col: int) -> str | None: ...
    def set_fill(self, sheet: str, row: int, col: int, rgb: str | None) -> None: ...
    def read_fill_state(self, sheet: str, row: int, col: int) -> str | None:
        """The cell's fill exactly (pattern, colours with alpha, gradient) as an opaque text that
        ``set_fill_state`` puts back unchanged; '' for no fill; None when this port cannot put
        that fill back exactly (yusuan then leaves the fill alone)."""
        ...

    def set_fill_state(self, sheet: str, row: int, col: int, state: str) -> None: ...
    def set_hyperlink(self, sheet: str, row: int, col: int, target_sheet: str, target_cell: str) -> None: ...

    # charts
    def add_chart(self, sheet: str, kind: str, title: str, data: CellRange, categories: CellRange, anchor: str,
                  size: tuple[float, float] | None = None) -> None:
        """A native chart, ``kind`` 'pie' or 'bar', of one series: the values in ``data`` (one
        column, on ``sheet``) labelled by ``categories``, with data labels (#,##0.00); its
        top-left corner at cell ``anchor`` ('D4'); ``size`` = (width, height) in cm."""
        ...

    def save(self, path: str) -> None: ...
