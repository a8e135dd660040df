"""Paragraph styles with Chinese fonts.

Word picks the font of a Chinese character from ``w:rFonts/@w:eastAsia``; python-docx only
sets the Latin names, so without this the text falls back to whatever the reader's Word
chooses (often a Japanese font).  Each role of ``style.yaml`` becomes a style; the built-in
Title and Heading 1–3 are reused (so Word's navigation pane and a TOC field see the parts),
stripped of their theme fonts and blue colour.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from yusuan.document.wording import style

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# style name -> (font role, alignment, first-line indent?, outline level or None, line spacing)
# line spacing: a key of style.yaml's line_spacing (points, exactly) or None for single
STYLES = {
    "Normal": ("body", WD_ALIGN_PARAGRAPH.JUSTIFY, True, None, "body"),
    "Title": ("title", WD_ALIGN_PARAGRAPH.CENTER, False, None, None),
    "Heading 1": ("part", WD_ALIGN_PARAGRAPH.CENTER, False, 0, None),
    "Heading 2": ("heading", WD_ALIGN_PARAGRAPH.LEFT, True, 1, "body"),
    "Heading 3": ("subheading", WD_ALIGN_PARAGRAPH.LEFT, True, 2, "body"),
    "Part Title": ("title", WD_ALIGN_PARAGRAPH.CENTER, False, None, None),
    "Contents Heading": ("part", WD_ALIGN_PARAGRAPH.CENTER, False, None, None),
    "Contents Part": ("heading", WD_ALIGN_PARAGRAPH.LEFT, False, None, "contents"),
    "Contents Item": ("body", WD_ALIGN_PARAGRAPH.LEFT, True, None, "contents"),
    "Table Title": ("table_title", WD_ALIGN_PARAGRAPH.CENTER, False, 1, None),
    "Table Info": ("table", WD_ALIGN_PARAGRAPH.LEFT, False, None, None),
    "Table Note": ("table", WD_ALIGN_PARAGRAPH.JUSTIFY, False, None, None),
    "Table Text": ("table", WD_ALIGN_PARAGRAPH.LEFT, False, None, None),
    "Footer": ("footer", WD_ALIGN_PARAGRAPH.CENTER, False, None, None),
}
# printed bold; 黑体 and 小标宋 are heavy already, so the Heading styles' bold is removed
_BOLD = {"Contents Heading"}
# character spacing, borders and the like that the built-in Title style brings along
_PPR_DROP = ("w:pBdr", "w:contextualSpacing")
_RPR_DROP = ("w:spacing", "w:kern", "w:bCs", "w:szCs")


def set_east_asia(rpr, east_asia: str, latin: str) -> None:
    """Set all four ``w:rFonts`` slots of a ``w:rPr`` (a style's, a run's or the defaults')."""
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:  # last in the rPr sequence, so appending keeps the schema order
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def setup_styles(doc: Document) -> None:
    """Create or reset every style the exporter uses, and the document defaults."""
    look = style()
    fonts = look["fonts"]
    body = fonts["body"]
    _defaults(doc, body["east_asia"], body["latin"])
    for name, (role, align, indent, outline, spacing) in STYLES.items():
        spec = fonts[role]
        st = _paragraph_style(doc, name)
        _drop(st.element)
        set_east_asia(st.element.get_or_add_rPr(), spec["east_asia"], spec["latin"])
        st.font.size = Pt(spec["size"])
        st.font.bold = name in _BOLD
        st.font.italic = False
        st.font.color.rgb = RGBColor(0, 0, 0)
        fmt = st.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(spec["size"] * look["indent_chars"]) if indent else Pt(0)
        fmt.left_indent = Pt(0)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        if spacing:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(look["line_spacing"][spacing])
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if outline is not None:
            _outline(st, outline)
            fmt.keep_with_next = True
    _font_table(doc, fonts)


# document part -> style name -> style id (None for the default style), per document
_STYLE_IDS: WeakKeyDictionary[object, dict[str, str | None]] = WeakKeyDictionary()


def add_paragraph(doc: Document, text: str, style: str) -> Paragraph:
    """``doc.add_paragraph(text, style=style)``, the style's id looked up once per document:
    python-docx lists all the document's styles on every lookup (a fifth of an export).  The
    styles are set up (:func:`setup_styles`) before the first paragraph."""
    ids = _STYLE_IDS.setdefault(doc.part, {})
    if style not in ids:
        ids[style] = doc.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
    para = doc.add_paragraph(text)
    para._p.style = ids[style]
    return para


def _drop(element) -> None:
    for parent, tags in ((element.pPr, _PPR_DROP), (element.rPr, _RPR_DROP)):
        if parent is None:
            continue
        for tag in tags:
            for child in parent.findall(qn(tag)):
                parent.remove(child)


def _paragraph_style(doc: Document, name: str):
    try:
        return doc.styles[name]
    except KeyError:
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = doc.styles["Normal"]
        st.quick_style = True
        return st


def _outline(st, level: int) -> None:
    ppr = st.element.get_or_add_pPr()
    node = ppr.find(qn("w:outlineLvl"))
    if node is None:
        node = ppr.makeelement(qn("w:outlineLvl"), {})
        ppr.append(node)
    node.set(qn("w:val"), str(level))


def _defaults(doc: Document, east_asia: str, latin: str) -> None:
    """docDefaults: text outside any of our styles (fields, a user's own styles) is Chinese too."""
    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:  # the default template has one; it is a python-docx CT_RPr
        set_east_asia(rpr, east_asia, latin)


def _font_table(doc: Document, fonts: dict) -> None:
    """Declare each Chinese font with its GB2312 charset and an alternate name (w:altName) that
    Word substitutes when the font is not installed."""
    part = next((rel.target_part for rel in doc.part.rels.values() if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    present = {f.get(qn("w:name")): f for f in root.findall(qn("w:font"))}
    for spec in fonts.values():
        name, fallback = spec["east_asia"], spec.get("fallback")
        if name in present:
            continue
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        if fallback and fallback != name:
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): fallback})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "auto"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
        present[name] = font
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
