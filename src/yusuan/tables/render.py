"""Write a :class:`Table` onto its own sheet through the workbook port, in a few block calls."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.amounts import FEN_PER_WAN
from yusuan.findings.marks import users_notes
from yusuan.ports import CellRange, PageSetup, Style, WorkbookPort
from yusuan.ports.base import LINE_HEIGHT, text_height, wrapped_lines
from yusuan.tables.base import Table, header_grid
from yusuan.tables.printing import fitted_widths, pages_tall

AMOUNT_FORMAT = "#,##0.00"
TABLE_FONT = "宋体"  # the .docx tables' font (document/data/style.yaml); Excel and LibreOffice substitute a CJK serif
HEADER_FILL = "F2F2F2"


@dataclass(frozen=True)
class Layout:
    """Where the parts of a rendered table landed (1-based rows)."""

    sheet: str
    title_row: int
    header_top: int
    header_bottom: int
    body_top: int
    body_bottom: int
    width: int


def amount_value(fen: int, per: int = FEN_PER_WAN) -> float:
    """万元 (or, ``per`` = 100, 元) value for the cell.  Exact decimal first; the float is only
    the cell's storage."""
    return float(Decimal(fen) / per)


def render(port: WorkbookPort, table: Table, sheet: str, index: int | None = None) -> Layout:
    kept_notes = _replace_sheet(port, sheet, index)
    grid = header_grid(table.columns) if table.spec.options.get("header", True) else None
    width = len(table.keys)
    amount_cols = {i for i, k in enumerate(table.keys) if k in table.amount_keys}

    block: list[list] = [[table.title] + [None] * (width - 1)]
    if table.subtitle:
        block.append([table.subtitle] + [None] * (width - 1))
    info_row = len(block) + 1
    line = None if table.department_line is None else table.department_line or table.department
    block.append([line] + [None] * (width - 2) + [table.unit_line] if width > 1 else [line])
    header_top = len(block) + 1
    if grid:
        block.extend(list(r) for r in grid.rows)
    header_bottom = len(block)
    body_top = len(block) + 1
    for row in table.rows:
        block.append([amount_value(v, table.print_unit) if isinstance(v, int) and _is_amount(v) else v for v in row.values])
    body_bottom = len(block)
    trailer = [t for t in (table.note, table.spec.footnote) if t]
    for text in trailer:
        block.append([text] + [None] * (width - 1))

    port.write_values(sheet, 1, 1, block)

    merges = [CellRange(1, 1, 1, width)]
    if table.subtitle:
        merges.append(CellRange(2, 1, 2, width))
    if width > 2:
        merges.append(CellRange(info_row, 1, info_row, width - 1))
    if grid:
        merges += [CellRange(header_top + m.top, 1 + m.left, header_top + m.bottom, 1 + m.right) for m in grid.merges]
    merges += [CellRange(body_top + m.top, 1 + m.left, body_top + m.bottom, 1 + m.right) for m in table.merges]
    for offset in range(len(trailer)):
        merges.append(CellRange(body_bottom + 1 + offset, 1, body_bottom + 1 + offset, width))
    port.merge(sheet, merges)

    last_row = len(block)
    port.apply_style(sheet, CellRange(1, 1, last_row, width), Style(font_name=TABLE_FONT))  # as the .docx tables
    _style(port, table, sheet, width, amount_cols, info_row, header_top, header_bottom, body_top, body_bottom, len(trailer))
    widths = {i + 1: max(table.spec.widths.get(k, 12.0), _amount_width(table, i) if i in amount_cols else 0)
              for i, k in enumerate(table.keys)}
    text_columns = [c + 1 for c in range(width) if c not in amount_cols]
    widths = fitted_widths(block[body_top - 1:body_bottom], widths, text_columns)
    port.set_column_widths(sheet, widths)
    heights = _row_heights(block, merges, widths, first=header_top, last=body_bottom)
    heights[1] = 30
    total_width = sum(widths.values())
    for offset, text in enumerate(trailer):  # a note under the table shows in full
        heights[body_bottom + 1 + offset] = text_height(text, total_width)
    port.set_row_heights(sheet, heights)
    port.set_page_setup(
        sheet,
        PageSetup(landscape=table.spec.landscape, title_rows=(header_top, header_bottom) if grid else None,
                  print_area=CellRange(1, 1, last_row, width),
                  pages_tall=pages_tall(widths, heights, last_row, table.spec.landscape)),
    )
    if grid:
        port.freeze_panes(sheet, body_top, 1)
    for (r, c), (text, author) in kept_notes.items():
        port.set_note(sheet, r, c, text, author)
    return Layout(sheet, 1, header_top, header_bottom, body_top, body_bottom, width)


