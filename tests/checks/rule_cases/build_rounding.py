"""The ``build_rounding`` driver: three 一般公共预算 基本支出 lines of two units (below), built into
the tables as ``build`` builds them (:func:`yusuan.tables.pipeline.build_tables`, controlled
rounding to 0.01 万元) — the 舍入 check of a build (RD001) starts from it.

  机关工资    100001 示例局机关 2010301 行政运行       30101 基本工资
  机关办公费  100001 示例局机关 2080501 行政单位离退休 30201 办公费
  中心工资    100002 示例中心   2080502 事业单位离退休 30101 基本工资

Each pair shares a printed figure the third is not in: 机关工资 + 机关办公费 the unit's total,
机关办公费 + 中心工资 the 208 类, 机关工资 + 中心工资 the 30101 row of 基本支出表.  As given each
line is 10,000.00 元.  ``given: {lines: {<name>: <元>}}`` changes lines' amounts."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import cache

from yusuan import profiles
from yusuan.build import rounding_findings
from yusuan.catalogs import Catalog
from yusuan.findings import Finding
from yusuan.model import BudgetLine, BudgetModel, Department, FundSource, SpendingType, Unit, UnitKind
from yusuan.tables.pipeline import build_tables

from . import RuleCase, driver

P, G, GB = SpendingType.PERSONNEL, SpendingType.PUBLIC, FundSource.GENERAL_BUDGET
LINES = {
    "机关工资": BudgetLine("100001", "2010301", "30101", "50101", P, GB, 1_000_000),
    "机关办公费": BudgetLine("100001", "2080501", "30201", "50201", G, GB, 1_000_000),
    "中心工资": BudgetLine("100002", "2080502", "30101", "50501", P, GB, 1_000_000),
}


@cache
def _setting() -> tuple[Catalog, profiles.Profile]:
    return Catalog.for_year(2025), profiles.load("河南2025")


@driver("build_rounding")
def run_build_rounding(case: RuleCase) -> list[Finding]:
    amounts = case.given.get("lines") or {}
    assert set(amounts) <= set(LINES), f"build_rounding: no line {sorted(set(amounts) - set(LINES))}"
    lines = tuple(dataclasses.replace(line, amount=int(Decimal(str(amounts[name])) * 100)) if name in amounts
                  else line for name, line in LINES.items())
    model = BudgetModel(Department("示例局", "100", 2025),
                        (Unit("100001", "示例局机关", UnitKind.ADMIN), Unit("100002", "示例中心", UnitKind.PUBLIC_INSTITUTION)),
                        lines)
    catalog, profile = _setting()
    return rounding_findings(build_tables(model, catalog, profile), profile)
