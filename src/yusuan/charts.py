"""图表: the 支出结构 charts people expect next to the tables, as native Excel charts.

The figures are the built tables' printed amounts (rounded 分), written as a data block of
labels and 万元 numbers on the 图表 sheet; each chart references its block, so a reader can
see (and Excel recomputes from) exactly what the chart shows.  Wording: ``charts.yaml``.

1. 基本支出 vs 项目支出 (pie): 部门支出预算表 合计行.
2. Spending by 功能分类 类 (bar): 部门收支预算表 支出 side, only 类 with amounts.
3. Income by 资金来源 (pie): 部门收支预算表 收入 side and 上年结转结余.
A chart whose block has no amount is left out (the block says 无数据).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from yusuan.ports.base import CellRange, PageSetup, Style, WorkbookPort, a1
from yusuan.tables.base import Table
from yusuan.tables.pipeline import BuiltTables
from yusuan.tables.render import AMOUNT_FORMAT, amount_value
from yusuan.yaml_data import load_yaml

FIRST_BLOCK_ROW = 4
CHART_COLUMN = 4  # D: charts to the right of the blocks (A:B) and a spacer column
ROW_CM = 0.53  # default row height (15 pt) in cm, to stack charts without overlap
PIE_SIZE = (15.0, 8.0)  # cm
BAR_WIDTH, BAR_MIN_HEIGHT, BAR_CM_PER_CATEGORY, BAR_MARGIN_CM = 15.0, 6.0, 0.75, 2.5
HEADER_STYLE = Style(bold=True, fill="F2F2F2", border=True, h_align="center", v_align="center")
_NUMBERING = re.compile(r"^\s*[（(]?[一二三四五六七八九十百零]+[)）、．.]\s*")


@dataclass(frozen=True)
class ChartData:
    """One chart's figures: (label, 分 as printed in the tables) with amounts only."""

    id: str
    kind: str  # 'pie' | 'bar'
    title: str
    heading: str
    items: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PlacedChart:
    """Where a chart's block landed; ``values``/``categories`` None when it has no chart."""

    chart: ChartData
    heading_row: int
    values: CellRange | None
    categories: CellRange | None
    anchor: str | None


@cache
def wording() -> dict[str, Any]:
    return load_yaml(resources.files("yusuan").joinpath("charts.yaml").read_text(encoding="utf-8"))


def chart_sheet_name() -> str:
    return wording()["sheet"]


# figures from the built tables ---------------------------------------------------------------
def chart_data(built: BuiltTables) -> list[ChartData]:
    """Every chart of ``charts.yaml`` with its figures taken from ``built``'s tables."""
    out = []
    for spec in wording()["charts"]:
        items = _EXTRACT[spec["id"]](built, spec)
        out.append(ChartData(spec["id"], spec["kind"], spec["title"], spec["heading"],
                             tuple((label, fen) for label, fen in items if isinstance(fen, int) and fen > 0)))
    return out


def _table(built: BuiltTables, kind: str) -> Table | None:
    return next((t for t in built.tables if t.spec.kind == kind), None)


def _basic_project(built: BuiltTables, spec: dict) -> list[tuple[str, Any]]:
    table = _table(built, "expenditure")
    total = next((r for r in table.rows if r.kind == "total"), None) if table else None
    if table is None or total is None:
        return []
    keys = table.keys
    return [(label, total.values[keys.index(key)]) for key, label in spec["labels"].items()]


def _summary_sides(built: BuiltTables) -> tuple[Table | None, list, list]:
    """部门收支预算表: the rows above its first total (items of both sides) and those below."""
    table = _table(built, "income_expenditure_summary")
    if table is None:
        return None, [], []
    first_total = next((i for i, r in enumerate(table.rows) if r.kind == "total"), len(table.rows))
    return table, list(table.rows[:first_total]), list(table.rows[first_total + 1:])


def _function_classes(built: BuiltTables, spec: dict) -> list[tuple[str, Any]]:
    table, above, _ = _summary_sides(built)
    if table is None:
        return []
    label, amount = table.keys.index("spending_item"), table.keys.index("spending_amount")
    return [(_bare(r.values[label]), r.values[amount]) for r in above if isinstance(r.values[label], str)]


