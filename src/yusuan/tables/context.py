"""What a table builder sees: the model, the catalog, and the atoms with their amounts.

An *atom* is a set of budget lines identical in every attribute a table can group by.  Every
printed amount is a sum of atoms; builders only ever add atom amounts, never subtract, so
the same builder runs on exact amounts, on rounded amounts, and on atom bitmasks (to learn
which atoms make up each printed figure — see :mod:`yusuan.tables.pipeline`).

The atoms are grouped once, with pandas, on their whole key when they are made; every key column is then coded as
integers (a value's code is its rank among the column's sorted values, so code order is value
order).  A selection of atoms (:class:`Atoms`) is the positions of its rows: filtering and
grouping compare small integer arrays with NumPy, and a sum is one pass over the positions
(issue 13: filtering pandas frames per printed figure was a sixth of a build's CPU).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from yusuan.catalogs import Catalog
from yusuan.model import BudgetModel, FundSource
from yusuan.profiles import Profile

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
FLAGS = ("carried_over", "is_basic", "is_fiscal")  # the yes/no columns
INT64_SAFE = 1 << 62  # amounts whose absolute values add up below this sum exactly as int64


@dataclass(eq=False)
class AtomTable:
    """Every atom's columns: ``codes[name][i]`` indexes ``values[name]`` (a column's distinct
    values, sorted); ``flags`` are the yes/no columns; ``amounts`` are exact Python ints, or
    None for bitmasks (atom ``i`` is ``1 << i``; a sum is the mask of its atoms, and
    ``groups`` remembers the positions of each mask summed)."""

    codes: dict[str, np.ndarray]
    values: dict[str, np.ndarray]
    flags: dict[str, np.ndarray]
    size: int
    amounts: np.ndarray | None = None  # object array of Python ints
    groups: dict[int, np.ndarray] = field(default_factory=dict)
    _fast: np.ndarray | None = None  # the amounts as int64, when every sum of them fits
    _lookup: dict[str, dict[Any, int]] = field(default_factory=dict)
    _wanted: dict[tuple[str, tuple], np.ndarray] = field(default_factory=dict)  # see matches()
    _masks: dict[int, int] = field(default_factory=dict)

    def with_amounts(self, amounts: Sequence[int] | None) -> AtomTable:
        """The same atoms with other amounts (None: bitmasks)."""
        array = None if amounts is None else _object_array(amounts)
        table = AtomTable(self.codes, self.values, self.flags, self.size, array, _lookup=self._lookup,
                          _wanted=self._wanted)
        if array is not None and sum(abs(a) for a in array.tolist()) < INT64_SAFE:
            table._fast = array.astype(np.int64)
        return table

    def with_column(self, name: str, values: Sequence[Any]) -> AtomTable:
        """A table with one more coded column (``values``: one per atom)."""
        table = AtomTable({**self.codes}, {**self.values}, self.flags, self.size, self.amounts, self.groups,
                          self._fast, {k: v for k, v in self._lookup.items() if k != name},
                          {k: v for k, v in self._wanted.items() if k[0] != name}, self._masks)
        table.codes[name], table.values[name] = _coded(values)
        return table

    def code(self, name: str, value: Any) -> int:
        """The code of ``value`` in column ``name``; -1 when no atom has it."""
        lookup = self._lookup.get(name)
        if lookup is None:
            lookup = self._lookup[name] = {v: i for i, v in enumerate(self.values[name].tolist())}
        return lookup.get(value, -1)

    def column(self, name: str, index: np.ndarray) -> np.ndarray:
        """Values of column ``name`` at the positions ``index``."""
        if name in self.flags:
            return self.flags[name][index]
        if name == "amount":
            if self.amounts is None:
                return _object_array([1 << int(i) for i in index])
            return self.amounts[index]
        return self.values[name][self.codes[name][index]]

    def matches(self, name: str, wanted: Any, index: np.ndarray) -> np.ndarray:
        """Which atoms at ``index`` have ``wanted`` (a list etc.: any of them) in column ``name``."""
        if name in self.flags:
            column = self.flags[name][index]
            return np.isin(column, list(wanted)) if _is_many(wanted) else column == wanted
        codes = self.codes[name][index]
        if not _is_many(wanted):
            return codes == self.code(name, wanted)
        key = (name, tuple(wanted))
        table = self._wanted.get(key)  # builders ask the same few lists over and over
        if table is None:
            table = np.zeros(len(self.values[name]) + 1, dtype=bool)  # the last slot: values no atom has
            table[[self.code(name, v) for v in wanted]] = True
            table[-1] = False
            self._wanted[key] = table
        return table[codes]

    def total(self, index: np.ndarray) -> int:
        if self.amounts is None:
            if not len(index):
                return 0
            low = int(index[0])  # positions ascend: the bits from the first to the last atom
            bits = np.zeros(int(index[-1]) - low + 1, dtype=bool)
            bits[index - low] = True
            mask = int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little") << low
            known = self._masks.setdefault(mask, mask)  # one object per set: tables repeat figures
            self.groups.setdefault(known, index)
            return known
        if self._fast is not None:
            return int(self._fast[index].sum())
        return sum(self.amounts[index].tolist())


@dataclass(frozen=True, eq=False)
class Atoms:
    """A selection of atoms: positions (ascending) into one :class:`AtomTable`.  ``atoms[name]``
    is a column's values (``'amount'``: the amounts), ``len(atoms)`` the number of atoms."""

    table: AtomTable
    index: np.ndarray

    def __len__(self) -> int:
        return len(self.index)

    @property
    def empty(self) -> bool:
        return not len(self.index)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.table.column(name, self.index)


