"""十一 部门（单位）整体支出绩效目标表 (河南2020): the whole rendered seven-column form from
conftest's department with 2020 form texts and tasks, written and read back with openpyxl."""

from __future__ import annotations

import dataclasses

import openpyxl

from yusuan.model import OverallIndicator, OverallPerformance, OverallTask
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.profiles import load
from yusuan.tables.context import TableContext
from yusuan.tables.overall_task_form import build
from yusuan.tables.render import render

W = 1_000_000  # 分 per 万元
_ = None
FORM = OverallPerformance(
    duty_goal="全面完成年度工作任务。",
    tasks=(OverallTask("1、基本支出类", "人员和运转经费", total=74 * W, fiscal=74 * W, period="2020年全年"),
           OverallTask("2、业务类", "信用体系宣传", total=18 * W, fiscal=16 * W, other=2 * W, period="全年")),
    indicators=(OverallIndicator("产出指标", "数量指标", "指标1、政务服务", "实现率90%以上", "不印"),
                OverallIndicator("产出指标", "数量指标", "指标2、便利化", "210项", ""),
                OverallIndicator("满意度指标", "服务对象满意度指标", "指标1、社会公众满意", "≥95%", "")),
    functions="负责全市政务服务。",
    goal_note="按部门职能分项设置。",
    budget_code="901001",
)


def _context(ctx: TableContext, overall: OverallPerformance) -> TableContext:
    model = dataclasses.replace(ctx.model, overall=overall)
    return TableContext(model, ctx.catalog, load("河南2020"), ctx.atoms)


def _sheet(ctx: TableContext, tmp_path):
    port = OpenpyxlWorkbook.new()
    render(port, build(ctx, ctx.profile.table("overall_task_form")), "十一")
    port.save(str(tmp_path / "form.xlsx"))
    return openpyxl.load_workbook(tmp_path / "form.xlsx")["十一"]


def test_whole_sheet(ctx, tmp_path):
    sheet = _sheet(_context(ctx, FORM), tmp_path)
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["部门（单位）整体支出绩效目标表", _, _, _, _, _, _],
        ["（2025年）", _, _, _, _, _, _],
        [_, _, _, _, _, _, "单位：万元"],  # department_line: false — the form names it in its first row
        ["部门（单位）名称", "示例局", _, _, _, "预算编码", "901001"],
        ["部门（单位）职能", "负责全市政务服务。", _, _, _, _, _],
        ["年度总体目标", "全面完成年度工作任务。", _, _, _, _, _],
        ["年度主要工作内容", "任务名称", "主要内容或用途", "部门财政规划金额", _, _, "计划实施时间"],
        [_, _, _, "总金额", "财政资金", "其他资金", _],
        [_, "1、基本支出类", "人员和运转经费", 74, 74, _, "2020年全年"],  # the task's own figures, 万元
        [_, "2、业务类", "信用体系宣传", 18, 16, 2, "全年"],
        ["年度绩效目标", "一级指标", "二级指标", "三级指标", _, _, "指标值"],
        [_, "产出指标", "数量指标", "指标1、政务服务", _, _, "实现率90%以上"],  # no 指标值说明 on this form
        [_, _, _, "指标2、便利化", _, _, "210项"],
        [_, "满意度指标", "服务对象满意度指标", "指标1、社会公众满意", _, _, "≥95%"],
        ["整体目标设置说明", "按部门职能分项设置。", _, _, _, _, _],
    ]
    assert {str(m) for m in sheet.merged_cells.ranges} == {
        "A1:G1", "A2:G2", "A3:F3",  # title, subtitle, the (empty) department half of the unit line
        "B4:E4", "B5:G5", "B6:G6",  # name, 职能, 总体目标
        "A7:A10", "D7:F7", "B7:B8", "C7:C8", "G7:G8",  # 年度主要工作内容 and its two heading rows
        "A11:A14", "D11:F11", "D12:F12", "D13:F13", "D14:F14",  # 年度绩效目标, 三级指标 over three columns
        "B12:B13", "C12:C13",  # repeated 一级 / 二级 labels printed once
        "B15:G15",
    }
    assert sheet["D9"].number_format == "#,##0.00" and sheet["F9"].value is None  # 其他资金 blank, not 0.00


def test_blank_code_is_the_department_code_and_no_task_leaves_the_headings(ctx, tmp_path):
    sheet = _sheet(_context(ctx, OverallPerformance(duty_goal="目标。")), tmp_path)
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[3] == ["部门（单位）名称", "示例局", _, _, _, "预算编码", "901"]
    assert rows[6][0] == "年度主要工作内容" and rows[8][0] == "年度绩效目标"
    assert rows[-1] == ["整体目标设置说明", _, _, _, _, _, _]
