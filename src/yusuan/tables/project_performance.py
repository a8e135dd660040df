"""十四 部门预算项目绩效目标表: per project its amounts and its indicators side by side.

Rows: the department (all 项目支出 atoms), then each unit followed by its projects, ordered by
unit code and project code (the seed prints one unit row even for a one-unit department);
``options.summary_rows: false`` leaves the department and unit rows out (2022 layout).  A
project is a block of rows: the first carries code, name, 项目分类 and amounts (merged down the
block); row k shows the k-th 成本, 产出, 效益 and 满意度 indicator of the project, in input order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from yusuan.model import FundSource, ProjectIndicator
from yusuan.profiles import TableSpec
from yusuan.tables.base import BodyMerge, Table, empty_note, make_rows, new_table
from yusuan.tables.context import Atoms, TableContext, sums_by, total, where

_UNIT_FUNDS = [f.value for f in FundSource if f.is_unit_fund]


def fund_parts(frame: Atoms) -> dict[str, Atoms]:
    """项目金额 columns: 资金总额, 政府预算资金 (= 财政拨款), 财政专户管理资金, 单位资金.

    The three parts partition the total, so a row adds up across without a subtraction.
    """
    return {
        "total": frame,
        "government": where(frame, is_fiscal=True),
        "special_account": where(frame, fund_source=FundSource.SPECIAL_ACCOUNT.value),
        "unit_funds": where(frame, fund_source=_UNIT_FUNDS),
    }


def _grouped_amounts(frame: Atoms, by: list[str]) -> dict[tuple, dict[str, int]]:
    """``{group: {amount key: sum}}`` for every group present in ``frame`` (sorted by code)."""
    out: dict[tuple, dict[str, int]] = {}
    for key, part in fund_parts(frame).items():
        for group, amount in sums_by(part, by).items():
            out.setdefault(group if isinstance(group, tuple) else (group,), {})[key] = amount
    return dict(sorted(out.items()))


def _indicators_by_project(indicators, types: dict[str, str]) -> dict[str, dict[str, list[ProjectIndicator]]]:
    """``{project code: {indicator type: [indicators in input order]}}``; unknown types are left
    out (the input checks report them)."""
    out: dict[str, dict[str, list[ProjectIndicator]]] = defaultdict(lambda: defaultdict(list))
    for indicator in indicators:
        if indicator.indicator_type in types:
            out[indicator.project_code][indicator.indicator_type].append(indicator)
    return out


def build(ctx: TableContext, spec: TableSpec) -> Table:
    keys = spec.keys
    # {'成本': 'cost', ...}: an indicator of type 成本 fills columns cost_name / cost_value.
    types: dict[str, str] = spec.options["indicator_columns"]
    indicator_keys = {f"{prefix}_{part}" for prefix in types.values() for part in ("name", "value")}
    block_columns = [i for i, k in enumerate(keys) if k not in indicator_keys]

    projects = where(ctx.lines, is_basic=False)
    department = ctx.model.department
    summary_rows = spec.options.get("summary_rows", True)
    records: list[tuple[dict, str]] = []
    levels: list[int] = []
    if summary_rows:
        records.append(({"code": department.code, "name": department.name,
                         **{k: total(part) for k, part in fund_parts(projects).items()}}, "total"))
        levels.append(0)
    merges: list[BodyMerge] = []

    unit_names = dict(zip(projects["unit_code"], projects["unit_name"]))
    project_names = dict(zip(projects["project_code"], projects["project_name"]))
    project_types = dict(zip(projects["project_code"], projects["project_type"]))
    indicators = _indicators_by_project(ctx.model.project_indicators, types)

    unit_amounts = _grouped_amounts(projects, ["unit_code"])
    current_unit = None
    for (unit_code, code), project_amounts in _grouped_amounts(projects, ["unit_code", "project_code"]).items():
        if unit_code != current_unit and summary_rows:
            current_unit = unit_code
            records.append(({"code": unit_code, "name": unit_names[unit_code], **unit_amounts[(unit_code,)]}, "group"))
            levels.append(1)
        own = indicators.get(code, {})
        height = max([len(v) for v in own.values()] + [1])
        top = len(records)
        for k in range(height):
            values: dict = {}
            if k == 0:
                values = {"code": code, "name": project_names[code] or None, "category": project_types[code] or None,
                          **project_amounts}
            for type_label, prefix in types.items():
                items = own.get(type_label, [])
                if k < len(items):
                    values[f"{prefix}_name"] = items[k].level3 or None
                    values[f"{prefix}_value"] = items[k].value or None
            # The first row carries the project's amounts; the rest only indicator text.
            records.append((values, "detail" if k == 0 else "text"))
            levels.append(2)
        if height > 1:
            merges += [BodyMerge(top, c, top + height - 1, c) for c in block_columns]

    rows = tuple(replace(row, level=level) for row, level in zip(make_rows(keys, records), levels))
    note = empty_note(ctx, spec) if projects.empty else ""
    text_keys = {"code", "name", "category", *indicator_keys}
    return new_table(ctx, spec, rows, text_keys=text_keys, merges=merges, note=note)


REQUIRED_OPTIONS = ("indicator_columns",)


def column_keys(spec: TableSpec) -> frozenset[str]:
    """Project columns, the 项目金额 parts, and a name/value pair per ``indicator_columns`` prefix."""
    prefixes = dict(spec.options.get("indicator_columns") or {}).values()
    indicators = {f"{prefix}_{part}" for prefix in prefixes for part in ("name", "value")}
    return frozenset({"code", "name", "category", "total", "government", "special_account", "unit_funds", *indicators})
