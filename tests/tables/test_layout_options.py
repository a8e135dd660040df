"""Layout options (版式选项) on conftest's two-unit department, whole tables compared.

Figures as worked out in test_expenditure.py / test_three_public.py; only the layout differs.
"""

from __future__ import annotations

import dataclasses

import pytest

from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.tables import builder_for, expenditure, three_public
from yusuan.tables.context import TableContext
from yusuan.tables.pipeline import build_tables
from yusuan.tables.render import render

N = None


def laid_out(ctx: TableContext, **layout) -> TableContext:
    return TableContext(ctx.model, ctx.catalog, ctx.profile.with_layout(layout), ctx.atoms)


def body(rendered, table) -> list:
    values, _ = rendered(table)
    return values[5:]  # title, 部门/单位 line, three header rows


def expenditure_table(ctx):
    return expenditure.build(ctx, ctx.profile.tables[2])


@pytest.fixture
def default_rows(ctx, rendered):
    """The default layout's body (pinned cell by cell in test_expenditure.py), split into its parts:
    合计, department, unit 1 with its six 项 rows, unit 2 with its three."""
    rows = body(rendered, expenditure_table(ctx))
    assert [r[3] for r in rows[:3]] + [rows[9][3]] == [N, "901", "901001", "901002"]
    return {"total": rows[0], "department": rows[1], "unit1": rows[2], "unit1_rows": rows[3:9], "unit2": rows[9],
            "unit2_rows": rows[10:]}


def test_function_rows_per_unit_with_subtotals_is_the_default(ctx, default_rows):
    assert ctx.profile.option("function_rows") == "unit"
    assert default_rows["unit1"][4:6] == ["示例局机关", 263.8] and default_rows["unit2"][4:6] == ["示例局事务中心", 480.2]


def test_function_rows_per_unit_without_subtotals(ctx, rendered, default_rows):
    """seed 001's way: each unit's 项 rows in turn, no unit row (a 项 of two units shows twice)."""
    d = default_rows
    table = expenditure_table(laid_out(ctx, function_rows="unit_no_subtotal"))
    assert body(rendered, table) == [d["total"], d["department"], *d["unit1_rows"], *d["unit2_rows"]]


def test_function_rows_once_for_the_department(ctx, rendered, default_rows):
    """The 项 rows of both units merged and sorted by code (no 项 is shared in conftest, so each
    row keeps its figures; 2010350 of unit 2 now stands between 2010302 and 2080501)."""
    d = default_rows
    table = expenditure_table(laid_out(ctx, function_rows="department"))
    rows = sorted(d["unit1_rows"] + d["unit2_rows"], key=lambda r: r[:3])
    assert [r[:3] for r in rows][2] == ["201", "03", "50"]
    assert body(rendered, table) == [d["total"], d["department"], *rows]
    assert [r.kind for r in table.rows] == ["total", "group", *["detail"] * 9]


def test_function_rows_department_adds_up_a_shared_subject(ctx, context_with, rendered):
    """A 项 both units use is one row with the sum of both."""
    shared = dataclasses.replace(ctx.model.lines[12], function_code="2010301")  # unit 2's 30101 30.00 under 行政运行
    changed = context_with(ctx, lines=(*ctx.model.lines[:12], shared, *ctx.model.lines[13:]))
    rows = body(rendered, expenditure_table(laid_out(changed, function_rows="department")))
    assert rows[2][:8] == ["201", "03", "01", N, "行政运行", 189.8, 189.8, 180.5]


def test_three_public_department_total_only(ctx, rendered):
    spec = ctx.profile.table("three_public")
    values, merges = rendered(three_public.build(laid_out(ctx, three_public="total"), spec))
    assert values[1] == ["部门名称：示例局", N, N, N, N, "单位：万元"]
    assert values[4:] == [[20.3, N, 19.5, 18.0, 1.5, 0.8], [spec.footnote, N, N, N, N, N]]


