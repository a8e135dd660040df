"""What the 科目 rules share: the table kinds they read, the rows that carry codes, the
catalog of the budget year, units and their kinds (单位性质), the 经济分类 rows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources

from yusuan.catalogs import UNIT_KINDS, Catalog, chinese_numeral, normalize_name
from yusuan.checks.memo import per_run
from yusuan.checks.registry import CheckContext
from yusuan.findings.catalog import family_declaration
from yusuan.findings.rule import Severity
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import a1
from yusuan.text import nfkc
from yusuan.yaml_data import load_yaml

FAMILY = "科目"
E, W = Severity.ERROR, Severity.WARNING

EXPENDITURE_KINDS = (
    "expenditure",
    "general_budget_expenditure",
    "government_fund_expenditure",
    "state_capital_expenditure",
)
SUMMARY_KINDS = ("income_expenditure_summary", "fiscal_summary")
ECON_KINDS = ("general_budget_basic", "economic_summary")
# tables whose rows carry 部门经济 款 codes (机构运转经费表 has no 政府经济 column)
DEPT_ECON_KINDS = ECON_KINDS + ("operating_costs",)
CODE_ROLES = ("class", "item", "detail")
GROUP_ROLES = ("department", "unit")
UNIT_LISTING_KINDS = ("income", "expenditure", "economic_summary", "operating_costs")

_LEVEL = {3: "类", 5: "款", 7: "项"}
MIN_CLASS_LABELS = 3
_NUMERALS = {chinese_numeral(n): n for n in range(1, 100)}
_CLASS_LABEL = re.compile(r"^\(?\s*([一二三四五六七八九十]+)\s*[)、.]\s*(.+)$")
_LEVEL_SUFFIX = re.compile(r"[(（](类|款|项)[)）]$")


_rule = family_declaration(FAMILY)

# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------
@cache
def _data() -> dict:
    text = resources.files("yusuan.checks").joinpath("data", "placeholders.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


def _nfkc(text: object) -> str:
    """A cell's text, full-width → half-width (the toolkit's :func:`yusuan.text.nfkc`), trimmed."""
    return nfkc(str(text or "")).strip()


def _digits(text: object) -> str:
    """The code in a cell ('2010301', ' 30101 '), or '' when it is not a plain number."""
    return _code_digits(text if isinstance(text, str) else str(text or ""))


@lru_cache(maxsize=1 << 16)  # the rules read the same few hundred codes on every row
def _code_digits(text: str) -> str:
    code = "".join(_nfkc(text).split())
    if code.endswith(".0"):  # a code typed as a number and read back as float text
        code = code[:-2]
    return code if code.isdigit() else ""


def _join(cls: object, item: object) -> str:
    """类 + 款 from two columns ('301', '2' → '30102')."""
    head, tail = _digits(cls), _digits(item)
    if not head:
        return ""
    return head + tail.zfill(2) if tail else head


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def catalog_for(table: SheetTable, ctx: CheckContext) -> Catalog | None:
    """The budget year's catalog: the context's, else built for the year (None: no year known)."""
    if ctx.catalog is not None:
        return ctx.catalog
    year = ctx.year or table.year  # the budget year wins over a (possibly wrong) title year
    if not year:
        return None
    return Catalog.for_year(year)


def _cell(table: SheetTable, row: ParsedRow, *keys: str) -> str:
    """A1 address of the first of ``keys`` the table has, else the row's first column."""
    for key in keys:
        col = table.columns.get(key)
        if col:
            return a1(row.row, col)
    if table.columns:
        return a1(row.row, min(table.columns.values()))
    return table.title_cell


def _function_code_cell(table: SheetTable, row: ParsedRow, code: str) -> str:
    keys = {7: ("sub_code", "item_code", "class_code"), 5: ("item_code", "class_code")}.get(len(code), ("class_code",))
    return _cell(table, row, *keys, "code")


def _missing_level_cell(table: SheetTable, row: ParsedRow, key: str, printed: str) -> str:
    """Where a code too coarse for its row is completed: the cell of the level it lacks (``key``:
    the 款 after a 类-only code) when the table prints its levels in columns of their own, else
    the ``printed`` code cell (a code printed whole is corrected in place)."""
    col = table.columns.get(key)
    return a1(row.row, col) if col else printed


def _clean_name(label: object, code: str = "") -> str:
    """The name as printed, without a leading code ('2010301 行政运行') or a trailing '（项）'."""
    return _clean_text(str(label or ""), code)


@lru_cache(maxsize=1 << 16)  # the same 科目 names on every unit's rows
def _clean_text(label: str, code: str) -> str:
    text = label.strip()
    if code and "".join(_nfkc(text).split()).startswith(code):
        text = "".join(_nfkc(text).split())[len(code):]
    return _LEVEL_SUFFIX.sub("", text).strip()


