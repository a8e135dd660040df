"""Tables as they stand in a workbook, parsed back from the sheet (audit mode).

The same structure describes a table yusuan rendered, a table a user edited by hand, and a
table another system produced: the rules never look at the budget model, only at this.
Column keys are the profile's column keys (``total``, ``basic``, ``wages`` …), so a rule written
for yusuan's own layout applies to every layout the recogniser maps onto those keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.ports.base import a1

ZERO = Decimal(0)  # immutable: one for every blank cell


@dataclass(frozen=True)
class ParsedCell:
    """One body cell: where it is, what it showed, and its amount in 万元 if it is a number."""

    row: int  # 1-based sheet row
    col: int  # 1-based sheet column
    raw: object  # value as read from the sheet
    amount: Decimal | None = None  # in 万元 (converted from 元 when the table is in 元)
    problem: str = ""  # why a non-blank cell could not be read as a number

    @property
    def address(self) -> str:
        return a1(self.row, self.col)

    @property
    def value(self) -> Decimal:
        """Amount with blank = 0 (docs/design.md: a blank amount cell counts as 0)."""
        return self.amount if self.amount is not None else ZERO


@dataclass(frozen=True)
class ParsedRow:
    """A body row.

    ``role``: 'total' (合计/总计 row), 'department', 'unit', 'class' (类 subtotal), 'item' (款
    subtotal), 'detail'; for two-sided tables (收支总表, 财政拨款收支表) the role describes the
    row as a whole and ``labels`` carries each side's label.
    ``code``: the row's classification code as one string (function 7 digits / 5 / 3, econ
    5 digits, unit code, project code), '' when none.
    """

    row: int
    role: str
    code: str
    label: str
    cells: dict[str, ParsedCell]  # column key -> cell
    labels: dict[str, str] = field(default_factory=dict)  # text columns by key

    def amount(self, key: str) -> Decimal:
        cell = self.cells.get(key)
        if cell is None or cell.amount is None:  # the rules ask this ~10^5 times an audit: no property call
            return ZERO
        return cell.amount


@dataclass(frozen=True)
class SheetTable:
    """A recognised disclosure table."""

    kind: str  # table kind, e.g. 'expenditure', 'general_budget_expenditure' (see profiles)
    sheet: str
    title: str
    title_cell: str  # A1 address of the title
    year: int | None
    department: str
    unit: str  # '万元' or '元' as printed; amounts are converted to 万元
    keys: tuple[str, ...]  # recognised column keys in sheet order
    columns: dict[str, int]  # key -> 1-based sheet column
    rows: tuple[ParsedRow, ...]
    header_rows: tuple[int, int]  # first and last sheet row of the header
    note: str = ""  # text below the table (e.g. 本表无数据 note)
    note_cell: str = ""
    department_cell: str = ""  # A1 address of the cell holding the 部门名称 ('' when none is printed)

    def rows_with(self, role: str) -> list[ParsedRow]:
        return [r for r in self.rows if r.role == role]

    @property
    def total_row(self) -> ParsedRow | None:
        return next((r for r in self.rows if r.role == "total"), None)

    @property
    def has_data(self) -> bool:
        return any(c.amount not in (None, Decimal(0)) for r in self.rows for c in r.cells.values())


@dataclass(frozen=True)
class Unrecognised:
    """A sheet (or block) that looks like a table but could not be mapped: reported, not guessed.
    ``title``: its title as printed ("" when it has none); ``reason``: why it was not recognised,
    a bare phrase (AU001 adds that it was therefore not checked)."""

    sheet: str
    cell: str
    title: str
    reason: str


@dataclass(frozen=True)
class ParsedWorkbook:
    tables: tuple[SheetTable, ...]
    unrecognised: tuple[Unrecognised, ...] = ()
    contents: tuple[str, ...] = ()  # the table names its 目录 lists, in order (none: ())

    def of_kind(self, kind: str) -> list[SheetTable]:
        return [t for t in self.tables if t.kind == kind]

    def first(self, kind: str) -> SheetTable | None:
        return next((t for t in self.tables if t.kind == kind), None)
