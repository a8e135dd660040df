"""Rounding-aware comparison of printed figures, by the kind of relation (XBRL Calculations 1.1 style).

Printed figures are rounded to 0.01 万元, so each is within half a unit (0.005) of its exact
value.  Two kinds of relation:

* a **sum** (a total and the printed parts it adds up): the exact values could add up when the
  gap between the printed total and the printed sum is at most the sum of their half-units.
  Inside that bound a non-zero gap is 尾差 (提示); beyond it the figures contradict each other (错误).
* an **identity** (the same figure printed in two places, a 其中 and the figure it is part of,
  income total = spending total): a copied figure has no rounding of its own, so the two compare
  exactly — a 0.01 difference is a real inconsistency (错误).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

HALF_UNIT = Decimal("0.005")
EXACT = Decimal(0)


class Verdict(Enum):
    EQUAL = "equal"
    ROUNDING = "rounding"  # 尾差: within the rounding bound
    MISMATCH = "mismatch"


@dataclass(frozen=True)
class Comparison:
    verdict: Verdict
    expected: Decimal  # the sum of the parts (or the other figure)
    found: Decimal  # the printed total
    bound: Decimal

    @property
    def difference(self) -> Decimal:
        return self.found - self.expected


def sum_bound(printed: int, half_unit: Decimal = HALF_UNIT) -> Decimal:
    """How far ``printed`` rounded figures that should add up may miss (each off by half a unit)."""
    return half_unit * printed


def compare_sum(found: Decimal, parts: Sequence[Decimal], half_unit: Decimal = HALF_UNIT) -> Comparison:
    """Compare a printed total with the printed parts it should equal."""
    expected = sum(parts, Decimal(0))
    return _verdict(found, expected, sum_bound(len(parts) + 1, half_unit))


def compare_equal(found: Decimal, expected: Decimal, bound: Decimal = EXACT) -> Comparison:
    """Compare the same figure printed in two places: exactly, unless ``bound`` says one side is
    itself a sum of rounded figures (then :func:`sum_bound` of the cells involved)."""
    return _verdict(found, expected, bound)


def _verdict(found: Decimal, expected: Decimal, bound: Decimal) -> Comparison:
    gap = abs(found - expected)
    if gap == 0:
        verdict = Verdict.EQUAL
    elif gap <= bound:
        verdict = Verdict.ROUNDING
    else:
        verdict = Verdict.MISMATCH
    return Comparison(verdict, expected, found, bound)