def _row_name(row: ParsedRow, key: str = "name") -> str:
    return row.labels.get(key) or row.label or ""


def _amount(row: ParsedRow) -> Decimal:
    """The row's total, else its first non-zero amount."""
    if "total" in row.cells and row.cells["total"].amount:
        return row.cells["total"].value
    return next((c.value for c in row.cells.values() if c.amount), Decimal(0))


def _has_amount(row: ParsedRow) -> bool:
    return any(c.amount for c in row.cells.values())


def _tables(workbook: ParsedWorkbook, kinds: Iterable[str]) -> list[SheetTable]:
    wanted = tuple(kinds)
    return [t for t in workbook.tables if t.kind in wanted]


def _tables_with_catalog(
    workbook: ParsedWorkbook, ctx: CheckContext, kinds: Iterable[str] | None = None
) -> Iterator[tuple[SheetTable, Catalog]]:
    """The tables of ``kinds`` (all when None) whose budget year has a catalog."""
    for table in workbook.tables if kinds is None else _tables(workbook, kinds):
        catalog = catalog_for(table, ctx)
        if catalog is not None:
            yield table, catalog


def _function_rows(table: SheetTable) -> Iterator[tuple[ParsedRow, str]]:
    for row in table.rows:
        if row.role in CODE_ROLES:
            code = _digits(row.code)
            if len(code) in _LEVEL:
                yield row, code


@dataclass(frozen=True)
class _Group:
    """Rows under one unit (or department) row; ``head`` None for rows before any."""

    head: ParsedRow | None
    rows: tuple[ParsedRow, ...]

    @property
    def unit_code(self) -> str:
        if self.head is None:
            return ""
        return _digits(self.head.code) or _digits(self.head.labels.get("unit_code")) or _digits(self.head.labels.get("code"))

    def unit_name(self, table: SheetTable) -> str:
        if self.head is not None:
            name = self.head.labels.get("name") or self.head.label or self.head.labels.get("dept_name")
            if name:
                return f"{'部门' if self.head.role == 'department' else '单位'}“{_nfkc(name)}”"
        return f"“{table.department}”" if table.department else "本部门"


def _groups(table: SheetTable) -> list[_Group]:
    groups: list[tuple[ParsedRow | None, list[ParsedRow]]] = [(None, [])]
    for row in table.rows:
        if row.role in GROUP_ROLES:
            groups.append((row, []))
        elif row.role != "total":
            groups[-1][1].append(row)
    return [_Group(head, tuple(rows)) for head, rows in groups if rows]


def _unit_codes(workbook: ParsedWorkbook) -> set[str]:
    codes = set()
    for table in _tables(workbook, UNIT_LISTING_KINDS):
        for row in table.rows:
            if row.role == "unit":
                codes.add(_digits(row.code) or _nfkc(row.label))
    return codes


def _normal_kind(label: object) -> str | None:
    text = _nfkc(label)
    if text in UNIT_KINDS:
        return text
    if "参照" in text or "参公" in text:
        return "参照公务员法管理事业单位"
    if "行政" in text:
        return "行政单位"
    if "事业" in text:
        return "事业单位"
    return None


def _known_kinds(ctx: CheckContext) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for code, label in ctx.unit_kinds.items():
        kind = _normal_kind(label)
        if kind:
            kinds[_digits(code) or _nfkc(code)] = kind
    return kinds


def _sole_kind(known: dict[str, str]) -> str | None:
    """The kind of every unit, when they all have the same one (tables without unit rows)."""
    kinds = set(known.values())
    return kinds.pop() if len(kinds) == 1 else None


# 单位性质 → the side of the 行政/事业 split it belongs to (参公 books like 行政)
_KIND_SIDES = {"行政单位": "行政", "参照公务员法管理事业单位": "行政", "事业单位": "事业"}
# a side → the 单位性质 whose correspondence (部门经济 → 政府经济) it follows
SIDE_KINDS = {"行政": "行政单位", "事业": "事业单位"}


@dataclass(frozen=True)
class _Evidence:
    """What is known about the department's units, to rate a 行政/事业 conflict (severity by evidence).

    ``single``: the department has one unit, so every row of it is that unit's;
    ``mixed``: it has units of both kinds, so its department-level rows may rightly show both."""

    single: bool
    mixed: bool

    def severity(self, group: _Group) -> Severity | None:
        """错误 when the row is one unit's (a unit row, or a single-unit department), 警告 on
        department-level rows, nothing there when the department has units of both kinds."""
        if (group.head is not None and group.head.role == "unit") or self.single:
            return E
        return None if self.mixed else W


