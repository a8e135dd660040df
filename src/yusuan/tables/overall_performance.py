"""十三 部门（单位）整体绩效目标表: a five-column form, laid out as seed 004 prints it.

No header tree is printed (option ``header: false``); everything is body rows with merges:

    年度履职目标 | goal text (columns 2-5)
    年度主要任务 | 任务名称 (2-3) | 主要内容 (4-5)        <- one row per task below, label merged down
    预算情况     | 部门预算总额（万元） (2-3) | amount (4-5)
                 | 1、资金来源： | （1）政府预算资金 | amount (4-5)   … 财政专户管理资金, 单位资金
                 | 2、资金结构： | （1）基本支出     | amount (4-5)   … 项目支出
    一级指标 | 二级指标 | 三级指标 | 指标值 | 指标值说明     <- the column labels of the profile
    indicators, repeated 一级 / 二级 labels merged down

Amounts sit in the fourth column (key ``c4``), which is therefore the table's amount column
(texts there — 主要内容, 指标值 — are strings and pass through render unchanged).
预算情况 is computed from the atoms: the total splits two ways (by source, by structure), each
part a sum of atoms.  Texts come from ``model.overall``; labels from the profile options.
"""

from __future__ import annotations

from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, make_rows, new_table
from yusuan.tables.context import TableContext, total, total_where
from yusuan.tables.form_grid import FormGrid
from yusuan.tables.project_performance import fund_parts

WIDTH = 5
AMOUNT_COLUMN = 3  # 0-based: the fourth column
COLUMN_KEYS = None  # a form: its five columns are filled by position, whatever their keys
REQUIRED_OPTIONS: tuple[str, ...] = ()


def _duty_and_tasks(form: FormGrid, overall, o: dict) -> None:
    form.add([o["duty_goal_label"], overall.duty_goal], "text", [(1, 4)])
    name_heading, content_heading = o["task_headings"]
    top = form.add([o["tasks_label"], name_heading, None, content_heading], "header", [(1, 2), (3, 4)])
    for task in overall.tasks:
        form.add([None, task.name, None, task.content], "text", [(1, 2), (3, 4)])
    form.merge_down(0, top, len(form.cells) - 1)


def _budget(form: FormGrid, ctx: TableContext, o: dict) -> None:
    lines = ctx.lines
    parts = fund_parts(lines)
    amount = (AMOUNT_COLUMN, WIDTH - 1)
    top = form.add([o["budget_label"], o["budget_total_label"], None, total(lines)], "total", [(1, 2), amount])
    sources = o["source_labels"]
    first = None
    for key in ("government", "special_account", "unit_funds"):
        row = form.add([None, None, sources[key], total(parts[key])], "detail", [amount])
        first = row if first is None else first
    assert first is not None  # the three fund rows were just added
    form.cells[first][1] = o["sources_label"]
    form.merge_down(1, first, len(form.cells) - 1)
    structure = o["structure_labels"]
    first = form.add([None, o["structure_label"], structure["basic"], total_where(lines, is_basic=True)],
                     "detail", [amount])
    form.add([None, None, structure["project"], total_where(lines, is_basic=False)], "detail", [amount])
    form.merge_down(1, first, len(form.cells) - 1)
    form.merge_down(0, top, len(form.cells) - 1)


def _indicators(form: FormGrid, spec: TableSpec, overall) -> None:
    # The indicator headings are the profile's column labels (the form prints no header tree).
    form.add([leaf.label for leaf in spec.leaves], "header")
    indicators = overall.indicators
    top = len(form.cells)
    level1 = [i.level1 for i in indicators]
    level2 = [(i.level1, i.level2) if i.level2 else "" for i in indicators]
    for i in indicators:
        form.add([i.level1, i.level2, i.level3, i.value, i.note], "text")
    for column, labels in ((0, level1), (1, level2)):
        form.merge_runs(column, top, labels)


def build(ctx: TableContext, spec: TableSpec) -> Table:
    keys = spec.keys
    if len(keys) != WIDTH:
        raise ValueError(f"{spec.name}：表样须为 {WIDTH} 列，实为 {len(keys)} 列")
    o = spec.options
    overall = ctx.model.overall
    form = FormGrid(WIDTH)
    _duty_and_tasks(form, overall, o)
    _budget(form, ctx, o)
    _indicators(form, spec, overall)
    rows = make_rows(keys, [(dict(zip(keys, cells)), kind) for cells, kind in zip(form.cells, form.kinds)])
    subtitle = o.get("subtitle", "").format(year=ctx.year)
    # every column holds text; the budget block's amounts are styled per cell by render()
    return new_table(ctx, spec, rows, text_keys=set(keys), merges=form.merges, subtitle=subtitle)
