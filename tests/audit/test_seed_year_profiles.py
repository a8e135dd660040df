"""Seeds 000 (2022) and 003 (2020) audited with the profile of their own year.

Every table the seed prints is recognised — the 2020 三公 table printed as a list (项目 | 预算数)
and the 2020 整体支出绩效目标表 without 预算情况 block (its task amounts read) included — and "missing table" (XT001) is
reported only for tables the seed's own 目录 lists (seed 003's extraction lost seven of them).
The profile is given explicitly here; choosing it from the workbook is the audit's job
(tests/audit/test_seed_audit.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from yusuan import profiles
from yusuan.audit.runner import CheckOutcome, table_findings
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

FIXTURES = Path(__file__).parents[1] / "fixtures" / "audit"
YEAR_PROFILE = {"seed000": "河南2022", "seed003": "河南2020"}

# 附件 lists of the seeds' 目录, as printed
TOC = {
    "seed000": ["部门收支预算表", "部门收入预算表", "部门支出预算表", "财政拨款收支预算表", "一般公共预算支出预算表",
                "一般公共预算基本支出预算表", "支出经济分类汇总表", "一般公共预算“三公”经费预算表", "政府性基金预算支出预算表",
                "国有资本经营预算支出预算表", "项目支出预算表", "部门（单位）整体绩效目标表", "部门预算项目绩效目标表"],
    "seed003": ["部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支总体情况表", "一般公共预算支出情况表",
                "一般公共预算基本支出情况表", "一般公共预算“三公”经费支出情况表", "政府性基金预算支出情况表",
                "国有资本经营预算支出情况表", "机关运行经费", "部门（单位）整体绩效目标表", "项目（政策）绩效目标表"],
}
PRINTED_KINDS = {
    "seed000": None,  # every table of the profile
    "seed003": ["expenditure", "general_budget_expenditure", "general_budget_basic", "three_public", "overall_performance"],
}
# seed 003: tables of the 目录 that the text extraction lost (so the workbook lacks them)
LOST = {"seed000": [], "seed003": ["部门收支总体情况表", "部门收入总体情况表", "财政拨款收支总体情况表", "政府性基金预算支出情况表",
                                   "国有资本经营预算支出情况表", "机关运行经费", "项目（政策）绩效目标表"]}


@cache
def outcome(seed: str) -> CheckOutcome:
    return table_findings(OpenpyxlWorkbook.open(FIXTURES / seed / "workbook.xlsx"), profiles.load(YEAR_PROFILE[seed]))


@pytest.mark.parametrize("seed", sorted(YEAR_PROFILE))
def test_every_printed_table_is_recognised(seed):
    parsed = outcome(seed).parsed
    expected = PRINTED_KINDS[seed] or [spec.kind for spec in profiles.load(YEAR_PROFILE[seed]).tables]
    assert [t.kind for t in parsed.tables] == expected
    assert parsed.unrecognised == ()


@pytest.mark.parametrize("seed", sorted(YEAR_PROFILE))
def test_missing_tables_are_those_of_the_toc_only(seed):
    missing = [re.search(r"表“(.+)”：", f.message).group(1) for f in outcome(seed).findings if f.code == "XT001"]
    assert sorted(missing) == sorted(LOST[seed])
    assert set(missing) <= set(TOC[seed])


def test_three_public_list_read_as_one_total_row():
    """2020: 项目 | 2020年“三公”经费预算数, one item per row, the amounts in column B."""
    table = next(t for t in outcome("seed003").parsed.tables if t.kind == "three_public")
    (row,) = table.rows
    assert row.role == "total"
    assert {k: (c.address, c.value) for k, c in row.cells.items()} == {
        "total": ("B6", Decimal("1.5")), "overseas": ("B7", Decimal("0.0")), "reception": ("B8", Decimal("0.2")),
        "vehicles": ("B9", Decimal("1.3")), "vehicle_operation": ("B10", Decimal("1.3")),
        "vehicle_purchase": ("B11", Decimal("0.0")),
    }
    three_public_findings = [f for f in outcome("seed003").findings if f.sheet == table.sheet and f.severity.name != "INFO"]
    assert three_public_findings == []  # 1.5 = 0 + 1.3 + 0.2 and 1.3 = 0 + 1.3: nothing to report


def test_task_amounts_of_the_2020_form_are_read():
    """2020 整体支出绩效目标表: no 预算情况 block, but each task of 年度主要工作内容 prints 总金额 |
    财政资金 | 其他资金 — one row per task, read to the 年度绩效目标 block."""
    table = next(t for t in outcome("seed003").parsed.tables if t.kind == "overall_performance")
    assert [(r.label, {k: (c.address, c.amount) for k, c in r.cells.items()}) for r in table.rows] == [
        (label, {"task_total": (f"D{row}", amount), "task_fiscal": (f"E{row}", amount), "task_other": (f"F{row}", None)})
        for label, row, amount in (("1、基本支出类", 10, Decimal("74")), ("2、厉行节约类支出", 11, Decimal("1.5")),
                                   ("3. 业务工作会议支出", 12, Decimal("18")))
    ]
    # each task adds up (TB027); together they are 93.5, the 三公 1.5 counted again (XT019, README item 9)
    assert [(f.code, f.cell) for f in outcome("seed003").findings if f.sheet == table.sheet] == [("XT019", "D10")]
