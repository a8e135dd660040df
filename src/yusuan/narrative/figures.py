"""The figures 情况说明 quotes, read from the tables as printed.

Every amount is taken from a table cell (rounded 分, a multiple of 0.01 万元), found by table
kind, column key and row kind — never recomputed from the budget lines — so the text agrees
with the tables to the cent.  The one figure no table prints, 政府采购 by 品目, is the sum of
the *rounded* atoms of the lines so marked; those add up exactly (货物 + 工程 + 服务 = 合计).
A table the profile does not have gives ``None`` and its section is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from yusuan.inputs.spec import load_spec
from yusuan.tables.base import Row, Table
from yusuan.tables.context import sums_by, where

# keys of 部门收入预算表 naming one source each (本年收入 by 资金来源, and 上年结转结余)
INCOME_SOURCE_KEYS = (
    "current_general", "current_fund", "current_state_capital", "current_special_account", "current_business",
    "current_operating", "current_higher_subsidy", "current_affiliate", "current_other", "carry_total",
)


@dataclass(frozen=True)
class Whole:
    """A printed total and named parts of it (分)."""

    total: int
    parts: Mapping[str, int] = field(default_factory=dict)

    def part(self, key: str) -> int:
        return self.parts.get(key, 0)


@dataclass(frozen=True)
class Figures:
    """What the sections of 第二部分 need, each from the table that prints it."""

    income_total: int | None = None  # 一 部门收支预算表: 收入总计
    spending_total: int | None = None  # 一: 支出总计
    income: Whole | None = None  # 二 部门收入预算表 合计: total; parts by source key
    spending: Whole | None = None  # 三 部门支出预算表 合计: basic, project
    fiscal: Whole | None = None  # 四 财政拨款收支预算表 支出合计: general, fund, state_capital
    general_budget: Whole | None = None  # 五: basic, project
    general_budget_classes: Whole | None = None  # 五 by 功能分类 类: parts {类 name: amount}, code order
    general_basic: Whole | None = None  # 六: personnel, public
    three_public: Whole | None = None  # 八: overseas, vehicles, vehicle_purchase, vehicle_operation, reception
    government_fund: Whole | None = None  # 九: basic, project
    state_capital: Whole | None = None  # 十: basic, project
    operating_costs: int | None = None  # 十一 合计
    procurement: Whole | None = None  # parts by 品目 (货物/工程/服务)
    projects: Whole | None = None  # 十二 合计; parts: {'count': number of projects}


def table_of(tables: Sequence[Table], kind: str) -> Table | None:
    return next((t for t in tables if (t.spec.kind or t.spec.id) == kind), None)


def cell_amount(table: Table, row: Row | None, key: str) -> int:
    """The amount in ``row`` under column ``key``; a blank cell (or a missing column) is 0."""
    if row is None or key not in table.keys:
        return 0
    value = row.values[table.keys.index(key)]
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def total_row(table: Table, label_key: str | None = None, label: str | None = None) -> Row | None:
    """The row labelled ``label`` in column ``label_key``, else the first 'total' row."""
    if label_key and label and label_key in table.keys:
        index = table.keys.index(label_key)
        for row in table.rows:
            value = row.values[index]
            if isinstance(value, str) and value.strip() == label:
                return row
    return next((r for r in table.rows if r.kind == "total"), None)


def _whole(table: Table | None, total_key: str, part_keys: Sequence[str], row: Row | None = None) -> Whole | None:
    if table is None:
        return None
    row = row or total_row(table)
    return Whole(cell_amount(table, row, total_key), {k: cell_amount(table, row, k) for k in part_keys})


def procurement_kinds() -> tuple[str, ...]:
    """政府采购品目 as the input sheet offers them (货物, 工程, 服务)."""
    return tuple(load_spec().choices["procurement_kinds"])


def procurement_by_kind(lines) -> Whole:
    """政府采购 by 品目 from the rounded line atoms (:class:`~yusuan.tables.context.Atoms`)."""
    kinds = procurement_kinds()
    marked = where(lines, procurement=list(kinds)) if len(lines) else lines
    sums = sums_by(marked, "procurement") if len(marked) else {}
    parts = {kind: int(sums.get(kind, 0)) for kind in kinds}
    return Whole(sum(parts.values()), parts)


def extract_figures(built) -> Figures:
    """Figures of :class:`~yusuan.tables.pipeline.BuiltTables` (``tables`` and rounded ``context``)."""
    tables = built.tables
    summary = table_of(tables, "income_expenditure_summary")
    income_total = spending_total = None
    if summary is not None:
        options = summary.spec.options
        income_total = cell_amount(summary, total_row(summary, "income_item", options.get("income_total", "收入总计")),
                                   "income_amount")
        spending_total = cell_amount(
            summary, total_row(summary, "spending_item", options.get("spending_total", "支出总计")), "spending_amount")
    fiscal = table_of(tables, "fiscal_summary")
    fiscal_whole = None
    if fiscal is not None:
        row = total_row(fiscal, "spending_item", fiscal.spec.options.get("spending_total", "支出合计"))
        parts = {"general": cell_amount(fiscal, row, "spending_general"), "fund": cell_amount(fiscal, row, "spending_fund"),
                 "state_capital": cell_amount(fiscal, row, "spending_state_capital")}
        fiscal_whole = Whole(cell_amount(fiscal, row, "spending_total"), parts)
    operating = table_of(tables, "operating_costs")
    projects = table_of(tables, "projects")
    project_whole = None
    if projects is not None:
        count = sum(1 for r in projects.rows if r.kind == "detail")
        project_whole = Whole(cell_amount(projects, total_row(projects), "total"), {"count": count})
    context = getattr(built, "context", None)
    lines = context.lines if context is not None else None
    general = table_of(tables, "general_budget_expenditure")
    return Figures(
        income_total=income_total,
        spending_total=spending_total,
        income=_whole(table_of(tables, "income"), "total", INCOME_SOURCE_KEYS),
        spending=_whole(table_of(tables, "expenditure"), "total", ("basic", "project")),
        fiscal=fiscal_whole,
        general_budget=_whole(general, "total", ("basic", "project")),
        general_budget_classes=_by_class(general, context.catalog) if general is not None and context is not None else None,
        general_basic=_general_basic(table_of(tables, "general_budget_basic"), general),
        three_public=_three_public(table_of(tables, "three_public")),
        government_fund=_whole(table_of(tables, "government_fund_expenditure"), "total", ("basic", "project")),
        state_capital=_whole(table_of(tables, "state_capital_expenditure"), "total", ("basic", "project")),
        operating_costs=cell_amount(operating, total_row(operating), "total") if operating is not None else None,
        procurement=procurement_by_kind(lines) if lines is not None else None,
        projects=project_whole,
    )


THREE_PUBLIC_PARTS = ("overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
# 人员经费 / 公用经费 as the 一般公共预算支出表 splits 基本支出 (by 部门经济分类 类)
BASIC_SPLIT = {"personnel": ("wages", "household"), "public": ("goods", "capital")}


def _general_basic(table: Table | None, general: Table | None) -> Whole | None:
    """六: 合计, 人员经费, 公用经费; a 基本支出表 without the split (2020: 小计 / 其中：财政拨款)
    takes it from the 合计 row of the 一般公共预算支出表 (工资福利 + 对个人和家庭 / 商品和服务 + 资本性)."""
    whole = _whole(table, "total", ("personnel", "public"))
    if table is None or "personnel" in table.keys or general is None:
        return whole
    row = total_row(general)
    parts = {key: sum(cell_amount(general, row, k) for k in keys) for key, keys in BASIC_SPLIT.items()}
    return Whole(whole.total if whole is not None else 0, parts)


def _three_public(table: Table | None) -> Whole | None:
    """八: total and items by column; a two-column table (options.rows, 2020) by its rows."""
    if table is None or "rows" not in table.spec.options:
        return _whole(table, "total", THREE_PUBLIC_PARTS)
    amounts = {row["column"]: cell_amount(table, printed, "amount")
               for row, printed in zip(table.spec.options["rows"], table.rows)}
    return Whole(amounts.get("total", 0), {k: amounts.get(k, 0) for k in THREE_PUBLIC_PARTS})


def _by_class(table: Table, catalog) -> Whole:
    """The 项 rows of a 支出表 added up by 功能分类 类 (printed cells; the controlled rounding
    makes them add up to the printed 类 totals), named from the year's catalog."""
    sums: dict[str, int] = {}
    for row in table.rows:
        if row.kind != "detail":
            continue
        code = row.values[table.keys.index("class_code")] if "class_code" in table.keys else None
        if isinstance(code, str) and code:
            sums[code] = sums.get(code, 0) + cell_amount(table, row, "total")
    parts = {}
    for code in sorted(sums):
        subject = catalog.function(code)
        parts[subject.name if subject is not None else code] = sums[code]
    return Whole(sum(sums.values()), parts)
