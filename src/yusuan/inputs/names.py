"""Fill the name columns of the input sheets from their codes, and a blank 支出类别
from the economic class.

A name cell is written only when it is empty or still holds exactly the value yusuan wrote
there before; a name the user typed is never touched (the reader reports it when it differs
from the code's name, rule IN025).

What yusuan wrote is recorded in the hidden sheet ``_yusuan_state`` (:mod:`yusuan.inputs._state`:
one record per sheet, column and value, with its rows).  A record is dropped when the user
overwrites the cell, and the cell is cleared when its code no longer has a name.  Addresses, not row identities, are recorded: a
re-sorted sheet still only ever overwrites values yusuan itself wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yusuan.catalogs import Catalog
from yusuan.inputs._cells import Located, locate
from yusuan.inputs._lines import infer_spending_type
from yusuan.inputs._state import STATE_SHEET, State, read_state, write_state
from yusuan.inputs.spec import SheetSpec, load_spec
from yusuan.model import BudgetModel
from yusuan.ports.base import WorkbookPort, column_letter

NAMED_SHEETS = ("支出明细", "项目绩效")


class _Namer:
    """Name of the code in a row, per name column; None when the code has no name.  A name
    depends on a few codes of its row only: each lookup names them, and is asked once per
    distinct combination (a sheet of 50,000 lines repeats a few hundred)."""

    def __init__(self, model: BudgetModel, catalog: Any):
        self.model, self.catalog = model, catalog

    def lookup(self, sheet: str, key: str) -> tuple[tuple[str, ...], Callable[..., str | None]] | None:
        """The code columns the name of column ``key`` depends on, and the name from their codes."""
        lookups: dict[tuple[str, str], tuple[tuple[str, ...], Callable[..., str | None]]] = {
            ("支出明细", "unit_name"): (("unit_code",), self._unit),
            ("支出明细", "function_name"): (("function_code",), lambda code: self._subject(self.catalog.function, code)),
            ("支出明细", "dept_econ_name"): (("dept_econ_code",), lambda code: self._subject(self.catalog.dept_econ, code)),
            ("支出明细", "gov_econ_name"): (("gov_econ_code", "unit_code", "dept_econ_code"), self._gov_econ),
            ("支出明细", "spending_type"): (("dept_econ_code", "project_code"), self._spending_type),
            ("项目绩效", "project_name"): (("project_code",), self._project),
        }
        return lookups.get((sheet, key))

    @staticmethod
    def _subject(find: Callable[[str], Any], code: str) -> str | None:
        subject = find(code) if code else None
        return subject.name if subject is not None else None

    def _unit(self, unit_code: str) -> str | None:
        unit = self.model.unit(unit_code)
        return unit.name if unit else None

    def _gov_econ(self, gov_econ_code: str, unit_code: str, dept: str) -> str | None:
        code: str | None = gov_econ_code
        if not code:  # blank: the name of the code the reader derives
            unit = self.model.unit(unit_code)
            code = self.catalog.gov_econ_for(dept, unit.kind.value) if unit and dept else None
        return self._subject(self.catalog.gov_econ, code or "")

    def _spending_type(self, dept: str, project_code: str) -> str | None:
        """支出类别 implied by the codes, for a blank cell (the reader read it the same way)."""
        if self.catalog.dept_econ(dept) is None:
            return None
        inferred = infer_spending_type(dept, project_code)
        return inferred.value if inferred else None

    def _project(self, project_code: str) -> str | None:
        project = self.model.project(project_code)
        return project.name if project else None


def fill_names(port: WorkbookPort, source: Any, catalog: Any = None) -> int:
    """Fill name cells from codes; ``source`` is a BudgetModel or a ReadResult (whose sheets, as
    the reader read them, are used instead of reading them again: pass it before anything else is
    written to them).  Returns the number of cells written (0 when there is no model)."""
    model: BudgetModel | None = getattr(source, "model", source)
    if model is None:
        return 0
    if catalog is None:
        catalog = Catalog.for_year(model.department.year)
    namer = _Namer(model, catalog)
    read: dict[str, list[list]] = getattr(source, "sheets", {})  # a ReadResult's sheets, as read just before
    state = read_state(port)
    spec = load_spec()
    actual = {name.strip(): name for name in port.sheet_names()}
    written = 0
    for name in NAMED_SHEETS:
        if name not in actual:
            continue
        sheet_spec: SheetSpec = spec.sheet(name)
        rows = read.get(actual[name])
        located = locate(actual[name], port.read_values(actual[name]) if rows is None else rows, sheet_spec)
        if located is None:
            continue
        written += _fill_sheet(port, located, sheet_spec, namer, state, _untouchable(port, actual[name]))
    write_state(port, state)
    return written


def _untouchable(port: WorkbookPort, sheet: str) -> set[tuple[int, int]]:
    """Cells that read blank but are not: formulas never calculated (the user's formula must
    not be overwritten) and cells covered by a merge (they hold no value); the reader reports both."""
    cells = set(port.uncomputed_cells(sheet))
    for m in port.merged_ranges(sheet):
        cells.update((r, c) for r in range(m.top, m.bottom + 1) for c in range(m.left, m.right + 1))
    return cells


@dataclass
class _Column:
    """A name column being filled: where it is, what its name depends on, what changes."""

    key: str
    col: int
    letter: str
    codes: tuple[str, ...]
    name_of: Callable[..., str | None]
    names: dict[tuple[str, ...], str | None] = field(default_factory=dict)  # codes → name, once each
    changes: dict[int, str | None] = field(default_factory=dict)  # row → value to write


def _fill_sheet(port: WorkbookPort, located: Located, spec: SheetSpec, namer: _Namer, state: State,
                untouchable: set[tuple[int, int]]) -> int:
    columns = []
    for name_column in spec.name_columns:
        col = located.columns.get(name_column.key)
        lookup = namer.lookup(spec.name, name_column.key)
        if col is None or name_column.fill not in located.columns or lookup is None:
            continue
        columns.append(_Column(name_column.key, col, column_letter(col), *lookup))
    sheet = located.sheet
    for record in located.records():  # one row at a time: 50,000 records are not kept
        for column in columns:
            if (record.row, column.col) in untouchable:
                continue
            cell = (sheet, f"{column.letter}{record.row}")
            current, ours = record.text(column.key), state.get(cell)
            if current and current != ours:
                state.pop(cell, None)  # the user's value now
                continue
            codes = tuple(record.code(k) for k in column.codes)
            if codes not in column.names:
                column.names[codes] = column.name_of(*codes)
            expected = column.names[codes]
            if expected:
                if current != expected:
                    column.changes[record.row] = expected
                state[cell] = expected
            elif current:  # our stale name for a code that has none now
                column.changes[record.row] = None
                state.pop(cell, None)
    for column in columns:
        _write_runs(port, sheet, column.col, column.changes)
    return sum(len(column.changes) for column in columns)


def _write_runs(port: WorkbookPort, sheet: str, col: int, changes: dict[int, str | None]) -> None:
    """One block write per run of consecutive rows (few calls into a live Excel)."""
    rows = sorted(changes)
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i] != rows[i - 1] + 1:
            run = rows[start:i]
            port.write_values(sheet, run[0], col, [[changes[r]] for r in run])
            start = i


__all__ = ["STATE_SHEET", "fill_names", "read_state", "write_state"]
