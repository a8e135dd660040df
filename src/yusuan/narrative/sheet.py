"""The 情况说明 sheet: one paragraph per row in column A, written through the port in one block.

Row 1 is the part's title, headings and paragraphs follow, each on a row of its own, text
only (a paragraph starting with '=' stays text: the port never writes formulas).  Column A is
wide and wrapped; row heights are set so a paragraph shows in full (openpyxl cannot autofit).
"""

from __future__ import annotations

from yusuan.findings.marks import users_notes
from yusuan.narrative.compose import Narrative
from yusuan.ports import CellRange, PageSetup, Style, WorkbookPort
from yusuan.ports.base import text_height

NARRATIVE_SHEET = "情况说明"
WIDTH = 75.0  # fits A4 portrait at 100%: LibreOffice does not shrink a one-column sheet, it cuts it
TITLE_HEIGHT = 30.0
FONT, FONT_SIZE = "仿宋", 12  # the .docx body font family (仿宋_GB2312 is seldom installed)


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
    port.apply_style(NARRATIVE_SHEET, CellRange(1, 1, last, 1),
                     Style(wrap=True, v_align="top", h_align="left", font_name=FONT, font_size=FONT_SIZE))
    for row, (kind, _) in enumerate(narrative.paragraphs, start=1):
        if kind == "title":
            port.apply_style(NARRATIVE_SHEET, CellRange.cell(row, 1),
                             Style(bold=True, font_size=16, h_align="center", v_align="center"))
        elif kind == "heading":
            port.apply_style(NARRATIVE_SHEET, CellRange.cell(row, 1), Style(bold=True))
    port.set_row_heights(NARRATIVE_SHEET, row_heights(narrative))
    port.set_page_setup(NARRATIVE_SHEET, PageSetup(landscape=False, print_area=CellRange(1, 1, last, 1)))
    for (row, col), (text, author) in kept.items():
        port.set_note(NARRATIVE_SHEET, row, col, text, author)


def row_heights(narrative: Narrative) -> dict[int, float]:
    """Each paragraph's row tall enough for all its lines (openpyxl cannot autofit)."""
    heights = {}
    for row, (kind, text) in enumerate(narrative.paragraphs, start=1):
        heights[row] = TITLE_HEIGHT if kind == "title" else text_height(text, WIDTH) * FONT_SIZE / 11
    return heights


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
