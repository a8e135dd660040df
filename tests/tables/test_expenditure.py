"""三/五/九/十 支出预算表: expected sheets worked out by hand from conftest's lines.

conftest lines by 项 (万元):
  901001 示例局机关
    2010301 行政运行   30101 100.00 + 30102 50.50 (301), 30201 5.00 + 30231 1.50 + 30217 0.80 (302),
                       31002 2.00 (310)                          = 159.80, all basic
    2010302 一般行政管理事务  P001 其他运转类 40.00 + 18.00           =  58.00, project
    2080501 行政单位离退休  30302 6.00 (303)                      =   6.00
    2080505 机关事业单位基本养老保险缴费支出  30108 20.00 (301)    =  20.00
    2101101 行政单位医疗  30110 8.00 (301)                        =   8.00
    2210201 住房公积金  30113 12.00 (301)                          =  12.00
    unit: 263.80 = basic 205.80 (301 190.50, 303 6.00, 302 7.30, 310 2.00) + project 58.00
  901002 示例局事务中心
    2010350 事业运行  30101 30.00 (301), 30201 2.20 (302), P002 其他运转类 25.00  = 57.20
    2101102 事业单位医疗  30110 3.00 (301)                          =   3.00
    2290402 (政府性基金) P003 特定目标类 300.00 + 120.00 上年结转    = 420.00
    unit: 480.20 = basic 35.20 (301 33.00, 302 2.20) + project 445.00 (运转 25.00, 特定 420.00)
  department: 744.00 = basic 241.00 (301 223.50, 303 6.00, 302 9.50, 310 2.00)
                     + project 503.00 (运转 83.00, 特定 420.00)
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import G, W, line, small_model
from yusuan.errors import UserError
from yusuan.model import FundSource
from yusuan.tables.context import TableContext
from yusuan.tables.expenditure import build

N = None
DEPT = "部门名称：示例局"
UNIT = "单位：万元"
HEADER = [
    ["科目编码", N, N, "单位代码", "单位（科目名称）", "合计", "基本支出", N, N, N, N, "项目支出", N, N],
    ["类", "款", "项", N, N, N, "小计", "人员经费", N, "公用经费", N, "小计", "其他运转类", "特定目标类"],
    [N, N, N, N, N, N, N, "工资福利支出", "对个人和家庭的补助", "商品和服务支出", "资本性支出", N, N, N],
]
HEADER_MERGES = ["A1:N1", "A2:M2", "A3:C3", "A4:A5", "B4:B5", "C4:C5", "D3:D5", "E3:E5", "F3:F5",
                 "G3:K3", "G4:G5", "H4:I4", "J4:K4", "L3:N3", "L4:L5", "M4:M5", "N4:N5"]


def spec_of(ctx, number):
    return next(t for t in ctx.profile.tables if t.number == number)


def with_options(spec, **options):
    return dataclasses.replace(spec, options={**spec.options, **options})


@pytest.fixture
def single_unit(context_with):
    """``single_unit(ctx, extra=())``: only the first unit, with its lines and ``extra``."""

    def single_unit(ctx, extra=()) -> TableContext:
        unit = ctx.model.units[0]
        lines = tuple(l for l in ctx.model.lines + tuple(extra) if l.unit_code == unit.code)
        return context_with(ctx, units=(unit,), lines=lines)

    return single_unit


def test_three_two_units_whole_sheet(ctx, rendered):
    values, merges = rendered(build(ctx, spec_of(ctx, "三")))
    assert values == [
        ["2025年部门支出预算表", *[N] * 13],
        [DEPT, *[N] * 12, UNIT],
        *HEADER,
        [N, N, N, N, "合计", 744.0, 241.0, 223.5, 6.0, 9.5, 2.0, 503.0, 83.0, 420.0],
        [N, N, N, "901", "示例局", 744.0, 241.0, 223.5, 6.0, 9.5, 2.0, 503.0, 83.0, 420.0],
        [N, N, N, "901001", "示例局机关", 263.8, 205.8, 190.5, 6.0, 7.3, 2.0, 58.0, 58.0, N],
        ["201", "03", "01", N, "行政运行", 159.8, 159.8, 150.5, N, 7.3, 2.0, N, N, N],
        ["201", "03", "02", N, "一般行政管理事务", 58.0, N, N, N, N, N, 58.0, 58.0, N],
        ["208", "05", "01", N, "行政单位离退休", 6.0, 6.0, N, 6.0, N, N, N, N, N],
        ["208", "05", "05", N, "机关事业单位基本养老保险缴费支出", 20.0, 20.0, 20.0, N, N, N, N, N, N],
        ["210", "11", "01", N, "行政单位医疗", 8.0, 8.0, 8.0, N, N, N, N, N, N],
        ["221", "02", "01", N, "住房公积金", 12.0, 12.0, 12.0, N, N, N, N, N, N],
        [N, N, N, "901002", "示例局事务中心", 480.2, 35.2, 33.0, N, 2.2, N, 445.0, 25.0, 420.0],
        ["201", "03", "50", N, "事业运行", 57.2, 32.2, 30.0, N, 2.2, N, 25.0, 25.0, N],
        ["210", "11", "02", N, "事业单位医疗", 3.0, 3.0, 3.0, N, N, N, N, N, N],
        ["229", "04", "02", N, "其他地方自行试点项目收益专项债券收入安排的支出", 420.0, N, N, N, N, N, 420.0, N, 420.0],
    ]
    assert merges == sorted(HEADER_MERGES)


def test_three_row_kinds(ctx):
    table = build(ctx, spec_of(ctx, "三"))
    assert [r.kind for r in table.rows] == ["total", "group", "group", *["detail"] * 6, "group", *["detail"] * 3]
    assert table.note == ""


def test_five_general_budget_only(ctx, rendered):
    """五: the 政府性基金 lines (2290402) drop out; 901002 keeps 事业运行 and 事业单位医疗."""
    values, merges = rendered(build(ctx, spec_of(ctx, "五")))
    assert values[0][0] == "2025年一般公共预算支出预算表"
    assert values[2:5] == HEADER
    assert values[5:] == [
        [N, N, N, N, "合计", 324.0, 241.0, 223.5, 6.0, 9.5, 2.0, 83.0, 83.0, N],
        [N, N, N, "901", "示例局", 324.0, 241.0, 223.5, 6.0, 9.5, 2.0, 83.0, 83.0, N],
        [N, N, N, "901001", "示例局机关", 263.8, 205.8, 190.5, 6.0, 7.3, 2.0, 58.0, 58.0, N],
        ["201", "03", "01", N, "行政运行", 159.8, 159.8, 150.5, N, 7.3, 2.0, N, N, N],
        ["201", "03", "02", N, "一般行政管理事务", 58.0, N, N, N, N, N, 58.0, 58.0, N],
        ["208", "05", "01", N, "行政单位离退休", 6.0, 6.0, N, 6.0, N, N, N, N, N],
        ["208", "05", "05", N, "机关事业单位基本养老保险缴费支出", 20.0, 20.0, 20.0, N, N, N, N, N, N],
        ["210", "11", "01", N, "行政单位医疗", 8.0, 8.0, 8.0, N, N, N, N, N, N],
        ["221", "02", "01", N, "住房公积金", 12.0, 12.0, 12.0, N, N, N, N, N, N],
        [N, N, N, "901002", "示例局事务中心", 60.2, 35.2, 33.0, N, 2.2, N, 25.0, 25.0, N],
        ["201", "03", "50", N, "事业运行", 57.2, 32.2, 30.0, N, 2.2, N, 25.0, 25.0, N],
        ["210", "11", "02", N, "事业单位医疗", 3.0, 3.0, 3.0, N, N, N, N, N, N],
    ]
    assert merges == sorted(HEADER_MERGES)


def test_nine_government_fund_current_and_carried_over(ctx, rendered):
    """九: 300.00 本年 + 120.00 上年结转 of 政府性基金; only 901002 has such lines, and it still
    gets its unit row because the department has two units."""
    values, merges = rendered(build(ctx, spec_of(ctx, "九")))
    assert values == [
        ["2025年政府性基金支出预算表", *[N] * 13],
        [DEPT, *[N] * 12, UNIT],
        *HEADER,
        [N, N, N, N, "合计", 420.0, N, N, N, N, N, 420.0, N, 420.0],
        [N, N, N, "901", "示例局", 420.0, N, N, N, N, N, 420.0, N, 420.0],
        [N, N, N, "901002", "示例局事务中心", 420.0, N, N, N, N, N, 420.0, N, 420.0],
        ["229", "04", "02", N, "其他地方自行试点项目收益专项债券收入安排的支出", 420.0, N, N, N, N, N, 420.0, N, 420.0],
    ]
    assert merges == sorted(HEADER_MERGES)


def test_ten_empty_table_has_total_row_and_note(ctx, rendered):
    """十: no 国有资本经营预算 lines — only the 合计 row, blank, then the note (seed 004 table 十)."""
    table = build(ctx, spec_of(ctx, "十"))
    values, merges = rendered(table)
    note = "本部门2025年无国有资本经营预算拨款安排的支出，故本表无数据。"
    assert values == [
        ["2025年国有资本经营支出预算表", *[N] * 13],
        [DEPT, *[N] * 12, UNIT],
        *HEADER,
        [N, N, N, N, "合计", *[N] * 9],
        [note, *[N] * 13],
    ]
    assert merges == sorted([*HEADER_MERGES, "A7:N7"])
    assert table.is_empty and table.note == note
    assert [r.kind for r in table.rows] == ["total"]


def test_single_unit_lists_items_under_department(ctx, rendered, single_unit):
    """One unit (seed 004): 合计, department row, then the 项 rows — no unit row."""
    table = build(single_unit(ctx), spec_of(ctx, "三"))
    values, _ = rendered(table)
    assert values[5:] == [
        [N, N, N, N, "合计", 263.8, 205.8, 190.5, 6.0, 7.3, 2.0, 58.0, 58.0, N],
        [N, N, N, "901", "示例局", 263.8, 205.8, 190.5, 6.0, 7.3, 2.0, 58.0, 58.0, N],
        ["201", "03", "01", N, "行政运行", 159.8, 159.8, 150.5, N, 7.3, 2.0, N, N, N],
        ["201", "03", "02", N, "一般行政管理事务", 58.0, N, N, N, N, N, 58.0, 58.0, N],
        ["208", "05", "01", N, "行政单位离退休", 6.0, 6.0, N, 6.0, N, N, N, N, N],
        ["208", "05", "05", N, "机关事业单位基本养老保险缴费支出", 20.0, 20.0, 20.0, N, N, N, N, N, N],
        ["210", "11", "01", N, "行政单位医疗", 8.0, 8.0, 8.0, N, N, N, N, N, N],
        ["221", "02", "01", N, "住房公积金", 12.0, 12.0, 12.0, N, N, N, N, N, N],
    ]
    assert [r.kind for r in table.rows] == ["total", "group", *["detail"] * 6]


def test_levels_class_and_item_subtotals(ctx, rendered, single_unit):
    spec = with_options(spec_of(ctx, "三"), levels=["类", "款", "项"])
    table = build(single_unit(ctx), spec)
    values, _ = rendered(table)
    assert values[5:] == [
        [N, N, N, N, "合计", 263.8, 205.8, 190.5, 6.0, 7.3, 2.0, 58.0, 58.0, N],
        [N, N, N, "901", "示例局", 263.8, 205.8, 190.5, 6.0, 7.3, 2.0, 58.0, 58.0, N],
        ["201", N, N, N, "一般公共服务支出", 217.8, 159.8, 150.5, N, 7.3, 2.0, 58.0, 58.0, N],
        ["201", "03", N, N, "政府办公厅（室）及相关机构事务", 217.8, 159.8, 150.5, N, 7.3, 2.0, 58.0, 58.0, N],
        ["201", "03", "01", N, "行政运行", 159.8, 159.8, 150.5, N, 7.3, 2.0, N, N, N],
        ["201", "03", "02", N, "一般行政管理事务", 58.0, N, N, N, N, N, 58.0, 58.0, N],
        ["208", N, N, N, "社会保障和就业支出", 26.0, 26.0, 20.0, 6.0, N, N, N, N, N],
        ["208", "05", N, N, "行政事业单位养老支出", 26.0, 26.0, 20.0, 6.0, N, N, N, N, N],
        ["208", "05", "01", N, "行政单位离退休", 6.0, 6.0, N, 6.0, N, N, N, N, N],
        ["208", "05", "05", N, "机关事业单位基本养老保险缴费支出", 20.0, 20.0, 20.0, N, N, N, N, N, N],
        ["210", N, N, N, "卫生健康支出", 8.0, 8.0, 8.0, N, N, N, N, N, N],
        ["210", "11", N, N, "行政事业单位医疗", 8.0, 8.0, 8.0, N, N, N, N, N, N],
        ["210", "11", "01", N, "行政单位医疗", 8.0, 8.0, 8.0, N, N, N, N, N, N],
        ["221", N, N, N, "住房保障支出", 12.0, 12.0, 12.0, N, N, N, N, N, N],
        ["221", "02", N, N, "住房改革支出", 12.0, 12.0, 12.0, N, N, N, N, N, N],
        ["221", "02", "01", N, "住房公积金", 12.0, 12.0, 12.0, N, N, N, N, N, N],
    ]
    g, d = "group", "detail"
    assert [r.kind for r in table.rows] == ["total", g, g, g, d, d, g, g, d, d, g, g, d, g, g, d]


def test_levels_class_only_within_units(ctx):
    """levels [类]: per unit one row per 类, and those are the detail rows."""
    table = build(ctx, with_options(spec_of(ctx, "三"), levels=["类"]))
    rows = [(r.values[:5], r.values[5], r.kind) for r in table.rows]
    assert rows == [
        ((N, N, N, N, "合计"), 744 * W, "total"),
        ((N, N, N, "901", "示例局"), 744 * W, "group"),
        ((N, N, N, "901001", "示例局机关"), 2638 * W // 10, "group"),
        (("201", N, N, N, "一般公共服务支出"), 2178 * W // 10, "detail"),
        (("208", N, N, N, "社会保障和就业支出"), 26 * W, "detail"),
        (("210", N, N, N, "卫生健康支出"), 8 * W, "detail"),
        (("221", N, N, N, "住房保障支出"), 12 * W, "detail"),
        ((N, N, N, "901002", "示例局事务中心"), 4802 * W // 10, "group"),
        (("201", N, N, N, "一般公共服务支出"), 572 * W // 10, "detail"),
        (("210", N, N, N, "卫生健康支出"), 3 * W, "detail"),
        (("229", N, N, N, "其他支出"), 420 * W, "detail"),
    ]


def test_levels_come_from_the_profile(ctx):
    assert all(spec_of(ctx, n).options["levels"] == ["项"] for n in ("三", "五", "九", "十"))


def test_unknown_level_is_a_profile_error(ctx):
    with pytest.raises(UserError, match="levels"):
        build(ctx, with_options(spec_of(ctx, "三"), levels=["目"]))


def test_other_econ_class_in_basic_line_counts_in_basic_subtotal_only(ctx, single_unit):
    """A basic line of 307 (not a basic class — flagged upstream) keeps 合计 = 基本 + 项目."""
    odd = line("901001", "2010301", "30701", "50701", G, 4.00)
    table = build(single_unit(ctx, extra=[odd]), spec_of(ctx, "三"))
    row = dict(zip(table.keys, table.rows[2].values))
    assert (row["name"], row["total"], row["basic"]) == ("行政运行", 1638 * W // 10, 1638 * W // 10)
    assert (row["wages"], row["household"], row["goods"], row["capital"]) == (1505 * W // 10, N, 73 * W // 10, 2 * W)


def test_carried_over_general_budget_line_is_in_five(ctx, single_unit):
    carried = line("901001", "2010301", "30201", "50201", G, 1.00, carried=True)
    table = build(single_unit(ctx, extra=[carried]), spec_of(ctx, "五"))
    assert table.column("goods")[:3] == [83 * W // 10, 83 * W // 10, 83 * W // 10]


def test_fund_list_can_name_several_funds(ctx):
    spec = with_options(spec_of(ctx, "三"), funds=["一般公共预算", "政府性基金"])
    assert build(ctx, spec).rows == build(ctx, spec_of(ctx, "三")).rows


def test_additive_on_atom_bitmasks(ctx):
    """On bitmasks every row is a disjoint union: 合计 = unit rows = their 项 rows, and
    合计 = 基本 | 项目, 基本 = 301 | 303 | 302 | 310, 项目 = 运转 | 特定."""
    masks = ctx.with_amounts([1 << i for i in range(len(ctx.atoms))])
    table = build(masks, spec_of(ctx, "三"))
    _check_disjoint_sums(table)


FUNDS = [FundSource.GENERAL_BUDGET, FundSource.GOVERNMENT_FUND, FundSource.STATE_CAPITAL]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(picks=st.lists(st.tuples(st.integers(0, 17), st.sampled_from(FUNDS), st.booleans()), max_size=25),
       levels=st.sampled_from([["项"], ["类", "项"], ["款", "项"], ["类", "款", "项"]]),
       number=st.sampled_from(["三", "五", "九", "十"]))
def test_rows_add_up_for_any_lines(context_with, ctx, picks, levels, number):
    base = small_model().lines
    lines = tuple(dataclasses.replace(base[i], fund_source=fund, carried_over=carried) for i, fund, carried in picks)
    sub = context_with(ctx, lines=lines)
    masks = sub.with_amounts([1 << i for i in range(len(sub.atoms))])
    table = build(masks, with_options(spec_of(ctx, number), levels=levels))
    _check_disjoint_sums(table)
    if table.note:
        assert len(table.rows) == 1


def _check_disjoint_sums(table):
    keys = table.keys
    rows = [dict(zip(keys, (v or 0 for v in r.values))) for r in table.rows]
    details = [r for r, row in zip(rows, table.rows) if row.kind == "detail"]
    total = rows[0]
    for key in table.amount_keys:
        assert total[key] == _or(d[key] for d in details) == sum(d[key] for d in details)
    for r in rows:
        assert r["total"] == r["basic"] | r["project"] and not r["basic"] & r["project"]
        assert r["basic"] == r["wages"] + r["household"] + r["goods"] + r["capital"]
        assert r["project"] == r["project_operating"] + r["project_specific"]


def _or(values):
    out = 0
    for v in values:
        out |= v
    return out
