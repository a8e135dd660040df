"""Forms, not grids: a label with its amount to its right.

十三 部门（单位）整体绩效目标表: only its 预算情况 block holds amounts (部门预算总额, 政府预算资金 …,
基本支出, 项目支出); the 2020 整体支出绩效目标表 has none, but prints each task's 总金额, 财政资金,
其他资金 (:func:`read_tasks`).  A 三公 table printed as a list (2020: 项目 | 预算数, one row per item) is read
the same way and becomes one total row with a cell per item."""

from __future__ import annotations

import re

from yusuan.audit._config import KindConfig
from yusuan.audit._grid import Grid
from yusuan.audit._numbers import amount_cell
from yusuan.model.parsed import ParsedRow
from yusuan.text import cell_text, normalise

# numbering and group words before a label: '1、资金来源：（1）政府预算资金' → '政府预算资金'
_PREFIX = re.compile(r"^(其中:)?(\d+[、.])?(资金来源|资金结构)?:?(\(\d+\)|\d+[、.])?")


def form_label(text: str) -> str:
    return _PREFIX.sub("", normalise(text), count=1)


def read_form(grid: Grid, kind: KindConfig, start: int, end: int, unit: str) -> tuple[dict[str, int], list[ParsedRow]]:
    """(key → amount column, one row per 预算情况 figure, in sheet order)."""
    wanted = {label: key for key, labels in kind.form_labels.items() for label in labels}
    columns: dict[str, int] = {}
    rows: list[ParsedRow] = []
    for r in range(start, end + 1):
        for c, value in grid.filled(r):
            key = wanted.get(form_label(value)) if isinstance(value, str) else None
            if key is None or key in columns:
                continue
            col = _amount_column(grid, r, c)
            cell = amount_cell(r, col, grid.raw(r, col), unit)
            columns[key] = col
            rows.append(ParsedRow(r, "detail", key, cell_text(value), {key: cell}))
    return columns, rows


def read_list(grid: Grid, kind: KindConfig, start: int, end: int, unit: str) -> tuple[dict[str, int], list[ParsedRow]]:
    """A list of labelled amounts as one total row (key → cell of its own row); no rows without
    a 合计 (``total``) label."""
    columns, rows = read_form(grid, kind, start, end, unit)
    if "total" not in columns:
        return {}, []
    first = next(r for r in rows if r.code == "total")
    cells = {key: cell for r in rows for key, cell in r.cells.items()}
    return columns, [ParsedRow(first.row, "total", "", first.label, cells)]


def read_tasks(grid: Grid, kind: KindConfig, start: int, end: int, unit: str) -> tuple[dict[str, int], list[ParsedRow]]:
    """(key → amount column, one row per task): the rows below the first row that prints every
    heading of ``kind.task_labels``, down to the first row without an amount in their columns
    or with a label of ``kind.form_markers`` (年度绩效目标).
    A row's label is its first text left of the amounts (the task's name)."""
    wanted = {label: key for key, labels in kind.task_labels.items() for label in labels}
    columns: dict[str, int] = {}
    for r in range(start, end + 1):
        columns = {wanted[form_label(v)]: c for c, v in grid.filled(r) if isinstance(v, str) and form_label(v) in wanted}
        if wanted and len(columns) == len(kind.task_labels):
            break
    else:
        return {}, []
    rows: list[ParsedRow] = []
    first = min(columns.values())
    for task in range(r + 1, end + 1):
        cells = {key: amount_cell(task, c, grid.raw(task, c), unit) for key, c in columns.items()}
        marker = any(isinstance(v, str) and form_label(v) in kind.form_markers for _, v in grid.filled(task))
        if marker or not any(cell.amount is not None or cell.problem for cell in cells.values()):
            break
        label = next((v for c, v in grid.filled(task) if c < first and isinstance(v, str)), "")
        rows.append(ParsedRow(task, "detail", "", cell_text(label), cells))
    return (columns, rows) if rows else ({}, [])


def has_marker(grid: Grid, kind: KindConfig, start: int, end: int) -> bool:
    """A label of ``kind.form_markers`` stands in the rows (a form that prints no amounts to check)."""
    return any(form_label(v) in kind.form_markers for r in range(start, end + 1) for _, v in grid.filled(r)
               if isinstance(v, str))


def _amount_column(grid: Grid, row: int, col: int) -> int:
    """The first filled cell right of the label (past its merge), else the cell just after it."""
    merge = grid.merge_of(row, col)
    first = (merge.right if merge else col) + 1
    return next((c for c, _ in grid.filled(row) if c >= first), first)
