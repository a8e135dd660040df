"""十一 行政（事业）单位机构运转经费预算表: expected sheets worked out by hand from conftest.

公用经费 lines of conftest (all 一般公共预算): 901001 — 30201 5.00, 30231 1.50, 30217 0.80,
31002 2.00 (= 9.30); 901002 — 30201 2.20.  Department total 11.50.
"""

from __future__ import annotations

import dataclasses

from yusuan.model import BudgetLine, FundSource, SpendingType
from yusuan.tables.operating_costs import build

N = None
CAT = "公用经费项目"
EMPTY_NOTE = "本部门2025年无机构运转经费安排的支出，故本表无数据。"
HEADER = [
    ["单位代码", "单位（科目名称）", "项目类别", "资金来源", *[N] * 20],
    [N, N, N, "合计", "一般公共预算资金", N, N, N, N, N, N, "政府性基金预算资金", N, N, "国有资本经营预算",
     "财政专户管理资金收入", "单位资金", N, N, N, N, N, "财政专户管理资金收入结余结转", "单位资金结余结转"],
    [N, N, N, N, "小计", "一般公共预算资金", N, N, N, N, "一般债券", "小计", "政府性基金预算资金", "专项债券", N, N,
     "小计", "事业收入资金", "上级补助收入资金", "附属单位上缴收入资金", "事业单位经营收入资金", "其他收入资金", N, N],
    [N, N, N, N, N, "财政拨款", "纳入预算管理的行政事业性收费", "专项收入", "国有资产资源有偿使用收入",
     "其他一般公共预算资金", *[N] * 14],
]
HEADER_MERGES = [
    "A1:X1", "A2:W2", "A3:A6", "B3:B6", "C3:C6", "D3:X3",
    "D4:D6", "E4:K4", "L4:N4", "O4:O6", "P4:P6", "Q4:V4", "W4:W6", "X4:X6",
    "E5:E6", "F5:J5", "K5:K6", "L5:L6", "M5:M6", "N5:N6", "Q5:Q6", "R5:R6", "S5:S6", "T5:T6", "U5:U6", "V5:V6",
]
BLANK18 = [N] * 18  # 行政事业性收费 … 单位资金结余结转: no input distinguishes them, so blank


def spec_of(ctx):
    return ctx.profile.table("operating_costs")


def general(amount: float) -> list:
    """合计, 一般公共预算 小计, 财政拨款 (same atoms), then blank fund columns."""
    return [amount, amount, amount, *BLANK18]


def test_whole_sheet(ctx, rendered):
    values, merges = rendered(build(ctx, spec_of(ctx)))
    assert values == [
        ["2025年行政（事业）单位机构运转经费预算表", *[N] * 23],
        ["部门名称：示例局", *[N] * 22, "单位：万元"],
        *HEADER,
        [N, N, "合计", *general(11.5)],
        ["901", "示例局", N, *general(11.5)],
        ["901001", "示例局机关", N, *general(9.3)],
        ["30201", "办公费", CAT, *general(5.0)],
        ["30217", "公务接待费", CAT, *general(0.8)],
        ["30231", "公务用车运行维护费", CAT, *general(1.5)],
        ["31002", "办公设备购置", CAT, *general(2.0)],
        ["901002", "示例局事务中心", N, *general(2.2)],
        ["30201", "办公费", CAT, *general(2.2)],
    ]
    assert merges == sorted(HEADER_MERGES)


def test_row_kinds(ctx):
    table = build(ctx, spec_of(ctx))
    assert [r.kind for r in table.rows] == ["total", "group", "group", *["detail"] * 4, "group", "detail"]


