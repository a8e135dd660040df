"""一 部门收支预算表: income by 资金来源 on the left, spending by 功能分类 类 on the right.

Income is derived from the lines' 资金来源 and 上年结转 flags plus the 其他收入 records; spending
is the lines by 类 plus the 年终结转结余 records, so 收入总计 == 支出总计 by construction:

    收入总计 = current lines + 'other' records + carried-over lines
    支出总计 = all lines + 'other' records of the year-end items
"""

from __future__ import annotations

from yusuan.profiles import TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import Atoms, TableContext, sums_by, total, total_where, where, without

TEXT_KEYS = {"income_item", "spending_item"}
# 'other' items that end up unspent at year end (see year_end_items in the profile).
DEFAULT_YEAR_END_ITEMS = ("年终结转结余",)
COLUMN_KEYS = frozenset({*TEXT_KEYS, "income_amount", "spending_amount"})
REQUIRED_OPTIONS = ("income_rows", "class_label", "current_income_total", "current_spending_total", "carried_over_income",
                    "year_end_balance", "income_total", "spending_total")


def class_codes(ctx: TableContext) -> list[str]:
    """Every 功能分类 类 valid in the year, plus any 类 the lines use that the catalog lacks
    (so that the spending side always adds up to the lines), sorted by code."""
    codes = {s.code for s in ctx.catalog.function_classes()}
    codes.update(ctx.lines["class_code"].tolist())
    return sorted(codes)


def class_label(ctx: TableContext, template: str, code: str) -> str:
    """A 类 label from the profile's template, names from the year's catalog (the code
    itself for a 类 the catalog lacks, which the checks report)."""
    subject = ctx.catalog.function(code)
    name = subject.name if subject else code
    return template.format(
        numeral=ctx.catalog.class_numeral(code),
        name=name,
        short_name=(subject.short_name if subject else None) or name,
        code=code,
    )


def year_end_records(ctx: TableContext, spec: TableSpec) -> Atoms:
    """'other' records printed as 年终结转结余 on the spending side."""
    items = list(spec.options.get("year_end_items", DEFAULT_YEAR_END_ITEMS))
    return where(ctx.atoms, record="other", other_item=items)


def build(ctx: TableContext, spec: TableSpec) -> Table:
    opts = spec.options
    atoms, lines = ctx.atoms, ctx.lines
    current = where(atoms, carried_over=False)  # lines of this year + 'other' records
    fund_balance = opts.get("fund_balance_row")  # {label, item}: 用事业基金弥补收支差额
    fund_balance_item = fund_balance["item"] if fund_balance else None
    by_fund_current = without(current, "other_item", fund_balance_item) if fund_balance else current

    income: list[tuple[str, int]] = [
        (row["label"], total_where(by_fund_current, fund_source=list(row["funds"]))) for row in opts["income_rows"]
    ]
    if fund_balance:
        balance_atoms = where(atoms, record="other", other_item=fund_balance_item)
        if not balance_atoms.empty:
            income.append((fund_balance["label"], total(balance_atoms)))

    by_class = sums_by(lines, "class_code")
    spending = [
        (class_label(ctx, opts["class_label"], code), by_class.get(code, 0)) for code in class_codes(ctx)
    ]

    records = []
    for i in range(max(len(income), len(spending))):
        left = income[i] if i < len(income) else (None, None)
        right = spending[i] if i < len(spending) else (None, None)
        records.append(
            ({"income_item": left[0], "income_amount": left[1], "spending_item": right[0], "spending_amount": right[1]},
             "detail")
        )

    carried = where(lines, carried_over=True)
    year_end = year_end_records(ctx, spec)
    records += [
        ({"income_item": opts["current_income_total"], "income_amount": total(current),
          "spending_item": opts["current_spending_total"], "spending_amount": total(lines)}, "total"),
        ({"income_item": opts["carried_over_income"], "income_amount": total(carried),
          "spending_item": opts["year_end_balance"], "spending_amount": total(year_end)}, "detail"),
        ({"income_item": opts["income_total"], "income_amount": total(atoms),
          "spending_item": opts["spending_total"], "spending_amount": total(lines) + total(year_end)}, "total"),
    ]
    rows = make_rows(spec.keys, records)
    note = empty_note(ctx, spec) if atoms.empty else ""
    return new_table(ctx, spec, rows, text_keys=TEXT_KEYS, note=note)
