"""Layout options (版式选项) on conftest's two-unit department, whole tables compared.

Figures as worked out in test_expenditure.py / test_three_public.py; only the layout differs.
"""

from __future__ import annotations

import dataclasses

from yusuan.tables import expenditure, three_public
from yusuan.tables.context import TableContext
from yusuan.tables.pipeline import build_tables

N = None
TOTAL = [N, N, N, N, "合计", 744.0, 241.0, 223.5, 6.0, 9.5, 2.0, 503.0, 83.0, 420.0]
DEPARTMENT = [N, N, N, "901", "示例局", 744.0, 241.0, 223.5, 6.0, 9.5, 2.0, 503.0, 83.0, 420.0]
UNIT1 = [N, N, N, "901001", "示例局机关", 263.8, 205.8, 190.5, 6.0, 7.3, 2.0, 58.0, 58.0, N]
UNIT1_ROWS = [
    ["201", "03", "01", N, "行政运行", 159.8, 159.8, 150.5, N, 7.3, 2.0, N, N, N],
    ["201", "03", "02", N, "一般行政管理事务", 58.0, N, N, N, N, N, 58.0, 58.0, N],
    ["208", "05", "01", N, "行政单位离退休", 6.0, 6.0, N, 6.0, N, N, N, N, N],
    ["208", "05", "05", N, "机关事业单位基本养老保险缴费支出", 20.0, 20.0, 20.0, N, N, N, N, N, N],
    ["210", "11", "01", N, "行政单位医疗", 8.0, 8.0, 8.0, N, N, N, N, N, N],
    ["221", "02", "01", N, "住房公积金", 12.0, 12.0, 12.0, N, N, N, N, N, N],
]
UNIT2 = [N, N, N, "901002", "示例局事务中心", 480.2, 35.2, 33.0, N, 2.2, N, 445.0, 25.0, 420.0]
OPERATION = ["201", "03", "50", N, "事业运行", 57.2, 32.2, 30.0, N, 2.2, N, 25.0, 25.0, N]
MEDICAL = ["210", "11", "02", N, "事业单位医疗", 3.0, 3.0, 3.0, N, N, N, N, N, N]
BONDS = ["229", "04", "02", N, "其他地方自行试点项目收益专项债券收入安排的支出", 420.0, N, N, N, N, N, 420.0, N, 420.0]


def laid_out(ctx: TableContext, **layout) -> TableContext:
    return TableContext(ctx.model, ctx.catalog, ctx.profile.with_layout(layout), ctx.atoms)


def body(rendered, table) -> list:
    values, _ = rendered(table)
    return values[5:]  # title, 部门/单位 line, three header rows


def expenditure_table(ctx):
    return expenditure.build(ctx, ctx.profile.tables[2])


def test_function_rows_per_unit_with_subtotals_is_the_default(ctx, rendered):
    assert body(rendered, expenditure_table(ctx)) == [TOTAL, DEPARTMENT, UNIT1, *UNIT1_ROWS, UNIT2, OPERATION, MEDICAL, BONDS]


def test_function_rows_per_unit_without_subtotals(ctx, rendered):
    """seed 001's way: each unit's 项 rows in turn, no unit row (a 项 of two units shows twice)."""
    table = expenditure_table(laid_out(ctx, function_rows="unit_no_subtotal"))
    assert body(rendered, table) == [TOTAL, DEPARTMENT, *UNIT1_ROWS, OPERATION, MEDICAL, BONDS]


def test_function_rows_once_for_the_department(ctx, rendered):
    table = expenditure_table(laid_out(ctx, function_rows="department"))
    rows = UNIT1_ROWS[:2] + [OPERATION] + UNIT1_ROWS[2:5] + [MEDICAL, UNIT1_ROWS[5], BONDS]
    assert body(rendered, table) == [TOTAL, DEPARTMENT, *rows]
    assert [r.kind for r in table.rows] == ["total", "group", *["detail"] * 9]


def test_three_public_department_total_only(ctx, rendered):
    spec = ctx.profile.table("three_public")
    values, merges = rendered(three_public.build(laid_out(ctx, three_public="total"), spec))
    assert values[1] == ["部门名称：示例局", N, N, N, N, "单位：万元"]
    assert values[4:] == [[20.3, N, 19.5, 18.0, 1.5, 0.8], [spec.footnote, N, N, N, N, N]]


def test_amounts_in_yuan(ctx, rendered):
    """元: the unit line says so and every amount is printed in 元 (exact to the 分)."""
    values, _ = rendered(expenditure_table(laid_out(ctx, amount_unit="元")))
    assert values[1][-1] == "单位：元"
    assert values[5] == [*TOTAL[:5], 7440000.0, 2410000.0, 2235000.0, 60000.0, 95000.0, 20000.0, 5030000.0, 830000.0,
                         4200000.0]


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
