"""二 部门收入预算表: whole-sheet comparison, single unit, 其他收入 records, 单位资金 carry-over."""

from __future__ import annotations

from dataclasses import replace

from conftest import W, X, line, small_model
from yusuan.model import FundSource, OtherIncome
from yusuan.ports import CellRange
from yusuan.profiles import load
from yusuan.tables.income import build

PROFILE = load("河南2025")
SPEC = PROFILE.table("income")

_ = None
HEADER = [
    ["部门（单位）代码", "部门（单位）名称", "总计", "本年收入", _, _, _, _, _, _, _, _, _, _, "上年结转结余", _, _, _, _, _],
    [_, _, _, "合计", "一般公共预算", _, "政府性基金", "国有资本经营预算", "财政专户管理资金收入", "事业收入",
     "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入", "合计", "一般公共预算", "政府性基金",
     "国有资本经营预算", "财政专户管理资金", "单位资金"],
    [_, _, _, _, "小计", "其中：财政拨款", _, _, _, _, _, _, _, _, _, _, _, _, _, _],
]


def test_whole_sheet(ctx, render_sheet):
    values, merges = render_sheet(build(ctx, SPEC))
    # 机关: 一般公共预算 263.80 (all this year).  事务中心: 一般公共预算 60.20, 政府性基金 300.00 this
    # year and 120.00 carried over → 总计 480.20, 本年 360.20.  Department = 744.00 / 624.00 / 120.00.
    expected = [
        ["2025年部门收入预算表"] + [_] * 19,
        ["部门名称：示例局"] + [_] * 18 + ["单位：万元"],
        *HEADER,
        [_, "合计", 744.0, 624.0, 324.0, 324.0, 300.0, _, _, _, _, _, _, _, 120.0, _, 120.0, _, _, _],
        ["901", "示例局", 744.0, 624.0, 324.0, 324.0, 300.0, _, _, _, _, _, _, _, 120.0, _, 120.0, _, _, _],
        ["901001", "示例局机关", 263.8, 263.8, 263.8, 263.8, _, _, _, _, _, _, _, _, _, _, _, _, _, _],
        ["901002", "示例局事务中心", 480.2, 360.2, 60.2, 60.2, 300.0, _, _, _, _, _, _, _, 120.0, _, 120.0, _, _, _],
    ]
    assert values == expected
    assert merges == {
        CellRange(1, 1, 1, 20),
        CellRange(2, 1, 2, 19),
        CellRange(3, 1, 5, 1),  # 代码
        CellRange(3, 2, 5, 2),  # 名称
        CellRange(3, 3, 5, 3),  # 总计
        CellRange(3, 4, 3, 14),  # 本年收入
        CellRange(4, 4, 5, 4),  # 合计
        CellRange(4, 5, 4, 6),  # 一般公共预算
        *(CellRange(4, c, 5, c) for c in range(7, 15)),  # 政府性基金 … 其他收入
        CellRange(3, 15, 3, 20),  # 上年结转结余
        *(CellRange(4, c, 5, c) for c in range(15, 21)),
    }


def test_row_kinds(ctx):
    assert [r.kind for r in build(ctx, SPEC).rows] == ["total", "group", "detail", "detail"]


def test_single_unit_shows_department_and_unit_rows(context_of):
    """As seed 004: 合计, 605 and 605001 even with one unit."""
    model = small_model()
    model = replace(model, units=model.units[:1], lines=tuple(l for l in model.lines if l.unit_code == "901001"))
    table = build(context_of(model), SPEC)
    assert [r.values[:4] for r in table.rows] == [
        (None, "合计", 263_800_000, 263_800_000),
        ("901", "示例局", 263_800_000, 263_800_000),
        ("901001", "示例局机关", 263_800_000, 263_800_000),
    ]


def test_other_income_and_unit_funds(context_of):
    """其他收入 records are this year's income of their fund; carried-over 单位资金 gathers
    事业收入, 上级补助收入 … into one column, 财政专户 stays apart."""
    model = small_model()
    model = replace(
        model,
        lines=model.lines + (
            line("901002", "2010350", "30201", "50502", X, 4.0, fund=FundSource.BUSINESS_INCOME, carried=True),
            line("901002", "2010350", "30201", "50502", X, 6.0, fund=FundSource.HIGHER_SUBSIDY, carried=True),
            line("901002", "2010350", "30201", "50502", X, 2.0, fund=FundSource.SPECIAL_ACCOUNT, carried=True),
            line("901002", "2010350", "30201", "50502", X, 9.0, fund=FundSource.OPERATING_INCOME),
        ),
        other_income=(
            OtherIncome("901001", "年终结转结余", FundSource.GENERAL_BUDGET, 10 * W),
            OtherIncome("901002", "用事业基金弥补收支差额", FundSource.BUSINESS_INCOME, 5 * W),
        ),
    )
    table = build(context_of(model), SPEC)
    row = dict(zip(SPEC.keys, table.rows[0].values))
    assert row == {
        "code": None, "name": "合计",
        "total": 780 * W,  # 744 + 4 + 6 + 2 + 9 + 10 + 5
        "current_total": 648 * W,  # 624 + 9 + 10 + 5
        "current_general": 334 * W, "current_general_fiscal": 334 * W, "current_fund": 300 * W,
        "current_state_capital": None, "current_special_account": None, "current_business": 5 * W,
        "current_operating": 9 * W, "current_higher_subsidy": None, "current_affiliate": None, "current_other": None,
        "carry_total": 132 * W,  # 120 + 4 + 6 + 2
        "carry_general": None, "carry_fund": 120 * W, "carry_state_capital": None,
        "carry_special_account": 2 * W, "carry_unit_funds": 10 * W,
    }
    units = {r.values[0]: r.values[2] for r in table.rows[2:]}
    assert units == {"901001": 273_800_000, "901002": 506_200_000}  # 263.80 + 10; 480.20 + 21 + 5


def test_empty_department(context_of):
    model = replace(small_model(), lines=(), projects=(), project_indicators=())
    table = build(context_of(model), SPEC)
    assert table.is_empty
    assert [r.values[:2] for r in table.rows] == [(None, "合计"), ("901", "示例局"), ("901001", "示例局机关"),
                                                  ("901002", "示例局事务中心")]
    assert table.note == "本部门2025年无部门预算安排的支出，故本表无数据。"
