"""The ``compose`` driver: seed 004's input workbook (tests/fixtures/seeds/seed004/inputs, read
as ``build`` reads it; its tables built once), then its 情况说明 composed — the TX101–TX104 cases
(what the text needs from 基本信息 and 上年数) start from it.  As given, the seed needs nothing:
收支总计 and 一般公共预算 fell by 48.33 万元 (上年 827.29) and both reasons are filled in, every
other compared figure is unchanged, every asset count is there.

``given: {基本信息: {label: value | null}, 上年数: {item: 元 | null}}``: what the officer typed
(or cleared) in column B of those sheets.  Findings name the cells of the seed's input workbook."""

from __future__ import annotations

import dataclasses
from functools import cache
from types import MappingProxyType

from builds import SEEDS
from yusuan import profiles
from yusuan.amounts import to_fen
from yusuan.catalogs import Catalog
from yusuan.commands import input_workbook_from_csv
from yusuan.findings import Finding
from yusuan.inputs.lookup import last_year_cells
from yusuan.inputs.reader import read_inputs
from yusuan.inputs.spec import load_spec
from yusuan.model import BudgetModel
from yusuan.narrative import compose_narrative
from yusuan.tables.pipeline import BuiltTables, build_tables

from . import RuleCase, driver


@cache
def seed004() -> tuple[BudgetModel, BuiltTables, dict[str, str]]:
    """Built once: the model read from the input workbook, its tables, the 上年数 cells."""
    book = input_workbook_from_csv(SEEDS / "seed004" / "inputs")
    model = read_inputs(book).model
    assert model is not None
    department = model.department
    profile = profiles.load(department.profile).with_layout(dict(department.layout))
    return model, build_tables(model, Catalog.for_year(department.year), profile), last_year_cells(book)


@driver("compose")
def run_compose(case: RuleCase) -> list[Finding]:
    model, built, cells = seed004()
    department = model.department
    texts, counts, last_year = dict(department.texts), dict(department.counts), dict(model.last_year)
    labels = {setting.label: setting for setting in load_spec().settings}
    for label, value in (case.given.get("基本信息") or {}).items():
        setting = labels[label]
        values = counts if setting.kind == "count" else texts
        values.pop(setting.key, None)
        if value is not None:
            values[setting.key] = value
    for item, value in (case.given.get("上年数") or {}).items():
        last_year.pop(item, None)
        if value is not None:
            last_year[item] = to_fen(value, department.amount_unit)
    department = dataclasses.replace(department, texts=MappingProxyType(texts), counts=MappingProxyType(counts))
    model = dataclasses.replace(model, department=department, last_year=MappingProxyType(last_year))
    return compose_narrative(model, built, last_year_cells=cells).findings
