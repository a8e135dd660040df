"""十二 项目支出预算表.

Rows as in seeds 004/002: a 合计 row (labels blank), the department row (项目名称 = department
code, 项目单位 = department name: the seeds' own layout), then — with several units — a row per
unit (项目名称 = unit code, 项目单位 = unit name) followed by its projects, ordered by unit then
project code (``options.department_row: false``: no department row, as 2022 prints it;
``options.unit_rows: false``: no unit rows, as 2023 prints it; ``total_label_key``: the column that
carries the 合计 label, blank in the seeds 004/002).  Columns split each project's lines by 资金来源 and 上年结转 as
``options.fund_columns`` says (本年拨款 / 财政拨款结转结余 per fund, 财政专户, 单位资金).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from yusuan.model import FundSource
from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import Atoms, TableContext, first, total_where, where

TEXT_KEYS = {"project_type", "name", "unit_name"}
PROJECT = "项目支出"

_GB, _GF, _SC = FundSource.GENERAL_BUDGET.value, FundSource.GOVERNMENT_FUND.value, FundSource.STATE_CAPITAL.value
# Column key → {funds: [...], carried_over: bool (absent = both)}; used when the profile has none.
DEFAULT_FUND_COLUMNS = {
    "total": {"funds": [f.value for f in FundSource]},
    "current_general": {"funds": [_GB], "carried_over": False},
    "current_fund": {"funds": [_GF], "carried_over": False},
    "current_state_capital": {"funds": [_SC], "carried_over": False},
    "carry_general": {"funds": [_GB], "carried_over": True},
    "carry_fund": {"funds": [_GF], "carried_over": True},
    "carry_state_capital": {"funds": [_SC], "carried_over": True},
    "special_account": {"funds": [FundSource.SPECIAL_ACCOUNT.value]},
    "unit_funds": {"funds": [f.value for f in FundSource if f.is_unit_fund]},
}


def _column_filter(rule: dict[str, Any]) -> dict[str, object]:
    conditions: dict[str, object] = {"fund_source": [str(f) for f in rule.get("funds", [])]}
    if "carried_over" in rule:
        conditions["carried_over"] = bool(rule["carried_over"])
    return conditions


def fund_amounts(spec: TableSpec, text_keys: set[str]) -> Callable[[Atoms], dict[str, int]]:
    """Atoms → a row's amounts: each amount column of ``spec`` sums the atoms of the 资金来源 (and
    上年结转 flag) its ``options.fund_columns`` entry names (also 基本支出明细表's columns)."""
    columns = cast(dict[str, dict[str, Any]], spec.options.get("fund_columns") or DEFAULT_FUND_COLUMNS)  # profile YAML
    filters = {k: _column_filter(v) for k, v in columns.items()}
    amount_keys = [k for k in spec.keys if k not in text_keys]

    def amounts(frame: Atoms) -> dict[str, int]:
        return {key: total_where(frame, **filters[key]) if key in filters else 0 for key in amount_keys}

    return amounts


def total_labels(ctx: TableContext, spec: TableSpec) -> dict[str, str]:
    """The 合计 label in the column ``options.total_label_key`` names (none: the labels stay blank)."""
    key = spec.options.get("total_label_key")
    return {key: ctx.profile.wording.get("total", "合计")} if key else {}


def build(ctx: TableContext, spec: TableSpec) -> Table:
    options = spec.options
    atoms = where(ctx.lines, spending_type=PROJECT)
    amounts = fund_amounts(spec, TEXT_KEYS)
    records = [({**total_labels(ctx, spec), **amounts(atoms)}, "total")]
    if not len(atoms):
        note = empty_note(ctx, spec)
        return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS, note=note)

    department = ctx.model.department
    if options.get("department_row", True):
        records.append(({"name": department.code, "unit_name": department.name, **amounts(atoms)}, "group"))
    # ``options.unit_rows: false`` (seed 001): the projects follow the department row without unit rows
    several_units = len(ctx.model.units) > 1 and options.get("unit_rows", True)
    for unit_code in sorted(set(atoms["unit_code"])):
        unit_atoms = where(atoms, unit_code=unit_code)
        unit = ctx.model.unit(unit_code)
        unit_name = unit.name if unit else unit_code
        if several_units:
            records.append(({"name": unit_code, "unit_name": unit_name, **amounts(unit_atoms)}, "group"))
        for project_code in sorted(set(unit_atoms["project_code"])):
            project_atoms = where(unit_atoms, project_code=project_code)
            label = {"project_type": first(project_atoms, "project_type"),
                     "name": first(project_atoms, "project_name") or project_code,
                     "unit_name": unit_name}
            records.append(({**label, **amounts(project_atoms)}, "detail"))
    return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS)


REQUIRED_OPTIONS: tuple[str, ...] = ()


def column_keys(spec: TableSpec) -> frozenset[str]:
    """Text columns and the amount columns ``options.fund_columns`` defines."""
    return frozenset({*TEXT_KEYS, *(spec.options.get("fund_columns") or DEFAULT_FUND_COLUMNS)})
