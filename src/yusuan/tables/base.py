"""The in-memory form of a disclosure table, independent of any workbook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from yusuan.amounts import FEN_PER_WAN, FEN_PER_YUAN
from yusuan.profiles import HeaderNode, Profile, TableSpec

# A body cell: int = amount in 分 (already rounded to 0.01 万元), str = text, None = blank.
Cell = int | str | None


class Given(int):
    """An amount in 分 typed by the officer (the 整体绩效 task amounts), printed as given: it is
    no sum of budget-line atoms, so the pipeline's controlled rounding leaves it out."""

    __slots__ = ()


@dataclass(frozen=True)
class BodyMerge:
    """A merged block inside the body, 0-based body coordinates, inclusive."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass(frozen=True)
class Row:
    """A body row.  ``kind`` drives styling and checks: total / group / detail / header / text."""

    values: tuple[Cell, ...]
    kind: str = "detail"
    level: int = 0


@dataclass(frozen=True)
class Table:
    """One disclosure table as printed: title lines, header tree, body rows, note."""

    spec: TableSpec
    title: str
    department: str
    columns: tuple[HeaderNode, ...]
    rows: tuple[Row, ...]
    merges: tuple[BodyMerge, ...] = ()
    note: str = ""  # empty-table note (本表无数据)
    department_line: str | None = ""  # printed line, e.g. '部门名称：洛龙区政务服务中心'; None: none printed
    unit_line: str = "单位：万元"
    subtitle: str = ""
    amount_keys: frozenset[str] = frozenset()
    print_unit: int = FEN_PER_WAN  # 分 per printed unit: 万元 (default) or 元 (layout option amount_unit)

    @property
    def keys(self) -> list[str]:
        return [leaf.column_key for node in self.columns for leaf in node.leaves]

    @property
    def is_empty(self) -> bool:
        return not any(isinstance(v, int) and v != 0 for row in self.rows for v in row.values)

    def column(self, key: str) -> list[Cell]:
        index = self.keys.index(key)
        return [row.values[index] for row in self.rows]


def make_rows(keys: Sequence[str], records: Sequence[tuple[Mapping[str, Any], str]]) -> tuple[Row, ...]:
    """Turn builder records ``(values_by_key, kind)`` into rows in column order.

    Amounts of 0 print as blank cells (docs/design.md).
    """
    rows = []
    for values, kind in records:
        cells = []
        for key in keys:
            value = values.get(key)
            if isinstance(value, bool):
                raise TypeError(f"boolean in table cell {key}")
            cells.append(None if value == 0 and isinstance(value, int) else value)
        rows.append(Row(tuple(cells), kind))
    return tuple(rows)


def amount_keys_of(spec_columns: Sequence[HeaderNode], text_keys: set[str]) -> frozenset[str]:
    return frozenset(leaf.column_key for node in spec_columns for leaf in node.leaves if leaf.key not in text_keys)


@dataclass(frozen=True)
class HeaderGrid:
    """Header rows as a grid of labels plus merges, computed from the header tree."""

    rows: tuple[tuple[str | None, ...], ...]
    merges: tuple[BodyMerge, ...] = field(default=())


def header_grid(columns: Sequence[HeaderNode]) -> HeaderGrid:
    """Lay a header tree out in rows: a node spans its leaves; a leaf above the deepest level
    spans down to the last header row (as the seeds print 类/款/项 or 合计)."""
    depth = max((n.depth for n in columns), default=0)
    width = sum(len(n.leaves) for n in columns)
    grid: list[list[str | None]] = [[None] * width for _ in range(depth)]
    merges: list[BodyMerge] = []

    def place(node: HeaderNode, row: int, col: int) -> int:
        span = len(node.leaves)
        grid[row][col] = node.label
        if node.children:
            bottom = row
            c = col
            for child in node.children:
                c += place(child, row + 1, c)
        else:
            bottom = depth - 1
        if span > 1 or bottom > row:
            merges.append(BodyMerge(row, col, bottom, col + span - 1))
        return span

    col = 0
    for node in columns:
        col += place(node, 0, col)
    return HeaderGrid(tuple(tuple(r) for r in grid), tuple(merges))


def new_table(ctx, spec: TableSpec, rows: Sequence[Row], *, text_keys: set[str], columns=None,
              merges: Sequence[BodyMerge] = (), note: str = "", subtitle: str = "") -> Table:
    """Assemble a Table with the profile's title, department and unit lines.

    ``options.print_zeros``: a blank amount cell prints 0.00 (the 2020 layout prints every
    amount cell, 0.0 included).  ``options.department_line: false``: no 部门名称 before the unit
    line (a form naming the department in its body, as the 2020 整体支出绩效目标表)."""
    department = ctx.model.department.name
    columns = tuple(columns or spec.columns)
    if spec.options.get("print_zeros"):
        rows = _zeros_printed(rows, [leaf.column_key for node in columns for leaf in node.leaves],
                              amount_keys_of(columns, text_keys))
    return Table(
        spec=spec,
        title=spec.title.format(year=ctx.year),
        department=department,
        columns=columns,
        rows=tuple(rows),
        merges=tuple(merges),
        note=note,
        subtitle=subtitle,
        amount_keys=amount_keys_of(columns, text_keys),
        department_line=(None if spec.options.get("department_line", True) is False
                         else ctx.profile.department_label.format(department=department)),
        unit_line=ctx.profile.unit_label.format(unit=ctx.profile.option("amount_unit")),
        print_unit=print_unit(ctx.profile),
    )


def _zeros_printed(rows: Sequence[Row], keys: list[str], amount_keys: frozenset[str]) -> list[Row]:
    amount_columns = [i for i, key in enumerate(keys) if key in amount_keys]
    out = []
    for row in rows:
        values = list(row.values)
        for i in amount_columns:
            if values[i] is None:
                values[i] = 0
        out.append(Row(tuple(values), row.kind, row.level))
    return out


def print_unit(profile: Profile) -> int:
    """分 per printed unit: the tables print 万元 or 元 (two decimals) as the layout says."""
    return FEN_PER_YUAN if profile.option("amount_unit") == "元" else FEN_PER_WAN


def empty_note(ctx, spec: TableSpec) -> str:
    """The profile's note for a table without data, naming the right fund (:meth:`Profile.empty_note_of`)."""
    return ctx.profile.empty_note_of(spec, ctx.year)
