"""What a table builder sees: the model, the catalog, and the atoms with their amounts.

An *atom* is a set of budget lines identical in every attribute a table can group by.  Every
printed amount is a sum of atoms; builders only ever add atom amounts, never subtract, so
the same builder runs on exact amounts, on rounded amounts, and on atom bitmasks (to learn
which atoms make up each printed figure — see :mod:`yusuan.tables.pipeline`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from yusuan.catalogs import Catalog
from yusuan.model import BudgetModel, FundSource
from yusuan.profiles import Profile

if TYPE_CHECKING:  # pandas is loaded when atoms are made: check and clear sum no atoms (issue 13)
    import pandas as pd

# Attributes an atom is keyed by (in this order).
ATOM_KEYS = (
    "record",  # 'line' (spending line) or 'other' (其他收入 sheet)
    "other_item",  # for 'other' records: 年终结转结余 / 用事业基金弥补收支差额
    "unit_code",
    "function_code",
    "dept_econ_code",
    "gov_econ_code",
    "spending_type",
    "project_code",
    "fund_source",
    "carried_over",
    "procurement",
    "item_name",  # 明细名称 of 基本支出 lines ('' unless the profile's input has the column)
)


def make_atoms(model: BudgetModel) -> pd.DataFrame:
    """One row per atom with exact amounts (分) and derived grouping columns."""
    import pandas as pd  # noqa: PLC0415 - check and clear load this module but make no atoms

    records = [
        ("line", "", x.unit_code, x.function_code, x.dept_econ_code, x.gov_econ_code, x.spending_type.value,
         x.project_code, x.fund_source.value, x.carried_over, x.procurement, x.item_name, x.amount)
        for x in model.lines
    ] + [
        ("other", o.item, o.unit_code, "", "", "", "", "", o.fund_source.value, False, "", "", o.amount)
        for o in model.other_income
    ]
    frame = pd.DataFrame.from_records(records, columns=[*ATOM_KEYS, "amount"])
    frame = frame.groupby(list(ATOM_KEYS), sort=True, as_index=False)["amount"].sum()
    frame["amount"] = frame["amount"].astype(object)  # exact Python ints, never floats
    units = {u.code: u for u in model.units}
    projects = {p.code: p for p in model.projects}
    frame["unit_name"] = [units[c].name if c in units else c for c in frame["unit_code"]]
    frame["unit_kind"] = [units[c].kind.value if c in units else "" for c in frame["unit_code"]]
    frame["class_code"] = frame["function_code"].str[:3]
    frame["item_code"] = frame["function_code"].str[:5]
    frame["dept_econ_class"] = frame["dept_econ_code"].str[:3]
    frame["gov_econ_class"] = frame["gov_econ_code"].str[:3]
    frame["is_basic"] = frame["spending_type"].isin(["人员经费", "公用经费"])
    frame["project_type"] = [projects[c].project_type.value if c in projects else "" for c in frame["project_code"]]
    frame["project_name"] = [projects[c].name if c in projects else "" for c in frame["project_code"]]
    frame["is_fiscal"] = frame["fund_source"].isin([f.value for f in FundSource if f.is_fiscal])
    # plain object columns: row selection on them is several times faster than on string arrays
    frame = frame.astype({c: object for c in frame.columns if frame[c].dtype != bool})
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class TableContext:
    """Inputs of every builder.  ``atoms['amount']`` holds Python ints (分 or bitmasks)."""

    model: BudgetModel
    catalog: Catalog
    profile: Profile
    atoms: pd.DataFrame

    @property
    def year(self) -> int:
        return self.model.department.year

    @property
    def lines(self) -> pd.DataFrame:
        """Atoms of spending lines (not 其他收入)."""
        return self.atoms[self.atoms["record"] == "line"]

    def with_amounts(self, amounts: Sequence[int]) -> TableContext:
        atoms = self.atoms.copy()
        atoms["amount"] = type(atoms["amount"])(list(amounts), index=atoms.index, dtype=object)
        return TableContext(self.model, self.catalog, self.profile, atoms)


def total(frame: pd.DataFrame) -> int:
    """Sum of the atoms in ``frame`` (0 when empty); exact for ints of any size."""
    return sum(column(frame, "amount").tolist())


def sums_by(frame: pd.DataFrame, keys: str | Iterable[str]) -> dict:
    """``{key value(s): sum}`` over ``frame`` grouped by ``keys``, keys sorted."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    if frame.empty:
        return {}
    grouped = frame.groupby(keys, sort=True)["amount"].sum()
    return {k: int(v) for k, v in grouped.items()}


def total_where(frame: pd.DataFrame, **conditions) -> int:
    """``total(where(frame, **conditions))`` without building the filtered frame."""
    return sum(column(frame, "amount")[_mask(frame, conditions)].tolist())


def where(frame: pd.DataFrame, **conditions) -> pd.DataFrame:
    """Filter atoms: ``where(f, fund_source='一般公共预算', is_basic=True)``; a list means 'in'."""
    return frame.iloc[np.flatnonzero(_mask(frame, conditions))]


_COLUMNS = "_yusuan_columns"  # the per-frame cache of column(), an attribute pandas does not see


def column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """``frame[name]`` as a NumPy array, fetched from pandas once per frame: builders ask the same
    few columns of one frame many times (a column fetch costs about 50 µs in pandas 3, and
    was half of the tables' CPU).  Atom frames are never changed in place, so the copy stays
    right; a frame derived from this one (where, groupby) starts its own cache."""
    cache = frame.__dict__.get(_COLUMNS)
    if cache is None:
        cache = {}
        object.__setattr__(frame, _COLUMNS, cache)  # past DataFrame.__setattr__, which would warn
    values = cache.get(name)
    if values is None:
        values = cache[name] = frame[name].to_numpy()
    return values


def _mask(frame: pd.DataFrame, conditions: dict) -> np.ndarray:
    mask = np.ones(len(frame), dtype=bool)
    for name, value in conditions.items():
        values = column(frame, name)
        if isinstance(value, (list, tuple, set, frozenset)):
            mask &= np.isin(values, list(value))
        else:
            mask &= values == value
    return mask
