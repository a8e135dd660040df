"""表间 rules (XT…): a small consistent department as parsed tables, then one cell changed at a
time — the right rule fires on the right cell with the right severity; a 0.01 change is 尾差
(提示) only where a figure is a sum of several printed cells, a copied figure compares exactly.  Addresses follow the 河南2025 layout (columns in profile order, body below the header),
so they are those of yusuan's own sheets.  Last, the demo workbook end to end."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from builds import open_copy
from yusuan import profiles
from yusuan.catalogs import Catalog
from yusuan.checks import catalog
from yusuan.checks.registry import CheckContext, all_checks
from yusuan.findings.rule import Severity
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
PROFILE = profiles.load()
CTX = CheckContext(year=2025, catalog=Catalog.for_year(2025))
TEXT_KEYS = {
    "income_item", "spending_item", "class_code", "item_code", "sub_code", "unit_code", "name", "code",
    "dept_code", "dept_name", "gov_code", "gov_name", "dept_class", "dept_item", "gov_class", "gov_item",
    "unit", "category", "project_type", "unit_name",
}
SHEETS = {spec.kind: spec.sheet_name() for spec in PROFILE.tables}


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
        cells = {k: ParsedCell(r, columns[k], amounts.get(k), _dec(amounts.get(k))) for k in amount_keys}
        parsed.append(ParsedRow(r, role, code, label, cells, dict(texts[0]) if texts else {}))
    return SheetTable(
        kind=kind, sheet=SHEETS[kind], title=f"2025年{SHEETS[kind]}", title_cell="A1", year=2025,
        department="示例局", unit="万元", keys=tuple(keys), columns=columns, rows=tuple(parsed),
        header_rows=(3, first - 1),
    )


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def form(rows: list[tuple[str, str, str | None]]) -> SheetTable:
    """十三: one row per 预算情况 figure (code = key, its cell in column D), from row 8."""
    parsed = [
        ParsedRow(8 + n, "detail", key, label, {key: ParsedCell(8 + n, 4, amount, _dec(amount))})
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
    state_capital = table("state_capital_expenditure", [("total", "", "合计", {})])
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
    return ("detail", code, "", {"total": total, **funds}, {"gov_code": ""})


def _costs(name: str, cost: str) -> dict:
    """十四 text cells of a project row: its name and its (first) 成本指标."""
    return {"name": name, "cost_name": "项目总成本", "cost_value": cost}


def _project(name: str, unit: str, **amounts: str) -> tuple:
    return ("detail", "", name, amounts, {"name": name, "unit_name": unit})


# -- running ---------------------------------------------------------------------------------
XT_CHECKS = [c for c in all_checks() if c.rule.code.startswith("XT")]


def run(workbook: ParsedWorkbook, ctx: CheckContext = CTX) -> list:
    return [f for c in XT_CHECKS for f in c.run(workbook, ctx)]


def of(findings: list, code: str) -> list[tuple]:
    return [(f.severity, f.sheet, f.cell) for f in findings if f.code == code]


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
                        cells[key] = dataclasses.replace(cell, raw=value, amount=_dec(value))
                        hits += 1
                rows.append(dataclasses.replace(row, cells=cells))
            t = dataclasses.replace(t, rows=tuple(rows))
        tables.append(t)
    assert hits == 1, f"{kind}!{address} is not one amount cell"
    return ParsedWorkbook(tuple(tables))


def without(workbook: ParsedWorkbook, *kinds: str) -> ParsedWorkbook:
    return ParsedWorkbook(tuple(t for t in workbook.tables if t.kind not in kinds))


@pytest.fixture(scope="module")
def dept() -> ParsedWorkbook:
    return department()


def test_consistent_department_has_no_finding(dept):
    assert run(dept) == []


# (code, table changed, cell, new value, severity, flagged table, flagged cell)
CASES = [
    # XT002 收支总表 收入总计 / 本年支出合计 ↔ 收入表 总计 / 支出表 合计
    ("XT002", "income", "C6", "140", E, "income", "C6"),
    ("XT002", "income", "C6", "139.01", E, "income", "C6"),
    ("XT002", "expenditure", "F6", "138", E, "expenditure", "F6"),
    ("XT002", "income_expenditure_summary", "D9", "139.01", E, "expenditure", "F6"),
    # XT003 收支总表 income rows ↔ 收入表 合计 row
    ("XT003", "income", "E6", "103", E, "income", "E6"),
    ("XT003", "income", "G6", "20.01", E, "income", "G6"),
    ("XT003", "income_expenditure_summary", "B10", "11", E, "income", "O6"),
    # XT004 收支总表 类 ↔ Σ 支出表 项: the sum has no cell of its own, so the 类 row is flagged
    ("XT004", "income_expenditure_summary", "D5", "113", E, "income_expenditure_summary", "D5"),
    ("XT004", "income_expenditure_summary", "D5", "114.01", I, "income_expenditure_summary", "D5"),
    ("XT004", "expenditure", "F9", "55", E, "income_expenditure_summary", "D5"),
    # XT005 财政拨款 类 ≤ 部门 类
    ("XT005", "fiscal_summary", "D7", "115", E, "fiscal_summary", "D7"),
    ("XT005", "fiscal_summary", "D7", "114.01", E, "fiscal_summary", "D7"),
    # XT006 财政拨款收支表 income ↔ 收入表
    ("XT006", "fiscal_summary", "B7", "100", E, "fiscal_summary", "B7"),
    ("XT006", "fiscal_summary", "B12", "10.01", E, "fiscal_summary", "B12"),
    ("XT006", "fiscal_summary", "B14", "133", E, "fiscal_summary", "B14"),
    # XT007 一般公共预算支出表 ↔ 财政拨款收支表 一般公共预算 (合计; 类 flagged on 四)
    ("XT007", "general_budget_expenditure", "F6", "113", E, "general_budget_expenditure", "F6"),
    ("XT007", "general_budget_expenditure", "F6", "114.01", E, "general_budget_expenditure", "F6"),
    ("XT007", "fiscal_summary", "E7", "108", E, "fiscal_summary", "E7"),
    # XT008 基本支出表 ↔ 一般公共预算支出表 基本支出
    ("XT008", "general_budget_basic", "E5", "83", E, "general_budget_basic", "E5"),
    ("XT008", "general_budget_basic", "F5", "69", E, "general_budget_basic", "F5"),
    ("XT008", "general_budget_basic", "G5", "14.01", I, "general_budget_basic", "G5"),
    ("XT008", "general_budget_expenditure", "J6", "12", E, "general_budget_basic", "G5"),
    # XT009 经济分类汇总表 ↔ 支出表 (总计) and 五/九 (本年 fund column, 上年结转结余 aside)
    ("XT009", "economic_summary", "G5", "138", E, "economic_summary", "G5"),
    ("XT009", "economic_summary", "G5", "139.01", E, "economic_summary", "G5"),
    ("XT009", "economic_summary", "G7", "90", E, "economic_summary", "G7"),
    ("XT009", "economic_summary", "H16", "24", E, "economic_summary", "H16"),  # no 结转: equal to 五
    ("XT009", "economic_summary", "H5", "115", E, "economic_summary", "H5"),  # 本年 > 五 合计
    ("XT009", "economic_summary", "H5", "103", E, "economic_summary", "H5"),  # 本年 + 结转 < 五 合计
    ("XT009", "economic_summary", "H5", "103.99", I, "economic_summary", "H5"),
    # XT010 基本支出表 款 ≤ 经济分类汇总表 (一般公共预算 + 上年结转结余)
    ("XT010", "general_budget_basic", "E8", "9", W, "general_budget_basic", "E8"),
    ("XT010", "general_budget_basic", "E8", "8.01", I, "general_budget_basic", "E8"),
    ("XT010", "economic_summary", "H9", "7", W, "general_budget_basic", "E8"),
    # XT011 政府性基金表 ↔ 财政拨款收支表 政府性基金
    ("XT011", "government_fund_expenditure", "F6", "21", E, "government_fund_expenditure", "F6"),
    ("XT011", "government_fund_expenditure", "F6", "20.01", E, "government_fund_expenditure", "F6"),
    ("XT011", "fiscal_summary", "G9", "19", E, "fiscal_summary", "G9"),
    # XT012 机构运转经费 ↔ 公用经费 (警告)
    ("XT012", "operating_costs", "D7", "13", W, "operating_costs", "D7"),
    ("XT012", "operating_costs", "D7", "14.01", W, "operating_costs", "D7"),
    ("XT012", "operating_costs", "D9", "13", W, "operating_costs", "D9"),
    # XT013 三公 ≤ 经济分类汇总表 and ≥ 基本支出表, per 经济科目
    ("XT013", "three_public", "F5", "3", W, "three_public", "F5"),
    ("XT013", "three_public", "F5", "2.01", I, "three_public", "F5"),
    ("XT013", "three_public", "G5", "0.5", W, "three_public", "G5"),
    ("XT013", "three_public", "C5", "1", W, "three_public", "C5"),
    # XT014 项目支出表 ↔ 支出表 项目支出 (合计, units) and 分资金表 项目支出
    ("XT014", "projects", "D5", "54", E, "projects", "D5"),
    ("XT014", "projects", "D5", "55.01", E, "projects", "D5"),
    ("XT014", "projects", "D7", "31", E, "projects", "D7"),
    ("XT014", "projects", "H5", "11", E, "projects", "E5"),
    # XT015 项目绩效目标表 ↔ 项目支出表, per project and in total
    ("XT015", "project_performance", "D8", "19", E, "project_performance", "D8"),
    ("XT015", "project_performance", "D8", "20.01", E, "project_performance", "D8"),
    ("XT015", "project_performance", "E11", "21", E, "project_performance", "E11"),
    ("XT015", "project_performance", "G6", "4", E, "project_performance", "G6"),
    ("XT015", "project_performance", "E10", "21", E, "project_performance", "E10"),
    # XT018 成本指标 ↔ 资金总额 of the same project (项目A: ≤20万元 in I8; 19.4 rounds to 19 < 20)
    ("XT018", "project_performance", "D8", "19.4", W, "project_performance", "I8"),
    # XT017 整体绩效 预算情况 ↔ 收支总表 / 收入表 / 支出表
    ("XT017", "overall_performance", "D8", "138", E, "overall_performance", "D8"),
    ("XT017", "overall_performance", "D8", "139.01", E, "overall_performance", "D8"),
    ("XT017", "overall_performance", "D9", "124", E, "overall_performance", "D9"),
    ("XT017", "overall_performance", "D10", "1", E, "overall_performance", "D10"),
    ("XT017", "overall_performance", "D12", "83", E, "overall_performance", "D12"),
]


@pytest.mark.parametrize("code,kind,address,value,severity,flagged,cell", CASES,
                         ids=[f"{c[0]}-{c[1]}!{c[2]}={c[3]}" for c in CASES])
def test_one_changed_cell_is_flagged(dept, code, kind, address, value, severity, flagged, cell):
    findings = run(changed(dept, kind, address, value))
    assert of(findings, code) == [(severity, SHEETS[flagged], cell)]


def test_every_rule_has_a_failing_case():
    codes = {c.rule.code for c in XT_CHECKS}
    tested = {c[0] for c in CASES} | {"XT001", "XT016", "XT019", "XT020"}  # those have tests of their own below
    assert codes == tested


def test_message_names_both_figures(dept):
    (finding,) = [f for f in run(changed(dept, "income", "C6", "140")) if f.code == "XT002"]
    assert finding.message.startswith("合计行“总计” 140.00 不等于 “部门收支预算表”B11“收入总计” 139.00（相差 1.00）：")
    # one printed cell against another compares exactly; a sum of several cells keeps the rounding bound
    (finding,) = [f for f in run(changed(dept, "income", "C6", "139.01")) if f.code == "XT002"]
    assert finding.severity is E and "尾差" not in finding.message
    (finding,) = [f for f in run(changed(dept, "income_expenditure_summary", "D5", "114.01")) if f.code == "XT004"]
    assert finding.severity is I and "尾差" in finding.message


def test_class_sum_message_describes_the_sum(dept):
    (finding,) = [f for f in run(changed(dept, "expenditure", "F9", "55")) if f.code == "XT004"]
    assert finding.message == (
        "“一、一般公共服务” 114.00 不等于 “部门支出预算表”201类各项级科目“合计”之和 115.00（相差 1.00）："
        "收支总表各类支出应等于支出表该类科目之和，请核对科目编码和金额"
    )


# -- focused cases ----------------------------------------------------------------------------
def test_missing_tables_reported_once_each_on_the_first_sheet(dept):
    findings = run(without(dept, "income", "three_public"))
    assert sorted(of(findings, "XT001")) == [(W, "部门收支预算表", "A1")] * 2
    messages = sorted(f.message.split("：")[0] for f in findings if f.code == "XT001")
    assert messages == ["未找到第二张表“部门收入预算表”", "未找到第八张表“一般公共预算“三公”经费预算表”"]
    assert [f for f in findings if f.code != "XT001"] == []  # rules needing them stay silent


def test_no_table_at_all_is_not_reported_per_table():
    assert run(ParsedWorkbook(())) == []


def test_each_rule_is_silent_when_its_tables_are_missing(dept):
    for kind in {t.kind for t in dept.tables}:
        findings = run(without(dept, kind))
        assert [f.code for f in findings] == ["XT001"], kind


def test_class_missing_from_summary_is_flagged_on_the_expenditure_row(dept):
    """A 类 the 收支总表 does not list: the 支出表 row is the only printed figure."""
    expenditure = dept.first("expenditure")
    extra = table("expenditure", [("detail", "2050101", "学前教育", exp("7", project="7", operating="7"))], top=20)
    rows = expenditure.rows + extra.rows
    workbook = ParsedWorkbook(tuple(dataclasses.replace(t, rows=rows) if t is expenditure else t for t in dept.tables))
    (finding,) = [f for f in run(workbook) if f.code == "XT004"]
    assert (finding.severity, finding.sheet, finding.cell) == (E, "部门支出预算表", "F20")
    assert "205类" in finding.message


def test_class_subtotal_row_is_flagged_when_printed(dept):
    """Where 三 prints a 类 row, that cell is the figure (and the note goes there)."""
    expenditure = dept.first("expenditure")
    subtotal = table("expenditure", [("class", "229", "其他支出", exp("21", project="21", specific="21"))], top=30)
    rows = expenditure.rows + subtotal.rows
    workbook = ParsedWorkbook(tuple(dataclasses.replace(t, rows=rows) if t is expenditure else t for t in dept.tables))
    assert of(run(workbook), "XT004") == [(E, "部门支出预算表", "F30")]


def test_summary_without_current_spending_row_uses_spending_total(dept):
    summary = dept.first("income_expenditure_summary")
    rows = tuple(
        dataclasses.replace(r, labels={**r.labels, "spending_item": ""}) if r.labels.get("spending_item") == "本年支出合计"
        else r for r in summary.rows
    )
    workbook = ParsedWorkbook(tuple(dataclasses.replace(t, rows=rows) if t is summary else t for t in dept.tables))
    assert run(workbook) == []
    assert of(run(changed(workbook, "income_expenditure_summary", "D11", "140")), "XT002") == [
        (E, "部门支出预算表", "F6")]


def test_economic_fund_column_equals_when_nothing_carried_over(dept):
    """Without 上年结转结余 七's 一般公共预算 column must equal 五 exactly (unit 100002)."""
    assert of(run(changed(dept, "economic_summary", "H16", "25.01")), "XT009") == [(E, "支出经济分类汇总表", "H16")]
    assert of(run(changed(dept, "economic_summary", "H7", "85")), "XT009") == []  # 79 ≤ 85 ≤ 89 with 结转 10


