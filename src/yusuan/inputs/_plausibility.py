"""金额单位 plausibility (rule IN050): amounts 10,000 times too small or too large for the unit.

Amounts typed in 万元 under 金额单位 元 (or the reverse) build without any other error, with every
figure off by 10,000; only their size says so.  The bounds are data (``plausibility.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from statistics import median_low
from typing import Any

from yusuan.amounts import AmountError, parse_decimal
from yusuan.inputs import rules as R
from yusuan.inputs._cells import Located
from yusuan.inputs._context import Context
from yusuan.ports.base import a1
from yusuan.yaml_data import load_yaml

YUAN_PER_UNIT = {"元": Decimal(1), "万元": Decimal(10_000)}
OTHER_UNIT = {"元": "万元", "万元": "元"}


@dataclass(frozen=True)
class Bounds:
    total_min: Decimal
    total_max: Decimal
    median_min: Decimal
    median_max: Decimal
    precise_share: Decimal
    min_lines: int
    flagged_lines: int


@cache
def bounds() -> Bounds:
    raw = load_yaml(resources.files("yusuan.inputs").joinpath("plausibility.yaml").read_text(encoding="utf-8"))
    return Bounds(
        **{k: Decimal(str(raw[k])) for k in ("total_min", "total_max", "median_min", "median_max", "precise_share")},
        min_lines=int(raw["min_lines"]), flagged_lines=int(raw["flagged_lines"]),
    )


def _yuan_text(yuan: Decimal) -> str:
    if yuan >= 100_000_000:
        return f"{yuan / 100_000_000:,.2f} 亿元"
    if yuan >= 10_000:
        return f"{yuan / 10_000:,.2f} 万元"
    return f"{yuan:,.2f} 元"


def implausible(amounts: list[Decimal], unit: str) -> list[str]:
    """Why ``amounts`` (positive, as typed) are not a department's in ``unit``; [] when they fit.

    The median line and the decimals decide (one stray line cannot move them); the total is
    said alongside, as the figure an officer knows."""
    b = bounds()
    factor = YUAN_PER_UNIT[unit]
    total, middle = sum(amounts, Decimal(0)) * factor, median_low(amounts) * factor
    reasons = []
    if middle < b.median_min:
        reasons.append(f"明细金额的中位数只有 {_yuan_text(middle)}")
    elif middle > b.median_max:
        reasons.append(f"明细金额的中位数达 {_yuan_text(middle)}")
    if unit == "元":
        precise = sum(1 for a in amounts if _decimals(a) in range(3, 7))
        if precise >= b.precise_share * len(amounts):
            reasons.append(f"{precise} 行金额有三至六位小数（元只有两位小数）")
    if reasons and (total < b.total_min or total > b.total_max):
        reasons.insert(0, f"支出合计{'只有' if total < b.total_min else '达'} {_yuan_text(total)}")
    return reasons


def _decimals(amount: Decimal) -> int:
    exponent = amount.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def check_amount_unit(ctx: Context, located: Located, unit: str, setting: tuple[str, str]) -> None:
    """IN050 on the 金额单位 cell (``setting`` = sheet, A1) and the first lines' amount cells when
    the 支出明细 amounts do not fit ``unit``; a unit in the amount header is checked instead."""
    records: list[tuple[int, Decimal]] = []  # (row, amount): a row with an amount is no blank row
    for row, raw in located.column_values("amount"):
        try:
            amount = parse_decimal(raw)
        except AmountError:
            continue
        if amount is not None and amount.is_finite() and amount > 0:
            records.append((row, amount))
    if len(records) < bounds().min_lines:
        return
    header_unit = located.units.get("amount")
    declared = header_unit or unit
    amounts = [a for _, a in records]
    reasons = implausible(amounts, declared)
    if not reasons:
        return
    other = OTHER_UNIT[declared]
    where = "金额列表头的单位" if header_unit else "金额单位"
    if implausible(amounts, other):
        advice = f"请核对金额是否多乘或少除了 10000，并核对{where}"
    else:
        advice = f"金额单位可能应为{other}，请核对后改正{where}"
    params: dict[str, Any] = {"unit": declared, "evidence": "，".join(reasons), "advice": advice}
    if header_unit:
        ctx.add(R.UNIT_IMPLAUSIBLE, located.sheet, a1(located.header_row, located.columns["amount"]), **params)
    else:
        ctx.add(R.UNIT_IMPLAUSIBLE, setting[0], setting[1], **params)
    for row, _ in records[: bounds().flagged_lines]:
        ctx.add(R.UNIT_IMPLAUSIBLE, located.sheet, a1(row, located.columns["amount"]), **params)
    ctx.unit_suspect = True
