"""State shared while reading the input sheets: findings, amount unit, name-cell record.

Each parser here returns a value and reports at most one finding for the cell it reads, so
that every bad cell gives exactly one finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.amounts import AmountError, parse_decimal, to_fen
from yusuan.findings.rule import Finding, Rule, Severity
from yusuan.inputs import rules as R
from yusuan.inputs._cells import Record, fold, match_choice
from yusuan.inputs.spec import ColumnSpec

LINE_LEFT_OUT = "，本行不计入"


@dataclass
class Context:
    """Findings so far, the 金额单位 and what yusuan wrote into name cells before."""

    amount_unit: str = "元"
    written: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet, A1) -> value
    findings: list[Finding] = field(default_factory=list)

    def add(self, rule: Rule, sheet: str, cell: str, severity: Severity | None = None, **params: object) -> None:
        self.findings.append(rule.finding(sheet, cell, severity, **params))

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
        params = {"field": column.header, "effect": effect}
        try:
            number = parse_decimal(raw)
        except AmountError:
            self.flag(R.AMOUNT_NOT_NUMBER, record, column.key, value=record.text(column.key), **params)
            return False, None
        if number is None:
            if blank_ok:
                return True, None
            self.flag(R.BLANK_AMOUNT, record, column.key, **params)
            return False, None
        if not number.is_finite():
            self.flag(R.AMOUNT_NOT_NUMBER, record, column.key, value=record.text(column.key), **params)
            return False, None
        try:
            fen = to_fen(number, self.amount_unit)
        except AmountError:
            self.flag(R.AMOUNT_TOO_PRECISE, record, column.key, value=record.text(column.key), unit=self.amount_unit, **params)
            return False, None
        if fen < 0:
            self.flag(R.NEGATIVE_AMOUNT, record, column.key, value=record.text(column.key), **params)
            return False, None
        return True, fen

    def check_name(self, record: Record, column: ColumnSpec, code: str, expected: str | None) -> None:
        """Warn when a name typed by the user differs from the name of its code.

        A value yusuan itself wrote there before is not the user's: it is refreshed, not flagged.
        """
        if not expected or column.key not in record.columns:
            return
        value = record.text(column.key)
        if not value or fold(value) == fold(expected):
            return
        if self.written.get((record.sheet, record.cell(column.key))) == value:
            return
        self.flag(R.NAME_MISMATCH, record, column.key, field=column.header, value=value, code=code, expected=expected)
