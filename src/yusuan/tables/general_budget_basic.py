"""六 一般公共预算基本支出预算表: 一般公共预算 基本支出 (本年 and 上年结转) by economic subject.

Rows: 合计, then one row per (部门经济分类 款, 政府经济分类 款) pair, ordered by the
部门经济 code and then the 政府经济 code, names from the catalog of the budget year.
Columns: 合计, 人员经费 and 公用经费 (the lines' 支出类别).
"""

from __future__ import annotations

from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import TableContext, total, total_where, where

TEXT_KEYS = {"dept_code", "dept_name", "gov_code", "gov_name"}
# Column key → 支出类别 of the lines it sums.
SPENDING_TYPES = {"personnel": "人员经费", "public": "公用经费"}


def build(ctx: TableContext, spec: TableSpec) -> Table:
    frame = where(ctx.lines, fund_source=spec.options.get("funds", ["一般公共预算"]), is_basic=True)
    total_label = spec.options.get("total_label", ctx.profile.wording.get("total", "合计"))

    records = [({"dept_code": total_label, **_amounts(frame)}, "total")]
    for (dept_code, gov_code), pair in frame.groupby(["dept_econ_code", "gov_econ_code"], sort=True):
        records.append((
            {
                "dept_code": dept_code,
                "dept_name": _name(ctx.catalog.dept_econ(dept_code)),
                "gov_code": gov_code,
                "gov_name": _name(ctx.catalog.gov_econ(gov_code)),
                **_amounts(pair),
            },
            "detail",
        ))
    note = empty_note(ctx, spec) if frame.empty else ""
    return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS, note=note)


def _amounts(frame) -> dict[str, int]:
    values = {"total": total(frame)}
    for key, spending_type in SPENDING_TYPES.items():
        values[key] = total_where(frame, spending_type=spending_type)
    return values


def _name(subject) -> str:
    """Blank for a code the catalog does not know (the catalog check reports it)."""
    return subject.name if subject is not None else ""
