"""The arithmetic of grid tables: across a row, down the row hierarchy, and 其中 ≤ 小计.

Inner sums are checked first.  A total is reported when it disagrees with its parts as printed
AND with its parts as corrected (a wrong subtotal replaced by the sum of its own parts): a
mistyped subtotal then yields one finding, on the subtotal, instead of one on every total above
it; a mistyped detail yields one on the subtotal just above it (the cell that is wrong if the
parts are right).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial

from yusuan.checks.diagnosis import AT_MOST, at_most_relation, relate_deferred, violated
from yusuan.checks.table_rules import report
from yusuan.checks.table_rules.relations import KindRelations, Sum, load
from yusuan.checks.tolerance import EXACT, Comparison, Verdict, compare_equal, compare_sum, sum_bound
from yusuan.findings.rule import Finding, Rule
from yusuan.model.parsed import ZERO, ParsedRow, SheetTable


def judge(found: Decimal, printed: list[Decimal], corrected: list[Decimal], half: Decimal) -> Comparison | None:
    """The comparison to report for a total, or None when a wrong part already explains it."""
    comparison = compare_sum(found, printed, half)
    if (comparison.verdict is Verdict.MISMATCH and corrected != printed
            and compare_sum(found, corrected, half).verdict is not Verdict.MISMATCH):
        return None
    return comparison


def settled(comparison: Comparison | None, found: Decimal, corrected: list[Decimal]) -> Decimal:
    """The value the sums above use for a total: as printed, unless it is wrong."""
    if comparison is not None and comparison.verdict is Verdict.MISMATCH:
        return sum(corrected, Decimal(0))
    return found


def across(rule: Rule, table: SheetTable, rel: KindRelations, advice: str) -> Iterator[Finding]:
    """Per row: each ``across`` total equals the sum of its parts."""
    relations = {s.total: s for s in rel.across if s.applies(table)}
    half = load().half_unit(table)
    keys = {k for s in relations.values() for k in (s.total, *s.parts)}
    columns = {k: report.column(table, k) for k in keys}
    bounds = {k: sum_bound(len(s.parts) + 1, half) for k, s in relations.items()}
    names = {k: f"本行“{rel.column_name(k)}”" for k in relations}
    unreadable = {row for cells in columns.values() for row, cell in cells.items() if cell.unreadable}
    for row in table.rows:
        yield from _across_row(rule, table, rel, row, relations, half, advice, (columns, bounds, names, unreadable))


def _across_row(
    rule: Rule, table: SheetTable, rel: KindRelations, row: ParsedRow, relations: dict[str, Sum],
    half: Decimal, advice: str,
    read: tuple[dict[str, dict[int, report.SumCell]], dict[str, Decimal], dict[str, str], set[int]],
) -> list[Finding]:
    columns, bounds, names, unreadable = read  # unreadable: the rows with a cell TB001 reports
    effective: dict[str, Decimal] = {}
    findings: list[Finding] = []

    def value(key: str) -> Decimal:
        """The figure of ``key`` as the relations above it should use it (inner sums first)."""
        if key in effective:
            return effective[key]
        relation = relations.get(key)
        if relation is None:
            found = effective[key] = row.amount(key)
            return found
        here = columns[key][row.row]
        found = effective[key] = here.amount
        parts = [columns[p][row.row] for p in relation.parts]
        if row.row in unreadable and (here.unreadable or any(p.unreadable for p in parts)):
            return found
        corrected = [value(p) for p in relation.parts]
        printed = [p.amount for p in parts]
        report.relate_cells(rule, here, parts, printed, bounds[key], names[key], "本行各分项之和")
        if found == sum(printed, ZERO):  # adds up: nothing to report, the figure stands
            return found
        comparison = judge(found, printed, corrected, half)
        effective[key] = settled(comparison, found, corrected)
        finding = comparison and report.sum_finding(
            rule, table, report.address(table, row, key), comparison,
            where=f"{report.describe(row)}的",
            total=f"“{rel.column_name(key)}”",
            parts=report.parts_text([rel.column_name(p) for p in relation.parts]),
            advice=advice,
        )
        if finding:
            findings.append(finding)
        return effective[key]

    for key in relations:
        value(key)
    return findings


def tree(table: SheetTable) -> list[tuple[ParsedRow, list[ParsedRow]]]:
    """Each non-detail row with the rows directly below it in the hierarchy, in sheet order.

    合计 > 部门 > 单位 > 类 > 款 > 明细: a row's children are the following rows up to the next
    row of its level or above, less those inside a child's own span.
    """
    rel = load()
    leaf = rel.level("detail")
    stack: list[int] = []
    children: dict[int, list[ParsedRow]] = {}
    for index, row in enumerate(table.rows):
        level = rel.level(row.role)
        while stack and rel.level(table.rows[stack[-1]].role) >= level:
            stack.pop()
        if stack:
            children[stack[-1]].append(row)
        if level < leaf:
            stack.append(index)
            children[index] = []
    return [(table.rows[i], kids) for i, kids in sorted(children.items()) if kids]


def _children_text(kids: list[ParsedRow]) -> str:
    if len(kids) == 1:
        return report.describe(kids[0])
    roles = {k.role for k in kids}
    names = load().role_names
    kind = names.get(roles.pop(), "行") if len(roles) == 1 else "行"
    return f"其下 {len(kids)} 个{kind}之和"


def down(rule: Rule, table: SheetTable, rel: KindRelations, advice: str) -> Iterator[Finding]:
    """Column by column: every parent row equals the sum of its children (bottom-up)."""
    nodes = tree(table)
    findings: list[Finding] = []
    for key in (k for k in rel.columns if k in table.columns):
        findings += _down_column(rule, table, rel, key, nodes, advice)
    yield from sorted(findings, key=lambda f: f.sort_key)


def _down_column(
    rule: Rule, table: SheetTable, rel: KindRelations, key: str,
    nodes: list[tuple[ParsedRow, list[ParsedRow]]], advice: str,
) -> list[Finding]:
    half = load().half_unit(table)
    effective: dict[int, Decimal] = {}  # sheet row -> the figure its parent should use
    findings: list[Finding] = []
    column = report.column(table, key)
    name = rel.column_name(key)
    # how the diagnosis names a parent row's figure, by the row's role
    titles, other = {role: f"{text}“{name}”" for role, text in load().role_names.items()}, f"上级行“{name}”"
    unreadable = {row for row, cell in column.items() if cell.unreadable}  # cells TB001 reports
    for parent, kids in reversed(nodes):  # children before parents
        here, parts = column[parent.row], [column[k.row] for k in kids]
        if unreadable and (here.unreadable or any(p.unreadable for p in parts)):
            continue
        found = here.amount
        printed = [p.amount for p in parts]
        report.relate_cells(
            rule, here, parts, printed, sum_bound(len(parts) + 1, half),
            titles.get(parent.role, other), "下级各行之和",
        )
        if found == sum(printed, ZERO):  # adds up: the parent stands as printed
            continue
        corrected = [effective.get(k.row, p.amount) for k, p in zip(kids, parts, strict=True)]
        comparison = judge(found, printed, corrected, half)
        effective[parent.row] = settled(comparison, found, corrected)
        finding = comparison and report.sum_finding(
            rule, table, report.address(table, parent, key), comparison,
            where=f"“{rel.column_name(key)}”栏：",
            total=f"{report.describe(parent)}金额",
            parts=_children_text(kids),
            advice=advice,
        )
        if finding:
            findings.append(finding)
    return findings


def within_finding(
    rule: Rule, table: SheetTable, part_row: ParsedRow, part_key: str, part_name: str,
    whole_row: ParsedRow, whole_key: str, whole_name: str, where: str | Callable[[], str],
) -> Finding | None:
    """其中 ``part`` must not exceed ``whole``; flagged on the 其中 cell (``where``: how the note
    begins, or what says it, asked only when there is a note)."""
    part_cell, whole_cell = report.column(table, part_key)[part_row.row], report.column(table, whole_key)[whole_row.row]
    if part_cell.unreadable or whole_cell.unreadable:
        return None
    part, whole = part_cell.amount, whole_cell.amount
    relate_deferred(
        violated((part,), (whole,), EXACT, AT_MOST),
        lambda: at_most_relation(
            rule.code, [part_cell.term()], [whole_cell.term()], EXACT, (f"“{part_name}”", f"“{whole_name}”"),
        ),
        (table.sheet,), (part_cell.address, whole_cell.address),
    )
    if part <= whole:
        return None
    comparison = compare_equal(part, whole)  # a 其中 is never rounded apart from its whole: exact
    return report.sum_finding(
        rule, table, report.address(table, part_row, part_key), comparison,
        where=where() if callable(where) else where,
        total=f"“{part_name}”",
        parts=f"其所属的“{whole_name}”（{report.address(table, whole_row, whole_key)}）",
        advice=f"“其中”数不能大于“{whole_name}”，请核对这两个数",
    )


def _of_row(row: ParsedRow) -> str:
    return f"{report.describe(row)}的"


def within(rule: Rule, table: SheetTable, rel: KindRelations) -> Iterator[Finding]:
    """Per row: each 其中 column ≤ the column it is part of."""
    for relation in rel.within:
        if not relation.applies(table):
            continue
        part_name, whole_name = rel.column_name(relation.part), rel.column_name(relation.of)
        for row in table.rows:
            finding = within_finding(
                rule, table, row, relation.part, part_name, row, relation.of, whole_name,
                partial(_of_row, row),
            )
            if finding:
                yield finding
