"""Body rows of a form (整体绩效目标表): fixed-width rows of cells with merges, built top down."""

from __future__ import annotations

from collections.abc import Sequence

from yusuan.tables.base import BodyMerge


class FormGrid:
    """Body rows of a form as ``width``-cell lists, with merges in body coordinates."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.cells: list[list] = []
        self.kinds: list[str] = []
        self.merges: list[BodyMerge] = []

    def add(self, cells: Sequence, kind: str, spans: Sequence[tuple[int, int]] = ()) -> int:
        row = len(self.cells)
        # An empty input text prints as a blank cell, not as an empty string.
        self.cells.append([c if c != "" else None for c in cells] + [None] * (self.width - len(cells)))
        self.kinds.append(kind)
        self.merges += [BodyMerge(row, left, row, right) for left, right in spans]
        return row

    def merge_down(self, column: int, top: int, bottom: int) -> None:
        if bottom > top:
            self.merges.append(BodyMerge(top, column, bottom, column))

    def merge_runs(self, column: int, top: int, labels: list) -> None:
        """Merge each run of equal labels (rows ``top`` + i) in ``column``, printed once."""
        for first, last in runs(labels):
            self.merge_down(column, top + first, top + last)
            for row in range(top + first + 1, top + last + 1):
                self.cells[row][column] = None  # merged away: printed once, as in the seeds


def runs(labels: list) -> list[tuple[int, int]]:
    """Index ranges of consecutive equal, non-empty labels: ['a','a','b',''] → [(0,1),(2,2)]."""
    found: list[tuple[int, int]] = []
    for i, label in enumerate(labels):
        if label and found and labels[found[-1][0]] == label and found[-1][1] == i - 1:
            found[-1] = (found[-1][0], i)
        elif label:
            found.append((i, i))
    return found
