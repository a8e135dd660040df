"""Read what the 情况说明 checks need from a workbook: the paragraphs (上年数: :mod:`yusuan.inputs.lookup`).

Used by :mod:`yusuan.audit.runner` to fill :class:`~yusuan.checks.registry.CheckContext`
(``narrative``); each sheet is read once.
"""

from __future__ import annotations

from yusuan.checks.narrative_rules.patterns import patterns
from yusuan.ports.base import WorkbookReader, a1


def narrative_cells(port: WorkbookReader) -> tuple[tuple[str, str, str], ...]:
    """Every non-empty text cell of the 情况说明 sheet(s), row by row: (sheet, A1, text)."""
    wanted = set(patterns().sheets)
    cells: list[tuple[str, str, str]] = []
    for sheet in port.sheet_names():
        if sheet.strip() not in wanted:
            continue
        for r, row in enumerate(port.read_values(sheet), start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str) and value.strip():
                    cells.append((sheet, a1(r, c), value))
    return tuple(cells)
