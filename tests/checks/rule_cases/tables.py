"""The ``tables`` driver: small hand-built parsed tables that add up, one or two of each 表内
table kind (the arithmetic in the comments), apart from the recogniser — the 表内 (TB) cases
start from them.

Each table is a sheet of its own name (``TABLES``): text columns first, then the amount columns
from column A on; the body from row 5 (整体绩效: rows 8–13, column D).  A case's ``given`` is
``{tables: [<sheet>, …], set: {"<sheet>!<A1>": <amount> | <text> | null}}``: the tables the
check sees (when left out: the sheets named in ``set``) and the amount cells changed (a text that
is not a number is an unreadable amount, null a blank)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from yusuan.checks.registry import CheckContext
from yusuan.checks.table_rules.relations import load
from yusuan.findings import Finding
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import a1

from . import RuleCase, driver, run_checks

FIRST_ROW = 5


# -- builder --------------------------------------------------------------------------------
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


def sheet(kind: str, amount_keys: list[str], rows: list[R], text_keys: tuple[str, ...] = (), unit: str = "万元",
          name: str | None = None) -> SheetTable:
    """Text columns first, then the amount columns, from column A; body from row 5; the sheet
    (and its title) is ``name``, else the kind."""
    keys = (*text_keys, *amount_keys)
    columns = {k: i + 1 for i, k in enumerate(keys)}
    parsed = []
    for i, spec in enumerate(rows):
        number = FIRST_ROW + i
        amounts = dict(zip(amount_keys, spec.values)) | spec.named
        cells = {k: cell(number, columns[k], amounts.get(k)) for k in amount_keys}
        parsed.append(ParsedRow(number, spec.role, spec.code, spec.label, cells, dict(spec.texts)))
    return SheetTable(
        kind=kind, sheet=name or kind, title=name or kind, title_cell="A1", year=2025, department="示例局", unit=unit,
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


def set_cell(table: SheetTable, address: str, value: object) -> SheetTable:
    """The table with its amount cell at ``address`` (A1) replaced (value None = blank)."""
    hits = [(row, key) for row in table.rows for key, c in row.cells.items() if c.address == address]
    assert len(hits) == 1, f"{table.sheet}!{address} is not one amount cell"
    ((target, key),) = hits
    new = cell(target.row, target.cells[key].col, value)
    rows = tuple(replace(row, cells=dict(row.cells) | {key: new}) if row is target else row for row in table.rows)
    return replace(table, rows=rows)


def named(table: SheetTable, name: str, kind: str | None = None) -> SheetTable:
    """The same table as another sheet (and kind)."""
    return replace(table, kind=kind or table.kind, sheet=name, title=name)


# -- tables that add up ---------------------------------------------------------------------
EXP_KEYS = ["total", "basic", "wages", "household", "goods", "capital", "project", "project_operating", "project_specific"]
# 支出表, A–I: 合计 | 基本支出 小计 工资福利 对个人和家庭 商品和服务 资本性 | 项目支出 小计 其他运转类 特定目标类
# basic = wages + household + goods + capital; project = operating + specific; total = basic + project
EXPENDITURE = sheet("expenditure", EXP_KEYS, [
    r("total", "合计", "", 100, 60, 40, 5, 10, 5, 40, 30, 10),  # row 5
    r("department", "示例局", "888", 100, 60, 40, 5, 10, 5, 40, 30, 10),  # 6
    r("unit", "示例局本级", "888001", 70, 45, 30, 5, 8, 2, 25, 20, 5),  # 7
    r("detail", "行政运行", "2010301", 45, 45, 30, 5, 8, 2),  # 8
    r("detail", "一般行政管理事务", "2010302", 25, None, None, None, None, None, 25, 20, 5),  # 9
    r("unit", "示例中心", "888002", 30, 15, 10, None, 2, 3, 15, 10, 5),  # 10
    r("detail", "事业运行", "2010350", 30, 15, 10, None, 2, 3, 15, 10, 5),  # 11
], name="支出表")
# the same columns, 类 = Σ 款 = Σ 项: 201 = 20103 = 20 + 10; 208 = 20805 = 20; 合计 = 30 + 20
CLASSES = sheet("general_budget_expenditure", EXP_KEYS, [
    r("total", "合计", "", 50, 50, 40, None, 10),  # row 5
    r("class", "一般公共服务支出", "201", 30, 30, 25, None, 5),  # 6
    r("item", "政府办公厅（室）及相关机构事务", "20103", 30, 30, 25, None, 5),  # 7
    r("detail", "行政运行", "2010301", 20, 20, 15, None, 5),  # 8
    r("detail", "事业运行", "2010350", 10, 10, 10),  # 9
    r("class", "社会保障和就业支出", "208", 20, 20, 15, None, 5),  # 10
    r("item", "行政事业单位养老支出", "20805", 20, 20, 15, None, 5),  # 11
    r("detail", "机关事业单位基本养老保险缴费支出", "2080505", 20, 20, 15, None, 5),  # 12
], name="类款项支出表")
# 支出表 without its 特定目标类 column (A–H): 项目支出 cannot be checked across, the rest still is
WITHOUT_SPECIFIC = sheet("expenditure", EXP_KEYS[:-1], [
    R(row.role, row.label, row.code, (), {k: row.cells[k].amount for k in EXP_KEYS[:-1]}) for row in EXPENDITURE.rows
], name="支出表无特定目标类")
# 支出表 in 元 (the same figures): its rounding bound is 元, not 分
IN_YUAN = replace(named(EXPENDITURE, "支出表元"), unit="元")

INCOME_KEYS = ["total", "current_total", "current_general", "current_general_fiscal", "current_fund",
               "current_state_capital", "current_special_account", "current_business", "current_operating",
               "current_higher_subsidy", "current_affiliate", "current_other", "carry_total", "carry_general",
               "carry_fund", "carry_state_capital", "carry_special_account", "carry_unit_funds"]
# 收入表, A–B 单位编码 单位名称, C 总计, D 本年收入合计, E 一般公共预算 F 其中财政拨款 G 政府性基金
# H 国有资本经营 I 财政专户 J 事业收入 K 事业单位经营 L 上级补助 M 附属单位上缴 N 其他, O 上年结转合计
# P 一般公共预算 Q 政府性基金 R 国有资本经营 S 财政专户 T 单位资金; rows 5 合计, 6 部门, 7 888001, 8 888002
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
], text_keys=("code", "name"), name="收入表")


def two_sided(kind: str, amount_keys: list[str], lines: list[tuple], total_rows: tuple[int, ...], name: str) -> SheetTable:
    """lines: (income label, income amount, spending label, *spending amounts); rows from 5."""
    rows = []
    for i, (income_label, income, spending_label, *spending) in enumerate(lines):
        amounts = {"income_amount": income} | dict(zip(amount_keys[1:], spending))
        texts = {"income_item": income_label, "spending_item": spending_label}
        role = "total" if FIRST_ROW + i in total_rows else "detail"
        rows.append(R(role, income_label, "", (), amounts, texts))
    return sheet(kind, amount_keys, rows, text_keys=("income_item", "spending_item"), name=name)


# 收支总表, A 收入项目 B 支出项目 C 收入金额 D 支出金额
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
], total_rows=(11, 13), name="收支总表")
# the same without 本年收入合计 / 本年支出合计 rows: 总计 = every top-level row
SUMMARY_FLAT = two_sided("income_expenditure_summary", ["income_amount", "spending_amount"], [
    ("一、一般公共预算", 904.48, "一、一般公共服务", 1216.48),  # row 5
    ("其中：财政拨款", 904.48, "二、外交", None),  # 6
    ("二、政府性基金预算拨款收入", 300, "年终结转结余", 15),  # 7
    ("五、事业收入", 12, "", None),  # 8
    ("上年结转结余", 15, "", None),  # 9
    ("收入总计：", 1231.48, "支出总计", 1231.48),  # 10
], total_rows=(10,), name="收支总表无本年合计")

FISCAL_KEYS = ["income_amount", "spending_total", "spending_general", "spending_general_fiscal", "spending_fund",
               "spending_state_capital"]
# 财政拨款收支表, A 收入项目 B 支出项目 C 收入金额, D 支出合计 E 一般公共预算 F 其中财政拨款 G 政府性基金 H 国有资本经营
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
], total_rows=(12,), name="财政拨款收支表")

# 基本支出表, A–D 部门/政府经济科目编码、名称, E 合计 F 人员经费 G 公用经费
# 合计 = 人员经费 + 公用经费: 100 = 70 + 30; 人员 301/303, 公用 302/310
BASIC = sheet("general_budget_basic", ["total", "personnel", "public"], [
    r("total", "合计", "", 100, 70, 30),  # row 5
    r("detail", "基本工资", "30101", 50, 50),  # 6
    r("detail", "退休费", "30302", 20, 20),  # 7
    r("detail", "办公费", "30201", 25, None, 25),  # 8
    r("detail", "办公设备购置", "31002", 5, None, 5),  # 9
], text_keys=("dept_code", "dept_name", "gov_code", "gov_name"), name="基本支出表")

ECON_KEYS = ["total", "general", "general_fiscal", "fund", "state_capital", "carried_over", "special_account",
             "business", "higher_subsidy", "affiliate", "operating", "other"]
# 经济分类汇总表, A 总计 B 一般公共预算 C 其中财政拨款 D 政府性基金 E 国有资本经营 F 上年结转 G 财政专户
# H 事业收入 I 上级补助 J 附属单位上缴 K 事业单位经营 L 其他
# 总计 = 一般公共预算小计 + 政府性基金 + … (其中 not added); units 60 + 40 = 100
_DEPT_ECON = dict(total=100, general=70, general_fiscal=70, fund=20, carried_over=5, business=5)
ECONOMIC = sheet("economic_summary", ECON_KEYS, [
    r("total", "合计", **_DEPT_ECON),  # row 5
    r("department", "示例局", "888", **_DEPT_ECON),  # 6
    r("unit", "示例局本级", "888001", total=60, general=55, general_fiscal=55, carried_over=5),  # 7
    r("detail", "基本工资", "30101", total=40, general=40, general_fiscal=40),  # 8
    r("detail", "办公费", "30201", total=20, general=15, general_fiscal=15, carried_over=5),  # 9
    r("unit", "示例中心", "888002", total=40, general=15, general_fiscal=15, fund=20, business=5),  # 10
    r("detail", "劳务费", "30226", total=20, general=15, general_fiscal=15, business=5),  # 11
    r("detail", "基础设施建设", "31005", total=20, fund=20),  # 12
], name="经济分类汇总表")

TP_KEYS = ["total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception"]
# “三公”经费表, A 单位 B 合计 C 因公出国（境） D 公务用车小计 E 购置 F 运行 G 公务接待
# 小计 = 购置 + 运行; 合计 = 出国 + 小计 + 接待; 合计行 = 4.45 + 2.40
THREE_PUBLIC = sheet("three_public", TP_KEYS, [
    r("total", "合计", "", 6.85, None, 6, None, 6, 0.85),  # row 5
    r("unit", "示例局本级", "", 4.45, None, 3.6, None, 3.6, 0.85),  # 6
    r("unit", "示例中心", "", 2.40, None, 2.4, None, 2.4),  # 7
], text_keys=("unit",), name="三公经费表")
# one 合计 row only (A–F, no 单位 column)
THREE_PUBLIC_ONE_ROW = sheet("three_public", TP_KEYS, [r("total", "", "", 13.10, None, 7.10, None, 7.10, 6)],
                             name="三公经费一行表")

OC_KEYS = list(load().of("operating_costs").columns)
# 机构运转经费表, A–C 科目编码 名称 类别, D 合计, E 一般公共预算资金小计 F 财政拨款 … K 一般债券, L 政府性基金小计 …,
# Q 单位资金小计 R 事业收入 …
# 合计 = 一般公共预算资金小计 + 单位资金小计; 小计 = its sources; units 26.37 + 18.08 = 44.45
_DEPT_OC = dict(total=44.45, general=39.45, general_fiscal=39.45, unit_funds=5, business=5)
OPERATING = sheet("operating_costs", OC_KEYS, [
    r("total", "合计", **_DEPT_OC),  # row 5
    r("department", "示例局", "888", **_DEPT_OC),  # 6
    r("unit", "示例局本级", "888001", total=26.37, general=26.37, general_fiscal=26.37),  # 7
    r("detail", "办公费", "30201", total=4.50, general=4.50, general_fiscal=4.50),  # 8
    r("detail", "公务用车运行维护费", "30231", total=21.87, general=21.87, general_fiscal=21.87),  # 9
    r("unit", "示例中心", "888002", total=18.08, general=13.08, general_fiscal=13.08, unit_funds=5, business=5),  # 10
    r("detail", "水费", "30205", total=18.08, general=13.08, general_fiscal=13.08, unit_funds=5, business=5),  # 11
], text_keys=("code", "name", "category"), name="机构运转经费表")

PROJECT_KEYS = ["total", "current_general", "current_fund", "current_state_capital", "carry_general", "carry_fund",
                "carry_state_capital", "special_account", "unit_funds"]
# 项目支出表, A–C 项目类型 项目名称 单位, D 合计, E 本年一般公共预算 F 政府性基金 G 国有资本经营,
# H 上年结转一般公共预算 I 政府性基金 J 国有资本经营, K 财政专户 L 单位资金
# 888001: 74.06 + 12.48 + 15 = 101.54; 888002: 197 + 7.90 + 300 + 120 = 624.90; 合计 726.44
_DEPT_PROJECTS = dict(total=726.44, current_general=399.44, current_fund=300, carry_general=15, unit_funds=12)
PROJECTS = sheet("projects", PROJECT_KEYS, [
    r("total", "", **_DEPT_PROJECTS),  # row 5
    r("department", "示例局", "888", **_DEPT_PROJECTS),  # 6
    r("unit", "示例局本级", "888001", total=101.54, current_general=86.54, carry_general=15),  # 7
    r("detail", "政务服务平台运维", total=74.06, current_general=74.06),  # 8
    r("detail", "办公设备更新", total=12.48, current_general=12.48),  # 9
    r("detail", "一网通办改革推进", total=15, carry_general=15),  # 10
    r("unit", "示例中心", "888002", total=624.90, current_general=312.90, current_fund=300, unit_funds=12),  # 11
    r("detail", "政务服务窗口外包服务", total=197, current_general=185, unit_funds=12),  # 12
    r("detail", "12345热线运行", total=7.90, current_general=7.90),  # 13
    r("detail", "市民中心配套设施建设", total=300, current_fund=300),  # 14
    r("detail", "政务数据共享平台运维", total=120, current_general=120),  # 15
], text_keys=("project_type", "name", "unit_name"), name="项目支出表")

# 2023 基本支出明细表 (项目支出表's columns, A–C 单位 类型 名称): 合计 = 部门 = Σ items (units print
# no row of their own); 合计 = Σ fund columns
BASIC_ITEMS = sheet("basic_items", PROJECT_KEYS, [
    r("total", "", total=505.04, current_general=500.04, carry_general=5),  # row 5
    r("department", "示例局", "888", total=505.04, current_general=500.04, carry_general=5),  # 6
    r("detail", "行政人员及机关技术工人年基本工资", total=90.77, current_general=90.77),  # 7
    r("detail", "规范性津贴补贴", total=51.44, current_general=46.44, carry_general=5),  # 8
    r("detail", "在职人员定额公用经费（行政）", total=362.83, current_general=362.83),  # 9
], text_keys=("unit_name", "item_type", "name"), name="基本支出明细表")

# 项目绩效目标表, A–C 编码 名称 类别, D 资金总额 E 政府预算资金 F 财政专户 G 单位资金
# 资金总额 = 政府预算资金 + 财政专户 + 单位资金; 部门 = 101.54 + 624.90; 单位 = Σ 项目
PROJECT_PERFORMANCE = sheet("project_performance", ["total", "government", "special_account", "unit_funds"], [
    r("total", "示例局", "888", 726.44, 714.44, None, 12),  # row 5
    r("unit", "示例局本级", "888001", 101.54, 101.54),  # 6
    r("detail", "政务服务平台运维", "888001-01", 74.06, 74.06),  # 7
    r("detail", "办公设备更新", "888001-02", 27.48, 27.48),  # 8
    r("unit", "示例中心", "888002", 624.90, 612.90, None, 12),  # 9
    r("detail", "政务服务窗口外包服务", "888002-01", 197, 185, None, 12),  # 10
    r("detail", "市民中心配套设施建设", "888002-02", 427.90, 427.90),  # 11
], text_keys=("code", "name", "category"), name="项目绩效目标表")


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
    """The same block in a five-column form (labels in c2/c3, amounts in c4 = column D, rows 5–10)."""
    labels = [("预算情况", "部门预算总额（万元）"), ("1、资金来源：", "（1）政府预算资金"), ("", "（2）财政专户管理资金"),
              ("", "（3）单位资金"), ("2、资金结构：", "（1）基本支出"), ("", "（2）项目支出")]
    rows = [r("detail", c2, "", texts={"c2": c2, "c3": c3}, c4=amount) for (c2, c3), amount in zip(labels, amounts)]
    return sheet("overall_performance", ["c4"], rows, text_keys=("c1", "c2", "c3"), name="整体绩效五栏")


# 整体绩效 (D8 总额 D9 政府预算资金 D10 财政专户 D11 单位资金 D12 基本支出 D13 项目支出):
# 1231.48 = 1219.48 + 12 = 505.04 + 726.44
OVERALL = overall_form({"total": 1231.48, "government": 1219.48, "unit_funds": 12, "basic": 505.04, "project": 726.44})
OVERALL_COLUMNS = overall_columns([1231.48, 1219.48, None, 12, 505.04, 726.44])


def overall_tasks(*tasks: tuple) -> SheetTable:
    """2020 整体支出绩效目标表 as the recogniser parses it: one row per task (A 任务名称),
    B 总金额 | C 财政资金 | D 其他资金, from row 5."""
    rows = [r("detail", name, "", *amounts) for name, *amounts in tasks]
    return sheet("overall_performance", ["task_total", "task_fiscal", "task_other"], rows, text_keys=("name",),
                 name="整体支出绩效目标表")


# seed 003's tasks: 74 = 74 + 0, 1.5 = 1.5 + 0, 18 = 18 + 0
TASKS = overall_tasks(("1、基本支出类", 74, 74, None), ("2、厉行节约类支出", 1.5, 1.5, None), ("3、业务工作会议支出", 18, 16, 2))

# 支出表's rows as each kind of 支出 table
EXPENDITURE_KINDS = {"支出表": EXPENDITURE} | {
    name: named(EXPENDITURE, name, kind) for name, kind in (
        ("一般公共预算支出表", "general_budget_expenditure"), ("政府性基金支出表", "government_fund_expenditure"),
        ("国有资本经营支出表", "state_capital_expenditure"))
}
TABLES = {t.sheet: t for t in (
    *EXPENDITURE_KINDS.values(), CLASSES, WITHOUT_SPECIFIC, IN_YUAN, INCOME, SUMMARY, SUMMARY_FLAT, FISCAL, BASIC,
    ECONOMIC, THREE_PUBLIC, THREE_PUBLIC_ONE_ROW, OPERATING, PROJECTS, BASIC_ITEMS, PROJECT_PERFORMANCE, OVERALL,
    OVERALL_COLUMNS, TASKS,
)}


@driver("tables")
def run_tables(case: RuleCase) -> list[Finding]:
    changes = case.given.get("set") or {}
    names = case.given.get("tables") or list(dict.fromkeys(where.rpartition("!")[0] for where in changes))
    tables = {name: TABLES[name] for name in names}
    for where, value in changes.items():
        name, _, address = where.rpartition("!")
        tables[name] = set_cell(tables[name], address, value)
    return run_checks(case.code, ParsedWorkbook(tuple(tables.values())), CheckContext())
