"""Workbook port held in memory: plain dicts, no file format behind it.

It keeps what the port protocol lets a caller write and read back (values, merges, notes and
their authors, fills, links, formats, layout, validations, charts) and nothing a file adds:
no formulas (the port writes text as text, so a memory book never holds one) and no
formatting of its own.  Tests run rules on it without loading and saving xlsx files;
:meth:`MemoryWorkbook.from_port` copies what a port reads of a real workbook, and
:meth:`MemoryWorkbook.to_openpyxl` writes the book through the openpyxl port (to save it).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from yusuan.ports.base import CellRange, PageSetup, Style, Validation, WorkbookPort
from yusuan.ports.openpyxl_port import OWN_AUTHOR, OpenpyxlWorkbook

Cell = tuple[int, int]


@dataclass
class Chart:
    """A chart as :meth:`WorkbookPort.add_chart` was asked for it."""

    kind: str
    title: str
    data: CellRange
    categories: CellRange
    anchor: str
    size: tuple[float, float] | None


@dataclass
class MemorySheet:
    """One worksheet: sparse cells and the layout written to it."""

    values: dict[Cell, Any] = field(default_factory=dict)
    merges: list[CellRange] = field(default_factory=list)
    styles: list[tuple[CellRange, Style]] = field(default_factory=list)  # in the order applied
    notes: dict[Cell, tuple[str, str | None]] = field(default_factory=dict)  # text, author (None: yusuan's)
    fills: dict[Cell, str] = field(default_factory=dict)  # the fill state; a solid fill is 'solid:<token>'
    links: dict[Cell, tuple[str, str]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    freeze: Cell | None = None
    page_setup: PageSetup | None = None
    validations: list[tuple[CellRange, Validation]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    hidden: bool = False

    def covered(self, row: int, col: int) -> bool:
        """A cell merged away (inside a merge, not its top-left): it holds no value."""
        return any(m.top <= row <= m.bottom and m.left <= col <= m.right and (row, col) != (m.top, m.left)
                   for m in self.merges)

    def style_at(self, row: int, col: int) -> Style:
        """The cell's formatting: each style applied over it, later attributes over earlier."""
        out = Style()
        for rng, style in self.styles:
            if rng.top <= row <= rng.bottom and rng.left <= col <= rng.right:
                out = replace(out, **{k: v for k, v in vars(style).items() if v is not None})
        return out


_SOLID = "solid:"


