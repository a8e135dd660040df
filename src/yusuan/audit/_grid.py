"""One sheet's values and merged ranges, read once, with the few lookups the recogniser needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yusuan.ports.base import CellRange


@dataclass
class Grid:
    name: str
    values: list[list[Any]]
    merges: list[CellRange]

    def __post_init__(self) -> None:
        self.height = len(self.values)
        self.width = max((len(r) for r in self.values), default=0)
        # each row's (column, value) of its non-blank cells, found once: the recogniser asks for
        # rows again and again (titles, headers, notes, body), a sheet's blanks are most of it
        self._filled = [[(c, v) for c, v in enumerate(row, start=1)  # is_blank, inline
                         if v is not None and (not isinstance(v, str) or v.strip())] for row in self.values]
        self._cells = [dict(filled) for filled in self._filled]
        # covered cell -> its merged range (the top-left cell too)
        self._merge_of: dict[tuple[int, int], CellRange] = {}
        for m in self.merges:
            for r in range(m.top, m.bottom + 1):
                for c in range(m.left, m.right + 1):
                    self._merge_of[(r, c)] = m

    def raw(self, row: int, col: int) -> Any:
        """The stored value (1-based); a cell covered by a merge but not its top-left is None."""
        return self._cells[row - 1].get(col) if 1 <= row <= self.height else None

    def stored(self, row: int) -> dict[int, Any]:
        """{column: value} of the non-blank stored cells of a row, as :meth:`raw` reads them (the
        caller does not change it)."""
        return self._cells[row - 1] if 1 <= row <= self.height else {}

    def merge_of(self, row: int, col: int) -> CellRange | None:
        return self._merge_of.get((row, col))

    def shown(self, row: int, col: int) -> Any:
        """What the cell shows: a merged range's value in every cell it covers."""
        m = self.merge_of(row, col)
        return self.raw(m.top, m.left) if m else self.raw(row, col)

    def origin(self, row: int, col: int) -> tuple[int, int]:
        """The cell that holds this cell's value (the merge's top-left, or the cell itself)."""
        m = self.merge_of(row, col)
        return (m.top, m.left) if m else (row, col)

    def filled(self, row: int) -> list[tuple[int, Any]]:
        """(column, value) of the non-blank stored cells of a row (the caller does not change it)."""
        return self._filled[row - 1] if 1 <= row <= self.height else []

    def is_blank_row(self, row: int) -> bool:
        return not self.filled(row)
