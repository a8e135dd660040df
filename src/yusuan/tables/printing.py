"""Page fit of a rendered table: text columns wide enough for their labels, and a table a little
longer than one page scaled onto one page.

openpyxl cannot measure text; the estimates use Excel's metrics (the column unit is one '0' of
Calibri 11, 7 pixels; a 宋体 character a little over two units — ``ports.base.display_width``).
LibreOffice's fonts are narrower, so a label that fits in Excel fits there too.
"""

from __future__ import annotations

from collections.abc import Sequence

from yusuan.ports.base import LINE_HEIGHT, display_width

# A label up to this much wider than the profile's column width widens the column instead of
# wrapping onto a second line (a two-line row for three characters wastes the page).
MAX_STRETCH = 1.25
CELL_MARGIN = 1.0  # column units of the cell's inner margins and a little slack

# A4 in points and openpyxl's (Excel's) default margins: 0.75" left and right, 1" top and bottom.
PAPER = (595.0, 842.0)
MARGINS = (2 * 0.75 * 72, 2 * 1.0 * 72)
# A table that needs at most 1 / ONE_PAGE_SCALE pages is printed on one page: at this scale
# 11 pt text prints at about 8 pt, as the published one-page tables do.
ONE_PAGE_SCALE = 0.7


def fitted_widths(rows: Sequence[Sequence[object]], widths: dict[int, float], columns: Sequence[int]) -> dict[int, float]:
    """``widths`` with each of the text ``columns`` (1-based) widened to its longest label, when
    that takes at most MAX_STRETCH times the width (longer text still wraps)."""
    fitted = dict(widths)
    for col in columns:
        longest = max((display_width(v) for row in rows if col <= len(row) and isinstance(v := row[col - 1], str)
                       and "\n" not in v), default=0.0)
        need = longest + CELL_MARGIN
        if widths[col] < need <= widths[col] * MAX_STRETCH:
            fitted[col] = float(round(need + 0.49))
    return fitted


def column_points(width: float) -> float:
    """A column ``width`` units wide in points (7 px per unit and 5 px padding, 0.75 pt per px)."""
    return (width * 7 + 5) * 0.75


def pages_tall(widths: dict[int, float], heights: dict[int, float], rows: int, landscape: bool) -> int:
    """1 when the print area, fitted to the page width, fits on one page at ONE_PAGE_SCALE or
    larger (a short table is never enlarged); else 0, as many pages as it takes.  Rows without a
    height of their own count one line."""
    page_width, page_height = (PAPER[1], PAPER[0]) if landscape else PAPER
    usable_width, usable_height = page_width - MARGINS[0], page_height - MARGINS[1]
    scale = min(1.0, usable_width / sum(column_points(w) for w in widths.values()))
    height = scale * sum(heights.get(r, LINE_HEIGHT) for r in range(1, rows + 1))
    return 1 if height <= usable_height / ONE_PAGE_SCALE else 0
