"""Header text → input column: the template's header, or a budget system's name for the same
column (``header_synonyms.yaml``), with a unit in brackets read off the end ("金额（万元）")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from yusuan.inputs.spec import SheetSpec
from yusuan.yaml_data import load_yaml

_SPACE = re.compile(r"\s+")
# '金额（万元）', '金额(元)', '预算数（单位：万元）'
_UNIT = re.compile(r"[(（](?:单位[:：])?(万元|元)[)）]$")


@dataclass(frozen=True)
class HeaderMatch:
    """The column a header names; ``unit`` when the header carries one; ``synonym`` when it is a
    budget system's wording rather than the template's."""

    key: str
    unit: str | None = None
    synonym: bool = False


def _fold(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lstrip("*＊")


def split_unit(text: str) -> tuple[str, str | None]:
    """'金额（万元）' → ('金额', '万元'); text without a unit → (text, None).  Folded."""
    folded = _fold(text)
    match = _UNIT.search(folded)
    if match and match.start():
        return folded[: match.start()], match.group(1)
    return folded, None


@cache
def _synonyms() -> dict[str, dict[str, str]]:
    text = resources.files("yusuan.inputs").joinpath("header_synonyms.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text) or {}
    return {sheet: {_fold(str(s)): key for key, names in columns.items() for s in names} for sheet, columns in raw.items()}


def synonyms_of(sheet: str) -> dict[str, str]:
    """Folded budget-system header → column key, for one input sheet."""
    return dict(_synonyms().get(sheet, {}))


class HeaderMatcher:
    """Matches the header cells of one list sheet; the template's header wins over a synonym."""

    def __init__(self, spec: SheetSpec):
        self.spec = spec
        self.own = {_fold(c.header): c.key for c in spec.columns}
        self.other = {name: key for name, key in synonyms_of(spec.name).items() if name not in self.own}

    def near_misses(self, header: Sequence[Any], keys: Iterable[str]) -> dict[str, tuple[int, str]]:
        """Column key of ``keys`` (columns not found) → (1-based column, text) of the header cell
        that was meant for it: a header no column takes whose text (folded, a unit in brackets
        aside) contains the column's header or a budget system's name for it (“金额说明” for 金额),
        or is part of the column's header (“部门经济科目” for 部门经济科目编码).  Only a one-to-one
        pairing counts: a header that could be meant for two columns, or two headers for one
        column, is no near miss."""
        meant: dict[int, set[str]] = {}
        for col, value in enumerate(header, start=1):
            if not isinstance(value, str) or not value.strip() or self.match(value) is not None:
                continue
            base = split_unit(value)[0]
            meant[col] = {key for key in keys if self._near(base, key)}
        pairs: dict[str, tuple[int, str]] = {}
        for key in keys:
            cols = [col for col, candidates in meant.items() if key in candidates]
            if len(cols) == 1 and meant[cols[0]] == {key}:
                pairs[key] = (cols[0], str(header[cols[0] - 1]).strip())
        return pairs

    def _near(self, base: str, key: str) -> bool:
        names = [name for name, k in (*self.own.items(), *self.other.items()) if k == key]
        own = _fold(self.spec.column(key).header)
        return any(name in base for name in names) or (len(base) >= 2 and base in own)

    def match(self, value: Any) -> HeaderMatch | None:
        if not isinstance(value, str) or not value.strip():
            return None
        base, unit = split_unit(value)
        if base in self.own:
            return HeaderMatch(self.own[base], unit)
        if base in self.other:
            return HeaderMatch(self.other[base], unit, synonym=True)
        return None
