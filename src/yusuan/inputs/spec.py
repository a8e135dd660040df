"""The input sheets as data: ``sheets.yaml`` loaded into small dataclasses.

The template generator, the reader and the docs all read this one definition, so the
template can never drift from what the reader expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

from yusuan import profiles
from yusuan.yaml_data import load_yaml

# A `choices` value naming a list that is not in the yaml but comes from installed data.
_DYNAMIC_CHOICES = {"profiles"}


@dataclass(frozen=True)
class SettingSpec:
    """One setting row of 基本信息 (label in column A, value in column B)."""

    key: str
    label: str
    required: bool = False
    # str / year / text (long, wrapped) / count (non-negative integer) / amount (金额单位) /
    # layout (a layout option: blank = the profile's default)
    kind: str = "str"
    choices: tuple[str, ...] | None = None
    default: str | None = None
    hint: str = ""  # how to fill it in: the template's 填写说明 column and input prompt


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a list sheet, found by its header text."""

    key: str
    header: str
    required: bool = False
    kind: str = "str"  # str / code (text, leading zeros kept) / amount
    choices: tuple[str, ...] | None = None
    choices_name: str | None = None  # name of the closed list, e.g. 'fund_sources'
    fill: str | None = None  # key of the code column this name column is filled from
    default: str | None = None
    width: float = 12
    max_yuan: int | None = None  # amount columns: the largest plausible amount, in 元
    note: str = ""  # what goes in the column, for the header's input prompt
    catalog: str | None = None  # code column with a drop-down from the year's catalog (function / dept_econ / gov_econ)
    source_sheet: str | None = None  # code column with a drop-down from this sheet's codes (单位代码 → 单位信息)
    profile_only: bool = False  # only for a profile listing it under input_columns (河南2020 task amounts)


@dataclass(frozen=True)
class SheetSpec:
    """A list sheet: header row 1, one record per row below."""

    name: str
    doc: str
    columns: tuple[ColumnSpec, ...]
    examples: tuple[dict[str, Any], ...] = ()  # rows shown on the template's 示例 sheet

    def column(self, key: str) -> ColumnSpec:
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, ColumnSpec]:
        """Columns by key (the reader asks several per input row); the first of a key wins."""
        by_key: dict[str, ColumnSpec] = {}
        for c in self.columns:
            by_key.setdefault(c.key, c)
        return by_key

    @property
    def name_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if c.fill)


@dataclass(frozen=True)
class InputSpec:
    settings_sheet: str
    settings: tuple[SettingSpec, ...]
    sheets: tuple[SheetSpec, ...]
    choices: dict[str, tuple[str, ...]]

    def sheet(self, name: str) -> SheetSpec:
        return next(s for s in self.sheets if s.name == name)

    def setting(self, key: str) -> SettingSpec:
        return next(s for s in self.settings if s.key == key)


