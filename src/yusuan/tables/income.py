"""二 部门收入预算表: 合计, the department, then each unit; income by 资金来源.

本年收入 = lines of this year + 其他收入 records (each counted under its own fund);
上年结转结余 = carried-over lines.  总计 = 本年收入 + 上年结转结余.
"""

from __future__ import annotations

from yusuan.model import FundSource
from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import Atoms, TableContext, total, total_where, where

TEXT_KEYS = {"code", "name"}

_UNIT_FUNDS = [f.value for f in FundSource if f.is_unit_fund]

# 本年收入 columns: key -> fund sources summed (一般公共预算 小计 and 其中：财政拨款 are the same atoms).
CURRENT_COLUMNS = {
    "current_general": [FundSource.GENERAL_BUDGET.value],
    "current_general_fiscal": [FundSource.GENERAL_BUDGET.value],
    "current_fund": [FundSource.GOVERNMENT_FUND.value],
    "current_state_capital": [FundSource.STATE_CAPITAL.value],
    "current_special_account": [FundSource.SPECIAL_ACCOUNT.value],
    "current_business": [FundSource.BUSINESS_INCOME.value],
    "current_operating": [FundSource.OPERATING_INCOME.value],
    "current_higher_subsidy": [FundSource.HIGHER_SUBSIDY.value],
    "current_affiliate": [FundSource.AFFILIATE_REMITTANCE.value],
    "current_other": [FundSource.OTHER_INCOME.value],
}
# 上年结转结余 columns: 单位资金 gathers every unit-fund source.
CARRIED_COLUMNS = {
    "carry_general": [FundSource.GENERAL_BUDGET.value],
    "carry_fund": [FundSource.GOVERNMENT_FUND.value],
    "carry_state_capital": [FundSource.STATE_CAPITAL.value],
    "carry_special_account": [FundSource.SPECIAL_ACCOUNT.value],
    "carry_unit_funds": _UNIT_FUNDS,
}
COLUMN_KEYS = frozenset({*TEXT_KEYS, "total", "current_total", "carry_total", *CURRENT_COLUMNS, *CARRIED_COLUMNS})
REQUIRED_OPTIONS: tuple[str, ...] = ()


def _values(frame: Atoms) -> dict[str, int]:
    current = where(frame, carried_over=False)
    carried = where(frame, carried_over=True)
    values = {"total": total(frame), "current_total": total(current), "carry_total": total(carried)}
    values.update({key: total_where(current, fund_source=funds) for key, funds in CURRENT_COLUMNS.items()})
    values.update({key: total_where(carried, fund_source=funds) for key, funds in CARRIED_COLUMNS.items()})
    return values


def build(ctx: TableContext, spec: TableSpec) -> Table:
    atoms = ctx.atoms
    department = ctx.model.department
    label = ctx.profile.wording.get("total", "合计")
    records = [
        ({"code": None, "name": label, **_values(atoms)}, "total"),
        ({"code": department.code, "name": department.name, **_values(atoms)}, "group"),
    ]
    names = {u.code: u.name for u in ctx.model.units}
    unit_codes = sorted(set(names) | set(atoms["unit_code"].tolist()))
    for code in unit_codes:
        frame = where(atoms, unit_code=code)
        records.append(({"code": code, "name": names.get(code, code), **_values(frame)}, "detail"))
    rows = make_rows(spec.keys, records)
    note = empty_note(ctx, spec) if atoms.empty else ""
    return new_table(ctx, spec, rows, text_keys=TEXT_KEYS, note=note)
