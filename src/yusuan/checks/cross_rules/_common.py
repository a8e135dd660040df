"""Shared machinery of the 表间 rules: figures read from parsed tables and their comparison.

A :class:`Figure` is one printed amount, or the sum of several (a 类 as the sum of its 项 rows),
with the cells it was read from.  Comparing two figures follows :mod:`yusuan.checks.tolerance`:
equal → nothing; two single printed cells compare exactly (a copied figure has no rounding of
its own); when a figure is a sum of several cells, a gap within the rounding bound of the
printed cells involved → 提示 (尾差), beyond → the rule's severity.  The finding sits on the figure of the table later in the 目录 (the one
that copied the figure); when that figure is a sum of several cells and the other is one
printed cell, it sits on that one cell instead, so a note is never on an arbitrary part.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache, partial
from importlib import resources

from yusuan import profiles
from yusuan.catalogs import Catalog
from yusuan.checks.diagnosis import (
    AT_MOST,
    IDENTITY,
    Relation,
    Term,
    at_most_relation,
    identity_relation,
    relate_deferred,
    violated,
)
from yusuan.checks.memo import per_run
from yusuan.checks.registry import CheckContext
from yusuan.checks.tolerance import EXACT, HALF_UNIT, Verdict, compare_equal, sum_bound
from yusuan.findings.catalog import register
from yusuan.findings.rule import Finding, Rule, Severity
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import a1
from yusuan.yaml_data import load_yaml

FAMILY = "表间"
E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (错误/警告/提示)
ZERO = Decimal(0)

# One template for every comparison rule, so the 校验结果 sheet reads the same throughout.
COMPARE_MESSAGE = (
    "{what} {found} {relation} “{other_sheet}”{other_cell}{other_what} {expected}（相差 {diff}）：{advice}"
)
ROUNDING_ADVICE = "差额在四舍五入误差以内（尾差），建议两表取同一数字"
UNIT_ROLES = ("department", "unit")


def rule(code: str, name: str, severity: Severity, doc: str, message: str = COMPARE_MESSAGE) -> Rule:
    return register(Rule(code, FAMILY, name, severity, message, doc))


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


# -- data ---------------------------------------------------------------------------------


@cache
def data() -> dict:
    text = resources.files(__package__).joinpath("data.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


# -- labels -------------------------------------------------------------------------------

_NUMBERING = re.compile(r"^(\([一二三四五六七八九十百零〇0-9]+\)|[一二三四五六七八九十百零〇0-9]+[、.])")


def normalize(text: object) -> str:
    """Comparison key of a label: NFKC, no blanks, no leading numbering (一、 （一） 1.)."""
    return _label_key(str(text or ""))


@lru_cache(maxsize=1 << 16)  # the rules match the same labels (projects, 科目) table after table
def _label_key(text: str) -> str:
    key = "".join(unicodedata.normalize("NFKC", text).split())
    return _NUMBERING.sub("", key, count=1)


@dataclass(frozen=True)
class LabelRule:
    key: str
    equals: tuple[str, ...]
    contains: tuple[str, ...]

    def matches(self, label: str) -> bool:
        return label in self.equals or any(p in label for p in self.contains)


def label_rules(*path: str) -> tuple[LabelRule, ...]:
    entries = data()["labels"]
    for step in path:
        entries = entries[step]
    return tuple(
        LabelRule(
            e["key"],
            tuple(normalize(p) for p in e.get("equals", ())),
            tuple(normalize(p) for p in e.get("contains", ())),
        )
        for e in entries
    )


def classify(label: object, rules: Sequence[LabelRule]) -> str | None:
    key = normalize(label)
    if not key:
        return None
    return next((r.key for r in rules if r.matches(key)), None)


# -- figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A printed amount, or the sum of several, located in one table."""

    table: SheetTable
    value: Decimal
    cells: tuple[str, ...]  # A1 addresses it was read from
    # how the message names it, e.g. 合计行“总计”, or what names it (asked only for a note)
    what: str | Callable[[], str]
    printed: int = 1  # non-blank printed cells summed: sets the rounding bound
    summed: bool = False  # added up from finer rows (a 类 from its 项), even if only one
    values: tuple[Decimal, ...] = ()  # the amount of each cell (万元), for the diagnosis

    @property
    def named(self) -> str:
        """How the message names the figure (:attr:`what`)."""
        return self.what() if callable(self.what) else self.what

    def term_values(self) -> tuple[Decimal, ...]:
        """The amount of each cell (none when they are not known one by one)."""
        values = self.values or ((self.value,) if len(self.cells) == 1 else ())
        return values if len(values) == len(self.cells) else ()

    def terms(self, sign: int = 1) -> tuple[Term, ...]:
        """The cells as terms of a relation (none when their amounts are not known one by one)."""
        return tuple(Term(self.table.sheet, c, v, sign, self.table.unit) for c, v in zip(self.cells, self.term_values()))

    @property
    def cell(self) -> str:
        """The one cell the figure is, '' when it is a sum of several (or of finer rows)."""
        return self.cells[0] if len(self.cells) == 1 and not self.summed else ""

    @property
    def anchor(self) -> str:
        return self.cells[0] if self.cells else self.table.title_cell


