"""六 一般公共预算基本支出预算表: 一般公共预算 基本支出 (本年 and 上年结转) by economic subject.

Rows: 合计, then one row per (部门经济分类 款, 政府经济分类 款) pair, ordered by the
部门经济 code and then the 政府经济 code, names from the catalog of the budget year; the 类
and 款 columns (``dept_class``/``dept_item``, ``gov_class``/``gov_item``: 2020 layout, the 款
column holding the whole code) print the 部门经济 类 on the
first row of its run only, the 政府经济 类 on every row (as seed 003 prints them).
Columns: 合计, 人员经费 and 公用经费 (the lines' 支出类别); ``fiscal`` = 其中：财政拨款, which is
all of 一般公共预算.
"""

from __future__ import annotations

from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import TableContext, groups, total, total_where, where

TEXT_KEYS = {"dept_class", "dept_item", "dept_code", "dept_name", "gov_class", "gov_item", "gov_code", "gov_name"}
# Column key → 支出类别 of the lines it sums.
SPENDING_TYPES = {"personnel": "人员经费", "public": "公用经费"}
COLUMN_KEYS = frozenset({*TEXT_KEYS, "total", "fiscal", *SPENDING_TYPES})
REQUIRED_OPTIONS: tuple[str, ...] = ()


def build(ctx: TableContext, spec: TableSpec) -> Table:
    frame = where(ctx.lines, fund_source=spec.options.get("funds", ["一般公共预算"]), is_basic=True)
    total_label = spec.options.get("total_label", ctx.profile.wording.get("total", "合计"))

    label_key = "dept_class" if "dept_class" in spec.keys else "dept_code"
    records = [({label_key: total_label, **_amounts(frame)}, "total")]
    previous = ("", "")
    for (dept_code, gov_code), pair in groups(frame, "dept_econ_code", "gov_econ_code"):
        classes = (dept_code[:3], gov_code[:3])
        records.append((
            {
                "dept_class": classes[0] if classes[0] != previous[0] else None,
                "gov_class": classes[1],
                "dept_code": dept_code,
                "dept_item": dept_code,
                "gov_item": gov_code,
                "dept_name": _name(ctx.catalog.dept_econ(dept_code)),
                "gov_code": gov_code,
                "gov_name": _name(ctx.catalog.gov_econ(gov_code)),
                **_amounts(pair),
            },
            "detail",
        ))
        previous = classes
    note = empty_note(ctx, spec) if frame.empty else ""
    return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS, note=note)


def _amounts(frame) -> dict[str, int]:
    values = {"total": total(frame)}
    values["fiscal"] = values["total"]  # 一般公共预算 is 财政拨款 throughout
    for key, spending_type in SPENDING_TYPES.items():
        values[key] = total_where(frame, spending_type=spending_type)
    return values


def _name(subject) -> str:
    """Blank for a code the catalog does not know (the catalog check reports it)."""
    return subject.name if subject is not None else ""