def test_basic_item_split_over_two_rows_is_flagged_on_the_economic_table(dept):
    """30101 is two rows in 六 (two 政府经济 pairs) and two in 七 (two units): no single cell,
    so the note goes on the first 七 row of the 款."""
    findings = run(changed(dept, "general_budget_basic", "E6", "41"))
    assert of(findings, "XT010") == [(W, "支出经济分类汇总表", "H8")]


def test_three_public_sums_checked_only_without_their_parts(dept):
    """合计/小计 columns follow from the parts (checked) and the within-table rules."""
    findings = run(changed(dept, "three_public", "B5", "4"))
    assert of(findings, "XT013") == []
    three = dept.first("three_public")
    keys = ("unit", "total")
    slim = dataclasses.replace(
        three, keys=keys, columns={k: three.columns[k] for k in keys},
        rows=tuple(dataclasses.replace(r, cells={"total": r.cells["total"]}) for r in three.rows),
    )
    workbook = ParsedWorkbook(tuple(slim if t is three else t for t in dept.tables))
    assert run(workbook) == []
    assert of(run(changed(workbook, "three_public", "B5", "4")), "XT013") == [(W, "一般公共预算“三公”经费预算表", "B5")]


def test_operating_costs_not_compared_under_another_definition(dept):
    spec = next(s for s in PROFILE.tables if s.kind == "operating_costs")
    other = dataclasses.replace(spec, options={**spec.options, "spending_types": ["公用经费", "项目支出"]})
    profile = dataclasses.replace(PROFILE, tables=tuple(other if s is spec else s for s in PROFILE.tables))
    ctx = dataclasses.replace(CTX, profile=profile)
    assert of(run(changed(dept, "operating_costs", "D7", "13"), ctx), "XT012") == []
    assert of(run(changed(dept, "operating_costs", "D7", "13")), "XT012") == [(W, "行政（事业）单位机构运转经费预算表", "D7")]


