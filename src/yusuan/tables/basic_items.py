"""一般公共预算基本支出明细表 (2023, seed 001 表七): 基本支出 item by item, per unit.

Rows as seed 001 prints them: a 合计 row (labels blank unless ``options.total_label_key``), the
department row (``options.department_row``: which column carries the department code and which
its name; ``false``: none), then each unit's items (units by code).  A unit's items are grouped
by 支出类别 in the order and with the labels of ``options.types`` (人员经费 → 人员类, 公用经费 →
公用经费); the unit name is printed on the unit's first row, the type label on the first row of
its group.  An item is the lines of a unit and type with one 明细名称 (input column, the name the
budget system gives the item; blank: the 部门经济科目 name), in the order the items first occur
in 支出明细, the budget system's own order.  Lines: ``options.funds`` (default 一般公共预算)
基本支出; the amount columns split them by 资金来源 and 上年结转 as ``options.fund_columns``
says (as the 项目支出预算表 does).
"""

from __future__ import annotations

from typing import Any, cast

from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import TableContext, where, with_column
from yusuan.tables.projects import DEFAULT_FUND_COLUMNS, fund_amounts, total_labels

TEXT_KEYS = {"unit_name", "item_type", "name"}
DEFAULT_TYPES = {"人员经费": "人员类", "公用经费": "公用经费"}
DEFAULT_DEPARTMENT_ROW = {"code": "item_type", "name": "name"}
REQUIRED_OPTIONS: tuple[str, ...] = ()


def _item_names(ctx: TableContext, funds: list[str]) -> dict[tuple[str, str, str, str], str]:
    """(unit, 支出类别, 明细名称, 部门经济科目) of the basic lines → the item's printed name."""
    names = {}
    for line in ctx.model.lines:
        if line.is_basic and line.fund_source.value in funds:
            key = (line.unit_code, line.spending_type.value, line.item_name, line.dept_econ_code)
            if key not in names:
                subject = ctx.catalog.dept_econ(line.dept_econ_code)
                names[key] = line.item_name or (subject.name if subject is not None else line.dept_econ_code)
    return names


def build(ctx: TableContext, spec: TableSpec) -> Table:
    options = spec.options
    funds = [str(f) for f in options.get("funds", ["一般公共预算"])]
    types = cast(dict[str, str], options.get("types") or DEFAULT_TYPES)  # profile YAML
    frame = where(ctx.lines, fund_source=funds, spending_type=list(types))
    names = _item_names(ctx, funds)
    # items in the order the model's lines first name them (dict order)
    order = {(u, t, n): i for i, (u, t, n) in enumerate(dict.fromkeys((k[0], k[1], v) for k, v in names.items()))}
    keys = zip(frame["unit_code"], frame["spending_type"], frame["item_name"], frame["dept_econ_code"])
    frame = with_column(frame, "item", [names.get(k, k[2]) for k in keys])

    amounts = fund_amounts(spec, TEXT_KEYS)
    records = [({**total_labels(ctx, spec), **amounts(frame)}, "total")]
    if frame.empty:
        return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS, note=empty_note(ctx, spec))

    department = ctx.model.department
    department_row = options.get("department_row", DEFAULT_DEPARTMENT_ROW)
    if department_row:
        labels: dict[str, Any] = {department_row["code"]: department.code, department_row["name"]: department.name}
        records.append(({**labels, **amounts(frame)}, "group"))
    for unit_code in sorted(set(frame["unit_code"])):
        unit = ctx.model.unit(unit_code)
        unit_label: str | None = unit.name if unit else unit_code
        unit_atoms = where(frame, unit_code=unit_code)
        for spending_type, type_label in types.items():
            type_atoms = where(unit_atoms, spending_type=spending_type)
            items = sorted(set(type_atoms["item"]), key=lambda n: order.get((unit_code, spending_type, n), len(order)))
            shown: str | None = type_label
            for item in items:
                texts = {"unit_name": unit_label, "item_type": shown, "name": item}
                records.append(({**texts, **amounts(where(type_atoms, item=item))}, "detail"))
                unit_label = shown = None  # printed on the first row of the unit / of the group only
    return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS)


def column_keys(spec: TableSpec) -> frozenset[str]:
    """Text columns and the amount columns ``options.fund_columns`` defines."""
    return frozenset({*TEXT_KEYS, *(spec.options.get("fund_columns") or DEFAULT_FUND_COLUMNS)})
