"""七 支出经济分类汇总表: all spending by (部门经济分类 款, 政府经济分类 款) pair and 资金来源.

Rows: 合计, the department (code in the first code column, name in 科目名称), then — when the
department has several units — a group row per unit followed by its pairs; with one unit the
pairs follow the department row (seed 004).  A pair row prints each classification as 类
(3 digits) and 款 (last 2 digits) with the 款 name from the catalog of the budget year.

Columns: 总计; 一般公共预算 小计 and 其中：财政拨款, 政府性基金, 国有资本经营预算 (本年 only);
上年结转结余 (every carried-over line, whatever its fund); then the 本年 单位资金 sources.
So 总计 = the sum of the fund columns (其中 excluded).
"""

from __future__ import annotations

from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import Atoms, TableContext, first, groups, total, total_where, where

TEXT_KEYS = {"dept_class", "dept_item", "dept_name", "gov_class", "gov_item", "gov_name"}
# Column key → 资金来源 of the 本年 (not carried-over) lines it sums.
CURRENT_FUNDS = {
    "general": "一般公共预算",
    "general_fiscal": "一般公共预算",  # 其中：财政拨款 — all of 一般公共预算 is 财政拨款
    "fund": "政府性基金",
    "state_capital": "国有资本经营预算",
    "special_account": "财政专户管理资金",
    "business": "事业收入",
    "higher_subsidy": "上级补助收入",
    "affiliate": "附属单位上缴收入",
    "operating": "事业单位经营收入",
    "other": "其他收入",
}
COLUMN_KEYS = frozenset({*TEXT_KEYS, "total", "carried_over", *CURRENT_FUNDS})
REQUIRED_OPTIONS: tuple[str, ...] = ()


def build(ctx: TableContext, spec: TableSpec) -> Table:
    frame = ctx.lines
    department = ctx.model.department
    total_label = spec.options.get("total_label", ctx.profile.wording.get("total", "合计"))

    records = [({"dept_name": total_label, **amounts(frame)}, "total")]
    if frame.empty:
        return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS, note=empty_note(ctx, spec))

    records.append(({"dept_class": department.code, "dept_name": department.name, **amounts(frame)}, "group"))
    codes = {unit.code for unit in ctx.model.units} | set(frame["unit_code"])
    if len(codes) > 1:
        for unit_code, unit_frame in groups(frame, "unit_code"):
            unit_name = first(unit_frame, "unit_name")
            records.append(({"dept_class": unit_code, "dept_name": unit_name, **amounts(unit_frame)}, "group"))
            records += _pair_records(ctx, unit_frame)
    else:
        records += _pair_records(ctx, frame)
    return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS)


def amounts(frame: Atoms) -> dict[str, int]:
    current = where(frame, carried_over=False)
    values = {"total": total(frame), "carried_over": total_where(frame, carried_over=True)}
    for key, fund in CURRENT_FUNDS.items():
        values[key] = total_where(current, fund_source=fund)
    return values


def _pair_records(ctx: TableContext, frame: Atoms) -> list:
    records = []
    for (dept_code, gov_code), pair in groups(frame, "dept_econ_code", "gov_econ_code"):
        records.append((
            {
                "dept_class": dept_code[:3],
                "dept_item": dept_code[3:5],
                "dept_name": _name(ctx.catalog.dept_econ(dept_code)),
                "gov_class": gov_code[:3],
                "gov_item": gov_code[3:5],
                "gov_name": _name(ctx.catalog.gov_econ(gov_code)),
                **amounts(pair),
            },
            "detail",
        ))
    return records


def _name(subject) -> str:
    """Blank for a code the catalog does not know (the catalog check reports it)."""
    return subject.name if subject is not None else ""
