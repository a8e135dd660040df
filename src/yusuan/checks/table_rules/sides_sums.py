"""Sums on the sides of two-sided tables, and income = spending (B1, B9)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from yusuan.checks.diagnosis import identity_relation, relate
from yusuan.checks.table_rules import report, sums
from yusuan.checks.table_rules.relations import KindRelations, Side, load
from yusuan.checks.table_rules.sides import Entry, SideView, read_side
from yusuan.checks.tolerance import EXACT, compare_equal, sum_bound
from yusuan.findings.rule import Finding, Rule
from yusuan.model.parsed import SheetTable


def _names(entries: list[Entry]) -> str:
    if len(entries) <= 3:
        return report.quoted(e.label for e in entries) + "之和"
    return f"“{entries[0].label}”等 {len(entries)} 项之和"


def _where(side: Side, rel: KindRelations, key: str) -> str:
    column = f"“{rel.column_name(key)}”栏" if len(side.amounts) > 1 else ""
    return f"{side.name}方{column}："


def _side(rule: Rule, table: SheetTable, rel: KindRelations, view: SideView, key: str, advice: str) -> Iterator[Finding]:
    half = load().half_unit(table)
    effective: dict[int, Decimal] = {}
    column = report.column(table, key)

    def value(entry: Entry) -> Decimal:
        return effective.get(entry.row.row, entry.row.amount(key))

    def compare(total: Entry, parts: list[Entry], parts_text: str) -> Finding | None:
        here, cells = column[total.row.row], [column[p.row.row] for p in parts]
        if here.unreadable or any(c.unreadable for c in cells):
            return None
        found, printed = here.amount, [c.amount for c in cells]
        report.relate_cells(
            rule, here, cells, printed, sum_bound(len(cells) + 1, half), f"“{total.label}”", "各分项之和",
        )
        corrected = [value(p) for p in parts]
        comparison = sums.judge(found, printed, corrected, half)
        effective[total.row.row] = sums.settled(comparison, found, corrected)
        if comparison is None:
            return None
        return report.sum_finding(
            rule, table, report.address(table, total.row, key), comparison,
            where=_where(view.side, rel, key), total=f"“{total.label}”", parts=parts_text, advice=advice,
        )

    checks: list[tuple[Entry, list[Entry], str]] = [
        (h, h.children, f"其下 {len(h.children)} 项之和") for h in view.top if h.kind == "heading" and h.children
    ]
    if view.current:
        above = view.before(view.current)
        checks.append((view.current, above, f"其上 {len(above)} 个{view.side.name}项目之和（“其中”行不计）"))
    if view.grand:
        if view.current:
            parts = [view.current] + view.before(view.grand, start=view.current)
        else:
            parts = view.before(view.grand)
        checks.append((view.grand, parts, _names(parts)))
    for total, parts, text in checks:  # inner sums first: a wrong subtotal is reported once
        finding = compare(total, parts, text)
        if finding:
            yield finding


def side_sums(rule: Rule, table: SheetTable, rel: KindRelations, advice: str) -> Iterator[Finding]:
    for side in rel.sides:
        view = read_side(table, side)
        for key in side.amounts:
            if key in table.columns:
                yield from _side(rule, table, rel, view, key, advice)


def balance(rule: Rule, table: SheetTable, rel: KindRelations) -> Iterator[Finding]:
    """收入总计 == 支出总计, flagged on the spending figure (the right-hand, downstream side)."""
    income_key, spending_key = rel.balance.get("income"), rel.balance.get("spending")
    if income_key not in table.columns or spending_key not in table.columns:
        return
    grands = {}
    for side in rel.sides:
        for key in (income_key, spending_key):
            if key in side.amounts:
                grands[key] = read_side(table, side).grand
    income, spending = grands.get(income_key), grands.get(spending_key)
    if income is None or spending is None:
        return
    if report.unreadable(income.row, (income_key,)) or report.unreadable(spending.row, (spending_key,)):
        return
    # both grand totals round the same exact amount: they compare exactly
    relate(identity_relation(
        rule.code, [report.term(table, spending.row, spending_key)], [report.term(table, income.row, income_key)],
        EXACT, (f"“{spending.label}”", f"“{income.label}”"),
    ))
    comparison = compare_equal(spending.row.amount(spending_key), income.row.amount(income_key))
    finding = report.sum_finding(
        rule, table, report.address(table, spending.row, spending_key), comparison,
        where="", total=f"“{spending.label}”",
        parts=f"“{income.label}”（{report.address(table, income.row, income_key)}）",
        advice=f"收支必须平衡，请核对“{income.label}”与“{spending.label}”及其组成",
    )
    if finding:
        yield finding