def test_performance_project_not_in_project_table(dept):
    performance = dept.first("project_performance")
    rows = tuple(
        dataclasses.replace(r, label="项目X", labels={"name": "项目X"}) if r.label == "项目D" else r
        for r in performance.rows
    )
    workbook = ParsedWorkbook(tuple(dataclasses.replace(t, rows=rows) if t is performance else t for t in dept.tables))
    findings = run(workbook)
    assert of(findings, "XT016") == [(W, "部门预算项目绩效目标表", "B12")]
    assert "项目X" in next(f.message for f in findings if f.code == "XT016")
    # 项目D is no longer matched: the unit 100002 and department totals are not compared …
    assert of(findings, "XT015") == []
    # … but the matched projects still are.
    assert of(run(changed(workbook, "project_performance", "D11", "19")), "XT015") == [
        (E, "部门预算项目绩效目标表", "D11")]


def test_projects_matched_by_name_whatever_blanks_and_width(dept):
    performance = dept.first("project_performance")
    rows = tuple(
        dataclasses.replace(r, label="项目 Ａ", labels={"name": "项目 Ａ"}) if r.label == "项目A" else r
        for r in performance.rows
    )
    workbook = ParsedWorkbook(tuple(dataclasses.replace(t, rows=rows) if t is performance else t for t in dept.tables))
    assert run(workbook) == []


