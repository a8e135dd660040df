"""The disclosure tables: one module per table, each a pure function from model to table.

A builder module exposes ``build(ctx: TableContext, spec: TableSpec) -> Table``; the profile
names the module by the table's ``id``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from yusuan.profiles import TableSpec
from yusuan.tables.base import Table
from yusuan.tables.context import TableContext

Builder = Callable[[TableContext, TableSpec], Table]


def builder_for(table_id: str) -> Builder:
    return import_module(f"yusuan.tables.{table_id}").build
