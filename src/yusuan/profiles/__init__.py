"""Profiles: which tables a region/year publishes, their titles, headers and wording.

A profile is a YAML file in ``profiles/data``; nothing about a region lives in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from yusuan.errors import UserError

DEFAULT_PROFILE = "河南2025"


@dataclass(frozen=True)
class HeaderNode:
    """A header cell: a leaf names a column key, an inner node spans its children."""

    label: str
    key: str | None = None
    children: tuple[HeaderNode, ...] = ()

    @property
    def leaves(self) -> list[HeaderNode]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves]

    @property
    def column_key(self) -> str:
        """A leaf's column key: the profile loader gives every leaf one."""
        if self.key is None:
            raise ValueError(f"表头“{self.label}”没有列键")
        return self.key

    @property
    def depth(self) -> int:
        return 1 + max((c.depth for c in self.children), default=0)


@dataclass(frozen=True)
class TableSpec:
    """One disclosure table of a profile."""

    id: str  # builder module, e.g. 'expenditure'
    number: str  # 目录 numbering: 一, 二 …
    name: str  # 部门收支预算表
    title: str  # template, e.g. '{year}年部门收支预算表'
    columns: tuple[HeaderNode, ...]
    widths: dict[str, float] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    footnote: str = ""
    landscape: bool = True
    kind: str = ""  # what the table is, for recognition and checks; defaults to ``id``

    @property
    def leaves(self) -> list[HeaderNode]:
        return [leaf for node in self.columns for leaf in node.leaves]

    @property
    def keys(self) -> list[str]:
        return [leaf.column_key for leaf in self.leaves]

    @property
    def header_depth(self) -> int:
        return max((n.depth for n in self.columns), default=0)

    def sheet_name(self) -> str:
        return self.name[:31]


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    department_label: str
    unit_label: str
    empty_note: str
    tables: tuple[TableSpec, ...]
    wording: dict[str, Any] = field(default_factory=dict)

    def table(self, table_id: str) -> TableSpec | None:
        return next((t for t in self.tables if t.id == table_id), None)


def _parse_nodes(items: list[Any]) -> tuple[HeaderNode, ...]:
    nodes = []
    for item in items:
        ((label, value),) = item.items()
        if isinstance(value, list):
            nodes.append(HeaderNode(str(label), None, _parse_nodes(value)))
        else:
            nodes.append(HeaderNode(str(label), str(value)))
    return tuple(nodes)


def _parse(data: dict[str, Any]) -> Profile:
    tables = tuple(
        TableSpec(
            id=t["id"],
            number=t["number"],
            name=t["name"],
            title=t.get("title", "{year}年" + t["name"]),
            columns=_parse_nodes(t["columns"]),
            widths={str(k): float(v) for k, v in (t.get("widths") or {}).items()},
            options=t.get("options") or {},
            footnote=t.get("footnote", ""),
            landscape=t.get("landscape", True),
            kind=t.get("kind", t["id"]),
        )
        for t in data["tables"]
    )
    return Profile(
        name=data["name"],
        description=data.get("description", ""),
        department_label=data.get("department_label", "部门名称：{department}"),
        unit_label=data.get("unit_label", "单位：万元"),
        empty_note=data["empty_note"],
        tables=tables,
        wording=data.get("wording") or {},
    )


@cache
def _all() -> dict[str, Profile]:
    profiles = {}
    for entry in sorted(resources.files(__package__).joinpath("data").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            profile = _parse(yaml.safe_load(entry.read_text(encoding="utf-8")))
            profiles[profile.name] = profile
    return profiles


def available() -> list[str]:
    """Names of the installed profiles (表样版本), default first."""
    names = sorted(_all())
    return sorted(names, key=lambda n: n != DEFAULT_PROFILE)


def load(name: str = DEFAULT_PROFILE) -> Profile:
    try:
        return _all()[name]
    except KeyError:
        raise UserError(f"未知的表样版本“{name}”，可选：{'、'.join(available())}") from None