def _evidence(workbook: ParsedWorkbook, ctx: CheckContext) -> _Evidence:
    known = _known_kinds(ctx)
    units = known.keys() | _unit_codes(workbook)
    sides = {_KIND_SIDES.get(k) for k in known.values()}
    for _, group, by_side in _side_groups(workbook):  # a unit row using one side only shows its kind
        used = [side for side, rows in by_side.items() if rows]
        if group.head is not None and group.head.role == "unit" and len(used) == 1:
            sides.add(used[0])
    return _Evidence(single=len(units) == 1, mixed={"行政", "事业"} <= sides)


def _mentions(name: str, candidates: Iterable[str | None]) -> bool:
    key = normalize_name(name)
    return any(c and normalize_name(c) == key for c in candidates)


def _replacement_hint(catalog: Catalog, kind: str, code: str) -> str:
    moved = catalog.replacement(kind, code)
    if moved:
        new_code, new_name, year = moved
        since = f"自{year}年起" if year else ""
        return f"（{since}已调整为 {new_code} {new_name}）"
    history = [(n, s, u) for n, s, u in catalog.name_in_other_year(kind, code) if u is not None]
    if history:
        name, _, until = history[-1]
        return f"（该编码“{name}”只用到{until}年）"
    return ""




# --------------------------------------------------------------------------------------------
# 经济分类 rows (六 / 七 / 机构运转经费表), shared by the 经济分类, 单位性质 and level rules
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _EconRow:
    row: ParsedRow
    dept: str  # 部门经济 3/5 digits or ''
    gov: str  # 政府经济 3/5 digits or ''
    dept_name: str
    gov_name: str


DEPT_NAME_KEYS = ("dept_name", "name")  # 六/七: dept_name; 机构运转经费表: name
GOV_NAME_KEYS = ("gov_name",)


@per_run  # several 科目 rules read the econ rows of the same tables
def _econ_rows(table: SheetTable) -> tuple[_EconRow, ...]:
    return tuple(_econ_rows_in(table.rows))


def _econ_rows_in(rows: Iterable[ParsedRow]) -> Iterator[_EconRow]:
    for row in rows:
        if row.role not in CODE_ROLES:
            continue
        labels = row.labels
        dept = _digits(row.code)
        if not (dept[:1] == "3" and len(dept) in (3, 5)):
            dept = _digits(labels.get("dept_code")) or _join(labels.get("dept_class"), labels.get("dept_item"))
        gov = _digits(labels.get("gov_code"))
        if len(gov) not in (3, 5):
            gov = _join(labels.get("gov_class"), labels.get("gov_item"))
        dept_name = _clean_name(labels.get("dept_name") or labels.get("name") or row.label, dept)
        yield _EconRow(row, dept, gov, dept_name, _clean_name(labels.get("gov_name"), gov))


def _dept_cell(table: SheetTable, econ: _EconRow) -> str:
    keys: tuple[str, ...] = ("dept_code", "dept_item", "dept_class") if len(econ.dept) == 5 else ("dept_code", "dept_class")
    keys += ("code",)
    return _cell(table, econ.row, *keys)


def _gov_cell(table: SheetTable, econ: _EconRow) -> str:
    keys = ("gov_code", "gov_item", "gov_class") if len(econ.gov) == 5 else ("gov_code", "gov_class")
    return _cell(table, econ.row, *keys)


def _econ_rows_of(table: SheetTable, group: _Group) -> list[_EconRow]:
    """The econ rows of one unit's group (its rows are the table's, in the table's order)."""
    return list(_econ_rows_in(group.rows))


def _side(code: str, sides: dict[str, list[str]]) -> str | None:
    return next((side for side, classes in sides.items() if code[:3] in classes), None)


def _side_groups(workbook: ParsedWorkbook) -> list[tuple[SheetTable, _Group, dict[str, list[_EconRow]]]]:
    """For the 七 table (or 六 when the department has one unit): econ rows of each unit by side."""
    sides = _data()["gov_econ_sides"]
    tables = [t for t in _tables(workbook, ("economic_summary",)) if any(r.role in CODE_ROLES for r in t.rows)]
    if not tables and len(_unit_codes(workbook)) <= 1:
        tables = _tables(workbook, ("general_budget_basic",))
    result = []
    for table in tables:
        for group in _groups(table):
            by_side: dict[str, list[_EconRow]] = {side: [] for side in sides}
            for econ in _econ_rows_of(table, group):
                side = _side(econ.gov, sides) if econ.gov else None
                if side:
                    by_side[side].append(econ)
            result.append((table, group, by_side))
    return result


def _codes(items: Iterable[str], limit: int = 5) -> str:
    unique = list(dict.fromkeys(items))
    return "、".join(unique[:limit]) + ("等" if len(unique) > limit else "")
