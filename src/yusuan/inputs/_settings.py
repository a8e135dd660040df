"""基本信息: settings found by their label (any column), value in the cell to the right."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from yusuan.amounts import AmountError, to_fen
from yusuan.inputs import rules as R
from yusuan.inputs._cells import match_choice
from yusuan.inputs._context import Context
from yusuan.inputs.spec import LAYOUT_PREFIX, InputSpec, SettingSpec
from yusuan.model import Department
from yusuan.ports.base import a1
from yusuan.profiles import layout_options
from yusuan.text import cell_text, fold

YEAR = re.compile(r"(\d{4})年?(度)?")
YEAR_RANGE = range(2000, 2100)


@dataclass
class Settings:
    """Raw values of 基本信息 by key, with their value cells."""

    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (row, col) of the value


def locate_settings(ctx: Context, sheet: str, rows: list[list[Any]], spec: InputSpec) -> Settings:
    by_label = {fold(s.label): s for s in spec.settings}
    found = Settings()
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            setting = by_label.get(fold(cell_text(value))) if isinstance(value, str) else None
            if setting is None:
                continue
            if setting.key in found.cells:
                ctx.add(R.DUPLICATE_SETTING, sheet, a1(r, c), field=setting.label, first_row=found.cells[setting.key][0])
            else:
                found.values[setting.key] = row[c] if c < len(row) else None
                found.cells[setting.key] = (r, c + 1)
            break
    return found


class SettingsReader:
    """Turns 基本信息 into a :class:`Department`; ``fatal`` when no usable department remains."""

    def __init__(self, ctx: Context, sheet: str, spec: InputSpec):
        self.ctx, self.sheet, self.spec = ctx, sheet, spec
        self.fatal = False
        self.year: int | None = None
        self.amount_unit: str | None = None
        self.found = Settings()

    def read(self, rows: list[list[Any]]) -> Department | None:
        found = self.found = locate_settings(self.ctx, self.sheet, rows, self.spec)
        name = self._text("department_name")
        if not name:
            self.ctx.add(R.MISSING_DEPARTMENT, self.sheet, self.cell("department_name"))
            self.fatal = True
        code = self._text("department_code")
        if not code:
            setting = self.spec.setting("department_code")
            self.ctx.add(R.BLANK_REQUIRED, self.sheet, self.cell("department_code"), field=setting.label, effect="")
        year = self.year = self._year()
        unit = self.amount_unit = self._choice("amount_unit")
        profile = self._choice("profile")
        texts, counts, amounts, layout = {}, {}, {}, {}
        for setting in self.spec.settings:
            if setting.kind == "count":
                count = self._count(setting)
                if count is not None:
                    counts[setting.key] = count
            elif setting.kind == "amount":
                amount = self._amount(setting, unit)
                if amount is not None:
                    amounts[setting.key] = amount
            elif setting.kind == "layout":
                chosen = self._layout(setting)
                if chosen:
                    layout[setting.key.removeprefix(LAYOUT_PREFIX)] = chosen
            elif setting.kind == "text" and self._text(setting.key):
                texts[setting.key] = self._text(setting.key)
        if self.fatal or year is None or unit is None or profile is None:
            self.fatal = True
            return None
        return Department(
            name=name,
            code=code,
            year=year,
            amount_unit=unit,
            profile=profile,
            publish_date=self._text("publish_date"),
            texts=MappingProxyType(texts),
            counts=MappingProxyType(counts),
            amounts=MappingProxyType(amounts),
            layout=MappingProxyType(layout),
            rows=MappingProxyType({key: cell[0] for key, cell in found.cells.items()}),
        )

    # one setting -----------------------------------------------------------------------
    def _text(self, key: str) -> str:
        return cell_text(self.found.values.get(key))

    def cell(self, key: str) -> str:
        """A1 of the value cell; '' (the sheet as a whole) when the label row is missing."""
        cell = self.found.cells.get(key)
        return a1(*cell) if cell else ""

    def _year(self) -> int | None:
        text = self._text("year")
        match = YEAR.fullmatch(fold(text))
        if match and int(match.group(1)) in YEAR_RANGE:
            return int(match.group(1))
        reason = "（未填写）" if not text else ""
        self.ctx.add(R.INVALID_YEAR, self.sheet, self.cell("year"), value=text, reason=reason)
        return None

    def _choice(self, key: str) -> str | None:
        setting: SettingSpec = self.spec.setting(key)
        text = self._text(key)
        choices = setting.choices or ()
        if not text and setting.default is not None:
            effect = f"，按默认值“{setting.default}”处理"
            self.ctx.add(R.BLANK_REQUIRED, self.sheet, self.cell(key), R.W, field=setting.label, effect=effect)
            return setting.default
        if not text and setting.required:  # 金额单位: a wrong guess would scale every amount
            self.ctx.add(R.BLANK_REQUIRED, self.sheet, self.cell(key), field=setting.label, effect="，无法生成报表")
            return None
        value = match_choice(text, choices)
        if value is None:
            self.ctx.add(R.INVALID_SETTING, self.sheet, self.cell(key), field=setting.label, value=text, choices="、".join(choices))
        return value

    def _layout(self, setting: SettingSpec) -> str | None:
        """A layout option's value (YAML form); blank keeps the profile's default."""
        text = self._text(setting.key)
        if not text:
            return None
        choice = match_choice(text, setting.choices or ())
        option = layout_options()[setting.key.removeprefix(LAYOUT_PREFIX)]
        value = option.value_of(choice) if choice else option.value_of(text)
        if value is None:
            self.ctx.add(R.INVALID_SETTING, self.sheet, self.cell(setting.key), field=setting.label, value=text,
                         choices="、".join(setting.choices or ()))
            self.fatal = True
        return value

    def _amount(self, setting: SettingSpec, unit: str | None) -> int | None:
        """A profile's amount field in the 金额单位 of 基本信息, as 分; a bad value is left out."""
        text = self._text(setting.key)
        if not text or unit is None:
            return None
        effect = "，该项按未填写处理"
        try:
            fen = to_fen(self.found.values.get(setting.key), unit)
        except AmountError as exc:
            self.ctx.add(R.AMOUNT_NOT_NUMBER, self.sheet, self.cell(setting.key), field=setting.label, value=text,
                         reason=exc.detail, effect=effect)
            return None
        if fen is not None and fen < 0:
            self.ctx.add(R.NEGATIVE_AMOUNT, self.sheet, self.cell(setting.key), field=setting.label, value=text, effect=effect)
            return None
        return fen

    def _count(self, setting: SettingSpec) -> int | None:
        text = fold(self._text(setting.key))
        if not text:
            return None
        if re.fullmatch(r"\d+", text):
            return int(text)
        self.ctx.add(R.NOT_A_COUNT, self.sheet, self.cell(setting.key), field=setting.label, value=self._text(setting.key))
        return None