def make_atoms(model: BudgetModel) -> Atoms:
    """Every atom with exact amounts (分) and derived grouping columns."""
    records = [
        (("line", "", x.unit_code, x.function_code, x.dept_econ_code, x.gov_econ_code, x.spending_type.value,
          x.project_code, x.fund_source.value, x.carried_over, x.procurement, x.item_name), x.amount)
        for x in model.lines
    ] + [
        (("other", o.item, o.unit_code, "", "", "", "", "", o.fund_source.value, False, "", ""), o.amount)
        for o in model.other_income
    ]
    # one sorted pandas groupby on the whole key (pandas is the fixed choice for aggregation); it
    # is imported here, not at the top: check and clear load this module but make no atoms
    import pandas as pd  # noqa: PLC0415

    frame = pd.DataFrame.from_records([key for key, _ in records], columns=list(ATOM_KEYS))
    amounts = [amount for _, amount in records]
    # int64 adds exactly below INT64_SAFE; beyond it the sums are Python ints (object column)
    exact = sum(abs(a) for a in amounts) < INT64_SAFE
    frame["amount"] = pd.Series(amounts, dtype="int64" if exact else object)
    frame = frame.groupby(list(ATOM_KEYS), sort=True, as_index=False)["amount"].sum()
    columns: dict[str, list[Any]] = {name: frame[name].tolist() for name in ATOM_KEYS}
    sums = [int(a) for a in frame["amount"].tolist()]
    units = {u.code: u for u in model.units}
    projects = {p.code: p for p in model.projects}
    fiscal = {f.value for f in FundSource if f.is_fiscal}
    columns["unit_name"] = [units[c].name if c in units else c for c in columns["unit_code"]]
    columns["unit_kind"] = [units[c].kind.value if c in units else "" for c in columns["unit_code"]]
    columns["class_code"] = [c[:3] for c in columns["function_code"]]
    columns["item_code"] = [c[:5] for c in columns["function_code"]]
    columns["dept_econ_class"] = [c[:3] for c in columns["dept_econ_code"]]
    columns["gov_econ_class"] = [c[:3] for c in columns["gov_econ_code"]]
    columns["is_basic"] = [t in ("人员经费", "公用经费") for t in columns["spending_type"]]
    columns["project_type"] = [projects[c].project_type.value if c in projects else "" for c in columns["project_code"]]
    columns["project_name"] = [projects[c].name if c in projects else "" for c in columns["project_code"]]
    columns["is_fiscal"] = [f in fiscal for f in columns["fund_source"]]
    return atoms_of(columns, sums)


def atoms_of(columns: Mapping[str, Sequence[Any]], amounts: Sequence[int]) -> Atoms:
    """Atoms with these columns (one value per atom; FLAGS columns are yes/no) and amounts."""
    codes: dict[str, np.ndarray] = {}
    values: dict[str, np.ndarray] = {}
    flags: dict[str, np.ndarray] = {}
    for name, column in columns.items():
        if name in FLAGS:
            flags[name] = np.array(column, dtype=bool)
        else:
            codes[name], values[name] = _coded(column)
    table = AtomTable(codes, values, flags, len(amounts)).with_amounts(amounts)
    return Atoms(table, np.arange(len(amounts)))


