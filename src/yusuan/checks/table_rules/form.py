"""Forms (整体绩效目标表): amount rows found by key or label text, not by column layout.

The recogniser parses each 预算情况 figure as a row whose one cell carries the figure's key
(``total``, ``government`` …); a table built otherwise may put every amount in one amount
column, so a row is also found by a fragment of its label.
"""

from __future__ import annotations

from yusuan.checks.table_rules.relations import Form, FormRow
from yusuan.model.parsed import ParsedCell, ParsedRow, SheetTable


def row_text(row: ParsedRow) -> str:
    """Every text shown on the row: its label, its text columns and text cells."""
    texts = [row.label, *row.labels.values()]
    texts += [c.raw for c in row.cells.values() if isinstance(c.raw, str)]
    return " ".join(t for t in texts if t)


def find(table: SheetTable, wanted: FormRow, after: int = 0) -> ParsedRow | None:
    rows = [r for r in table.rows if r.row > after]
    by_key = next((r for r in rows if wanted.key in r.cells), None)
    return by_key or next((r for r in rows if wanted.label in row_text(r)), None)


def amount_cell(row: ParsedRow, form: Form, wanted: FormRow | None = None) -> ParsedCell | None:
    """The row's amount: its key's cell, else the amount column, else the first number."""
    for key in (wanted.key if wanted else None, form.amount_key):
        if key in row.cells:
            return row.cells[key]
    return next((c for c in row.cells.values() if c.amount is not None or c.problem), None)


def budget_rows(table: SheetTable, form: Form) -> list[tuple[ParsedRow, FormRow]]:
    """The rows of the 预算情况 block that the form relations name (total first)."""
    total = find(table, form.total)
    if total is None:
        return []
    rows = [(total, form.total)]
    for split in form.splits:
        rows += [(r, part) for part in split.parts if (r := find(table, part, after=total.row - 1)) is not None]
    return rows
