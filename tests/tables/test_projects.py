"""十二 项目支出预算表: expected sheets worked out by hand from conftest's project lines.

P001 政务服务平台运维 (901001, 其他运转类): 40.00 + 18.00 一般公共预算 = 58.00
P002 窗口服务外包 (901002, 其他运转类): 25.00 一般公共预算
P003 市民中心建设 (901002, 特定目标类): 300.00 政府性基金 + 120.00 政府性基金 上年结转 = 420.00
Total 503.00 = 本年 一般公共预算 83.00 + 本年 政府性基金 300.00 + 结转 政府性基金 120.00.
"""

from __future__ import annotations

import dataclasses

from yusuan.model import BudgetLine, FundSource, SpendingType
from yusuan.tables.projects import build

N = None
TITLE = "2025年项目支出预算表"
HEADER = [
    ["类型", "项目名称", "项目单位", "合计", "本年拨款", N, N, "财政拨款结转结余", N, N, "财政专户管理资金", "单位资金"],
    [N, N, N, N, "一般公共预算", "政府性基金预算", "国有资本经营预算", "一般公共预算", "政府性基金预算", "国有资本经营预算", N, N],
]
MERGES = ["A1:L1", "A2:K2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:G3", "H3:J3", "K3:K4", "L3:L4"]
OFFICE, CENTRE = "示例局机关", "示例局事务中心"


def spec_of(ctx):
    return ctx.profile.table("projects")


def test_whole_sheet(ctx, rendered):
    values, merges = rendered(build(ctx, spec_of(ctx)))
    assert values == [
        [TITLE, *[N] * 11],
        ["部门名称：示例局", *[N] * 10, "单位：万元"],
        *HEADER,
        [N, N, N, 503.0, 83.0, 300.0, N, N, 120.0, N, N, N],
        [N, "901", "示例局", 503.0, 83.0, 300.0, N, N, 120.0, N, N, N],
        [N, "901001", OFFICE, 58.0, 58.0, N, N, N, N, N, N, N],
        ["其他运转类", "政务服务平台运维", OFFICE, 58.0, 58.0, N, N, N, N, N, N, N],
        [N, "901002", CENTRE, 445.0, 25.0, 300.0, N, N, 120.0, N, N, N],
        ["其他运转类", "窗口服务外包", CENTRE, 25.0, 25.0, N, N, N, N, N, N, N],
        ["特定目标类", "市民中心建设", CENTRE, 420.0, N, 300.0, N, N, 120.0, N, N, N],
    ]
    assert merges == sorted(MERGES)


def test_row_kinds(ctx):
    table = build(ctx, spec_of(ctx))
    assert [r.kind for r in table.rows] == ["total", "group", "group", "detail", "group", "detail", "detail"]


def test_single_unit_has_no_unit_rows(ctx, wan, context_with):
    """Seeds 004/002: 合计, department row, then the projects with the unit's name."""
    unit = ctx.model.units[1]
    lines = tuple(l for l in ctx.model.lines if l.unit_code == unit.code)
    table = build(context_with(ctx, units=(unit,), lines=lines, projects=ctx.model.projects[1:]), spec_of(ctx))
    assert [r.values[:5] for r in table.rows] == [
        (N, N, N, wan("445.00"), wan("25.00")),
        (N, "901", "示例局", wan("445.00"), wan("25.00")),
        ("其他运转类", "窗口服务外包", CENTRE, wan("25.00"), wan("25.00")),
        ("特定目标类", "市民中心建设", CENTRE, wan("420.00"), N),
    ]


def test_empty_table_has_total_row_and_note(ctx, rendered, context_with):
    lines = tuple(l for l in ctx.model.lines if l.spending_type is not SpendingType.PROJECT)
    table = build(context_with(ctx, lines=lines, projects=()), spec_of(ctx))
    values, merges = rendered(table)
    assert values[4:] == [[N] * 12, ["本部门2025年无项目支出预算，故本表无数据。", *[N] * 11]]
    assert "A6:L6" in merges
    assert table.is_empty


def test_special_account_unit_funds_and_carried_general(ctx, wan, context_with):
    """财政专户 and 单位资金 take 本年 and 上年结转 alike; 一般公共预算 结转 goes to 结转结余."""
    def project_line(fund, amount, carried=False):
        return BudgetLine("901002", "2010350", "30226", "50502", SpendingType.PROJECT, fund, wan(amount), "P002", carried)

    extra = (
        project_line(FundSource.GENERAL_BUDGET, "5.00", carried=True),
        project_line(FundSource.STATE_CAPITAL, "7.00"),
        project_line(FundSource.SPECIAL_ACCOUNT, "2.00"),
        project_line(FundSource.SPECIAL_ACCOUNT, "1.00", carried=True),
        project_line(FundSource.BUSINESS_INCOME, "4.00"),
        project_line(FundSource.HIGHER_SUBSIDY, "0.50", carried=True),
    )
    table = build(context_with(ctx, lines=ctx.model.lines + extra), spec_of(ctx))
    p002 = next(dict(zip(table.keys, r.values)) for r in table.rows if r.values[1] == "窗口服务外包")
    assert p002 == {
        "project_type": "其他运转类", "name": "窗口服务外包", "unit_name": CENTRE,
        "total": wan("44.50"),  # 25 + 5 + 7 + 2 + 1 + 4 + 0.5
        "current_general": wan("25.00"), "current_fund": N, "current_state_capital": wan("7.00"),
        "carry_general": wan("5.00"), "carry_fund": N, "carry_state_capital": N,
        "special_account": wan("3.00"), "unit_funds": wan("4.50"),
    }


def test_projects_ordered_by_code_within_unit(ctx, wan, context_with):
    extra_project = dataclasses.replace(ctx.model.projects[1], code="P000", name="甲项目")
    extra = (BudgetLine("901002", "2010350", "30226", "50502", SpendingType.PROJECT, FundSource.GENERAL_BUDGET,
                        wan("1.00"), "P000"),)
    model_changes = {"lines": ctx.model.lines + extra, "projects": ctx.model.projects + (extra_project,)}
    table = build(context_with(ctx, **model_changes), spec_of(ctx))
    assert [r.values[1] for r in table.rows if r.kind == "detail"] == ["政务服务平台运维", "甲项目", "窗口服务外包", "市民中心建设"]


def test_additive_on_atom_bitmasks(ctx):
    masks = ctx.with_amounts([1 << i for i in range(len(ctx.atoms))])
    table = build(masks, spec_of(ctx))
    rows = [dict(zip(table.keys, r.values)) for r in table.rows]
    details = [d for d, r in zip(rows, table.rows) if r.kind == "detail"]
    for key in ("total", "current_general", "current_fund", "carry_fund"):
        parts = [d[key] or 0 for d in details]
        assert rows[0][key] == rows[1][key] == sum(parts) == _or(parts)
    # each project row: total = the disjoint union of its fund columns
    for d in details:
        funds = [d[k] or 0 for k in table.keys[4:]]
        assert d["total"] == sum(funds) == _or(funds)


def _or(values):
    out = 0
    for v in values:
        out |= v
    return out
