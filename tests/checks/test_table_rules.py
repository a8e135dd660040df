"""表内 rules (TB001…): every rule passes on a table that adds up, reports 错误 on the right cell
when one figure is off, and 提示 (尾差) when it is off by a rounding unit.

Tables are built by hand (small, arithmetic worked out in the comments) so the rules are tested
apart from the recogniser; the end-to-end tests at the bottom run them on the parsed demo.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

import pytest

from builds import open_copy
from yusuan.audit.recognize import parse_workbook
from yusuan.checks import catalog
from yusuan.checks.registry import CheckContext, all_checks, run_checks
from yusuan.checks.table_rules import sums
from yusuan.checks.table_rules.relations import load
from yusuan.findings.rule import Finding, Severity
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import a1

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
FIRST_ROW = 5
CHECKS = {c.rule.code: c for c in all_checks()}


# builder ---------------------------------------------------------------------------------
def cell(row: int, col: int, value: object) -> ParsedCell:
    """A parsed cell as the recogniser gives it: numbers → amount, other text → problem."""
    if value is None:
        return ParsedCell(row, col, None)
    try:
        amount = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return ParsedCell(row, col, value, None, "不是数字")
    return ParsedCell(row, col, value, amount)


@dataclass(frozen=True)
class R:
    """A row to build: role, label, code; amounts positionally over the table's amount keys
    (``values``) and/or by key (``named``); texts of the text columns."""

    role: str
    label: str = ""
    code: str = ""
    values: tuple = ()
    named: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)


def r(role: str, label: str = "", code: str = "", *values, texts: dict | None = None, **named) -> R:
    return R(role, label, code, values, named, texts or {})


def sheet(kind: str, amount_keys: list[str], rows: list[R], text_keys: tuple[str, ...] = (), unit: str = "万元") -> SheetTable:
    """Text columns first, then the amount columns, from column A; body from row 5."""
    keys = (*text_keys, *amount_keys)
    columns = {k: i + 1 for i, k in enumerate(keys)}
    parsed = []
    for i, spec in enumerate(rows):
        number = FIRST_ROW + i
        amounts = dict(zip(amount_keys, spec.values)) | spec.named
        cells = {k: cell(number, columns[k], amounts.get(k)) for k in amount_keys}
        parsed.append(ParsedRow(number, spec.role, spec.code, spec.label, cells, dict(spec.texts)))
    return SheetTable(
        kind=kind, sheet=kind, title=kind, title_cell="A1", year=2025, department="示例局", unit=unit,
        keys=keys, columns=columns, rows=tuple(parsed), header_rows=(3, 4),
    )


def find(table: SheetTable, where: str | int) -> ParsedRow:
    """A row by sheet row number, code or label."""
    for row in table.rows:
        if where in (row.row, row.code, row.label):
            return row
    raise KeyError(where)


def at(table: SheetTable, where: str | int, key: str) -> str:
    return a1(find(table, where).row, table.columns[key])


def change(table: SheetTable, where: str | int, **values) -> SheetTable:
    """The table with cells of one row replaced (value None = blank)."""
    target = find(table, where)
    rows = []
    for row in table.rows:
        if row is target:
            cells = dict(row.cells)
            for key, value in values.items():
                cells[key] = cell(row.row, table.columns[key], value)
            row = replace(row, cells=cells)
        rows.append(row)
    return replace(table, rows=tuple(rows))


def with_kind(table: SheetTable, kind: str) -> SheetTable:
    return replace(table, kind=kind, sheet=kind)


def run(code: str, *tables: SheetTable) -> list[Finding]:
    return [f for f in CHECKS[code].run(ParsedWorkbook(tuple(tables)), CheckContext()) if f.code == code]


# tables that add up ----------------------------------------------------------------------
EXP_KEYS = ["total", "basic", "wages", "household", "goods", "capital", "project", "project_operating", "project_specific"]
# basic = wages + household + goods + capital; project = operating + specific; total = basic + project
EXPENDITURE = sheet("expenditure", EXP_KEYS, [
    r("total", "合计", "", 100, 60, 40, 5, 10, 5, 40, 30, 10),
    r("department", "示例局", "888", 100, 60, 40, 5, 10, 5, 40, 30, 10),
    r("unit", "示例局本级", "888001", 70, 45, 30, 5, 8, 2, 25, 20, 5),
    r("detail", "行政运行", "2010301", 45, 45, 30, 5, 8, 2),
    r("detail", "一般行政管理事务", "2010302", 25, None, None, None, None, None, 25, 20, 5),
    r("unit", "示例中心", "888002", 30, 15, 10, None, 2, 3, 15, 10, 5),
    r("detail", "事业运行", "2010350", 30, 15, 10, None, 2, 3, 15, 10, 5),
])
# 类 = Σ 款 = Σ 项: 201 = 20103 = 20 + 10; 208 = 20805 = 20; 合计 = 30 + 20
CLASSES = sheet("general_budget_expenditure", EXP_KEYS, [
    r("total", "合计", "", 50, 50, 40, None, 10),
    r("class", "一般公共服务支出", "201", 30, 30, 25, None, 5),
    r("item", "政府办公厅（室）及相关机构事务", "20103", 30, 30, 25, None, 5),
    r("detail", "行政运行", "2010301", 20, 20, 15, None, 5),
    r("detail", "事业运行", "2010350", 10, 10, 10),
    r("class", "社会保障和就业支出", "208", 20, 20, 15, None, 5),
    r("item", "行政事业单位养老支出", "20805", 20, 20, 15, None, 5),
    r("detail", "机关事业单位基本养老保险缴费支出", "2080505", 20, 20, 15, None, 5),
])

INCOME_KEYS = ["total", "current_total", "current_general", "current_general_fiscal", "current_fund",
               "current_state_capital", "current_special_account", "current_business", "current_operating",
               "current_higher_subsidy", "current_affiliate", "current_other", "carry_total", "carry_general",
               "carry_fund", "carry_state_capital", "carry_special_account", "carry_unit_funds"]
# 888001: 363.70 + 15 = 378.70; 888002: 335.14 + 300 + 12 = 647.14 (其中 not added);
# department: 698.84 + 300 + 12 = 1010.84, + 15 = 1025.84 = 378.70 + 647.14
_DEPT_INCOME = dict(total=1025.84, current_total=1010.84, current_general=698.84, current_general_fiscal=698.84,
                    current_fund=300, current_business=12, carry_total=15, carry_general=15)
INCOME = sheet("income", INCOME_KEYS, [
    r("total", "合计", **_DEPT_INCOME),
    r("department", "示例局", "888", **_DEPT_INCOME),
    r("unit", "示例局本级", "888001", total=378.70, current_total=363.70, current_general=363.70,
      current_general_fiscal=363.70, carry_total=15, carry_general=15),
    r("unit", "示例中心", "888002", total=647.14, current_total=647.14, current_general=335.14,
      current_general_fiscal=335.14, current_fund=300, current_business=12),
], text_keys=("code", "name"))


def two_sided(kind: str, amount_keys: list[str], lines: list[tuple], total_rows: tuple[int, ...]) -> SheetTable:
    """lines: (income label, income amount, spending label, *spending amounts); rows from 5."""
    rows = []
    for i, (income_label, income, spending_label, *spending) in enumerate(lines):
        named = {"income_amount": income} | dict(zip(amount_keys[1:], spending))
        texts = {"income_item": income_label, "spending_item": spending_label}
        role = "total" if FIRST_ROW + i in total_rows else "detail"
        rows.append(R(role, income_label, "", (), named, texts))
    return sheet(kind, amount_keys, rows, text_keys=("income_item", "spending_item"))


# 本年收入合计 = 904.48 + 300 + 12 (其中 not added); 收入总计 = 1216.48 + 15;
# 本年支出合计 = 803.70 + 72.33 + 20.26 + 35.19 + 300 = 1231.48 = 支出总计
SUMMARY = two_sided("income_expenditure_summary", ["income_amount", "spending_amount"], [
    ("一、一般公共预算", 904.48, "一、一般公共服务", 803.70),  # row 5
    ("其中：财政拨款", 904.48, "二、外交", None),  # 6
    ("二、政府性基金预算拨款收入", 300, "八、社会保障和就业", 72.33),  # 7
    ("五、事业收入", 12, "十、卫生健康", 20.26),  # 8
    ("", None, "二十一、住房保障支出", 35.19),  # 9
    ("", None, "二十九、其他支出", 300),  # 10
    ("本年收入合计", 1216.48, "本年支出合计", 1231.48),  # 11
    ("上年结转结余", 15, "年终结转结余", None),  # 12
    ("收入总计", 1231.48, "支出总计", 1231.48),  # 13
], total_rows=(11, 13))
# the same without 本年收入合计 / 本年支出合计 rows: 总计 = every top-level row
SUMMARY_FLAT = two_sided("income_expenditure_summary", ["income_amount", "spending_amount"], [
    ("一、一般公共预算", 904.48, "一、一般公共服务", 1216.48),
    ("其中：财政拨款", 904.48, "二、外交", None),
    ("二、政府性基金预算拨款收入", 300, "年终结转结余", 15),
    ("五、事业收入", 12, "", None),
    ("上年结转结余", 15, "", None),
    ("收入总计：", 1231.48, "支出总计", 1231.48),
], total_rows=(10,))

FISCAL_KEYS = ["income_amount", "spending_total", "spending_general", "spending_general_fiscal", "spending_fund",
               "spending_state_capital"]
# 本年收入 = 904.48 + 300; 上年结转 = 15; 收入合计 = 1204.48 + 15 = 1219.48
# 本年支出 (per column) = Σ 类: 合计 791.70 + 127.78 + 300 = 1219.48; 一般公共预算 919.48; 政府性基金 300
FISCAL = two_sided("fiscal_summary", FISCAL_KEYS, [
    ("一、本年收入", 1204.48, "一、本年支出", 1219.48, 919.48, 919.48, 300),  # 5
    ("（一）一般公共预算拨款", 904.48, "（一）一般公共服务支出", 791.70, 791.70, 791.70),  # 6
    ("其中：财政拨款", 904.48, "（二）外交支出"),  # 7
    ("（二）政府性基金预算拨款", 300, "（八）社会保障和就业支出", 127.78, 127.78, 127.78),  # 8
    ("（三）国有资本经营预算拨款", None, "（二十九）其他支出", 300, None, None, 300),  # 9
    ("二、上年结转", 15, "二、年终结转结余"),  # 10
    ("（一）一般公共预算拨款", 15, ""),  # 11
    ("收入合计", 1219.48, "支出合计", 1219.48, 919.48, 919.48, 300),  # 12
], total_rows=(12,))

# 合计 = 人员经费 + 公用经费: 100 = 70 + 30; 人员 301/303, 公用 302/310
BASIC = sheet("general_budget_basic", ["total", "personnel", "public"], [
    r("total", "合计", "", 100, 70, 30),
    r("detail", "基本工资", "30101", 50, 50),
    r("detail", "退休费", "30302", 20, 20),
    r("detail", "办公费", "30201", 25, None, 25),
    r("detail", "办公设备购置", "31002", 5, None, 5),
], text_keys=("dept_code", "dept_name", "gov_code", "gov_name"))

ECON_KEYS = ["total", "general", "general_fiscal", "fund", "state_capital", "carried_over", "special_account",
             "business", "higher_subsidy", "affiliate", "operating", "other"]
# 总计 = 一般公共预算小计 + 政府性基金 + … (其中 not added); units 60 + 40 = 100
_DEPT_ECON = dict(total=100, general=70, general_fiscal=70, fund=20, carried_over=5, business=5)
ECONOMIC = sheet("economic_summary", ECON_KEYS, [
    r("total", "合计", **_DEPT_ECON),
    r("department", "示例局", "888", **_DEPT_ECON),
    r("unit", "示例局本级", "888001", total=60, general=55, general_fiscal=55, carried_over=5),
    r("detail", "基本工资", "30101", total=40, general=40, general_fiscal=40),
    r("detail", "办公费", "30201", total=20, general=15, general_fiscal=15, carried_over=5),
    r("unit", "示例中心", "888002", total=40, general=15, general_fiscal=15, fund=20, business=5),
    r("detail", "劳务费", "30226", total=20, general=15, general_fiscal=15, business=5),
    r("detail", "基础设施建设", "31005", total=20, fund=20),
])

TP_KEYS = ["total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception"]
# 小计 = 购置 + 运行; 合计 = 出国 + 小计 + 接待; 合计行 = 4.45 + 2.40
THREE_PUBLIC = sheet("three_public", TP_KEYS, [
    r("total", "合计", "", 6.85, None, 6, None, 6, 0.85),
    r("unit", "示例局本级", "", 4.45, None, 3.6, None, 3.6, 0.85),
    r("unit", "示例中心", "", 2.40, None, 2.4, None, 2.4),
], text_keys=("unit",))
THREE_PUBLIC_ONE_ROW = sheet("three_public", TP_KEYS, [r("total", "", "", 13.10, None, 7.10, None, 7.10, 6)])

OC_KEYS = list(load().of("operating_costs").columns)
# 合计 = 一般公共预算资金小计 + 单位资金小计; 小计 = its sources; units 26.37 + 18.08 = 44.45
_DEPT_OC = dict(total=44.45, general=39.45, general_fiscal=39.45, unit_funds=5, business=5)
OPERATING = sheet("operating_costs", OC_KEYS, [
    r("total", "合计", **_DEPT_OC),
    r("department", "示例局", "888", **_DEPT_OC),
    r("unit", "示例局本级", "888001", total=26.37, general=26.37, general_fiscal=26.37),
    r("detail", "办公费", "30201", total=4.50, general=4.50, general_fiscal=4.50),
    r("detail", "公务用车运行维护费", "30231", total=21.87, general=21.87, general_fiscal=21.87),
    r("unit", "示例中心", "888002", total=18.08, general=13.08, general_fiscal=13.08, unit_funds=5, business=5),
    r("detail", "水费", "30205", total=18.08, general=13.08, general_fiscal=13.08, unit_funds=5, business=5),
], text_keys=("code", "name", "category"))

PROJECT_KEYS = ["total", "current_general", "current_fund", "current_state_capital", "carry_general", "carry_fund",
                "carry_state_capital", "special_account", "unit_funds"]
# 888001: 74.06 + 12.48 + 15 = 101.54; 888002: 197 + 7.90 + 300 + 120 = 624.90; 合计 726.44
_DEPT_PROJECTS = dict(total=726.44, current_general=399.44, current_fund=300, carry_general=15, unit_funds=12)
PROJECTS = sheet("projects", PROJECT_KEYS, [
    r("total", "", **_DEPT_PROJECTS),
    r("department", "示例局", "888", **_DEPT_PROJECTS),
    r("unit", "示例局本级", "888001", total=101.54, current_general=86.54, carry_general=15),
    r("detail", "政务服务平台运维", total=74.06, current_general=74.06),
    r("detail", "办公设备更新", total=12.48, current_general=12.48),
    r("detail", "一网通办改革推进", total=15, carry_general=15),
    r("unit", "示例中心", "888002", total=624.90, current_general=312.90, current_fund=300, unit_funds=12),
    r("detail", "政务服务窗口外包服务", total=197, current_general=185, unit_funds=12),
    r("detail", "12345热线运行", total=7.90, current_general=7.90),
    r("detail", "市民中心配套设施建设", total=300, current_fund=300),
    r("detail", "政务数据共享平台运维", total=120, current_general=120),
], text_keys=("project_type", "name", "unit_name"))

# 2023 基本支出明细表: 合计 = 部门 = Σ items (units print no row of their own); 合计 = Σ fund columns
BASIC_ITEMS = sheet("basic_items", PROJECT_KEYS, [
    r("total", "", total=505.04, current_general=500.04, carry_general=5),
    r("department", "示例局", "888", total=505.04, current_general=500.04, carry_general=5),
    r("detail", "行政人员及机关技术工人年基本工资", total=90.77, current_general=90.77),
    r("detail", "规范性津贴补贴", total=51.44, current_general=46.44, carry_general=5),
    r("detail", "在职人员定额公用经费（行政）", total=362.83, current_general=362.83),
], text_keys=("unit_name", "item_type", "name"))

# 资金总额 = 政府预算资金 + 财政专户 + 单位资金; 部门 = 101.54 + 624.90; 单位 = Σ 项目
PROJECT_PERFORMANCE = sheet("project_performance", ["total", "government", "special_account", "unit_funds"], [
    r("total", "示例局", "888", 726.44, 714.44, None, 12),
    r("unit", "示例局本级", "888001", 101.54, 101.54),
    r("detail", "政务服务平台运维", "888001-01", 74.06, 74.06),
    r("detail", "办公设备更新", "888001-02", 27.48, 27.48),
    r("unit", "示例中心", "888002", 624.90, 612.90, None, 12),
    r("detail", "政务服务窗口外包服务", "888002-01", 197, 185, None, 12),
    r("detail", "市民中心配套设施建设", "888002-02", 427.90, 427.90),
], text_keys=("code", "name", "category"))


def overall_form(amounts: dict[str, object]) -> SheetTable:
    """预算情况 as the recogniser parses it: one row per figure, its cell keyed by the figure."""
    labels = {"total": "部门预算总额（万元）", "government": "（1）政府预算资金", "special_account": "（2）财政专户管理资金",
              "unit_funds": "（3）单位资金", "basic": "（1）基本支出", "project": "（2）项目支出"}
    rows = tuple(
        ParsedRow(8 + i, "detail", key, label, {key: cell(8 + i, 4, amounts.get(key))})
        for i, (key, label) in enumerate(labels.items())
    )
    return SheetTable("overall_performance", "整体绩效", "整体绩效", "A1", 2025, "示例局", "万元",
                      tuple(labels), {k: 4 for k in labels}, rows, (0, 0))


def overall_columns(amounts: list[object]) -> SheetTable:
    """The same block in a five-column form (labels in c2/c3, amounts in c4)."""
    labels = [("预算情况", "部门预算总额（万元）"), ("1、资金来源：", "（1）政府预算资金"), ("", "（2）财政专户管理资金"),
              ("", "（3）单位资金"), ("2、资金结构：", "（1）基本支出"), ("", "（2）项目支出")]
    rows = [r("detail", c2, "", texts={"c2": c2, "c3": c3}, c4=amount) for (c2, c3), amount in zip(labels, amounts)]
    return sheet("overall_performance", ["c4"], rows, text_keys=("c1", "c2", "c3"))


OVERALL = overall_form({"total": 1231.48, "government": 1219.48, "unit_funds": 12, "basic": 505.04, "project": 726.44})
OVERALL_COLUMNS = overall_columns([1231.48, 1219.48, None, 12, 505.04, 726.44])


def overall_changed(**amounts) -> SheetTable:
    base = {"total": 1231.48, "government": 1219.48, "unit_funds": 12, "basic": 505.04, "project": 726.44}
    return overall_form(base | amounts)


def overall_tasks(*tasks: tuple) -> SheetTable:
    """2020 整体支出绩效目标表 as the recogniser parses it: one row per task, 总金额 | 财政资金 | 其他资金."""
    rows = [r("detail", name, "", *amounts) for name, *amounts in tasks]
    return sheet("overall_performance", ["task_total", "task_fiscal", "task_other"], rows, text_keys=("name",))


# seed 003's tasks: 74 = 74 + 0, 1.5 = 1.5 + 0, 18 = 18 + 0
TASKS = overall_tasks(("1、基本支出类", 74, 74, None), ("2、厉行节约类支出", 1.5, 1.5, None), ("3、业务工作会议支出", 18, 16, 2))


# cases -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    code: str
    tables: tuple[SheetTable, ...]
    expected: tuple[tuple[Severity, str, str], ...]  # (severity, sheet, cell)

    @property
    def kind(self) -> str:
        severities = {s for s, _, _ in self.expected}
        return "pass" if not severities else "rounding" if severities == {I} else "fail"


def ok(code: str, *tables: SheetTable) -> Case:
    return Case(code, tables, ())


def bad(code: str, table: SheetTable, *expected: tuple[Severity, str | int, str]) -> Case:
    return Case(code, (table,), tuple((s, table.sheet, at(table, where, key)) for s, where, key in expected))


EXPENDITURE_KINDS = ("expenditure", "general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure")

CASES = [
    # TB001 金额无法识别 / TB002 负数 (flag the cell itself; no rounding notion)
    ok("TB001", EXPENDITURE, INCOME, SUMMARY, FISCAL, OVERALL),
    bad("TB001", change(EXPENDITURE, "2010301", goods="8O"), (E, "2010301", "goods")),
    bad("TB001", change(SUMMARY, 12, income_amount="十五"), (E, 12, "income_amount")),
    Case("TB001", (overall_changed(unit_funds="1 2"),), ((E, "整体绩效", "D11"),)),
    ok("TB002", EXPENDITURE, PROJECTS),
    bad("TB002", change(EXPENDITURE, "2010302", project_specific=-5, project_operating=30), (W, "2010302", "project_specific")),
    # TB003 其中 ≤ 所属数: columns (收入表, 经济分类表, 财政拨款表) and 其中 rows (收支总表, 财政拨款表)
    ok("TB003", INCOME, ECONOMIC, SUMMARY, FISCAL),
    bad("TB003", change(INCOME, "888001", current_general_fiscal=365.70), (E, "888001", "current_general_fiscal")),
    bad("TB003", change(INCOME, "888001", current_general_fiscal=363.71), (E, "888001", "current_general_fiscal")),  # 0.01: exact
    bad("TB003", change(ECONOMIC, "30201", general_fiscal=20), (E, "30201", "general_fiscal")),
    bad("TB003", change(SUMMARY, 6, income_amount=950), (E, 6, "income_amount")),
    bad("TB003", change(FISCAL, 7, income_amount=910), (E, 7, "income_amount")),
    bad("TB003", change(FISCAL, 6, spending_general_fiscal=800), (E, 6, "spending_general_fiscal")),
    # TB004 收支总表 sides: a wrong subtotal is reported once, not again on the 总计 above it
    ok("TB004", SUMMARY, SUMMARY_FLAT),
    bad("TB004", change(SUMMARY, 11, income_amount=2120.96), (E, 11, "income_amount")),
    bad("TB004", change(SUMMARY, 10, spending_amount=310), (E, 11, "spending_amount")),
    bad("TB004", change(SUMMARY, 13, income_amount=1241.48), (E, 13, "income_amount")),
    bad("TB004", change(SUMMARY, 13, income_amount=1231.49), (I, 13, "income_amount")),
    bad("TB004", change(SUMMARY_FLAT, 10, income_amount=2135.96), (E, 10, "income_amount")),
    # TB005 收入总计 == 支出总计, flagged on 支出总计
    ok("TB005", SUMMARY, SUMMARY_FLAT),
    bad("TB005", change(SUMMARY, 13, spending_amount=1241.48), (E, 13, "spending_amount")),
    bad("TB005", change(SUMMARY, 13, income_amount=1241.48), (E, 13, "spending_amount")),
    bad("TB005", change(SUMMARY, 13, spending_amount=1231.49), (E, 13, "spending_amount")),  # 0.01: exact
    # TB006 收入表 across
    ok("TB006", INCOME),
    bad("TB006", change(INCOME, "888001", total=380.70), (E, "888001", "total")),
    bad("TB006", change(INCOME, "888002", current_total=982.28, total=982.28), (E, "888002", "current_total")),
    bad("TB006", change(INCOME, "888001", total=378.71), (I, "888001", "total")),
    # TB007 收入表 down: 合计 = 部门 = Σ 单位
    ok("TB007", INCOME),
    bad("TB007", change(INCOME, "888", current_fund=310), (E, "888", "current_fund")),
    bad("TB007", change(INCOME, "888002", current_business=13), (E, "888", "current_business")),
    bad("TB007", change(INCOME, "合计", carry_general=15.01), (I, "合计", "carry_general")),
    # TB008 支出表 across: the wrong level only
    *[ok("TB008", with_kind(EXPENDITURE, kind)) for kind in EXPENDITURE_KINDS],
    ok("TB008", CLASSES),
    *[bad("TB008", with_kind(change(EXPENDITURE, "2010301", total=47), kind), (E, "2010301", "total"))
      for kind in EXPENDITURE_KINDS],
    bad("TB008", change(EXPENDITURE, "2010301", basic=44), (E, "2010301", "basic")),
    bad("TB008", change(EXPENDITURE, "2010302", project_specific=6), (E, "2010302", "project")),
    bad("TB008", change(EXPENDITURE, "2010301", total=45.01), (I, "2010301", "total")),
    # TB009 支出表 down: 合计 = 部门 = Σ 单位 = Σ 项; 类 = Σ 款 = Σ 项
    ok("TB009", EXPENDITURE, CLASSES),
    bad("TB009", change(EXPENDITURE, "888001", wages=31), (E, "888001", "wages")),
    bad("TB009", change(EXPENDITURE, "2010350", goods=3), (E, "888002", "goods")),
    bad("TB009", change(CLASSES, "201", total=33), (E, "201", "total")),
    bad("TB009", change(CLASSES, "20805", wages=16), (E, "20805", "wages")),
    bad("TB009", change(CLASSES, "2010350", total=11), (E, "20103", "total")),
    bad("TB009", change(EXPENDITURE, "合计", total=100.01), (I, "合计", "total")),
    # TB010 财政拨款收支表 sides (headings with their sub rows; spending column by column)
    ok("TB010", FISCAL),
    bad("TB010", change(FISCAL, 5, income_amount=1214.48), (E, 5, "income_amount")),
    bad("TB010", change(FISCAL, 11, income_amount=16), (E, 10, "income_amount")),
    bad("TB010", change(FISCAL, 12, spending_general=929.48), (E, 12, "spending_general")),
    bad("TB010", change(FISCAL, 9, spending_fund=310, spending_total=310), (E, 5, "spending_fund"), (E, 5, "spending_total")),
    bad("TB010", change(FISCAL, 12, income_amount=1219.49), (I, 12, "income_amount")),
    # TB011 财政拨款收支表 across: 合计 = 一般公共预算 + 政府性基金 + 国有资本经营 (其中 not added)
    ok("TB011", FISCAL),
    bad("TB011", change(FISCAL, 6, spending_total=801.70), (E, 6, "spending_total")),
    bad("TB011", change(FISCAL, 6, spending_total=791.71), (I, 6, "spending_total")),
    # TB012 收入合计 == 支出合计
    ok("TB012", FISCAL),
    bad("TB012", change(FISCAL, 12, spending_total=1229.48), (E, 12, "spending_total")),
    bad("TB012", change(FISCAL, 12, spending_total=1219.49), (E, 12, "spending_total")),  # 0.01: exact
    # TB013 / TB014 基本支出表
    ok("TB013", BASIC),
    bad("TB013", change(BASIC, "30101", total=55), (E, "30101", "total")),
    bad("TB013", change(BASIC, "30101", total=50.01), (I, "30101", "total")),
    ok("TB014", BASIC),
    bad("TB014", change(BASIC, "合计", personnel=72), (E, "合计", "personnel")),
    bad("TB014", change(BASIC, "31002", total=6, public=6), (E, "合计", "total"), (E, "合计", "public")),
    bad("TB014", change(BASIC, "合计", personnel=70.01), (I, "合计", "personnel")),
    # TB015 人员经费 = 301 + 303, 公用经费 = 302 + 310
    ok("TB015", BASIC),
    bad("TB015", change(BASIC, "30201", personnel=25, public=None), (E, "30201", "personnel")),
    bad("TB015", change(BASIC, "30101", personnel=None, public=50), (E, "30101", "public")),
    # TB016 / TB017 经济分类汇总表
    ok("TB016", ECONOMIC),
    bad("TB016", change(ECONOMIC, "30226", total=35), (E, "30226", "total")),
    bad("TB016", change(ECONOMIC, "30226", total=20.01), (I, "30226", "total")),
    ok("TB017", ECONOMIC),
    bad("TB017", change(ECONOMIC, "888002", fund=25), (E, "888002", "fund")),
    bad("TB017", change(ECONOMIC, "合计", general=70.01), (I, "合计", "general")),
    # TB018 / TB019 三公
    ok("TB018", THREE_PUBLIC, THREE_PUBLIC_ONE_ROW),
    bad("TB018", change(THREE_PUBLIC, "示例局本级", vehicles=4.6), (E, "示例局本级", "vehicles")),
    bad("TB018", change(THREE_PUBLIC_ONE_ROW, 5, total=14.10), (E, 5, "total")),
    bad("TB018", change(THREE_PUBLIC, "示例局本级", total=4.46), (I, "示例局本级", "total")),
    ok("TB019", THREE_PUBLIC, THREE_PUBLIC_ONE_ROW),
    bad("TB019", change(THREE_PUBLIC, "合计", reception=1.85), (E, "合计", "reception")),
    bad("TB019", change(THREE_PUBLIC, "合计", total=6.86), (I, "合计", "total")),
    # TB020 / TB021 机构运转经费
    ok("TB020", OPERATING),
    bad("TB020", change(OPERATING, "30205", unit_funds=6), (E, "30205", "unit_funds")),
    bad("TB020", change(OPERATING, "30201", total=4.51), (I, "30201", "total")),
    ok("TB021", OPERATING),
    bad("TB021", change(OPERATING, "888001", total=27.37), (E, "888001", "total")),
    bad("TB021", change(OPERATING, "合计", general=39.46), (I, "合计", "general")),
    # TB022 / TB023 项目支出表
    ok("TB022", PROJECTS),
    bad("TB022", change(PROJECTS, "政务服务窗口外包服务", total=207), (E, "政务服务窗口外包服务", "total")),
    bad("TB022", change(PROJECTS, "政务服务平台运维", total=74.07), (I, "政务服务平台运维", "total")),
    ok("TB023", PROJECTS),
    bad("TB023", change(PROJECTS, "888002", current_general=322.90), (E, "888002", "current_general")),
    bad("TB023", change(PROJECTS, 5, unit_funds=12.01), (I, 5, "unit_funds")),
    # TB028 / TB029 基本支出明细表
    ok("TB028", BASIC_ITEMS),
    bad("TB028", change(BASIC_ITEMS, "规范性津贴补贴", total=56.44), (E, "规范性津贴补贴", "total")),
    bad("TB028", change(BASIC_ITEMS, "规范性津贴补贴", total=51.45), (I, "规范性津贴补贴", "total")),
    ok("TB029", BASIC_ITEMS),
    bad("TB029", change(BASIC_ITEMS, "行政人员及机关技术工人年基本工资", total=80.77, current_general=80.77),
        (E, "888", "total"), (E, "888", "current_general")),
    bad("TB029", change(BASIC_ITEMS, 5, carry_general=5.01), (I, 5, "carry_general")),
    # TB024 整体绩效 预算情况 (flag the 总额)
    ok("TB024", OVERALL, OVERALL_COLUMNS),
    Case("TB024", (overall_changed(unit_funds=22),), ((E, "整体绩效", "D8"),)),
    Case("TB024", (overall_changed(total=1241.48),), ((E, "整体绩效", "D8"), (E, "整体绩效", "D8"))),
    Case("TB024", (overall_changed(basic=505.05),), ((I, "整体绩效", "D8"),)),
    bad("TB024", overall_columns([1231.48, 1219.48, None, 22, 505.04, 726.44]), (E, "预算情况", "c4")),
    # TB027 2020 整体支出绩效目标表 task rows (flag the task's 总金额)
    ok("TB027", TASKS, OVERALL),
    bad("TB027", change(TASKS, "3、业务工作会议支出", task_other=3), (E, "3、业务工作会议支出", "task_total")),
    bad("TB027", change(TASKS, "1、基本支出类", task_total=74.01), (I, "1、基本支出类", "task_total")),
    # TB025 / TB026 项目绩效目标表
    ok("TB025", PROJECT_PERFORMANCE),
    bad("TB025", change(PROJECT_PERFORMANCE, "888002-01", total=185), (E, "888002-01", "total")),
    bad("TB025", change(PROJECT_PERFORMANCE, "888002-01", total=197.01), (I, "888002-01", "total")),
    ok("TB026", PROJECT_PERFORMANCE),
    bad("TB026", change(PROJECT_PERFORMANCE, "888001", total=110), (E, "888001", "total")),
    bad("TB026", change(PROJECT_PERFORMANCE, "888", government=714.45), (I, "888", "government")),
]


def _id(case: Case) -> str:
    cells = ",".join(c for _, _, c in case.expected)
    return f"{case.code}-{case.kind}-{cells or case.tables[0].kind}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_rule(case: Case) -> None:
    found = sorted((f.severity.label, f.sheet, f.cell) for f in run(case.code, *case.tables))
    assert found == sorted((s.label, sheet_, cell_) for s, sheet_, cell_ in case.expected)


TB_RULES = [rule for rule in catalog.all_rules() if rule.code.startswith("TB")]
# single-cell rules and identities (其中 ≤ 所属数, 收入总计 = 支出总计) compare exactly: no 尾差
NOT_SUMS = {"TB001", "TB002", "TB003", "TB005", "TB012", "TB015"}


@pytest.mark.parametrize("rule", TB_RULES, ids=[r.code for r in TB_RULES])
def test_every_rule_has_cases(rule) -> None:
    kinds = {c.kind for c in CASES if c.code == rule.code}
    wanted = {"pass", "fail"} | (set() if rule.code in NOT_SUMS else {"rounding"})
    assert wanted <= kinds
    assert rule.family == "表内" and rule.doc and rule.name


def test_rule_codes_are_contiguous() -> None:
    assert [r.code for r in TB_RULES] == [f"TB{n:03d}" for n in range(1, len(TB_RULES) + 1)]


# messages and edge cases -------------------------------------------------------------------
def test_message_gives_found_expected_and_gap() -> None:
    (finding,) = run("TB008", change(EXPENDITURE, "2010301", total=1047))
    assert finding.message == (
        "第8行“行政运行”的“合计”为 1,047.00，而“基本支出小计” + “项目支出小计”之和为 45.00，相差 1,002.00："
        "请按本行各栏重新汇总"
    )


def test_rounding_message_says_tail_difference() -> None:
    (finding,) = run("TB009", change(EXPENDITURE, "合计", total=100.01))
    assert "相差 0.01（尾差）" in finding.message and "合计行金额为 100.01" in finding.message
    assert "部门行“888 示例局”为 100.00" in finding.message


def test_balance_message_points_at_the_income_cell() -> None:
    (finding,) = run("TB005", change(SUMMARY, 13, spending_amount=1241.48))
    assert "“收入总计”（C13）为 1,231.48" in finding.message  # text columns A-B, amounts C-D


def test_table_in_yuan_has_a_yuan_rounding_bound_and_speaks_yuan() -> None:
    # 45 万元 printed as 450,000 元 (whole 元): 合计 vs 2 parts may be off by 1.5 元 at most
    def off_by(yuan: int) -> Finding:
        table = replace(change(EXPENDITURE, "2010301", total=Decimal(450000 + yuan) / 10000), unit="元")
        (finding,) = run("TB008", table)
        return finding

    assert off_by(1).severity is I
    finding = off_by(2)
    assert finding.severity is E
    assert "为 450,002.00，" in finding.message and "之和为 450,000.00" in finding.message


def test_unreadable_cell_is_reported_once_not_again_by_the_sums() -> None:
    table = change(EXPENDITURE, "2010301", goods="8O")
    assert run("TB008", table) == []
    assert [f.cell for f in run("TB009", table)] == []
    (finding,) = run("TB001", table)
    assert "“8O”" in finding.message and "商品和服务支出" in finding.message


def test_relation_with_a_missing_column_is_skipped() -> None:
    # a layout without 特定目标类: 项目支出 cannot be checked across, the rest still is
    keys = [k for k in EXP_KEYS if k != "project_specific"]
    rows = [R(row.role, row.label, row.code, (), {k: row.cells[k].amount for k in keys}) for row in EXPENDITURE.rows]
    table = sheet("expenditure", keys, rows)
    assert run("TB008", table) == []
    assert [f.cell for f in run("TB008", change(table, "2010301", total=47))] == [at(table, "2010301", "total")]


def test_empty_workbook_and_empty_tables_yield_nothing() -> None:
    empty = replace(EXPENDITURE, rows=EXPENDITURE.rows[:1])
    blank = change(empty, "合计", **{k: None for k in EXP_KEYS})
    for code in CHECKS:
        if code.startswith("TB"):
            assert run(code) == [] and run(code, blank) == []


def test_tree_nests_department_units_classes_items() -> None:
    nodes = {parent.code or parent.label: [k.code for k in kids] for parent, kids in sums.tree(EXPENDITURE)}
    assert nodes == {"合计": ["888"], "888": ["888001", "888002"], "888001": ["2010301", "2010302"],
                     "888002": ["2010350"]}
    nodes = {parent.code or parent.label: [k.code for k in kids] for parent, kids in sums.tree(CLASSES)}
    assert nodes == {"合计": ["201", "208"], "201": ["20103"], "20103": ["2010301", "2010350"],
                     "208": ["20805"], "20805": ["2080505"]}


def test_rules_never_crash_on_odd_tables() -> None:
    odd = [
        sheet("expenditure", ["total"], [r("detail", "无合计行", "2010301", 5)]),
        sheet("fiscal_summary", ["income_amount"], [r("detail", "收入合计", "", 5)]),
        sheet("overall_performance", ["c4"], [r("detail", "预算情况", "", 5)]),
        sheet("unknown_kind", ["total"], [r("total", "合计", "", -1)]),
    ]
    findings = run_checks(ParsedWorkbook(tuple(odd)), CheckContext())
    assert not [f for f in findings if f.code == "SYS001" and str(f.params.get("code")).startswith("TB")]
    assert [(f.code, f.cell) for f in findings if f.code.startswith("TB")] == [("TB002", "A5")]


# end to end: the demo, built and parsed back ----------------------------------------------
@pytest.fixture(scope="module")
def demo(demo_bytes):
    return open_copy(demo_bytes), parse_workbook


def _table_findings(book, parse) -> list[Finding]:
    return [f for f in run_checks(parse(book), CheckContext()) if f.code.startswith(("TB", "DG"))]


def test_demo_has_no_table_errors(demo) -> None:
    book, parse = demo
    workbook = parse(book)
    assert len(workbook.tables) == 14
    assert _table_findings(book, parse) == []


def _mutated(demo, kind: str, pick, key: str, value):
    """Findings after writing ``value`` (or ``value(old amount)``) into the ``key`` cell of the
    row ``pick`` chooses; the cell is put back afterwards."""
    book, parse = demo
    table = parse(book).first(kind)
    row = pick(table)
    target = row.cells[key]
    original = book.read_values(table.sheet)[target.row - 1][target.col - 1]
    new = value(target.value) if callable(value) else value
    book.write_values(table.sheet, target.row, target.col, [[new]])
    try:
        return table, row, _table_findings(book, parse)
    finally:
        book.write_values(table.sheet, target.row, target.col, [[original]])


def _cells(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.severity.label, f.cell) for f in findings)


def _parent(table: SheetTable, row: ParsedRow, role: str) -> ParsedRow:
    return [r for r in table.rows if r.row < row.row and r.role == role][-1]


def test_demo_detail_wages_changed(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.role == "detail" and r.amount("wages") > 0)

    table, row, findings = _mutated(demo, "expenditure", pick, "wages", 999)
    # the 小计 of its row (TB008) and its unit's wages (TB009) disagree because of it: one note, on the cell
    assert _cells(f for f in findings if f.sheet == table.sheet) == [("DG001", "错误", row.cells["wages"].address)]
    (note,) = findings
    assert "TB008" in note.message and "TB009" in note.message


def test_demo_summary_total_changed(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.labels.get("income_item") == "收入总计")

    table, row, findings = _mutated(demo, "income_expenditure_summary", pick, "income_amount", 9999)
    own = [f for f in findings if f.sheet == table.sheet]  # not on the right 支出总计 (TB005)
    assert _cells(own) == [("DG001", "错误", row.cells["income_amount"].address)]


def test_demo_department_income_changed(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.role == "department")

    table, row, findings = _mutated(demo, "income", pick, "current_fund", 301)
    own = [f for f in findings if f.sheet == table.sheet]  # not on its row's 本年收入合计 (TB006)
    assert _cells(own) == [("DG001", "错误", row.cells["current_fund"].address)]


def test_demo_project_total_rounding(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.role == "detail" and r.amount("total") > 0)

    """0.01 more on a project: within the rounding bound of its row and its unit's sums (尾差), but the
    same project is printed in 项目绩效目标表, and a copied figure compares exactly: 错误, on the cell."""
    table, row, findings = _mutated(demo, "projects", pick, "total", lambda old: float(old) + 0.01)
    own = [f for f in findings if f.sheet == table.sheet]
    assert _cells(own) == [("DG001", "错误", row.cells["total"].address)]


def test_demo_overall_budget_changed(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if "unit_funds" in r.cells)

    table, row, findings = _mutated(demo, "overall_performance", pick, "unit_funds", 20)
    # the 预算总额 (TB024) agrees with the 资金结构 split and the other tables: the changed cell is blamed
    assert _cells(f for f in findings if f.sheet == table.sheet) == [("DG001", "错误", row.cells["unit_funds"].address)]


def test_demo_text_in_an_amount_cell(demo) -> None:
    def pick(table):
        return next(r for r in table.rows if r.role == "detail" and r.amount("total") > 0)

    table, row, findings = _mutated(demo, "general_budget_basic", pick, "total", "12O.5")
    assert _cells(f for f in findings if f.sheet == table.sheet) == [("TB001", "错误", row.cells["total"].address)]
