"""Read what the 情况说明 checks need from a workbook: the paragraphs and 上年数.

Used by :mod:`yusuan.audit.runner` to fill :class:`~yusuan.checks.registry.CheckContext`
(``narrative``, and ``options[LAST_YEAR_OPTION]``); each sheet is read once.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.amounts import FEN_PER_WAN
from yusuan.checks.narrative_rules.patterns import patterns
from yusuan.ports.base import WorkbookPort, a1

LAST_YEAR_OPTION = "narrative_last_year"  # {上年数 item: (万元, sheet, cell)}
LAST_YEAR_SHEET = "上年数"


def narrative_cells(port: WorkbookPort) -> tuple[tuple[str, str, str], ...]:
    """Every non-empty text cell of the 情况说明 sheet(s), row by row: (sheet, A1, text)."""
    wanted = set(patterns().sheets)
    cells: list[tuple[str, str, str]] = []
    for sheet in port.sheet_names():
        if sheet.strip() not in wanted:
            continue
        for r, row in enumerate(port.read_values(sheet), start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str) and value.strip():
                    cells.append((sheet, a1(r, c), value))
    return tuple(cells)


def last_year_figures(port: WorkbookPort) -> dict[str, tuple[Decimal, str, str]]:
    """上年数 by item in 万元, with the amount cell; {} without the sheet or without 基本信息
    (whose 金额单位 the amounts are in).  Unreadable rows are skipped: the input rules report them."""
    from yusuan.inputs._cells import locate, match_choice
    from yusuan.inputs._context import Context
    from yusuan.inputs._settings import SettingsReader
    from yusuan.inputs.spec import load_spec

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
