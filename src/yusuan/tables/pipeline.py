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

from yusuan.amounts import PRINT_UNIT
from yusuan.catalogs import Catalog
from yusuan.model import BudgetModel
from yusuan.profiles import Profile
from yusuan.rounding import RoundingResult, controlled_round
from yusuan.tables import builder_for
from yusuan.tables.base import Table
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
            masks.update(v for v in row.values if isinstance(v, int) and not isinstance(v, bool) and v > 0)
    return [_indices(m, size) for m in sorted(masks)]


def build_tables(model: BudgetModel, catalog: Catalog, profile: Profile) -> BuiltTables:
    exact_ctx = TableContext(model, catalog, profile, make_atoms(model))
    exact = [int(v) for v in exact_ctx.atoms["amount"].tolist()]
    rounding = controlled_round(exact, printed_groups(exact_ctx), unit=PRINT_UNIT)
    ctx = exact_ctx.with_amounts(list(rounding.rounded))
    tables = tuple(builder_for(spec.id)(ctx, spec) for spec in profile.tables)
    return BuiltTables(tables, rounding, ctx)
