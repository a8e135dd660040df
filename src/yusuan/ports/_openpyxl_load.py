"""openpyxl's ``load_workbook``, with its merged-cell step made cheap (issue 13).

Loading a disclosure workbook, openpyxl spends three quarters of its time on merged ranges:
for each cell on a range's edge it builds a new Border, and finding that Border in the
workbook's list hashes and compares it field by field (Side, Color …).  A disclosure's merged
headers repeat a handful of borders hundreds of times, so each step here is done once per
distinct (cell border, start cell border, edge) and its resulting style index reused: the same
borders and protections are added to the workbook in the same order, every cell gets the same
style indices, and the saved file is the same (compared part by part in the tests).
"""

from __future__ import annotations

import copy
from contextvars import ContextVar
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.reader import excel
from openpyxl.styles.borders import Border
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._reader import WorksheetReader
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange

_EDGES = ("top", "left", "right", "bottom")  # openpyxl's order: a corner takes two, in this order


def load_workbook(path: Any, keep_vba: bool = False) -> Any:
    """``openpyxl.load_workbook(path, keep_vba=keep_vba)``, the same workbook, faster."""
    reader = _ExcelReader(path, keep_vba=keep_vba)
    reader.read()
    return reader.wb


class _ExcelReader(excel.ExcelReader):
    def read_worksheets(self) -> None:
        memo: dict[tuple, Any] = {}  # style indices are the workbook's: one memo per load
        token = _MEMO.set(memo)
        try:
            super().read_worksheets()
        finally:
            _MEMO.reset(token)


# openpyxl names its worksheet reader as a module global.  It is replaced, once, by a dispatcher
# that gives this module's reader only to a load made here, in this thread (context), and
# openpyxl's own to every other load: a plain openpyxl load, or one in another thread, is untouched
_MEMO: ContextVar[dict[tuple, Any] | None] = ContextVar("yusuan_openpyxl_load_memo", default=None)


def _reader(*args: Any) -> Any:
    memo = _MEMO.get()
    return WorksheetReader(*args) if memo is None else _WorksheetReader(memo, *args)


excel.WorksheetReader = _reader


class _WorksheetReader(WorksheetReader):
    def __init__(self, memo: dict[tuple, Any], *args: Any) -> None:
        super().__init__(*args)
        self.memo = memo

    def bind_merged_cells(self) -> None:
        """What openpyxl's does (MergedCellRange, Worksheet._clean_merge_range, format), each
        border and protection step memoised on the style indices it starts from."""
        if not self.parser.merged_cells:
            return
        ws = self.ws
        ranges = []
        for cr in self.parser.merged_cells.mergeCell:
            mcr = MergedCellRange.__new__(MergedCellRange)  # its __init__ would set borders unmemoised
            mcr.ws = ws
            super(MergedCellRange, mcr).__init__(range_string=cr.ref)
            mcr.start_cell = self._corner_borders(mcr)
            cells = mcr.cells
            next(cells)
            for row, col in cells:
                ws._cells[row, col] = MergedCell(ws, row, col)
            self._format(mcr)
            ranges.append(mcr)
        ws.merged_cells = MultiCellRange(ranges)

    def _add_border(self, cell: Any, key: tuple, border: Border) -> None:
        """``cell.border += border``, where ``key`` is what ``border`` was made from: the index
        it reaches from the cell's present border and ``key`` is remembered and set directly
        the next time."""
        style = _style_of(cell)
        memo_key = ("border", style.borderId, *key)
        found = self.memo.get(memo_key)
        if found is None:
            cell.border += border
            self.memo[memo_key] = cell._style.borderId
        else:
            style.borderId = found

    def _corner_borders(self, mcr: MergedCellRange) -> Any:
        """MergedCellRange._get_borders: the top-left cell takes the bottom-right's right and
        bottom borders."""
        ws = self.ws
        start = ws._cells.get((mcr.min_row, mcr.min_col))
        if start is None:
            start = ws.cell(row=mcr.min_row, column=mcr.min_col)
        end = ws._cells.get((mcr.max_row, mcr.max_col))
        if end is not None:
            corner = Border(right=end.border.right, bottom=end.border.bottom)
            self._add_border(start, ("corner", _style_of(end).borderId), corner)
        return start

    def _merged_cell(self, coord: tuple[int, int]) -> Any:
        cell = self.ws._cells.get(coord)
        if cell is None:
            cell = MergedCell(self.ws, row=coord[0], column=coord[1])
            self.ws._cells[(cell.row, cell.column)] = cell
        return cell

    def _format(self, mcr: MergedCellRange) -> None:
        """MergedCellRange.format: the edge cells take the top-left cell's border on that edge,
        every cell its protection."""
        start = mcr.start_cell
        borders = self.ws.parent._borders
        for name in _EDGES:
            start_border = _style_of(start).borderId  # as openpyxl, the side is taken before the edge changes
            side = getattr(borders[start_border], name)
            if side and side.style is None:
                continue  # no border style on that side
            edge = Border(**{name: side})
            for coord in getattr(mcr, name):
                self._add_border(self._merged_cell(coord), (name, start_border), edge)
        # every cell takes a copy of the top-left cell's protection: one index for all of them,
        # found by adding the copy once (as openpyxl's first assignment does)
        key = ("protection", _style_of(start).protectionId)
        index = self.memo.get(key)
        if index is None:
            start.protection = copy.copy(start.protection)
            index = self.memo[key] = start._style.protectionId
        for coord in mcr.cells:
            _style_of(self._merged_cell(coord)).protectionId = index


def _style_of(cell: Any) -> StyleArray:
    """The cell's style indices, made as openpyxl's style descriptors make them (a new
    MergedCell has none)."""
    if not cell._style:
        cell._style = StyleArray()
    return cell._style