def test_full_class_name_names_its_class(dept):
    summary = dept.first("income_expenditure_summary")
    rows = tuple(
        dataclasses.replace(r, labels={**r.labels, "spending_item": "八、社会保障和就业支出"})
        if r.labels.get("spending_item") == "八、社会保障和就业" else r for r in summary.rows
    )
    workbook = ParsedWorkbook(tuple(dataclasses.replace(t, rows=rows) if t is summary else t for t in dept.tables))
    assert run(workbook) == []


def summary_and_expenditure(label: str, summary_amount: str, item_amount: str) -> ParsedWorkbook:
    """The pair 收支总表 / 支出表 with one 类 (210) and one 项."""
    return ParsedWorkbook((
        table("income_expenditure_summary", [
            two("一、一般公共预算", summary_amount, label, spend(summary_amount)),
            two("收入总计", summary_amount, "支出总计", spend(summary_amount), role="total"),
        ]),
        table("expenditure", [
            ("total", "", "合计", exp(item_amount, item_amount, item_amount)),
            ("detail", "2101101", "行政单位医疗", exp(item_amount, item_amount, item_amount)),
        ]),
    ))


@pytest.mark.parametrize("label", ["十、卫生健康", "（十）卫生健康支出", "十、医疗卫生与计划生育", "十、医疗卫生与计划生育支出"])
def test_class_named_by_current_or_outdated_name(label):
    assert of(run(summary_and_expenditure(label, "9", "9")), "XT004") == []
    assert of(run(summary_and_expenditure(label, "9", "9.5")), "XT004") == [(E, "部门收支预算表", "D5")]


