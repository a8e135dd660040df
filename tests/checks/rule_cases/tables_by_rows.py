"""The ``tables_by_rows`` driver: a case's own few tables, written row by row in its YAML — the
科目 (CL) and the table-level 文字 (TX001–TX009) cases start from them.

``given: {tables: [<table>, …]}``, a table being::

    sheet: 部门支出预算表     # the sheet; its kind (表种) follows from the profile's sheet names …
    kind: general_budget_basic  # … or is given, for a sheet named otherwise (a seed's 预算06表)
    year: 2025               # the year read from the title (default 2025; null: none)
    title: …                 # default "<year>年<sheet>" ("<sheet>" when the year is null)
    department: …            # the 部门名称 line (default 卫辉市政务服务和大数据管理局)
    department_cell: A2      # where that line was found (default: none; the title's cell stands for it)
    note: …                  # the text below the table (表注), one blank row below the last row
    rows: [[role, …], …]

The title is in A1, the 部门名称 line in row 2, the header in rows 3–5 and the body from row 6,
one sheet row per entry of ``rows``; the columns are the profile's for the kind (支出表: A 类,
B 款, C 项, D 单位编码, E 单位名称/科目名称, F 合计, …; 六: A 部门经济, B 名称, C 政府经济,
D 名称, E 合计; 七: A 类, B 款, C 部门经济名称, D 类, E 款, F 政府经济名称, G 合计; 收支总表 and
财政拨款收支表: A 收入项目, B 金额, C 支出项目, D 金额; 三公: A 单位名称, B 合计, …).

A row is its role — ``total`` 合计, ``department`` 部门, ``unit`` 单位, ``class`` 类, ``item`` 款,
``detail`` 项 / 明细 — then its cells left to right, a code written whole (2010301 fills 类 款 项):

* 支出表, 一般公共预算支出表, 政府性基金表, 国有资本经营表: ``[role, code, name, 合计]`` — a
  类/款/项 row's code goes to 类 款 项, a department or unit row's to 单位编码;
* 六 and 七 (经济分类): ``[role, 部门经济 code, name, 政府经济 code, name, 合计]``, their unit and
  total rows ``[role, code, name, 合计]``;
* 收支总表 and 财政拨款收支表: ``[role, 收入项目, 收入金额, 支出项目, 支出金额]``;
* any other table: ``[role, code, name, 合计]`` (三公: the name is the 单位名称; 整体绩效: the
  amount is column D).

An amount is a number, ``""`` / null (a blank cell) or a text (text in an amount cell); left
off the end of a row, the row has no such cell.  A mapping at the end of a row adds text cells
by column key (``{project_type: 其他运转类}``).

``context``: ``year`` (the budget year; default 2025, null: none), ``catalog_year`` (a catalog
the context brings), ``unit_kinds`` ({单位编码: 单位性质}, known in build mode), ``department``
(the configured 部门名称), ``profile`` (the checks' 表样版本, e.g. 河南2024; the tables keep
河南2025's columns)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from yusuan import profiles
from yusuan.catalogs import Catalog
from yusuan.checks.registry import CheckContext
from yusuan.findings import Finding
from yusuan.model.parsed import ParsedCell, ParsedRow, ParsedWorkbook, SheetTable

from . import RuleCase, driver, run_checks
from .department import KINDS, PROFILE, SHEETS, keys_of

DEPARTMENT = "卫辉市政务服务和大数据管理局"
YEAR = 2025
FIRST_ROW = 6  # below the title, the 部门名称 line and a three-row header
CODE_ROLES = ("class", "item", "detail")
FUNCTION_CODE = ("class_code", "item_code", "sub_code")  # 类 款 项: 3 + 2 + 2 digits
TWO_SIDED = ("income_expenditure_summary", "fiscal_summary")
NAME_KEYS = {"three_public": "unit", "overall_performance": "c1", "general_budget_basic": "dept_name",
             "economic_summary": "dept_name"}
AMOUNT_KEYS = {"overall_performance": "c4"}
BLANK = (None, "")
TABLE_KEYS = {"sheet", "kind", "year", "title", "department", "department_cell", "note", "rows"}


@driver("tables_by_rows")
def run_tables(case: RuleCase) -> list[Finding]:
    workbook = ParsedWorkbook(tuple(table(spec) for spec in case.given.get("tables") or ()))
    return run_checks(case.code, workbook, _context(case.context))


def _context(context: Mapping[str, Any]) -> CheckContext:
    catalog_year = context.get("catalog_year")
    return CheckContext(
        profile=profiles.load(context["profile"]) if context.get("profile") else PROFILE, year=context.get("year", YEAR),
        catalog=Catalog.for_year(catalog_year) if catalog_year else None,
        unit_kinds={str(code): str(kind) for code, kind in (context.get("unit_kinds") or {}).items()},
        department=context.get("department", ""),
    )


def table(spec: Mapping[str, Any]) -> SheetTable:
    """One table written as in a case's ``given``; a table several cases share (a YAML alias) is built once."""
    return _built(_key(spec))