def test_single_unit_keeps_department_and_unit_rows(ctx, wan, context_with):
    """Seed 004: 合计, department 605, unit 605001, then the 款 rows."""
    unit = ctx.model.units[1]
    lines = tuple(l for l in ctx.model.lines if l.unit_code == unit.code)
    table = build(context_with(ctx, units=(unit,), lines=lines, projects=ctx.model.projects[1:]), spec_of(ctx))
    assert [r.values[:4] for r in table.rows] == [
        (N, N, "合计", wan("2.20")),
        ("901", "示例局", N, wan("2.20")),
        ("901002", "示例局事务中心", N, wan("2.20")),
        ("30201", "办公费", CAT, wan("2.20")),
    ]


def test_empty_table_has_total_row_and_note(ctx, rendered, context_with):
    lines = tuple(l for l in ctx.model.lines if l.spending_type is not SpendingType.PUBLIC)
    table = build(context_with(ctx, lines=lines), spec_of(ctx))
    values, _ = rendered(table)
    assert values[6:] == [[N, N, "合计", *[N] * 21], [EMPTY_NOTE, *[N] * 23]]
    assert table.note == EMPTY_NOTE


def test_definition_is_a_profile_option_and_funds_split_by_column(ctx, wan, context_with):
    """With 事业收入 and 财政专户 in the definition, their atoms land in their own columns."""
    extra = (
        BudgetLine("901002", "2010350", "30201", "50502", SpendingType.PUBLIC, FundSource.BUSINESS_INCOME, wan("1.00")),
        BudgetLine("901002", "2010350", "30201", "50502", SpendingType.PUBLIC, FundSource.SPECIAL_ACCOUNT, wan("0.40")),
        BudgetLine("901002", "2010350", "30207", "50502", SpendingType.PUBLIC, FundSource.OTHER_INCOME, wan("0.30")),
    )
    spec = spec_of(ctx)
    options = {**spec.options, "funds": ["一般公共预算", "事业收入", "财政专户管理资金", "其他收入"]}
    table = build(context_with(ctx, lines=ctx.model.lines + extra), dataclasses.replace(spec, options=options))
    rows = {(r.values[0], r.values[2]): dict(zip(table.keys, r.values)) for r in table.rows}
    unit = rows[("901002", N)]
    assert (unit["total"], unit["general"], unit["special_account"]) == (wan("3.90"), wan("2.20"), wan("0.40"))
    assert (unit["unit_funds"], unit["business"], unit["other"]) == (wan("1.30"), wan("1.00"), wan("0.30"))
    # 30207 邮电费 only has 其他收入 money: a detail row of its own
    details = [dict(zip(table.keys, r.values)) for r in table.rows if r.kind == "detail"]
    assert [d["code"] for d in details] == ["30201", "30217", "30231", "31002", "30201", "30207"]
    assert details[-1]["general"] is None and details[-1]["other"] == wan("0.30")


def test_spending_types_option(ctx, wan):
    spec = spec_of(ctx)
    options = {**spec.options, "spending_types": ["公用经费", "项目支出"], "funds": ["一般公共预算"]}
    table = build(ctx, dataclasses.replace(spec, options=options))
    # + 项目 lines of 一般公共预算: 40.00 + 18.00 + 25.00
    assert table.rows[0].values[3] == wan("94.50")


def test_additive_on_atom_bitmasks(ctx):
    masks = ctx.with_amounts([1 << i for i in range(len(ctx.atoms))])
    table = build(masks, spec_of(ctx))
    keys = table.keys
    rows = [dict(zip(keys, r.values)) for r in table.rows]
    total, department = rows[0], rows[1]
    unit_rows = [r for r, row in zip(rows, table.rows) if row.kind == "group"][1:]
    details = [r for r, row in zip(rows, table.rows) if row.kind == "detail"]
    for key in ("total", "general", "general_fiscal"):
        assert total[key] == department[key] == sum(u[key] for u in unit_rows) == sum(d[key] for d in details)
        assert total[key] == _or(d[key] for d in details)  # details are disjoint atom sets


def _or(values):
    out = 0
    for v in values:
        out |= v
    return out
