"""The 情况说明 sheet: one paragraph per row in column A, written through the port in one block.

Row 1 is the part's title, headings and paragraphs follow, each on a row of its own, text
only (a paragraph starting with '=' stays text: the port never writes formulas).  Column A is
wide and wrapped; row heights are set so a paragraph shows in full (openpyxl cannot autofit).
"""

from __future__ import annotations

from yusuan.checks.marks import users_notes
from yusuan.inputs._cells import HEADER_SCAN_ROWS, cell_text, header_key, match_choice
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import LAST_YEAR_SHEET
from yusuan.narrative.compose import Narrative
from yusuan.ports import CellRange, PageSetup, Style, WorkbookPort
from yusuan.ports.base import a1

NARRATIVE_SHEET = "情况说明"
WIDTH = 110.0
LINE_HEIGHT = 15.0
TITLE_HEIGHT = 30.0


def write_narrative(port: WorkbookPort, narrative: Narrative, index: int | None = None) -> None:
    """(Re)write the 情况说明 sheet at ``index`` (default: where it is, else at the end).

    The user's own notes on the sheet are kept; yusuan's are dropped (the checks put theirs back).
    """
    kept = _replace_sheet(port, index)
    rows = [[text] for _, text in narrative.paragraphs]
    if rows:
        port.write_values(NARRATIVE_SHEET, 1, 1, rows)
    last = max(len(rows), 1)
    port.set_column_widths(NARRATIVE_SHEET, {1: WIDTH})
    port.apply_style(NARRATIVE_SHEET, CellRange(1, 1, last, 1), Style(wrap=True, v_align="top", h_align="left"))
    for row, (kind, _) in enumerate(narrative.paragraphs, start=1):
        if kind == "title":
            port.apply_style(NARRATIVE_SHEET, CellRange.cell(row, 1),
                             Style(bold=True, font_size=16, h_align="center", v_align="center"))
        elif kind == "heading":
            port.apply_style(NARRATIVE_SHEET, CellRange.cell(row, 1), Style(bold=True))
    port.set_row_heights(NARRATIVE_SHEET, row_heights(narrative))
    port.set_page_setup(NARRATIVE_SHEET, PageSetup(landscape=False))
    for (row, col), (text, author) in kept.items():
        port.set_note(NARRATIVE_SHEET, row, col, text, author)


def row_heights(narrative: Narrative) -> dict[int, float]:
    heights = {}
    for row, (kind, text) in enumerate(narrative.paragraphs, start=1):
        if kind == "title":
            heights[row] = TITLE_HEIGHT
            continue
        lines = -(-_text_width(text) // int(WIDTH - 2))
        if lines > 1:
            heights[row] = lines * LINE_HEIGHT
    return heights


def _text_width(text: str) -> int:
    """Display width in Excel column units: a CJK character is about two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _replace_sheet(port: WorkbookPort, index: int | None) -> dict[tuple[int, int], tuple[str, str | None]]:
    kept: dict[tuple[int, int], tuple[str, str | None]] = {}
    names = port.sheet_names()
    if NARRATIVE_SHEET in names:
        kept = users_notes(port, NARRATIVE_SHEET)
        current = names.index(NARRATIVE_SHEET)
        # ``index`` counts the old sheet: one less once it is gone, when it stood before
        index = current if index is None else index - (current < index)
        port.remove_sheet(NARRATIVE_SHEET)
    port.add_sheet(NARRATIVE_SHEET, index)
    return kept


def last_year_cells(port: WorkbookPort) -> dict[str, str]:
    """上年数 item → A1 of its amount cell, as the items stand on the user's 上年数 sheet."""
    if LAST_YEAR_SHEET not in port.sheet_names():
        return {}
    spec = load_spec().sheet(LAST_YEAR_SHEET)
    item, amount = spec.column("item"), spec.column("amount")
    rows = port.read_values(LAST_YEAR_SHEET)
    wanted = header_key(item.header), header_key(amount.header)
    for top, header in enumerate(rows[:HEADER_SCAN_ROWS]):  # as the reader, the header may sit below titles
        keys = [header_key(v) for v in header]
        if all(w in keys for w in wanted):
            break
    else:
        return {}
    item_col, amount_col = keys.index(wanted[0]), keys.index(wanted[1])
    cells: dict[str, str] = {}
    for r, row in enumerate(rows[top + 1:], start=top + 2):
        text = cell_text(row[item_col]) if item_col < len(row) else ""
        matched = match_choice(text, item.choices or ()) if text else None
        if matched and matched not in cells:  # the first row counts, as the reader reads it
            cells[matched] = a1(r, amount_col + 1)
    return cells
