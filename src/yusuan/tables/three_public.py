"""八 一般公共预算“三公”经费预算表.

“三公”经费 = 因公出国（境）费 + 公务用车购置费 + 公务用车运行费 + 公务接待费, taken from
一般公共预算 lines by 部门经济科目 (``options.codes``), 基本支出 and 项目支出, 本年 and 上年结转
together.  One unit, or the layout option ``three_public: total``: a single row of amounts (seed 004).
Several units: a leading 单位名称 column, a 合计 row, then one row per unit.  ``options.rows`` (2020 layout,
seed 003): a two-column table 项目 | 预算数, one row per item label, department totals only.
"""

from __future__ import annotations

from yusuan.profiles import HeaderNode, TableSpec
from yusuan.tables.base import Table, empty_note, make_rows, new_table
from yusuan.tables.context import TableContext, total_where, where

DEFAULT_FUNDS = ("一般公共预算",)
UNIT_KEY = "unit"
ITEM_KEY, AMOUNT_KEY = "item", "amount"  # the two columns of the ``options.rows`` layout

# Printed column → the ``options.codes`` entries whose atoms it adds up.
COLUMN_PARTS = {
    "overseas": ("overseas",),
    "vehicle_purchase": ("vehicle_purchase",),
    "vehicle_operation": ("vehicle_operation",),
    "vehicles": ("vehicle_purchase", "vehicle_operation"),
    "reception": ("reception",),
    "total": ("overseas", "vehicle_purchase", "vehicle_operation", "reception"),
}
COLUMN_KEYS = frozenset({*COLUMN_PARTS, ITEM_KEY, AMOUNT_KEY})
REQUIRED_OPTIONS = ("codes",)


def build(ctx: TableContext, spec: TableSpec) -> Table:
    codes = {part: [str(c) for c in values] for part, values in spec.options["codes"].items()}
    column_codes = {key: sorted({c for part in parts for c in codes.get(part, ())}) for key, parts in COLUMN_PARTS.items()}
    all_codes = sorted({c for values in codes.values() for c in values})
    funds = list(spec.options.get("funds", DEFAULT_FUNDS))
    atoms = where(ctx.lines, fund_source=funds, dept_econ_code=all_codes)

    def amounts(frame) -> dict:
        return {key: total_where(frame, dept_econ_code=key_codes) for key, key_codes in column_codes.items()}

    note = "" if len(atoms) else empty_note(ctx, spec)
    if "rows" in spec.options:
        return _item_rows(ctx, spec, amounts(atoms), note)
    units = sorted(ctx.model.units, key=lambda u: u.code)
    if len(units) <= 1 or ctx.profile.option("three_public") == "total":
        rows = make_rows(spec.keys, [(amounts(atoms), "total")])
        return new_table(ctx, spec, rows, text_keys=set(), note=note)

    label = spec.options.get("unit_label_column", "单位名称")
    columns = (HeaderNode(label, UNIT_KEY), *spec.columns)
    keys = [UNIT_KEY, *spec.keys]
    records = [({UNIT_KEY: ctx.profile.wording.get("total", "合计"), **amounts(atoms)}, "total")]
    if len(atoms):
        for unit in units:
            records.append(({UNIT_KEY: unit.name, **amounts(where(atoms, unit_code=unit.code))}, "detail"))
    return new_table(ctx, spec, make_rows(keys, records), text_keys={UNIT_KEY}, columns=columns, note=note)


def _item_rows(ctx: TableContext, spec: TableSpec, amounts: dict, note: str) -> Table:
    """项目 | 预算数: ``options.rows`` lists ``{label, column}``, column a key of COLUMN_PARTS."""
    records = [({ITEM_KEY: row["label"], AMOUNT_KEY: amounts[row["column"]]}, "total" if i == 0 else "detail")
               for i, row in enumerate(spec.options["rows"])]
    return new_table(ctx, spec, make_rows(spec.keys, records), text_keys={ITEM_KEY}, note=note)
