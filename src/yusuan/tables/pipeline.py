"""Model → all tables of a profile, with controlled rounding shared by every table.

1. Group budget lines into atoms (exact 分).
2. Run every builder on atom *bitmasks*: each printed amount comes out as the set of atoms
   it adds up, i.e. the list of aggregates that will be printed.
3. Round the atoms once so that every one of those aggregates stays within 0.01 万元 of its
   exact value (controlled rounding, :mod:`yusuan.rounding`).
4. Run every builder on the rounded atoms.  Tables then add up exactly across rows and down
   columns, and a figure printed in two tables is the same sum, hence identical.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from yusuan.catalogs import Catalog
from yusuan.model import BudgetModel
from yusuan.profiles import Profile
from yusuan.rounding import RoundingResult, controlled_round
from yusuan.tables import builder_for, check_profile
from yusuan.tables.base import Given, Table, print_unit
from yusuan.tables.context import TableContext, make_atoms


@dataclass(frozen=True)
class BuiltTables:
    tables: tuple[Table, ...]
    rounding: RoundingResult
    context: TableContext  # with rounded amounts


def _indices(mask: int, size: int) -> np.ndarray:
    raw = np.frombuffer(mask.to_bytes((size + 7) // 8 or 1, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(raw, bitorder="little"))


def printed_groups(ctx: TableContext) -> list[np.ndarray]:
    """Atom index sets of every amount printed by the profile's tables."""
    size = len(ctx.atoms)
    masks_ctx = ctx.with_amounts([1 << i for i in range(size)])
    masks: set[int] = set()
    for spec in ctx.profile.tables:
        table = builder_for(spec.id)(masks_ctx, spec)
        for row in table.rows:
            masks.update(v for v in row.values if isinstance(v, int) and not isinstance(v, (bool, Given)) and v > 0)
    return [_indices(m, size) for m in sorted(masks)]


def build_tables(model: BudgetModel, catalog: Catalog, profile: Profile) -> BuiltTables:
    check_profile(profile)  # a wrong profile file is a clear message, not a failing builder
    exact_ctx = TableContext(model, catalog, profile, make_atoms(model))
    exact = [int(v) for v in exact_ctx.atoms["amount"].tolist()]
    unit = print_unit(profile) // 100  # two decimals: 0.01 万元, or 1 分 for 元 (nothing to round)
    rounding = controlled_round(exact, printed_groups(exact_ctx) if unit > 1 else [], unit=unit)
    ctx = exact_ctx.with_amounts(list(rounding.rounded))
    built = (builder_for(spec.id)(ctx, spec) for spec in profile.tables)
    # a table without data (its note says so) is left out when the layout does not print it
    tables = tuple(t for t in built if not t.note or profile.prints_empty(t.spec))
    return BuiltTables(tables, rounding, ctx)
