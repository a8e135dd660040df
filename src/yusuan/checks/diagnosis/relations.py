"""The relations the rules know, as constraints over printed cells (诊断的约束).

A :class:`Relation` says that a signed sum of printed figures is zero, within a bound:

* a **sum** (``total − Σ parts``; bound: the rounding bound of the cells, XBRL style), and
* an **identity** (the same figure in two places, ``a − b``; bound 0 when both are one printed
  cell, else the rounding bound of the cells summed), and
* a **part** (``part − whole ≤ bound``: a 其中 and the figure it is part of).

The rules declare every relation they evaluate — satisfied or not — with :func:`relate`, at the
same place they compare the figures; :func:`collecting` gathers them while the checks run.  The
diagnosis (:mod:`.solver`) then needs no second reading of the tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

SUM, IDENTITY, AT_MOST = "sum", "identity", "at_most"
WAN_PER_YUAN = Decimal(10000)
ZERO = Decimal(0)


class Term(NamedTuple):
    """One printed cell in a relation: where it is, its amount (万元) and its sign in the relation.

    A named tuple, not a frozen dataclass: the rules make ~10^4 of them an audit, and a tuple is
    made four times faster."""

    sheet: str
    cell: str  # A1 address
    value: Decimal  # 万元, blank = 0
    sign: int = 1
    unit: str = "万元"  # the unit the table prints in (notes speak it)
    at: str = ""  # which figure of a text cell (情况说明 paragraphs state several); '' for a table cell

    @property
    def key(self) -> tuple[str, str]:
        """What the diagnosis treats as one figure: a cell, or one figure stated in a text cell."""
        return (self.sheet, f"{self.cell}#{self.at}" if self.at else self.cell)

    def printed(self, amount: Decimal | None = None) -> str:
        """``amount`` (default: this cell's) as the table prints it, two decimals."""
        value = self.value if amount is None else amount
        if self.unit == "元":
            value *= WAN_PER_YUAN
        return f"{value.quantize(Decimal('0.01')):,.2f}"


@dataclass(frozen=True)
class Relation:
    """Σ sign·value of ``terms`` is 0 within ``bound`` (万元).

    ``rule``: the code of the rule that checks it; ``flagged``: the (sheet, cell) its finding
    goes on when it fails; ``sides``: how a note names the positive and the negative side — for a
    sum the total ("“本年收入合计”") and its parts ("各分项之和"), for an identity the two figures.
    For a sum, ``terms[0]`` is the total.
    """

    kind: str
    rule: str
    terms: tuple[Term, ...]
    bound: Decimal
    flagged: tuple[str, str]
    sides: tuple[str, str]
    # Σ sign·value, and whether it is beyond the bound: known when made (the diagnosis asks
    # every relation first whether it holds; ~10^4 of them an audit)
    residual: Decimal = field(init=False, repr=False, compare=False)
    violated: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        residual = ZERO
        for term in self.terms:  # a sign is ±1: add or subtract, no int → Decimal product
            sign = term.sign
            if sign == 1:
                residual = residual + term.value
            elif sign == -1:
                residual = residual - term.value
            else:
                residual = residual + sign * term.value
        object.__setattr__(self, "residual", residual)
        object.__setattr__(self, "violated", residual > self.bound if self.kind == AT_MOST else abs(residual) > self.bound)

    # computed when the diagnosis needs them (a relation fails)
    @cached_property
    def cells(self) -> set[tuple[str, str]]:  # read only
        return {t.key for t in self.terms}

    def side(self, sign: int) -> tuple[str, tuple[Term, ...]]:
        """The name and the terms of the side with ``sign``."""
        return self.sides[0 if sign > 0 else 1], tuple(t for t in self.terms if t.sign == sign)

    @cached_property
    def signature(self) -> tuple:
        return (tuple(sorted((t.key, t.sign) for t in self.terms)), self.bound)


def sum_relation(
    rule: str, total: Term, parts: Sequence[Term], bound: Decimal, name: str, parts_name: str = "各分项之和"
) -> Relation:
    """``total`` (named ``name``) = Σ ``parts`` (the finding of ``rule`` goes on the total)."""
    return sum_of_negated(rule, total, [negated(p) for p in parts], bound, name, parts_name)


def sum_of_negated(
    rule: str, total: Term, minus: Sequence[Term], bound: Decimal, name: str, parts_name: str = "各分项之和"
) -> Relation:
    """:func:`sum_relation` of parts given with their sign already −1 (:func:`negated`): the 表内
    rules declare thousands of sums over the same cells and negate each cell once."""
    return Relation(SUM, rule, (total, *minus), bound, place(total.key), (name, parts_name))


def identity_relation(
    rule: str, flagged: Sequence[Term], other: Sequence[Term], bound: Decimal, names: tuple[str, str]
) -> Relation:
    """Σ ``flagged`` = Σ ``other``: the same figure printed in two places (``names``: of each)."""
    terms = tuple(flagged) + tuple(negated(t) for t in other)
    at = place(flagged[0].key if flagged else other[0].key)
    return Relation(IDENTITY, rule, terms, bound, at, names)


def at_most_relation(
    rule: str, part: Sequence[Term], whole: Sequence[Term], bound: Decimal, names: tuple[str, str],
    flagged: tuple[str, str] | None = None,
) -> Relation:
    """Σ ``part`` ≤ Σ ``whole`` (``names``: of each; the finding goes on ``flagged``, else the part)."""
    terms = tuple(part) + tuple(negated(t) for t in whole)
    at = flagged or place(part[0].key if part else whole[0].key)
    return Relation(AT_MOST, rule, terms, bound, at, names)


_SINGLE_CELL = re.compile(r"(.+)!([A-Z]{1,3}[1-9][0-9]*)")


def quoted_relation(
    rule: str, sheet: str, cell: str, at: str, stated: Decimal, source: str, amount: Decimal, bound: Decimal
) -> Relation | None:
    """A figure stated in a text cell (情况说明) = the table cell it quotes (``source``: 'sheet!A1');
    None when it quotes a sum of several cells."""
    match = _SINGLE_CELL.fullmatch(source)
    if match is None:
        return None
    text = Term(sheet, cell, stated, at=at)
    table = Term(match.group(1), match.group(2), amount)
    return identity_relation(rule, [text], [table], bound, (f"{sheet}!{cell}", source))


def place(key: tuple[str, str]) -> tuple[str, str]:
    """The cell a key is on (a figure stated in a text cell is on that cell)."""
    return (key[0], key[1].split("#", 1)[0])


def negated(term: Term) -> Term:
    """``term`` with the opposite sign (a part of a sum)."""
    return Term(term.sheet, term.cell, term.value, -term.sign, term.unit, term.at)


def violated(plus: Iterable[Decimal], minus: Iterable[Decimal], bound: Decimal, kind: str = SUM) -> bool:
    """The ``violated`` of a relation of ``kind`` whose terms are the figures ``plus`` (sign +1)
    then ``minus`` (sign −1): the same sums, in the same order, without making the terms."""
    residual = ZERO
    for value in plus:
        residual = residual + value
    for value in minus:
        residual = residual - value
    return residual > bound if kind == AT_MOST else abs(residual) > bound


def sum_violated(total: Decimal, parts: Sequence[Decimal], bound: Decimal) -> bool:
    """Whether ``total`` = Σ ``parts`` fails beyond ``bound`` (as its :func:`sum_relation` says)."""
    return violated((total,), parts, bound)


class Deferred(NamedTuple):
    """A relation declared by whether it holds, made only when the diagnosis needs it
    (:func:`relate_deferred`)."""

    violated: bool
    make: Callable[[], Relation]
    sheets: tuple[str, ...]  # the sheets and the A1 cells of its terms (each cell on one of the
    addresses: tuple[str, ...]  # sheets): which failures it can bear on


class Collected(list):  # list[Relation | Deferred]
    """The relations declared in a :func:`collecting` block, in the order declared."""

    def __init__(self, deferring: bool) -> None:
        super().__init__()
        self.deferring = deferring


_COLLECTED: ContextVar[Collected | None] = ContextVar("yusuan_relations", default=None)


def relate(relation: Relation | None) -> None:
    """Declare a relation a rule evaluates (kept only while :func:`collecting`)."""
    collected = _COLLECTED.get()
    if collected is not None and relation is not None and relation.terms:
        collected.append(relation)


def relate_deferred(
    violated: bool, make: Callable[[], Relation], sheets: tuple[str, ...], addresses: tuple[str, ...],
) -> None:
    """Declare the relation ``make`` makes, knowing already whether it fails (``violated``, as
    the relation computes it) and where its terms are (each of the A1 ``addresses`` on one of
    the ``sheets``).  A run that defers
    (:func:`collecting` ``deferring=True``) makes it only when a failing relation shares a cell
    with it, which most relations of most workbooks never do; elsewhere it is made at once.
    The 表内 and 表间 rules declare thousands of relations an audit this way."""
    collected = _COLLECTED.get()
    if collected is None:
        return
    if collected.deferring:
        collected.append(Deferred(violated, make, sheets, addresses))
    else:
        relate(make())


def made(
    relations: Iterable[Relation | Deferred], near: Mapping[str, AbstractSet[str]] | None = None,
) -> list[Relation]:
    """``relations`` with each deferred one made (kept as :func:`relate` keeps a relation); with
    ``near`` ({sheet: A1 cells}) only the deferred ones that may have a term on one of those."""
    result = []
    nowhere: frozenset[str] = frozenset()
    for relation in relations:
        if isinstance(relation, Deferred):
            if near is not None and all(
                near.get(sheet, nowhere).isdisjoint(relation.addresses) for sheet in relation.sheets
            ):
                continue
            relation = relation.make()
            if not relation.terms:
                continue
        result.append(relation)
    return result


@contextmanager
def collecting(deferring: bool = False) -> Iterator[Collected]:
    """Collect the relations declared inside the block (with ``deferring``, see
    :func:`relate_deferred`: pass what is collected through :func:`made` before reading it)."""
    collected = Collected(deferring)
    token = _COLLECTED.set(collected)
    try:
        yield collected
    finally:
        _COLLECTED.reset(token)
