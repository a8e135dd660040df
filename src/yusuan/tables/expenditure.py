"""三/五/九/十 部门支出预算表 and its per-fund variants (一般公共预算 / 政府性基金 / 国有资本经营).

One builder for the four tables; ``options.funds`` picks the 资金来源 ('all' or a list of
fund labels).  Both 本年 and 上年结转 lines of those funds are shown.

Rows: 合计, the department, then the 功能分类 项 rows (类/款/项 codes in three columns, name
from the catalog of the budget year).  With several units the profile's layout option
``function_rows`` decides: ``unit`` — each unit gets a group row followed by its own 项 rows;
``unit_no_subtotal`` — each unit's 项 rows in turn, without the unit row (seed 001);
``department`` — the department's 项 rows once.  With one unit the 项 rows follow the
department row directly (seed 004).  ``options.levels`` (default ``[项]``) adds 类 and/or 款 subtotal rows before their
项 rows; the finest level printed is the detail level.

Columns: 合计; 基本支出 小计, split by 部门经济分类 类 into 工资福利支出 (301), 对个人和家庭的补助
(303), 商品和服务支出 (302), 资本性支出 (310); 项目支出 小计, split by 项目类别 into 其他运转类
and 特定目标类.  A basic line of any other 经济分类 类 (a validation error reported upstream)
still counts in 基本支出 小计 and 合计, so the totals hold; only its 类 column is missing.
"""

from __future__ import annotations

from yusuan.errors import UserError
from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import Atoms, TableContext, first, groups, total, total_where, where

TEXT_KEYS = {"class_code", "item_code", "sub_code", "unit_code", "name"}
LEVELS = ("类", "款", "项")

# Column key → 部门经济分类 类 of the basic lines it sums (table 三).
BASIC_ECON_CLASSES = {"wages": "301", "household": "303", "goods": "302", "capital": "310"}
# Column key → 项目类别 of the project lines it sums.
PROJECT_TYPES = {"project_operating": "其他运转类", "project_specific": "特定目标类"}
COLUMN_KEYS = frozenset({*TEXT_KEYS, "total", "basic", "project", *BASIC_ECON_CLASSES, *PROJECT_TYPES})
REQUIRED_OPTIONS: tuple[str, ...] = ()


def build(ctx: TableContext, spec: TableSpec) -> Table:
    frame = selected_lines(ctx, spec.options.get("funds", "all"))
    levels = _levels(spec.options.get("levels", ["项"]))
    total_label = spec.options.get("total_label", ctx.profile.wording.get("total", "合计"))
    department = ctx.model.department

    records = [({"name": total_label, **amounts(frame)}, "total")]
    if frame.empty:
        return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS, note=empty_note(ctx, spec))

    records.append(({"unit_code": department.code, "name": department.name, **amounts(frame)}, "group"))
    rows_by = ctx.profile.option("function_rows")
    if rows_by != "department" and _several_units(ctx, frame):
        for unit_code, unit_frame in groups(frame, "unit_code"):
            if rows_by == "unit":  # unit_no_subtotal: the unit's rows follow without its own row
                unit_name = first(unit_frame, "unit_name")
                records.append(({"unit_code": unit_code, "name": unit_name, **amounts(unit_frame)}, "group"))
            records += _subject_records(ctx, unit_frame, levels)
    else:
        records += _subject_records(ctx, frame, levels)
    return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS)


def selected_lines(ctx: TableContext, funds) -> Atoms:
    """Line atoms (本年 and 上年结转) of ``funds``: 'all' or a list of 资金来源 labels."""
    if funds == "all":
        return ctx.lines
    return where(ctx.lines, fund_source=list(funds))


def amounts(frame: Atoms) -> dict[str, int]:
    """The amount columns of one row, each a sum of atoms."""
    basic = where(frame, is_basic=True)
    project = where(frame, is_basic=False)
    values = {"total": total(frame), "basic": total(basic), "project": total(project)}
    for key, econ_class in BASIC_ECON_CLASSES.items():
        values[key] = total_where(basic, dept_econ_class=econ_class)
    for key, project_type in PROJECT_TYPES.items():
        values[key] = total_where(project, project_type=project_type)
    return values


def _levels(option) -> tuple[str, ...]:
    chosen = [option] if isinstance(option, str) else list(option)
    unknown = [level for level in chosen if level not in LEVELS]
    if unknown or not chosen:
        raise UserError(f"表样配置错误：levels 只能取 类、款、项（得到 {chosen}）")
    return tuple(level for level in LEVELS if level in chosen)


def _several_units(ctx: TableContext, frame: Atoms) -> bool:
    """A department of several units shows a group row per unit (even in a table where only
    one of them has lines); a single-unit department does not (seed 004)."""
    codes = {unit.code for unit in ctx.model.units} | set(frame["unit_code"])
    return len(codes) > 1


def _subject_records(ctx: TableContext, frame: Atoms, levels: tuple[str, ...]) -> list:
    """类/款 subtotal rows (when asked for) and 项 rows, ordered by code."""
    finest = levels[-1]
    kind = {level: "detail" if level == finest else "group" for level in levels}
    records = []
    for class_code, class_frame in groups(frame, "class_code"):
        if "类" in levels:
            records.append(({"class_code": class_code, "name": _function_name(ctx, class_code),
                             **amounts(class_frame)}, kind["类"]))
        if finest == "类":
            continue
        for item_code, item_frame in groups(class_frame, "item_code"):
            if "款" in levels:
                records.append(({"class_code": class_code, "item_code": item_code[3:5],
                                 "name": _function_name(ctx, item_code), **amounts(item_frame)}, kind["款"]))
            if finest == "款":
                continue
            for code, sub_frame in groups(item_frame, "function_code"):
                records.append(({"class_code": code[:3], "item_code": code[3:5], "sub_code": code[5:7],
                                 "name": _function_name(ctx, code), **amounts(sub_frame)}, "detail"))
    return records


def _function_name(ctx: TableContext, code: str) -> str:
    """Catalog name of a 功能分类 subject; blank for a code the catalog does not know (the
    catalog check reports it)."""
    subject = ctx.catalog.function(code)
    return subject.name if subject is not None else ""
