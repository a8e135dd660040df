"""Single input sheets read on their own, for the layers above (checks, narrative, document)
that need the 基本信息 settings or the 上年数 figures without reading the whole budget model.

Rows the input reader would reject are skipped here: the input rules report them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from yusuan.amounts import FEN_PER_WAN
from yusuan.inputs._cells import HEADER_SCAN_ROWS, header_key, locate, match_choice
from yusuan.inputs._context import Context
from yusuan.inputs._settings import SettingsReader, locate_settings
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import LAST_YEAR_SHEET
from yusuan.ports.base import WorkbookPort, a1
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


def last_year_amounts(port: WorkbookPort) -> dict[str, tuple[Decimal, str, str]]:
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
