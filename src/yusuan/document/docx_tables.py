"""A :class:`PrintedTable` as a Word table: merged cells merged, header rows repeated on each
page, amounts right-aligned, fixed column widths that fill the page."""

from __future__ import annotations

from copy import deepcopy

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.exceptions import InvalidSpanError
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.shared import Emu, Pt
from docx.table import Table, _Cell

from yusuan.document.printed import PrintedTable

CELL_MARGIN_TWIPS = 45  # about 0.08 cm left and right: narrow, as in the published tables
TABLE_STYLE = "Table Grid"


def add_title_block(doc: Document, printed: PrintedTable, text_width: Emu) -> None:
    """Title, sub-titles and the 部门名称 … 单位：万元 line above the table."""
    doc.add_paragraph(printed.title, style="Table Title")
    for line in printed.subtitles:
        doc.add_paragraph(line, style="Table Info").paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if printed.info:
        para = doc.add_paragraph(style="Table Info")
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
        para = doc.add_paragraph(style="Table Note")
        para.paragraph_format.space_before = Pt(4)
        para.add_run(note).font.size = Pt(font_size)


def _alignment(printed: PrintedTable, r: int, c: int, header: bool) -> WD_ALIGN_PARAGRAPH:
    if header:
        return WD_ALIGN_PARAGRAPH.CENTER
    if (r, c) in printed.numeric:
        return WD_ALIGN_PARAGRAPH.RIGHT
    return WD_ALIGN_PARAGRAPH.LEFT


def _merge(table: Table, printed: PrintedTable) -> None:
    for m in printed.merges:
        try:
            # row by row: Table.cell() rebuilds the whole cell grid on every call
            table.rows[m.top].cells[m.left].merge(table.rows[m.bottom].cells[m.right])
        except (InvalidSpanError, IndexError):
            continue  # a merge crossing another one (hand-edited sheet): the cells stay apart


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
    rows = list(table.rows)
    short = sum(row_lines) <= KEEP_WHOLE_LINES
    kept = rows[:-1] if short else rows[: header_rows + KEEP_ENDS] + rows[-(KEEP_ENDS + 1):-1]
    for row in kept:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True


def _row_properties(row, header: bool) -> None:
    """Rows never split across pages; header rows repeat at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
    if header:
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
