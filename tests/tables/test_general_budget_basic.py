"""六 一般公共预算基本支出预算表: expected sheets worked out by hand from conftest's lines.

一般公共预算 基本支出 lines of conftest (both units; 万元):
  人员经费 30101/50101 100.00, 30102/50101 50.50, 30108/50102 20.00, 30110/50102 8.00,
           30113/50103 12.00, 30302/50905 6.00, 30101/50501 30.00, 30110/50501 3.00  = 229.50
  公用经费 30201/50201 5.00, 30231/50208 1.50, 30217/50206 0.80, 31002/50306 2.00,
           30201/50502 2.20                                                      =  11.50
  合计 241.00.  Project and 政府性基金 lines are left out.
"""

from __future__ import annotations

from conftest import GF, G, P, W, X, line
from yusuan.tables.general_budget_basic import build

N = None
TITLE = "2025年一般公共预算基本支出预算表"
DEPT = "部门名称：示例局"
UNIT = "单位：万元"
HEADER = [
    ["部门预算支出经济分类科目", N, "政府预算支出经济分类科目", N, "本年一般公共预算基本支出", N, N],
    ["科目编码", "科目名称", "科目编码", "科目名称", "合计", "人员经费", "公用经费"],
]
MERGES = ["A1:G1", "A2:F2", "A3:B3", "C3:D3", "E3:G3"]
EMPTY_NOTE = "本部门2025年无一般公共预算基本支出安排的支出，故本表无数据。"


def spec_of(ctx):
    return ctx.profile.table("general_budget_basic")


def test_whole_sheet(ctx, rendered):
    table = build(ctx, spec_of(ctx))
    values, merges = rendered(table)
    assert values == [
        [TITLE, N, N, N, N, N, N],
        [DEPT, N, N, N, N, N, UNIT],
        *HEADER,
        ["合计", N, N, N, 241.0, 229.5, 11.5],
        ["30101", "基本工资", "50101", "工资奖金津补贴", 100.0, 100.0, N],
        ["30101", "基本工资", "50501", "工资福利支出", 30.0, 30.0, N],
        ["30102", "津贴补贴", "50101", "工资奖金津补贴", 50.5, 50.5, N],
        ["30108", "机关事业单位基本养老保险缴费", "50102", "社会保障缴费", 20.0, 20.0, N],
        ["30110", "职工基本医疗保险缴费", "50102", "社会保障缴费", 8.0, 8.0, N],
        ["30110", "职工基本医疗保险缴费", "50501", "工资福利支出", 3.0, 3.0, N],
        ["30113", "住房公积金", "50103", "住房公积金", 12.0, 12.0, N],
        ["30201", "办公费", "50201", "办公经费", 5.0, N, 5.0],
        ["30201", "办公费", "50502", "商品和服务支出", 2.2, N, 2.2],
        ["30217", "公务接待费", "50206", "公务接待费", 0.8, N, 0.8],
        ["30231", "公务用车运行维护费", "50208", "公务用车运行维护费", 1.5, N, 1.5],
        ["30302", "退休费", "50905", "离退休费", 6.0, 6.0, N],
        ["31002", "办公设备购置", "50306", "设备购置", 2.0, N, 2.0],
    ]
    assert merges == sorted(MERGES)
    assert [r.kind for r in table.rows] == ["total", *["detail"] * 13]
    assert table.note == ""


def test_carried_over_basic_lines_count_and_merge_into_their_pair(ctx, context_with):
    extra = (
        line("901001", "2010301", "30201", "50201", G, 1.00, carried=True),  # joins 30201/50201
        line("901002", "2010350", "30199", "50501", P, 0.40, carried=True),  # new pair
        line("901001", "2010302", "30201", "50201", X, 9.00, project="P001"),  # 项目: out
        line("901002", "2290402", "30201", "50502", G, 7.00, fund=GF),  # 政府性基金: out
    )
    table = build(context_with(ctx, lines=ctx.model.lines + extra), spec_of(ctx))
    rows = {(r.values[0], r.values[2]): r.values[4:] for r in table.rows}
    assert rows[("合计", N)] == (2424 * W // 10, 2299 * W // 10, 125 * W // 10)
    assert rows[("30201", "50201")] == (6 * W, N, 6 * W)
    assert rows[("30199", "50501")] == (4 * W // 10, 4 * W // 10, N)
    assert rows[("30201", "50502")] == (22 * W // 10, N, 22 * W // 10)
    pairs = [r.values[:4] for r in table.rows]
    assert pairs.index(("30199", "其他工资福利支出", "50501", "工资福利支出")) == 8  # after 30113, by code


def test_empty_table_keeps_blank_total_row_and_note(ctx, rendered, context_with):
    lines = tuple(l for l in ctx.model.lines if not l.is_basic)
    table = build(context_with(ctx, lines=lines), spec_of(ctx))
    values, merges = rendered(table)
    assert values[4:] == [["合计", N, N, N, N, N, N], [EMPTY_NOTE, N, N, N, N, N, N]]
    assert merges == sorted([*MERGES, "A6:G6"])
    assert table.is_empty and table.note == EMPTY_NOTE


def test_additive_on_atom_bitmasks(ctx):
    """合计 = disjoint union of the pair rows; each row's 合计 = 人员经费 | 公用经费."""
    masks = ctx.with_amounts([1 << i for i in range(len(ctx.atoms))])
    table = build(masks, spec_of(ctx))
    total, *pairs = [dict(zip(table.keys, (v or 0 for v in r.values))) for r in table.rows]
    for key in ("total", "personnel", "public"):
        parts = [p[key] for p in pairs]
        assert total[key] == sum(parts) == _or(parts)
    for row in (total, *pairs):
        assert row["total"] == row["personnel"] + row["public"] == row["personnel"] | row["public"]


def _or(values):
    out = 0
    for v in values:
        out |= v
    return out