def test_amounts_in_yuan(ctx, rendered):
    """元: the unit line says so and every amount is printed in 元 (exact to the 分)."""
    values, _ = rendered(expenditure_table(laid_out(ctx, amount_unit="元")))
    assert values[1][-1] == "单位：元"
    assert values[5] == [N, N, N, N, "合计", 7440000.0, 2410000.0, 2235000.0, 60000.0, 95000.0, 20000.0, 5030000.0, 830000.0,
                         4200000.0]


@pytest.mark.parametrize("table_id, label", [("overall_performance", "部门预算总额"), ("project_performance", "项目金额")])
def test_yuan_labels_of_the_performance_tables(ctx, rendered, table_id, label):
    """元: the labels naming the unit say （元） like the unit line (部门预算总额（元）, 项目金额（元）);
    no other text of the table changes (an indicator value ≤58万元 is the user's and stays)."""
    yuan_ctx = laid_out(ctx, amount_unit="元")
    texts = []
    for c in (ctx, yuan_ctx):
        values, _ = rendered(builder_for(table_id)(c, c.profile.table(table_id)))
        texts.append([[cell for cell in row if isinstance(cell, str)] for row in values])
    wan, yuan = texts
    assert f"{label}（万元）" in sum(wan, []) and f"{label}（元）" in sum(yuan, [])
    said_in_yuan = {"单位：万元": "单位：元", f"{label}（万元）": f"{label}（元）"}
    assert yuan == [[said_in_yuan.get(cell, cell) for cell in row] for row in wan]


def test_yuan_tables_are_not_rounded(model, context_of):
    """A line of 1.23 元 stays 1.23 元 in 元 tables; in 万元 it rounds to whole hundreds of 元."""
    odd = dataclasses.replace(model.lines[0], amount=model.lines[0].amount + 123)
    model = dataclasses.replace(model, lines=(odd, *model.lines[1:]))
    profile = context_of(model).profile
    in_yuan = build_tables(model, context_of(model).catalog, profile.with_layout({"amount_unit": "元"}))
    in_wan = build_tables(model, context_of(model).catalog, profile)
    assert in_yuan.tables[2].rows[0].values[5] == 744_000_123 and in_yuan.tables[2].print_unit == 100
    assert in_wan.tables[2].rows[0].values[5] == 744_000_000


def test_empty_tables_printed_or_left_out(model, context_of):
    """conftest has no 国有资本经营 lines: 十 is empty.  The layout decides whether it prints."""
    ctx = context_of(model)

    def names(profile):
        return [t.spec.number for t in build_tables(model, ctx.catalog, profile).tables]

    every = [t.number for t in ctx.profile.tables]
    assert names(ctx.profile) == every
    assert names(ctx.profile.with_layout({"print_empty": "none"})) == [n for n in every if n != "十"]
    dropped = dataclasses.replace(ctx.profile, tables=tuple(
        dataclasses.replace(t, print_empty=False) if t.number == "十" else t for t in ctx.profile.tables))
    assert names(dropped) == [n for n in every if n != "十"]
    assert names(dropped.with_layout({"print_empty": "all"})) == every


def test_a_tables_own_empty_note(model, context_of):
    ctx = context_of(model)
    profile = dataclasses.replace(ctx.profile, tables=tuple(
        dataclasses.replace(t, empty_note="{year}年本部门没有{fund}。") if t.number == "十" else t
        for t in ctx.profile.tables))
    tables = build_tables(model, ctx.catalog, profile).tables
    assert next(t for t in tables if t.spec.number == "十").note == "2025年本部门没有国有资本经营预算拨款。"


def test_yuan_amount_columns_are_widened_to_show_their_amounts(ctx):
    """In 元 an amount is a hundred times longer: the column widens (the 万元 widths stay)."""
    widths = []
    for layout in ({}, {"amount_unit": "元"}):
        port = OpenpyxlWorkbook.new()
        render(port, expenditure_table(laid_out(ctx, **layout)), "表")
        widths.append(port.book["表"].column_dimensions["F"].width)
    assert widths[0] == 12.0 and widths[1] >= len("7,440,000.00") * 1.15
