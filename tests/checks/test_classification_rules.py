"""科目 rules (CL…): their passing and failing cases are data (rule_cases/CL.yaml, the tables
written row by row for the driver rule_cases/tables_by_rows.py; the seeds' errors are named
there).  Here what data cannot say: every rule is documented, never crashes on odd or random
rows, and the catalog the rules use comes from the context first."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.checks import classification_rules as cl
from yusuan.checks.registry import CheckContext, all_checks
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable

DEPT = "卫辉市政务服务和大数据管理局"
CTX = CheckContext(year=2025)

EXP_KEYS = (
    "class_code", "item_code", "sub_code", "unit_code", "name", "total", "basic", "wages", "household",
    "goods", "capital", "project", "project_operating", "project_specific",
)
FIRST_ROW = 6  # body starts below title, 部门名称 line and a three-row header


# ---- builder (odd tables the YAML row forms do not make) ---------------------------------------
@dataclass
class R:
    """A body row to build: role, code, label, amounts by key, text labels by key."""

    role: str
    code: str = ""
    label: str = ""
    amounts: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)


def sheet_table(kind: str, keys: tuple[str, ...], body: list[R], *, year: int | None = 2025) -> SheetTable:
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
        kind=kind, sheet=kind, title=f"{year or ''}年{kind}", title_cell="A1", year=year,
        department=DEPT, unit="万元", keys=keys, columns=columns, rows=tuple(rows), header_rows=(3, 5),
    )


def book(*tables: SheetTable) -> ParsedWorkbook:
    return ParsedWorkbook(tables=tables)


def expenditure(year: int | None = 2025) -> SheetTable:
    return sheet_table("expenditure", EXP_KEYS, [R("total", "", "合计", {"total": 1}, {"name": "合计"})], year=year)


def test_rules_are_documented():
    for item_check in all_checks():
        rule = item_check.rule
        if rule.code.startswith("CL"):
            assert rule.family == "科目" and len(rule.doc) > 60 and rule.name


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
    table = expenditure(year=2018)
    assert cl.catalog_for(table, CheckContext(year=2025)).year == 2025
    assert cl.catalog_for(table, CheckContext()).year == 2018
    assert cl.catalog_for(expenditure(year=None), CheckContext()) is None


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
