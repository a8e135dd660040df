"""Fixture generator: an input workbook with known bad cells next to good lines.

Built through the workbook port from the generated template, so it always matches the
reader.  ``good_workbook()`` is a small department that reads without any finding;
``bad_workbook()`` adds the rows and cells listed in ``BAD_CELLS``, each with the rule code
the reader must report, exactly once, at that address.  ``WARNING_ROWS`` are bad rows that
only warn, so their lines stay in the model.

Run as a script to write the workbook for a look in Excel:
``PYTHONPATH=src python tests/inputs/bad_input_workbook.py out.xlsx``
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import write_template
from yusuan.ports.base import a1
from yusuan.ports.memory import MemoryWorkbook
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

LINES = "支出明细"

SETTINGS: dict[str, Any] = {
    "department_name": "测试市财政局",
    "department_code": "101",
    "year": 2025,
    "amount_unit": "元",
    "profile": "河南2025",
    "duties": "负责全市财政收支管理。",
    "vehicles_general": 2,
}
UNITS = [
    ["001001", "测试市财政局机关", "行政单位"],
    ["001002", "测试市财政信息中心", "事业单位"],
]


def line(**values: Any) -> dict[str, Any]:
    """A basic 人员经费 line of the 机关, with ``values`` changed."""
    base = {
        "unit_code": "001001", "function_code": "2010601", "dept_econ_code": "30101",
        "spending_type": "人员经费", "fund_source": "一般公共预算", "amount": 1200000,
    }
    base.update(values)
    return base


P001 = dict(
    unit_code="001002", function_code="2010699", dept_econ_code="30227", spending_type="项目支出",
    project_code="P001", project_name="财政信息系统运维", project_type="其他运转类", fund_source="一般公共预算",
    procurement="服务", amount=300000,
)
GOOD_LINES = [
    line(),  # row 2
    line(dept_econ_code="30201", spending_type="公用经费", amount=80000.5),  # 3
    line(function_code="2080505", dept_econ_code="30108", amount="150,000.00"),  # 4: text with separators
    line(unit_code="001002", function_code="2010650", amount=600000),  # 5: 事业单位 → 50501
    P001,  # 6
    {**P001, "dept_econ_code": "31002", "procurement": "货物", "amount": 120000},  # 7
    line(function_code="2010602", dept_econ_code="30211", spending_type="项目支出", project_code="P002",
         project_name="预算绩效评价", project_type="特定目标类", carried_over="是", amount=50000),  # 8
]
INDICATORS = [
    ["P001", None, "产出", "质量指标", "系统可用率", "≥99%"],
    ["P002", None, "效益", "社会效益指标", "评价报告采纳率", "≥90%"],
]
OVERALL = [
    {"duty_goal": "保障财政平稳运行。"},
    {"task_name": "预算管理", "task_content": "编制年度预算。"},
    {"level1": "产出指标", "level2": "数量指标", "level3": "预算编制完成率", "value": "100%", "value_note": "按时完成"},
]
LAST_YEAR = {"收入总计": 2000000, "支出总计": 2000000}
OTHER_INCOME = [["001002", "年终结转结余", "事业收入", 10000]]


@dataclass(frozen=True)
class Bad:
    """A bad cell: where it is, the rule it breaks, and the value(s) that make it bad."""

    sheet: str
    key: str  # column key (list sheets) or setting key (基本信息)
    row: int
    code: str
    note: str = ""

    def address(self) -> str:
        spec = load_spec()
        if self.sheet == spec.settings_sheet:
            return a1(self.row, 2 if self.key != "label" else 1)
        keys = [c.key for c in spec.sheet(self.sheet).columns]
        return a1(self.row, keys.index(self.key) + 1)


# Bad 支出明细 rows, one bad cell each; every row has its own amount so no two are duplicates.
BAD_LINES: list[tuple[str, str, dict[str, Any]]] = [
    ("unit_code", "IN005", line(unit_code="009999", amount=1001)),
    ("function_code", "IN007", line(function_code="201060", amount=1002)),
    ("function_code", "IN008", line(function_code="2010698", amount=1003)),
    ("dept_econ_code", "IN009", line(dept_econ_code="3010", amount=1004)),
    ("dept_econ_code", "IN010", line(dept_econ_code="30198", amount=1005)),
    ("gov_econ_code", "IN011", line(gov_econ_code="59998", amount=1006)),
    ("gov_econ_code", "IN012", line(gov_econ_code="50201", amount=1007)),  # warning: kept
    ("amount", "IN014", line(amount="一千二百元")),
    ("amount", "IN015", line(amount=-500)),
    ("amount", "IN016", line(amount=None)),
    ("amount", "IN017", line(amount="100.005")),
    ("spending_type", "IN004", line(spending_type="基本费用", amount=1008)),
    ("fund_source", "IN004", line(fund_source="财政拨款", amount=1009)),
    ("fund_source", "IN003", line(fund_source=None, amount=1010)),
    ("project_code", "IN018", {**P001, "project_code": None, "amount": 1011}),
    ("project_name", "IN019", {**P001, "project_code": "P009", "project_name": None, "amount": 1012}),
    ("project_name", "IN020", {**P001, "project_name": "财政系统运维", "amount": 1013}),  # warning: kept
    ("project_code", "IN021", line(project_code="P001", amount=1014)),  # warning: kept
    ("spending_type", "IN022", line(dept_econ_code="30201", amount=1015)),
    ("dept_econ_code", "IN023", line(dept_econ_code="30701", spending_type="公用经费", amount=1016)),
    ("amount", "IN024", line()),  # same as row 2: warning, kept
    ("function_name", "IN025", line(function_name="行政管理", amount=1017)),  # warning: kept
    ("carried_over", "IN004", line(carried_over="Y", amount=1018)),
    ("procurement", "IN004", line(procurement="设备", amount=1019)),
    ("unit_code", "-", line(unit_code="001003", amount=1020)),  # 001003 is bad on 单位信息: no finding here
]
_FIRST_BAD_LINE_ROW = 2 + len(GOOD_LINES)
# 001003 (bad 单位性质) is flagged on 单位信息; its lines are left out without a second finding.
_SILENT = {"001003"}


def _bad_line_cells() -> list[Bad]:
    return [
        Bad(LINES, key, _FIRST_BAD_LINE_ROW + i, code)
        for i, (key, code, values) in enumerate(BAD_LINES)
        if values.get("unit_code") not in _SILENT
    ]


BAD_UNITS = [
    ("unit_code", "IN006", ["001001", "测试市财政局机关（重复）", "行政单位"]),
    ("unit_kind", "IN004", ["001003", "测试市财政服务站", "企业"]),
    ("unit_name", "IN003", ["001004", None, "行政单位"]),
]
BAD_INDICATORS = [
    ("project_code", "IN026", ["P404", None, "产出", "数量指标", "评审项目数", "≥10个"]),
    ("indicator_type", "IN004", ["P001", None, "质量", "质量指标", "故障响应时间", "≤2小时"]),
    ("level3", "IN003", ["P002", None, "产出", "数量指标", None, "≥5份"]),
]
BAD_OTHER_INCOME = [
    ("unit_code", "IN005", ["008888", "年终结转结余", "事业收入", 500]),
    ("item", "IN004", ["001002", "结余", "事业收入", 600]),
]
WARNING_CODES = {"IN012", "IN020", "IN021", "IN024", "IN025"}


def _rows_after(sheet: str, first_row: int, bad: list[tuple[str, str, Any]]) -> list[Bad]:
    return [Bad(sheet, key, first_row + i, code) for i, (key, code, _) in enumerate(bad)]


def _settings_bad() -> list[Bad]:
    spec = load_spec()
    row = {s.key: 2 + i for i, s in enumerate(spec.settings)}
    return [
        Bad(spec.settings_sheet, "department_code", row["department_code"], "IN003"),
        Bad(spec.settings_sheet, "vehicles_general", row["vehicles_general"], "IN032"),
        Bad(spec.settings_sheet, "label", 2 + len(spec.settings), "IN033"),
    ]


def _last_year_rows() -> tuple[int, int]:
    items = load_spec().sheet("上年数").column("item").choices
    return 2 + items.index("一般公共预算"), 2 + len(items)


BAD_CELLS: list[Bad] = (
    _bad_line_cells()
    + _rows_after("单位信息", 2 + len(UNITS), BAD_UNITS)
    + _rows_after("项目绩效", 2 + len(INDICATORS), BAD_INDICATORS)
    + _rows_after("其他收入", 2 + len(OTHER_INCOME), BAD_OTHER_INCOME)
    + [
        Bad("上年数", "amount", _last_year_rows()[0], "IN014"),
        Bad("上年数", "item", _last_year_rows()[1], "IN027"),
        Bad("上年数", "item", _last_year_rows()[1] + 1, "IN028"),
        Bad("整体绩效", "value", 2 + len(OVERALL), "IN003"),
    ]
    + _settings_bad()
)
# Rows of 支出明细 whose lines the model must hold: the good ones and the ones that only warn.
GOOD_LINE_ROWS = list(range(2, 2 + len(GOOD_LINES)))
WARNING_LINE_ROWS = [_FIRST_BAD_LINE_ROW + i for i, (_, code, _) in enumerate(BAD_LINES) if code in WARNING_CODES]


# building ------------------------------------------------------------------------------
def row_values(sheet: str, values: dict[str, Any]) -> list[Any]:
    return [values.get(c.key) for c in load_spec().sheet(sheet).columns]


def write_settings(port: Any, values: dict[str, Any]) -> None:
    spec = load_spec()
    for i, setting in enumerate(spec.settings):
        if setting.key in values:
            port.write_values(spec.settings_sheet, 2 + i, 2, [[values[setting.key]]])


def write_lines(port: Any, first_row: int, lines: list[dict[str, Any]]) -> None:
    if lines:
        port.write_values(LINES, first_row, 1, [row_values(LINES, v) for v in lines])


def _fill_good(port: Any) -> None:
    write_template(port)
    write_settings(port, SETTINGS)
    port.write_values("单位信息", 2, 1, UNITS)
    write_lines(port, 2, GOOD_LINES)
    port.write_values("项目绩效", 2, 1, INDICATORS)
    port.write_values("整体绩效", 2, 1, [row_values("整体绩效", v) for v in OVERALL])
    items = load_spec().sheet("上年数").column("item").choices
    for item, amount in LAST_YEAR.items():
        port.write_values("上年数", 2 + items.index(item), 2, [[amount]])
    port.write_values("其他收入", 2, 1, OTHER_INCOME)


def good_workbook() -> OpenpyxlWorkbook:
    """A small department that reads without a single finding."""
    port = OpenpyxlWorkbook.new()
    _fill_good(port)
    return port


@cache
def _good_in_memory() -> MemoryWorkbook:
    port = MemoryWorkbook()
    _fill_good(port)
    return port


def good_memory_workbook() -> MemoryWorkbook:
    """``good_workbook()`` on the in-memory port, a copy of one made once (~10 ms, where writing
    the template through openpyxl takes ~0.3 s): for tests that read and change it, not save it."""
    return _good_in_memory().copy()


def scale_amounts(port: Any, factor: Decimal) -> None:
    """Every 支出明细 amount (a number, or digits typed as text) times ``factor``, written as
    exact decimal text: the good department in another 金额单位."""
    column = [c.key for c in load_spec().sheet(LINES).columns].index("amount") + 1
    for row, values in enumerate(port.read_values(LINES)[1:], start=2):
        value = values[column - 1]
        text = str(value).replace(",", "")
        if isinstance(value, (int, float)) or (isinstance(value, str) and text.replace(".", "").isdigit()):
            port.write_values(LINES, row, column, [[format((Decimal(text) * factor).normalize(), "f")]])


def bad_workbook(port: Any = None) -> Any:
    """``good_workbook()`` (or ``port``, a good workbook) plus every cell of ``BAD_CELLS``."""
    port = good_workbook() if port is None else port
    write_lines(port, _FIRST_BAD_LINE_ROW, [values for _, _, values in BAD_LINES])
    port.write_values("单位信息", 2 + len(UNITS), 1, [v for _, _, v in BAD_UNITS])
    port.write_values("项目绩效", 2 + len(INDICATORS), 1, [v for _, _, v in BAD_INDICATORS])
    port.write_values("其他收入", 2 + len(OTHER_INCOME), 1, [v for _, _, v in BAD_OTHER_INCOME])
    amount_row, end = _last_year_rows()
    port.write_values("上年数", amount_row, 2, [["约200万"]])
    port.write_values("上年数", end, 1, [["收入合计", 100], ["支出总计", 100]])
    port.write_values("整体绩效", 2 + len(OVERALL), 1, [row_values("整体绩效", {"level3": "资金到位率", "value": None, "value_note": "及时拨付"})])
    write_settings(port, {"department_code": None, "vehicles_general": "两辆"})
    spec = load_spec()
    port.write_values(spec.settings_sheet, 2 + len(spec.settings), 1, [["主要职责", "重复填写的职责。"]])
    return port


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "bad_input_workbook.xlsx"
    bad_workbook().save(target)
    print(f"{target}: {len(BAD_CELLS)} bad cells")