def _income_sources(built: BuiltTables, spec: dict) -> list[tuple[str, Any]]:
    table, above, below = _summary_sides(built)
    if table is None:
        return []
    label, amount = table.keys.index("income_item"), table.keys.index("income_amount")
    carried = table.spec.options.get("carried_over_income")
    rows = [r for r in above if isinstance(r.values[label], str) and not r.values[label].startswith("其中")]
    rows += [r for r in below if r.values[label] == carried]
    return [(_bare(r.values[label]), r.values[amount]) for r in rows]


_EXTRACT: dict[str, Callable[[BuiltTables, dict], list[tuple[str, Any]]]] = {
    "basic_project": _basic_project,
    "function_classes": _function_classes,
    "income_sources": _income_sources,
}


def _bare(label: str) -> str:
    """'一、一般公共服务' → '一般公共服务': the chart labels drop the table's numbering."""
    return _NUMBERING.sub("", label)


DEFAULT_COLUMN_CM = 1.7  # a column of Excel's default width, for the print area beside the charts


# the 图表 sheet ------------------------------------------------------------------------------
def chart_size(chart: ChartData) -> tuple[float, float]:
    if chart.kind == "bar":
        return BAR_WIDTH, max(BAR_MIN_HEIGHT, BAR_CM_PER_CATEGORY * len(chart.items) + BAR_MARGIN_CM)
    return PIE_SIZE


def write_charts(port: WorkbookPort, built: BuiltTables, index: int | None = None) -> list[PlacedChart]:
    """(Re)create the 图表 sheet at ``index``: a data block per chart and the charts beside it."""
    words = wording()
    sheet = words["sheet"]
    if sheet in port.sheet_names():  # its charts go with it
        index = port.sheet_names().index(sheet) if index is None else index
        port.remove_sheet(sheet)
    port.add_sheet(sheet, index)
    model = built.context.model
    title = words["title"].format(year=model.department.year, department=model.department.name)
    port.write_values(sheet, 1, 1, [[title], [words["unit_line"]]])
    port.apply_style(sheet, CellRange.cell(1, 1), Style(bold=True, font_size=14))
    port.set_column_widths(sheet, {1: 30, 2: 16, 3: 3})

    placed, row = [], FIRST_BLOCK_ROW
    for chart in chart_data(built):
        placed.append(_write_block(port, sheet, chart, row, words))
        size = chart_size(chart)
        chart_rows = math.ceil(size[1] / ROW_CM) if placed[-1].anchor else 0
        row += max(len(chart.items) + 1, chart_rows) + 2
    widest = max((chart_size(p.chart)[0] for p in placed if p.anchor), default=0.0)
    right = CHART_COLUMN + math.ceil(widest / DEFAULT_COLUMN_CM)
    port.set_page_setup(sheet, PageSetup(landscape=False, fit_to_width=True, print_area=CellRange(1, 1, row, right)))
    return placed


def _write_block(port: WorkbookPort, sheet: str, chart: ChartData, top: int, words: dict) -> PlacedChart:
    rows = [[chart.title, None], [chart.heading, words["amount_heading"]]]
    rows += [[label, amount_value(fen)] for label, fen in chart.items] or [[words["empty"], None]]
    port.write_values(sheet, top, 1, rows)
    port.apply_style(sheet, CellRange.cell(top, 1), Style(bold=True))
    heading, bottom = top + 1, top + len(rows) - 1
    port.apply_style(sheet, CellRange(heading, 1, heading, 2), HEADER_STYLE)
    port.apply_style(sheet, CellRange(heading + 1, 1, bottom, 2), Style(border=True))
    port.apply_style(sheet, CellRange(heading + 1, 2, bottom, 2), Style(number_format=AMOUNT_FORMAT))
    if not chart.items:
        return PlacedChart(chart, heading, None, None, None)
    values = CellRange(heading + 1, 2, bottom, 2)
    categories = CellRange(heading + 1, 1, bottom, 1)
    anchor = a1(top, CHART_COLUMN)
    port.add_chart(sheet, chart.kind, chart.title, values, categories, anchor, chart_size(chart))
    return PlacedChart(chart, heading, values, categories, anchor)


__all__ = ["ChartData", "PlacedChart", "chart_data", "chart_sheet_name", "write_charts"]
