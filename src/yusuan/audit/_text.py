"""Text normalisation shared by the recogniser: titles, header labels and row labels are
compared only in this form, so `单位 (科目名称)`, `单位（科目名称）` and `单位\n(科目名称)` are one label."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from yusuan.amounts import AmountError, parse_decimal

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟″'‘’「」『』"})
_DIGIT = re.compile(r"\d")


def normalise(value: object) -> str:
    """Cell text without any whitespace (newlines, full-width and no-break spaces), NFKC
    (（）→(), ：→:, full-width digits → ASCII) and one kind of quote."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACE.sub("", text).translate(_QUOTES)


def cell_text(value: object) -> str:
    """Text of a cell as shown, stripped; a whole float prints without '.0' (a code typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
        return parse_decimal(value)
    except AmountError:
        return None


def digits(value: object) -> str:
    """A code cell as a digit string ('201', 201, 201.0 → '201'); '' when it is not a code."""
    text = normalise(cell_text(value))
    return text if text.isdigit() else ""