def header_label(profile: profiles.Profile, kind: str, key: str) -> str:
    """Printed header of column ``key`` in the profile (path joined by ·), else the key."""
    return _header_labels(profile, kind).get(key, key)


@per_run  # the 表间 rules name the same few columns in every message and figure
def _header_labels(profile: profiles.Profile, kind: str) -> dict[str, str]:
    """Column key → printed header (path joined by ·) of each header node of ``kind``'s table
    that has a key (the first, in the order the header reads, when a key is there twice)."""
    spec = profile.table_of_kind(kind)
    labels: dict[str, str] = {}

    def walk(nodes: tuple[profiles.HeaderNode, ...], path: tuple[str, ...]) -> None:
        for node in nodes:
            here = path + (node.label,)
            if node.key is not None:
                labels.setdefault(node.key, "·".join(here))
            walk(node.children, here)

    if spec is not None:
        walk(spec.columns, ())
    return labels


def quoted(text: str) -> str:
    """“text”, unless the text carries its own quotes (“三公”经费合计)."""
    return text if "“" in text or "”" in text else f"“{text}”"


def row_label(row: ParsedRow) -> str:
    if row.role == "total":
        return "合计行"
    name = row.label.strip()
    if row.role in UNIT_ROLES:
        return f"“{name or row.code}”行"
    text = " ".join(p for p in (row.code, name) if p)
    return f"“{text}”行" if text else f"第{row.row}行"


def cell_address(table: SheetTable, row: ParsedRow, key: str) -> str | None:
    cell = row.cells.get(key)
    if cell is not None:
        return cell.address
    col = table.columns.get(key)
    return a1(row.row, col) if col else None


def has_column(table: SheetTable, key: str) -> bool:
    return key in table.columns


def cells_figure(
    table: SheetTable, pairs: Iterable[tuple[ParsedRow, str]], what: str | Callable[[], str]
) -> Figure | None:
    """The sum of the (row, column key) cells; None when a column is not in the table."""
    value, cells, values, printed = ZERO, [], [], 0
    for row, key in pairs:
        address = cell_address(table, row, key)
        if address is None:
            return None
        amount = row.amount(key)
        value += amount
        cells.append(address)
        values.append(amount)
        printed += amount != 0
    if not cells:
        return None
    return Figure(table, value, tuple(cells), what, max(printed, 1), values=tuple(values))


def row_figure(
    table: SheetTable, row: ParsedRow, keys: Sequence[str], profile: profiles.Profile, what: str = ""
) -> Figure | None:
    """Columns ``keys`` of one row (their sum when several); named by the row and the columns'
    headers unless ``what`` names it."""
    return cells_figure(table, ((row, k) for k in keys), what or partial(_row_what, table, row, keys, profile))


def _row_what(table: SheetTable, row: ParsedRow, keys: Sequence[str], profile: profiles.Profile) -> str:
    headers = _header_labels(profile, table.kind)
    labels = [headers.get(k, k) for k in keys]  # header_label of each
    # many columns: the first and their number (a note is not a list of every header)
    return row_label(row) + (quoted("+".join(labels)) if len(labels) <= 3 else f"{quoted(labels[0])}等 {len(labels)} 栏之和")


def zero_figure(table: SheetTable, what: str) -> Figure:
    """A figure the table does not print (a row it lacks): 0, no cell."""
    return Figure(table, ZERO, (), what, 1)


