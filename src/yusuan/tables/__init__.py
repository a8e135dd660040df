"""The disclosure tables: one module per table kind, each a pure function from model to table.

A builder module exposes ``build(ctx: TableContext, spec: TableSpec) -> Table``; the profile
names the module by the table's ``id``.  It declares what a profile may configure:
``COLUMN_KEYS`` (the column keys it fills; or ``column_keys(spec)`` when options add keys, or
None: any keys) and ``REQUIRED_OPTIONS``.  :func:`check_profile` holds a profile to them.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from types import ModuleType

from yusuan.profiles import Profile, ProfileError, TableSpec
from yusuan.tables.base import Table
from yusuan.tables.context import TableContext

Builder = Callable[[TableContext, TableSpec], Table]

# Builder ids a profile's table may name (modules of this package).
BUILDERS = (
    "income_expenditure_summary", "income", "expenditure", "fiscal_summary", "general_budget_basic",
    "economic_summary", "three_public", "operating_costs", "projects", "overall_performance",
    "overall_task_form", "project_performance", "basic_items",
)


def _module(table_id: str) -> ModuleType:
    return import_module(f"yusuan.tables.{table_id}")


def builder_for(table_id: str) -> Builder:
    return _module(table_id).build


def column_keys(spec: TableSpec) -> frozenset[str] | None:
    """The column keys the builder of ``spec`` fills (None: any, it fills by position)."""
    module = _module(spec.id)
    if hasattr(module, "column_keys"):
        return module.column_keys(spec)
    return module.COLUMN_KEYS


def check_profile(profile: Profile) -> None:
    """Raise a :class:`ProfileError` naming the file and key for the first table that names an
    unknown builder, a column key its builder does not fill, or lacks a required option."""
    origin = profile.path or f"yusuan/profiles/data（表样“{profile.name}”）"
    for spec in profile.tables:
        where = f"表样文件“{origin}”中 tables[{spec.position}]（{spec.name}）"
        if spec.id not in BUILDERS:
            raise ProfileError(f"{where}.id：不认识的表格生成器“{spec.id}”（可选：{'、'.join(BUILDERS)}）")
        missing = [o for o in _module(spec.id).REQUIRED_OPTIONS if o not in spec.options]
        if missing:
            raise ProfileError(f"{where}.options：缺少生成器“{spec.id}”必需的选项 {'、'.join(missing)}")
        allowed = column_keys(spec)
        unknown = [k for k in spec.keys if allowed is not None and k not in allowed]
        if unknown:
            raise ProfileError(f"{where}.columns：生成器“{spec.id}”不认识列键“{unknown[0]}”"
                               f"（可用的列键：{'、'.join(sorted(allowed or ()))}）")
        if len(set(spec.keys)) != len(spec.keys):
            twice = next(k for k in spec.keys if spec.keys.count(k) > 1)
            raise ProfileError(f"{where}.columns：列键“{twice}”出现了两次")
