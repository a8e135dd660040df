"""State shared while reading the input sheets: findings, amount unit, name-cell record.

Each parser here returns a value and reports at most one finding for the cell it reads, so
that every bad cell gives exactly one finding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from yusuan.amounts import AmountError, parse_decimal, to_fen
from yusuan.findings.rule import Finding, Rule, Severity
from yusuan.inputs import rules as R
from yusuan.inputs._cells import Record, match_choice
from yusuan.inputs.spec import ColumnSpec
from yusuan.text import SIGNIFICANT_DIGITS as EXCEL_DIGITS
from yusuan.text import fold, shown_text

LINE_LEFT_OUT = "，本行不计入"
CODE_FIX = "请把该列设为“文本”格式，从预算系统重新复制编码，用“选择性粘贴 → 文本”（或“粘贴为值”）粘贴，或在编码前加英文单引号（'）后输入。"
DEFAULT_MAX_YUAN = 10**12  # an amount column without its own bound (sheets.yaml max_yuan)
UNIT_YUAN = {"元": 1, "万元": 10_000}


@lru_cache(maxsize=64)  # asked once per amount cell, the same few bounds
def _bound(max_yuan: int, unit: str) -> Decimal:
    """The largest plausible amount in ``unit``."""
    return Decimal(max_yuan) / UNIT_YUAN[unit]


def _in_words(bound: Decimal, unit: str) -> str:
    """10^11 元 → '1,000 亿元'; 10^7 万元 → '1,000 亿元'."""
    yi = bound * UNIT_YUAN[unit] / 10**8
    return f"{yi:,.0f} 亿元"


@dataclass
class Context:
    """Findings so far, the 金额单位 and what yusuan wrote into name cells before."""

    amount_unit: str = "元"
    written: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet, A1) -> value
    # (sheet, A1) of cells read as blank for a reason already reported: a formula never
    # calculated (IN043), a cell covered by a merge (IN041)
    uncomputed: set[tuple[str, str]] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    unit_suspect: bool = False  # the amounts do not fit the 金额单位 (IN050 reported)

    def add(self, rule: Rule, sheet: str, cell: str, severity: Severity | None = None, **params: object) -> None:
        if (sheet, cell) in self.uncomputed and rule not in (R.UNCOMPUTED_FORMULA, R.MERGED_INPUT_CELL):
            return  # the cell's one finding says why it reads blank (formula not calculated, merged away)
        self.findings.append(rule.finding(sheet, cell, severity, **params))

    def wrote(self, record: Record, key: str, value: str) -> bool:
        """Whether yusuan itself wrote ``value`` into ``record``'s cell in column ``key``."""
        return bool(self.written) and self.written.get((record.sheet, record.cell(key))) == value

    def flag(self, rule: Rule, record: Record, key: str, severity: Severity | None = None, **params: object) -> None:
        """A finding on ``record``'s cell in column ``key``."""
        self.add(rule, record.sheet, record.cell(key), severity, **params)

    # typed cells ---------------------------------------------------------------------
    def required(self, record: Record, column: ColumnSpec, effect: str = LINE_LEFT_OUT) -> str | None:
        """Text of a required cell; None (and a finding) when blank."""
        text = record.text(column.key)
        if not text:
            self.flag(R.BLANK_REQUIRED, record, column.key, field=column.header, effect=effect)
            return None
        return text

    def choice(self, record: Record, column: ColumnSpec, effect: str = LINE_LEFT_OUT) -> tuple[bool, str | None]:
        """(ok, canonical value).  Blank gives the column default, or a finding when required."""
        text = record.text(column.key)
        if not text:
            if column.required and column.default is None:
                self.flag(R.BLANK_REQUIRED, record, column.key, field=column.header, effect=effect)
                return False, None
            return True, column.default
        value = match_choice(text, column.choices or ())
        if value is None:
            choices = "、".join(column.choices or ())
            self.flag(R.NOT_IN_LIST, record, column.key, field=column.header, value=text, choices=choices, effect=effect)
            return False, None
        return True, value

    def amount(self, record: Record, column: ColumnSpec, effect: str = LINE_LEFT_OUT, blank_ok: bool = False) -> tuple[bool, int | None]:
        """(ok, 分).  Text, negative, blank (unless ``blank_ok``) and sub-分 amounts are findings."""
        raw = record.raw(column.key)
        params: dict[str, Any] = {"field": column.header, "effect": effect}
        try:
            number = parse_decimal(raw)
        except AmountError as exc:
            self.flag(R.AMOUNT_NOT_NUMBER, record, column.key, value=record.text(column.key), reason=exc.detail, **params)
            return False, None
        if number is None:
            if blank_ok:
                return True, None
            self.flag(R.BLANK_AMOUNT, record, column.key, **params)
            return False, None
        unit = record.units.get(column.key, self.amount_unit)  # '金额（万元）': the header's unit
        bound = _bound(column.max_yuan or DEFAULT_MAX_YUAN, unit)
        if abs(number) > bound:
            # quoted as the cell shows it: 1E+308, not its 309 digits
            self.flag(R.AMOUNT_OUT_OF_RANGE, record, column.key, value=shown_text(raw), unit=unit,
                      bound=_in_words(bound, unit), **params)
            return False, None
        try:
            fen = to_fen(number, unit)
        except AmountError:
            if not self.unit_suspect:  # the unit finding (IN050) already says why
                self.flag(R.AMOUNT_TOO_PRECISE, record, column.key, value=record.text(column.key), unit=unit, **params)
            return False, None
        if fen is not None and fen < 0:
            self.flag(R.NEGATIVE_AMOUNT, record, column.key, value=record.text(column.key), **params)
            return False, None
        return True, fen

    def numeric_codes(self, record: Record, columns: tuple[ColumnSpec, ...], effect: str = LINE_LEFT_OUT) -> bool:
        """IN051 for each code cell holding a number longer than Excel's 15 digits (the digits
        after the 15th are lost and cannot be recovered); True when there was one."""
        found = False
        values = record.values
        for column in columns:
            if column.kind != "code":
                continue
            raw = values.get(column.key)
            if raw is None or type(raw) is str or isinstance(raw, bool) or not isinstance(raw, (int, float)):
                continue
            digits = len(str(abs(int(raw)))) if math.isfinite(raw) else 0
            if digits > EXCEL_DIGITS or (isinstance(raw, float) and "e" in repr(raw)):
                problem = f"，超过 {EXCEL_DIGITS} 位的数字在 Excel 中只保留 {EXCEL_DIGITS} 位有效数字，其后各位已变成 0，原编码无法还原"
                self.flag(R.CODE_AS_NUMBER, record, column.key, field=column.header, value=repr(raw) if isinstance(raw, float) else str(raw),
                          problem=problem, effect=effect, fix=CODE_FIX)
                found = True
        return found

    def lost_leading_zeros(self, record: Record, column: ColumnSpec, known: Iterable[str], effect: str = LINE_LEFT_OUT) -> bool:
        """IN051 when a code typed as a number matches a known code once its leading zeros are back."""
        raw = record.raw(column.key)
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            return False
        code = record.code(column.key)
        match = next((k for k in known if k != code and k.lstrip("0") == code and k.startswith("0")), None)
        if match is None:
            return False
        problem = f"，前导零已丢失（应为“{match}”）"
        self.flag(R.CODE_AS_NUMBER, record, column.key, field=column.header, value=code, problem=problem, effect=effect, fix=CODE_FIX)
        return True

    def check_name(self, record: Record, column: ColumnSpec, code: str, expected: str | None) -> None:
        """Warn when a name typed by the user differs from the name of its code.

        A value yusuan itself wrote there before is not the user's: it is refreshed, not flagged.
        """
        if not expected or column.key not in record.columns:
            return
        value = record.text(column.key)
        if not value or fold(value) == fold(expected):
            return
        if self.wrote(record, column.key, value):
            return
        self.flag(R.NAME_MISMATCH, record, column.key, field=column.header, value=value, code=code, expected=expected)