def units_by_code(table: SheetTable) -> dict[str, ParsedRow]:
    """Department and unit rows by their code (first occurrence)."""
    found: dict[str, ParsedRow] = {}
    for row in table.rows:
        code = row.code.strip()
        if row.role in UNIT_ROLES and code and code not in found:
            found[code] = row
    return found


# -- function classes ---------------------------------------------------------------------


def coded_rows(table: SheetTable) -> list[ParsedRow]:
    """Body rows carrying a 功能分类 code (not the 合计, department and unit rows)."""
    return [
        r for r in table.rows
        if r.role not in ("total",) + UNIT_ROLES and r.code.strip().isdigit() and len(r.code.strip()) in (3, 5, 7)
    ]


def class_figures(table: SheetTable, key: str, profile: profiles.Profile) -> dict[str, Figure]:
    """Column ``key`` by 功能分类 类 (first 3 digits of the code).

    A 类 subtotal row (3-digit code) is the figure when the table prints one; else the rows of
    the finest level the table prints for that 类 are added (项 rows in 河南2025).
    """
    if not has_column(table, key):
        return {}
    by_class: dict[str, list[ParsedRow]] = {}
    for row in coded_rows(table):
        by_class.setdefault(row.code.strip()[:3], []).append(row)
    header = quoted(header_label(profile, table.kind, key))
    figures = {}
    for code, rows in by_class.items():
        subtotal = [r for r in rows if len(r.code.strip()) == 3]
        if len(subtotal) == 1:
            chosen, what = subtotal, f"{row_label(subtotal[0])}{header}"
        else:
            finest = max(len(r.code.strip()) for r in rows)
            chosen = [r for r in rows if len(r.code.strip()) == finest]
            what = f"{code}类各{'项' if finest == 7 else '款' if finest == 5 else '类'}级科目{header}之和"
        figure = cells_figure(table, ((r, key) for r in chosen), what)
        if figure is not None:
            figures[code] = dataclasses.replace(figure, summed=chosen is not subtotal)
    return figures


def catalog_of(ctx: CheckContext, year: int | None):
    """The classification catalog of the budget year (``ctx.catalog``, else loaded), or None."""
    if ctx.catalog is not None:
        return ctx.catalog
    budget_year = ctx.year or year
    if not budget_year:
        return None
    try:
        return Catalog.for_year(budget_year)
    except Exception:  # a year the catalogs do not cover: classes are then known by code only
        return None


class ClassNames:
    """Which 功能分类 类 a printed name stands for: full or short name, with or without 支出,
    or an outdated name (医疗卫生与计划生育 → 卫生健康, 210)."""

    def __init__(self, catalog) -> None:
        self.catalog = catalog
        self.names: dict[str, str] = {}
        for subject in catalog.function_classes() if catalog is not None else ():
            for name in (subject.name, subject.short_name):
                if name:
                    key = normalize(name)
                    self.names.setdefault(key, subject.code)
                    self.names.setdefault(key.removesuffix("支出"), subject.code)

    def code(self, label: str, row: ParsedRow) -> tuple[str | None, bool]:
        """(类 code or None, whether the name is an outdated one)."""
        key = normalize(label)
        found = self._lookup(key)
        if found is not None:
            return found, False
        code = row.code.strip()  # a layout printing the code itself
        if len(code) == 3 and code.isdigit() and code.startswith("2"):
            return code, False
        if key and self.catalog is not None:
            try:
                renamed = self.catalog.outdated("function", key)
            except Exception:
                renamed = None
            if renamed:
                return self._lookup(normalize(renamed[0])), True
        return None, False

    def _lookup(self, key: str) -> str | None:
        return self.names.get(key) or self.names.get(key.removesuffix("支出")) if key else None


def side_rows(table: SheetTable, label_key: str) -> list[tuple[ParsedRow, str]]:
    """(row, label) of one side of a two-sided table, in sheet order; unlabelled rows left out."""
    out = []
    for row in table.rows:
        label = str(row.labels.get(label_key) or "").strip()
        if label:
            out.append((row, label))
    return out


