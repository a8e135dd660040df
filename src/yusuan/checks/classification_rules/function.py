"""科目 rules on 支出功能分类 (E1 / E2): codes in the year's catalog, names as the catalog's,
renamed subjects under their old names."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.catalogs import Catalog, normalize_name
from yusuan.checks.classification_rules._shared import (
    _CLASS_LABEL,
    _LEVEL,
    _NUMERALS,
    DEPT_ECON_KINDS,
    DEPT_NAME_KEYS,
    EXPENDITURE_KINDS,
    GOV_NAME_KEYS,
    MIN_CLASS_LABELS,
    SUMMARY_KINDS,
    E,
    _cell,
    _clean_name,
    _data,
    _econ_rows,
    _function_code_cell,
    _function_rows,
    _mentions,
    _nfkc,
    _replacement_hint,
    _row_name,
    _rule,
    _tables_with_catalog,
)
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable

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
