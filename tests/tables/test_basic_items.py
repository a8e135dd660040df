"""七 一般公共预算基本支出明细表 (河南2023): conftest's basic lines with 明细名称, worked out by hand.

901001 示例局机关: 基本工资 100.00 split into 年基本工资 80.00 and 国家保留津贴 20.00, which has
10.00 of 30102 too (one name on two subjects: 30.00); 30102 50.50 − 10.00 = 40.50 and the other
人员经费 subjects without 明细名称 (printed under the subject's name); 公用经费 5.00 + 1.50 + 0.80 +
2.00 = 9.30 all in 定额公用经费.  901002 示例局事务中心: 33.00 人员 (no names), 2.20 公用 (no name).
一般公共预算 基本支出 = 196.50 + 9.30 + 33.00 + 2.20 = 241.00; the 政府性基金 and project lines are not listed.
"""

from __future__ import annotations

import dataclasses

import pytest

from yusuan.model import FundSource
from yusuan.profiles import load
from yusuan.tables.basic_items import build

N = None
TITLE = "2025年一般公共预算基本支出明细表"
HEADER = [
    ["项目单位", "类型", "项目名称", "合计", "本年拨款", N, N, "财政拨款结转结余", N, N, "财政专户管理资金", "单位资金"],
    [N, N, N, N, "一般公共预算", "政府性基金预算", "国有资本经营预算", "一般公共预算", "政府性基金预算", "国有资本经营预算", N, N],
]
OFFICE, CENTRE = "示例局机关", "示例局事务中心"
NAMES = {  # (unit, 部门经济科目, amount 万元) → 明细名称; one conftest line split in two below
    ("901001", "30101", 100.00): "年基本工资",
    ("901001", "30201", 5.00): "定额公用经费",
    ("901001", "30231", 1.50): "定额公用经费",
    ("901001", "30217", 0.80): "定额公用经费",
    ("901001", "31002", 2.00): "定额公用经费",
}


def spec_of():
    return load("河南2023").table("basic_items")


@pytest.fixture
def named(ctx, wan, context_with):
    """conftest's model with 明细名称 on some basic lines; 30101 100.00 → 年基本工资 80.00 + 国家保留津贴
    20.00 (and 10.00 of 30102)."""
    lines = []
    for line in ctx.model.lines:
        name = NAMES.get((line.unit_code, line.dept_econ_code, line.amount / 1_000_000), "")
        if name == "年基本工资":
            lines += [dataclasses.replace(line, amount=wan("80.00"), item_name=name),
                      dataclasses.replace(line, amount=wan("20.00"), item_name="国家保留津贴")]
        elif line.unit_code == "901001" and line.dept_econ_code == "30102":
            lines += [dataclasses.replace(line, amount=wan("10.00"), item_name="国家保留津贴"),
                      dataclasses.replace(line, amount=wan("40.50"))]
        else:
            lines.append(dataclasses.replace(line, item_name=name))
    return context_with(ctx, lines=tuple(lines))


def test_whole_sheet(named, rendered):
    values, merges = rendered(build(named, spec_of()))
    rows = [
        [N, N, N, 241.0, 241.0],
        [N, "901", "示例局", 241.0, 241.0],
        [OFFICE, "人员类", "年基本工资", 80.0, 80.0],
        [N, N, "国家保留津贴", 30.0, 30.0],
        [N, N, "津贴补贴", 40.5, 40.5],
        [N, N, "机关事业单位基本养老保险缴费", 20.0, 20.0],
        [N, N, "职工基本医疗保险缴费", 8.0, 8.0],
        [N, N, "住房公积金", 12.0, 12.0],
        [N, N, "退休费", 6.0, 6.0],
        [N, "公用经费", "定额公用经费", 9.3, 9.3],
        [CENTRE, "人员类", "基本工资", 30.0, 30.0],
        [N, N, "职工基本医疗保险缴费", 3.0, 3.0],
        [N, "公用经费", "办公费", 2.2, 2.2],
    ]
    assert values == [
        [TITLE, *[N] * 11],
        ["部门名称：示例局", *[N] * 10, "单位：万元"],
        *HEADER,
        *[row + [N] * 7 for row in rows],
    ]
    assert "E3:G3" in merges and "A3:A4" in merges


def test_row_kinds_and_item_order(named):
    """Items in the order 支出明细 first names them; 国家保留津贴's two lines are one item."""
    table = build(named, spec_of())
    assert [r.kind for r in table.rows] == ["total", "group", *["detail"] * 11]
    assert [r.values[2] for r in table.rows][2:5] == ["年基本工资", "国家保留津贴", "津贴补贴"]


def test_fund_columns_split_carried_over_and_other_funds(named, wan, context_with):
    """一般公共预算 上年结转 goes to 财政拨款结转结余; other funds' basic lines are not in the table."""
    office = named.model.lines[0]
    extra = (dataclasses.replace(office, amount=wan("5.00"), carried_over=True),
             dataclasses.replace(office, amount=wan("7.00"), fund_source=FundSource.BUSINESS_INCOME))
    table = build(context_with(named, lines=named.model.lines + extra), spec_of())
    first = table.rows[2].values
    assert first[:5] == (OFFICE, "人员类", "年基本工资", wan("85.00"), wan("80.00"))
    assert first[7] == wan("5.00") and first[11] is N
    assert table.rows[0].values[3] == wan("246.00")


def test_empty_table_has_total_row_and_note(named, rendered, context_with):
    lines = tuple(l for l in named.model.lines if not l.is_basic)
    values, _ = rendered(build(context_with(named, lines=lines), spec_of()))
    assert values[4:] == [[N] * 12, ["本部门2025年无一般公共预算基本支出安排的支出，故本表无数据。", *[N] * 11]]


def test_options_set_type_labels_and_department_row(named):
    """A profile may rename the 类型 groups, list 人员经费 only and leave the department row out."""
    spec = dataclasses.replace(spec_of(), options={**spec_of().options, "types": {"人员经费": "人员支出"},
                                                  "department_row": False})
    table = build(named, spec)
    assert [r.values[:3] for r in table.rows][:3] == [(N, N, N), (OFFICE, "人员支出", "年基本工资"), (N, N, "国家保留津贴")]
    assert table.rows[0].values[3] == 196_50 * 10_000 + 33_00 * 10_000
