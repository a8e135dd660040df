"""导入上年数, the input side: write last year's figures into the 上年数 sheet.

The figures come from last year's disclosure workbook (:mod:`yusuan.audit.last_year` reads
them); here they are converted from 分 exactly and written in the sheet's 金额单位 (基本信息).

A cell is written only when it is blank or still holds exactly what an earlier import wrote
there; a figure the user typed is never overwritten.  What was imported is recorded in the
same ``_yusuan_state`` sheet as the names yusuan fills (:mod:`yusuan.inputs.names`), so a
second import replaces its own figures and nothing else.  An item last year's workbook does
not give clears the figure an earlier import wrote (it would no longer be last year's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yusuan.amounts import FEN_PER_WAN, AmountError, to_fen
from yusuan.findings.rule import Finding
from yusuan.inputs import last_year_rules as R
from yusuan.inputs._cells import Located, locate, match_choice
from yusuan.inputs._context import Context
from yusuan.inputs._settings import SettingsReader
from yusuan.inputs.names import State, read_state, write_state
from yusuan.inputs.spec import SheetSpec, load_spec
from yusuan.inputs.template import LAST_YEAR_SHEET, write_list_sheet
from yusuan.ports.base import WorkbookPort, a1
from yusuan.text import cell_text

_UNIT_FEN = {"元": 100, "万元": FEN_PER_WAN}


@dataclass(frozen=True)
class Figure:
    """An item's figure from last year's workbook (``fen``), or why there is none."""

    fen: int | None
    where: str = ""  # e.g. '部门收支预算表“收入总计”，部门收支预算表!D37'
    reason: str = ""


def write_figures(port: WorkbookPort, unit: str, figures: Mapping[str, Figure]) -> list[Finding]:
    """Write ``figures`` (by 上年数 item) into ``port``'s 上年数 sheet, in 金额单位 ``unit``;
    one finding per item."""
    sheet_spec = load_spec().sheet(LAST_YEAR_SHEET)
    sheet = _sheet(port, sheet_spec)
    located = locate(sheet, port.read_values(sheet), sheet_spec)
    if located is None or located.missing(sheet_spec):
        reason = "本工作簿的上年数表中找不到“项目”“金额”表头，无法写入"
        return [R.NOT_FOUND.finding(sheet, "", item="全部项目", reason=reason)]
    state = read_state(port)
    writer = _Writer(port, located, sheet_spec, unit, state)
    findings: list[Finding] = []
    for item in sheet_spec.column("item").choices or ():
        if item in figures:
            findings += writer.apply(item, figures[item])
    writer.forget_stray_records()
    write_state(port, state)
    return findings


@dataclass(frozen=True)
class ThisYear:
    """金额单位 and 预算年度 of this year's workbook, and the 预算年度 value cell (sheet, A1):
    the cell that decides which year last year's workbook must be."""

    unit: str | None
    year: int | None
    year_cell: tuple[str, str] = ("", "")


def this_year(port: WorkbookPort) -> ThisYear:
    """``port``'s settings as the reader takes them (its findings are the reader's)."""
    spec = load_spec()
    actual = {name.strip(): name for name in port.sheet_names()}.get(spec.settings_sheet)
    if actual is None:
        return ThisYear(None, None)
    reader = SettingsReader(Context(), actual, spec)
    reader.read(port.read_values(actual))
    return ThisYear(reader.amount_unit, reader.year, (actual, reader.cell("year")))


def _sheet(port: WorkbookPort, spec: SheetSpec) -> str:
    """The 上年数 sheet's actual name; created as in the template when the workbook lacks it."""
    actual = {name.strip(): name for name in port.sheet_names()}.get(spec.name)
    if actual is not None:
        return actual
    items = spec.column("item").choices or ()
    write_list_sheet(port, spec, [[item if c.key == "item" else None for c in spec.columns] for item in items])
    return spec.name


