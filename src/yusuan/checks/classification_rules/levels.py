"""科目 rules on levels (E5 / E6 / E7): 项级 function rows, 款级 economic rows, no item twice,
基本支出 only in the 人员 / 公用 classes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from yusuan.catalogs import UNIT_KINDS, Catalog
from yusuan.checks.classification_rules._shared import (
    CODE_ROLES,
    DEPT_ECON_KINDS,
    EXPENDITURE_KINDS,
    E,
    W,
    _amount,
    _clean_name,
    _data,
    _dept_cell,
    _digits,
    _econ_rows,
    _function_code_cell,
    _function_rows,
    _gov_cell,
    _Group,
    _groups,
    _has_amount,
    _missing_level_cell,
    _money,
    _row_name,
    _rule,
    _tables,
    catalog_for,
)
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable

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
    "标注在应填的下一级单元格（类、款、项分列时，只到类的标在款栏，只到款的标在项栏）。"
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
    "{what} {code} {name} 是类级科目，明细行应列到款级（5位编码）{hint}：请改用具体的款级科目。",
    "检查一般公共预算基本支出表和支出经济分类汇总表的明细行是否列到经济分类的款级。基本支出要按款反映人员经费"
    "和公用经费的具体用途，只列类级（如 302 商品和服务支出）无法核对三公经费、机关运行经费等口径。"
    "标注在应填款级的单元格（类、款分列时为款栏）；政府经济科目只列到类时，按同行部门经济科目的对应关系给出应列的款。"
    "修正：把该行拆分到具体的款级科目。",
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
                lacking = "item_code" if len(code) == 3 else "sub_code"  # the 款 / 项 cell to fill
                yield NOT_ITEM_LEVEL.finding(
                    table.sheet, _missing_level_cell(table, row, lacking, _function_code_cell(table, row, code)), code=code,
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
                    table.sheet, _missing_level_cell(table, econ.row, "dept_item", _dept_cell(table, econ)),
                    what="部门经济科目", code=econ.dept, name=econ.dept_name, hint="",
                )
            elif len(econ.gov) == 3 and len(econ.dept) == 5:
                yield ECON_NOT_ITEM_LEVEL.finding(
                    table.sheet, _missing_level_cell(table, econ.row, "gov_item", _gov_cell(table, econ)),
                    what="政府经济科目", code=econ.gov, name=econ.gov_name,
                    hint=_gov_item_hint(catalog_for(table, ctx), econ.dept, econ.gov),
                )


def _gov_item_hint(catalog: Catalog | None, dept: str, gov_class: str) -> str:
    """The 政府经济 款 under the printed 类 that the row's 部门经济 款 corresponds to, if one does."""
    found = (catalog.gov_econ_for(dept, kind) for kind in UNIT_KINDS) if catalog is not None else ()
    code = next((c for c in found if c and c.startswith(gov_class)), None)
    return f"，按对应关系部门经济科目 {dept} 在此类下应为 {code}" if code else ""
