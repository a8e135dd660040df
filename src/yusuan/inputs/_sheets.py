"""The smaller list sheets: 单位信息, 项目绩效, 整体绩效, 上年数, 其他收入."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from yusuan.inputs import rules as R
from yusuan.inputs._cells import Located, Record, match_choice
from yusuan.inputs._context import LINE_LEFT_OUT, UNIT_YUAN, Context
from yusuan.inputs.spec import SheetSpec
from yusuan.model import (
    OtherIncome,
    OverallIndicator,
    OverallPerformance,
    OverallTask,
    Project,
    ProjectIndicator,
    Unit,
    UnitKind,
)
from yusuan.model.enums import FundSource

UNIT_LEFT_OUT = "，该单位及其支出明细不计入"


def read_units(ctx: Context, located: Located, spec: SheetSpec) -> tuple[dict[str, Unit], set[str]]:
    """Good units by code, and the codes of units whose row is bad (their lines are left out
    without a second finding)."""
    units: dict[str, Unit] = {}
    first_rows: dict[str, int] = {}
    bad: set[str] = set()
    for rec in located.records():
        code = rec.code("unit_code")
        if code and code in first_rows:
            ctx.flag(R.DUPLICATE_UNIT, rec, "unit_code", value=code, first_row=first_rows[code])
            continue
        if not code:
            ctx.flag(R.BLANK_REQUIRED, rec, "unit_code", field=spec.column("unit_code").header, effect="，本行不计入")
        name = ctx.required(rec, spec.column("unit_name"), UNIT_LEFT_OUT)
        kind_ok, kind = ctx.choice(rec, spec.column("unit_kind"), UNIT_LEFT_OUT)
        if not code:
            continue
        first_rows[code] = rec.row
        if name and kind_ok and kind:
            units[code] = Unit(code, name, UnitKind(kind), rec.row)
        else:
            bad.add(code)
    return units, bad


def read_project_indicators(
    ctx: Context, located: Located, spec: SheetSpec, projects: Mapping[str, Project], seen: set[str]
) -> list[ProjectIndicator]:
    """Indicators of the model's projects.  A project whose lines were all bad (``seen`` but not
    in ``projects``) was flagged on 支出明细: its indicators are left out without a finding."""
    out = []
    col = spec.column
    for rec in located.records(ignore=frozenset(c.key for c in spec.name_columns)):
        if ctx.numeric_codes(rec, spec.columns):
            continue
        code = rec.code("project_code")
        ok = True
        if not code:
            ctx.flag(R.BLANK_REQUIRED, rec, "project_code", field=col("project_code").header, effect=LINE_LEFT_OUT)
            ok = False
        elif code not in projects:
            if code not in seen:
                ctx.flag(R.PERFORMANCE_WITHOUT_PROJECT, rec, "project_code", value=code, effect=LINE_LEFT_OUT)
            ok = False
        else:
            ctx.check_name(rec, col("project_name"), code, projects[code].name)
        type_ok, indicator_type = ctx.choice(rec, col("indicator_type"))
        level3 = ctx.required(rec, col("level3"))
        value = ctx.required(rec, col("value"))
        if ok and type_ok and indicator_type and level3 and value:
            out.append(ProjectIndicator(code, indicator_type, rec.text("level2"), level3, value, rec.row))
    return out


TASK_AMOUNTS = ("task_total", "task_fiscal", "task_other")  # profile_only columns (河南2020)
TASK_FIELDS = ("task_name", "task_content", *TASK_AMOUNTS, "task_period")
FIRST_ROW_TEXTS = ("duty_goal", "functions", "goal_note")  # texts of the whole form, joined over rows


def read_overall(ctx: Context, located: Located, spec: SheetSpec) -> OverallPerformance:
    """整体绩效: goal texts, task rows and indicator rows (a row may hold a task and an indicator).
    Blank 一级/二级指标 continue the ones above, as merged cells in the published table do.
    The task amounts, 部门职能 … are read only when the profile's spec has their columns."""
    texts: dict[str, list[str]] = {key: [] for key in FIRST_ROW_TEXTS}
    tasks, indicators = [], []
    budget_code = ""
    level1 = level2 = ""
    col = spec.column
    for rec in located.records():
        for key in FIRST_ROW_TEXTS:
            if rec.text(key):
                texts[key].append(rec.text(key))
        budget_code = budget_code or rec.code("budget_code")
        if any(rec.text(k) for k in TASK_FIELDS):
            task = _task(ctx, rec, spec)
            if task:
                tasks.append(task)
        if any(rec.text(k) for k in ("level1", "level2", "level3", "value", "value_note")):
            level1 = rec.text("level1") or level1
            level2 = rec.text("level2") or level2
            level3 = ctx.required(rec, col("level3"))
            value = ctx.required(rec, col("value"))
            if level3 and value:
                indicators.append(OverallIndicator(level1, level2, level3, value, rec.text("value_note"), rec.row))
    joined = {key: "\n".join(lines) for key, lines in texts.items()}
    return OverallPerformance(joined["duty_goal"], tuple(tasks), tuple(indicators), joined["functions"],
                              joined["goal_note"], budget_code)


