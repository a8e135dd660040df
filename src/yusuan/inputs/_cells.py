"""Cell values of the input sheets → text, codes and choices; header location by text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from yusuan.inputs._headers import HeaderMatcher
from yusuan.inputs.spec import SheetSpec
from yusuan.ports.base import a1
from yusuan.text import cell_text, fold

HEADER_SCAN_ROWS = 10  # a pasted export may carry title rows above its header
_SPACE = re.compile(r"\s+")
# '2010301 行政运行', '[2010301]行政运行', '2010301-行政运行': the budget system prints code and name together
_CODE_WITH_NAME = re.compile(r"^\[?(\d+)\]?(?:[\s\-—:：]+|(?<=\]))\D.*$")


def code_text(value: Any) -> str:
    """A code as text: 2010301, 2010301.0 and ' 2010301 ' all give '2010301'; leading zeros of a
    text code are kept; a trailing name printed by the budget system is dropped."""
    try:
        return _code_text(value)  # a sheet repeats few codes over thousands of rows
    except TypeError:  # a value that cannot be a cache key
        return _code_text.__wrapped__(value)


@lru_cache(maxsize=1 << 16, typed=True)
def _code_text(value: Any) -> str:
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    match = _CODE_WITH_NAME.match(text)
    if match:
        return match.group(1)
    if re.fullmatch(r"\d+\.0+", text):  # a number stored as text by a paste
        text = text.split(".")[0]
    return _SPACE.sub("", text)


def header_key(value: Any) -> str:
    """Header text for matching: folded, without a leading required-marker '*'."""
    return fold(cell_text(value)).lstrip("*＊")


@lru_cache(maxsize=1 << 12)  # a list column repeats a few choices over thousands of rows
def match_choice(text: str, choices: tuple[str, ...]) -> str | None:
    """The canonical choice a cell means (ignoring spaces and full/half width), or None."""
    wanted = fold(text)
    return next((c for c in choices if fold(c) == wanted), None)


@dataclass(frozen=True, slots=True)  # one per input row: no __dict__
class Record:
    """One data row of a list sheet: raw values by column key, and where they are."""

    sheet: str
    row: int
    values: dict[str, Any]
    columns: dict[str, int]
    units: dict[str, str] = field(default_factory=dict)  # column key -> unit its header names

    def raw(self, key: str) -> Any:
        return self.values.get(key)

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))

    def code(self, key: str) -> str:
        return code_text(self.values.get(key))

    def place(self) -> Record:
        """This row without its values, enough to name its cells: what is kept of a row once it is
        parsed (50,000 rows' values dicts were 60 MB of a build's peak memory)."""
        return Record(self.sheet, self.row, {}, self.columns, self.units)

    def cell(self, key: str) -> str:
        """A1 address of this row's cell in column ``key`` (column A if the column is absent)."""
        return a1(self.row, self.columns.get(key, 1))


@dataclass(frozen=True)
class Located:
    """A list sheet with its header row found: column key → 1-based column."""

    sheet: str
    header_row: int
    columns: dict[str, int]
    rows: list[list[Any]]
    units: dict[str, str] = field(default_factory=dict)  # column key -> unit in its header ('万元')
    renamed: dict[str, str] = field(default_factory=dict)  # column key -> budget-system header text
    duplicates: tuple[tuple[str, int, int], ...] = ()  # (header, column read, column ignored)

    def missing(self, spec: SheetSpec, required_only: bool = True) -> list[str]:
        return [c.header for c in spec.columns if c.key not in self.columns and (c.required or not required_only)]

    def records(self, ignore: frozenset[str] = frozenset()) -> Iterator[Record]:
        """Data rows below the header; rows blank in every known column (apart from the
        ``ignore`` columns, e.g. names yusuan fills) are skipped."""
        keys = tuple(self.columns)
        positions = tuple(col - 1 for col in self.columns.values())
        checked = tuple(p for key, p in zip(keys, positions) if key not in ignore)
        width = max(positions, default=-1) + 1
        for index in range(self.header_row, len(self.rows)):
            row = self.rows[index]
            if len(row) < width:  # a short row: the missing cells are blank
                row = [*row, *[None] * (width - len(row))]
            if all(cell_text(row[p]) == "" for p in checked):
                continue
            yield Record(self.sheet, index + 1, dict(zip(keys, [row[p] for p in positions])), self.columns, self.units)

    def column_values(self, key: str) -> Iterator[tuple[int, Any]]:
        """(row, value) of column ``key`` in every row below the header (blank rows too)."""
        position = self.columns[key] - 1
        for index in range(self.header_row, len(self.rows)):
            row = self.rows[index]
            yield index + 1, row[position] if position < len(row) else None


def locate(sheet: str, rows: list[list[Any]], spec: SheetSpec) -> Located | None:
    """Find the header row (the one of the first rows that names most columns) and the columns;
    None when no row names any column.  A header may be the template's or a budget system's
    (``header_synonyms.yaml``), with a unit in brackets.  Extra columns are ignored; of two
    columns for the same field the first is read and the pair is listed in ``duplicates``
    (the reader reports it)."""
    matcher = HeaderMatcher(spec)
    best: tuple[int, dict[str, int], dict[str, str], dict[str, str], list[tuple[str, int, int]]] | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        units: dict[str, str] = {}
        renamed: dict[str, str] = {}
        duplicates: list[tuple[str, int, int]] = []
        for col, value in enumerate(row, start=1):
            match = matcher.match(value)
            if match is None:
                continue
            if match.key in found:
                duplicates.append((cell_text(value), found[match.key], col))
                continue
            found[match.key] = col
            if match.unit:
                units[match.key] = match.unit
            if match.synonym or match.unit:
                renamed[match.key] = cell_text(value)
        if found and (best is None or len(found) > len(best[1])):
            best = (index + 1, found, units, renamed, duplicates)
    if best is None:
        return None
    return Located(sheet, best[0], best[1], rows, best[2], best[3], tuple(best[4]))