def _replace_sheet(port: WorkbookPort, sheet: str, index: int | None) -> dict[tuple[int, int], tuple[str, str | None]]:
    """Recreate ``sheet`` empty, keeping the user's own notes (not yusuan's) to put back."""
    kept: dict[tuple[int, int], tuple[str, str | None]] = {}
    names = port.sheet_names()
    if sheet in names:
        kept = users_notes(port, sheet)
        index = names.index(sheet) if index is None else index
        port.remove_sheet(sheet)
    port.add_sheet(sheet, index)
    return kept


def _style(port, table, sheet, width, amount_cols, info_row, header_top, header_bottom, body_top, body_bottom, trailers):
    port.apply_style(sheet, CellRange(1, 1, 1, width), Style(bold=True, font_size=16, h_align="center", v_align="center"))
    if table.subtitle:
        port.apply_style(sheet, CellRange(2, 1, 2, width), Style(h_align="center"))
    port.apply_style(sheet, CellRange(info_row, 1, info_row, width), Style(h_align="left"))
    if width > 1:
        port.apply_style(sheet, CellRange(info_row, width, info_row, width), Style(h_align="right"))
    if header_bottom >= header_top:
        port.apply_style(
            sheet,
            CellRange(header_top, 1, header_bottom, width),
            Style(bold=True, h_align="center", v_align="center", wrap=True, border=True, fill=HEADER_FILL),
        )
    if body_bottom >= body_top:
        port.apply_style(sheet, CellRange(body_top, 1, body_bottom, width), Style(border=True, v_align="center", wrap=True))
        amount_style = Style(number_format=AMOUNT_FORMAT, h_align="right", wrap=False)
        for first, last in _runs(sorted(amount_cols)):
            port.apply_style(sheet, CellRange(body_top, first + 1, body_bottom, last + 1), amount_style)
        for offset, row in enumerate(table.rows):
            # amounts inside text columns (forms such as 整体绩效目标表) get the amount style per cell
            for c, value in enumerate(row.values):
                if _is_amount(value) and c not in amount_cols:
                    port.apply_style(sheet, CellRange.cell(body_top + offset, c + 1), amount_style)
            if row.kind in ("total", "header"):
                r = body_top + offset
                port.apply_style(sheet, CellRange(r, 1, r, width), Style(bold=True))
    for offset in range(trailers):
        r = body_bottom + 1 + offset
        port.apply_style(sheet, CellRange(r, 1, r, width), Style(wrap=True, v_align="top", h_align="left"))


def _row_heights(block, merges, widths: dict[int, float], first: int, last: int) -> dict[int, float]:
    """Heights that show wrapped header and body text in full (openpyxl cannot autofit)."""
    span = {(m.top, m.left): m for m in merges}
    covered = {(r, c) for m in merges for r in range(m.top, m.bottom + 1) for c in range(m.left, m.right + 1)
               if (r, c) != (m.top, m.left)}
    heights: dict[int, float] = {}
    for r in range(first, last + 1):
        lines = 1
        for c, value in enumerate(block[r - 1], start=1):
            if not isinstance(value, str) or (r, c) in covered:
                continue
            m = span.get((r, c))
            cols = range(c, (m.right if m else c) + 1)
            rows = (m.bottom - m.top + 1) if m else 1
            width = sum(widths.get(col, 12.0) for col in cols)
            lines = max(lines, -(-wrapped_lines(value, width) // rows))
        if lines > 1:
            heights[r] = lines * LINE_HEIGHT
    return heights


def _amount_width(table: Table, index: int) -> float:
    """Width that shows the column's longest amount in bold ('#,##0.00'), not '###': 元 tables
    print amounts a hundred times longer than the profile's 万元 widths allow for."""
    amounts = [v for v in (row.values[index] for row in table.rows) if isinstance(v, int) and _is_amount(v)]
    longest = max((len(f"{amount_value(v, table.print_unit):,.2f}") for v in amounts), default=0)
    return longest * 1.15 + 1 if longest else 0.0


def _is_amount(value) -> bool:
    """A body int is always an amount in 分 (see tables.base.Cell)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    """[1,2,3,7,8] → [(1,3),(7,8)]: style contiguous column runs in one call each."""
    runs: list[tuple[int, int]] = []
    for c in columns:
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return runs
