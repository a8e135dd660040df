"""Single input sheets read on their own, for the layers above (checks, narrative, document)
that need the 基本信息 settings or the 上年数 figures without reading the whole budget model.

Rows the input reader would reject are skipped here: the input rules report them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yusuan.amounts import FEN_PER_WAN
from yusuan.inputs._cells import HEADER_SCAN_ROWS, header_key, locate, match_choice
from yusuan.inputs._context import Context
from yusuan.inputs._settings import SettingsReader, locate_settings
from yusuan.inputs.spec import InputSpec, load_spec
from yusuan.inputs.template import LAST_YEAR_SHEET, SETTING_HEADERS
from yusuan.ports.base import WorkbookPort, WorkbookReader, a1
from yusuan.text import cell_text


def settings_values(port: WorkbookPort, sheet: str) -> dict[str, Any]:
    """Raw values of the 基本信息 sheet ``sheet`` by setting key, found by their labels."""
    return locate_settings(Context(), sheet, port.read_values(sheet), load_spec()).values


def setting_cell(port: WorkbookPort, key: str) -> tuple[str, str]:
    """(sheet, A1 of the value cell) of a 基本信息 setting; the cell is '' when not found."""
    spec = load_spec()
    sheet = next((n for n in port.sheet_names() if n.strip() == spec.settings_sheet), spec.settings_sheet)
    if sheet not in port.sheet_names():
        return sheet, ""
    cell = locate_settings(Context(), sheet, port.read_values(sheet), spec).cells.get(key)
    return sheet, a1(*cell) if cell else ""


def last_year_amounts(port: WorkbookReader) -> dict[str, tuple[Decimal, str, str]]:
    """上年数 by item in 万元, with the amount cell; {} without the sheet or without 基本信息
    (whose 金额单位 the amounts are in)."""
    spec = load_spec()
    names = {name.strip(): name for name in port.sheet_names()}
    settings_sheet, sheet = names.get(spec.settings_sheet), names.get(LAST_YEAR_SHEET)
    if settings_sheet is None or sheet is None:
        return {}
    reader = SettingsReader(Context(), settings_sheet, spec)
    reader.read(port.read_values(settings_sheet))
    sheet_spec = spec.sheet(LAST_YEAR_SHEET)
    located = locate(sheet, port.read_values(sheet), sheet_spec)
    if located is None or "item" not in located.columns or "amount" not in located.columns:
        return {}
    context = Context(amount_unit=reader.amount_unit or "元")
    items = tuple(sheet_spec.column("item").choices or ())
    amount_column = sheet_spec.column("amount")
    found: dict[str, tuple[Decimal, str, str]] = {}
    for record in located.records():
        item = match_choice(record.text("item"), items)
        ok, fen = context.amount(record, amount_column, blank_ok=True)
        if item and ok and fen is not None and item not in found:
            found[item] = (Decimal(fen) / FEN_PER_WAN, sheet, record.cell("amount"))
    return found


def last_year_cells(port: WorkbookPort) -> dict[str, str]:
    """上年数 item → A1 of its amount cell, as the items stand on the user's 上年数 sheet."""
    if LAST_YEAR_SHEET not in port.sheet_names():
        return {}
    spec = load_spec().sheet(LAST_YEAR_SHEET)
    item, amount = spec.column("item"), spec.column("amount")
    rows = port.read_values(LAST_YEAR_SHEET)
    wanted = header_key(item.header), header_key(amount.header)
    # as the reader, the header may sit below titles
    headers = [[header_key(v) for v in header] for header in rows[:HEADER_SCAN_ROWS]]
    top = next((i for i, keys in enumerate(headers) if all(w in keys for w in wanted)), None)
    if top is None:
        return {}
    keys = headers[top]
    item_col, amount_col = keys.index(wanted[0]), keys.index(wanted[1])
    cells: dict[str, str] = {}
    for r, row in enumerate(rows[top + 1:], start=top + 2):
        text = cell_text(row[item_col]) if item_col < len(row) else ""
        matched = match_choice(text, item.choices or ()) if text else None
        if matched and matched not in cells:  # the first row counts, as the reader reads it
            cells[matched] = a1(r, amount_col + 1)
    return cells


@dataclass(frozen=True)
class InputHeader:
    """Where an input sheet's header stands (1-based row) and whether it names every column."""

    row: int
    complete: bool


def input_header(sheet: str, rows: list[list[Any]]) -> InputHeader | None:
    """The header of yusuan's input sheet ``sheet`` (its name stripped) among the first rows,
    found as the reader finds it (the template's header or a budget system's,
    ``header_synonyms.yaml``) and naming the sheet well: every required column, at least two
    columns and half of all its columns, and most of that row's filled cells.  基本信息: its
    项目 | 内容 row, or a row of setting labels.  None when no row does (or ``sheet`` is no input
    sheet): a disclosure table on a sheet of that name names a few of its columns at most."""
    spec = load_spec()
    if sheet == spec.settings_sheet:
        return _settings_header(rows, spec)
    sheet_spec = next((s for s in spec.sheets if s.name == sheet), None)
    if sheet_spec is None:
        return None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        located = locate(sheet, [row], sheet_spec)
        if located is None or located.missing(sheet_spec):
            continue
        named, filled = len(located.columns), sum(1 for v in row if cell_text(v))
        if named >= 2 and 2 * named >= len(sheet_spec.columns) and 2 * named >= filled:
            return InputHeader(index, named == len(sheet_spec.columns))
    return None


def _settings_header(rows: list[list[Any]], spec: InputSpec) -> InputHeader | None:
    """项目 | 内容 | 填写说明 (complete), or a setting's label, its value and a hint."""
    settings = {header_key(s.label) for s in spec.settings}
    labels = settings | {header_key(h) for h in SETTING_HEADERS}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        texts = [header_key(v) for v in row if cell_text(v)]
        known = sum(t in labels for t in texts)
        if (known >= 2 and 2 * known >= len(texts)) or (texts and texts[0] in settings and len(texts) <= 3):
            return InputHeader(index, texts[:2] == [header_key(h) for h in SETTING_HEADERS[:2]])
    return None
