"""The recognition data (data/recognition.yaml) and the header texts of the profiles, loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from yusuan import profiles
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import SETTING_HEADERS
from yusuan.text import normalise
from yusuan.yaml_data import load_yaml

_INHERITED = ("layout", "text_keys", "essential", "label_keys", "synonyms", "columns", "econ", "form_labels")


@dataclass(frozen=True, eq=False)  # hashed by identity: the title lookup's cache hashes every rule per text row
class TitleRule:
    patterns: tuple[str, ...]
    kind: str = ""
    unsupported: str = ""  # reason, for a known table the audit does not check


@dataclass(frozen=True)
class Candidate:
    """A header path (normalised labels, top to bottom) that names a column key."""

    key: str
    path: tuple[str, ...]
    order: int  # position in the profile's column order, for ambiguous leaf-only headers


@dataclass(frozen=True, eq=False)  # hashed by identity: the header mapping's cache keys on it
class KindConfig:
    kind: str
    layout: str
    text_keys: frozenset[str]
    essential: tuple[tuple[str, ...], ...]  # each entry: one of these keys
    label_keys: tuple[str, ...]
    synonyms: dict[str, str]
    candidates: tuple[Candidate, ...]
    econ: dict[str, Any] = field(default_factory=dict)
    header_labels: frozenset[str] = frozenset()  # every label its header may print
    form_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    form_markers: frozenset[str] = frozenset()  # labels that make a form without amounts recognisable
    task_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a form's task amount headings


@dataclass(frozen=True, eq=False)  # hashed by identity: the recogniser's per-text caches key on it
class Config:
    titles: tuple[TitleRule, ...]
    ignore_titles: tuple[re.Pattern, ...]
    table_numbers: tuple[re.Pattern, ...]  # form labels such as 预算06表, 表一
    note_prefixes: tuple[str, ...]
    note_markers: tuple[str, ...]
    total_label: re.Pattern
    skip_sheets: frozenset[str]
    input_sheets: dict[str, frozenset[str]]  # yusuan input sheet name → the labels of its header row
    department_labels: tuple[str, ...]
    kinds: dict[str, KindConfig]


def _raw() -> dict[str, Any]:
    text = resources.files("yusuan.audit").joinpath("data", "recognition.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


def _profile_candidates(kind: str, first: profiles.Profile | None) -> list[Candidate]:
    """Every leaf of every profile's table of ``kind`` with its label path (``first`` profile first)."""
    chosen = [first] if first else []
    chosen += [profiles.load(n) for n in profiles.available() if not first or n != first.name]
    out: list[Candidate] = []
    for profile in chosen:
        for spec in profile.tables:
            if spec.kind != kind:
                continue
            order = 0

            def walk(nodes, above: tuple[str, ...]) -> None:
                nonlocal order
                for node in nodes:
                    path = above + (normalise(node.label),)
                    if node.children:
                        walk(node.children, path)
                    else:
                        out.append(Candidate(node.key, path, order))
                        order += 1

            walk(spec.columns, ())
    return out


def _kind(kind: str, raw: dict[str, Any], all_raw: dict[str, Any], first: profiles.Profile | None) -> KindConfig:
    merged = dict(raw)
    if "like" in raw:
        base = all_raw[raw["like"]]
        merged = {k: raw.get(k, base.get(k)) for k in _INHERITED}
    candidates = _profile_candidates(kind, first)
    for label, key in (merged.get("columns") or {}).items():
        candidates.append(Candidate(str(key), tuple(normalise(p) for p in str(label).split("/")), len(candidates)))
    essential = tuple(tuple(e) if isinstance(e, list) else (e,) for e in merged.get("essential") or ())
    synonyms = {normalise(k): normalise(v) for k, v in (merged.get("synonyms") or {}).items()}
    return KindConfig(
        kind=kind,
        layout=merged["layout"],
        text_keys=frozenset(merged.get("text_keys") or ()),
        essential=essential,
        label_keys=tuple(merged.get("label_keys") or ()),
        synonyms=synonyms,
        candidates=tuple(candidates),
        econ=merged.get("econ") or {},
        header_labels=frozenset({label for c in candidates for label in c.path} | set(synonyms) | set(synonyms.values())),
        form_labels={k: tuple(normalise(v) for v in vs) for k, vs in (merged.get("form_labels") or {}).items()},
        form_markers=frozenset(normalise(v) for v in merged.get("form_markers") or ()),
        task_labels={k: tuple(normalise(v) for v in vs) for k, vs in (merged.get("task_labels") or {}).items()},
    )


@cache
def load_config(profile_name: str | None = None) -> Config:
    raw = _raw()
    first = profiles.load(profile_name) if profile_name else None
    titles = tuple(
        TitleRule(tuple(normalise(p) for p in t["patterns"]), t.get("kind", ""), t.get("unsupported", ""))
        for t in raw["titles"]
    )
    return Config(
        titles=titles,
        ignore_titles=tuple(re.compile(p) for p in raw.get("ignore_titles") or ()),
        table_numbers=tuple(re.compile(p) for p in raw.get("table_numbers") or ()),
        note_prefixes=tuple(normalise(p) for p in raw.get("note_prefixes") or ()),
        note_markers=tuple(normalise(p) for p in raw.get("note_markers") or ()),
        total_label=re.compile(raw["total_label"]),
        skip_sheets=frozenset(raw.get("skip_sheets") or ()),
        input_sheets=_input_sheets(),
        department_labels=tuple(normalise(p) for p in raw.get("department_labels") or ()),
        kinds={k: _kind(k, v, raw["kinds"], first) for k, v in raw["kinds"].items()},
    )


def _input_sheets() -> dict[str, frozenset[str]]:
    """yusuan's own input sheets (基本信息, 支出明细 …) with the labels of their header row:
    such a sheet is skipped only when it starts with that header (a disclosure table may
    stand on a sheet named 整体绩效 or 项目绩效)."""
    spec = load_spec()
    sheets = {s.name: frozenset(normalise(c.header) for c in s.columns) for s in spec.sheets}
    settings = frozenset(normalise(h) for h in SETTING_HEADERS) | {normalise(s.label) for s in spec.settings}
    return {spec.settings_sheet: settings, **sheets}
