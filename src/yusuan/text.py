"""Text of cells, one definition each (a foundation: imports nothing else from yusuan).

- :func:`cell_text`: what a cell shows, as text;
- :func:`shown_text`: the same, kept short enough to quote in a message (1E+308, not 309 digits);
- :func:`nfkc`: full-width letters, digits and brackets as half-width (（）→(), ：→:);
- :func:`fold`: the comparison form of names, labels and settings: NFKC without whitespace;
- :func:`normalise`: :func:`fold` with one kind of quote, for titles and headers of tables.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟″'‘’「」『』"})


def cell_text(value: object) -> str:
    """What the user sees in a cell, as text; '' for blank.  A whole number prints without
    '.0' (a code typed as a number), a truth value as 是/否, a date as 2025-03-01."""
    if type(value) is str:  # most cells: checked first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


SIGNIFICANT_DIGITS = 15  # Excel keeps 15 significant digits of a number
QUOTE_LIMIT, QUOTE_HEAD = 30, 20  # a longer text is quoted by its first 20 characters and its length


def shown_text(value: object) -> str:
    """:func:`cell_text`, bounded for a message: a number of more than 15 integer digits in
    scientific notation with at most 15 significant digits, as a spreadsheet writes it (1E+308,
    1.23456789012346E+20); a text longer than 30 characters as its first 20 and its length."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number.is_finite() and abs(number) >= 10**SIGNIFICANT_DIGITS:
            mantissa, _, exponent = format(number, f".{SIGNIFICANT_DIGITS - 1}E").partition("E")
            return f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"
    text = cell_text(value)
    return text if len(text) <= QUOTE_LIMIT else f"{text[:QUOTE_HEAD]}…（共{len(text)}个字符）"


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1 << 16)  # rules compare the same names (科目, headers) over and over
def fold(text: str) -> str:
    """Comparison form: full-width → half-width (NFKC), no whitespace."""
    return _SPACE.sub("", nfkc(text))


def normalise(value: object) -> str:
    """Cell text without any whitespace (newlines, full-width and no-break spaces), NFKC
    (（）→(), ：→:, full-width digits → ASCII) and one kind of quote."""
    if type(value) is str:  # most values: no str() call (10^6 calls an audit)
        return _normalised(value)
    if value is None:
        return ""
    return _normalised(str(value))


@lru_cache(maxsize=1 << 16)  # the recogniser normalises a sheet's labels again for each lookup
def _normalised(text: str) -> str:
    return fold(text).translate(_QUOTES)
