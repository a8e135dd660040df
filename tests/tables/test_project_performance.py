"""十四 部门预算项目绩效目标表: whole rendered sheet from conftest's department, plus edge cases."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.model import BudgetLine, FundSource, ProjectIndicator, SpendingType
from yusuan.tables.project_performance import build

W = 1_000_000  # 分 per 万元
_ = None


def _spec(ctx):
    return ctx.profile.table("project_performance")


def test_whole_sheet(ctx, render_sheet):
    values, merges = render_sheet(build(ctx, _spec(ctx)), "十四")
    # Project atoms (万元): 901001 P001 40 + 18; 901002 P002 25; P003 300 + 120 (政府性基金, 120
    # carried over).  All are 财政拨款, so 政府预算资金 = 资金总额 everywhere.
    assert values == [
        ["部门预算项目绩效目标表", *[_] * 14],
        ["部门名称：示例局", *[_] * 13, "单位：万元"],
        ["单位编码（项目编码）", "项目单位（项目名称）", "项目分类", "项目金额（万元）", _, _, _, "绩效目标", *[_] * 7],
        [_, _, _, "资金总额", "政府预算资金", "财政专户管理资金", "单位资金",
         "成本指标", _, "产出指标", _, "效益指标", _, "满意度指标", _],
        [_, _, _, _, _, _, _, *["三级指标", "指标值"] * 4],
        ["901", "示例局", _, 503.00, 503.00, *[_] * 10],
        ["901001", "示例局机关", _, 58.00, 58.00, *[_] * 10],
        ["P001", "政务服务平台运维", "其他运转类", 58.00, 58.00, _, _,
         "运维费用", "≤58万元", "系统数量", "5个", "服务效率", "持续提升", "群众满意度", "≥95%"],
        [_, _, _, _, _, _, _, _, _, "完成时间", "12月", _, _, _, _],
        ["901002", "示例局事务中心", _, 445.00, 445.00, *[_] * 10],
        ["P002", "窗口服务外包", "其他运转类", 25.00, 25.00, _, _, _, _, "窗口人员", "20人", _, _, _, _],
        ["P003", "市民中心建设", "特定目标类", 420.00, 420.00, _, _, "建设成本", "≤420万元", *[_] * 6],
    ]
    header = {"A3:A5", "B3:B5", "C3:C5", "D3:G3", "D4:D5", "E4:E5", "F4:F5", "G4:G5",
              "H3:O3", "H4:I4", "J4:K4", "L4:M4", "N4:O4"}
    p001_block = {f"{c}8:{c}9" for c in "ABCDEFG"}
    assert {m.a1 for m in merges} == {"A1:O1", "A2:N2"} | header | p001_block


def test_row_kinds_and_levels(ctx):
    table = build(ctx, _spec(ctx))
    assert [(r.kind, r.level) for r in table.rows] == [
        ("total", 0), ("group", 1), ("detail", 2), ("text", 2), ("group", 1), ("detail", 2), ("detail", 2)]
    assert table.note == ""
    assert table.amount_keys == {"total", "government", "special_account", "unit_funds"}


def test_fund_columns(ctx, model, context_of):
    """政府预算资金 = 财政拨款; 财政专户管理资金 and 单位资金 (事业收入 and the like) apart."""
    extra = (
        BudgetLine("901002", "2010350", "30226", "50502", SpendingType.PROJECT, FundSource.SPECIAL_ACCOUNT, 7 * W, "P002"),
        BudgetLine("901002", "2010350", "30226", "50502", SpendingType.PROJECT, FundSource.BUSINESS_INCOME, 3 * W, "P002"),
        BudgetLine("901002", "2010350", "30226", "50502", SpendingType.PROJECT, FundSource.OTHER_INCOME, 1 * W, "P002"),
        BudgetLine("901002", "2010350", "30201", "50502", SpendingType.PUBLIC, FundSource.BUSINESS_INCOME, 9 * W),
    )
    table = build(context_of(replace(model, lines=model.lines + extra)), _spec(ctx))
    amounts = {r.values[0]: r.values[3:7] for r in table.rows if r.values[0]}
    assert amounts["901"] == (514 * W, 503 * W, 7 * W, 4 * W)  # the 基本支出 line is not a project
    assert amounts["901002"] == (456 * W, 445 * W, 7 * W, 4 * W)
    assert amounts["P002"] == (36 * W, 25 * W, 7 * W, 4 * W)
    assert amounts["P001"] == (58 * W, 58 * W, None, None)


def test_single_unit_keeps_unit_row(ctx, model, context_of):
    """As in seed 004: department row, then the unit row, then the projects."""
    lines = tuple(l for l in model.lines if l.unit_code == "901001")
    table = build(context_of(replace(model, lines=lines)), _spec(ctx))
    assert [r.values[:5] for r in table.rows if r.kind != "text"] == [
        ("901", "示例局", None, 58 * W, 58 * W),
        ("901001", "示例局机关", None, 58 * W, 58 * W),
        ("P001", "政务服务平台运维", "其他运转类", 58 * W, 58 * W),
    ]


def test_project_without_indicators_gets_one_row(ctx, model, context_of):
    indicators = tuple(i for i in model.project_indicators if i.project_code != "P001")
    table = build(context_of(replace(model, project_indicators=indicators)), _spec(ctx))
    p001 = [r for r in table.rows if r.values[0] == "P001"]
    assert len(p001) == 1 and p001[0].values[7:] == (None,) * 8
    assert len(table.rows) == 6 and table.merges == ()


def test_indicator_order_and_height(ctx, model, context_of):
    """Row k shows the k-th indicator of each type, in input order; the block is as tall as the
    longest list."""
    extra = (
        ProjectIndicator("P003", "满意度", "", "群众满意度", "≥90%"),
        ProjectIndicator("P003", "满意度", "", "企业满意度", "≥85%"),
        ProjectIndicator("P003", "满意度", "", "职工满意度", "≥80%"),
        ProjectIndicator("P003", "其他", "", "未知类型", "x"),  # not a column: left out
    )
    table = build(context_of(replace(model, project_indicators=model.project_indicators + extra)), _spec(ctx))
    top = next(i for i, r in enumerate(table.rows) if r.values[0] == "P003")
    block = [r.values for r in table.rows[top:]]
    assert [(v[7], v[8], v[13], v[14]) for v in block] == [
        ("建设成本", "≤420万元", "群众满意度", "≥90%"),
        (None, None, "企业满意度", "≥85%"),
        (None, None, "职工满意度", "≥80%"),
    ]
    assert {(m.left, m.top, m.bottom) for m in table.merges if m.top == top} == {(c, top, top + 2) for c in range(7)}


def test_empty_table(ctx, model, render_sheet, context_of):
    lines = tuple(l for l in model.lines if l.spending_type is not SpendingType.PROJECT)
    table = build(context_of(replace(model, lines=lines)), _spec(ctx))
    assert [r.values for r in table.rows] == [("901", "示例局", *[None] * 13)]
    assert table.note == "本部门2025年无项目支出安排的支出，故本表无数据。"
    values, _merges = render_sheet(table, "十四")
    assert values[-1] == ["本部门2025年无项目支出安排的支出，故本表无数据。", *[_] * 14]


def test_bitmask_amounts_are_unions_of_disjoint_parts(ctx):
    """Run on atom bitmasks (as the rounding pipeline does): each figure is a set of atoms, the
    three fund columns are disjoint and together make the 资金总额."""
    masks = ctx.with_amounts([1 << i for i in range(len(ctx.atoms))])
    for row in build(masks, _spec(ctx)).rows:
        total, *parts = [v or 0 for v in row.values[3:7]]
        assert sum(parts) == total
        assert parts[0] & parts[1] == parts[0] & parts[2] == parts[1] & parts[2] == 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # ctx is never mutated
@given(st.data())
def test_adds_up_for_any_amounts(ctx, data):
    amounts = data.draw(st.lists(st.integers(0, 10**12), min_size=len(ctx.atoms), max_size=len(ctx.atoms)))
    table = build(ctx.with_amounts(amounts), _spec(ctx))
    column = {k: [r.values[3 + i] or 0 for r in table.rows] for i, k in enumerate(("total", "gov", "sa", "uf"))}
    kinds = [r.kind for r in table.rows]
    for values in column.values():
        department = values[0]
        assert department == sum(v for v, k in zip(values, kinds) if k == "group")
        assert department == sum(v for v, k in zip(values, kinds) if k == "detail")
    for i in range(len(table.rows)):
        assert column["total"][i] == column["gov"][i] + column["sa"][i] + column["uf"][i]
