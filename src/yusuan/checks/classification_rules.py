"""科目 family: classification codes and names in the parsed tables (docs/design.md, check list E).

Which rows carry which codes:

* 支出表 / 一般公共预算支出表 / 政府性基金表 / 国有资本经营表: ``ParsedRow.code`` is the
  支出功能分类 code (3/5/7 digits) of 类/款/项 rows, the name is the ``name`` column.
* 一般公共预算基本支出表 (六) and 支出经济分类汇总表 (七): ``code`` is the 部门经济 款,
  ``labels['gov_code']`` the 政府经济 款 (or ``gov_class`` + ``gov_item``), names in
  ``dept_name`` / ``gov_name``.
* 部门收支预算表 and 财政拨款收支预算表: the 类 are only labels on the spending side
  (``spending_item``: '十、卫生健康', '（九）医疗卫生与计划生育支出'); the numeral gives the code.

The catalog is the context's (the budget year's), else built for the table's year; without a
year the rules that need it yield nothing.  Unit kinds (单位性质) are not printed in the tables:
``ctx.unit_kinds`` ({unit code: 单位性质}) supplies them when known (build mode);
in audit mode a pair is accepted when it is valid for any kind, and a unit's kind is inferred
from the 政府经济分类 side (501–503 or 505–506) it uses in the 七 table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from importlib import resources

import yaml

from yusuan.catalogs import UNIT_KINDS, Catalog, chinese_numeral, normalize_name
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding, Rule, Severity
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import a1

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


def _rule(code: str, name: str, severity: Severity, message: str, doc: str) -> Rule:
    return Rule(code, FAMILY, name, severity, message, doc)


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------
FUNCTION_UNKNOWN = _rule(
    "CL001", "功能科目不在本年目录中", E,
    "功能科目编码 {code} 不在{year}年支出功能分类科目中{hint}：请按本年科目表改正编码。",
    "检查支出表、一般公共预算支出表、政府性基金和国有资本经营支出表中每个类、款、项编码是否存在于预算年度的"
    "《政府收支分类科目》中。科目每年有增删、合并和更名，沿用上年或已撤销的编码，公开表格就会列出本年并不存在的科目，"
    "财政部门检查时按错误指出。科目目录未列出款项的类（如 204 公共安全支出）下的编码无法核对，不作判断。"
    "修正：按本年度科目表改正编码；编码已调整的，改用新编码并同时改正名称。",
)
FUNCTION_NAME = _rule(
    "CL002", "功能科目名称与编码不符", E,
    "{what} {code} 的名称应为“{expected}”，表中为“{found}”{hint}：请按{year}年科目名称改正。",
    "检查表中功能分类科目的名称是否为该编码在预算年度的规范名称（全角半角、空格不计）；部门收支预算表和"
    "财政拨款收支预算表中按编号（一、……二十九、）核对各类的名称，类可以用简称（如“卫生健康”）。"
    "名称写错、截断或与编码错位，读者无法判断支出的真实用途，也是公开检查的常见问题。"
    "修正：名称照抄本年科目表；编号与名称错位的，按科目编码顺序重新编号。",
)
OUTDATED_NAME = _rule(
    "CL003", "科目名称已过时或错写", E,
    "“{found}”{reason}，{year}年应为“{expected}”：请改用现行名称。",
    "检查科目名称是否用了已经更名的旧称或常见错写，例如 2019 年起“医疗卫生与计划生育支出”改为“卫生健康支出”、"
    "“文化体育与传媒支出”改为“文化旅游体育与传媒支出”，以及“文化体育旅游与传媒支出”“城乡社区事务支出”这类错写。"
    "部门收支预算表和财政拨款收支预算表的类名单常从旧模板复制，最容易遗留旧名。"
    "修正：按预算年度的科目表改用现行名称；删去旧模板中已不存在的类行。",
)
DEPT_ECON_UNKNOWN = _rule(
    "CL004", "部门经济科目不在目录中", E,
    "部门经济科目编码 {code} 不在{year}年部门预算支出经济分类科目中{hint}：请改正编码。",
    "检查一般公共预算基本支出表和支出经济分类汇总表中的部门预算支出经济分类科目编码是否存在于预算年度的科目表中。"
    "不存在的编码说明表格由旧模板或手工录入产生，经济分类口径无法核对。修正：按本年度部门预算支出经济分类科目表改正编码。",
)
DEPT_ECON_NAME = _rule(
    "CL005", "部门经济科目名称与编码不符", E,
    "部门经济科目 {code} 的名称应为“{expected}”，表中为“{found}”：请按科目表改正名称。",
    "检查部门预算支出经济分类科目的名称是否与编码一致（全角半角、空格不计）。名称与编码错位时，"
    "读者看到的用途与实际归类不同，例如把 30299 写成“商品和服务支出”。修正：名称照抄本年度科目表。",
)
GOV_ECON_UNKNOWN = _rule(
    "CL006", "政府经济科目不在目录中", E,
    "政府经济科目编码 {code} 不在{year}年政府预算支出经济分类科目中{hint}：请改正编码。",
    "检查一般公共预算基本支出表和支出经济分类汇总表中的政府预算支出经济分类科目编码是否存在于预算年度的科目表中。"
    "政府经济分类用于汇总全口径预算，编码无效时无法归类。修正：按本年度政府预算支出经济分类科目表改正编码。",
)
GOV_ECON_NAME = _rule(
    "CL007", "政府经济科目名称与编码不符", E,
    "政府经济科目 {code} 的名称应为“{expected}”，表中为“{found}”：请按科目表改正名称。",
    "检查政府预算支出经济分类科目的名称是否与编码一致（全角半角、空格不计）。常见问题是把部门经济科目的名称"
    "套用到政府经济科目上，或名称被截断。修正：名称照抄本年度科目表。",
)
CORRESPONDENCE = _rule(
    "CL008", "经济科目对应关系不符", W,
    "部门经济科目 {dept} 与政府经济科目 {gov} 不符合{kind}的对应关系（应为 {expected}）：请核对政府经济科目。",
    "检查每一行部门预算支出经济分类科目与政府预算支出经济分类科目是否符合财政部规定的对应关系。对应关系按单位性质区分"
    "（行政单位和参公单位对应 501—503、509 等，事业单位对应 505、506 等）；表格上看不出单位性质时，"
    "只要符合任一种单位性质的对应关系即视为正确。因为个别地区有特殊对应，这里作警告。"
    "修正：按对应关系改正政府经济科目，或核对部门经济科目是否选错。",
)
ECON_SIDE_MIX = _rule(
    "CL009", "行政与事业政府经济科目混用", E,
    "{unit}同时使用行政单位的政府经济科目（{admin}）和事业单位的政府经济科目（{public}）{hint}：请按单位性质统一。",
    "检查同一单位是否同时使用行政单位的政府经济分类（501 机关工资福利支出、502 机关商品和服务支出、503 机关资本性支出）"
    "和事业单位的政府经济分类（505 对事业单位经常性补助、506 对事业单位资本性补助）。一个单位只有一种单位性质，"
    "两类混用通常是对应关系套错，例如行政单位的绩效工资列入 50501。一般公共预算基本支出表不分单位，"
    "只在部门只有一个单位时检查。级别按证据：单位行上、或部门只有一个单位时，单位性质是确定的，混用为错误；"
    "多单位部门的部门行为警告；已知部门同时有行政和事业单位时，部门行不检查。修正：按单位性质改正政府经济科目；部门含不同性质的单位时，请在经济分类汇总表中按单位分别列示。",
)
FUNCTION_SIDE_MIX = _rule(
    "CL010", "行政与事业功能科目混用", E,
    "{unit}同时列有“{first}”（{first_codes}）和“{second}”（{second_codes}）：同一单位应按单位性质只用其一，请核对。",
    "检查同一单位是否同时使用行政单位和事业单位专用的功能科目：行政运行与事业运行、行政单位医疗（2101101）与事业单位医疗（2101102）、"
    "行政单位离退休（2080501）与事业单位离退休（2080502）。一个单位只有一种单位性质，混用说明科目套用有误。"
    "级别按证据：单位行上、或部门只有一个单位时，单位性质是确定的，混用为错误；多单位部门只列部门行时为警告；"
    "已知部门同时有行政和事业单位（单位信息或经济分类汇总表各单位行可以看出）时，部门行同时出现两类科目是正常的，不检查。"
    "修正：按单位性质改用对应的科目；部门含不同性质的单位时，请按单位分别列示。",
)
UNIT_KIND_FUNCTION = _rule(
    "CL011", "功能科目与单位性质不符", W,
    "{unit}为{kind}{source}，不应使用“{marker}”（{code}）：请核对单位性质或改用对应的科目。",
    "检查功能科目是否与单位性质相符：行政单位使用行政运行、行政单位医疗、行政单位离退休，事业单位使用事业运行、"
    "事业单位医疗、事业单位离退休；参照公务员法管理的事业单位的医疗、离退休按行政单位列支。"
    "单位性质已知时按已知性质判断；审核模式下按该单位在支出经济分类汇总表中只使用的政府经济科目推断"
    "（只用 505、506 的为事业单位，只用 501—503 的为行政或参公单位）。修正：改用与单位性质相符的科目，或核对单位性质。",
)
BASIC_ECON_CLASS = _rule(
    "CL012", "基本支出使用了不应有的经济科目", E,
    "基本支出列有部门经济科目 {code} {name}（{amount} 万元），其类级 {cls} 不属于基本支出（应为 {allowed}）：请改列项目支出或改正科目。",
    "检查一般公共预算基本支出表中的部门经济科目是否只属于工资福利支出（301）、商品和服务支出（302）、"
    "对个人和家庭的补助（303）和资本性支出（310）。债务利息（307）、基本建设（309）、其他支出（399）等只能在项目支出中安排，"
    "出现在基本支出中说明支出类别或经济科目选错。修正：把该支出改列项目支出，或改正经济科目。",
)
NOT_ITEM_LEVEL = _rule(
    "CL013", "功能科目未细化到项级", W,
    "科目 {code} {name} 列有金额 {amount} 万元，但没有细化到项级（7位编码）：请按项级科目列示。",
    "检查支出类表格中的金额是否落到功能分类的项级。部门预算按项级科目编制，公开表格可以加列类、款小计，"
    "但只有类级或款级、下面没有项级明细的金额，读者无法知道具体用途，检查时会要求细化。"
    "修正：把该金额按项级科目（7位编码）分行列示。",
)
DUPLICATE_ITEM = _rule(
    "CL014", "功能科目重复列示", W,
    "科目 {code} {name} 在{unit}中重复列示（第{first}行已有）：同一科目应合并为一行。",
    "检查同一单位内同一个项级功能科目是否只列一行。重复列示会让读者误以为是两项不同的支出，"
    "也常是复制粘贴时多出的行，可能造成重复计算。修正：把同一科目的金额合并到一行，删除多余的行。",
)
ECON_NOT_ITEM_LEVEL = _rule(
    "CL015", "经济科目未细化到款级", W,
    "{what} {code} {name} 是类级科目，明细行应列到款级（5位编码）：请改用具体的款级科目。",
    "检查一般公共预算基本支出表和支出经济分类汇总表的明细行是否列到经济分类的款级。基本支出要按款反映人员经费"
    "和公用经费的具体用途，只列类级（如 302 商品和服务支出）无法核对三公经费、机关运行经费等口径。"
    "修正：把该行拆分到具体的款级科目。",
)


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------
@cache
def _data() -> dict:
    text = resources.files("yusuan.checks").joinpath("data", "placeholders.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _nfkc(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip()


def _digits(text: object) -> str:
    """The code in a cell ('2010301', ' 30101 '), or '' when it is not a plain number."""
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


def _clean_name(label: object, code: str = "") -> str:
    """The name as printed, without a leading code ('2010301 行政运行') or a trailing '（项）'."""
    text = str(label or "").strip()
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
# E1 / E2: 功能分类
# --------------------------------------------------------------------------------------------
@check(FUNCTION_UNKNOWN)
def function_code_exists(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table, catalog in _tables_with_catalog(workbook, ctx, EXPENDITURE_KINDS):
        for row, code in _function_rows(table):
            if catalog.function(code) is not None:
                continue
            if len(code) > 3 and not catalog.lists_detail(code[:3]) and catalog.function(code[:3]) is not None:
                continue  # 类 whose 款/项 the catalog does not list: cannot call it wrong
            yield FUNCTION_UNKNOWN.finding(
                table.sheet, _function_code_cell(table, row, code),
                code=code, year=catalog.year, hint=_replacement_hint(catalog, "function", code),
            )


def _class_labels(table: SheetTable, catalog: Catalog) -> list[tuple[ParsedRow, str, str, str]]:
    """(row, numeral, code, name) for every 类 label on the spending side of a summary table.

    Only when the side does list 功能分类 类 (``MIN_CLASS_LABELS`` or half of the labels name
    a 类, current or outdated): a profile whose spending side reads 一、基本支出 / 二、项目支出
    is not judged by 类 names.
    """
    words = _data()["summary_structure_words"]
    labels = []
    for row in table.rows:
        match = _CLASS_LABEL.match(_nfkc(row.labels.get("spending_item")))
        if not match:
            continue
        numeral, name = match.group(1), match.group(2).strip()
        number = _NUMERALS.get(numeral)
        if number is None or not name or any(w in name for w in words):
            continue
        labels.append((row, numeral, str(200 + number), name))
    names = {normalize_name(n) for s in catalog.function_classes() for n in (s.name, s.short_name) if n}
    known = sum(1 for *_, name in labels if normalize_name(name) in names or catalog.outdated("function", name))
    return labels if known and (known >= MIN_CLASS_LABELS or 2 * known >= len(labels)) else []


def _numbering_hint(catalog: Catalog, name: str) -> str:
    for subject in catalog.function_classes():
        if _mentions(name, (subject.name, subject.short_name)):
            return f"（“{name}”是 {subject.code} 类，编号应为“{catalog.class_numeral(subject.code)}”）"
    return ""


@check(FUNCTION_NAME)
def function_name_matches(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table, catalog in _tables_with_catalog(workbook, ctx, EXPENDITURE_KINDS):
        for row, code in _function_rows(table):
            subject = catalog.function(code)
            name = _clean_name(_row_name(row), code)
            if subject is None or not name or catalog.name_matches("function", code, name):
                continue
            if catalog.outdated("function", name):
                continue  # CL003 says it better
            yield FUNCTION_NAME.finding(
                table.sheet, _cell(table, row, "name"),
                what=f"{_LEVEL[len(code)]}级科目", code=code, expected=subject.name, found=name, hint="",
                year=catalog.year,
            )
    for table, catalog in _tables_with_catalog(workbook, ctx, SUMMARY_KINDS):
        for row, numeral, code, name in _class_labels(table, catalog):
            if catalog.name_matches("function", code, name) or catalog.outdated("function", name):
                continue
            subject = catalog.function(code)
            expected = (subject.short_name or subject.name) if table.kind == "income_expenditure_summary" and subject else (
                subject.name if subject else "（本年无此类）"
            )
            yield FUNCTION_NAME.finding(
                table.sheet, _cell(table, row, "spending_item"),
                what=f"编号“{numeral}”对应的类", code=code, expected=expected, found=name,
                hint=_numbering_hint(catalog, name), year=catalog.year,
            )


def _outdated_finding(
    table: SheetTable, cell: str, catalog: Catalog, kind: str, name: str
) -> Finding | None:
    hit = catalog.outdated(kind, name)
    if hit is None:
        return None
    current, year = hit
    reason = f"是{year}年起已更名科目的旧称" if year else "是常见错写"
    return OUTDATED_NAME.finding(table.sheet, cell, found=name, reason=reason, year=catalog.year, expected=current)


@check(OUTDATED_NAME)
def outdated_names(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table, catalog in _tables_with_catalog(workbook, ctx):
        if table.kind in EXPENDITURE_KINDS:
            for row, code in _function_rows(table):
                name = _clean_name(_row_name(row), code)
                if name and not catalog.name_matches("function", code, name):
                    found = _outdated_finding(table, _cell(table, row, "name"), catalog, "function", name)
                    if found:
                        yield found
        elif table.kind in SUMMARY_KINDS:
            for row, _, _code, name in _class_labels(table, catalog):
                found = _outdated_finding(table, _cell(table, row, "spending_item"), catalog, "function", name)
                if found:
                    yield found
        elif table.kind in DEPT_ECON_KINDS:
            for econ in _econ_rows(table):
                for kind, code, name, keys in (
                    ("dept_econ", econ.dept, econ.dept_name, DEPT_NAME_KEYS),
                    ("gov_econ", econ.gov, econ.gov_name, GOV_NAME_KEYS),
                ):
                    if not name or (code and catalog.name_matches(kind, code, name)):
                        continue
                    found = _outdated_finding(table, _cell(table, econ.row, *keys), catalog, kind, name)
                    if found:
                        yield found


# --------------------------------------------------------------------------------------------
# 经济分类 (六 / 七)
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


def _econ_rows(table: SheetTable) -> Iterator[_EconRow]:
    for row in table.rows:
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


def _econ_code_rule(
    workbook: ParsedWorkbook, ctx: CheckContext, rule: Rule, kind: str, attr: str, cell
) -> Iterator[Finding]:
    for table, catalog in _tables_with_catalog(workbook, ctx, DEPT_ECON_KINDS):
        for econ in _econ_rows(table):
            code = getattr(econ, attr)
            if code and catalog.lookup(kind, code) is None:
                yield rule.finding(
                    table.sheet, cell(table, econ), code=code, year=catalog.year,
                    hint=_replacement_hint(catalog, kind, code),
                )


def _econ_name_rule(
    workbook: ParsedWorkbook, ctx: CheckContext, rule: Rule, kind: str, attr: str, keys: tuple[str, ...]
) -> Iterator[Finding]:
    for table, catalog in _tables_with_catalog(workbook, ctx, DEPT_ECON_KINDS):
        for econ in _econ_rows(table):
            code, name = getattr(econ, attr), getattr(econ, f"{attr}_name")
            subject = catalog.lookup(kind, code) if code else None
            if subject is None or not name or catalog.name_matches(kind, code, name):
                continue
            if catalog.outdated(kind, name):
                continue  # CL003
            yield rule.finding(table.sheet, _cell(table, econ.row, *keys), code=code, expected=subject.name, found=name)


@check(DEPT_ECON_UNKNOWN)
def dept_econ_exists(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    return _econ_code_rule(workbook, ctx, DEPT_ECON_UNKNOWN, "dept_econ", "dept", _dept_cell)


@check(DEPT_ECON_NAME)
def dept_econ_name(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    return _econ_name_rule(workbook, ctx, DEPT_ECON_NAME, "dept_econ", "dept", DEPT_NAME_KEYS)


@check(GOV_ECON_UNKNOWN)
def gov_econ_exists(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    return _econ_code_rule(workbook, ctx, GOV_ECON_UNKNOWN, "gov_econ", "gov", _gov_cell)


@check(GOV_ECON_NAME)
def gov_econ_name(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    return _econ_name_rule(workbook, ctx, GOV_ECON_NAME, "gov_econ", "gov", GOV_NAME_KEYS)


def _expected_gov(catalog: Catalog, dept: str, kind: str | None) -> str:
    kinds = (kind,) if kind else UNIT_KINDS
    codes = []
    for k in kinds:
        code = catalog.gov_econ_for(dept, k)
        if code and code not in codes:
            codes.append(code)
    return "、".join(codes) if codes else "对应关系表中无此部门经济科目"


@check(CORRESPONDENCE)
def econ_correspondence(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    known = _known_kinds(ctx)
    for table, catalog in _tables_with_catalog(workbook, ctx, ECON_KINDS):
        for group in _groups(table):
            kind = known.get(group.unit_code) if group.unit_code else _sole_kind(known)
            for econ in _econ_rows_of(table, group):
                if len(econ.dept) != 5 or len(econ.gov) != 5:
                    continue
                if catalog.dept_econ(econ.dept) is None or catalog.gov_econ(econ.gov) is None:
                    continue  # CL004 / CL006
                if catalog.is_valid_correspondence(econ.dept, econ.gov, kind):
                    continue
                yield CORRESPONDENCE.finding(
                    table.sheet, _gov_cell(table, econ), dept=econ.dept, gov=econ.gov,
                    kind=kind or "任一单位性质", expected=_expected_gov(catalog, econ.dept, kind),
                )


def _econ_rows_of(table: SheetTable, group: _Group) -> list[_EconRow]:
    rows = {id(r) for r in group.rows}
    return [e for e in _econ_rows(table) if id(e.row) in rows]


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


@check(ECON_SIDE_MIX)
def econ_side_mixing(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    evidence = _evidence(workbook, ctx)
    for table, group, by_side in _side_groups(workbook):
        admin, public = by_side.get("行政", []), by_side.get("事业", [])
        severity = evidence.severity(group)
        if not admin or not public or severity is None:
            continue
        minority = admin if len(admin) < len(public) else public
        hint = "（本表不分单位，部门含行政和事业单位时可忽略）" if severity is W else ""
        # the side is the 类 (501 vs 505): flag its cell when 类 and 款 are printed apart
        yield ECON_SIDE_MIX.finding(
            table.sheet, _cell(table, minority[0].row, "gov_code", "gov_class", "gov_item"), severity=severity,
            unit=group.unit_name(table), admin=_codes(e.gov for e in admin), public=_codes(e.gov for e in public), hint=hint,
        )


# --------------------------------------------------------------------------------------------
# E3: 单位性质 and the 功能科目 that belong to one kind
# --------------------------------------------------------------------------------------------
def _markers(row: ParsedRow, code: str, catalog: Catalog | None) -> list[str]:
    if len(code) != 7:
        return []
    subject = catalog.function(code) if catalog is not None else None
    names = {normalize_name(_clean_name(_row_name(row), code))}
    if subject is not None:
        names.add(normalize_name(subject.name))
    found = []
    for marker, spec in _data()["unit_kind_markers"].items():
        if code in spec.get("codes", ()) or names & {normalize_name(n) for n in spec.get("names", ())}:
            found.append(marker)
    return found


def _function_table(workbook: ParsedWorkbook) -> SheetTable | None:
    """The table that shows every unit's spending by 功能科目: 支出表, else 一般公共预算支出表."""
    return workbook.first("expenditure") or workbook.first("general_budget_expenditure")


