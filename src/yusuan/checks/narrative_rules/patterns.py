"""The phrase data of the 情况说明 checks (``checks/data/narrative_patterns.yaml``), compiled.

Which name refers to which table figure, in which section, is data; this module only turns
it into regular expressions and small records, once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from yusuan.yaml_data import load_yaml

_SPACES = re.compile(r"\s+")
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")
_LEVEL_MARK = re.compile(r"\((类|款|项)\)")


def nfkc(text: object) -> str:
    """NFKC text without markdown emphasis (``**0.00**`` in text pasted from a converter)."""
    return unicodedata.normalize("NFKC", str(text or "")).replace("*", "")


def compact(text: str) -> str:
    """Text as names are compared: NFKC, no spaces, no quotes, no （类）/（款） marks."""
    return _compact(text) if isinstance(text, str) else _compacted(text)


@lru_cache(maxsize=1 << 16)  # the same row labels are looked up for every figure a paragraph states
def _compact(text: str) -> str:
    return _compacted(text)


def _compacted(text: object) -> str:
    return _LEVEL_MARK.sub("", _QUOTES.sub("", _SPACES.sub("", nfkc(text))))


@dataclass(frozen=True)
class FigureSpec:
    """Where a figure is printed (see the ``figures`` section of the YAML)."""

    id: str
    label: str
    table: str | None = None
    row: object = "total"  # 'total' or {'side': key, 'label': regex}
    value: tuple[tuple[str, ...], ...] = ()  # alternatives, each a sum of column keys
    whole: str | None = None
    last_year: str | None = None
    count: str | None = None  # row role counted instead of an amount
    unit: str = "万元"


@dataclass(frozen=True)
class ClassLookup:
    """功能分类 类 named in the text, looked up by label in a table's rows."""

    table: str
    side: str
    column: str
    whole: str


@dataclass(frozen=True)
class Section:
    """A context: its heading, the anchors that switch to it and the names valid inside it."""

    name: str
    heading: re.Pattern | None
    anchors: tuple[tuple[re.Pattern, tuple[str, ...]], ...]
    names: tuple[tuple[re.Pattern, tuple[str, ...]], ...]
    classes: ClassLookup | None = None


@dataclass(frozen=True)
class Patterns:
    sheets: tuple[str, ...]
    figures: dict[str, FigureSpec]
    sections: tuple[Section, ...]
    global_names: tuple[tuple[re.Pattern, tuple[str, ...]], ...]
    generic: re.Pattern
    comparison: str
    prefixes: re.Pattern
    up: tuple[str, ...]
    down: tuple[str, ...]
    same: str
    reason_scope: re.Pattern
    reason_present: re.Pattern
    reason_no_change: re.Pattern
    list_item: re.Pattern
    list_follow: re.Pattern
    list_count: re.Pattern
    heading: re.Pattern
    heading_max_length: int
    drafting_notes: tuple[tuple[re.Pattern, str], ...]
    zero_statements: tuple[tuple[re.Pattern, str], ...]
    counts: tuple[tuple[re.Pattern, str], ...]
    part_sums: tuple[tuple[str, tuple[str, ...]], ...]
    fillers: str
    rewrites: tuple[tuple[str, str], ...] = ()

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)


def _ids(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (str(value),)


def _names(mapping: dict | None, fillers: str) -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    # group 'core' is the figure's own words, shown in messages without the filler tail
    return tuple(
        (re.compile(f"(?P<core>{pattern})(?:{fillers})*"), _ids(ids)) for pattern, ids in (mapping or {}).items()
    )


def _figure(key: str, spec: dict) -> FigureSpec:
    value = tuple(tuple(alternative) for alternative in spec.get("value", ()))
    return FigureSpec(
        id=key, label=spec.get("label", key), table=spec.get("table"), row=spec.get("row", "total"), value=value,
        whole=spec.get("whole"), last_year=spec.get("last_year"), count=spec.get("count"), unit=spec.get("unit", "万元"),
    )


@cache
def patterns() -> Patterns:
    text = resources.files("yusuan.checks").joinpath("data", "narrative_patterns.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    fillers = data["fillers"]
    sections = []
    for name, spec in data["contexts"].items():
        classes = spec.get("classes")
        sections.append(Section(
            name=name,
            heading=re.compile(spec["headings"]) if spec.get("headings") else None,
            anchors=_names(spec.get("anchors"), fillers),
            names=_names(spec.get("names"), fillers),
            classes=ClassLookup(**classes) if classes else None,
        ))
    reasons = data["reasons"]
    return Patterns(
        sheets=tuple(data["sheets"]),
        figures={key: _figure(key, spec) for key, spec in data["figures"].items()},
        sections=tuple(sections),
        global_names=_names(data.get("global"), fillers),
        generic=re.compile(f"(?:{data['generic_name']})(?:{fillers})*"),
        comparison=data["comparison"],
        prefixes=re.compile(f"^(?:{data['prefixes']})[:,]?"),
        up=tuple(data["directions"]["up"]),
        down=tuple(data["directions"]["down"]),
        same=data["same"],
        reason_scope=re.compile(reasons["scope"]),
        reason_present=re.compile(reasons["present"]),
        reason_no_change=re.compile(reasons["no_change"]),
        list_item=re.compile(reasons["list_item"]),
        list_follow=re.compile(reasons["list_follow"]),
        list_count=re.compile(reasons["list_count"]),
        heading=re.compile(data["heading"]),
        heading_max_length=int(data["heading_max_length"]),
        drafting_notes=tuple((re.compile(p["pattern"]), p["what"]) for p in data.get("drafting_notes", ())),
        zero_statements=tuple((re.compile(z["pattern"]), z["figure"]) for z in data.get("zero_statements", ())),
        counts=tuple((re.compile(c["pattern"]), c["figure"]) for c in data.get("counts", ())),
        part_sums=tuple((p["total"], tuple(p["parts"])) for p in data.get("part_sums", ())),
        fillers=fillers,
        rewrites=tuple((str(k), str(v)) for k, v in (data.get("rewrites") or {}).items()),
    )
