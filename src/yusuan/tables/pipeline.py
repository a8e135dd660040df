"""Model → all tables of a profile, with controlled rounding shared by every table.

1. Group budget lines into atoms (exact 分).
2. Run every builder once, on atom *bitmasks*: each printed amount comes out as the set of
   atoms it adds up, i.e. the list of aggregates that will be printed.
3. Round the atoms once so that every one of those aggregates stays within 0.01 万元 of its
   exact value (controlled rounding, :mod:`yusuan.rounding`).
4. Put in each printed amount the sum of its rounded atoms.  Tables then add up exactly across
   rows and down columns, and a figure printed in two tables is the same sum, hence identical.

Builders only ever add atom amounts and decide rows by the atoms present, never by an amount's
value, so the tables of step 2 have the rows and cells the tables of amounts would have (a
builder run twice, on masks and then on amounts, was a sixth of a build's CPU; issue 13).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from yusuan.catalogs import Catalog
from yusuan.model import BudgetModel
from yusuan.profiles import Profile
from yusuan.rounding import RoundingResult, controlled_round
from yusuan.tables import builder_for, check_profile
from yusuan.tables.base import Cell, Given, Row, Table, print_unit
from yusuan.tables.context import TableContext, make_atoms


@dataclass(frozen=True)
class BuiltTables:
    tables: tuple[Table, ...]
    rounding: RoundingResult
    context: TableContext  # with rounded amounts


def _indices(mask: int, size: int) -> np.ndarray:
    raw = np.frombuffer(mask.to_bytes((size + 7) // 8 or 1, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(raw, bitorder="little"))


def _mask_of(value: Cell) -> int:
    """The atom bitmask a cell of a masked table holds; 0 for text, a blank, an amount of 0 and
    a :class:`Given` amount (typed by the officer, printed as given)."""
    return value if isinstance(value, int) and not isinstance(value, (bool, Given)) and value > 0 else 0


def _masked_tables(ctx: TableContext) -> tuple[list[Table], dict[int, np.ndarray]]:
    """Every table of the profile with each amount as the bitmask of the atoms it adds up, and
    the atom positions of each mask a builder summed (a mask two sums added is not among them)."""
    masks_ctx = ctx.with_masks()
    tables = [builder_for(spec.id)(masks_ctx, spec) for spec in ctx.profile.tables]
    return tables, masks_ctx.atoms.table.groups


def _printed_masks(tables: list[Table]) -> list[int]:
    return sorted({m for table in tables for row in table.rows for v in row.values if (m := _mask_of(v))})


def _summed(table: Table, sums: dict[int, int]) -> Table:
    """``table`` with each mask replaced by its atoms' sum; a sum of 0 prints as the builder
    prints an amount of 0 (blank, or 0.00 in an amount column with ``print_zeros``)."""
    zeros = bool(table.spec.options.get("print_zeros"))
    keys = table.keys
    zero_cells = [0 if zeros and key in table.amount_keys else None for key in keys]
    rows = []
    for row in table.rows:
        values = tuple(
            (sums[m] or zero_cells[i]) if (m := _mask_of(v)) else v for i, v in enumerate(row.values)
        )
        rows.append(Row(values, row.kind, row.level))
    return replace(table, rows=tuple(rows))


def build_tables(model: BudgetModel, catalog: Catalog, profile: Profile) -> BuiltTables:
    check_profile(profile)  # a wrong profile file is a clear message, not a failing builder
    exact_ctx = TableContext(model, catalog, profile, make_atoms(model))
    exact = [int(v) for v in exact_ctx.atoms["amount"].tolist()]
    size = len(exact)
    masked, known = _masked_tables(exact_ctx)
    masks = _printed_masks(masked)
    groups = [g if (g := known.get(m)) is not None else _indices(m, size) for m in masks]
    unit = print_unit(profile) // 100  # two decimals: 0.01 万元, or 1 分 for 元 (nothing to round)
    rounding = controlled_round(exact, groups if unit > 1 else [], unit=unit)
    rounded = np.array(list(rounding.rounded), dtype=object)  # exact Python ints
    sums = {m: sum(rounded[g].tolist()) for m, g in zip(masks, groups)}
    ctx = exact_ctx.with_amounts(list(rounding.rounded))
    built = (_summed(t, sums) for t in masked)
    # a table without data (its note says so) is left out when the layout does not print it
    tables = tuple(t for t in built if not t.note or profile.prints_empty(t.spec))
    return BuiltTables(tables, rounding, ctx)
