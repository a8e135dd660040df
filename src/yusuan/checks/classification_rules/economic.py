"""科目 rules on 部门 and 政府经济分类 (六 / 七 / 机构运转经费表): codes and names in the catalog,
the 部门→政府 correspondence, one unit on one 政府经济 side."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.catalogs import UNIT_KINDS, Catalog
from yusuan.checks.classification_rules._shared import (
    DEPT_ECON_KINDS,
    DEPT_NAME_KEYS,
    ECON_KINDS,
    GOV_NAME_KEYS,
    SIDE_KINDS,
    E,
    W,
    _cell,
    _codes,
    _dept_cell,
    _econ_rows,
    _econ_rows_of,
    _evidence,
    _gov_cell,
    _groups,
    _known_kinds,
    _replacement_hint,
    _rule,
    _side_groups,
    _sole_kind,
    _tables_with_catalog,
    catalog_for,
)
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding, Rule
from yusuan.model.parsed import ParsedWorkbook

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
    "{unit}既用{majority}单位的政府经济科目（{majority_codes}），又在本行用{minority}单位的 {code}{hint}："
    "{expected}（若本行才符合单位性质，应改的是用{majority}单位科目的各行）。",
    "检查同一单位是否同时使用行政单位的政府经济分类（501 机关工资福利支出、502 机关商品和服务支出、503 机关资本性支出）"
    "和事业单位的政府经济分类（505 对事业单位经常性补助、506 对事业单位资本性补助）。一个单位只有一种单位性质，"
    "两类混用通常是对应关系套错，例如行政单位的绩效工资列入 50501。一般公共预算基本支出表不分单位，"
    "只在部门只有一个单位时检查。级别按证据：单位行上、或部门只有一个单位时，单位性质是确定的，混用为错误；"
    "多单位部门的部门行为警告；已知部门同时有行政和事业单位时，部门行不检查。同一单位中用得少的一类视为套错，"
    "其每一行都标出，并按另一类单位的对应关系给出应改的政府经济科目。"
    "修正：按单位性质改正政府经济科目；部门含不同性质的单位时，请在经济分类汇总表中按单位分别列示。",
)


# --------------------------------------------------------------------------------------------
# 经济分类 (六 / 七)
# --------------------------------------------------------------------------------------------
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


@check(ECON_SIDE_MIX)
def econ_side_mixing(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    evidence = _evidence(workbook, ctx)
    for table, group, by_side in _side_groups(workbook):
        admin, public = by_side.get("行政", []), by_side.get("事业", [])
        severity = evidence.severity(group)
        if not admin or not public or severity is None:
            continue
        # the side used less in the unit is the one booked wrongly: each of its rows must change
        minority, majority = ("行政", "事业") if len(admin) < len(public) else ("事业", "行政")
        catalog = catalog_for(table, ctx)
        hint = "（本表不分单位，部门含行政和事业单位时可忽略）" if severity is W else ""
        for econ in by_side[minority]:
            # the side is the 类 (501 vs 505): flag its cell when 类 and 款 are printed apart
            yield ECON_SIDE_MIX.finding(
                table.sheet, _cell(table, econ.row, "gov_code", "gov_class", "gov_item"), severity=severity,
                unit=group.unit_name(table), majority=majority, majority_codes=_codes(e.gov for e in by_side[majority]),
                minority=minority, code=econ.gov, hint=hint, expected=_side_expected(catalog, econ.dept, majority),
            )


def _side_expected(catalog: Catalog | None, dept: str, side: str) -> str:
    """What the row's 政府经济 code should be on ``side``: the correspondence of its 部门经济 款."""
    kind = SIDE_KINDS[side]
    code = catalog.gov_econ_for(dept, kind) if catalog is not None and len(dept) == 5 else None
    return f"按{kind}的对应关系（{dept} → {code}）应改为 {code}" if code else f"应改为{kind}的政府经济科目"
