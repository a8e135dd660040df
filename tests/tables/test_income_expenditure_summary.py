"""一 部门收支预算表: whole-sheet comparison on conftest's department, then 其他收入 records,
empty input, and the balance 收入总计 == 支出总计 as a property of any input."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import W, X, line, small_model
from yusuan.model import FundSource, OtherIncome
from yusuan.ports import CellRange
from yusuan.profiles import load
from yusuan.tables.income import build as build_income
from yusuan.tables.income_expenditure_summary import build

PROFILE = load("河南2025")
SPEC = PROFILE.table("income_expenditure_summary")

INCOME_LABELS = [
    "一、一般公共预算", "其中：财政拨款", "二、政府性基金预算拨款收入", "三、国有资本经营预算拨款收入",
    "四、财政专户管理资金收入", "五、事业收入", "六、事业单位经营收入", "七、上级补助收入",
    "八、附属单位上缴收入", "九、其他收入",
]
# The 30 类 of 2025, labelled as seed 004 prints them.
CLASS_LABELS = [
    "一、一般公共服务", "二、外交", "三、国防", "四、公共安全", "五、教育", "六、科学技术",
    "七、文化旅游体育与传媒", "八、社会保障和就业", "九、社会保险基金支出", "十、卫生健康", "十一、节能环保",
    "十二、城乡社区事务", "十三、农林水事务", "十四、交通运输", "十五、资源勘探信息等", "十六、商业服务业等",
    "十七、金融支出", "十九、援助其他地区支出", "二十、自然资源海洋气象等支出", "二十一、住房保障支出",
    "二十二、粮油物资储备支出", "二十三、国有资本经营预算", "二十四、灾害防治及应急管理", "二十七、预备费",
    "二十九、其他支出", "三十、转移性支出", "三十一、债务还本支出", "三十二、债务付息支出",
    "三十三、债务发行费用支出", "三十四、抗疫特别国债安排的支出",
]


def body(income: dict[int, float], spending: dict[int, float], bottom: list[list]) -> list[list]:
    """Rows of 表一: income labels beside class labels (amounts by row index), then bottom rows."""
    rows = []
    for i, label in enumerate(CLASS_LABELS):
        left = [INCOME_LABELS[i], income.get(i)] if i < len(INCOME_LABELS) else [None, None]
        rows.append(left + [label, spending.get(i)])
    return rows + bottom


def test_whole_sheet(ctx, render_sheet):
    values, merges = render_sheet(build(ctx, SPEC))
    # 一般公共预算 = 263.80 (机关) + 60.20 (事务中心) = 324.00; 政府性基金 this year 300.00, carried 120.00.
    # 类: 201 = 217.80 + 57.20 = 275.00; 208 = 20 + 6; 210 = 8 + 3; 221 = 12; 229 = 300 + 120.
    expected = [
        ["2025年部门收支预算表", None, None, None],
        ["部门名称：示例局", None, None, "单位：万元"],
        ["收入", None, "支出", None],
        ["项目", "金额", "项目", "金额"],
        *body(
            {0: 324.0, 1: 324.0, 2: 300.0},
            {0: 275.0, 7: 26.0, 9: 11.0, 19: 12.0, 24: 420.0},
            [
                ["本年收入合计", 624.0, "本年支出合计", 744.0],
                ["上年结转结余", 120.0, "年终结转结余", None],
                ["收入总计", 744.0, "支出总计", 744.0],
            ],
        ),
    ]
    assert values == expected
    assert merges == {
        CellRange(1, 1, 1, 4),  # title
        CellRange(2, 1, 2, 3),  # 部门名称 line
        CellRange(3, 1, 3, 2),  # 收入
        CellRange(3, 3, 3, 4),  # 支出
    }


def test_row_kinds(ctx):
    table = build(ctx, SPEC)
    kinds = [r.kind for r in table.rows]
    assert kinds == ["detail"] * len(CLASS_LABELS) + ["total", "detail", "total"]
    assert table.note == ""


def with_other_income(model):
    """10.00 年终结转结余 of 一般公共预算 and 5.00 用事业基金弥补收支差额 of 事业收入."""
    return replace(
        model,
        other_income=(
            OtherIncome("901002", "年终结转结余", FundSource.GENERAL_BUDGET, 10 * W),
            OtherIncome("901002", "用事业基金弥补收支差额", FundSource.BUSINESS_INCOME, 5 * W),
        ),
    )


def test_other_income_records(context_of):
    table = build(context_of(with_other_income(small_model())), SPEC)
    income = [(r.values[0], r.values[1]) for r in table.rows if r.values[0] is not None]
    # 年终结转结余 counts as income of its fund (324 + 10); 用事业基金弥补 gets its own row, not 事业收入.
    assert income[:3] == [("一、一般公共预算", 334 * W), ("其中：财政拨款", 334 * W), ("二、政府性基金预算拨款收入", 300 * W)]
    assert income[5] == ("五、事业收入", None)
    assert income[10] == ("十、用事业基金弥补收支差额", 5 * W)
    bottom = [r.values for r in table.rows[-3:]]
    assert bottom == [
        ("本年收入合计", 639 * W, "本年支出合计", 744 * W),
        ("上年结转结余", 120 * W, "年终结转结余", 15 * W),
        ("收入总计", 759 * W, "支出总计", 759 * W),
    ]


def test_fund_balance_row_absent_without_record(ctx):
    labels = [r.values[0] for r in build(ctx, SPEC).rows]
    assert "十、用事业基金弥补收支差额" not in labels


def test_empty_department(context_of):
    model = replace(small_model(), lines=(), projects=(), project_indicators=())
    table = build(context_of(model), SPEC)
    assert table.is_empty
    assert len(table.rows) == len(CLASS_LABELS) + 3
    assert table.note == "本部门2025年无部门预算安排的支出，故本表无数据。"


def test_class_outside_catalog_still_printed(context_of):
    """A 类 the catalog lacks (the checks report it) still shows, so the sides add up."""
    model = small_model()
    model = replace(model, lines=model.lines + (line("901001", "2980101", "30201", "50201", X, 7.0),))
    table = build(context_of(model), SPEC)
    assert ("二十、自然资源海洋气象等支出", None) in [(r.values[2], r.values[3]) for r in table.rows]
    extra = [r.values[2:] for r in table.rows if r.values[2] == "九十八、298"]
    assert extra == [("九十八、298", 7 * W)]
    assert table.rows[-1].values == ("收入总计", 751 * W, "支出总计", 751 * W)


# -- property: the two sides balance for any input, by construction ---------------------------
FUNDS = list(FundSource)
CODES = ["2010301", "2080505", "2101102", "2210201", "2290402", "2120101"]

lines_strategy = st.lists(
    st.builds(
        lambda unit, func, fund, carried, cents: line(unit, func, "30201", "50201", X, cents / 100, fund=fund,
                                                      project="P001", carried=carried),
        st.sampled_from(["901001", "901002"]), st.sampled_from(CODES), st.sampled_from(FUNDS), st.booleans(),
        st.integers(1, 10**9),
    ),
    max_size=12,
)
others_strategy = st.lists(
    st.builds(
        OtherIncome, st.sampled_from(["901001", "901002"]), st.sampled_from(["年终结转结余", "用事业基金弥补收支差额"]),
        st.sampled_from(FUNDS), st.integers(1, 10**12),
    ),
    max_size=3,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # context_of is a pure function
@given(lines_strategy, others_strategy)
def test_income_total_equals_spending_total(context_of, lines, others):
    model = replace(small_model(), lines=tuple(lines), other_income=tuple(others))
    ctx = context_of(model)
    table = build(ctx, SPEC)
    income_total, spending_total = table.column("income_amount")[-1], table.column("spending_amount")[-1]
    assert income_total == spending_total
    # ... and equals 表二's 总计 (C1), exact 分 for exact 分
    assert build_income(ctx, PROFILE.table("income")).column("total")[0] == income_total
    # On atom bitmasks both totals are the set of every atom: the balance holds by construction.
    masks = ctx.with_amounts([1 << i for i in range(len(ctx.atoms))])
    masked = build(masks, SPEC)
    every_atom = (1 << len(ctx.atoms)) - 1
    assert masked.column("income_amount")[-1] == masked.column("spending_amount")[-1] == (every_atom or None)
