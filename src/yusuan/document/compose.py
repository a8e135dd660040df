"""The document laid out like the published disclosures: cover, 目录, 第一部分 概况,
第二部分 情况说明, 第三部分 名词解释, 附件 with every table on its own page(s)."""

from __future__ import annotations

from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from yusuan.catalogs import chinese_numeral
from yusuan.document import docx_tables, pages
from yusuan.document.fonts import add_paragraph, setup_styles
from yusuan.document.narrative import Paragraph, split_part_title
from yusuan.document.overview import Overview, paragraphs
from yusuan.document.printed import PrintedTable
from yusuan.document.wording import Wording
from yusuan.profiles import TableSpec

GAP = "\u3000"  # full-width space between 第一部分 and its title, as in the 目录 of the seeds


@dataclass(frozen=True)
class Content:
    """Everything the document shows, read from the workbook beforehand."""

    overview: Overview
    wording: Wording
    narrative: list[Paragraph]
    glossary: list[str]  # numbered 名词解释 paragraphs
    tables: list[tuple[TableSpec, PrintedTable]]

    def overview_sections(self) -> list[tuple[str, list[str]]]:
        """(numbered heading, paragraphs) of 第一部分, empty settings left out."""
        present = [(heading, paragraphs(self.overview.texts.get(key, "")))
                   for key, heading in self.wording.part_one_sections]
        present = [(h, p) for h, p in present if p]
        return [(f"{chinese_numeral(i)}、{h}", p) for i, (h, p) in enumerate(present, start=1)]

    def part_two_title(self) -> tuple[str, str]:
        first = self.narrative[0] if self.narrative else None
        if first is not None and first.kind == "part":
            return split_part_title(first.text)
        values = self.overview.values
        return self.wording.text("part_two.label", **values), self.wording.text("part_two.title", **values)


def compose(content: Content) -> Document:
    doc = docx.Document()
    setup_styles(doc)
    first = doc.sections[0]
    pages.setup_page(first, "text")
    pages.add_page_numbers(doc, first)
    _properties(doc, content)
    _cover(doc, content)
    _contents(doc, content)
    _part_one(doc, content)
    _part_two(doc, content)
    _part_three(doc, content)
    _annex(doc, content)
    return doc


def _properties(doc: Document, content: Content) -> None:
    props = doc.core_properties
    props.title = "".join(content.wording.cover_lines).format(**content.overview.values)
    props.author = content.overview.department
    props.last_modified_by = content.overview.department
    props.comments = ""
    props.keywords = "部门预算公开"


def _cover(doc: Document, content: Content) -> None:
    values = content.overview.values
    for i, line in enumerate(content.wording.cover_lines):
        para = add_paragraph(doc, line.format(**values), "Title")
        if i == 0:
            para.paragraph_format.space_before = Pt(160)
    date = content.wording.text("cover.date", **values).strip()
    if date:
        para = add_paragraph(doc, date, "Part Title")
        para.paragraph_format.space_before = Pt(200)
        for run in para.runs:
            run.font.size = Pt(16)


def _part_heading(doc: Document, label: str, title: str) -> None:
    heading = add_paragraph(doc, label, "Heading 1")
    heading.paragraph_format.page_break_before = True
    if title:
        para = add_paragraph(doc, title, "Part Title")
        para.paragraph_format.space_before = Pt(12)
        para.paragraph_format.space_after = Pt(18)


def _contents(doc: Document, content: Content) -> None:
    values = content.overview.values
    wording = content.wording
    heading = add_paragraph(doc, wording.text("contents.heading"), "Contents Heading")
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.space_after = Pt(24)
    for run in heading.runs:
        run.font.size = Pt(22)
    add_paragraph(doc, f"{wording.text('part_one.label')}{GAP}{wording.text('part_one.title', **values)}", "Contents Part")
    for title, _ in content.overview_sections():
        add_paragraph(doc, title, "Contents Item")
    label, title = content.part_two_title()
    add_paragraph(doc, f"{label}{GAP}{title}".strip(), "Contents Part")
    add_paragraph(doc, f"{wording.text('part_three.label')}{GAP}{wording.text('part_three.title')}", "Contents Part")
    add_paragraph(doc, wording.text("annex.title", **values), "Contents Part")
    for spec, _ in content.tables:
        add_paragraph(doc, wording.text("contents.table_entry", number=spec.number, name=spec.name), "Contents Item")


def _part_one(doc: Document, content: Content) -> None:
    values = content.overview.values
    _part_heading(doc, content.wording.text("part_one.label"), content.wording.text("part_one.title", **values))
    for title, texts in content.overview_sections():
        add_paragraph(doc, title, "Heading 2")
        for text in texts:
            add_paragraph(doc, text, "Normal")


def _part_two(doc: Document, content: Content) -> None:
    label, title = content.part_two_title()
    _part_heading(doc, label, title)
    rows = content.narrative[1:] if content.narrative and content.narrative[0].kind == "part" else content.narrative
    styles = {"part": "Heading 2", "heading": "Heading 2", "subheading": "Heading 3", "body": "Normal"}
    for para in rows:
        add_paragraph(doc, para.text, styles[para.kind])


def _part_three(doc: Document, content: Content) -> None:
    _part_heading(doc, content.wording.text("part_three.label"), content.wording.text("part_three.title"))
    for text in content.glossary:
        add_paragraph(doc, text, "Normal")


def _annex(doc: Document, content: Content) -> None:
    for i, (_, printed) in enumerate(content.tables):
        section = pages.new_section(doc, "table", pages.is_landscape(printed.width))
        width = pages.text_width(section)
        if i == 0:
            heading = add_paragraph(doc, content.wording.text("annex.title", **content.overview.values), "Heading 1")
            heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            heading.paragraph_format.space_after = Pt(12)
        docx_tables.add_title_block(doc, printed, width)
        size = pages.table_font_size(printed.width)
        docx_tables.add_table(doc, printed, width, size)
        docx_tables.add_notes(doc, printed, size)
