"""Exact amounts.  Internally every amount is an integer number of 分 (fen).

1 元 = 100 分; 1 万元 = 1,000,000 分.  Published tables print 万元 with two decimals, so the
printing unit is 10,000 分.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000
PRINT_UNIT = 10_000  # 0.01 万元 in 分
CENT = Decimal("0.01")
BASIS = 10_000  # 100.00 % in hundredths of a percent

_UNIT_FACTOR = {"元": FEN_PER_YUAN, "万元": FEN_PER_WAN}
_NUMBER_NOISE = re.compile(r"[,\s，\u3000\u00a0]")


class AmountError(ValueError):
    """Text that is not an amount; ``reason`` is a Chinese explanation."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def parse_decimal(value: object) -> Decimal | None:
    """Parse a cell value as Decimal; ``None`` for a blank cell.

    Accepts numbers and number-like text as published documents print them:
    ``1,203.22``, ``883. 50``, full-width spaces.  Floats are converted through their
    shortest repr, which is what the user typed into Excel.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise AmountError("是逻辑值，不是金额")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AmountError("不是有效数字")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = _NUMBER_NOISE.sub("", str(value))
    if text in ("", "-", "—"):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise AmountError(f"“{value}”不是数字") from None


def to_fen(value: object, unit: str = "元") -> int | None:
    """Convert a cell value in ``unit`` (元 or 万元) to integer 分; ``None`` when blank.

    Raises AmountError when the value is not a number or has more precision than 1 分.
    """
    number = parse_decimal(value)
    if number is None:
        return None
    fen = number * _UNIT_FACTOR[unit]
    if fen != fen.to_integral_value():
        raise AmountError(f"精度超过 1 分（单位：{unit}）")
    return int(fen)


def fen_to_wan(fen: int) -> Decimal:
    """分 → 万元 as an exact Decimal (no rounding)."""
    return Decimal(fen) / FEN_PER_WAN


def format_wan(fen: int, *, grouping: bool = False) -> str:
    """分 → 万元 text with two decimals, rounded half up as the publications round (5,000 分 is
    '0.01'); ``grouping``: with thousands separators ('1,203.22', as tables print), else without
    (as the 情况说明 prints)."""
    wan = fen_to_wan(fen).quantize(CENT, ROUND_HALF_UP)
    return f"{wan:,.2f}" if grouping else f"{wan:.2f}"


def percent_shares(parts: Sequence[int | Decimal], whole: int | Decimal) -> list[Decimal]:
    """Each part's share of ``whole`` in percent with two decimals, adding up to exactly 100.00
    when the parts add up to ``whole``.

    Largest remainder: every share is first cut down to 0.01%, then the missing hundredths go to
    the parts with the largest remainders (the earlier part on a tie).  Exact: the cuts and
    remainders are integer divisions, never rounded floats.
    """
    cut = [divmod(Decimal(p) * BASIS, Decimal(whole)) for p in parts]
    missing = BASIS - int(sum(q for q, _ in cut))
    by_remainder = sorted(range(len(parts)), key=lambda i: (-cut[i][1], i))
    bumped = set(by_remainder[:max(missing, 0)])
    return [((q + (i in bumped)) / 100).quantize(CENT) for i, (q, _) in enumerate(cut)]