@dataclass(frozen=True)
class TableContext:
    """Inputs of every builder.  ``atoms['amount']`` holds Python ints (分 or bitmasks)."""

    model: BudgetModel
    catalog: Catalog
    profile: Profile
    atoms: Atoms

    @property
    def year(self) -> int:
        return self.model.department.year

    @property
    def lines(self) -> Atoms:
        """Atoms of spending lines (not 其他收入)."""
        return where(self.atoms, record="line")

    def with_amounts(self, amounts: Sequence[int]) -> TableContext:
        return self._with(self.atoms.table.with_amounts(amounts))

    def with_masks(self) -> TableContext:
        """The context whose atom ``i`` is the bitmask ``1 << i``: a builder's amounts come out
        as the sets of atoms they add up (``atoms.table.groups`` keeps their positions)."""
        return self._with(self.atoms.table.with_amounts(None))

    def _with(self, table: AtomTable) -> TableContext:
        return TableContext(self.model, self.catalog, self.profile, Atoms(table, self.atoms.index))


def total(frame: Atoms) -> int:
    """Sum of the atoms in ``frame`` (0 when empty); exact for ints of any size."""
    return frame.table.total(frame.index)


def total_where(frame: Atoms, **conditions) -> int:
    """``total(where(frame, **conditions))``."""
    return total(where(frame, **conditions))


def where(frame: Atoms, **conditions) -> Atoms:
    """Filter atoms: ``where(f, fund_source='一般公共预算', is_basic=True)``; a list means 'in'."""
    index = frame.index
    for name, value in conditions.items():
        index = index[frame.table.matches(name, value, index)]
    return Atoms(frame.table, index)


def without(frame: Atoms, name: str, value: Any) -> Atoms:
    """The atoms of ``frame`` whose column ``name`` is not ``value`` (a list: none of them)."""
    return Atoms(frame.table, frame.index[~frame.table.matches(name, value, frame.index)])


def either(frame: Atoms, parts: Iterable[Atoms]) -> Atoms:
    """The atoms of ``frame`` that are in any of ``parts`` (selections of the same atoms)."""
    index = np.zeros(0, dtype=frame.index.dtype)
    for part in parts:
        index = np.union1d(index, part.index)
    return Atoms(frame.table, frame.index[np.isin(frame.index, index)])


def with_column(frame: Atoms, name: str, values: Sequence[Any]) -> Atoms:
    """``frame`` with one more column, ``values`` one per atom of ``frame`` (other atoms: '')."""
    column: list[Any] = [""] * frame.table.size
    for position, value in zip(frame.index.tolist(), values):
        column[position] = value
    return Atoms(frame.table.with_column(name, column), frame.index)


def first(frame: Atoms, name: str) -> Any:
    """Column ``name`` of the first atom of ``frame`` (not empty)."""
    return frame.table.column(name, frame.index[:1])[0]


def groups(frame: Atoms, *keys: str) -> Iterator[tuple[Any, Atoms]]:
    """``(value, atoms)`` per distinct value of column ``keys[0]`` (several keys: a tuple of
    values), sorted by value; each group's atoms keep their order."""
    if not len(frame):
        return
    table = frame.table
    columns = [table.codes[key][frame.index] for key in keys]
    order = np.lexsort(columns[::-1])  # stable: within a group, the atoms' own order
    ordered = [column[order] for column in columns]
    starts = np.zeros(len(order), dtype=bool)
    starts[0] = True
    for column in ordered:
        starts[1:] |= column[1:] != column[:-1]
    bounds = [*np.flatnonzero(starts).tolist(), len(order)]
    names = [table.values[key] for key in keys]
    for start, end in zip(bounds, bounds[1:]):
        value = tuple(names[k][ordered[k][start]] for k in range(len(keys)))
        yield (value if len(keys) > 1 else value[0]), Atoms(table, frame.index[order[start:end]])


def sums_by(frame: Atoms, keys: str | Iterable[str]) -> dict:
    """``{key value(s): sum}`` over ``frame`` grouped by ``keys``, keys sorted."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    return {value: total(part) for value, part in groups(frame, *keys)}


def _coded(column: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """(codes, sorted distinct values) of a column."""
    distinct = sorted(set(column))
    lookup = {v: i for i, v in enumerate(distinct)}
    return np.array([lookup[v] for v in column], dtype=np.int32), _object_array(distinct)


def _object_array(values: Sequence[Any]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array


def _is_many(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset))
