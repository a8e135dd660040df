"""Wording and location of 表内 findings: amounts as printed, rows by what they show, the verdict
of a comparison turned into a severity (尾差 → 提示, otherwise the rule's own)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from yusuan.checks.diagnosis import Term, relate, relate_deferred, sum_of_negated, sum_relation, sum_violated
from yusuan.checks.memo import per_run
from yusuan.checks.table_rules.relations import load
from yusuan.checks.tolerance import Comparison, Verdict, sum_bound
from yusuan.findings.rule import Finding, Rule, Severity
from yusuan.model.parsed import ZERO, ParsedRow, SheetTable
from yusuan.ports.base import a1

FAMILY = "表内"
WAN_PER_YUAN = Decimal(10000)
CENT = Decimal("0.01")

# One shape for every sum rule: where, which figure, what it is, what its parts make, the gap, what to do.
SUM_MESSAGE = "{where}{total}为 {found}，而{parts}为 {expected}，{gap}：{advice}"
ROUNDING_ADVICE = "在四舍五入允许范围内（尾差），可不处理；如需表内严格平衡，请调整末位数"


def rule(code: str, name: str, severity: Severity, doc: str, message: str = SUM_MESSAGE) -> Rule:
    """A 表内 rule (registered by the ``@check`` that evaluates it)."""
    return Rule(code, FAMILY, name, severity, message, doc)


def fmt(table: SheetTable, amount: Decimal) -> str:
    """An amount in the unit the table is printed in (parsed amounts are 万元), two decimals."""
    value = amount * WAN_PER_YUAN if table.unit == "元" else amount
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def address(table: SheetTable, row: ParsedRow, key: str) -> str:
    """A1 address of ``key`` in ``row``, also when the row has no parsed cell there."""
    cell = row.cells.get(key)
    if cell is not None:
        return cell.address
    col = table.columns.get(key)
    return a1(row.row, col) if col else ""


def term(table: SheetTable, row: ParsedRow, key: str) -> Term:
    """The cell of ``key`` in ``row`` as a term of a relation (for the diagnosis)."""
    return Term(table.sheet, address(table, row, key), row.amount(key), unit=table.unit)


def relate_sum(
    rule_: Rule, table: SheetTable, total: Term, parts: list[Term], half: Decimal, name: str, parts_name: str
) -> None:
    """Declare ``total`` = Σ ``parts`` (rounding bound of the cells) to the diagnosis."""
    relate(sum_relation(rule_.code, total, parts, sum_bound(len(parts) + 1, half), name, parts_name))


class SumCell:
    """One cell as the sums read it: its amount (万元, blank = 0), whether it could not be read
    (:func:`unreadable`), and where it is (a slotted class: ~10^4 of them an audit)."""

    __slots__ = ("address", "amount", "sheet", "unit", "unreadable")

    def __init__(self, sheet: str, address: str, amount: Decimal, unit: str, unreadable: bool) -> None:
        self.sheet, self.address, self.amount, self.unit, self.unreadable = sheet, address, amount, unit, unreadable

    def term(self, sign: int = 1) -> Term:
        """The cell as a term of a relation (:func:`term`), made when the diagnosis needs it."""
        return Term(self.sheet, self.address, self.amount, sign, self.unit)


@per_run  # the across and the down rule of a table read the same cells
def column(table: SheetTable, key: str) -> dict[int, SumCell]:
    """Column ``key`` of ``table`` by sheet row, one :class:`SumCell` per row."""
    cells = {}
    sheet, unit, col = table.sheet, table.unit, table.columns.get(key)
    for row in table.rows:  # as term() and unreadable() read each cell, inlined (and the cell's
        cell = row.cells.get(key)  # address and value): ~10^5 cells an audit
        if cell is None:
            cells[row.row] = SumCell(sheet, a1(row.row, col) if col else "", ZERO, unit, False)
        else:
            amount = cell.amount
            cells[row.row] = SumCell(sheet, a1(cell.row, cell.col), ZERO if amount is None else amount, unit,
                                     bool(cell.problem))
    return cells


def relate_cells(
    rule_: Rule, total: SumCell, parts: Sequence[SumCell], printed: Sequence[Decimal], bound: Decimal, name: str,
    parts_name: str,
) -> None:
    """:func:`relate_sum` of cells read by :func:`column` (``printed``: the parts' amounts;
    ``bound``: :func:`sum_bound` of the cells), the relation made only if the diagnosis needs it."""
    relate_deferred(
        sum_violated(total.amount, printed, bound),
        lambda: sum_of_negated(rule_.code, total.term(), [p.term(-1) for p in parts], bound, name, parts_name),
        (total.sheet,), (total.address, *[p.address for p in parts]),
    )


def unreadable(row: ParsedRow, keys) -> bool:
    """A cell among ``keys`` could not be read as a number (TB001 reports it; sums skip it)."""
    return any(row.cells[k].problem for k in keys if k in row.cells)


def describe(row: ParsedRow) -> str:
    """How a message names a row: 合计行, 部门行“…”, 单位行“…”, 类 201“…”, 第12行“…”."""
    names = load().role_names
    text = row.label.strip() or row.code
    if row.role == "total":
        return names["total"]
    if row.role in ("department", "unit"):
        # the department's own unit often bears the department's name: the code tells them apart
        both = " ".join(t for t in (row.code, row.label.strip()) if t)
        return f"{names[row.role]}“{both}”" if both else names[row.role]
    if row.role in ("class", "item"):
        level = "类" if row.role == "class" else "款"
        code = f" {row.code}" if row.code else ""
        label = f"“{row.label.strip()}”" if row.label.strip() else ""
        return f"{level}{code}{label}"
    return f"第{row.row}行“{text}”" if text else f"第{row.row}行"


def quoted(names) -> str:
    return " + ".join(f"“{n}”" for n in names)


MAX_NAMED_PARTS = 3  # a note names at most this many columns; more read as a wall of names


def parts_text(names: list[str]) -> str:
    """“A” + “B”之和, or “A”等 9 栏之和 when there are many (notes stay short)."""
    if len(names) <= MAX_NAMED_PARTS:
        return quoted(names) + "之和"
    return f"本行“{names[0]}”等 {len(names)} 栏之和"


def sum_finding(
    rule_: Rule,
    table: SheetTable,
    cell: str,
    comparison: Comparison,
    *,
    where: str,
    total: str,
    parts: str,
    advice: str,
    severity: Severity | None = None,
) -> Finding | None:
    """The finding for a total compared with its parts, or None when they agree exactly."""
    if comparison.verdict is Verdict.EQUAL:
        return None
    rounding = comparison.verdict is Verdict.ROUNDING
    gap = f"相差 {fmt(table, abs(comparison.difference))}" + ("（尾差）" if rounding else "")
    return rule_.finding(
        table.sheet,
        cell,
        severity=Severity.INFO if rounding else severity,
        where=where,
        total=total,
        found=fmt(table, comparison.found),
        parts=parts,
        expected=fmt(table, comparison.expected),
        gap=gap,
        advice=ROUNDING_ADVICE if rounding else advice,
        table=table.title or table.sheet,
    )