@cache
def _raw() -> dict[str, Any]:
    text = resources.files("yusuan.inputs").joinpath("sheets.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


def _resolve(value: Any, named: dict[str, tuple[str, ...]]) -> tuple[tuple[str, ...] | None, str | None]:
    """A `choices` entry → (values, list name)."""
    if value is None:
        return None, None
    if isinstance(value, list):
        return tuple(str(v) for v in value), None
    if value in _DYNAMIC_CHOICES:
        return tuple(profiles.available()), value
    return named[value], value


LAYOUT_PREFIX = "layout_"  # setting key of a layout option: layout_function_rows …


def _layout_settings() -> list[SettingSpec]:
    """One 基本信息 row per layout option; blank keeps the profile's default."""
    return [SettingSpec(key=LAYOUT_PREFIX + o.key, label=o.label, kind="layout", choices=tuple(o.values.values()),
                        hint=f"可不填，按表样版本的默认。{o.doc}")
            for o in profiles.layout_options().values()]


def _profile_settings(profile: profiles.Profile | None) -> list[SettingSpec]:
    """The optional fields the chosen profile declares (国有资产 values …)."""
    if profile is None:
        return []
    return [SettingSpec(key=f.key, label=f.label, kind=f.kind, hint=f.hint) for f in profile.inputs]


def _origin(profile: profiles.Profile) -> str:
    return profile.path or f"yusuan/profiles/data（表样“{profile.name}”）"


def _profile_columns(profile: profiles.Profile | None, sheet: dict[str, Any]) -> set[str]:
    """The optional columns of ``sheet`` that ``profile`` reads (its ``input_columns``); a key
    the sheet has no optional column for is an error in the profile file."""
    wanted = set(profile.input_columns.get(sheet["name"], ())) if profile else set()
    optional = {c["key"] for c in sheet["columns"] if c.get("profile_only")}
    unknown = sorted(wanted - optional)
    if unknown and profile:
        raise profiles.ProfileError(f"表样文件“{_origin(profile)}”中 input_columns.{sheet['name']}：不认识的列键“{unknown[0]}”"
                                    f"（可选：{'、'.join(sorted(optional)) or '无'}）")
    return wanted


def load_spec(profile: profiles.Profile | None = None) -> InputSpec:
    """The input sheets; with ``profile``, 基本信息 also holds the fields that profile declares.
    Not cached as a whole: the profile list is looked up each time."""
    raw = _raw()
    named = {k: tuple(str(v) for v in vs) for k, vs in raw["choices"].items()}
    listed = {sh["name"] for sh in raw["list_sheets"]}
    if profile and (strange := sorted(set(profile.input_columns) - listed)):
        raise profiles.ProfileError(f"表样文件“{_origin(profile)}”中 input_columns：不认识的工作表“{strange[0]}”"
                                    f"（可选：{'、'.join(sorted(listed))}）")
    settings = []
    for s in raw["settings"]:
        choices, _ = _resolve(s.get("choices"), named)
        settings.append(
            SettingSpec(
                key=s["key"],
                label=s["label"],
                required=bool(s.get("required", False)),
                kind=s.get("kind", "str"),
                choices=choices,
                default=profile.name if profile and s["key"] == "profile" else
                None if s.get("default") is None else str(s["default"]),
                hint=s.get("hint", ""),
            )
        )
        if s["key"] == "profile":
            settings += _layout_settings()
    settings += [s for s in _profile_settings(profile) if s.key not in {t.key for t in settings}]
    sheets = []
    for sh in raw["list_sheets"]:
        wanted = _profile_columns(profile, sh)
        columns = []
        for c in sh["columns"]:
            if c.get("profile_only") and c["key"] not in wanted:
                continue
            choices, choices_name = _resolve(c.get("choices"), named)
            columns.append(
                ColumnSpec(
                    key=c["key"],
                    header=c["header"],
                    required=bool(c.get("required", False)),
                    kind=c.get("kind", "str"),
                    choices=choices,
                    choices_name=choices_name,
                    fill=c.get("fill"),
                    default=None if c.get("default") is None else str(c["default"]),
                    width=float(c.get("width", 12)),
                    max_yuan=None if c.get("max_yuan") is None else int(c["max_yuan"]),
                    note=c.get("note", ""),
                    catalog=c.get("catalog"),
                    source_sheet=c.get("source_sheet"),
                    profile_only=bool(c.get("profile_only", False)),
                )
            )
        doc, examples = sh.get("doc", ""), sh.get("examples") or ()
        if wanted:  # the guide and 示例 show the profile's own columns
            doc, examples = doc + sh.get("profile_doc", ""), sh.get("profile_examples") or examples
        sheets.append(SheetSpec(name=sh["name"], doc=doc, columns=tuple(columns), examples=tuple(examples)))
    return InputSpec(
        settings_sheet=raw["settings_sheet"],
        settings=tuple(settings),
        sheets=tuple(sheets),
        choices=named,
    )
