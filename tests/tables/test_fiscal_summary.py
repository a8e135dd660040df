"""四 财政拨款收支预算表: whole-sheet comparison, 年终结转结余 records, non-fiscal input (empty
table) and the balance 收入合计 == 支出合计 as a property of any input."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import W, X, line, small_model
from yusuan.model import FundSource, OtherIncome
from yusuan.ports import CellRange
from yusuan.profiles import load
from yusuan.tables.fiscal_summary import build

PROFILE = load("河南2025")
SPEC = PROFILE.table("fiscal_summary")
_ = None

INCOME_LABELS = [
    "一、本年收入", "（一）一般公共预算拨款", "其中：财政拨款", "（二）政府性基金预算拨款", "（三）国有资本经营预算拨款",
    "二、上年结转", "（一）一般公共预算拨款", "（二）政府性基金预算拨款", "（三）国有资本经营预算拨款",
]
# 一、本年支出, the 30 类 of 2025 by their official names, 二、年终结转结余.
SPENDING_LABELS = [
    "一、本年支出",
    "（一）一般公共服务支出", "（二）外交支出", "（三）国防支出", "（四）公共安全支出", "（五）教育支出",
    "（六）科学技术支出", "（七）文化旅游体育与传媒支出", "（八）社会保障和就业支出", "（九）社会保险基金支出",
    "（十）卫生健康支出", "（十一）节能环保支出", "（十二）城乡社区支出", "（十三）农林水支出", "（十四）交通运输支出",
    "（十五）资源勘探工业信息等支出", "（十六）商业服务业等支出", "（十七）金融支出", "（十九）援助其他地区支出",
    "（二十）自然资源海洋气象等支出", "（二十一）住房保障支出", "（二十二）粮油物资储备支出",
    "（二十三）国有资本经营预算支出", "（二十四）灾害防治及应急管理支出", "（二十七）预备费", "（二十九）其他支出",
    "（三十）转移性支出", "（三十一）债务还本支出", "（三十二）债务付息支出", "（三十三）债务发行费用支出",
    "（三十四）抗疫特别国债安排的支出",
    "二、年终结转结余",
]


def body(income: dict[int, float], spending: dict[int, list], last: list) -> list[list]:
    rows = []
    for i, label in enumerate(SPENDING_LABELS):
        left = [INCOME_LABELS[i], income.get(i)] if i < len(INCOME_LABELS) else [_, _]
        rows.append(left + [label] + spending.get(i, [_] * 5))
    return rows + [last]


def test_whole_sheet(ctx, render_sheet):
    values, merges = render_sheet(build(ctx, SPEC))
    # All lines are 财政拨款: 一般公共预算 324.00; 政府性基金 300.00 this year + 120.00 carried (类 229).
    expected = [
        ["2025年财政拨款收支预算表"] + [_] * 7,
        ["部门名称：示例局"] + [_] * 6 + ["单位：万元"],
        ["收入", _, "支出", _, _, _, _, _],
        ["项目", "金额", "项目", "合计", "一般公共预算", _, "政府性基金", "国有资本经营预算"],
        [_, _, _, _, "小计", "其中：财政拨款", _, _],
        *body(
            {0: 624.0, 1: 324.0, 2: 324.0, 3: 300.0, 5: 120.0, 7: 120.0},
            {
                0: [744.0, 324.0, 324.0, 420.0, _],
                1: [275.0, 275.0, 275.0, _, _],  # 201
                8: [26.0, 26.0, 26.0, _, _],  # 208
                10: [11.0, 11.0, 11.0, _, _],  # 210
                20: [12.0, 12.0, 12.0, _, _],  # 221
                25: [420.0, _, _, 420.0, _],  # 229
            },
            ["收入合计", 744.0, "支出合计", 744.0, 324.0, 324.0, 420.0, _],
        ),
    ]
    assert values == expected
    assert merges == {
        CellRange(1, 1, 1, 8),
        CellRange(2, 1, 2, 7),
        CellRange(3, 1, 3, 2),  # 收入
        CellRange(3, 3, 3, 8),  # 支出
        CellRange(4, 1, 5, 1), CellRange(4, 2, 5, 2), CellRange(4, 3, 5, 3), CellRange(4, 4, 5, 4),
        CellRange(4, 5, 4, 6),  # 一般公共预算
        CellRange(4, 7, 5, 7), CellRange(4, 8, 5, 8),
    }


def test_row_kinds(ctx):
    table = build(ctx, SPEC)
    assert [r.kind for r in table.rows] == ["group"] + ["detail"] * (len(SPENDING_LABELS) - 1) + ["total"]
    assert table.note == ""


def test_year_end_balance_and_non_fiscal_records(context_of):
    """A fiscal 年终结转结余 record is this year's income and the 年终结转结余 spending row;
    non-fiscal lines and records stay out of the table."""
    model = small_model()
    model = replace(
        model,
        lines=model.lines + (line("901002", "2010350", "30201", "50502", X, 9.0, fund=FundSource.BUSINESS_INCOME),),
        other_income=(
            OtherIncome("901001", "年终结转结余", FundSource.GENERAL_BUDGET, 10 * W),
            OtherIncome("901002", "年终结转结余", FundSource.SPECIAL_ACCOUNT, 3 * W),
        ),
    )
    table = build(context_of(model), SPEC)
    assert table.rows[0].values == ("一、本年收入", 634 * W, "一、本年支出", 744 * W, 324 * W, 324 * W, 420 * W, None)
    assert table.rows[1].values[:2] == ("（一）一般公共预算拨款", 334 * W)
    assert table.rows[-2].values == (None, None, "二、年终结转结余", 10 * W, 10 * W, 10 * W, None, None)
    assert table.rows[-1].values == ("收入合计", 754 * W, "支出合计", 754 * W, 334 * W, 334 * W, 420 * W, None)


def test_state_capital_and_carried_general(context_of):
    model = small_model()
    model = replace(model, lines=model.lines + (
        line("901001", "2230199", "31002", "50306", X, 7.0, fund=FundSource.STATE_CAPITAL),
        line("901001", "2010302", "30201", "50201", X, 4.0, carried=True),
    ))
    table = build(context_of(model), SPEC)
    income = [r.values[1] for r in table.rows[:9]]
    assert income == [631 * W, 324 * W, 324 * W, 300 * W, 7 * W, 124 * W, 4 * W, 120 * W, None]
    assert table.rows[0].values[3:] == (755 * W, 328 * W, 328 * W, 420 * W, 7 * W)
    assert table.rows[22].values[2:] == ("（二十三）国有资本经营预算支出", 7 * W, None, None, None, 7 * W)


def test_no_fiscal_funds_gives_empty_table(context_of):
    model = replace(
        small_model(),
        lines=(line("901002", "2010350", "30201", "50502", X, 9.0, fund=FundSource.BUSINESS_INCOME),),
    )
    table = build(context_of(model), SPEC)
    assert table.is_empty
    assert [r.values[2] for r in table.rows] == SPENDING_LABELS + ["支出合计"]
    assert table.note == "本部门2025年无财政拨款安排的支出，故本表无数据。"


FUNDS = list(FundSource)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # context_of is a pure function
@given(
    st.lists(st.tuples(st.sampled_from(["2010301", "2290402", "2230199"]), st.sampled_from(FUNDS), st.booleans(),
                       st.integers(1, 10**9)), max_size=10),
    st.lists(st.tuples(st.sampled_from(["年终结转结余", "用事业基金弥补收支差额"]), st.sampled_from(FUNDS),
                       st.integers(1, 10**12)), max_size=3),
)
def test_income_total_equals_spending_total(context_of, lines, others):
    model = replace(
        small_model(),
        lines=tuple(line("901001", f, "30201", "50201", X, c / 100, fund=s, carried=k) for f, s, k, c in lines),
        other_income=tuple(OtherIncome("901001", item, fund, amount) for item, fund, amount in others),
    )
    ctx = context_of(model)
    last = build(ctx, SPEC).rows[-1].values
    assert last[1] == last[3]
    # 合计 column = 一般公共预算 + 政府性基金 + 国有资本经营预算 (B9), on the totals row
    assert (last[3] or 0) == (last[4] or 0) + (last[6] or 0) + (last[7] or 0)
    # On atom bitmasks both sides are the set of every 财政拨款 atom.
    masks = ctx.with_amounts([1 << i for i in range(len(ctx.atoms))])
    fiscal = sum(1 << i for i, f in enumerate(ctx.atoms["is_fiscal"].tolist()) if f)
    masked = build(masks, SPEC).rows[-1].values
    assert masked[1] == masked[3] == (fiscal or None)
