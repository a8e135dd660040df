"""The 表内 relations of each table kind, loaded from ``checks/data/table_relations.yaml``.

What adds up to what is data: a new layout or kind needs a YAML entry, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

from yusuan.model.parsed import SheetTable
from yusuan.yaml_data import load_yaml


@dataclass(frozen=True)
class Sum:
    """``total`` column = Σ ``parts`` columns, row by row."""

    total: str
    parts: tuple[str, ...]

    def applies(self, table: SheetTable) -> bool:
        return self.total in table.columns and all(p in table.columns for p in self.parts)


@dataclass(frozen=True)
class Within:
    """``part`` (a 其中 column) ≤ ``of``."""

    part: str
    of: str

    def applies(self, table: SheetTable) -> bool:
        return self.part in table.columns and self.of in table.columns


@dataclass(frozen=True)
class Side:
    """One side of a two-sided table: its label column and its amount columns."""

    name: str
    label: str
    amounts: tuple[str, ...]


@dataclass(frozen=True)
class FormRow:
    key: str  # the figure's column key, as the recogniser gives it
    label: str  # fragment of the printed label that finds the row otherwise
    name: str  # how messages call it


@dataclass(frozen=True)
class FormSplit:
    name: str
    parts: tuple[FormRow, ...]


@dataclass(frozen=True)
class Form:
    amount_key: str
    total: FormRow
    splits: tuple[FormSplit, ...]


@dataclass(frozen=True)
class KindRelations:
    kind: str
    name: str
    columns: dict[str, str]  # amount key -> Chinese name
    across: tuple[Sum, ...] = ()
    within: tuple[Within, ...] = ()
    down: bool = False
    sides: tuple[Side, ...] = ()
    balance: dict[str, str] = field(default_factory=dict)  # {'income': key, 'spending': key}
    econ_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    form: Form | None = None

    def column_name(self, key: str) -> str:
        return self.columns.get(key, key)


@dataclass(frozen=True)
class SideLabels:
    grand_totals: frozenset[str]
    current_totals: frozenset[str]
    of_which_prefix: str
    heading: re.Pattern
    sub_item: re.Pattern


@dataclass(frozen=True)
class Relations:
    kinds: dict[str, KindRelations]
    half_units: dict[str, Decimal]
    levels: tuple[str, ...]
    role_names: dict[str, str]
    side_labels: SideLabels

    def of(self, kind: str) -> KindRelations | None:
        return self.kinds.get(kind)

    def half_unit(self, table: SheetTable) -> Decimal:
        return self.half_units.get(table.unit, self.half_units["万元"])

    def level(self, role: str) -> int:
        return self.levels.index(role) if role in self.levels else len(self.levels) - 1


def _form(data: dict | None) -> Form | None:
    if not data:
        return None
    return Form(
        amount_key=data["amount_key"],
        total=FormRow(**data["total"]),
        splits=tuple(FormSplit(s["name"], tuple(FormRow(**p) for p in s["parts"])) for s in data["splits"]),
    )


def _kind(kind: str, data: dict) -> KindRelations:
    return KindRelations(
        kind=kind,
        name=data["name"],
        columns=dict(data.get("columns", {})),
        across=tuple(Sum(r["total"], tuple(r["parts"])) for r in data.get("across", ())),
        within=tuple(Within(r["part"], r["of"]) for r in data.get("within", ())),
        down=bool(data.get("down", False)),
        sides=tuple(Side(s["name"], s["label"], tuple(s["amounts"])) for s in data.get("sides", ())),
        balance=dict(data.get("balance", {})),
        econ_columns={k: tuple(str(c) for c in v) for k, v in data.get("econ_columns", {}).items()},
        form=_form(data.get("form")),
    )


@cache
def load() -> Relations:
    text = resources.files("yusuan.checks").joinpath("data", "table_relations.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    labels = data["side_labels"]
    return Relations(
        kinds={kind: _kind(kind, entry) for kind, entry in data["kinds"].items()},
        half_units={unit: Decimal(str(v)) for unit, v in data["half_units"].items()},
        levels=tuple(data["levels"]),
        role_names=dict(data["role_names"]),
        side_labels=SideLabels(
            grand_totals=frozenset(labels["grand_totals"]),
            current_totals=frozenset(labels["current_totals"]),
            of_which_prefix=labels["of_which_prefix"],
            heading=re.compile(labels["heading"]),
            sub_item=re.compile(labels["sub_item"]),
        ),
    )
