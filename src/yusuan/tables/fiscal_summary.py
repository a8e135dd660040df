"""四 财政拨款收支预算表: 财政拨款 only (一般公共预算, 政府性基金, 国有资本经营预算).

Left: 本年收入 and 上年结转, each with its funds.  Right: 本年支出 (this year's and carried-over
lines) by fund column, then every 类 of the catalog, then 年终结转结余.  As in 表一,
收入合计 == 支出合计 by construction.
"""

from __future__ import annotations

from yusuan.model import FundSource
from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import Atoms, TableContext, total, total_where, where
from yusuan.tables.income_expenditure_summary import class_codes, class_label, year_end_records

TEXT_KEYS = {"income_item", "spending_item"}

# Spending columns: key -> fund sources summed (一般公共预算 小计 and 其中：财政拨款 are the same atoms).
SPENDING_COLUMNS = {
    "spending_general": [FundSource.GENERAL_BUDGET.value],
    "spending_general_fiscal": [FundSource.GENERAL_BUDGET.value],
    "spending_fund": [FundSource.GOVERNMENT_FUND.value],
    "spending_state_capital": [FundSource.STATE_CAPITAL.value],
}
COLUMN_KEYS = frozenset({*TEXT_KEYS, "income_amount", "spending_total", *SPENDING_COLUMNS})
REQUIRED_OPTIONS = ("current_income", "current_income_rows", "carried_over_income", "carried_income_rows", "current_spending",
                    "class_label", "year_end_balance", "income_total", "spending_total")


def _spending(frame: Atoms) -> dict[str, int]:
    values = {"spending_total": total(frame)}
    values.update({key: total_where(frame, fund_source=funds) for key, funds in SPENDING_COLUMNS.items()})
    return values


def _income_block(frame: Atoms, heading: str, rows: list[dict]) -> list[tuple[str, int]]:
    return [(heading, total(frame))] + [(r["label"], total_where(frame, fund_source=list(r["funds"]))) for r in rows]


def build(ctx: TableContext, spec: TableSpec) -> Table:
    opts = spec.options
    fiscal = where(ctx.atoms, is_fiscal=True)
    lines = where(fiscal, record="line")
    year_end = where(year_end_records(ctx, spec), is_fiscal=True)

    income = _income_block(where(fiscal, carried_over=False), opts["current_income"], opts["current_income_rows"])
    income += _income_block(where(fiscal, carried_over=True), opts["carried_over_income"], opts["carried_income_rows"])

    spending: list[tuple[str, dict[str, int]]] = [(opts["current_spending"], _spending(lines))]
    spending += [
        (class_label(ctx, opts["class_label"], code), _spending(where(lines, class_code=code)))
        for code in class_codes(ctx)
    ]
    spending.append((opts["year_end_balance"], _spending(year_end)))

    records = []
    for i in range(max(len(income), len(spending))):
        left = income[i] if i < len(income) else (None, None)
        right = spending[i] if i < len(spending) else (None, {})
        values = {"income_item": left[0], "income_amount": left[1], "spending_item": right[0], **right[1]}
        records.append((values, "group" if i == 0 else "detail"))

    spent, kept = _spending(lines), _spending(year_end)
    totals = {key: spent[key] + kept[key] for key in spent}
    records.append(
        ({"income_item": opts["income_total"], "income_amount": total(fiscal),
          "spending_item": opts["spending_total"], **totals}, "total")
    )
    rows = make_rows(spec.keys, records)
    note = empty_note(ctx, spec) if fiscal.empty else ""
    return new_table(ctx, spec, rows, text_keys=TEXT_KEYS, note=note)
