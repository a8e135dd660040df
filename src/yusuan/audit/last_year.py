"""导入上年数: fill the 上年数 sheet from last year's disclosure workbook (``build --last-year``).

Last year's workbook is read like any workbook in audit mode (:func:`parse_workbook`), so the
tables yusuan built last year and tables another system produced serve alike.  Each item of
the 上年数 sheet takes one printed figure (where: ``last_year_sources.yaml``); writing them
into the sheet is the input side's (:mod:`yusuan.inputs.last_year`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from yusuan import profiles
from yusuan.amounts import AmountError, to_fen
from yusuan.audit.recognize import parse_workbook
from yusuan.errors import UserError
from yusuan.findings.rule import Finding
from yusuan.inputs import last_year_rules as R
from yusuan.inputs.last_year import Figure, ThisYear, this_year, write_figures
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable
from yusuan.ports.base import WorkbookPort, a1
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.text import cell_text, fold
from yusuan.yaml_data import load_yaml

# 一、 （一） 1、 at the start of a row label
_NUMBERING = re.compile(r"^(\(?[一二三四五六七八九十百零]+[)、.]|\(?\d+[)、.])")


@dataclass(frozen=True)
class Source:
    """Where one 上年数 item is printed in last year's tables."""

    item: str
    table: str
    column: str
    source: str
    side: str = ""
    rows: tuple[str, ...] = ()  # empty: the 合计 row


@cache
def sources() -> tuple[Source, ...]:
    text = resources.files("yusuan.audit").joinpath("last_year_sources.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text)["items"]
    return tuple(
        Source(item, spec["table"], spec["column"], spec["source"], spec.get("side", ""), tuple(spec.get("rows", ())))
        for item, spec in raw.items()
    )


# entry points ------------------------------------------------------------------------------
def open_last_year(path: Path) -> WorkbookPort:
    """Open last year's workbook; a missing or unreadable file is a one-line Chinese UserError."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到上年工作簿：{path}")
    try:
        return OpenpyxlWorkbook.open(path)
    except UserError as exc:
        raise UserError(f"上年工作簿 {exc.message}") from None


def import_last_year(port: WorkbookPort, last_path: Path) -> list[Finding]:
    """导入上年数 from the workbook file ``last_path`` into ``port`` (the Excel button)."""
    return import_from(port, open_last_year(last_path))


def import_from(port: WorkbookPort, last: WorkbookPort) -> list[Finding]:
    """Fill ``port``'s 上年数 sheet from the tables of ``last``; one finding per item.

    Nothing is done (and nothing reported) when 基本信息 gives no usable 金额单位: the reader
    reports that, and the build stops there anyway."""
    settings = this_year(port)
    if settings.unit is None:
        return []
    parsed = parse_workbook(last)
    figures = {s.item: figure(parsed, s) for s in sources()}
    return _year_check(parsed, settings) + write_figures(port, settings.unit, figures)


# reading last year's tables ------------------------------------------------------------------
def figure(parsed: ParsedWorkbook, source: Source) -> Figure:
    """The figure ``source`` names in last year's parsed workbook."""
    table = parsed.first(source.table)
    if table is None:
        return Figure(None, reason=f"上年工作簿中没有可识别的{_table_name(source.table)}")
    if source.column not in table.columns:
        return Figure(None, reason=f"{table.sheet}中找不到该栏（{source.source}）")
    row = _row(table, source)
    if row is None:
        if not table.has_data:  # an empty table (本表无数据): last year had none of it
            return Figure(0, where=f"{source.source}，{table.sheet}（本表无数据）")
        return Figure(None, reason=f"{table.sheet}中找不到{'“' + source.rows[0] + '”行' if source.rows else '合计行'}")
    cell = row.cells.get(source.column)
    where = f"{source.source}，{table.sheet}!{cell.address if cell else a1(row.row, table.columns[source.column])}"
    if cell is None or cell.amount is None:
        if cell is not None and cell.problem:
            return Figure(None, reason=f"{table.sheet}!{cell.address}的“{cell_text(cell.raw)}”不是金额")
        return Figure(0, where=where)
    if cell.amount < 0:
        return Figure(None, reason=f"{table.sheet}!{cell.address}为负数")
    try:
        fen = to_fen(cell.amount, "万元")
    except AmountError:
        return Figure(None, reason=f"{table.sheet}!{cell.address}的金额精度超过 1 分")
    return Figure(fen, where=where)


def _row(table: SheetTable, source: Source) -> ParsedRow | None:
    """The row ``source`` reads: the first labelled candidate with a value in the column (a
    row printed without that column's amount gives way to the next); else the 合计 row."""
    if not source.rows:
        return table.total_row
    found: list[ParsedRow] = []
    for label in source.rows:
        found += [r for r in table.rows if _bare(r.labels.get(source.side) or r.label) == fold(label)]
    with_value = [r for r in found if (c := r.cells.get(source.column)) is not None and c.raw not in (None, "")]
    return (with_value or found)[0] if found else None


def _table_name(kind: str) -> str:
    spec = profiles.load().table_of_kind(kind)
    return spec.name if spec else kind


def _bare(label: str) -> str:
    return _NUMBERING.sub("", fold(label))


def _year_check(parsed: ParsedWorkbook, settings: ThisYear) -> list[Finding]:
    """TX304 on 基本信息's 预算年度 cell: it decides which year last year's tables must be."""
    year = settings.year
    years = Counter(t.year for t in parsed.tables if t.year)
    if year is None or not years:
        return []
    found = years.most_common(1)[0][0]
    if found == year - 1:
        return []
    return [R.YEAR_MISMATCH.finding(*settings.year_cell, found=found, year=year, expected=year - 1)]


__all__ = ["figure", "import_from", "import_last_year", "open_last_year", "sources"]