@dataclass(frozen=True)
class SpendingClasses:
    """The 功能分类 类 rows of a two-sided table's spending side."""

    rows: dict[str, tuple[ParsedRow, str]]  # 类 code → (row, label)
    complete: bool  # every spending row with an amount is a known 类 or a total/结转 row

    def figure(self, table: SheetTable, code: str, keys: list[str], profile, with_column: bool = False):
        """The 类 row's figure; a 类 the table does not list is 0 — unless some row could not
        be named, when it may be that one and the comparison is skipped (None)."""
        entry = self.rows.get(code)
        if entry is None:
            return zero_figure(table, f"（未列示{code}类）") if self.complete else None
        row, label = entry
        what = f"“{label}”"
        if with_column:
            what += quoted("+".join(header_label(profile, table.kind, k) for k in keys))
        return cells_figure(table, ((row, k) for k in keys), what)


def classes_against_items(rule_: Rule, classes: SpendingClasses, table: SheetTable, keys: list[str], items: SheetTable,
                          absent: str, profile: profiles.Profile, advice: str, with_column: bool = False) -> Iterator[Finding]:
    """Each 类 row of the two-sided ``table`` (its ``keys``) against the sum of that 类's items in
    ``items`` (合计 column); a 类 ``items`` lacks counts as 0 (“{code}类（{absent}）”), a 类 zero
    on both sides is passed over."""
    sums = class_figures(items, "total", profile)
    for code in sorted(set(classes.rows) | set(sums)):
        up = classes.figure(table, code, keys, profile, with_column=with_column)
        down = sums.get(code) or zero_figure(items, f"{code}类（{absent}）")
        if up is None or (up.value == 0 and down.value == 0):
            continue
        found = check_equal(rule_, down, up, advice)
        if found:
            yield found


@per_run  # three 表间 rules read the 类 rows of the same two tables
def spending_classes(table: SheetTable, ctx: CheckContext) -> SpendingClasses:
    """Spending rows of a two-sided table (收支总表 / 财政拨款收支表) that are 功能分类 类 rows."""
    names = ClassNames(catalog_of(ctx, table.year))
    specials = label_rules(table.kind, "spending")
    found: dict[str, tuple[ParsedRow, str]] = {}
    outdated: dict[str, tuple[ParsedRow, str]] = {}
    complete = True
    for row, label in side_rows(table, "spending_item"):
        code, old_name = names.code(label, row)
        if code:
            # Seeds print a renamed 类 twice (old name blank, new name with the amount): the
            # current name wins; an old name stands for its 类 only when it is the only row.
            (outdated if old_name else found).setdefault(code, (row, label))
        elif classify(label, specials) is None and any(
            c.amount for k, c in row.cells.items() if k.startswith("spending")
        ):
            complete = False
    return SpendingClasses({**outdated, **found}, complete)


# -- comparisons ----------------------------------------------------------------------------


def _bound(a: Figure, b: Figure) -> Decimal:
    """How far two figures may differ: not at all when each is one printed cell (a copied figure
    has no rounding of its own); the rounding bound of the cells involved when one is a sum."""
    if len(a.cells) <= 1 and len(b.cells) <= 1:
        return EXACT
    return sum_bound(a.printed + b.printed, HALF_UNIT)


def _place(preferred: Figure, other: Figure, fixed: bool) -> tuple[Figure, Figure]:
    """(flagged, other): the note goes on ``preferred`` unless it is a sum of several cells and
    ``other`` is one printed cell (a 类 summed from 项 rows against the 类 row)."""
    if fixed or preferred.cell or not other.cell:
        return preferred, other
    return other, preferred


def _finding(
    rule: Rule, flagged: Figure, other: Figure, relation: str, severity: Severity, advice: str
) -> Finding:
    return rule.finding(
        flagged.table.sheet,
        flagged.cell or flagged.anchor,
        severity=severity,
        what=flagged.named,
        found=money(flagged.value),
        relation=relation,
        other_sheet=other.table.sheet,
        other_cell=other.cell,
        other_what=other.named,
        expected=money(other.value),
        diff=money(abs(flagged.value - other.value)),
        advice=advice,
    )