def _key(value: Any) -> Any:
    """A hashable copy of a YAML value (mappings as sorted item tuples)."""
    if isinstance(value, Mapping):
        return ("{}", tuple(sorted((k, _key(v)) for k, v in value.items())))
    if isinstance(value, list):
        return tuple(_key(v) for v in value)
    return value


@cache
def _built(key: Any) -> SheetTable:
    spec = _unkey(key)
    unknown = set(spec) - TABLE_KEYS
    if unknown:
        raise ValueError(f"a table has no keys {sorted(unknown)}: {spec!r}")
    kind = spec.get("kind") or KINDS[spec["sheet"]]
    sheet = spec.get("sheet") or SHEETS[kind]
    year = spec.get("year", YEAR)
    keys = keys_of(kind)
    columns = {k: i + 1 for i, k in enumerate(keys)}
    rows = tuple(_row(kind, columns, FIRST_ROW + n, entry) for n, entry in enumerate(spec.get("rows") or ()))
    note = spec.get("note") or ""
    return SheetTable(
        kind=kind, sheet=sheet, title=spec.get("title") or (f"{year}年{sheet}" if year else sheet), title_cell="A1",
        year=year, department=spec.get("department", DEPARTMENT), unit="万元", keys=tuple(keys), columns=columns,
        rows=rows, header_rows=(3, FIRST_ROW - 1), note=note,
        note_cell=f"A{FIRST_ROW + len(rows) + 1}" if note else "", department_cell=spec.get("department_cell", ""),
    )


def _unkey(key: Any) -> Any:
    if isinstance(key, tuple) and key[:1] == ("{}",):
        return {k: _unkey(v) for k, v in key[1]}
    if isinstance(key, tuple):
        return [_unkey(v) for v in key]
    return key


def _row(kind: str, columns: dict[str, int], r: int, entry: Sequence[Any]) -> ParsedRow:
    """One body row: ``entry`` is [role, cells…] in the kind's row form (the module's docstring)."""
    role, *cells = entry
    texts = dict(cells.pop()) if cells and isinstance(cells[-1], Mapping) else {}
    labels: dict[str, str] = {}
    amounts: dict[str, Any] = {}
    keys = list(columns)
    if kind in TWO_SIDED:
        income, income_amount, spending, spending_amount = _padded(cells, 4)
        labels.update(income_item=_text(income), spending_item=_text(spending))
        amounts.update({keys[1]: income_amount, keys[3]: spending_amount})
        code, name = "", _text(spending) or _text(income)
    elif kind in ("general_budget_basic", "economic_summary") and role in CODE_ROLES:
        code, name, gov, gov_name, amount = _padded(cells, 5)
        code, gov = _text(code), _text(gov)
        split = kind == "economic_summary"  # 七 prints 类 and 款 in two columns
        labels.update(_code_labels(code, ("dept_class", "dept_item") if split else ("dept_code",)))
        labels.update(_code_labels(gov, ("gov_class", "gov_item") if split else ("gov_code",)))
        labels.update(dept_name=_text(name), gov_name=_text(gov_name))
        amounts["total"] = amount
    else:
        code, name, amount = _padded(cells, 3)
        code = _text(code)
        labels.update(_code_labels(code, _code_keys(kind, role, columns)))
        labels[NAME_KEYS.get(kind, "name")] = _text(name)
        amounts[AMOUNT_KEYS.get(kind, "total")] = amount
    labels.update({key: _text(text) for key, text in texts.items()})
    cells_by_key = {key: _cell(r, columns[key], value) for key, value in amounts.items() if value is not _MISSING}
    return ParsedRow(r, role, code, _text(name), cells_by_key, {k: v for k, v in labels.items() if v})


def _code_keys(kind: str, role: str, columns: dict[str, int]) -> tuple[str, ...]:
    """Where a row's code is printed: 类 款 项, 单位编码, the first 部门经济 column or 编码."""
    if "class_code" in columns:
        return FUNCTION_CODE if role in CODE_ROLES else ("unit_code",)
    return next(((k,) for k in ("dept_class", "dept_code", "code") if k in columns), ())


def _code_labels(code: str, keys: tuple[str, ...]) -> dict[str, str]:
    """A code whole, or split over 类 (3 digits) and 款 / 项 (2 digits each)."""
    if not keys:
        return {}
    if len(keys) == 1:
        return {keys[0]: code}
    parts = [code[:3]] + [code[3 + 2 * i:5 + 2 * i] for i in range(len(keys) - 1)]
    return dict(zip(keys, parts, strict=True))


_MISSING = object()


def _padded(cells: list[Any], n: int) -> list[Any]:
    if len(cells) > n:
        raise ValueError(f"a row of {n} cells at most, not {cells!r}")
    return cells + [_MISSING] * (n - len(cells))


def _text(value: Any) -> str:
    return "" if value is None or value is _MISSING else str(value)


def _cell(r: int, col: int, value: Any) -> ParsedCell:
    """An amount cell: a number, blank, or a text that is not a number (as the recogniser reads it)."""
    if value in BLANK:
        return ParsedCell(r, col, None, None)
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():  # 'NaN' and 'Infinity' are texts in a sheet
        return ParsedCell(r, col, value, None, problem="不是数字")
    return ParsedCell(r, col, value, amount)