class _Writer:
    """Writes figures into the amount column, item by item, keeping the state record."""

    def __init__(self, port: WorkbookPort, located: Located, spec: SheetSpec, unit: str, state: State):
        self.port, self.located, self.unit, self.state = port, located, unit, state
        self.sheet = located.sheet
        self.item_col, self.amount_col = located.columns["item"], located.columns["amount"]
        items = spec.column("item").choices or ()
        self.rows: dict[str, int] = {}
        for record in located.records():
            item = match_choice(record.text("item"), items)
            if item and item not in self.rows:  # a duplicate is the reader's finding; the first counts
                self.rows[item] = record.row
        self.next_row = max(len(located.rows), located.header_row) + 1

    def apply(self, item: str, fig: Figure) -> list[Finding]:
        row = self.rows.get(item)
        cell = a1(row, self.amount_col) if row else ""
        current = cell_text(self._value(row)) if row else ""
        ours = self.state.get((self.sheet, cell)) if row else None
        if row is not None and current and current != ours:  # the user's figure: kept, and no longer ours
            self.state.pop((self.sheet, cell), None)
            return self._kept(item, cell, self._value(row), fig)
        if fig.fen is None:
            if row is not None and current:  # an earlier import's figure that last year's workbook no longer gives
                self.port.write_values(self.sheet, row, self.amount_col, [[None]])
                self.state.pop((self.sheet, cell), None)
            return [R.NOT_FOUND.finding(self.sheet, cell, item=item, reason=fig.reason)]
        if row is None:
            row = self.rows[item] = self.next_row
            self.next_row += 1
            cell = a1(row, self.amount_col)
            self.port.write_values(self.sheet, row, self.item_col, [[item]])
        value = _cell_value(fig.fen, self.unit)
        if current != cell_text(value):
            self.port.write_values(self.sheet, row, self.amount_col, [[value]])
        self.state[(self.sheet, cell)] = cell_text(value)
        return [R.IMPORTED.finding(self.sheet, cell, item=item, amount=_shown(fig.fen, self.unit), unit=self.unit, source=fig.where)]

    def forget_stray_records(self) -> None:
        """Drop records of 上年数 cells that are no item's amount cell any more (a row the user
        emptied or deleted): a record only ever vouches for the amount cell of a listed item."""
        cells = {a1(row, self.amount_col) for row in self.rows.values()}
        for key in [k for k in self.state if k[0] == self.sheet and k[1] not in cells]:
            del self.state[key]

    def _value(self, row: int) -> Any:
        values = self.located.rows[row - 1] if row - 1 < len(self.located.rows) else []
        return values[self.amount_col - 1] if self.amount_col - 1 < len(values) else None

    def _kept(self, item: str, cell: str, typed: Any, fig: Figure) -> list[Finding]:
        try:
            typed_fen = to_fen(typed, self.unit)
        except AmountError:
            return []  # not a number: the reader's finding
        if fig.fen is None or typed_fen is None or typed_fen == fig.fen:
            return []
        return [R.KEPT_TYPED.finding(self.sheet, cell, item=item, typed=_shown(typed_fen, self.unit),
                                     found=_shown(fig.fen, self.unit), unit=self.unit, source=fig.where)]


def _in_unit(fen: int, unit: str) -> Decimal:
    return Decimal(fen) / _UNIT_FEN[unit]


def _cell_value(fen: int, unit: str) -> int | float:
    """The number to store: an int when whole, else a float whose repr is the exact decimal
    (at most 15 significant digits here, so reading it back gives the same 分)."""
    amount = _in_unit(fen, unit)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _shown(fen: int, unit: str) -> str:
    amount = _in_unit(fen, unit)
    return f"{amount:,.2f}" if amount == amount.quantize(Decimal("0.01")) else f"{amount.normalize():,f}"


__all__ = ["Figure", "ThisYear", "this_year", "write_figures"]
