"""A small department for table tests: two units (行政 + 事业), basic and project lines,
a 政府性基金 line, a carried-over line, 三公 lines.  Amounts are whole 百元 so that rounding
to 0.01 万元 is exact and expected tables can be written by hand.

The helpers every table test needs are fixtures that return a function (``wan``,
``render_sheet``, ``rendered``, ``context_with``, ``context_of``): test modules import
``conftest`` only for constants and the sample lines.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from yusuan.catalogs import Catalog
from yusuan.model import (
    BudgetLine,
    BudgetModel,
    Department,
    FundSource,
    OverallIndicator,
    OverallPerformance,
    OverallTask,
    Project,
    ProjectIndicator,
    ProjectType,
    SpendingType,
    Unit,
    UnitKind,
)
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.profiles import load
from yusuan.tables.context import TableContext, make_atoms
from yusuan.tables.render import render

W = 1_000_000  # 分 per 万元

P, G, X = SpendingType.PERSONNEL, SpendingType.PUBLIC, SpendingType.PROJECT
GB, GF = FundSource.GENERAL_BUDGET, FundSource.GOVERNMENT_FUND


def line(unit, func, econ, gov, kind, amount_wan, fund=GB, project="", carried=False, procurement=""):
    return BudgetLine(unit, func, econ, gov, kind, fund, round(amount_wan * 100) * 10_000, project, carried, procurement)


def small_model() -> BudgetModel:
    department = Department(name="示例局", code="901", year=2025)
    units = (
        Unit("901001", "示例局机关", UnitKind.ADMIN),
        Unit("901002", "示例局事务中心", UnitKind.PUBLIC_INSTITUTION),
    )
    lines = (
        line("901001", "2010301", "30101", "50101", P, 100.00),
        line("901001", "2010301", "30102", "50101", P, 50.50),
        line("901001", "2080505", "30108", "50102", P, 20.00),
        line("901001", "2101101", "30110", "50102", P, 8.00),
        line("901001", "2210201", "30113", "50103", P, 12.00),
        line("901001", "2080501", "30302", "50905", P, 6.00),
        line("901001", "2010301", "30201", "50201", G, 5.00),
        line("901001", "2010301", "30231", "50208", G, 1.50),
        line("901001", "2010301", "30217", "50206", G, 0.80),
        line("901001", "2010301", "31002", "50306", G, 2.00),
        line("901001", "2010302", "30227", "50205", X, 40.00, project="P001", procurement="服务"),
        line("901001", "2010302", "31013", "50306", X, 18.00, project="P001", procurement="货物"),
        line("901002", "2010350", "30101", "50501", P, 30.00),
        line("901002", "2101102", "30110", "50501", P, 3.00),
        line("901002", "2010350", "30201", "50502", G, 2.20),
        line("901002", "2010350", "30226", "50502", X, 25.00, project="P002"),
        line("901002", "2290402", "31005", "50601", X, 300.00, fund=GF, project="P003"),
        line("901002", "2290402", "31005", "50601", X, 120.00, fund=GF, project="P003", carried=True),
    )
    projects = (
        Project("P001", "政务服务平台运维", ProjectType.OPERATING, "901001"),
        Project("P002", "窗口服务外包", ProjectType.OPERATING, "901002"),
        Project("P003", "市民中心建设", ProjectType.SPECIFIC, "901002"),
    )
    indicators = (
        ProjectIndicator("P001", "成本", "经济成本指标", "运维费用", "≤58万元"),
        ProjectIndicator("P001", "产出", "数量指标", "系统数量", "5个"),
        ProjectIndicator("P001", "产出", "时效指标", "完成时间", "12月"),
        ProjectIndicator("P001", "效益", "社会效益指标", "服务效率", "持续提升"),
        ProjectIndicator("P001", "满意度", "服务对象满意度指标", "群众满意度", "≥95%"),
        ProjectIndicator("P002", "产出", "数量指标", "窗口人员", "20人"),
        ProjectIndicator("P003", "成本", "经济成本指标", "建设成本", "≤420万元"),
    )
    overall = OverallPerformance(
        duty_goal="目标一：提升政务服务效能。",
        tasks=(OverallTask("政务服务", "推进一网通办。"), OverallTask("市民中心建设", "完成主体工程。")),
        indicators=(
            OverallIndicator("产出指标", "重点工作任务完成", "一网通办率", "≥90%", "网办事项占比"),
            OverallIndicator("满意度指标", "满意度", "群众满意度", "≥95%", ""),
        ),
    )
    return BudgetModel(department, units, lines, projects, indicators, overall)


def _context_of(model: BudgetModel) -> TableContext:
    return TableContext(model, Catalog.for_year(model.department.year), load("河南2025"), make_atoms(model))


@pytest.fixture
def model() -> BudgetModel:
    return small_model()


@pytest.fixture
def ctx(model) -> TableContext:
    return _context_of(model)


@pytest.fixture
def context_of():
    """``context_of(model)``: the table context of ``model`` (its year's catalog, profile 河南2025)."""
    return _context_of


@pytest.fixture
def context_with():
    """``context_with(ctx, **changes)``: ``ctx`` over a copy of its model with ``changes``."""

    def context_with(ctx: TableContext, **changes) -> TableContext:
        model = dataclasses.replace(ctx.model, **changes)
        return TableContext(model, ctx.catalog, ctx.profile, make_atoms(model))

    return context_with


@pytest.fixture
def wan():
    """``wan('23.50')``: 万元 written as text → 分, exactly."""

    def wan(text: str) -> int:
        return int(Decimal(text) * W)

    return wan


@pytest.fixture
def render_sheet():
    """``render_sheet(table, sheet='表')``: render into a new workbook; (values, set of merged CellRange)."""

    def render_sheet(table, sheet: str = "表"):
        book = OpenpyxlWorkbook.new()
        render(book, table, sheet)
        return book.read_values(sheet), set(book.merged_ranges(sheet))

    return render_sheet


@pytest.fixture
def rendered(render_sheet):
    """``rendered(table)``: like ``render_sheet``, merged ranges as sorted A1 strings ('A1:G1')."""

    def rendered(table):
        values, merges = render_sheet(table)
        return values, sorted(r.a1 for r in merges)

    return rendered
