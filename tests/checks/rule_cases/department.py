"""The ``department`` driver: a small consistent department as parsed tables (河南2025 layout,
yusuan's own sheets), then one amount cell changed — the 表间 (XT) cases start from it.

Units 100001 (行政) and 100002 (事业); the figures are listed above :func:`department`.  A case's
``given`` (applied in this order):

- ``set: {"<sheet>!<A1>": "<new amount>" | null}``: amount cells of the department's sheets;
- ``texts: {"<sheet>!<A1>": "<new text>"}``: text cells (a project's name, a 成本指标 value);
  the row's label follows its label cell;
- ``tasks: ["<amount>", …]``: 十三 as the 2020 整体支出绩效目标表 (one task row per amount, from
  row 9, 总金额 in column D);
- ``basic_items: "<合计>"``: 河南2023's 一般公共预算基本支出明细表 added, with that 合计 (D7);
- ``without: [<sheet>, …]``: tables left out; ``only: [<sheet>, …]``: the only tables kept.

``context: {profile: <表样版本>}`` checks under another profile (河南2025 by default)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from yusuan import profiles
from yusuan.catalogs import Catalog
from yusuan.checks.registry import CheckContext
from yusuan.findings import Finding
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import a1

from . import RuleCase, driver, run_checks

PROFILE = profiles.load()
CTX = CheckContext(year=2025, catalog=Catalog.for_year(2025))
TEXT_KEYS = {
    "income_item", "spending_item", "class_code", "item_code", "sub_code", "unit_code", "name", "code",
    "dept_code", "dept_name", "gov_code", "gov_name", "dept_class", "dept_item", "gov_class", "gov_item",
    "unit", "category", "project_type", "unit_name",
}
SHEETS = {spec.kind: spec.sheet_name() for spec in PROFILE.tables}
KINDS = {sheet: kind for kind, sheet in SHEETS.items()}


# -- builder --------------------------------------------------------------------------------
def keys_of(kind: str) -> list[str]:
    spec = next(s for s in PROFILE.tables if s.kind == kind)
    keys = list(spec.keys)
    return ["unit"] + keys if kind == "three_public" else keys  # yusuan's leading 单位名称 column


def body_top(kind: str) -> int:
    spec = next(s for s in PROFILE.tables if s.kind == kind)
    return 3 + spec.header_depth  # title, 部门名称 line, header rows


def is_text(key: str) -> bool:
    return key in TEXT_KEYS or key.endswith(("_name", "_value")) or key in ("c1", "c2", "c3", "c5")


def table(kind: str, rows: list[tuple], top: int | None = None) -> SheetTable:
    """A parsed table: ``rows`` = (role, code, label, {amount key: '1.23' | None}, {text key: text}).

    Every amount column of the table gets a cell on every row (blank = None), as the
    recogniser gives them."""
    keys = keys_of(kind)
    columns = {k: i + 1 for i, k in enumerate(keys)}
    amount_keys = [k for k in keys if not is_text(k)]
    first = body_top(kind) if top is None else top
    parsed = []
    for n, (role, code, label, amounts, *texts) in enumerate(rows):
        r = first + n
        cells = {k: ParsedCell(r, columns[k], amounts.get(k), decimal_of(amounts.get(k))) for k in amount_keys}
        parsed.append(ParsedRow(r, role, code, label, cells, dict(texts[0]) if texts else {}))
    return SheetTable(
        kind=kind, sheet=SHEETS[kind], title=f"2025年{SHEETS[kind]}", title_cell="A1", year=2025,
        department="示例局", unit="万元", keys=tuple(keys), columns=columns, rows=tuple(parsed),
        header_rows=(3, first - 1),
    )


def decimal_of(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def form(rows: list[tuple[str, str, str | None]]) -> SheetTable:
    """十三: one row per 预算情况 figure (code = key, its cell in column D), from row 8."""
    parsed = [
        ParsedRow(8 + n, "detail", key, label, {key: ParsedCell(8 + n, 4, amount, decimal_of(amount))})
        for n, (key, label, amount) in enumerate(rows)
    ]
    kind = "overall_performance"
    return SheetTable(
        kind=kind, sheet=SHEETS[kind], title=SHEETS[kind], title_cell="A1", year=None, department="示例局",
        unit="万元", keys=tuple(r[0] for r in rows), columns={r[0]: 4 for r in rows}, rows=tuple(parsed),
        header_rows=(0, 0),
    )


def two(income: str, income_amount, spending: str, amounts: dict | None = None, role: str = "detail") -> tuple:
    """A row of a two-sided table (收支总表 / 财政拨款收支表)."""
    values = {"income_amount": income_amount, **(amounts or {})}
    return (role, "", income or spending, values, {"income_item": income, "spending_item": spending})


def spend(amount) -> dict:
    return {"spending_amount": amount}


def fiscal(total, general=None, fund=None) -> dict:
    return {"spending_total": total, "spending_general": general, "spending_general_fiscal": general,
            "spending_fund": fund}


def exp(total, basic=None, wages=None, household=None, goods=None, capital=None, project=None, operating=None,
        specific=None) -> dict:
    return dict(total=total, basic=basic, wages=wages, household=household, goods=goods, capital=capital,
                project=project, project_operating=operating, project_specific=specific)


# -- the department ---------------------------------------------------------------------------
# Units 100001 (行政) and 100002 (事业).  Lines (万元):
#   100001 2010301 基本 一般公共预算: 30101 40, 30201 8, 30217 1, 30231 2, 31002 3 (= 54)
#   100001 2080501 基本 一般公共预算: 30302 5
#   100001 2010302 项目A 其他运转类 30227 20 一般公共预算; 项目B 特定目标类 30226 10 一般公共预算 上年结转
#   100002 2010350 基本 30101 25 一般公共预算; 项目D 其他运转类 30226 5 事业收入
#   100002 2290402 项目C 特定目标类 31005 20 政府性基金
# Totals: 139 = 基本 84 (工资福利 65, 对个人 5, 商品服务 11, 资本性 3) + 项目 55 (运转 25, 特定 30);
# 一般公共预算 本年 104 + 结转 10, 政府性基金 20, 事业收入 5; 类 201 114, 208 5, 229 20.
def department() -> ParsedWorkbook:
    summary = table("income_expenditure_summary", [
        two("一、一般公共预算", "104", "一、一般公共服务", spend("114")),
        two("其中：财政拨款", "104", "八、社会保障和就业", spend("5")),
        two("二、政府性基金预算拨款收入", "20", "二十九、其他支出", spend("20")),
        two("五、事业收入", "5", "", spend(None)),
        two("本年收入合计", "129", "本年支出合计", spend("139"), role="total"),
        two("上年结转结余", "10", "年终结转结余", spend(None)),
        two("收入总计", "139", "支出总计", spend("139"), role="total"),
    ])
    income = table("income", [
        ("total", "", "合计", dict(total="139", current_total="129", current_general="104",
                                  current_general_fiscal="104", current_fund="20", current_business="5",
                                  carry_total="10", carry_general="10")),
        ("department", "100", "示例局", dict(total="139", current_total="129", current_general="104",
                                           current_general_fiscal="104", current_fund="20", current_business="5",
                                           carry_total="10", carry_general="10")),
        ("unit", "100001", "示例局机关", dict(total="89", current_total="79", current_general="79",
                                          current_general_fiscal="79", carry_total="10", carry_general="10")),
        ("unit", "100002", "示例中心", dict(total="50", current_total="50", current_general="25",
                                        current_general_fiscal="25", current_fund="20", current_business="5")),
    ])
    expenditure = table("expenditure", _expenditure_rows(everything=True))
    fiscal_summary = table("fiscal_summary", [
        two("一、本年收入", "124", "一、本年支出", fiscal("134", "114", "20")),
        two("（一）一般公共预算拨款", "104", "（一）一般公共服务支出", fiscal("109", "109")),
        two("其中：财政拨款", "104", "（八）社会保障和就业支出", fiscal("5", "5")),
        two("（二）政府性基金预算拨款", "20", "（二十九）其他支出", fiscal("20", None, "20")),
        two("（三）国有资本经营预算拨款", None, "二、年终结转结余", fiscal(None)),
        two("二、上年结转", "10", "", fiscal(None)),
        two("（一）一般公共预算拨款", "10", "", fiscal(None)),
        two("（二）政府性基金预算拨款", None, "", fiscal(None)),
        two("收入合计", "134", "支出合计", fiscal("134", "114", "20"), role="total"),
    ])
    general = table("general_budget_expenditure", _expenditure_rows(everything=False))
    basic = table("general_budget_basic", [
        ("total", "", "合计", dict(total="84", personnel="70", public="14")),
        ("detail", "30101", "基本工资", dict(total="40", personnel="40"), {"gov_code": "50101"}),
        ("detail", "30101", "基本工资", dict(total="25", personnel="25"), {"gov_code": "50501"}),
        ("detail", "30201", "办公费", dict(total="8", public="8"), {"gov_code": "50201"}),
        ("detail", "30217", "公务接待费", dict(total="1", public="1"), {"gov_code": "50206"}),
        ("detail", "30231", "公务用车运行维护费", dict(total="2", public="2"), {"gov_code": "50208"}),
        ("detail", "30302", "退休费", dict(total="5", personnel="5"), {"gov_code": "50905"}),
        ("detail", "31002", "办公设备购置", dict(total="3", public="3"), {"gov_code": "50306"}),
    ])
    economic = table("economic_summary", [
        ("total", "", "合计", dict(total="139", general="104", general_fiscal="104", fund="20", carried_over="10",
                                  business="5")),
        ("department", "100", "示例局", dict(total="139", general="104", general_fiscal="104", fund="20",
                                           carried_over="10", business="5")),
        ("unit", "100001", "示例局机关", dict(total="89", general="79", general_fiscal="79", carried_over="10")),
        _econ("30101", "40", general="40"), _econ("30201", "8", general="8"), _econ("30217", "1", general="1"),
        _econ("30226", "10", carried_over="10"), _econ("30227", "20", general="20"),
        _econ("30231", "2", general="2"), _econ("30302", "5", general="5"), _econ("31002", "3", general="3"),
        ("unit", "100002", "示例中心", dict(total="50", general="25", general_fiscal="25", fund="20", business="5")),
        _econ("30101", "25", general="25"), _econ("30226", "5", business="5"), _econ("31005", "20", fund="20"),
    ])
    three = table("three_public", [
        ("total", "", "合计", dict(total="3", vehicles="2", vehicle_operation="2", reception="1")),
        ("unit", "", "示例局机关", dict(total="3", vehicles="2", vehicle_operation="2", reception="1")),
        ("unit", "", "示例中心", {}),
    ])
    fund = table("government_fund_expenditure", [
        ("total", "", "合计", exp("20", project="20", specific="20")),
        ("department", "100", "示例局", exp("20", project="20", specific="20")),
        ("unit", "100002", "示例中心", exp("20", project="20", specific="20")),
        ("detail", "2290402", "其他地方自行试点项目收益专项债券收入安排的支出", exp("20", project="20", specific="20")),
    ])
    state_capital = dataclasses.replace(table("state_capital_expenditure", [("total", "", "合计", {})]),
                                        note="本部门2025年无国有资本经营预算支出，故本表无数据。", note_cell="A7")
    operating = table("operating_costs", [
        ("total", "", "合计", dict(total="14", general="14", general_fiscal="14")),
        ("department", "100", "示例局", dict(total="14", general="14", general_fiscal="14")),
        ("unit", "100001", "示例局机关", dict(total="14", general="14", general_fiscal="14")),
        ("detail", "30201", "办公费", dict(total="8", general="8", general_fiscal="8")),
        ("detail", "30217", "公务接待费", dict(total="1", general="1", general_fiscal="1")),
        ("detail", "30231", "公务用车运行维护费", dict(total="2", general="2", general_fiscal="2")),
        ("detail", "31002", "办公设备购置", dict(total="3", general="3", general_fiscal="3")),
    ])
    projects = table("projects", [
        ("total", "", "", dict(total="55", current_general="20", current_fund="20", carry_general="10",
                                unit_funds="5")),
        ("department", "100", "示例局", dict(total="55", current_general="20", current_fund="20",
                                           carry_general="10", unit_funds="5"), {"name": "100"}),
        ("unit", "100001", "示例局机关", dict(total="30", current_general="20", carry_general="10"), {"name": "100001"}),
        _project("项目A", "示例局机关", total="20", current_general="20"),
        _project("项目B", "示例局机关", total="10", carry_general="10"),
        ("unit", "100002", "示例中心", dict(total="25", current_fund="20", unit_funds="5"), {"name": "100002"}),
        _project("项目C", "示例中心", total="20", current_fund="20"),
        _project("项目D", "示例中心", total="5", unit_funds="5"),
    ])
    overall = form([
        ("total", "部门预算总额（万元）", "139"), ("government", "（1）政府预算资金", "134"),
        ("special_account", "（2）财政专户管理资金", None), ("unit_funds", "（3）单位资金", "5"),
        ("basic", "（1）基本支出", "84"), ("project", "（2）项目支出", "55"),
    ])
    performance = table("project_performance", [
        ("total", "100", "示例局", dict(total="55", government="50", unit_funds="5")),
        ("unit", "100001", "示例局机关", dict(total="30", government="30")),
        ("detail", "100001-01", "项目A", dict(total="20", government="20"), _costs("项目A", "≤20万元")),
        ("detail", "100001-02", "项目B", dict(total="10", government="10"), _costs("项目B", "≤10.00万元")),
        ("unit", "100002", "示例中心", dict(total="25", government="20", unit_funds="5")),
        ("detail", "100002-01", "项目C", dict(total="20", government="20"), _costs("项目C", "≤19.5万元")),
        ("detail", "100002-02", "项目D", dict(total="5", unit_funds="5"), _costs("项目D", "≤800元/人")),
    ])
    return ParsedWorkbook((summary, income, expenditure, fiscal_summary, general, basic, economic, three, fund,
                           state_capital, operating, projects, overall, performance))


def _expenditure_rows(everything: bool) -> list[tuple]:
    """三 (all funds) or 五 (一般公共预算: no 项目C, no 项目D)."""
    if everything:
        return [
            ("total", "", "合计", exp("139", "84", "65", "5", "11", "3", "55", "25", "30")),
            ("department", "100", "示例局", exp("139", "84", "65", "5", "11", "3", "55", "25", "30")),
            ("unit", "100001", "示例局机关", exp("89", "59", "40", "5", "11", "3", "30", "20", "10")),
            ("detail", "2010301", "行政运行", exp("54", "54", "40", None, "11", "3")),
            ("detail", "2010302", "一般行政管理事务", exp("30", project="30", operating="20", specific="10")),
            ("detail", "2080501", "行政单位离退休", exp("5", "5", household="5")),
            ("unit", "100002", "示例中心", exp("50", "25", "25", project="25", operating="5", specific="20")),
            ("detail", "2010350", "事业运行", exp("30", "25", "25", project="5", operating="5")),
            ("detail", "2290402", "其他地方自行试点项目收益专项债券收入安排的支出",
             exp("20", project="20", specific="20")),
        ]
    return [
        ("total", "", "合计", exp("114", "84", "65", "5", "11", "3", "30", "20", "10")),
        ("department", "100", "示例局", exp("114", "84", "65", "5", "11", "3", "30", "20", "10")),
        ("unit", "100001", "示例局机关", exp("89", "59", "40", "5", "11", "3", "30", "20", "10")),
        ("detail", "2010301", "行政运行", exp("54", "54", "40", None, "11", "3")),
        ("detail", "2010302", "一般行政管理事务", exp("30", project="30", operating="20", specific="10")),
        ("detail", "2080501", "行政单位离退休", exp("5", "5", household="5")),
        ("unit", "100002", "示例中心", exp("25", "25", "25")),
        ("detail", "2010350", "事业运行", exp("25", "25", "25")),
    ]


def _econ(code: str, total: str, **funds: str) -> tuple:
    if "general" in funds:
        funds["general_fiscal"] = funds["general"]  # 其中：财政拨款 (no 财政专户 funds here)
    return ("detail", code, "", {"total": total, **funds}, {"gov_code": ""})


def _costs(name: str, cost: str) -> dict:
    """十四 text cells of a project row: its name and its (first) 成本指标."""
    return {"name": name, "cost_name": "项目总成本", "cost_value": cost}


def _project(name: str, unit: str, **amounts: str) -> tuple:
    return ("detail", "", name, amounts, {"name": name, "unit_name": unit})


def changed(workbook: ParsedWorkbook, kind: str, address: str, value: str | None) -> ParsedWorkbook:
    """The workbook with one amount cell of table ``kind`` replaced."""
    tables = []
    hits = 0
    for t in workbook.tables:
        if t.kind == kind:
            rows = []
            for row in t.rows:
                cells = dict(row.cells)
                for key, cell in row.cells.items():
                    if cell.address == address:
                        cells[key] = dataclasses.replace(cell, raw=value, amount=decimal_of(value))
                        hits += 1
                rows.append(dataclasses.replace(row, cells=cells))
            t = dataclasses.replace(t, rows=tuple(rows))
        tables.append(t)
    assert hits == 1, f"{kind}!{address} is not one amount cell"
    return ParsedWorkbook(tuple(tables))


def without(workbook: ParsedWorkbook, *kinds: str) -> ParsedWorkbook:
    return ParsedWorkbook(tuple(t for t in workbook.tables if t.kind not in kinds))


def retexted(workbook: ParsedWorkbook, kind: str, address: str, text: str) -> ParsedWorkbook:
    """The workbook with one text cell of table ``kind`` replaced (the row's label with it when
    the label is that cell's text)."""
    tables, hits = [], 0
    for t in workbook.tables:
        if t.kind == kind:
            rows = []
            for row in t.rows:
                labels = dict(row.labels)
                label = row.label
                for key in row.labels:
                    if key in t.columns and a1(row.row, t.columns[key]) == address:
                        label = text if row.label == labels[key] else label
                        labels[key] = text
                        hits += 1
                rows.append(dataclasses.replace(row, label=label, labels=labels))
            t = dataclasses.replace(t, rows=tuple(rows))
        tables.append(t)
    assert hits == 1, f"{kind}!{address} is not one text cell"
    return ParsedWorkbook(tuple(tables))


def tasks_form(*totals: str) -> SheetTable:
    """The 2020 整体支出绩效目标表 as the recogniser parses it: one row per task from row 9,
    总金额 in column D."""
    parsed = [ParsedRow(9 + n, "detail", "", f"任务{n + 1}", {"task_total": ParsedCell(9 + n, 4, t, decimal_of(t))})
              for n, t in enumerate(totals)]
    kind = "overall_performance"
    return SheetTable(kind=kind, sheet=SHEETS[kind], title=SHEETS[kind], title_cell="A1", year=None,
                      department="示例局", unit="万元", keys=("task_total",), columns={"task_total": 4},
                      rows=tuple(parsed), header_rows=(0, 0))


def with_tasks(workbook: ParsedWorkbook, *totals: str) -> ParsedWorkbook:
    return ParsedWorkbook(tuple(tasks_form(*totals) if t.kind == "overall_performance" else t for t in workbook.tables))


def basic_items(total: str) -> SheetTable:
    """河南2023's 基本支出明细表 of the department: 合计 (D7), department row, two items."""
    spec = profiles.load("河南2023").table("basic_items")
    columns = {k: i + 1 for i, k in enumerate(spec.keys)}
    rows = [("total", "", "", total), ("department", "100", "示例局", total), ("detail", "", "基本工资", "65"),
            ("detail", "", "办公费", str(Decimal(total) - 65))]
    parsed = tuple(
        ParsedRow(7 + n, role, code, label, {"total": ParsedCell(7 + n, columns["total"], amount, decimal_of(amount))})
        for n, (role, code, label, amount) in enumerate(rows))
    return SheetTable(kind="basic_items", sheet=spec.sheet_name(), title="2025年一般公共预算基本支出明细表",
                      title_cell="A1", year=2025, department="示例局", unit="万元", keys=tuple(spec.keys),
                      columns=columns, rows=parsed, header_rows=(5, 6))


GIVEN = {"set", "texts", "tasks", "basic_items", "without", "only"}


@driver("department")
def run_department(case: RuleCase) -> list[Finding]:
    """The findings of the checks that can raise the case's rule."""
    return run_checks(case.code, *given_department(case))


def given_department(case: RuleCase) -> tuple[ParsedWorkbook, CheckContext]:
    """The department changed as the case's ``given`` says, and the context to check it in."""
    unknown = set(case.given) - GIVEN
    assert not unknown, f"department: unknown given {sorted(unknown)}"
    workbook = _department()
    for where, value in (case.given.get("set") or {}).items():
        sheet, _, address = where.rpartition("!")
        workbook = changed(workbook, KINDS[sheet], address, None if value is None else str(value))
    for where, text in (case.given.get("texts") or {}).items():
        sheet, _, address = where.rpartition("!")
        workbook = retexted(workbook, KINDS[sheet], address, str(text))
    if "tasks" in case.given:
        workbook = with_tasks(workbook, *(str(t) for t in case.given["tasks"]))
    if "basic_items" in case.given:
        workbook = ParsedWorkbook((*workbook.tables, basic_items(str(case.given["basic_items"]))))
    workbook = without(workbook, *(KINDS[sheet] for sheet in case.given.get("without") or ()))
    if "only" in case.given:
        kept = {KINDS[sheet] for sheet in case.given["only"]}
        workbook = without(workbook, *(t.kind for t in workbook.tables if t.kind not in kept))
    profile = case.context.get("profile")
    return workbook, CTX if profile is None else dataclasses.replace(CTX, profile=profiles.load(profile))


_DEPARTMENT: list[ParsedWorkbook] = []


def _department() -> ParsedWorkbook:
    """Built once: the parsed model is frozen, a change makes a new workbook."""
    if not _DEPARTMENT:
        _DEPARTMENT.append(department())
    return _DEPARTMENT[0]
