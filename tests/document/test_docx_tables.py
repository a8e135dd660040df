"""Table rows in the .docx: no row left alone on a page (keep-with-next)."""

from __future__ import annotations

from docx import Document

from yusuan.document.docx_tables import KEEP_ENDS, KEEP_WHOLE_ROWS, _keep_together


def kept(rows: int, header_rows: int = 2) -> list[bool]:
    table = Document().add_table(rows=rows, cols=3)
    _keep_together(table, header_rows)
    return [all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs) for row in table.rows]


def test_a_short_table_is_kept_on_one_page():
    assert kept(6) == [True] * 5 + [False]


def test_a_long_table_keeps_its_header_with_the_first_rows_and_its_last_rows_together():
    rows = KEEP_WHOLE_ROWS + 15
    flags = kept(rows)
    assert flags[: 2 + KEEP_ENDS] == [True] * (2 + KEEP_ENDS)
    assert flags[-(KEEP_ENDS + 1):] == [True] * KEEP_ENDS + [False]
    assert not any(flags[2 + KEEP_ENDS: -(KEEP_ENDS + 1)])  # the middle may break anywhere
