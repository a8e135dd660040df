"""Header text → input column: the template's header, or a budget system's name for the same
column (``header_synonyms.yaml``), with a unit in brackets read off the end ("金额（万元）")."""

from __future__ import annotations

import re
import unicodedata
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
        self.own = {_fold(c.header): c.key for c in spec.columns}
        self.other = {name: key for name, key in synonyms_of(spec.name).items() if name not in self.own}

    def match(self, value: Any) -> HeaderMatch | None:
        if not isinstance(value, str) or not value.strip():
            return None
        base, unit = split_unit(value)
        if base in self.own:
            return HeaderMatch(self.own[base], unit)
        if base in self.other:
            return HeaderMatch(self.other[base], unit, synonym=True)
        return None
