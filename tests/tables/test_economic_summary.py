"""七 支出经济分类汇总表: expected sheets worked out by hand from conftest's lines.

All conftest lines are 一般公共预算 本年 except 31005/50601 of 901002 (政府性基金 300.00 本年 +
120.00 上年结转).  Per unit, (部门经济, 政府经济) pairs in code order (万元):
  901001: 30101/50101 100.00, 30102/50101 50.50, 30108/50102 20.00, 30110/50102 8.00,
          30113/50103 12.00, 30201/50201 5.00, 30217/50206 0.80, 30227/50205 40.00,
          30231/50208 1.50, 30302/50905 6.00, 31002/50306 2.00, 31013/50306 18.00  = 263.80
  901002: 30101/50501 30.00, 30110/50501 3.00, 30201/50502 2.20, 30226/50502 25.00,
          31005/50601 420.00 (基金 300.00, 结转 120.00)                          = 480.20
  department 744.00 = 一般公共预算 324.00 + 政府性基金 300.00 + 上年结转结余 120.00.
"""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import G, W, line, small_model
from yusuan.model import FundSource
from yusuan.tables.economic_summary import build

N = None
TITLE = "2025年支出经济分类汇总表"
DEPT = "部门名称：示例局"
UNIT = "单位：万元"
HEADER = [
    ["部门预算经济分类", N, N, "政府预算经济分类", N, N, "总计", "一般公共预算", N, "政府性基金", "国有资本经营预算",
     "上年结转结余", "财政专户管理资金收入", "事业收入", "上级补助收入", "附属单位上缴收入", "事业单位经营收入", "其他收入"],
    ["类", "款", "科目名称", "类", "款", "科目名称", N, "小计", "其中：财政拨款", *[N] * 9],
]
MERGES = ["A1:R1", "A2:Q2", "A3:C3", "D3:F3", "G3:G4", "H3:I3", *(f"{c}3:{c}4" for c in "JKLMNOPQR")]
FUND_COLUMNS = ["general", "fund", "state_capital", "carried_over", "special_account", "business",
                "higher_subsidy", "affiliate", "operating", "other"]


def spec_of(ctx):
    return ctx.profile.table("economic_summary")


def general(amount):
    """A 一般公共预算 本年 row's amounts: 总计, 小计, 其中：财政拨款, then nine blanks."""
    return [amount, amount, amount, *[N] * 9]


def test_two_units_whole_sheet(ctx, rendered):
    table = build(ctx, spec_of(ctx))
    values, merges = rendered(table)
    assert values == [
        [TITLE, *[N] * 17],
        [DEPT, *[N] * 16, UNIT],
        *HEADER,
        [N, N, "合计", N, N, N, 744.0, 324.0, 324.0, 300.0, N, 120.0, *[N] * 6],
        ["901", N, "示例局", N, N, N, 744.0, 324.0, 324.0, 300.0, N, 120.0, *[N] * 6],
        ["901001", N, "示例局机关", N, N, N, *general(263.8)],
        ["301", "01", "基本工资", "501", "01", "工资奖金津补贴", *general(100.0)],
        ["301", "02", "津贴补贴", "501", "01", "工资奖金津补贴", *general(50.5)],
        ["301", "08", "机关事业单位基本养老保险缴费", "501", "02", "社会保障缴费", *general(20.0)],
        ["301", "10", "职工基本医疗保险缴费", "501", "02", "社会保障缴费", *general(8.0)],
        ["301", "13", "住房公积金", "501", "03", "住房公积金", *general(12.0)],
        ["302", "01", "办公费", "502", "01", "办公经费", *general(5.0)],
        ["302", "17", "公务接待费", "502", "06", "公务接待费", *general(0.8)],
        ["302", "27", "委托业务费", "502", "05", "委托业务费", *general(40.0)],
        ["302", "31", "公务用车运行维护费", "502", "08", "公务用车运行维护费", *general(1.5)],
        ["303", "02", "退休费", "509", "05", "离退休费", *general(6.0)],
        ["310", "02", "办公设备购置", "503", "06", "设备购置", *general(2.0)],
        ["310", "13", "公务用车购置", "503", "06", "设备购置", *general(18.0)],
        ["901002", N, "示例局事务中心", N, N, N, 480.2, 60.2, 60.2, 300.0, N, 120.0, *[N] * 6],
        ["301", "01", "基本工资", "505", "01", "工资福利支出", *general(30.0)],
        ["301", "10", "职工基本医疗保险缴费", "505", "01", "工资福利支出", *general(3.0)],
        ["302", "01", "办公费", "505", "02", "商品和服务支出", *general(2.2)],
        ["302", "26", "劳务费", "505", "02", "商品和服务支出", *general(25.0)],
        ["310", "05", "基础设施建设", "506", "01", "资本性支出（一）", 420.0, N, N, 300.0, N, 120.0, *[N] * 6],
    ]
    assert merges == sorted(MERGES)
    assert [r.kind for r in table.rows] == ["total", "group", "group", *["detail"] * 12, "group", *["detail"] * 5]
    assert table.note == ""


