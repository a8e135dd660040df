"""Page setup: A4 sections, portrait for text, landscape for wide tables; page numbers."""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu, Mm

from yusuan.document.wording import style

A4_SHORT, A4_LONG = Mm(210), Mm(297)


def setup_page(section: Section, kind: str, landscape: bool = False) -> None:
    """``kind``: 'text' or 'table' (margins from style.yaml)."""
    margins = style()["margins"][kind]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])


def text_width(section: Section) -> Emu:
    """The width between the margins (the page is set up by :func:`setup_page` before)."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None:
        raise ValueError("page size and margins are set before the text width is asked")
    return Emu(width - left - right)


def new_section(doc: Document, kind: str, landscape: bool) -> Section:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False  # copied from the cover's section otherwise
    setup_page(section, kind, landscape)
    return section


def is_landscape(columns: int) -> bool:
    return columns > style()["landscape_above_columns"]


def table_font_size(columns: int) -> float:
    return next(row["size"] for row in style()["table_sizes"] if columns <= row["columns"])


def add_page_numbers(doc: Document, section: Section) -> None:
    """'— 7 —' centred in the footer; the cover (first page) has none.  Later sections link
    to this footer, so the numbering runs through the whole document."""
    section.different_first_page_header_footer = True
    para = section.footer.paragraphs[0]
    para.style = doc.styles["Footer"]
    para.add_run("— ")
    _page_field(para)
    para.add_run(" —")


def _page_field(para) -> None:
    """A PAGE field, one run per field part as Word writes it."""
    parts = [("w:fldChar", {"w:fldCharType": "begin"}, None), ("w:instrText", {}, " PAGE "),
             ("w:fldChar", {"w:fldCharType": "separate"}, None), ("w:t", {}, "1"),
             ("w:fldChar", {"w:fldCharType": "end"}, None)]
    for tag, attrs, text in parts:
        run = para.add_run()
        el = run._r.makeelement(qn(tag), {qn(k): v for k, v in attrs.items()})
        if text is not None:
            el.text = text
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run._r.append(el)