def test_renamed_class_printed_twice_uses_the_current_name():
    """Seed 004's 财政拨款收支表 prints （九）医疗卫生与计划生育支出 (blank) and （十）卫生健康支出."""
    workbook = summary_and_expenditure("十、卫生健康", "9", "9")
    summary = workbook.first("income_expenditure_summary")
    old = two("", None, "九、医疗卫生与计划生育", spend(None))
    stale = table("income_expenditure_summary", [old], top=4).rows
    tables = (dataclasses.replace(summary, rows=stale + summary.rows),) + workbook.tables[1:]
    assert of(run(ParsedWorkbook(tables)), "XT004") == []


def test_unnamed_spending_row_stops_missing_class_findings():
    """A spending row whose name is not a known 类 may be the missing 类: no guessing."""
    workbook = summary_and_expenditure("十、不知名的类", "9", "9")
    assert of(run(workbook), "XT004") == []
    assert of(run(summary_and_expenditure("十、卫生健康", "9", "9")), "XT004") == []
    # a known 类 that is not the spending's: both sides reported, each on its own printed figure
    assert of(run(summary_and_expenditure("十一、节能环保", "9", "9")), "XT004") == [
        (E, "部门支出预算表", "F7"), (E, "部门收支预算表", "D5")]


@pytest.mark.parametrize("text,total,over", [
    ("≤963.38万元", "963.37", True),  # seed 002, project 24430
    ("总成本963.38万元", "963.37", True),
    ("≤963.37万元", "963.37", False),
    ("≤963.4万元", "963.37", False),  # the total rounded as the indicator is written
    ("≤963万元", "963.37", False),
    ("≤964万元", "963.37", True),
    ("≤16. 92万元", "16.92", False),  # seed 000 prints a broken decimal
    ("≤9,633,800元", "963.37", True),
    ("≤9633700.00元", "963.37", False),
    ("≤963.38 万元", "1000", False),
])
def test_cost_indicator_against_total(text, total, over):
    from yusuan.checks.cross_rules.projects import cost_amount, exceeds

    cost = cost_amount(text)
    assert cost is not None and exceeds(cost, Decimal(total)) is over