def _task(ctx: Context, rec: Record, spec: SheetSpec) -> OverallTask | None:
    """One task; its amounts (when the profile reads them) must add up: 总金额 = 财政资金 + 其他资金
    (a blank 总金额 is their sum).  None, with a finding, for a bad task."""
    name = ctx.required(rec, spec.column("task_name"))
    present = {c.key: c for c in spec.columns if c.key in TASK_AMOUNTS}
    amounts: dict[str, int | None] = {}
    ok = bool(name)
    for key, column in present.items():
        good, amounts[key] = ctx.amount(rec, column, blank_ok=True)
        ok = ok and good
    total, fiscal, other = (amounts.get(key) for key in TASK_AMOUNTS)
    if ok and (fiscal is not None or other is not None):
        parts = (fiscal or 0) + (other or 0)
        if total is None:
            total = parts
        elif total != parts:
            ctx.flag(R.TASK_AMOUNTS_UNEQUAL, rec, "task_total", total=rec.text("task_total"),
                     fiscal=rec.text("task_fiscal") or "空", other=rec.text("task_other") or "空",
                     expected=_in_unit(parts, ctx.amount_unit), effect="，该任务不计入")
            ok = False
    if not ok or name is None:
        return None
    return OverallTask(name, rec.text("task_content"), rec.row, total, fiscal, other, rec.text("task_period"))


def _in_unit(fen: int, unit: str) -> str:
    """分 as typed in the input's 金额单位: 1234567 → '12345.67' (元) or '1.234567' (万元)."""
    text = f"{Decimal(fen) / (100 * UNIT_YUAN[unit]):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def read_last_year(ctx: Context, located: Located, spec: SheetSpec) -> Mapping[str, int]:
    """上年数: item → 分.  A listed item with a blank amount is simply not known."""
    items = spec.column("item").choices or ()
    values: dict[str, int] = {}
    first_rows: dict[str, int] = {}
    for rec in located.records():
        text = rec.text("item")
        item = match_choice(text, items)
        if not text:
            ctx.flag(R.BLANK_REQUIRED, rec, "item", field=spec.column("item").header, effect=LINE_LEFT_OUT)
            continue
        if item is None:
            ctx.flag(R.UNKNOWN_LAST_YEAR_ITEM, rec, "item", value=text, choices="、".join(items), effect=LINE_LEFT_OUT)
            continue
        if item in first_rows:
            ctx.flag(R.DUPLICATE_LAST_YEAR_ITEM, rec, "item", value=item, first_row=first_rows[item], effect=LINE_LEFT_OUT)
            continue
        first_rows[item] = rec.row
        ok, fen = ctx.amount(rec, spec.column("amount"), blank_ok=True)
        if ok and fen is not None:
            values[item] = fen
    return MappingProxyType(values)


def read_other_income(ctx: Context, located: Located, spec: SheetSpec, units: Mapping[str, Unit], bad_units: set[str]) -> list[OtherIncome]:
    out = []
    col = spec.column
    for rec in located.records():
        code = rec.code("unit_code")
        ok = True
        if not code:
            ctx.flag(R.BLANK_REQUIRED, rec, "unit_code", field=col("unit_code").header, effect=LINE_LEFT_OUT)
            ok = False
        elif code not in units:
            if code not in bad_units:
                ctx.flag(R.UNKNOWN_UNIT, rec, "unit_code", value=code, effect=LINE_LEFT_OUT)
            ok = False
        item_ok, item = ctx.choice(rec, col("item"))
        fund_ok, fund = ctx.choice(rec, col("fund_source"))
        amount_ok, fen = ctx.amount(rec, col("amount"))
        if ok and item_ok and fund_ok and amount_ok and item and fund and fen is not None:
            out.append(OtherIncome(code, item, FundSource(fund), fen, rec.row))
    return out