def _marked_rows(table: SheetTable, group: _Group, catalog: Catalog | None) -> dict[str, list[tuple[ParsedRow, str]]]:
    marked: dict[str, list[tuple[ParsedRow, str]]] = {}
    for row in group.rows:
        code = _digits(row.code)
        if row.role not in CODE_ROLES:
            continue
        for marker in _markers(row, code, catalog):
            marked.setdefault(marker, []).append((row, code))
    return marked


@check(FUNCTION_SIDE_MIX)
def function_side_mixing(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    table = _function_table(workbook)
    if table is None:
        return
    catalog = catalog_for(table, ctx)
    evidence = _evidence(workbook, ctx)
    for group in _groups(table):
        severity = evidence.severity(group)
        marked = _marked_rows(table, group, catalog) if severity else {}
        for first, second in _data()["marker_pairs"]:
            a, b = marked.get(first, []), marked.get(second, [])
            if not a or not b:
                continue
            row, code = (a if len(a) < len(b) else b)[0]
            yield FUNCTION_SIDE_MIX.finding(
                table.sheet, _function_code_cell(table, row, code), severity=severity, unit=group.unit_name(table),
                first=first, first_codes=_codes(c for _, c in a), second=second, second_codes=_codes(c for _, c in b),
            )


def _inferred_kinds(workbook: ParsedWorkbook) -> dict[str, str]:
    """Unit code ('' for a table without unit rows) → kind inferred from the one econ side it uses."""
    inferred = _data()["inferred_unit_kind"]
    kinds: dict[str, str] = {}
    for _table, group, by_side in _side_groups(workbook):
        used = [side for side, rows in by_side.items() if rows]
        if len(used) == 1:
            kinds[group.unit_code] = inferred[used[0]]
    return kinds


@check(UNIT_KIND_FUNCTION)
def unit_kind_function(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    table = _function_table(workbook)
    if table is None:
        return
    catalog = catalog_for(table, ctx)
    known, inferred = _known_kinds(ctx), _inferred_kinds(workbook)
    forbidden = _data()["unit_kind_forbidden"]
    groups = _groups(table)
    for group in groups:
        code = group.unit_code
        kind = known.get(code) if code else _sole_kind(known)
        source = ""
        if kind is None:
            kind = inferred.get(code) if code else None
            if kind is None and len(groups) == 1 and len(inferred) == 1:
                kind = next(iter(inferred.values()))  # one unit, printed without unit rows somewhere
            source = "（按其政府经济科目推断）"
        if kind is None:
            continue
        for marker, rows in _marked_rows(table, group, catalog).items():
            if marker not in forbidden.get(kind, ()):
                continue
            for row, row_code in rows:
                yield UNIT_KIND_FUNCTION.finding(
                    table.sheet, _function_code_cell(table, row, row_code), unit=group.unit_name(table),
                    kind=kind, source=source, marker=marker, code=row_code,
                )


# --------------------------------------------------------------------------------------------
# E5 / E6 / E7: levels and the 基本支出 classes
# --------------------------------------------------------------------------------------------
@check(BASIC_ECON_CLASS)
def basic_econ_class(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    allowed = [str(c) for c in _data()["basic_dept_econ_classes"]]
    for table in _tables(workbook, ("general_budget_basic",)):
        for econ in _econ_rows(table):
            if econ.dept and econ.dept[:3] not in allowed:
                yield BASIC_ECON_CLASS.finding(
                    table.sheet, _dept_cell(table, econ), code=econ.dept, name=econ.dept_name,
                    amount=_money(_amount(econ.row)), cls=econ.dept[:3], allowed="/".join(allowed),
                )


@check(NOT_ITEM_LEVEL)
def function_item_level(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in _tables(workbook, EXPENDITURE_KINDS):
        for group in _groups(table):
            codes = [_digits(r.code) for r in group.rows if r.role in CODE_ROLES]
            for row in group.rows:
                code = _digits(row.code)
                if row.role not in CODE_ROLES or len(code) not in (3, 5) or not _has_amount(row):
                    continue
                if any(len(c) > len(code) and c.startswith(code) for c in codes):
                    continue  # a 类/款 subtotal with its 项 below
                yield NOT_ITEM_LEVEL.finding(
                    table.sheet, _function_code_cell(table, row, code), code=code,
                    name=_clean_name(_row_name(row), code), amount=_money(_amount(row)),
                )


@check(DUPLICATE_ITEM)
def duplicate_items(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in _tables(workbook, EXPENDITURE_KINDS):
        for group in _groups(table):
            seen: dict[str, ParsedRow] = {}
            for row, code in _function_rows(_subtable(table, group)):
                if len(code) != 7:
                    continue
                if code in seen:
                    yield DUPLICATE_ITEM.finding(
                        table.sheet, _function_code_cell(table, row, code), code=code,
                        name=_clean_name(_row_name(row), code), unit=group.unit_name(table), first=seen[code].row,
                    )
                else:
                    seen[code] = row


def _subtable(table: SheetTable, group: _Group) -> SheetTable:
    return replace(table, rows=group.rows)


@check(ECON_NOT_ITEM_LEVEL)
def econ_item_level(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in _tables(workbook, DEPT_ECON_KINDS):
        econ_rows = list(_econ_rows(table))
        for econ in econ_rows:
            if econ.row.role != "detail" or not _has_amount(econ.row):
                continue
            if len(econ.dept) == 3 and not any(len(o.dept) == 5 and o.dept.startswith(econ.dept) for o in econ_rows):
                yield ECON_NOT_ITEM_LEVEL.finding(
                    table.sheet, _dept_cell(table, econ), what="部门经济科目", code=econ.dept, name=econ.dept_name,
                )
            elif len(econ.gov) == 3 and len(econ.dept) == 5:
                yield ECON_NOT_ITEM_LEVEL.finding(
                    table.sheet, _gov_cell(table, econ), what="政府经济科目", code=econ.gov, name=econ.gov_name,
                )