@pytest.mark.parametrize("text", ["=100%", "≤500元/人", "及时", "", "≥20条"])
def test_cost_indicator_without_an_amount_is_not_compared(text):
    from yusuan.checks.cross_rules.projects import cost_amount

    assert cost_amount(text) is None


def test_cost_indicator_message(dept):
    (finding,) = [f for f in run(changed(dept, "project_performance", "D8", "19.4")) if f.code == "XT018"]
    assert finding.message.startswith("项目“项目A”的成本指标值“≤20万元”（20.00 万元）大于资金总额 19.40 万元（D8）：")


def _basic_items(total: str) -> SheetTable:
    """河南2023's 基本支出明细表 (七) of the department: 合计, department row, two items."""
    spec = profiles.load("河南2023").table("basic_items")
    keys = spec.keys
    columns = {k: i + 1 for i, k in enumerate(keys)}
    rows = [("total", "", "", total), ("department", "100", "示例局", total), ("detail", "", "基本工资", "65"),
            ("detail", "", "办公费", str(Decimal(total) - 65))]
    parsed = tuple(
        ParsedRow(7 + n, role, code, label, {"total": ParsedCell(7 + n, columns["total"], amount, _dec(amount))})
        for n, (role, code, label, amount) in enumerate(rows))
    return SheetTable(kind="basic_items", sheet=spec.sheet_name(), title="2025年一般公共预算基本支出明细表", title_cell="A1",
                      year=2025, department="示例局", unit="万元", keys=tuple(keys), columns=columns, rows=parsed,
                      header_rows=(5, 6))


