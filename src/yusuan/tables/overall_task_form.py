"""部门（单位）整体支出绩效目标表 (河南2020, seed 003 预算10表): a seven-column form whose
年度主要工作内容 lists the tasks with their 部门财政规划金额.

No header tree is printed (option ``header: false``); everything is body rows with merges
(columns 0-6; labels from the profile options):

    部门（单位）名称 | name (1-4)                     | 预算编码 | code
    部门（单位）职能 | functions text (1-6)
    年度总体目标     | goal text (1-6)
    年度主要工作内容 | 任务名称 | 主要内容或用途 | 部门财政规划金额 (3-5) | 计划实施时间   <- two heading rows,
                     |          |                | 总金额 | 财政资金 | 其他资金 |          the left three and the
                     | task     | content        | amount | amount   | amount   | period   last merged down
    年度绩效目标     | 一级指标 | 二级指标 | 三级指标 (3-5)           | 指标值
                     | indicators, repeated 一级 / 二级 labels merged down
    整体目标设置说明 | note text (1-6)

The first column's block labels are merged down their block.  The task amounts are the
officer's own 分 figures (整体绩效 sheet, :class:`Given`), not sums of the lines.  The form prints no 指标值说明.
"""

from __future__ import annotations

from yusuan.profiles import TableSpec
from yusuan.tables.base import Given, Table, make_rows, new_table
from yusuan.tables.context import TableContext
from yusuan.tables.form_grid import FormGrid

WIDTH = 7
COLUMN_KEYS = None  # a form: its seven columns are filled by position, whatever their keys
REQUIRED_OPTIONS = ("department_label", "code_label", "functions_label", "goal_label", "tasks_label",
                    "task_headings", "amount_heading", "amount_headings", "indicators_label",
                    "indicator_headings", "goal_note_label")
TEXT = (1, WIDTH - 1)  # a text spanning every column right of its label
LEVEL3 = (3, 5)  # 三级指标 spans the amount columns


def _head(form: FormGrid, ctx: TableContext, o: dict) -> None:
    department, overall = ctx.model.department, ctx.model.overall
    form.add([o["department_label"], department.name, None, None, None, o["code_label"],
              overall.budget_code or department.code], "text", [(1, 4)])
    form.add([o["functions_label"], overall.functions], "text", [TEXT])
    form.add([o["goal_label"], overall.duty_goal], "text", [TEXT])


def _tasks(form: FormGrid, ctx: TableContext, o: dict) -> None:
    name, content, period = o["task_headings"]
    top = form.add([o["tasks_label"], name, content, o["amount_heading"], None, None, period], "header", [(3, 5)])
    form.add([None, None, None, *o["amount_headings"]], "header")
    for column in (1, 2, 6):
        form.merge_down(column, top, top + 1)
    for task in ctx.model.overall.tasks:
        amounts = [None if a is None else Given(a) for a in (task.total, task.fiscal, task.other)]
        form.add([None, task.name, task.content, *amounts, task.period], "text")
    form.merge_down(0, top, len(form.cells) - 1)


def _indicators(form: FormGrid, ctx: TableContext, o: dict) -> None:
    level1, level2, level3, value = o["indicator_headings"]
    top = form.add([o["indicators_label"], level1, level2, level3, None, None, value], "header", [LEVEL3])
    indicators = ctx.model.overall.indicators
    for i in indicators:
        form.add([None, i.level1, i.level2, i.level3, None, None, i.value], "text", [LEVEL3])
    form.merge_runs(1, top + 1, [i.level1 for i in indicators])
    form.merge_runs(2, top + 1, [(i.level1, i.level2) if i.level2 else "" for i in indicators])
    form.merge_down(0, top, len(form.cells) - 1)


def build(ctx: TableContext, spec: TableSpec) -> Table:
    keys = spec.keys
    if len(keys) != WIDTH:
        raise ValueError(f"{spec.name}：表样须为 {WIDTH} 列，实为 {len(keys)} 列")
    o = spec.options
    form = FormGrid(WIDTH)
    _head(form, ctx, o)
    _tasks(form, ctx, o)
    _indicators(form, ctx, o)
    form.add([o["goal_note_label"], ctx.model.overall.goal_note], "text", [TEXT])
    rows = make_rows(keys, [(dict(zip(keys, cells)), kind) for cells, kind in zip(form.cells, form.kinds)])
    subtitle = o.get("subtitle", "").format(year=ctx.year)
    # every column holds text; the task amounts are styled per cell by render()
    return new_table(ctx, spec, rows, text_keys=set(keys), merges=form.merges, subtitle=subtitle)
