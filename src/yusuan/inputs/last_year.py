"""导入上年数: fill the 上年数 sheet from last year's disclosure workbook (``build --last-year``).

Last year's workbook is read like any workbook in audit mode (:func:`parse_workbook`), so the
tables yusuan built last year and tables another system produced serve alike.  Each item of
the 上年数 sheet takes one printed figure (where: ``last_year_sources.yaml``), converted from
万元 to 分 exactly and written in the sheet's 金额单位 (基本信息).

A cell is written only when it is blank or still holds exactly what an earlier import wrote
there; a figure the user typed is never overwritten.  What was imported is recorded in the
same ``_yusuan_state`` sheet as the names yusuan fills (:mod:`yusuan.inputs.names`), so a
second import replaces its own figures and nothing else.  An item last year's workbook does
not give clears the figure an earlier import wrote (it would no longer be last year's).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from yusuan.amounts import FEN_PER_WAN, AmountError, to_fen
from yusuan.audit.model import ParsedRow, ParsedWorkbook, SheetTable
from yusuan.audit.recognize import parse_workbook
from yusuan.checks import last_year_rules as R
from yusuan.checks.rule import Finding
from yusuan.errors import UserError
from yusuan.inputs._cells import Located, cell_text, fold, locate, match_choice
from yusuan.inputs._context import Context
from yusuan.inputs._settings import SettingsReader
from yusuan.inputs.names import State, read_state, write_state
from yusuan.inputs.spec import SheetSpec, load_spec
from yusuan.ports.base import WorkbookPort, a1

LAST_YEAR_SHEET = "上年数"
_UNIT_FEN = {"元": 100, "万元": FEN_PER_WAN}
# 一、 （一） 1、 at the start of a row label
_NUMBERING = re.compile(r"^(\(?[一二三四五六七八九十百零]+[)、.]|\(?\d+[)、.])")


@dataclass(frozen=True)
class Source:
    """Where one 上年数 item is printed in last year's tables."""

    item: str
    table: str
    column: str
    source: str
    side: str = ""
    rows: tuple[str, ...] = ()  # empty: the 合计 row


@dataclass(frozen=True)
class Figure:
    """An item's figure from last year's workbook (``fen``), or why there is none."""

    fen: int | None
    where: str = ""  # e.g. '部门收支预算表“收入总计”，部门收支预算表!D37'
    reason: str = ""