def test_basic_items_total_equals_the_basic_table(dept):
    """XT020: the 明细表's 合计 is the 基本支出表's (84.00); one off is flagged on the 明细表's 合计."""
    ctx = dataclasses.replace(CTX, profile=profiles.load("河南2023"))
    assert of(run(ParsedWorkbook((*dept.tables, _basic_items("84"))), ctx), "XT020") == []
    findings = [f for f in run(ParsedWorkbook((*dept.tables, _basic_items("83"))), ctx) if f.code == "XT020"]
    assert [(f.severity, f.sheet, f.cell) for f in findings] == [(E, "一般公共预算基本支出明细表", "D7")]
    assert findings[0].message.startswith("合计行“合计” 83.00 不等于 “一般公共预算基本支出预算表”")
    assert of(run(ParsedWorkbook((*dept.tables, _basic_items("84.01"))), ctx), "XT020") == [(E, "一般公共预算基本支出明细表", "D7")]


def test_rules_survive_tables_without_their_columns(dept):
    """A layout lacking columns: the comparisons that need them are skipped, nothing raises."""
    stripped = []
    for t in dept.tables:
        keep = {k: c for k, c in t.columns.items() if k in ("total", "name", "income_item", "spending_item")}
        rows = tuple(dataclasses.replace(r, cells={k: v for k, v in r.cells.items() if k in keep}) for r in t.rows)
        stripped.append(dataclasses.replace(t, keys=tuple(keep), columns=keep, rows=rows))
    run(ParsedWorkbook(tuple(stripped)))  # must not raise


def test_rules_are_in_the_catalog_with_docs():
    rules = [r for r in catalog.all_rules() if r.code.startswith("XT")]
    assert [r.code for r in rules] == [f"XT{n:03d}" for n in range(1, len(rules) + 1)]
    for r in rules:
        assert r.family == "表间" and len(r.doc) > 80 and "修正" in r.doc, r.code


# -- end to end: seed 004 as published, and the demo workbook, parsed back -------------------------
def test_seed004_as_published_is_consistent():
    """The 14 published tables of seed 004, typed into a workbook in the profile's layout."""
    from pathlib import Path

    import pandas as pd

    from yusuan.audit.recognize import parse_workbook
    from yusuan.ports import CellRange
    from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
    from yusuan.tables.base import header_grid

    folder = Path(__file__).parents[1] / "fixtures" / "seeds" / "seed004" / "expected"
    book = OpenpyxlWorkbook.new()
    for spec, path in zip(PROFILE.tables, sorted(folder.glob("*.csv"))):
        body = [] if path.stat().st_size == 0 else pd.read_csv(
            path, header=None, dtype=str, keep_default_na=False).values.tolist()
        rows = [[spec.title.format(year=2025)], ["部门名称：洛龙区政务服务中心", None, "单位：万元"]]
        merges = []
        if spec.options.get("header", True):
            grid = header_grid(spec.columns)
            merges = [CellRange(3 + m.top, 1 + m.left, 3 + m.bottom, 1 + m.right) for m in grid.merges]
            rows += [list(r) for r in grid.rows]
        book.add_sheet(spec.sheet_name())
        book.write_values(spec.sheet_name(), 1, 1, rows + [[v or None for v in r] for r in body])
        book.merge(spec.sheet_name(), merges)
    parsed = parse_workbook(book)
    assert len(parsed.tables) == 14
    assert run(parsed) == []



@pytest.fixture(scope="module")
def demo(demo_bytes):
    return open_copy(demo_bytes)


def _parsed_findings(port) -> list:
    from yusuan.audit.recognize import parse_workbook

    return run(parse_workbook(port))


def test_demo_has_no_cross_table_finding(demo):
    assert _parsed_findings(demo) == []


