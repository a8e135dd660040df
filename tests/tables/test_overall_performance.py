"""十三 部门（单位）整体绩效目标表: the whole rendered form from conftest's department, plus the
computed 预算情况 block and the merging of repeated indicator labels."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.model import BudgetLine, FundSource, OverallIndicator, OverallPerformance, SpendingType
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.tables.base import BodyMerge
from yusuan.tables.overall_performance import build
from yusuan.tables.render import render

W = 1_000_000  # 分 per 万元
_ = None
BUDGET_ROWS = slice(4, 10)  # body rows of 预算情况 in conftest's form (2 tasks)


def _spec(ctx):
    return ctx.profile.table("overall_performance")


def _budget(table):
    return [r.values[3] for r in table.rows[BUDGET_ROWS]]


def test_whole_sheet(ctx):
    port = OpenpyxlWorkbook.new()
    render(port, build(ctx, _spec(ctx)), "十三")
    # Lines (万元): 基本 196.50 + 9.30 (901001) + 33.00 + 2.20 (901002) = 241.00;
    # 项目 58.00 + 25.00 + 420.00 = 503.00; all 一般公共预算 / 政府性基金, so 政府预算资金 = 744.00.
    assert port.read_values("十三") == [
        ["部门（单位）整体绩效目标表", _, _, _, _],
        ["（2025年度）", _, _, _, _],
        ["部门名称：示例局", _, _, _, "单位：万元"],
        ["年度履职目标", "目标一：提升政务服务效能。", _, _, _],
        ["年度主要任务", "任务名称", _, "主要内容", _],
        [_, "政务服务", _, "推进一网通办。", _],
        [_, "市民中心建设", _, "完成主体工程。", _],
        ["预算情况", "部门预算总额（万元）", _, 744.00, _],
        [_, "1、资金来源：", "（1）政府预算资金", 744.00, _],
        [_, _, "（2）财政专户管理资金", _, _],
        [_, _, "（3）单位资金", _, _],
        [_, "2、资金结构：", "（1）基本支出", 241.00, _],
        [_, _, "（2）项目支出", 503.00, _],
        ["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"],
        ["产出指标", "重点工作任务完成", "一网通办率", "≥90%", "网办事项占比"],
        ["满意度指标", "满意度", "群众满意度", "≥95%", _],
    ]
    assert {m.a1 for m in port.merged_ranges("十三")} == {
        "A1:E1", "A2:E2", "A3:D3",  # title, subtitle, department line
        "B4:E4",  # 年度履职目标 text
        "A5:A7", "B5:C5", "D5:E5", "B6:C6", "D6:E6", "B7:C7", "D7:E7",  # 年度主要任务
        "A8:A13", "B8:C8", "D8:E8", "B9:B11", "D9:E9", "D10:E10", "D11:E11",  # 预算情况
        "B12:B13", "D12:E12", "D13:E13",
    }


def test_no_header_tree_and_row_kinds(ctx):
    table = build(ctx, _spec(ctx))
    assert table.title == "部门（单位）整体绩效目标表" and table.subtitle == "（2025年度）"
    assert table.amount_keys == frozenset()  # amounts styled per cell: c4 also holds text
    assert [r.kind for r in table.rows] == [
        "text", "header", "text", "text", "total", *["detail"] * 5, "header", "text", "text"]


def test_budget_block_by_source_and_structure(ctx, model, context_of):
    """政府预算资金 = 财政拨款, 财政专户管理资金, 单位资金 = 事业收入 and the other unit sources;
    资金结构 = 基本 / 项目.  Other income (not a spending line) is not part of the total."""
    extra = (
        BudgetLine("901002", "2010350", "30226", "50502", SpendingType.PROJECT, FundSource.SPECIAL_ACCOUNT, 7 * W, "P002"),
        BudgetLine("901002", "2010350", "30201", "50502", SpendingType.PUBLIC, FundSource.BUSINESS_INCOME, 3 * W),
        BudgetLine("901002", "2010350", "30201", "50502", SpendingType.PUBLIC, FundSource.HIGHER_SUBSIDY, 2 * W),
        BudgetLine("901002", "2010350", "30226", "50502", SpendingType.PROJECT, FundSource.OTHER_INCOME, 1 * W, "P002"),
    )
    table = build(context_of(replace(model, lines=model.lines + extra)), _spec(ctx))
    #                        total    政府预算  专户    单位资金  基本      项目
    assert _budget(table) == [757 * W, 744 * W, 7 * W, 6 * W, 246 * W, 511 * W]


def test_empty_department(ctx, model, context_of):
    empty = replace(model, lines=(), projects=(), project_indicators=(), overall=OverallPerformance())
    table = build(context_of(empty), _spec(ctx))
    assert [r.values for r in table.rows] == [
        ("年度履职目标", None, None, None, None),
        ("年度主要任务", "任务名称", None, "主要内容", None),
        ("预算情况", "部门预算总额（万元）", None, None, None),
        (None, "1、资金来源：", "（1）政府预算资金", None, None),
        (None, None, "（2）财政专户管理资金", None, None),
        (None, None, "（3）单位资金", None, None),
        (None, "2、资金结构：", "（1）基本支出", None, None),
        (None, None, "（2）项目支出", None, None),
        ("一级指标", "二级指标", "三级指标", "指标值", "指标值说明"),
    ]
    # No task: 年度主要任务 is a single cell, not merged down.
    assert not any(m.left == 0 and m.top == 1 for m in table.merges)


def test_repeated_indicator_labels_merge_down(ctx, model, context_of):
    """As the seed prints them: a run of equal 一级 labels is one merged cell, and so is a run of
    equal 二级 labels within one 一级; blank labels never merge."""
    ind = [
        ("投入管理指标", "工作目标管理", "相关性"),
        ("投入管理指标", "工作目标管理", "科学性"),
        ("投入管理指标", "预算和财务管理", "完整性"),
        ("产出指标", "预算和财务管理", "完成率"),  # same 二级 text under another 一级: no merge
        ("", "", "甲"),
        ("", "", "乙"),
    ]
    overall = replace(model.overall, indicators=tuple(OverallIndicator(a, b, c, "100%", "") for a, b, c in ind))
    table = build(context_of(replace(model, overall=overall)), _spec(ctx))
    top = 11  # body row after the indicator headings
    assert [r.values[:3] for r in table.rows[top:]] == [
        ("投入管理指标", "工作目标管理", "相关性"),
        (None, None, "科学性"),
        (None, "预算和财务管理", "完整性"),
        ("产出指标", "预算和财务管理", "完成率"),
        (None, None, "甲"),
        (None, None, "乙"),
    ]
    assert {m for m in table.merges if m.top >= top} == {
        BodyMerge(top, 0, top + 2, 0), BodyMerge(top, 1, top + 1, 1)}


def test_bitmask_amounts_partition_the_total(ctx):
    """On atom bitmasks (the rounding pipeline's run) both splits are disjoint and cover the total."""
    masks = ctx.with_amounts([1 << i for i in range(len(ctx.atoms))])
    total, government, special, unit, basic, project = [v or 0 for v in _budget(build(masks, _spec(ctx)))]
    assert total == sum(masks.lines["amount"])  # every spending line atom, once
    assert government | special | unit == basic | project == total
    assert government & special == government & unit == special & unit == basic & project == 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # ctx is never mutated
@given(st.data())
def test_both_splits_add_up_for_any_amounts(ctx, data):
    amounts = data.draw(st.lists(st.integers(0, 10**12), min_size=len(ctx.atoms), max_size=len(ctx.atoms)))
    total, government, special, unit, basic, project = [v or 0 for v in _budget(build(ctx.with_amounts(amounts), _spec(ctx)))]
    lines = sum(a for a, record in zip(amounts, ctx.atoms["record"]) if record == "line")
    assert total == government + special + unit == basic + project == lines
