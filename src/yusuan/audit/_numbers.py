"""Amount cells: the value as printed → Decimal 万元 (tables in 元 are divided by 10,000, exactly)."""

from __future__ import annotations

from decimal import Decimal

from yusuan.amounts import AmountError, parse_decimal
from yusuan.model.parsed import ParsedCell

YUAN_PER_WAN = Decimal(10_000)


def amount_cell(row: int, col: int, raw: object, unit: str) -> ParsedCell:
    """A body cell of an amount column.  Blank, '-' and '—' are no amount; text that is not a
    number keeps its value and says why (the rules report it, nothing is guessed)."""
    if raw is None:  # most cells of most tables: nothing to parse
        return ParsedCell(row, col, None)
    try:
        number = parse_decimal(raw, printed=True)
    except AmountError as exc:
        return ParsedCell(row, col, raw, None, exc.reason)
    if number is not None and unit == "元":
        number = number / YUAN_PER_WAN
    return ParsedCell(row, col, raw, number)
