"""Numbers and codes in cells as the recogniser reads them (text itself: :mod:`yusuan.text`, whose
``normalise`` makes `单位 (科目名称)`, `单位（科目名称）` and `单位\n(科目名称)` one label)."""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.amounts import AmountError, parse_decimal
from yusuan.text import cell_text, normalise

_DIGIT = re.compile(r"\d")


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_number(value: object) -> Decimal | None:
    """The value as a number if it is one (a number, or text that reads as one, such as
    '883. 50' or '1,203.22'); None for blanks, dashes and any other text."""
    if isinstance(value, bool) or is_blank(value):
        return None
    if isinstance(value, str) and not _DIGIT.search(value):
        return None
    try:
        return parse_decimal(value, printed=True)
    except AmountError:
        return None


def digits(value: object) -> str:
    """A code cell as a digit string ('201', 201, 201.0 → '201'); '' when it is not a code."""
    text = normalise(cell_text(value))
    return text if text.isdigit() else ""
