"""A table sheet read back as printed: title, 部门名称/单位 line, grid with merges, notes.

The sheet is the source, not the budget model, so a figure the user corrected by hand is
the figure in the document.  Layout is read from the sheet itself (title on top, the line
naming 部门名称 and 单位, notes as full-width single cells at the bottom); only the number
of header rows and the column widths come from the profile's table spec.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from yusuan.ports import CellRange, WorkbookPort
from yusuan.profiles import TableSpec

CENT = Decimal("0.01")
DEFAULT_WIDTH = 12.0
_INFO = re.compile(r"^\s*(部门名称|单位名称|编制单位)\s*[:：]|单位\s*[:：]\s*万?元")
_TOTAL = re.compile(r"^(.{0,6}合计|.{0,4}总计)$")
INFO_SCAN_ROWS = 3  # the info line is at most this many rows below the title


@dataclass(frozen=True)
class PrintedTable:
    """The part of a sheet that becomes one Word table, 0-based within ``cells``."""

    sheet: str
    title: str
    subtitles: tuple[str, ...]
    info: tuple[str, ...]  # texts of the 部门名称/单位 line, left to right
    cells: list[list[str]]  # display text, '' for blank
    numeric: set[tuple[int, int]]  # cells holding a number (right-aligned)
    merges: list[CellRange]  # 0-based, inclusive
    header_rows: int
    widths: list[float]  # relative column widths
    bold_rows: set[int] = field(default_factory=set)
    label_rows: set[int] = field(default_factory=set)  # header lines inside the body (forms)
    notes: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return len(self.widths)


def amount_text(value: Any) -> str:
    """A number as the sheet prints it with '#,##0.00'.  A float is taken through its repr, so
    904.48 stays 904.48 and never becomes 904.4799999."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    try:
        amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    if amount == 0:
        amount = abs(amount)  # no '-0.00'
    return f"{amount:,.2f}"


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def display(value: Any) -> str:
    if value is None:
        return ""
    if is_number(value):
        return amount_text(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


def read_printed(port: WorkbookPort, spec: TableSpec) -> PrintedTable:
    sheet = spec.sheet_name()
    values = port.read_values(sheet)
    return layout(sheet, values, port.merged_ranges(sheet), spec)


def layout(sheet: str, values: list[list[Any]], merges: list[CellRange], spec: TableSpec) -> PrintedTable:
    """Split a sheet's grid (1-based merges, as the port gives them) into its printed parts."""
    height = len(values)
    width = max((len(r) for r in values), default=0)
    grid = [list(r) + [None] * (width - len(r)) for r in values]
    filled = [[(c, v) for c, v in enumerate(row) if not _blank(v)] for row in grid]

    title_at = next((r for r in range(height) if filled[r]), None)
    if title_at is None:
        return PrintedTable(sheet, spec.name, (), (), [], set(), [], 0, [])
    title = display(filled[title_at][0][1])
    info_at = next((r for r in range(title_at + 1, min(height, title_at + 1 + INFO_SCAN_ROWS))
                    if any(isinstance(v, str) and _INFO.search(v) for _, v in filled[r])), None)
    subtitles = tuple(display(filled[r][0][1]) for r in range(title_at + 1, info_at or title_at + 1) if filled[r])
    info = tuple(display(v) for _, v in filled[info_at]) if info_at is not None else ()
    if info_at is not None and filled[info_at][0][0] > 0:
        info = ("", *info)  # the unit line alone, in the last column (no 部门名称): printed flush right
    top = (info_at if info_at is not None else title_at) + 1

    bottom = height
    notes: list[str] = []
    while bottom > top and _is_note(filled[bottom - 1], bottom - 1, merges, width):
        notes.insert(0, display(filled[bottom - 1][0][1]))
        bottom -= 1
    while bottom > top and not filled[bottom - 1]:
        bottom -= 1

    region = grid[top:bottom]
    cols = _used_columns(region, merges, top, bottom, width)
    cells = [[display(v) for v in row[:cols]] for row in region]
    numeric = {(r, c) for r, row in enumerate(region) for c, v in enumerate(row[:cols]) if is_number(v)}
    header_rows = _header_rows(spec, region, cols)
    bold = {r for r in range(header_rows, len(cells)) if any(_TOTAL.match(t.replace(" ", "")) for t in cells[r] if t)}
    # a form (整体绩效目标表) prints its column labels inside the body, where the profile has them
    leaf_labels = [leaf.label for leaf in spec.leaves]
    labels = {r for r in range(header_rows, len(cells)) if cells[r] == leaf_labels}
    return PrintedTable(
        sheet=sheet,
        title=title,
        subtitles=subtitles,
        info=info,
        cells=cells,
        numeric=numeric,
        merges=_region_merges(merges, top, bottom, cols),
        header_rows=header_rows,
        widths=_widths(spec, cols, cells),
        bold_rows=bold,
        label_rows=labels,
        notes=tuple(notes),
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_note(row_filled: list[tuple[int, Any]], r: int, merges: list[CellRange], width: int) -> bool:
    """A note row: one text in column A, spread over the table's width by a merge."""
    if len(row_filled) != 1 or row_filled[0][0] != 0 or not isinstance(row_filled[0][1], str):
        return False
    if width <= 2:
        return True
    return any(m.top == r + 1 and m.left == 1 and m.right >= width - 1 for m in merges)


def _used_columns(region, merges, top: int, bottom: int, width: int) -> int:
    last = max((c + 1 for row in region for c, v in enumerate(row) if not _blank(v)), default=0)
    for m in merges:
        if m.top - 1 < bottom and m.bottom - 1 >= top:
            last = max(last, min(m.right, width))
    return last


def _region_merges(merges: list[CellRange], top: int, bottom: int, cols: int) -> list[CellRange]:
    """Merges inside the region, clipped to it, 0-based."""
    out = []
    for m in merges:
        t, b = max(m.top - 1, top), min(m.bottom - 1, bottom - 1)
        left, right = m.left - 1, min(m.right - 1, cols - 1)
        if t <= b and left <= right and (t, left) != (b, right) and m.top - 1 >= top:
            out.append(CellRange(t - top, left, b - top, right))
    return out


def _header_rows(spec: TableSpec, region: list[list[Any]], cols: int) -> int:
    """The profile's header depth, cut at the first row holding a number (a user who deleted a
    header row must not see body rows repeated as headers)."""
    depth = spec.header_depth if spec.options.get("header", True) else 0
    depth = min(depth, len(region))
    for r in range(depth):
        if any(is_number(v) for v in region[r][:cols]):
            return r
    return depth


def _widths(spec: TableSpec, cols: int, cells: list[list[str]]) -> list[float]:
    """The profile's widths (Excel character units), widened where a code or amount would not
    fit: '888001' or '1,231.48' cannot wrap, Chinese text can."""
    keys = spec.keys
    widths = [spec.widths.get(k, DEFAULT_WIDTH) for k in keys] if len(keys) == cols else [DEFAULT_WIDTH] * cols
    for c in range(cols):
        unbreakable = [len(row[c]) for row in cells if row[c] and row[c].isascii()]
        if unbreakable:
            widths[c] = max(widths[c], max(unbreakable) + 1.5)
    return widths
