"""Exact amounts.  Internally every amount is an integer number of 分 (fen).

1 元 = 100 分; 1 万元 = 1,000,000 分.  Published tables print 万元 with two decimals, so the
printing unit is 10,000 分.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000
PRINT_UNIT = 10_000  # 0.01 万元 in 分
CENT = Decimal("0.01")
BASIS = 10_000  # 100.00 % in hundredths of a percent

_UNIT_FACTOR = {"元": FEN_PER_YUAN, "万元": FEN_PER_WAN}


class AmountError(ValueError):
    """Text that is not an amount; ``reason`` is a Chinese explanation."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail  # what breaks the number grammar, e.g. '（含制表符）'; '' when nothing specific


# The number grammar, for text in amount cells (after NFKC, so full-width digits, '，', '．',
# '－' and '＋' read as their half-width forms):  [sign] digits [. digits], the integer part
# either plain or grouped by commas in threes ('1,203.22').  Spaces around the number are
# ignored; tabs, underscores, exponents and spaces inside the number are not numbers.
_GRAMMAR = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_EDGE_SPACE = " \u3000\u00a0"
_INNER_SPACE = re.compile(r"[ \u3000\u00a0]+")
_BLANK = ("", "-", "—", "－")


def parse_decimal(value: object, printed: bool = False) -> Decimal | None:
    """Parse a cell value as Decimal; ``None`` for a blank cell.

    Numbers are taken as they are (floats through their shortest repr, which is what the user
    typed into Excel).  Text follows the grammar above.  ``printed``: the value comes from a
    published table, where PDF conversion leaves spaces inside numbers ('883. 50'); those
    spaces are dropped before the grammar applies.
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
        if not value.is_finite():
            raise AmountError("不是有效数字")
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip(_EDGE_SPACE + "\n\r")
    if printed:
        text = _INNER_SPACE.sub("", text)
    if text in _BLANK:
        return None
    if not _GRAMMAR.fullmatch(text):
        detail = _why(text)
        raise AmountError(f"“{value}”不是数字{detail}", detail)
    return Decimal(text.replace(",", ""))


def _why(text: str) -> str:
    """What in the text breaks the grammar, when it is one of the usual paste artefacts."""
    if "\t" in text:
        return "（含制表符）"
    if "_" in text:
        return "（含下划线）"
    if any(ch in text for ch in _EDGE_SPACE):
        return "（数字中间有空格）"
    if re.search(r"\d[eE][+-]?\d", text):
        return "（科学计数法，请直接填写金额）"
    return ""


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