@cache
def sources() -> tuple[Source, ...]:
    text = resources.files("yusuan.inputs").joinpath("last_year_sources.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)["items"]
    return tuple(
        Source(item, spec["table"], spec["column"], spec["source"], spec.get("side", ""), tuple(spec.get("rows", ())))
        for item, spec in raw.items()
    )


# entry points ------------------------------------------------------------------------------
def open_last_year(path: Path) -> WorkbookPort:
    """Open last year's workbook; a missing or unreadable file is a one-line Chinese UserError."""
    from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到上年工作簿：{path}")
    try:
        return OpenpyxlWorkbook.open(path)
    except UserError as exc:
        raise UserError(f"上年工作簿 {exc.message}") from None


def import_last_year(port: WorkbookPort, last_path: Path) -> list[Finding]:
    """导入上年数 from the workbook file ``last_path`` into ``port`` (the Excel button)."""
    return import_from(port, open_last_year(last_path))


def import_from(port: WorkbookPort, last: WorkbookPort) -> list[Finding]:
    """Fill ``port``'s 上年数 sheet from the tables of ``last``; one finding per item.

    Nothing is done (and nothing reported) when 基本信息 gives no usable 金额单位: the reader
    reports that, and the build stops there anyway."""
    spec = load_spec()
    unit, year = _settings(port)
    if unit is None:
        return []
    parsed = parse_workbook(last)
    findings = _year_check(parsed, year)
    figures = {s.item: figure(parsed, s) for s in sources()}
    sheet_spec = spec.sheet(LAST_YEAR_SHEET)
    sheet = _sheet(port, sheet_spec)
    located = locate(sheet, port.read_values(sheet), sheet_spec)
    if located is None or located.missing(sheet_spec):
        reason = "本工作簿的上年数表中找不到“项目”“金额”表头，无法写入"
        return findings + [R.NOT_FOUND.finding(sheet, "", item="全部项目", reason=reason)]
    state = read_state(port)
    writer = _Writer(port, located, sheet_spec, unit, state)
    items = sheet_spec.column("item").choices or ()
    for item in items:
        if item in figures:
            findings += writer.apply(item, figures[item])
    writer.forget_stray_records()
    write_state(port, state)
    return findings


# reading last year's tables ------------------------------------------------------------------
def figure(parsed: ParsedWorkbook, source: Source) -> Figure:
    """The figure ``source`` names in last year's parsed workbook."""
    table = parsed.first(source.table)
    if table is None:
        return Figure(None, reason=f"上年工作簿中没有可识别的{_table_name(source.table)}")
    if source.column not in table.columns:
        return Figure(None, reason=f"{table.sheet}中找不到该栏（{source.source}）")
    row = _row(table, source)
    if row is None:
        if not table.has_data:  # an empty table (本表无数据): last year had none of it
            return Figure(0, where=f"{source.source}，{table.sheet}（本表无数据）")
        return Figure(None, reason=f"{table.sheet}中找不到{'“' + source.rows[0] + '”行' if source.rows else '合计行'}")
    cell = row.cells.get(source.column)
    where = f"{source.source}，{table.sheet}!{cell.address if cell else a1(row.row, table.columns[source.column])}"
    if cell is None or cell.amount is None:
        if cell is not None and cell.problem:
            return Figure(None, reason=f"{table.sheet}!{cell.address}的“{cell_text(cell.raw)}”不是金额")
        return Figure(0, where=where)
    if cell.amount < 0:
        return Figure(None, reason=f"{table.sheet}!{cell.address}为负数")
    try:
        fen = to_fen(cell.amount, "万元")
    except AmountError:
        return Figure(None, reason=f"{table.sheet}!{cell.address}的金额精度超过 1 分")
    return Figure(fen, where=where)


def _row(table: SheetTable, source: Source) -> ParsedRow | None:
    """The row ``source`` reads: the first labelled candidate with a value in the column (a
    row printed without that column's amount gives way to the next); else the 合计 row."""
    if not source.rows:
        return table.total_row
    found: list[ParsedRow] = []
    for label in source.rows:
        found += [r for r in table.rows if _bare(r.labels.get(source.side) or r.label) == fold(label)]
    with_value = [r for r in found if (c := r.cells.get(source.column)) is not None and c.raw not in (None, "")]
    return (with_value or found or [None])[0]


def _table_name(kind: str) -> str:
    from yusuan import profiles

    return next((t.name for t in profiles.load().tables if t.kind == kind), kind)


def _bare(label: str) -> str:
    return _NUMBERING.sub("", fold(label))


def _year_check(parsed: ParsedWorkbook, year: int | None) -> list[Finding]:
    years = Counter(t.year for t in parsed.tables if t.year)
    if year is None or not years:
        return []
    found = years.most_common(1)[0][0]
    if found == year - 1:
        return []
    return [R.YEAR_MISMATCH.finding(LAST_YEAR_SHEET, "", found=found, year=year, expected=year - 1)]


# writing the 上年数 sheet --------------------------------------------------------------------
def _settings(port: WorkbookPort) -> tuple[str | None, int | None]:
    """金额单位 and 预算年度 of ``port`` as the reader takes them (its findings are the reader's)."""
    spec = load_spec()
    actual = {name.strip(): name for name in port.sheet_names()}.get(spec.settings_sheet)
    if actual is None:
        return None, None
    reader = SettingsReader(Context(), actual, spec)
    reader.read(port.read_values(actual))
    return reader.amount_unit, reader.year


def _sheet(port: WorkbookPort, spec: SheetSpec) -> str:
    """The 上年数 sheet's actual name; created as in the template when the workbook lacks it."""
    actual = {name.strip(): name for name in port.sheet_names()}.get(spec.name)
    if actual is not None:
        return actual
    from yusuan.inputs.template import _write_list_sheet  # the template's look, one definition

    items = spec.column("item").choices or ()
    _write_list_sheet(port, spec, [[item if c.key == "item" else None for c in spec.columns] for item in items])
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
        if current and current != ours:  # the user's figure: kept, and no longer ours
            self.state.pop((self.sheet, cell), None)
            return self._kept(item, cell, self._value(row), fig)
        if fig.fen is None:
            if current:  # an earlier import's figure that last year's workbook no longer gives
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


__all__ = ["import_from", "import_last_year", "open_last_year", "figure", "sources"]
