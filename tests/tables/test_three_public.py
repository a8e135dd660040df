"""八 一般公共预算“三公”经费预算表: expected sheets worked out by hand from conftest's lines.

三公 lines of conftest (all 一般公共预算, unit 901001): 31013 项目 18.00 (购置), 30231 公用 1.50 (运行),
30217 公用 0.80 (接待); no 30212.  Unit 901002 has none.
"""

from __future__ import annotations

import dataclasses

import pytest

from yusuan.model import BudgetLine, FundSource, SpendingType
from yusuan.tables.context import TableContext
from yusuan.tables.three_public import build

N = None
TITLE = "2025年一般公共预算“三公”经费预算表"
DEPT = "部门名称：示例局"
UNIT = "单位：万元"
HEADER = [
    ["“三公”经费合计", "因公出国（境）费", "公务用车购置及运行费", N, N, "公务接待费"],
    [N, N, "小计", "公务用车购置费", "公务用车运行费", N],
]
EMPTY_NOTE = "本部门2025年无一般公共预算“三公”经费安排的支出，故本表无数据。"
GB, GF = FundSource.GENERAL_BUDGET, FundSource.GOVERNMENT_FUND
G, X = SpendingType.PUBLIC, SpendingType.PROJECT


@pytest.fixture
def line(wan):
    """``line(unit, func, econ, gov, kind, '1.50', ...)``: a budget line, amount in 万元 as text."""

    def line(unit, func, econ, gov, kind, amount, fund=GB, project="", carried=False) -> BudgetLine:
        return BudgetLine(unit, func, econ, gov, kind, fund, wan(amount), project, carried)

    return line


def spec_of(ctx):
    return ctx.profile.table("three_public")


@pytest.fixture
def single_unit(context_with):
    """``single_unit(ctx, lines=None)``: only the first unit, its lines (of ``lines``) and first project."""

    def single_unit(ctx, lines=None) -> TableContext:
        model = ctx.model
        unit = model.units[0]
        kept = [l for l in (lines or model.lines) if l.unit_code == unit.code]
        return context_with(ctx, units=(unit,), lines=tuple(kept), projects=model.projects[:1])

    return single_unit


def test_two_units_whole_sheet(ctx, rendered):
    spec = spec_of(ctx)
    values, merges = rendered(build(ctx, spec))
    assert values == [
        [TITLE, N, N, N, N, N, N],
        [DEPT, N, N, N, N, N, UNIT],
        ["单位名称", *HEADER[0]],
        [N, *HEADER[1]],
        ["合计", 20.3, N, 19.5, 18.0, 1.5, 0.8],
        ["示例局机关", 20.3, N, 19.5, 18.0, 1.5, 0.8],
        ["示例局事务中心", N, N, N, N, N, N],
        [spec.footnote, N, N, N, N, N, N],
    ]
    assert merges == sorted(["A1:G1", "A2:F2", "A3:A4", "B3:B4", "C3:C4", "D3:F3", "G3:G4", "A8:G8"])


def test_single_unit_is_one_row_without_label_column(ctx, rendered, single_unit):
    spec = spec_of(ctx)
    table = build(single_unit(ctx), spec)
    values, merges = rendered(table)
    assert values == [
        [TITLE, N, N, N, N, N],
        [DEPT, N, N, N, N, UNIT],
        HEADER[0],
        HEADER[1],
        [20.3, N, 19.5, 18.0, 1.5, 0.8],
        [spec.footnote, N, N, N, N, N],
    ]
    assert merges == sorted(["A1:F1", "A2:E2", "A3:A4", "B3:B4", "C3:E3", "F3:F4", "A6:F6"])
    assert [r.kind for r in table.rows] == ["total"]


def test_empty_single_unit_has_blank_row_and_note(ctx, rendered, single_unit):
    spec = spec_of(ctx)
    codes = {"30212", "31013", "30231", "30217"}
    lines = [l for l in ctx.model.lines if l.dept_econ_code not in codes]
    table = build(single_unit(ctx, lines), spec)
    values, _ = rendered(table)
    assert values[4:] == [
        [N, N, N, N, N, N],
        [EMPTY_NOTE, N, N, N, N, N],
        [spec.footnote, N, N, N, N, N],
    ]
    assert table.is_empty and table.note == EMPTY_NOTE


def test_empty_several_units_keeps_only_total_row(ctx, context_with):
    codes = {"30212", "31013", "30231", "30217"}
    lines = tuple(l for l in ctx.model.lines if l.dept_econ_code not in codes)
    table = build(context_with(ctx, lines=lines), spec_of(ctx))
    assert [r.values for r in table.rows] == [("合计", N, N, N, N, N, N)]
    assert table.note == EMPTY_NOTE


def test_carried_over_and_project_lines_count_other_funds_do_not(ctx, wan, context_with, line):
    extra = (
        line("901002", "2010350", "30212", "50202", G, "3.00"),  # 出国, basic, other unit
        line("901002", "2010350", "30217", "50206", X, "0.20", project="P002", carried=True),  # 上年结转 接待
        line("901002", "2290402", "30217", "50206", X, "5.00", fund=GF, project="P003"),  # 政府性基金: not 三公
    )
    table = build(context_with(ctx, lines=ctx.model.lines + extra), spec_of(ctx))
    rows = {r.values[0]: r.values[1:] for r in table.rows}
    # 合计 = 20.30 + 3.00 + 0.20; 接待 = 0.80 + 0.20
    assert rows["合计"] == (wan("23.50"), wan("3.00"), wan("19.50"), wan("18.00"), wan("1.50"), wan("1.00"))
    assert rows["示例局事务中心"] == (wan("3.20"), wan("3.00"), N, N, N, wan("0.20"))


def test_codes_and_labels_come_from_options(ctx, wan):
    spec = spec_of(ctx)
    options = {**spec.options, "unit_label_column": "预算单位", "codes": {**spec.options["codes"], "reception": ["30201"]}}
    table = build(ctx, dataclasses.replace(spec, options=options))
    assert table.columns[0].label == "预算单位"
    # 接待 now = 30201 办公费: 5.00 (机关) + 2.20 (事务中心)
    assert table.column("reception") == [wan("7.20"), wan("5.00"), wan("2.20")]


def test_additive_on_atom_bitmasks(ctx):
    """Run on bitmasks: the 合计 row is exactly the disjoint union of the unit rows."""
    masks = ctx.with_amounts([1 << i for i in range(len(ctx.atoms))])
    table = build(masks, spec_of(ctx))
    total, *units = table.rows
    for c in range(1, len(total.values)):
        parts = [u.values[c] or 0 for u in units]
        assert (total.values[c] or 0) == sum(parts)
        assert sum(parts) == _or(parts)
    # vehicles = purchase | operation, total = all four
    t = dict(zip(table.keys, total.values))
    assert t["vehicles"] == (t["vehicle_purchase"] or 0) | (t["vehicle_operation"] or 0)
    assert t["total"] == (t["overseas"] or 0) | t["vehicles"] | t["reception"]


def _or(values):
    out = 0
    for v in values:
        out |= v
    return out
