"""A :class:`PrintedTable` as a Word table: merged cells merged, header rows repeated on each
page, amounts right-aligned, fixed column widths that fill the page."""

from __future__ import annotations

from copy import deepcopy

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.exceptions import InvalidSpanError
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_Merge
from docx.oxml.table import CT_Row, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.shared import Emu, Pt
from docx.table import Table, _Cell

from yusuan.document.fonts import add_paragraph
from yusuan.document.printed import PrintedTable
from yusuan.ports import CellRange

CELL_MARGIN_TWIPS = 45  # about 0.08 cm left and right: narrow, as in the published tables
TABLE_STYLE = "Table Grid"


def add_title_block(doc: Document, printed: PrintedTable, text_width: Emu) -> None:
    """Title, sub-titles and the 部门名称 … 单位：万元 line above the table."""
    add_paragraph(doc, printed.title, "Table Title")
    for line in printed.subtitles:
        add_paragraph(doc, line, "Table Info").paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if printed.info:
        para = add_paragraph(doc, "", "Table Info")
        para.paragraph_format.space_before = Pt(6)
        para.paragraph_format.space_after = Pt(3)
        left, right = printed.info[0], "　".join(printed.info[1:])
        para.add_run(left)
        if right:  # the unit flush right, like the sheet's last column
            para.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
            para.add_run("\t" + right)


def add_table(doc: Document, printed: PrintedTable, text_width: Emu, font_size: float) -> Table | None:
    rows, cols = len(printed.cells), printed.width
    if not rows or not cols:
        return None
    table = doc.add_table(rows=rows, cols=cols)
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    widths = _scaled(printed.widths, int(text_width))
    for c, column in enumerate(table.columns):
        column.width = Emu(widths[c])
    size = Pt(font_size)
    style_id = doc.styles["Table Text"].style_id  # set by id: python-docx's lookup per cell is slow
    # A cell's XML depends only on its width, alignment, boldness and whether it has text: the
    # first cell of each kind is formatted through python-docx, the others are copies of it
    # with their own text (python-docx's property setters search the XML on every call).
    done: dict[tuple[int, WD_ALIGN_PARAGRAPH, bool, bool], CT_Tc] = {}
    for r, row in enumerate(table.rows):
        header = r < printed.header_rows
        _row_properties(row, header)
        label = header or r in printed.label_rows
        bold = label or r in printed.bold_rows
        for c, tc in enumerate(row._tr.tc_lst):  # a new table: one <w:tc> per column
            text = printed.cells[r][c]
            alignment = _alignment(printed, r, c, label)
            kind = (widths[c], alignment, bool(bold), bool(text))
            if kind in done:
                copy = deepcopy(done[kind])
                if text:
                    copy.p_lst[0].r_lst[0].text = text
                tc.getparent().replace(tc, copy)
                continue
            cell = _Cell(tc, table)
            cell.width = Emu(widths[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            para = cell.paragraphs[0]
            para._p.style = style_id
            para.paragraph_format.alignment = alignment
            if text:
                run = para.add_run(text)
                run.font.size = size
                run.font.bold = bold or None
            done[kind] = deepcopy(tc)
    _merge(table, printed)
    _keep_together(table, printed.header_rows, _row_lines(printed, widths, font_size))
    return table


def add_notes(doc: Document, printed: PrintedTable, font_size: float) -> None:
    for note in printed.notes:
        para = add_paragraph(doc, "", "Table Note")
        para.paragraph_format.space_before = Pt(4)
        para.add_run(note).font.size = Pt(font_size)


def _alignment(printed: PrintedTable, r: int, c: int, header: bool) -> WD_ALIGN_PARAGRAPH:
    if header:
        return WD_ALIGN_PARAGRAPH.CENTER
    if (r, c) in printed.numeric:
        return WD_ALIGN_PARAGRAPH.RIGHT
    return WD_ALIGN_PARAGRAPH.LEFT


def _merge(table: Table, printed: PrintedTable) -> None:
    """Each merge as python-docx's ``_Cell.merge`` makes it, without its cost: python-docx
    rebuilds the cell grid and searches the XML for every cell it touches (half of an export).
    A merge over cells no earlier merge touched is spanned here (:func:`_span`, the same XML);
    after the first merge that is not (a crossing merge of a hand-edited sheet), python-docx
    merges the rest, as it always did."""
    grid = [list(tr.tc_lst) for tr in table._tbl.tr_lst]  # a new table: one <w:tc> per column
    touched: set[tuple[int, int]] = set()
    fresh = True  # every merge so far spanned here
    for m in printed.merges:
        cells = {(r, c) for r in range(m.top, m.bottom + 1) for c in range(m.left, m.right + 1)}
        inside = min(m.top, m.left) >= 0 and m.bottom < len(grid) and m.right < printed.width
        if fresh and cells and inside and touched.isdisjoint(cells):
            _span(grid, m)
            touched |= cells
            continue
        fresh = False  # python-docx from here on
        try:
            # row by row: Table.cell() rebuilds the whole cell grid on every call
            table.rows[m.top].cells[m.left].merge(table.rows[m.bottom].cells[m.right])
        except (InvalidSpanError, IndexError):
            continue  # a merge crossing another one (hand-edited sheet): the cells stay apart


def _span(grid: list[list[CT_Tc]], m: CellRange) -> None:
    """Merge fresh cells (each one grid column wide, in no vertical merge) the way python-docx
    does: each row's first cell swallows the others (gridSpan, widths added), the top row
    restarts a vertical merge the rows below continue, all text moves to the top-left cell."""
    top = grid[m.top][m.left]
    for r in range(m.top, m.bottom + 1):
        first = grid[r][m.left]
        _move_content(first, top)
        for c in range(m.left + 1, m.right + 1):
            other = grid[r][c]
            _move_content(other, top)
            if first.width and other.width:
                first.width = Emu(first.width + other.width)
            first.grid_span += other.grid_span
            first.getparent().remove(other)
        if first is not top:
            first.vMerge = ST_Merge.CONTINUE
        else:
            first.vMerge = ST_Merge.RESTART if m.bottom > m.top else None


def _move_content(source: CT_Tc, target: CT_Tc) -> None:
    """A merged cell's paragraphs appended to the top-left cell's (python-docx's rule: the
    target's trailing empty paragraph gives way; the source keeps one empty paragraph)."""
    if source is target or _is_empty(source):
        return
    last = list(target.iter_block_items())[-1]
    if isinstance(last, CT_P) and not last.r_lst:
        target.remove(last)
    for block in list(source.iter_block_items()):
        target.append(block)
    source.add_p()


def _is_empty(tc: CT_Tc) -> bool:
    blocks = list(tc.iter_block_items())
    return len(blocks) == 1 and isinstance(blocks[0], CT_P) and not blocks[0].r_lst


def _scaled(widths: list[float], total: int) -> list[int]:
    """Relative widths → EMU that add up to ``total`` exactly."""
    whole = sum(widths) or 1.0
    out = [int(total * w / whole) for w in widths]
    out[-1] += total - sum(out)
    return out


def _fixed_layout(table: Table) -> None:
    """Fixed layout (Word and LibreOffice keep the given widths) and narrow cell margins."""
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = tbl_pr.makeelement(qn("w:tblLayout"), {})
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): str(CELL_MARGIN_TWIPS), qn("w:type"): "dxa"}))
    tbl_pr.append(margins)
    _sort_tbl_pr(tbl_pr)


