"""项目支出表 (十二) against 支出表 (三) and the 分资金 tables; 项目绩效目标表 (十四) against
十二, and each project's 成本指标 against its 资金总额; 整体绩效目标表 (十三) 预算情况 against
收支总表, 收入表, 支出表: docs/design.md checks C7, C10."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yusuan.checks.cross_rules._common import (
    UNIT_ROLES,
    E,
    Figure,
    W,
    cell_address,
    cells_figure,
    check_equal,
    data,
    money,
    normalize,
    present,
    quoted,
    row_figure,
    rule,
    units_by_code,
)
from yusuan.checks.cross_rules.economic import matched_totals
from yusuan.checks.cross_rules.summary_table import side_figure, summary_side
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import a1

EXPENDITURE, PROJECTS, PERFORMANCE = "expenditure", "projects", "project_performance"
SUMMARY, INCOME, OVERALL = "income_expenditure_summary", "income", "overall_performance"

PROJECT_TOTALS = rule(
    "XT014", "项目支出表与支出表不一致", E,
    "检查项目支出预算表合计行和每个单位行的“合计”是否等于部门支出预算表同一行的项目支出小计，"
    "以及项目支出表中一般公共预算、政府性基金预算、国有资本经营预算各自的本年拨款与财政拨款结转结余之和，"
    "是否等于对应分资金支出表（一般公共预算支出预算表等）合计行的项目支出小计。"
    "项目支出表逐个列示项目，支出表按科目汇总同一批项目，总数不一致说明有项目漏列、重列或金额填错。"
    "修正：逐个核对项目金额及其资金来源，改正后使两表一致。",
)
PROJECT_ADVICE = "项目支出表应与支出表的项目支出一致，请核对是否漏列、重列项目或资金来源分错栏"


@check(PROJECT_TOTALS)
def check_project_totals(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    projects = workbook.first(PROJECTS)
    if projects is None:
        return
    profile = ctx.profile
    yield from matched_totals(PROJECT_TOTALS, projects, ["total"], workbook.first(EXPENDITURE), ["project"], profile,
                              PROJECT_ADVICE)
    if projects.total_row is None:
        return
    for kind, keys in data()["columns"]["project_fund_tables"].items():
        spent = workbook.first(kind)
        if spent is None or spent.total_row is None:
            continue
        found = check_equal(
            PROJECT_TOTALS,
            row_figure(projects, projects.total_row, keys, profile),
            row_figure(spent, spent.total_row, ["project"], profile),
            PROJECT_ADVICE,
            fixed=True,
        )
        if found:
            yield found


# -- 项目绩效目标表 ------------------------------------------------------------------------

PERFORMANCE_AMOUNTS = rule(
    "XT015", "项目绩效目标表金额与项目支出表不一致", E,
    "检查部门预算项目绩效目标表中每个项目的资金总额、政府预算资金、财政专户管理资金、单位资金，"
    "是否等于项目支出预算表中同一项目（按单位和项目名称对应）的合计、财政拨款各栏之和、财政专户管理资金、单位资金；"
    "项目绩效目标表列出了项目支出表的全部项目时，部门行和各单位行的合计也应一致。"
    "绩效目标是按项目预算金额设定的，金额不一致会使绩效目标与预算脱节。"
    "修正：以项目支出表的预算金额为准改正绩效目标表（或反之），使同一项目两处金额一致。",
)
PERFORMANCE_ADVICE = "同一项目在绩效目标表和项目支出表中的金额应相同，请核对后改正"

UNKNOWN_PROJECT = rule(
    "XT016", "绩效目标表中的项目不在项目支出表中", W,
    "检查部门预算项目绩效目标表列出的每个项目是否能在项目支出预算表中找到（按单位和项目名称对应，名称中的空格、"
    "全角半角差异不影响对应）。绩效目标表中有、项目支出表中没有的项目，可能是项目名称前后写法不一、"
    "或项目已调整而绩效目标表未更新。修正：统一两表中的项目名称，或删除已不在预算中的项目的绩效目标。",
    message="项目“{name}”在“{other_sheet}”中找不到：{advice}",
)
UNKNOWN_ADVICE = "请统一两表的项目名称，或删除已不在预算中的项目"


def project_rows(table: SheetTable, name_key: str) -> list[tuple[str, str, ParsedRow]]:
    """(unit code, normalised project name, row) of the project rows, in sheet order.

    Projects are the rows below a department/unit row that are not themselves 合计/unit rows;
    the unit is the last department/unit row above (its code), '' when there is none.
    """
    unit, out = "", []
    for row in table.rows:
        if row.role in UNIT_ROLES:
            unit = row.code.strip()
            continue
        if row.role == "total":
            continue
        name = normalize(row.labels.get(name_key) or row.label)
        if name:
            out.append((unit, name, row))
    return out


def match_projects(
    performance: SheetTable, projects: SheetTable
) -> tuple[list[tuple[ParsedRow, ParsedRow]], list[ParsedRow], set[int]]:
    """(matched pairs, performance rows without a project, sheet rows of matched 十二 projects).

    By (unit, name) first; a name that is unique in both tables matches whatever the unit.
    """
    listed = project_rows(projects, "name")
    by_key = {(u, n): r for u, n, r in listed}
    by_name: dict[str, list[ParsedRow]] = {}
    for _, name, row in listed:
        by_name.setdefault(name, []).append(row)
    targets = project_rows(performance, "name")
    target_names: dict[str, int] = {}
    for _, name, _ in targets:
        target_names[name] = target_names.get(name, 0) + 1
    pairs, missing, used = [], [], set()
    for unit, name, row in targets:
        match = by_key.get((unit, name))
        if match is None and len(by_name.get(name, ())) == 1 and target_names[name] == 1:
            match = by_name[name][0]
        if match is None or match.row in used:
            missing.append(row)
        else:
            pairs.append((row, match))
            used.add(match.row)
    return pairs, missing, used


@check(PERFORMANCE_AMOUNTS)
def check_performance_amounts(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = present(workbook, PERFORMANCE, PROJECTS)
    if tables is None:
        return
    performance, projects = tables
    profile = ctx.profile
    mapping = data()["columns"]["performance_vs_projects"]
    pairs, _, used = match_projects(performance, projects)
    for down, up in pairs:
        yield from _compare_columns(performance, down, projects, up, mapping, profile)
    # Department / unit rows: only when every project of the other table under them is matched.
    unmatched_units = {u for u, _, r in project_rows(projects, "name") if r.row not in used}
    everything = not unmatched_units
    down_total = performance.total_row or _department_row(performance)
    up_total = projects.total_row
    if everything and down_total is not None and up_total is not None:
        yield from _compare_columns(performance, down_total, projects, up_total, mapping, profile)
    ups = units_by_code(projects)
    for code, row in units_by_code(performance).items():
        if row is down_total or code not in ups or code in unmatched_units:
            continue
        if ups[code].role == "department" and not everything:
            continue
        yield from _compare_columns(performance, row, projects, ups[code], mapping, profile)


def _department_row(table: SheetTable) -> ParsedRow | None:
    return next((r for r in table.rows if r.role == "department"), None)


def _compare_columns(down_table, down, up_table, up, mapping, profile) -> Iterator[Finding]:
    for key, keys in mapping.items():
        if key not in down_table.columns:
            continue
        found = check_equal(
            PERFORMANCE_AMOUNTS,
            row_figure(down_table, down, [key], profile),
            row_figure(up_table, up, keys, profile),
            PERFORMANCE_ADVICE,
            fixed=True,
        )
        if found:
            yield found


@check(UNKNOWN_PROJECT)
def check_unknown_projects(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = present(workbook, PERFORMANCE, PROJECTS)
    if tables is None:
        return
    performance, projects = tables
    if not project_rows(projects, "name"):
        return  # an empty 项目支出表: its empty-table note is checked elsewhere
    _, missing, _ = match_projects(performance, projects)
    for row in missing:
        cell = cell_address(performance, row, "name") or a1(row.row, 1)
        yield UNKNOWN_PROJECT.finding(
            performance.sheet, cell,
            name=str(row.labels.get("name") or row.label).strip(),
            other_sheet=projects.sheet,
            advice=UNKNOWN_ADVICE,
        )


# -- 整体绩效目标表 -------------------------------------------------------------------------

OVERALL_BUDGET = rule(
    "XT017", "整体绩效目标表预算情况与收支表不一致", E,
    "检查部门（单位）整体绩效目标表“预算情况”中的部门预算总额是否等于部门收支预算表的本年支出合计（无此行时用收入总计），"
    "资金来源（政府预算资金＝一般公共预算、政府性基金、国有资本经营预算的本年收入与上年结转之和；财政专户管理资金；"
    "单位资金＝事业收入等单位收入与单位资金结转之和）是否等于部门收入预算表合计行的对应各栏，"
    "资金结构（基本支出、项目支出）是否等于部门支出预算表合计行的基本支出、项目支出。"
    "安排了年终结转结余时，收入中有一部分不在本年支出，此时不比较资金来源。"
    "整体绩效目标表的预算情况是对同一本预算的概括，数字须与各表一致。修正：按收支表改正预算情况中的数字。",
)
OVERALL_ADVICE = "整体绩效目标表的预算情况应与收支表一致，请按收支表改正"


def form_figures(table: SheetTable) -> dict[str, Figure]:
    """Figures of the 预算情况 block by key (total, government, …, basic, project).

    The recogniser reads the form into one row per figure: code = the key, one cell under
    that key, label = the printed label."""
    found: dict[str, Figure] = {}
    for row in table.rows:
        key = row.code.strip()
        cell = row.cells.get(key)
        if cell is None or key in found:
            continue
        found[key] = Figure(table, cell.value, (cell.address,), quoted(row.label.strip() or key))
    return found


def summary_budget_total(summary: SheetTable) -> Figure | None:
    """部门预算总额 as the 收支总表 prints it: what the department spends, 本年支出合计 (收入总计
    when that row is missing; it also holds 年终结转结余)."""
    current = summary_side(summary, "spending").get("current_total")
    if current is not None:
        return side_figure(summary, current, "spending_amount")
    return side_figure(summary, summary_side(summary, "income").get("total"), "income_amount")


@check(OVERALL_BUDGET)
def check_overall_budget(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    overall = workbook.first(OVERALL)
    if overall is None:
        return
    profile = ctx.profile
    figures = form_figures(overall)
    summary = workbook.first(SUMMARY)
    year_end = False
    if summary is not None:
        year_end_row = summary_side(summary, "spending").get("year_end")
        year_end = bool(year_end_row and year_end_row[0].amount("spending_amount"))
        if "total" in figures:
            found = check_equal(OVERALL_BUDGET, figures["total"], summary_budget_total(summary), OVERALL_ADVICE, fixed=True)
            if found:
                yield found
    columns = data()["columns"]
    for kind, mapping in ((INCOME, columns["overall_sources_vs_income"]), (EXPENDITURE, columns["overall_structure_vs_expenditure"])):
        if kind == INCOME and year_end:
            continue
        other = workbook.first(kind)
        if other is None or other.total_row is None:
            continue
        for key, keys in mapping.items():
            if key not in figures or not all(k in other.columns for k in keys):
                continue
            found = check_equal(
                OVERALL_BUDGET, figures[key], row_figure(other, other.total_row, keys, profile), OVERALL_ADVICE, fixed=True
            )
            if found:
                yield found


OVERALL_TASKS = rule(
    "XT019", "整体支出绩效目标表任务金额之和与部门预算不一致", W,
    "检查部门（单位）整体支出绩效目标表（河南2020）“年度主要工作内容”各任务的部门财政规划金额（总金额）之和，"
    "是否等于部门收支总体情况表的本年支出合计（无此表时用部门支出总体情况表合计行的“总计”）。"
    "年度主要工作内容按任务分项列出部门的预算，各项之和应是部门预算总额：少于总额说明有支出没有列入任务，"
    "多于总额通常是同一笔钱列了两次（如已含在基本支出中的“三公”经费又单列为一个任务）。"
    "只作警告：各地对任务的划分要求不一，确有按其他口径列示的，应在整体目标设置说明中写明。"
    "修正：按基本支出、项目支出分项列示任务金额，不重复列示，使合计等于部门预算总额（在输入表“整体绩效”的任务行改正后重新生成）。",
)
TASKS_ADVICE = "各任务金额应分项列出部门预算、不重复计算，合计等于部门预算总额，请核对各任务的总金额"


@check(OVERALL_TASKS)
def check_overall_tasks(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    overall = workbook.first(OVERALL)
    if overall is None or "task_total" not in overall.columns:
        return
    tasks = cells_figure(overall, [(row, "task_total") for row in overall.rows if "task_total" in row.cells],
                         "年度主要工作内容各任务“总金额”之和")
    summary, expenditure = workbook.first(SUMMARY), workbook.first(EXPENDITURE)
    if summary is not None:
        budget = summary_budget_total(summary)
    elif expenditure is not None and expenditure.total_row is not None:
        budget = row_figure(expenditure, expenditure.total_row, ["total"], ctx.profile)
    else:
        return
    found = check_equal(OVERALL_TASKS, tasks, budget, TASKS_ADVICE, fixed=True)
    if found:
        yield found


# -- 成本指标 against 资金总额 ----------------------------------------------------------------

COST_OVER_TOTAL = rule(
    "XT018", "成本指标超过项目资金总额", W,
    "检查部门预算项目绩效目标表中每个项目的成本指标值（如“≤963.38万元”）是否超过该项目的资金总额。"
    "成本指标是项目预算的上限，按项目资金总额设定；指标值大于资金总额，说明指标值填错或金额已调整而指标未更新，"
    "绩效目标与预算对不上。只比较写明“万元”或“元”的金额（“元/人”这类单价不比较）；指标值按其所写的小数位数"
    "由资金总额四舍五入得来的（963.37 写作“963.4万元”）不算超过。"
    "修正：把成本指标值改为不超过资金总额的数，或核对资金总额。",
    message="项目“{name}”的成本指标值“{found}”（{amount} 万元）大于资金总额 {total} 万元（{total_cell}）：{advice}",
)
COST_ADVICE = "成本指标不应超过项目预算，请改正指标值或核对资金总额"

# an amount with its unit, not followed by '/' (a unit price such as '500元/人')
_COST = re.compile(r"(\d+(?:\.\d+)?)(万元|元)(?!/)")
_PER_WAN = {"万元": Decimal(1), "元": Decimal(10_000)}


@dataclass(frozen=True)
class Cost:
    """An amount written in a 成本指标 value: as printed (its unit and decimals) and in 万元."""

    printed: Decimal
    unit: str

    @property
    def wan(self) -> Decimal:
        return self.printed / _PER_WAN[self.unit]


def cost_amount(text: str) -> Cost | None:
    """The first amount in 万元 or 元 of a 成本指标 value ('≤963.38万元', '≤16. 92万元'), else None."""
    compact = "".join(unicodedata.normalize("NFKC", text).split())
    compact = re.sub(r"(?<=\d),(?=\d{3})", "", compact)
    match = _COST.search(compact)
    return Cost(Decimal(match.group(1)), match.group(2)) if match else None


def exceeds(cost: Cost, total: Decimal) -> bool:
    """The cost is above the total, even once the total is rounded as the cost is printed
    (to its decimals, in its unit): '963.4万元' for 963.37 is the total rounded, not more."""
    places = Decimal(1).scaleb(int(cost.printed.as_tuple().exponent))  # a printed cost is finite
    rounded = (total * _PER_WAN[cost.unit]).quantize(places, rounding=ROUND_HALF_UP)
    return cost.printed > rounded


@check(COST_OVER_TOTAL)
def check_cost_over_total(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in workbook.of_kind(PERFORMANCE):
        if "cost_value" not in table.columns or "total" not in table.columns:
            continue
        for row in table.rows:
            total = row.cells.get("total")
            if row.role != "detail" or total is None or total.amount is None:
                continue
            text = str(row.labels.get("cost_value") or "")
            cost = cost_amount(text)
            if cost is None or not exceeds(cost, total.amount):
                continue
            yield COST_OVER_TOTAL.finding(
                table.sheet, a1(row.row, table.columns["cost_value"]),
                name=str(row.labels.get("name") or row.label).strip(), found=text.strip(),
                amount=money(cost.wan), total=money(total.amount), total_cell=total.address, advice=COST_ADVICE,
            )
