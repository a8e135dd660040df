"""The profile as data classes: tables, header trees, layout options and extra input fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from yusuan.yaml_data import load_yaml


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

    def in_unit(self, unit: str) -> HeaderNode:
        """The node and its children with their labels' amount unit said in ``unit``."""
        return replace(self, label=in_amount_unit(self.label, unit), children=tuple(c.in_unit(unit) for c in self.children))


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
    print_empty: bool | None = None  # printed when it has no data; None: the profile's layout decides
    empty_note: str = ""  # this table's own 本表无数据 wording ('{year}', '{fund}' allowed)
    position: int = 0  # 1-based place in the profile file (for messages)

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

    def in_unit(self, unit: str) -> TableSpec:
        """The spec with the amount unit of its header labels and text options (部门预算总额（万元）)
        said in ``unit``."""
        options = {k: in_amount_unit(v, unit) if isinstance(v, str) else v for k, v in self.options.items()}
        return replace(self, columns=tuple(n.in_unit(unit) for n in self.columns), options=options)


@dataclass(frozen=True)
class LayoutOption:
    """A layout option (版式选项) with its 基本信息 label and the Chinese text of each value."""

    key: str
    label: str
    default: str
    values: dict[str, str]  # YAML value → choice shown on 基本信息
    doc: str = ""

    def value_of(self, choice: str) -> str | None:
        """The YAML value of a 基本信息 choice (or of the value itself)."""
        if choice in self.values:
            return choice
        return next((k for k, v in self.values.items() if v == choice), None)


@dataclass(frozen=True)
class InputField:
    """An optional 基本信息 field a profile reads (e.g. 国有资产-固定资产总额): only in the
    template and the reader when that profile is chosen."""

    key: str
    label: str
    kind: str = "text"  # amount (金额单位 of 基本信息) / count / text
    hint: str = ""


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    department_label: str
    unit_label: str
    empty_note: str
    tables: tuple[TableSpec, ...]
    wording: dict[str, Any] = field(default_factory=dict)
    year: int | None = None  # the budget year the layout is for (build warns on another year)
    source: str = ""  # where the layout comes from (seed, gaps filled from …)
    narrative: str | dict | None = None  # 情况说明 wording: file name, or the wording itself
    glossary: str | dict | None = None  # cover, 目录, 名词解释: file name, or the wording itself
    layout: dict[str, str] = field(default_factory=dict)  # layout option → value (defaults filled in)
    inputs: tuple[InputField, ...] = ()
    # input sheet → optional columns (sheets.yaml ``profile_only``) only this profile reads,
    # e.g. 整体绩效: the task amounts of the 2020 整体支出绩效目标表
    input_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: str = ""  # the file it was read from ('' for a built-in profile)

    def table(self, table_id: str) -> TableSpec | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def option(self, key: str) -> str:
        """A layout option's value (the profile's, or the one the user chose)."""
        return self.layout.get(key) or layout_options()[key].default

    def with_layout(self, overrides: dict[str, str]) -> Profile:
        """The same profile with some layout options overridden (基本信息 or command line)."""
        chosen = {k: v for k, v in overrides.items() if v}
        return self if not chosen else replace(self, layout={**self.layout, **chosen}).in_its_unit()

    def in_its_unit(self) -> Profile:
        """The profile with every table's labels in the amount unit its layout prints (元 mode:
        项目金额（元）, as the unit line says 单位：元): the one place the labels follow amount_unit."""
        unit = self.option("amount_unit")
        return replace(self, tables=tuple(spec.in_unit(unit) for spec in self.tables))

    def empty_note_of(self, spec: TableSpec, year: int | str | None) -> str:
        """The note under ``spec`` printed without data (本表无数据), naming its fund: the
        table's own wording (its ``empty_note``, or as before ``options.empty_note``), else the
        profile's; '{year}' and '{fund}' filled in."""
        fund = self.empty_fund_of(spec)
        if spec.empty_note:
            return spec.empty_note.format(year=year, fund=fund)
        if "empty_note" in spec.options:
            return str(spec.options["empty_note"]).format(year=year)
        return self.empty_note.format(year=year, fund=fund)

    @staticmethod
    def empty_fund_of(spec: TableSpec) -> str:
        """The fund an empty ``spec``'s note names (its ``empty_fund``, else the table's name)."""
        return str(spec.options.get("empty_fund", spec.name))

    def table_of_kind(self, kind: str) -> TableSpec | None:
        """The first table of ``kind`` (a recognised table's spec)."""
        return next((t for t in self.tables if t.kind == kind), None)

    def prints_empty(self, spec: TableSpec) -> bool:
        """Whether ``spec`` is printed when it has no data."""
        mode = self.layout.get("print_empty", "profile")
        if mode == "all":
            return True
        if mode == "none":
            return False
        return True if spec.print_empty is None else spec.print_empty


def in_amount_unit(text: str, unit: str) -> str:
    """``text`` with an amount unit in brackets（万元）/（元）— the values of the layout option
    amount_unit — said in ``unit``."""
    return _units_in_brackets().sub(f"（{unit}）", text)


@cache
def _units_in_brackets() -> re.Pattern[str]:
    return re.compile("（(?:" + "|".join(map(re.escape, layout_options()["amount_unit"].values)) + ")）")


@cache
def layout_options() -> dict[str, LayoutOption]:
    """The layout options (``layout.yaml``): key → label, default, values."""
    raw = load_yaml(resources.files("yusuan.profiles").joinpath("layout.yaml").read_text(encoding="utf-8"))
    return {key: LayoutOption(key, str(o["label"]), str(o["default"]),
                              {str(k): str(v) for k, v in o["values"].items()}, str(o.get("doc", "")))
            for key, o in raw.items()}