def test_single_unit_lists_pairs_under_department(ctx, rendered, context_with):
    unit = ctx.model.units[1]
    lines = tuple(l for l in ctx.model.lines if l.unit_code == unit.code)
    table = build(context_with(ctx, units=(unit,), lines=lines), spec_of(ctx))
    values, _ = rendered(table)
    assert values[4:] == [
        [N, N, "合计", N, N, N, 480.2, 60.2, 60.2, 300.0, N, 120.0, *[N] * 6],
        ["901", N, "示例局", N, N, N, 480.2, 60.2, 60.2, 300.0, N, 120.0, *[N] * 6],
        ["301", "01", "基本工资", "505", "01", "工资福利支出", *general(30.0)],
        ["301", "10", "职工基本医疗保险缴费", "505", "01", "工资福利支出", *general(3.0)],
        ["302", "01", "办公费", "505", "02", "商品和服务支出", *general(2.2)],
        ["302", "26", "劳务费", "505", "02", "商品和服务支出", *general(25.0)],
        ["310", "05", "基础设施建设", "506", "01", "资本性支出（一）", 420.0, N, N, 300.0, N, 120.0, *[N] * 6],
    ]
    assert [r.kind for r in table.rows] == ["total", "group", *["detail"] * 5]


def test_every_fund_source_has_its_column_and_carried_over_goes_to_its_own(ctx, context_with):
    """One 本年 line per fund source (1.00 … 9.00 in enum order) plus a carried-over 事业收入 line."""
    unit = ctx.model.units[1]
    lines = tuple(
        dataclasses.replace(line(unit.code, "2010350", "30201", "50502", G, float(i + 1)), fund_source=fund)
        for i, fund in enumerate(FundSource)
    ) + (dataclasses.replace(line(unit.code, "2010350", "30201", "50502", G, 0.50, carried=True),
                             fund_source=FundSource.BUSINESS_INCOME),)
    table = build(context_with(ctx, units=(unit,), lines=lines), spec_of(ctx))
    # FundSource order: 一般公共预算 1, 政府性基金 2, 国有资本经营预算 3, 财政专户管理资金 4, 事业收入 5,
    # 事业单位经营收入 6, 上级补助收入 7, 附属单位上缴收入 8, 其他收入 9; 45.00 + 0.50 结转.
    expected = {"total": 455 * W // 10, "general": W, "general_fiscal": W, "fund": 2 * W, "state_capital": 3 * W,
                "carried_over": 5 * W // 10, "special_account": 4 * W, "business": 5 * W, "operating": 6 * W,
                "higher_subsidy": 7 * W, "affiliate": 8 * W, "other": 9 * W}
    for row in table.rows:  # 合计, department, the one pair: all the same
        assert {k: v for k, v in zip(table.keys, row.values) if k in table.amount_keys} == expected
    assert table.rows[2].values[:6] == ("302", "01", "办公费", "505", "02", "商品和服务支出")


def test_empty_department_keeps_blank_total_row_and_note(ctx, rendered, context_with):
    table = build(context_with(ctx, lines=()), spec_of(ctx))
    values, merges = rendered(table)
    note = "本部门2025年无部门预算安排的支出，故本表无数据。"
    assert values[4:] == [[N, N, "合计", *[N] * 15], [note, *[N] * 17]]
    assert merges == sorted([*MERGES, "A6:R6"])
    assert table.note == note


def test_additive_on_atom_bitmasks(ctx):
    _check_disjoint_sums(build(ctx.with_amounts([1 << i for i in range(len(ctx.atoms))]), spec_of(ctx)))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(picks=st.lists(st.tuples(st.integers(0, 17), st.sampled_from(list(FundSource)), st.booleans()),
                      min_size=1, max_size=25))
def test_total_is_the_sum_of_fund_columns_for_any_lines(context_with, ctx, picks):
    base = small_model().lines
    lines = tuple(dataclasses.replace(base[i], fund_source=fund, carried_over=carried) for i, fund, carried in picks)
    sub = context_with(ctx, lines=lines)
    _check_disjoint_sums(build(sub.with_amounts([1 << i for i in range(len(sub.atoms))]), spec_of(ctx)))


def _check_disjoint_sums(table):
    rows = [dict(zip(table.keys, (v or 0 for v in r.values))) for r in table.rows]
    details = [r for r, row in zip(rows, table.rows) if row.kind == "detail"]
    for key in table.amount_keys:
        assert rows[0][key] == sum(d[key] for d in details) == _or(d[key] for d in details)
    for r in rows:
        parts = [r[k] for k in FUND_COLUMNS]
        assert r["total"] == sum(parts) == _or(parts)
        assert r["general_fiscal"] == r["general"]


def _or(values):
    out = 0
    for v in values:
        out |= v
    return out
