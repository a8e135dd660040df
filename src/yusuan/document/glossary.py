"""第三部分 名词解释: default text of the profile, editable on a 名词解释 sheet.

The sheet has a header row (名词 | 解释) and one term per row.  Numbering (一、二、…) is
added when the document is written, so deleting or inserting a row never leaves a gap.
"""

from __future__ import annotations

import re

from yusuan.catalogs import chinese_numeral
from yusuan.document.wording import Term, Wording, wording_for
from yusuan.ports import CellRange, PageSetup, Style, WorkbookPort
from yusuan.ports.base import text_height
from yusuan.profiles import Profile
from yusuan.text import fold

# a number the user typed in front of a term: '一、', '1.', '（一）'
_LEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+[.．、]|[（(][一二三四五六七八九十\d]+[）)])\s*")
_COLUMN_WIDTHS = {1: 18.0, 2: 57.0}  # A4 portrait at 100%


def write_glossary_sheet(port: WorkbookPort, profile: Profile | str, index: int | None = None) -> bool:
    """Put the profile's default 名词解释 on its own sheet for the user to edit.

    A sheet that already exists is the user's text and is left alone; returns whether the
    sheet was written."""
    wording = wording_for(profile)
    sheet = wording.glossary_sheet
    if sheet in port.sheet_names():
        return False
    terms = wording.glossary
    port.add_sheet(sheet, index)
    port.write_values(sheet, 1, 1, [list(wording.glossary_headers)] + [[t.term, t.text] for t in terms])
    port.set_column_widths(sheet, _COLUMN_WIDTHS)
    last = len(terms) + 1
    port.apply_style(sheet, CellRange(1, 1, last, 2), Style(border=True, wrap=True, v_align="top", font_name="宋体"))
    port.apply_style(sheet, CellRange(1, 1, 1, 2), Style(bold=True, h_align="center", fill="F2F2F2"))
    port.set_row_heights(sheet, {row: max(text_height(t.term, _COLUMN_WIDTHS[1]), text_height(t.text, _COLUMN_WIDTHS[2]))
                                 for row, t in enumerate(terms, start=2)})
    port.freeze_panes(sheet, 2, 1)
    port.set_page_setup(sheet, PageSetup(title_rows=(1, 1), print_area=CellRange(1, 1, last, 2)))
    return True


def read_glossary(port: WorkbookPort, wording: Wording) -> list[Term]:
    """The terms on the 名词解释 sheet, or the default text when there is no such sheet (or it
    holds no term)."""
    sheet = wording.glossary_sheet
    if sheet not in port.sheet_names():
        return wording.glossary
    headers = tuple(fold(h) for h in wording.glossary_headers)
    terms = []
    for row in port.read_values(sheet):
        term, text = (_text(row[i]) if i < len(row) else "" for i in (0, 1))
        if (fold(term), fold(text)) == headers or not (term or text):
            continue
        terms.append(Term(_LEADING_NUMBER.sub("", term), text))
    return terms or wording.glossary


def glossary_paragraphs(terms: list[Term]) -> list[str]:
    """'一、财政拨款收入：指……' for each term."""
    lines = []
    for number, t in enumerate(terms, start=1):
        if not t.term:
            body = t.text
        elif not t.text:
            body = t.term
        else:
            text = t.text.lstrip("：:")
            if text.startswith(t.term):  # the user wrote the term into the text as well
                text = text[len(t.term):].lstrip("：:")
            body = f"{t.term}：{text}"
        lines.append(f"{chinese_numeral(number)}、{body}" if number < 100 else body)
    return lines


def _text(value) -> str:
    return "" if value is None else str(value).strip()
