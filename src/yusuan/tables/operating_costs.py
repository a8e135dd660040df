"""十一 行政（事业）单位机构运转经费预算表.

机构运转经费 is defined by the profile: atoms of ``options.spending_types`` (default 公用经费,
i.e. 基本支出 302 + 310) paid from ``options.funds`` (default 一般公共预算).  Rows as in
seed 004: 合计 (label in the 项目类别 column), the department, then each unit followed by one row
per 部门经济科目 款 labelled ``options.category_label``.  Columns split the amount by 资金来源
as ``options.fund_columns`` says.  Older layouts (2020, filled from 2023): ``function_codes``
narrows the definition to 功能科目 (2020: 机关运行经费 = the 基本支出 of 2010301 行政运行),
``unit_rows: false`` lists the 部门经济科目 rows of the whole department without department and
unit rows, ``total_label_key`` names the column that carries the 合计 label.

A profile whose year defines it otherwise lists ``options.selections`` instead: the lines any
one of them picks, each by ``spending_types``, ``funds`` and optionally 部门经济科目 ``codes`` or
``exclude_codes`` (2023: 公用经费 but 工会经费/福利费/其他交通费用, plus 公务接待费 and
公务用车运行维护费 paid from projects).
"""

from __future__ import annotations

from yusuan.model import FundSource
from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import Atoms, TableContext, either, total_where, where, without

DEFAULT_SPENDING_TYPES = ("公用经费",)
DEFAULT_FUNDS = ("一般公共预算",)
TEXT_KEYS = {"code", "name", "category"}

# Column key → fund sources it adds up (used when the profile gives no ``fund_columns``).
DEFAULT_FUND_COLUMNS = {
    "total": [f.value for f in FundSource],
    "general": [FundSource.GENERAL_BUDGET.value],
    "general_fiscal": [FundSource.GENERAL_BUDGET.value],
    "fund": [FundSource.GOVERNMENT_FUND.value],
    "state_capital": [FundSource.STATE_CAPITAL.value],
    "special_account": [FundSource.SPECIAL_ACCOUNT.value],
    "unit_funds": [f.value for f in FundSource if f.is_unit_fund],
    "business": [FundSource.BUSINESS_INCOME.value],
    "higher_subsidy": [FundSource.HIGHER_SUBSIDY.value],
    "affiliate": [FundSource.AFFILIATE_REMITTANCE.value],
    "operating": [FundSource.OPERATING_INCOME.value],
    "other": [FundSource.OTHER_INCOME.value],
}


def _picked(lines: Atoms, selection: dict) -> Atoms:
    conditions = {"spending_type": list(selection.get("spending_types", DEFAULT_SPENDING_TYPES)),
                  "fund_source": list(selection.get("funds", DEFAULT_FUNDS))}
    if "function_codes" in selection:
        conditions["function_code"] = [str(code) for code in selection["function_codes"]]
    if "codes" in selection:
        conditions["dept_econ_code"] = [str(code) for code in selection["codes"]]
    picked = where(lines, **conditions)
    excluded = [str(code) for code in selection.get("exclude_codes", ())]
    return without(picked, "dept_econ_code", excluded) if excluded else picked


def _selected(lines: Atoms, options: dict) -> Atoms:
    """The lines that make up 机构运转经费 under the profile's definition (one selection, the
    options themselves, unless ``options.selections`` lists several)."""
    selections = options.get("selections") or [options]
    return either(lines, (_picked(lines, selection) for selection in selections))


def build(ctx: TableContext, spec: TableSpec) -> Table:
    options = spec.options
    atoms = _selected(ctx.lines, options)
    fund_columns = {k: list(v) for k, v in (options.get("fund_columns") or DEFAULT_FUND_COLUMNS).items()}
    amount_keys = [k for k in spec.keys if k not in TEXT_KEYS]

    def amounts(frame) -> dict:
        return {key: total_where(frame, fund_source=fund_columns.get(key, [])) for key in amount_keys}

    department = ctx.model.department
    total_label = options.get("total_label", ctx.profile.wording.get("total", "合计"))
    records = [({options.get("total_label_key", "category"): total_label, **amounts(atoms)}, "total")]
    if not len(atoms):
        return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS, note=empty_note(ctx, spec))

    category = options.get("category_label", "")
    if not options.get("unit_rows", True):
        records += _econ_records(ctx, atoms, amounts, category)
        return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS)
    records.append(({"code": department.code, "name": department.name, **amounts(atoms)}, "group"))
    for unit_code in sorted(set(atoms["unit_code"])):
        unit_atoms = where(atoms, unit_code=unit_code)
        unit = ctx.model.unit(unit_code)
        records.append(({"code": unit_code, "name": unit.name if unit else unit_code, **amounts(unit_atoms)}, "group"))
        records += _econ_records(ctx, unit_atoms, amounts, category)
    return new_table(ctx, spec, make_rows(spec.keys, records), text_keys=TEXT_KEYS)


def _econ_records(ctx: TableContext, atoms, amounts, category: str) -> list:
    """One row per 部门经济科目 款 of ``atoms``, by code."""
    records = []
    for econ_code in sorted(set(atoms["dept_econ_code"])):
        subject = ctx.catalog.dept_econ(econ_code)
        name = subject.name if subject is not None else ""  # unknown code: the catalog check reports it
        values = amounts(where(atoms, dept_econ_code=econ_code))
        records.append(({"code": econ_code, "name": name, "category": category, **values}, "detail"))
    return records


REQUIRED_OPTIONS: tuple[str, ...] = ()
# Seed columns the input cannot fill (no finer split of 一般公共预算, bonds, carry-over): printed blank.
BLANK_COLUMNS = frozenset({"general_fees", "general_earmarked", "general_assets", "general_other", "general_bonds",
                           "fund_bonds", "special_account_carried", "unit_funds_carried"})


def column_keys(spec: TableSpec) -> frozenset[str]:
    """Text columns and the amount columns ``options.fund_columns`` defines."""
    return frozenset({*TEXT_KEYS, *BLANK_COLUMNS, *(spec.options.get("fund_columns") or DEFAULT_FUND_COLUMNS)})
