"""Table rows in the .docx: no row left alone on a page (keep-with-next), no title left
alone above a table kept whole that no longer fits under it, and merged cells as python-docx
merges them (the exporter spans cells itself, for speed: the XML must be the same)."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.exceptions import InvalidSpanError
from docx.shared import Cm

from builds import demo_tables_bytes, open_copy
from yusuan.document import docx_tables
from yusuan.document.docx_tables import (
    KEEP_ENDS,
    KEEP_WHOLE_LINES,
    _keep_together,
    _row_lines,
    add_table,
    add_title_block,
)
from yusuan.document.printed import PrintedTable, layout, read_printed
from yusuan.ports import CellRange
from yusuan.profiles import load


def kept(rows: int, header_rows: int = 2, lines: int = 1) -> list[bool]:
    table = Document().add_table(rows=rows, cols=3)
    _keep_together(table, header_rows, [lines] * rows)
    return [all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs) for row in table.rows]


def test_a_short_table_is_kept_on_one_page():
    assert kept(6) == [True] * 5 + [False]


def test_a_long_table_keeps_its_header_with_the_first_rows_and_its_last_rows_together():
    rows = KEEP_WHOLE_LINES + 15
    flags = kept(rows)
    assert flags[: 2 + KEEP_ENDS] == [True] * (2 + KEEP_ENDS)
    assert flags[-(KEEP_ENDS + 1):] == [True] * KEEP_ENDS + [False]
    assert not any(flags[2 + KEEP_ENDS: -(KEEP_ENDS + 1)])  # the middle may break anywhere


def test_few_rows_of_several_lines_count_as_a_long_table():
    rows = KEEP_WHOLE_LINES // 2 + 2  # few rows, but two lines each: more than a page with its title
    assert kept(rows) == [True] * (rows - 1) + [False]
    assert not all(kept(rows, lines=2)[:-1])


def test_row_lines_follow_the_text_and_the_column_width():
    printed = PrintedTable(sheet="表", title="表", subtitles=(), info=(), cells=[["行政单位", "示例区政务服务和大数据管理局机关", "1.00"]],
                           numeric={(0, 2)}, merges=[], header_rows=0, widths=[1.0, 1.0, 1.0])
    narrow = _row_lines(printed, [int(Cm(2)), int(Cm(2)), int(Cm(2))], 10.5)
    wide = _row_lines(printed, [int(Cm(2)), int(Cm(12)), int(Cm(2))], 10.5)
    assert narrow[0] >= 3 and wide == [1]


def test_a_unit_line_without_department_is_printed_flush_right():
    """A form that names the department in its body (2020 整体支出绩效目标表) prints only 单位：万元,
    in the sheet's last column: in the .docx it stays on the right, after a tab stop."""
    spec = load("河南2020").table("overall_task_form")
    values = [["部门（单位）整体支出绩效目标表", None, None], ["（2020年）", None, None], [None, None, "单位：万元"],
              ["部门（单位）名称", "示例局", None]]
    printed = layout("表", values, [], spec)
    assert printed.info == ("", "单位：万元") and printed.subtitles == ("（2020年）",)
    doc = Document()
    for style in ("Table Title", "Table Info"):  # the export's own styles (document/data/style.yaml)
        doc.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
    add_title_block(doc, printed, Cm(16))
    line = doc.paragraphs[-1]
    assert line.text == "\t单位：万元" and len(line.paragraph_format.tab_stops) == 1


# --- merges and keep-with-next as python-docx makes them --------------------------------
def python_docx_merge(table, printed: PrintedTable) -> None:
    """The reference: every merge by python-docx's own ``_Cell.merge`` (what the exporter did
    before it spanned cells itself)."""
    for m in printed.merges:
        try:
            table.rows[m.top].cells[m.left].merge(table.rows[m.bottom].cells[m.right])
        except (InvalidSpanError, IndexError):
            continue


def python_docx_keep_together(table, header_rows: int, row_lines: list[int]) -> None:
    """The reference: keep-with-next through python-docx's rows and cells."""
    rows = list(table.rows)
    short = sum(row_lines) <= KEEP_WHOLE_LINES
    for row in rows[:-1] if short else rows[: header_rows + KEEP_ENDS] + rows[-(KEEP_ENDS + 1):-1]:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True


def table_xml(printed: PrintedTable) -> str:
    doc = Document()
    doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    return add_table(doc, printed, Cm(16), 9)._tbl.xml


def same_as_python_docx(printed: PrintedTable, monkeypatch) -> bool:
    ours = table_xml(printed)
    with monkeypatch.context() as patch:
        patch.setattr(docx_tables, "_merge", python_docx_merge)
        patch.setattr(docx_tables, "_keep_together", python_docx_keep_together)
        reference = table_xml(printed)
    return ours == reference


R = CellRange
MERGES = {
    "text in every merged cell": [R(0, 0, 1, 1), R(2, 2, 3, 4), R(0, 3, 0, 4), R(4, 0, 5, 0)],
    "side by side": [R(0, 0, 1, 0), R(0, 1, 1, 1), R(2, 0, 2, 4), R(3, 0, 5, 4)],
    "crossing an earlier merge": [R(0, 0, 1, 1), R(1, 1, 2, 2), R(3, 0, 3, 2), R(2, 4, 4, 4)],
    "crossing a later one": [R(0, 0, 0, 1), R(2, 0, 3, 3), R(3, 3, 5, 4), R(4, 0, 5, 1)],
    "beyond the table": [R(0, 0, 0, 1), R(4, 3, 7, 4), R(1, 0, 2, 0)],
    "corners swapped": [R(1, 1, 0, 0), R(2, 2, 3, 3)],
}


@pytest.mark.parametrize("merges", MERGES.values(), ids=MERGES.keys())
def test_merges_make_the_xml_python_docx_makes(merges, monkeypatch):
    cells = [[f"{r}{c}" if (r + c) % 3 else "" for c in range(5)] for r in range(6)]
    printed = PrintedTable(sheet="表", title="表", subtitles=(), info=(), cells=cells, numeric={(5, 4)},
                           merges=merges, header_rows=2, widths=[10, 12, 8, 8, 9], bold_rows={5})
    assert same_as_python_docx(printed, monkeypatch)


def test_the_demo_tables_are_the_tables_python_docx_makes(monkeypatch):
    book = open_copy(demo_tables_bytes())  # the built demo's disclosure tables, as exported
    tables = [read_printed(book, spec) for spec in load().tables]
    assert sum(len(t.merges) for t in tables) > 100  # the multi-level headers, merged
    for printed in tables:
        assert same_as_python_docx(printed, monkeypatch), printed.sheet