def check_equal(
    rule: Rule, down: Figure | None, up: Figure | None, advice: str, fixed: bool = False
) -> Finding | None:
    """The same figure in two tables: ``down`` (later in the 目录, flagged) must equal ``up``."""
    if down is None or up is None:
        return None
    flagged, other = _place(down, up, fixed)
    _relate(rule, flagged, other)
    if down.value == up.value:  # most figures: equal, nothing more to say
        return None
    verdict = compare_equal(down.value, up.value, _bound(down, up)).verdict
    if verdict is Verdict.EQUAL:
        return None
    if verdict is Verdict.ROUNDING:
        return _finding(rule, flagged, other, "不等于", I, ROUNDING_ADVICE)
    return _finding(rule, flagged, other, "不等于", rule.severity, advice)


def _relate(rule: Rule, flagged: Figure, other: Figure) -> None:
    """Declare the identity to the diagnosis, when both figures' cells are known one by one
    (the relation made only if the diagnosis runs)."""
    mine, theirs = flagged.term_values(), other.term_values()
    if len(mine) != len(flagged.cells) or len(theirs) != len(other.cells) or not (mine or theirs):
        return
    bound = _bound(flagged, other)

    def make() -> Relation:
        names = (f"“{flagged.table.sheet}”{flagged.named}", f"“{other.table.sheet}”{other.named}")
        if mine:
            return identity_relation(rule.code, flagged.terms(), other.terms(), bound, names)
        # the flagged figure is a row its table lacks (0): the other figure must be 0
        return identity_relation(rule.code, other.terms(), (), bound, names[::-1])

    failed = violated(mine, theirs, bound, IDENTITY) if mine else violated(theirs, (), bound, IDENTITY)
    relate_deferred(failed, make, (flagged.table.sheet, other.table.sheet), flagged.cells + other.cells)


def _relate_part(rule: Rule, part: Figure, whole: Figure, flagged: Figure) -> None:
    """Declare part ≤ whole to the diagnosis, when both figures' cells are known one by one
    (the relation made only if the diagnosis runs)."""
    mine, theirs = part.term_values(), whole.term_values()
    if len(mine) != len(part.cells) or len(theirs) != len(whole.cells) or not (mine or theirs):
        return
    bound = _bound(part, whole)

    def make() -> Relation:
        names = (f"“{part.table.sheet}”{part.named}", f"“{whole.table.sheet}”{whole.named}")
        at = (flagged.table.sheet, flagged.cell or flagged.anchor)
        return at_most_relation(rule.code, part.terms(), whole.terms(), bound, names, at)

    relate_deferred(violated(mine, theirs, bound, AT_MOST), make, (part.table.sheet, whole.table.sheet), part.cells + whole.cells)


def check_at_most(
    rule: Rule,
    part: Figure | None,
    whole: Figure | None,
    advice: str,
    flag_whole: bool = False,
    fixed: bool = False,
) -> Finding | None:
    """``part`` cannot exceed ``whole``, a figure that contains it; flagged on ``part`` (or
    on ``whole`` with ``flag_whole``), the message saying 大于 / 小于 accordingly."""
    if part is None or whole is None:
        return None
    preferred, other = (whole, part) if flag_whole else (part, whole)
    flagged, other = _place(preferred, other, fixed)
    _relate_part(rule, part, whole, flagged)
    excess = part.value - whole.value
    if excess <= 0:
        return None
    severity = I if excess <= _bound(part, whole) else rule.severity
    relation = "大于" if flagged is part else "小于"
    return _finding(rule, flagged, other, relation, severity, ROUNDING_ADVICE if severity is I else advice)


def present(workbook: ParsedWorkbook, *kinds: str) -> list[SheetTable] | None:
    """The first table of each kind, or None when one is missing (the rule then says nothing)."""
    tables = [t for t in (workbook.first(k) for k in kinds) if t is not None]
    return tables if len(tables) == len(kinds) else None


def against_total(workbook: ParsedWorkbook, kind: str, totalled: str) -> tuple[SheetTable, SheetTable, ParsedRow] | None:
    """The first table of ``kind``, the first of ``totalled`` and that one's 合计 row; None when
    a table or the row is missing.  The row is returned itself (not read again from
    ``table.total_row``), so the caller's type is ``ParsedRow``, not ``ParsedRow | None``."""
    tables = present(workbook, kind, totalled)
    if tables is None or tables[1].total_row is None:
        return None
    return tables[0], tables[1], tables[1].total_row


def reported(findings: Iterable[Finding | None]) -> Iterator[Finding]:
    """The findings of a series of comparisons (``check_equal`` …), less those that found nothing."""
    return (found for found in findings if found is not None)
