"""Rounding-aware comparison of printed figures (XBRL Calculations 1.1 style).

Printed figures are rounded to 0.01 万元, so each is within half a unit (0.005) of its exact
value.  A total is *consistent* with its parts when the exact values could add up: the gap
between the printed total and the printed sum is at most the sum of their half-units.  Inside
that bound a non-zero gap is 尾差 (提示); beyond it the figures contradict each other (错误).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Sequence

HALF_UNIT = Decimal("0.005")


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


def compare_sum(found: Decimal, parts: Sequence[Decimal], half_unit: Decimal = HALF_UNIT) -> Comparison:
    """Compare a printed total with the printed parts it should equal."""
    expected = sum(parts, Decimal(0))
    bound = half_unit * (len(parts) + 1)
    return _verdict(found, expected, bound)


def compare_equal(found: Decimal, expected: Decimal, half_unit: Decimal = HALF_UNIT) -> Comparison:
    """Compare the same figure printed in two places: both may be off by half a unit."""
    return _verdict(found, expected, half_unit * 2)


def _verdict(found: Decimal, expected: Decimal, bound: Decimal) -> Comparison:
    gap = abs(found - expected)
    if gap == 0:
        verdict = Verdict.EQUAL
    elif gap <= bound:
        verdict = Verdict.ROUNDING
    else:
        verdict = Verdict.MISMATCH
    return Comparison(verdict, expected, found, bound)