class MemoryWorkbook:
    """A :class:`~yusuan.ports.WorkbookPort` over dicts."""

    path: Path | None = None  # not a file: commands that write back to the source have none

    def __init__(self) -> None:
        self.sheets: dict[str, MemorySheet] = {}

    @classmethod
    def from_port(cls, port: WorkbookPort) -> MemoryWorkbook:
        """What ``port`` reads back: sheets in order, values, merges, notes and their authors,
        fills (of the cells within the values' range and of noted cells).  Formats, layout,
        visibility and charts are not readable through the port."""
        book = cls()
        for name in port.sheet_names():
            book.add_sheet(name)
            sheet = book.sheets[name]
            sheet.merges = list(port.merged_ranges(name))
            sheet.values = {(r, c): v for r, row in enumerate(port.read_values(name), start=1)
                            for c, v in enumerate(row, start=1) if v is not None}
            for (r, c), text in port.read_notes(name).items():
                sheet.notes[(r, c)] = (text, port.note_author(name, r, c))
            bottom = max((r for r, _ in sheet.values), default=0)
            right = max((c for _, c in sheet.values), default=0)
            grid = {(r, c) for r in range(1, bottom + 1) for c in range(1, right + 1)}
            for r, c in sorted(grid | set(sheet.notes)):  # a mark may sit on a blank cell of the table
                token = port.read_fill(name, r, c)
                state = _SOLID + token if token else port.read_fill_state(name, r, c)
                if state:
                    sheet.fills[(r, c)] = state
        return book

    def copy(self) -> MemoryWorkbook:
        """A book of one's own, free to change."""
        other = MemoryWorkbook()
        other.sheets = copy.deepcopy(self.sheets)
        return other

    def cell_style(self, sheet: str, row: int, col: int) -> Style:
        return self.sheets[sheet].style_at(row, col)

    # sheets ----------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def add_sheet(self, name: str, index: int | None = None) -> None:
        if name in self.sheets:
            raise ValueError(f"sheet {name!r} exists")
        items = list(self.sheets.items())
        items.insert(len(items) if index is None else index, (name, MemorySheet()))
        self.sheets = dict(items)

    def remove_sheet(self, name: str) -> None:
        del self.sheets[name]

    def set_sheet_hidden(self, name: str, hidden: bool) -> None:
        self.sheets[name].hidden = hidden

    # values ----------------------------------------------------------------------------
    def read_values(self, sheet: str) -> list[list[Any]]:
        cells = self.sheets[sheet].values
        if not cells:
            return []
        bottom = max(r for r, _ in cells)
        right = max(c for _, c in cells)
        rows: list[list[Any]] = [[None] * right for _ in range(bottom)]
        for (r, c), value in cells.items():
            rows[r - 1][c - 1] = value
        return rows

    def uncomputed_cells(self, sheet: str) -> list[tuple[int, int]]:
        return []  # no formulas: text is written as text

    def write_values(self, sheet: str, top: int, left: int, rows: Sequence[Sequence[Any]]) -> None:
        target = self.sheets[sheet]
        merged = bool(target.merges)
        for r, row in enumerate(rows, start=top):
            for c, value in enumerate(row, start=left):
                if merged and target.covered(r, c):
                    continue
                if value is None:
                    target.values.pop((r, c), None)
                else:
                    target.values[(r, c)] = value

    # layout and formats ----------------------------------------------------------------
    def merge(self, sheet: str, ranges: Sequence[CellRange]) -> None:
        target = self.sheets[sheet]
        for rng in ranges:
            if rng.is_cell:
                continue
            target.merges.append(rng)
            for r in range(rng.top, rng.bottom + 1):  # the covered cells lose their values
                for c in range(rng.left, rng.right + 1):
                    if (r, c) != (rng.top, rng.left):
                        target.values.pop((r, c), None)

    def merged_ranges(self, sheet: str) -> list[CellRange]:
        return list(self.sheets[sheet].merges)

    def apply_style(self, sheet: str, cells: CellRange, style: Style) -> None:
        self.sheets[sheet].styles.append((cells, style))

    def set_column_widths(self, sheet: str, widths: dict[int, float]) -> None:
        self.sheets[sheet].widths.update(widths)

    def set_row_heights(self, sheet: str, heights: dict[int, float]) -> None:
        self.sheets[sheet].heights.update(heights)

    def freeze_panes(self, sheet: str, row: int, col: int) -> None:
        self.sheets[sheet].freeze = (row, col)

    def set_page_setup(self, sheet: str, setup: PageSetup) -> None:
        self.sheets[sheet].page_setup = setup

    def add_list_validation(self, sheet: str, cells: CellRange, choices: Sequence[str]) -> None:
        self.add_validation(sheet, cells, Validation(tuple(choices)))

    def add_validation(self, sheet: str, cells: CellRange, validation: Validation) -> None:
        self.sheets[sheet].validations.append((cells, validation))

    # notes, fills, links ---------------------------------------------------------------
    def read_notes(self, sheet: str) -> dict[tuple[int, int], str]:
        return {cell: text for cell, (text, _) in sorted(self.sheets[sheet].notes.items())}

    def note_author(self, sheet: str, row: int, col: int) -> str | None:
        note = self.sheets[sheet].notes.get((row, col))
        if note is None:
            return None
        return OWN_AUTHOR if note[1] is None else note[1]

    def set_note(self, sheet: str, row: int, col: int, text: str, author: str | None = None) -> None:
        self.sheets[sheet].notes[(row, col)] = (text, author)

    def delete_note(self, sheet: str, row: int, col: int) -> None:
        self.sheets[sheet].notes.pop((row, col), None)

    def read_fill(self, sheet: str, row: int, col: int) -> str | None:
        state = self.read_fill_state(sheet, row, col)
        return state[len(_SOLID):] if state and state.startswith(_SOLID) else None

    def set_fill(self, sheet: str, row: int, col: int, rgb: str | None) -> None:
        self.set_fill_state(sheet, row, col, _SOLID + rgb if rgb else "")

    def read_fill_state(self, sheet: str, row: int, col: int) -> str | None:
        state = self.sheets[sheet].fills.get((row, col))
        if state is None:  # never set: the fill its formatting gives
            fill = self.sheets[sheet].style_at(row, col).fill
            return _SOLID + fill if fill else ""
        return state

    def set_fill_state(self, sheet: str, row: int, col: int, state: str) -> None:
        self.sheets[sheet].fills[(row, col)] = state

    def set_hyperlink(self, sheet: str, row: int, col: int, target_sheet: str, target_cell: str) -> None:
        self.sheets[sheet].links[(row, col)] = (target_sheet, target_cell)

    # charts ----------------------------------------------------------------------------
    def add_chart(self, sheet: str, kind: str, title: str, data: CellRange, categories: CellRange, anchor: str,
                  size: tuple[float, float] | None = None) -> None:
        if kind not in ("pie", "bar"):
            raise ValueError(f"unknown chart kind {kind!r}")
        self.sheets[sheet].charts.append(Chart(kind, title, data, categories, anchor, size))

    def save(self, path: str | Path) -> None:
        """Write the book as an xlsx file, through the openpyxl port."""
        self.to_openpyxl().save(path)

    def to_openpyxl(self) -> OpenpyxlWorkbook:
        """The book replayed onto a new openpyxl workbook."""
        out = OpenpyxlWorkbook.new()
        for name, sheet in self.sheets.items():
            out.add_sheet(name)
            out.merge(name, sheet.merges)
            for (r, c), value in sorted(sheet.values.items()):
                out.write_values(name, r, c, [[value]])
            for rng, style in sheet.styles:
                out.apply_style(name, rng, style)
            out.set_column_widths(name, sheet.widths)
            out.set_row_heights(name, sheet.heights)
            if sheet.freeze:
                out.freeze_panes(name, *sheet.freeze)
            if sheet.page_setup:
                out.set_page_setup(name, sheet.page_setup)
            for rng, validation in sheet.validations:
                out.add_validation(name, rng, validation)
            for (r, c), (text, author) in sheet.notes.items():
                out.set_note(name, r, c, text, author)
            for (r, c), state in sheet.fills.items():
                if state.startswith(_SOLID) or not state:
                    out.set_fill(name, r, c, state[len(_SOLID):] or None)
                else:
                    out.set_fill_state(name, r, c, state)
            for (r, c), (target_sheet, target_cell) in sheet.links.items():
                out.set_hyperlink(name, r, c, target_sheet, target_cell)
            for chart in sheet.charts:
                out.add_chart(name, chart.kind, chart.title, chart.data, chart.categories, chart.anchor, chart.size)
            out.set_sheet_hidden(name, sheet.hidden)
        return out