# CT_TblPr child order (ECMA-376 §17.4.60); Word rejects a file whose children are out of order
_TBL_PR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                 "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
                 "tblLook", "tblCaption", "tblDescription"]


def _sort_tbl_pr(tbl_pr) -> None:
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_TBL_PR_ORDER)}
    children = sorted(tbl_pr, key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        tbl_pr.append(child)


KEEP_WHOLE_LINES = 25  # a table this short (in lines of text) stays on one page with its title
KEEP_ENDS = 2  # rows kept with the next one at the start (after the header) and at the end
EMU_PER_PT = 12700


def _row_lines(printed: PrintedTable, widths: list[int], font_size: float) -> list[int]:
    """Lines of text each row takes in its narrowest-fitting cell (a CJK character is one
    em, other characters half), as Word wraps them in the column widths."""
    lines = []
    for row in printed.cells:
        most = 1
        for c, text in enumerate(row):
            if text:
                inner = max(1.0, widths[c] / EMU_PER_PT - 2 * CELL_MARGIN_TWIPS / 20)
                width = sum(font_size if ord(ch) > 0x2E7F else font_size / 2 for ch in text)
                most = max(most, -(-int(width) // int(inner)))
        lines.append(most)
    return lines


def _keep_together(table: Table, header_rows: int, row_lines: list[int]) -> None:
    """Keep-with-next on table rows, so no row is left alone on a page: a short table is kept
    whole, a long one keeps its header with the first rows and its last rows together.  Short
    counts lines, not rows: a table of two-line rows kept whole would push itself onto the next
    page and leave its title alone."""
    rows = table._tbl.tr_lst
    short = sum(row_lines) <= KEEP_WHOLE_LINES
    kept = rows[:-1] if short else rows[: header_rows + KEEP_ENDS] + rows[-(KEEP_ENDS + 1):-1]
    kept_ids = {id(tr) for tr in kept}
    for tc in _row_cells(rows, kept_ids):
        for p in tc.p_lst:
            p.get_or_add_pPr().keepNext_val = True


def _row_cells(rows: list[CT_Row], wanted: set[int]) -> list[CT_Tc]:
    """The cells of the ``wanted`` rows as python-docx's ``_Row.cells`` sees them: a cell that
    continues a vertical merge is the merge's top cell (python-docx's own walk up the rows
    rebuilds the grid for each cell)."""
    cells: list[CT_Tc] = []
    above: dict[int, CT_Tc] = {}  # grid column -> the cell that holds its content
    for tr in rows:
        column = 0
        for tc in tr.tc_lst:
            owner = above.get(column, tc) if tc.vMerge == ST_Merge.CONTINUE else tc
            above[column] = owner
            if id(tr) in wanted:
                cells.append(owner)
            column += tc.grid_span
    return cells


def _row_properties(row, header: bool) -> None:
    """Rows never split across pages; header rows repeat at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
    if header:
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