DEMO_CASES = [
    # (sheet, cell, value, code, severity, flagged sheet, flagged cell)
    ("部门收入预算表", "C6", 1231.49, "XT002", E, "部门收入预算表", "C6"),
    ("部门收入预算表", "C6", 1232, "XT002", E, "部门收入预算表", "C6"),
    ("部门支出预算表", "F9", 207.8, "XT004", E, "部门收支预算表", "D5"),
    ("财政拨款收支预算表", "E7", 791, "XT007", E, "财政拨款收支预算表", "E7"),
    ("一般公共预算基本支出预算表", "G5", 44, "XT008", E, "一般公共预算基本支出预算表", "G5"),
    ("一般公共预算“三公”经费预算表", "F5", 7, "XT013", W, "一般公共预算“三公”经费预算表", "F5"),
    ("政府性基金支出预算表", "F6", 301, "XT011", E, "政府性基金支出预算表", "F6"),
    ("行政（事业）单位机构运转经费预算表", "D9", 26, "XT012", W, "行政（事业）单位机构运转经费预算表", "D9"),
    ("项目支出预算表", "D5", 726, "XT014", E, "项目支出预算表", "D5"),
    ("部门预算项目绩效目标表", "D8", 74, "XT015", E, "部门预算项目绩效目标表", "D8"),
    ("部门（单位）整体绩效目标表", "D12", 505, "XT017", E, "部门（单位）整体绩效目标表", "D12"),
]


@pytest.mark.parametrize("sheet,cell,value,code,severity,flagged,flagged_cell", DEMO_CASES,
                         ids=[f"{c[3]}-{c[0]}!{c[1]}" for c in DEMO_CASES])
def test_demo_changed_cell_flagged(demo, sheet, cell, value, code, severity, flagged, flagged_cell):
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(cell)
    col = column_index_from_string(letters)
    old = demo.read_values(sheet)[row - 1][col - 1]
    demo.write_values(sheet, row, col, [[value]])
    try:
        findings = _parsed_findings(demo)
    finally:
        demo.write_values(sheet, row, col, [[old]])
    assert of(findings, code) == [(severity, flagged, flagged_cell)]


# -- XT019: the 2020 整体支出绩效目标表's task amounts against the department's budget -------------

def tasks_form(*totals: str) -> SheetTable:
    """The 2020 form as the recogniser parses it: one row per task from row 9, 总金额 in column D."""
    parsed = [ParsedRow(9 + n, "detail", "", f"任务{n + 1}", {"task_total": ParsedCell(9 + n, 4, t, _dec(t))})
              for n, t in enumerate(totals)]
    kind = "overall_performance"
    return SheetTable(kind=kind, sheet=SHEETS[kind], title=SHEETS[kind], title_cell="A1", year=None,
                      department="示例局", unit="万元", keys=("task_total",), columns={"task_total": 4},
                      rows=tuple(parsed), header_rows=(0, 0))


def with_tasks(workbook: ParsedWorkbook, *totals: str) -> ParsedWorkbook:
    return ParsedWorkbook(tuple(tasks_form(*totals) if t.kind == "overall_performance" else t for t in workbook.tables))


@pytest.mark.parametrize("totals, dropped, expected", [
    (("84", "55"), (), []),  # 基本支出 84 + 项目支出 55 = 本年支出合计 139
    (("84", "55", "3"), (), [(W, "D9")]),  # the 三公 3 listed again beside the 基本支出 that holds it
    (("84", "54"), (), [(W, "D9")]),  # an expenditure left out of the tasks
    (("84", "55.01"), (), [(I, "D9")]),  # a rounding difference only
    (("84", "56"), ("income_expenditure_summary",), [(W, "D9")]),  # no 收支总表: the 支出表's 总计 139
    (("84", "55"), ("income_expenditure_summary",), []),
    (("84", "56"), ("income_expenditure_summary", "expenditure"), []),  # nothing to compare with
], ids=["equal", "counted-twice", "left-out", "rounding", "expenditure", "expenditure-equal", "no-total"])
def test_task_amounts_add_up_to_the_budget(dept, totals, dropped, expected):
    findings = of(run(without(with_tasks(dept, *totals), *dropped)), "XT019")
    assert findings == [(severity, SHEETS["overall_performance"], cell) for severity, cell in expected]


def test_task_message_names_the_sum_and_the_budget(dept):
    (finding,) = [f for f in run(with_tasks(dept, "84", "55", "3")) if f.code == "XT019"]
    assert "各任务“总金额”之和 142.00" in finding.message and "本年支出合计" in finding.message
    assert "相差 3.00" in finding.message
