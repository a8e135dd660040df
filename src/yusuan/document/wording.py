"""The document's wording and look, from the data files in ``document/data``.

Wording (cover, 目录, part titles, default 名词解释) is one ``glossary_*.yaml`` per profile,
found by its ``profile`` field; the look (fonts, margins, table text sizes) is ``style.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from yusuan.profiles import DEFAULT_PROFILE, Profile, referenced_data
from yusuan.yaml_data import load_yaml


@dataclass(frozen=True)
class Term:
    """One 名词解释 entry."""

    term: str
    text: str


@dataclass(frozen=True)
class Wording:
    profile: str
    raw: dict[str, Any]

    def text(self, path: str, **values: object) -> str:
        """The template at ``path`` ('part_one.title'), filled with ``values``."""
        node: Any = self.raw
        for part in path.split("."):
            node = node[part]
        return str(node).format(**values)

    @property
    def cover_lines(self) -> list[str]:
        return [str(line) for line in self.raw["cover"]["lines"]]

    @property
    def part_one_sections(self) -> list[tuple[str, str]]:
        """(基本信息 setting key, section heading) in print order."""
        return [(s["key"], s["heading"]) for s in self.raw["part_one"]["sections"]]

    @property
    def glossary_sheet(self) -> str:
        return str(self.raw["glossary_sheet"]["name"])

    @property
    def glossary_headers(self) -> tuple[str, str]:
        term, text = self.raw["glossary_sheet"]["headers"]
        return str(term), str(text)

    @property
    def glossary(self) -> list[Term]:
        return [Term(str(t["term"]), str(t["text"]).strip()) for t in self.raw["glossary"]]


def _data_files(prefix: str):
    folder = resources.files(__package__).joinpath("data")
    return sorted((e for e in folder.iterdir() if e.name.startswith(prefix) and e.name.endswith(".yaml")),
                  key=lambda e: e.name)


@cache
def _all() -> dict[str, Wording]:
    found = {}
    for entry in _data_files("glossary_"):
        raw = load_yaml(entry.read_text(encoding="utf-8"))
        found[raw["profile"]] = Wording(raw["profile"], raw)
    return found


def wording_for(profile: Profile | str) -> Wording:
    """The profile's wording: the file (or mapping) its ``glossary`` key names; else the file
    whose ``profile`` field is the profile's name; else the default profile's."""
    if isinstance(profile, Profile):
        named = referenced_data(profile, "glossary", resources.files(__package__).joinpath("data"))
        if named is not None:
            return Wording(profile.name, named)
        profile = profile.name
    every = _all()
    return every.get(profile) or every[DEFAULT_PROFILE]


@cache
def style() -> dict[str, Any]:
    entry = resources.files(__package__).joinpath("data", "style.yaml")
    return load_yaml(entry.read_text(encoding="utf-8"))
