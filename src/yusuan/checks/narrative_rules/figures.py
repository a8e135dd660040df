"""The values the 情况说明 is checked against: table cells as printed, and 上年数.

A figure is looked up in the parsed workbook by table kind, row and column keys (see the
``figures`` section of ``narrative_patterns.yaml``).  Amounts are rounded to the cent, as the
tables print them.  A figure whose table is not in the workbook, or whose row or column the
recogniser did not find, is unknown (``None``): the sentence is then not judged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yusuan.checks.narrative_rules.patterns import ClassLookup, FigureSpec, compact, patterns
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import a1

CENT = Decimal("0.01")
_NUMBERING = re.compile(r"^\(?[一二三四五六七八九十百零]+[)、]")


@dataclass(frozen=True)
class Value:
    """A figure's value and where it is printed (``sheet!A1``, for messages)."""

    amount: Decimal
    source: str


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class FigureBook:
    """Figure id → value, from ``workbook`` and ``last_year`` ({上年数 item: (万元, sheet, cell)})."""

    def __init__(self, workbook: ParsedWorkbook, last_year: Mapping[str, tuple[Decimal, str, str]] | None = None):
        self.workbook = workbook
        self.last_year = dict(last_year or {})
        self._dynamic: dict[str, tuple[FigureSpec, Value]] = {}
        self._values: dict[str, list[Value] | None] = {}  # a paragraph names the same figures again and again

    # ---------------------------------------------------------------------------------
    def spec(self, figure: str) -> FigureSpec | None:
        if figure in self._dynamic:
            return self._dynamic[figure][0]
        return patterns().figures.get(figure)

    def label(self, figure: str) -> str:
        spec = self.spec(figure)
        return spec.label if spec else figure

    def values(self, figure: str) -> list[Value] | None:
        """Every accepted value (alternatives, the first is the one to quote); None: unknown."""
        if figure in self._dynamic:
            return [self._dynamic[figure][1]]
        if figure not in self._values:
            self._values[figure] = self._looked_up(figure)
        return self._values[figure]

    def _looked_up(self, figure: str) -> list[Value] | None:
        spec = patterns().figures.get(figure)
        if spec is None or spec.table is None:
            return None
        table = self.workbook.first(spec.table)
        if table is None:
            return None
        if spec.count:
            rows = [r for r in table.rows if r.role == spec.count]
            return [Value(Decimal(len(rows)), f"{table.sheet}的项目行数")]
        row = self._row(table, spec.row)
        if row is None:
            if table.has_data:
                return None
            return [Value(Decimal(0), f"{table.sheet}（表中无数据）")]
        found = [v for v in (self._sum(table, row, keys) for keys in spec.value) if v is not None]
        return found or None

    def value(self, figure: str) -> Value | None:
        found = self.values(figure)
        return found[0] if found else None

    def last(self, figure: str) -> Value | None:
        """Last year's figure from 上年数, when that sheet gives it."""
        spec = self.spec(figure)
        if spec is None or not spec.last_year or spec.last_year not in self.last_year:
            return None
        amount, sheet, cell = self.last_year[spec.last_year]
        return Value(cents(amount), f"{sheet}!{cell}")

    def whole(self, figure: str) -> str | None:
        spec = self.spec(figure)
        return spec.whole if spec else None

    def unit(self, figure: str) -> str:
        spec = self.spec(figure)
        return spec.unit if spec else "万元"

    # 功能分类 类 named in the text ------------------------------------------------------
    def class_figure(self, lookup: ClassLookup, name: str) -> str | None:
        """A figure id for the 类 row whose label ``name`` (一般公共服务（类）支出) names."""
        table = self.workbook.first(lookup.table)
        if table is None or lookup.column not in table.columns:
            return None
        fillers = patterns().fillers
        for row in table.rows:
            key = _class_key(row.labels.get(lookup.side, ""))
            if not key or not re.fullmatch(f"{re.escape(key)}(?:支出)?(?:{fillers})*", name):
                continue
            figure = f"类:{lookup.table}:{key}"
            if figure not in self._dynamic:
                value = self._sum(table, row, (lookup.column,))
                if value is None:
                    return None
                spec = FigureSpec(id=figure, label=f"{key}支出", whole=lookup.whole)
                self._dynamic[figure] = (spec, value)
            return figure
        return None

    # ---------------------------------------------------------------------------------
    @staticmethod
    def _row(table: SheetTable, spec: object) -> ParsedRow | None:
        if spec == "total" or not isinstance(spec, dict):
            return table.total_row
        side, label = spec.get("side"), re.compile(spec["label"])
        for row in table.rows:
            text = row.labels.get(side, "") if side else row.label
            if label.fullmatch(compact(text)):
                return row
        return None

    @staticmethod
    def _sum(table: SheetTable, row: ParsedRow, keys: tuple[str, ...]) -> Value | None:
        total, addresses = Decimal(0), []
        for key in keys:
            cell = row.cells.get(key)
            if cell is not None:
                total += cell.value
                addresses.append(cell.address)
            elif key in table.columns:
                addresses.append(a1(row.row, table.columns[key]))  # blank cell = 0
            else:
                return None
        return Value(cents(total), f"{table.sheet}!{'+'.join(addresses)}")


def _class_key(label: str) -> str:
    key = _NUMBERING.sub("", compact(label))
    return key[:-2] if key.endswith("支出") else key
