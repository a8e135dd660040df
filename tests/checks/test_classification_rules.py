"""科目 rules (CL…) on hand-built parsed tables: for every rule a passing and a failing case,
asserting code, severity and cell.  Failing cases follow the seeds (002: 行政/事业单位医疗 and
501/505 mixed in one unit, 医疗卫生与计划生育支出 and 文化体育旅游与传媒支出 in the 财政拨款收支表,
'国防支出(' ; 000: 302 99 named 商品和服务支出 with a class-level 政府经济 502; 004: 505 with 502/503)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.catalogs import Catalog
from yusuan.checks import classification_rules as cl
from yusuan.checks.registry import CheckContext, all_checks
from yusuan.findings.rule import Severity
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable

E, W = Severity.ERROR, Severity.WARNING
DEPT = "卫辉市政务服务和大数据管理局"
CTX = CheckContext(year=2025)

EXP_KEYS = (
    "class_code", "item_code", "sub_code", "unit_code", "name", "total", "basic", "wages", "household",
    "goods", "capital", "project", "project_operating", "project_specific",
)
BASIC_KEYS = ("dept_code", "dept_name", "gov_code", "gov_name", "total", "personnel", "public")
ECON_KEYS = ("dept_class", "dept_item", "dept_name", "gov_class", "gov_item", "gov_name", "total", "general")
SUMMARY_KEYS = ("income_item", "income_amount", "spending_item", "spending_amount")
FISCAL_KEYS = ("income_item", "income_amount", "spending_item", "spending_total", "spending_general")
INCOME_KEYS = ("code", "name", "total")
OPERATING_KEYS = ("code", "name", "category", "total")
FIRST_ROW = 6  # body starts below title, 部门名称 line and a three-row header


# ---- builder ----------------------------------------------------------------------------------
@dataclass
class R:
    """A body row to build: role, code, label, amounts by key, text labels by key."""

    role: str
    code: str = ""
    label: str = ""
    amounts: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)


def sheet_table(kind: str, keys: tuple[str, ...], body: list[R], *, sheet: str = "", year: int | None = 2025,
                title: str = "", note: str = "") -> SheetTable:
    columns = {key: i + 1 for i, key in enumerate(keys)}
    rows = []
    for offset, spec in enumerate(body):
        r = FIRST_ROW + offset
        cells = {
            key: ParsedCell(r, columns[key], value, None if value is None else Decimal(str(value)))
            for key, value in spec.amounts.items()
        }
        rows.append(ParsedRow(r, spec.role, spec.code, spec.label, cells, dict(spec.labels)))
    return SheetTable(
        kind=kind, sheet=sheet or kind, title=title or f"{year or ''}年{kind}", title_cell="A1", year=year,
        department=DEPT, unit="万元", keys=keys, columns=columns, rows=tuple(rows), header_rows=(3, 5),
        note=note, note_cell=f"A{FIRST_ROW + len(body)}" if note else "",
    )


def book(*tables: SheetTable) -> ParsedWorkbook:
    return ParsedWorkbook(tables=tables)


# expenditure-like rows
def total(amount: float) -> R:
    return R("total", "", "合计", {"total": amount}, {"name": "合计"})


def unit(code: str, name: str, amount: float, role: str = "unit") -> R:
    return R(role, code, name, {"total": amount}, {"unit_code": code, "name": name})


def item(code: str, name: str, amount: float | None, role: str = "detail") -> R:
    labels = {"class_code": code[:3], "item_code": code[3:5], "sub_code": code[5:7], "name": name}
    return R(role, code, name, {"total": amount}, {k: v for k, v in labels.items() if v})


def expenditure(*body: R, kind: str = "expenditure", sheet: str = "部门支出预算表", year: int | None = 2025) -> SheetTable:
    return sheet_table(kind, EXP_KEYS, list(body), sheet=sheet, year=year)


# 六 rows: code = 部门经济款, labels carry gov_code and names
def basic(dept: str, dept_name: str, gov: str, gov_name: str, amount: float) -> R:
    return R("detail", dept, dept_name, {"total": amount},
             {"dept_code": dept, "dept_name": dept_name, "gov_code": gov, "gov_name": gov_name})


def basic_table(*body: R) -> SheetTable:
    return sheet_table("general_budget_basic", BASIC_KEYS, [R("total", "", "合计", {"total": 1})] + list(body),
                       sheet="一般公共预算基本支出预算表")


# 七 rows: split codes, as printed
def econ(dept: str, dept_name: str, gov: str, gov_name: str, amount: float) -> R:
    labels = {"dept_class": dept[:3], "dept_item": dept[3:], "dept_name": dept_name,
              "gov_class": gov[:3], "gov_item": gov[3:], "gov_name": gov_name}
    if len(gov) == 5:
        labels["gov_code"] = gov
    return R("detail", dept, dept_name, {"total": amount, "general": amount}, {k: v for k, v in labels.items() if v})


def econ_unit(code: str, name: str) -> R:
    return R("unit", code, name, {"total": 1}, {"dept_class": code, "dept_name": name})


def econ_table(*body: R) -> SheetTable:
    return sheet_table("economic_summary", ECON_KEYS, [R("total", "", "合计", {"total": 1})] + list(body),
                       sheet="支出经济分类汇总表")


def income_units(*codes: str) -> SheetTable:
    rows = [R("total", "", "合计", {"total": 1}), R("department", "888", DEPT, {"total": 1}, {"code": "888"})]
    rows += [R("unit", c, f"单位{c}", {"total": 1}, {"code": c, "name": f"单位{c}"}) for c in codes]
    return sheet_table("income", INCOME_KEYS, rows, sheet="部门收入预算表")


def operating(*body: tuple[str, str]) -> SheetTable:
    rows = [R("total", "", "", {"total": 1}, {"category": "合计"})]
    rows += [R("detail", code, name, {"total": 1}, {"code": code, "name": name, "category": "公用经费项目"}) for code, name in body]
    return sheet_table("operating_costs", OPERATING_KEYS, rows, sheet="行政（事业）单位机构运转经费预算表")


def summary_row(spending: str, amount: float | None = None, income: str = "") -> R:
    labels = {"spending_item": spending}
    if income:
        labels["income_item"] = income
    return R("detail", "", spending, {"spending_amount": amount} if amount is not None else {}, labels)


def fiscal(*labels: str) -> SheetTable:
    rows = [R("detail", "", "", {}, {"income_item": "一、本年收入", "spending_item": "一、本年支出"})]
    rows += [summary_row(text) for text in labels]
    rows += [R("detail", "", "", {}, {"spending_item": "二、年终结转结余"}),
             R("total", "", "", {"income_amount": 1}, {"income_item": "收入合计", "spending_item": "支出合计"})]
    return sheet_table("fiscal_summary", FISCAL_KEYS, rows, sheet="财政拨款收支预算表")


def income_expenditure(*labels: str) -> SheetTable:
    rows = [summary_row(text, income="一、一般公共预算") for text in labels]
    rows += [R("total", "", "", {"income_amount": 1}, {"income_item": "本年收入合计", "spending_item": "本年支出合计"})]
    return sheet_table("income_expenditure_summary", SUMMARY_KEYS, rows, sheet="部门收支预算表")


# ---- running one rule ------------------------------------------------------------------------------
def run(code: str, workbook: ParsedWorkbook, ctx: CheckContext = CTX) -> list[tuple[str, Severity, str, str]]:
    (item_check,) = [c for c in all_checks() if c.rule.code == code]
    return [(f.code, f.severity, f.sheet, f.cell) for f in item_check.run(workbook, ctx)]


def messages(code: str, workbook: ParsedWorkbook, ctx: CheckContext = CTX) -> list[str]:
    (item_check,) = [c for c in all_checks() if c.rule.code == code]
    return [f.message for f in item_check.run(workbook, ctx)]


EXP = "部门支出预算表"
BASIC = "一般公共预算基本支出预算表"
ECON = "支出经济分类汇总表"
FISCAL = "财政拨款收支预算表"
SUMMARY = "部门收支预算表"

# seed 002 (one unit, 323): 行政运行, 行政单位医疗 and 事业单位医疗 side by side
SEED002_EXP = expenditure(
    total(334.24), unit("323", DEPT, 334.24, role="department"),
    item("2010301", "行政运行", 300.01),           # row 8
    item("2080505", "机关事业单位基本养老保险缴费支出", 19.08),
    item("2101101", "行政单位医疗", 4.50),         # row 10
    item("2101102", "事业单位医疗", 2.66),         # row 11
    item("2210201", "住房公积金", 15.77),
)
SEED002_BASIC = basic_table(
    basic("30101", "基本工资", "50101", "工资奖金津补贴", 76.10),     # row 7
    basic("30102", "津贴补贴", "50101", "工资奖金津补贴", 25.01),
    basic("30107", "绩效工资", "50501", "工资福利支出", 6.96),         # row 9
    basic("30110", "职工基本医疗保险缴费", "50102", "社会保障缴费", 4.50),
    basic("30110", "职工基本医疗保险缴费", "50501", "工资福利支出", 2.66),
    basic("30201", "办公费", "50201", "办公经费", 1.00),
)

# a clean department of two units (行政 888001, 事业 888002), like the demo
MIXED_DEPT_EXP = expenditure(  # a department printed without its unit rows
    total(100), unit("888", "示例局", 100, role="department"),
    item("2010301", "行政运行", 50),
    item("2010350", "事业运行", 45),                   # row 9
    item("2101101", "行政单位医疗", 5),
)
TWO_UNITS_EXP = expenditure(
    total(100), unit("888", "示例局", 100, role="department"),
    unit("888001", "示例局本级", 60),                  # row 8
    item("2010301", "行政运行", 50),
    item("2101101", "行政单位医疗", 10),
    unit("888002", "示例中心", 40),                    # row 11
    item("2010350", "事业运行", 35),                   # row 12
    item("2101102", "事业单位医疗", 5),                # row 13
)
TWO_UNITS_ECON = econ_table(
    econ_unit("888001", "示例局本级"),                  # row 7
    econ("30101", "基本工资", "50101", "工资奖金津补贴", 50),
    econ("30201", "办公费", "50201", "办公经费", 10),
    econ_unit("888002", "示例中心"),                   # row 10 (rows 8, 9: 888001)
    econ("30101", "基本工资", "50501", "工资福利支出", 35),   # row 11
    econ("30201", "办公费", "50502", "商品和服务支出", 5),
)

CASES = [
    # CL001 功能科目不在本年目录中
    ("CL001", "valid 项", book(SEED002_EXP), CTX, []),
    ("CL001", "2100501 moved to 2101101 in 2018", book(expenditure(total(4.5), item("2100501", "行政单位医疗", 4.5))), CTX,
     [("CL001", E, EXP, "C7")]),
    ("CL001", "unknown 款 flagged on the 款 cell", book(expenditure(total(1), item("20198", "不存在的款", 1, role="item"))), CTX,
     [("CL001", E, EXP, "B7")]),
    ("CL001", "204 lists no detail: not judged", book(expenditure(total(1), item("2040101", "行政运行", 1))), CTX, []),
    ("CL001", "unknown 类", book(expenditure(total(1), item("299", "不存在的类", 1, role="class"))), CTX,
     [("CL001", E, EXP, "A7")]),
    ("CL001", "no year, no catalog: skipped",
     book(expenditure(total(4.5), item("2100501", "行政单位医疗", 4.5), year=None)), CheckContext(), []),
    ("CL001", "the context's catalog is used",
     book(expenditure(total(4.5), item("2100501", "医疗保障", 4.5), year=None)), CheckContext(catalog=Catalog.for_year(2017)), []),
    ("CL001", "also in the 政府性基金 table",
     book(expenditure(total(1), item("2290499", "不存在的项", 1), kind="government_fund_expenditure", sheet="政府性基金支出预算表")),
     CTX, [("CL001", E, "政府性基金支出预算表", "C7")]),
    # CL002 功能科目名称与编码不符
    ("CL002", "names as in the catalog (spaces and width ignored)",
     book(expenditure(total(2), item("2010301", "行政 运行", 1), item("2080505", "机关事业单位基本养老保险缴费支出", 1)),
          fiscal("（一）一般公共服务支出", "（十）卫生健康支出"), income_expenditure("一、一般公共服务", "十、卫生健康", "十七、金融支出")),
     CTX, []),
    ("CL002", "项 name of another 项", book(expenditure(total(1), item("2010301", "一般行政管理事务", 1))), CTX,
     [("CL002", E, EXP, "E7")]),
    ("CL002", "seed 002 '(三) 国防支出(' in the 财政拨款收支表", book(fiscal("(二) 外交支出", "(三) 国防支出(")), CTX,
     [("CL002", E, FISCAL, "C8")]),
    ("CL002", "numbering off by one", book(income_expenditure("九、卫生健康")), CTX, [("CL002", E, SUMMARY, "C6")]),
    ("CL002", "a spending side by type, not by 类, is not judged",
     book(income_expenditure("一、基本支出", "二、项目支出", "三、上缴上级支出", "四、对附属单位补助支出")), CTX, []),
    ("CL002", "outdated names are left to CL003", book(fiscal("（九）医疗卫生与计划生育支出")), CTX, []),
    # CL003 科目名称已过时或错写
    ("CL003", "current names", book(fiscal("（七）文化旅游体育与传媒支出", "（十）卫生健康支出"),
                                    income_expenditure("七、文化旅游体育与传媒", "十五、资源勘探信息等")), CTX, []),
    ("CL003", "seed 002 财政拨款收支表 old and misspelt 类",
     book(fiscal("(七) 文化体育旅游与传媒支出", "(八) 社会保障和就业支出", "(九) 医疗卫生与计划生育支出", "(十二) 城乡社区事务支出")), CTX,
     [("CL003", E, FISCAL, "C7"), ("CL003", E, FISCAL, "C9"), ("CL003", E, FISCAL, "C10")]),
    ("CL003", "收支总表 old short name", book(income_expenditure("七、文化体育与传媒")), CTX, [("CL003", E, SUMMARY, "C6")]),
    ("CL003", "类 row of the 支出表 with the pre-2019 name",
     book(expenditure(total(4.5), item("210", "医疗卫生与计划生育支出", 4.5, role="class"), item("2101101", "行政单位医疗", 4.5))),
     CTX, [("CL003", E, EXP, "E7")]),
    ("CL003", "the old name is right in its own year",
     book(expenditure(total(4.5), item("210", "医疗卫生与计划生育支出", 4.5, role="class"), year=2018)),
     CheckContext(year=2018), []),
    ("CL003", "政府经济 misspelling", book(basic_table(basic("30399", "其他对个人和家庭的补助", "50999", "其他对个人和家庭的补助", 1.6))),
     CTX, [("CL003", E, BASIC, "D7")]),
    # CL004 部门经济科目不在目录中
    ("CL004", "valid codes", book(SEED002_BASIC, TWO_UNITS_ECON), CTX, []),
    ("CL004", "unknown 款", book(basic_table(basic("30198", "其他津贴", "50101", "工资奖金津补贴", 1))), CTX,
     [("CL004", E, BASIC, "A7")]),
    ("CL004", "unknown 款 in 七 on the 款 cell", book(econ_table(econ("30198", "其他津贴", "50101", "工资奖金津补贴", 1))), CTX,
     [("CL004", E, ECON, "B7")]),
    # CL005 部门经济科目名称与编码不符
    ("CL005", "names as in the catalog", book(SEED002_BASIC, TWO_UNITS_ECON), CTX, []),
    ("CL005", "机构运转经费表 names", book(operating(("30201", "办公费"), ("30231", "公务用车运行维护费"))), CTX, []),
    ("CL005", "机构运转经费表: 30201 named with the 政府经济 name", book(operating(("30201", "办公经费"))), CTX,
     [("CL005", E, "行政（事业）单位机构运转经费预算表", "B7")]),
    ("CL004", "机构运转经费表 unknown code", book(operating(("30298", "杂费"))), CTX,
     [("CL004", E, "行政（事业）单位机构运转经费预算表", "A7")]),
    ("CL005", "seed 000: 30299 named 商品和服务支出",
     book(econ_table(econ("30299", "商品和服务支出", "50299", "其他商品和服务支出", 2.91))), CTX, [("CL005", E, ECON, "C7")]),
    # CL006 政府经济科目不在目录中
    ("CL006", "valid codes", book(SEED002_BASIC, TWO_UNITS_ECON), CTX, []),
    ("CL006", "unknown 款", book(basic_table(basic("30101", "基本工资", "50109", "工资", 1))), CTX, [("CL006", E, BASIC, "C7")]),
    # CL007 政府经济科目名称与编码不符
    ("CL007", "names as in the catalog", book(SEED002_BASIC, TWO_UNITS_ECON), CTX, []),
    ("CL007", "50101 named as 50501", book(basic_table(basic("30101", "基本工资", "50101", "工资福利支出", 1))), CTX,
     [("CL007", E, BASIC, "D7")]),
    # CL008 经济科目对应关系不符
    ("CL008", "audit mode: valid for some unit kind", book(SEED002_BASIC, TWO_UNITS_ECON), CTX, []),
    ("CL008", "valid for no unit kind", book(basic_table(basic("30101", "基本工资", "50201", "办公经费", 1))), CTX,
     [("CL008", W, BASIC, "C7")]),
    ("CL008", "known kind: 绩效工资 of a 行政单位 in 50501", book(SEED002_BASIC),
     CheckContext(year=2025, unit_kinds={"323001": "行政单位"}), [("CL008", W, BASIC, "C9"), ("CL008", W, BASIC, "C11")]),
    ("CL008", "known kinds by unit in 七", book(TWO_UNITS_ECON),
     CheckContext(year=2025, unit_kinds={"888001": "行政", "888002": "事业单位"}), []),
    ("CL008", "known kinds by unit in 七, swapped", book(TWO_UNITS_ECON),
     CheckContext(year=2025, unit_kinds={"888001": "事业单位", "888002": "事业单位"}),
     [("CL008", W, ECON, "E8"), ("CL008", W, ECON, "E9")]),
    # CL009 行政与事业政府经济科目混用
    ("CL009", "each unit on one side", book(TWO_UNITS_ECON, SEED002_BASIC, income_units("888001", "888002")), CTX, []),
    ("CL009", "seed 002: one unit, 50101 with 50501 in 六", book(SEED002_BASIC), CTX, [("CL009", W, BASIC, "C9")]),
    ("CL009", "六 of a department with several units is not judged", book(SEED002_BASIC, income_units("888001", "888002")), CTX, []),
    ("CL009", "seed 004: 505 with 502/503 in one unit of 七",
     book(econ_table(econ_unit("605", "洛龙区政务服务中心"),
                     econ("30101", "基本工资", "50501", "工资福利支出", 73.17),
                     econ("30201", "办公费", "50502", "商品和服务支出", 4.0),
                     econ("30227", "委托业务费", "50205", "委托业务费", 35.0),   # row 10
                     econ("30302", "退休费", "50905", "离退休费", 6.02),
                     econ("30107", "绩效工资", "50501", "工资福利支出", 34.8))), CTX,
     [("CL009", E, ECON, "D10")]),  # a unit row: its kind is one
    ("CL009", "one unit listed in 收入表: the kind is that unit's, 错误", book(SEED002_BASIC, income_units("323001")), CTX,
     [("CL009", E, BASIC, "C9")]),
    # CL010 行政与事业功能科目混用
    ("CL010", "each unit on one side", book(TWO_UNITS_EXP), CTX, []),
    ("CL010", "seed 002: 行政单位医疗 and 事业单位医疗 in one unit", book(SEED002_EXP), CTX, [("CL010", W, EXP, "C11")]),
    ("CL010", "行政运行 with two 事业运行 rows: the single 行政运行 is flagged",
     book(expenditure(total(3), unit("888001", "示例局本级", 3), item("2010350", "事业运行", 1), item("2010301", "行政运行", 1),
                      item("2050150", "事业运行", 1))), CTX, [("CL010", E, EXP, "C9")]),
    ("CL010", "seed 002 with its one unit listed in 收入表: 错误", book(SEED002_EXP, income_units("323001")), CTX,
     [("CL010", E, EXP, "C11")]),
    ("CL010", "department row of a department with 行政 and 事业 units: not judged", book(MIXED_DEPT_EXP),
     CheckContext(year=2025, unit_kinds={"888001": "行政单位", "888002": "事业单位"}), []),
    ("CL010", "department row, several units of unknown kind: 警告", book(MIXED_DEPT_EXP, income_units("888001", "888002")),
     CTX, [("CL010", W, EXP, "C9")]),
    # CL011 功能科目与单位性质不符
    ("CL011", "kinds known and consistent", book(TWO_UNITS_EXP),
     CheckContext(year=2025, unit_kinds={"888001": "行政单位", "888002": "事业单位"}), []),
    ("CL011", "known 事业单位 with 行政运行 and 行政单位医疗",
     book(expenditure(total(2), unit("888002", "示例中心", 2), item("2010301", "行政运行", 1), item("2101101", "行政单位医疗", 1))),
     CheckContext(year=2025, unit_kinds={"888002": "事业单位"}), [("CL011", W, EXP, "C8"), ("CL011", W, EXP, "C9")]),
    ("CL011", "inferred from 七: 事业 unit (505 only) with 行政单位医疗",
     book(expenditure(total(2), unit("888002", "示例中心", 2), item("2010350", "事业运行", 1), item("2101101", "行政单位医疗", 1)),
          econ_table(econ_unit("888002", "示例中心"), econ("30101", "基本工资", "50501", "工资福利支出", 2))),
     CTX, [("CL011", W, EXP, "C9")]),
    ("CL011", "inferred 501–503 unit may book 事业运行 (参公)",
     book(expenditure(total(2), unit("888003", "示例发展中心", 2), item("2010350", "事业运行", 1), item("2101101", "行政单位医疗", 1)),
          econ_table(econ_unit("888003", "示例发展中心"), econ("30101", "基本工资", "50101", "工资奖金津补贴", 2))),
     CTX, []),
    ("CL011", "mixed econ sides: kind not inferred", book(SEED002_EXP, SEED002_BASIC), CTX, []),
    # CL012 基本支出使用了不应有的经济科目
    ("CL012", "301/302/303/310 only", book(SEED002_BASIC), CTX, []),
    ("CL012", "307 债务利息 in 基本支出", book(basic_table(basic("30101", "基本工资", "50101", "工资奖金津补贴", 1),
                                                  basic("30701", "国内债务付息", "50701", "国内债务付息", 2))), CTX,
     [("CL012", E, BASIC, "A8")]),
    # CL013 功能科目未细化到项级
    ("CL013", "类/款 subtotals with 项 below", book(expenditure(
        total(1), item("201", "一般公共服务支出", 1, role="class"), item("20103", "政府办公厅（室）及相关机构事务", 1, role="item"),
        item("2010301", "行政运行", 1))), CTX, []),
    ("CL013", "类-only amount (seed 002 其他支出 without detail)", book(expenditure(
        total(10331), item("229", "其他支出", 10331, role="class"))), CTX, [("CL013", W, EXP, "A7")]),
    ("CL013", "款-level detail row", book(expenditure(total(1), item("20103", "政府办公厅（室）及相关机构事务", 1))), CTX,
     [("CL013", W, EXP, "B7")]),
    ("CL013", "blank 类 row is not flagged", book(expenditure(total(0), item("229", "其他支出", None, role="class"))), CTX, []),
    # CL014 功能科目重复列示
    ("CL014", "same 项 in two units", book(TWO_UNITS_EXP, expenditure(
        total(2), unit("1", "甲", 1), item("2010301", "行政运行", 1), unit("2", "乙", 1), item("2010301", "行政运行", 1),
        sheet="另一张支出表")), CTX, []),
    ("CL014", "same 项 twice in one unit", book(expenditure(
        total(2), unit("888001", "示例局本级", 2), item("2010301", "行政运行", 1), item("2101101", "行政单位医疗", 1),
        item("2010301", "行政运行", 1))), CTX, [("CL014", W, EXP, "C10")]),
    # CL015 经济科目未细化到款级
    ("CL015", "款-level rows", book(SEED002_BASIC, TWO_UNITS_ECON), CTX, []),
    ("CL015", "seed 000: 政府经济 502 without 款", book(econ_table(econ("30299", "其他商品和服务支出", "502", "机关商品和服务支出", 2.91))),
     CTX, [("CL015", W, ECON, "D7")]),
    ("CL015", "部门经济 302 without 款", book(econ_table(econ("302", "商品和服务支出", "50201", "办公经费", 2.91))), CTX,
     [("CL015", W, ECON, "A7")]),
]


@pytest.mark.parametrize("code,case,workbook,ctx,expected", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_rule(code, case, workbook, ctx, expected):
    assert sorted(run(code, workbook, ctx), key=str) == sorted(expected, key=str)


def test_every_rule_has_a_passing_and_a_failing_case():
    codes = {c.rule.code for c in all_checks() if c.rule.code.startswith("CL")}
    passing = {c[0] for c in CASES if not c[4]}
    failing = {c[0] for c in CASES if c[4]}
    assert codes == passing == failing


def test_rules_are_documented():
    for item_check in all_checks():
        rule = item_check.rule
        if rule.code.startswith("CL"):
            assert rule.family == "科目" and len(rule.doc) > 60 and rule.name


def test_messages_name_expected_and_found():
    (moved,) = messages("CL001", book(expenditure(total(4.5), item("2100501", "行政单位医疗", 4.5))))
    assert "2100501" in moved and "2101101" in moved and "2025" in moved
    (outdated,) = messages("CL003", book(fiscal("(九) 医疗卫生与计划生育支出")))
    assert "医疗卫生与计划生育支出" in outdated and "卫生健康支出" in outdated and "2019" in outdated
    (numbering,) = messages("CL002", book(income_expenditure("九、卫生健康")))
    assert "社会保险基金支出" in numbering and "210" in numbering and "“十”" in numbering
    (pair,) = messages("CL008", book(basic_table(basic("30101", "基本工资", "50201", "办公经费", 1))))
    assert "30101" in pair and "50201" in pair and "50101" in pair and "50501" in pair
    (basic_msg,) = messages("CL012", book(basic_table(basic("30701", "国内债务付息", "50701", "国内债务付息", 2))))
    assert "2.00" in basic_msg and "307" in basic_msg
    (mix,) = messages("CL010", book(SEED002_EXP))
    assert "2101101" in mix and "2101102" in mix and DEPT in mix


def test_rules_never_crash_on_odd_rows():
    odd = sheet_table("expenditure", ("name",), [R("detail", "abc", ""), R("class", "", None or ""), R("unit", "", "")])
    odd_econ = sheet_table("economic_summary", ("dept_name",), [R("detail", "", "x", {}, {"gov_code": "5x"}), R("unit", "", "")])
    odd_summary = sheet_table("fiscal_summary", (), [R("detail", "", "", {}, {"spending_item": "（一百）不存在"})])
    workbook = book(odd, odd_econ, odd_summary, sheet_table("three_public", (), []))
    for item_check in all_checks():
        if item_check.rule.code.startswith("CL"):
            assert list(item_check.run(workbook, CTX)) == []
            assert list(item_check.run(book(), CheckContext())) == []


def test_catalog_for_prefers_context():
    table = expenditure(total(1), year=2018)
    assert cl.catalog_for(table, CheckContext(year=2025)).year == 2025
    assert cl.catalog_for(table, CheckContext()).year == 2018
    assert cl.catalog_for(expenditure(total(1), year=None), CheckContext()) is None


# ---- properties --------------------------------------------------------------------------------

codes = st.one_of(st.text(alphabet="0123456789", min_size=0, max_size=8), st.text(max_size=8))
roles = st.sampled_from(["total", "department", "unit", "class", "item", "detail"])
names = st.one_of(st.sampled_from(["行政运行", "事业运行", "行政单位医疗", "医疗卫生与计划生育支出", "（九）卫生健康", ""]), st.text(max_size=12))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(roles, codes, names, codes, st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False))), max_size=8),
       st.sampled_from(cl.EXPENDITURE_KINDS + cl.ECON_KINDS + cl.SUMMARY_KINDS + ("operating_costs",)))
def test_rules_never_crash_on_any_rows(rows, kind):
    body = [R(role, code, name, {"total": amount},
              {"name": name, "spending_item": name, "gov_code": gov, "dept_name": name, "gov_name": name, "unit_code": code})
            for role, code, name, gov, amount in rows]
    keys = EXP_KEYS + ("spending_item", "gov_code", "dept_name", "gov_name")
    workbook = book(sheet_table(kind, keys, body))
    ctx = CheckContext(year=2025, unit_kinds={"1": "行政单位", "2": "不知道"})
    for item_check in all_checks():
        if item_check.rule.code.startswith("CL"):
            for finding in item_check.run(workbook, ctx):
                assert finding.sheet == kind and finding.cell and finding.message
