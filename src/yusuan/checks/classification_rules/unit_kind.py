"""科目 rules on 单位性质 (E3): the 功能科目 that belong to one kind of unit."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.catalogs import Catalog, normalize_name
from yusuan.checks.classification_rules._shared import (
    CODE_ROLES,
    E,
    W,
    _clean_name,
    _codes,
    _data,
    _digits,
    _evidence,
    _function_code_cell,
    _Group,
    _groups,
    _known_kinds,
    _row_name,
    _rule,
    _side_groups,
    _sole_kind,
    catalog_for,
)
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable

FUNCTION_SIDE_MIX = _rule(
    "CL010", "行政与事业功能科目混用", E,
    "{unit}同时列有“{first}”（{first_codes}）和“{second}”（{second_codes}），本行 {code} 是“{marker}”："
    "同一单位应按单位性质只用其一，{expected}（若本行才符合单位性质，应改的是“{other}”各行）。",
    "检查同一单位是否同时使用行政单位和事业单位专用的功能科目：行政运行与事业运行、行政单位医疗（2101101）与事业单位医疗（2101102）、"
    "行政单位离退休（2080501）与事业单位离退休（2080502）。一个单位只有一种单位性质，混用说明科目套用有误。"
    "级别按证据：单位行上、或部门只有一个单位时，单位性质是确定的，混用为错误；多单位部门只列部门行时为警告；"
    "已知部门同时有行政和事业单位（单位信息或经济分类汇总表各单位行可以看出）时，部门行同时出现两类科目是正常的，不检查。"
    "同一单位中用得少的一类视为套错，其每一行都标出，并给出另一类对应的科目。"
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
            # the marker used less in the unit is the one booked wrongly: each of its rows must change
            (marker, rows), (other, _) = ((first, a), (second, b)) if len(a) < len(b) else ((second, b), (first, a))
            for row, code in rows:
                yield FUNCTION_SIDE_MIX.finding(
                    table.sheet, _function_code_cell(table, row, code), severity=severity, unit=group.unit_name(table),
                    first=first, first_codes=_codes(c for _, c in a), second=second, second_codes=_codes(c for _, c in b),
                    code=code, marker=marker, other=other, expected=_counterpart(catalog, code, other),
                )


def _counterpart(catalog: Catalog | None, code: str, marker: str) -> str:
    """'应改为' the 项 of ``marker`` beside ``code``: its code (2101101), or the 项 of the same 款
    with its name (行政运行 2010301 beside 事业运行 2010350)."""
    spec = _data()["unit_kind_markers"][marker]
    names = {normalize_name(n) for n in spec.get("names", ())}
    codes = list(spec.get("codes", ()))
    if not codes and catalog is not None:
        codes = [s.code for s in catalog.subjects("function", "项")
                 if s.code.startswith(code[:5]) and normalize_name(s.name) in names]
    return f"应改为“{marker}”（{codes[0]}）" if codes else f"应改为“{marker}”"


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
