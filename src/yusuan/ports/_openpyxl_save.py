"""openpyxl's ``Workbook.save``, with its cell writing made cheap (issue 13).

openpyxl writes each cell through lxml's incremental writer, two or three nested ``element``
context managers a cell, and looks its style up in the workbook's list by hashing the style
array every time: saving a 50,000-line workbook was a fifth of a build.  Here each row is built
as one lxml element and written at once, and a style's index is looked up once per distinct
style.  The bytes written are openpyxl's own: the same elements, attributes in the same order,
empty elements as ``<c ...></c>`` as its writer leaves them, styles added to the workbook's list
in the same order (compared part by part in the tests).  A row holding anything else than
numbers, text, booleans and error codes (formulas, dates, rich text) is written by openpyxl.
"""

from __future__ import annotations

import datetime
from contextvars import ContextVar
from typing import Any
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from lxml.etree import XMLSyntaxError, fromstring
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer import excel

_PLAIN_TYPES = ("n", "s", "b", "e")  # what a row written here may hold


def save_workbook(workbook: Any, filename: Any) -> None:
    """``openpyxl.writer.excel.save_workbook(workbook, filename)``: the same file, faster."""
    archive = ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    writer = excel.ExcelWriter(workbook, archive)
    token = _STYLES.set({})  # style array → its index in the workbook's list, as text
    try:
        writer.save()
    finally:
        _STYLES.reset(token)


# openpyxl names its worksheet writer as a module global.  It is replaced, once, by a dispatcher
# that gives this module's writer only to a save made here, in this thread (context), and
# openpyxl's own to every other save: a plain openpyxl save, or one in another thread, is untouched
_STYLES: ContextVar[dict[bytes, str] | None] = ContextVar("yusuan_openpyxl_save_styles", default=None)


def _writer(ws: Any, *args: Any) -> Any:
    styles = _STYLES.get()
    return WorksheetWriter(ws, *args) if styles is None else _WorksheetWriter(styles, ws, *args)


excel.WorksheetWriter = _writer


class _WorksheetWriter(WorksheetWriter):
    def __init__(self, styles: dict[bytes, str], ws: Any, *args: Any) -> None:
        super().__init__(ws, *args)
        self.styles = styles
        self.letters: dict[int, str] = {}

    def write_row(self, xf: Any, row: list, row_idx: int) -> None:
        """The row as XML text, parsed by lxml and written as one element: lxml serialises it
        as its incremental writer would have written it, a cell at a time."""
        attrs = {"r": f"{row_idx}"}
        attrs.update(self.ws.row_dimensions.get(row_idx, {}))
        parts = ["<row" + "".join(f' {name}="{_attribute(value)}"' for name, value in attrs.items()) + ">"]
        add = parts.append
        styles, letters = self.styles, self.letters
        comments, links, empty = [], [], []
        for cell in row:
            kind, value = cell.data_type, cell._value
            if kind not in _PLAIN_TYPES or (kind == "s" and value is not None and not isinstance(value, str)):
                super().write_row(xf, row, row_idx)  # a formula, a date, rich text: openpyxl writes the row
                return
            if cell._comment is not None:
                comments.append(cell)
            style = cell._style
            styled = style is not None and any(style)
            if value is None and not styled and not cell._comment:
                continue
            column = cell.column
            letter = letters.get(column) or letters.setdefault(column, get_column_letter(column))
            if styled:
                key = style.tobytes()
                index = styles.get(key)
                if index is None:
                    index = styles[key] = f"{self.ws.parent._cell_styles.add(style)}"
                start = f'<c r="{letter}{cell.row}" s="{index}" t="{"inlineStr" if kind == "s" else kind}">'
            else:
                start = f'<c r="{letter}{cell.row}" t="{"inlineStr" if kind == "s" else kind}">'
            if cell.hyperlink:
                links.append(cell.hyperlink)
            if value is None or value == "":
                empty.append(len(parts) - 1)
                add(start + "</c>")
            elif kind == "s":
                space = ' xml:space="preserve"' if value != value.strip() else ""
                add(f"{start}<is><t{space}>{_text(value)}</t></is></c>")
            else:
                add(f"{start}<v>{_text(safe_string(value))}</v></c>")
        add("</row>")
        try:
            element = fromstring("".join(parts))
        except XMLSyntaxError:  # a character XML cannot hold: openpyxl's writer says which
            super().write_row(xf, row, row_idx)
            return
        for cell in comments:
            self.ws._comments.append(CommentRecord.from_cell(cell))
        self.ws._hyperlinks.extend(links)
        if empty:  # <c ...></c>, as openpyxl's writer leaves an empty cell (parsed, it would be <c .../>)
            children = element.getchildren()
            for i in empty:
                children[i].text = ""
        if not len(element):
            element.text = ""
        xf.write(element)


# XML escapes from the standard library; \r (and in attributes \t, \n) as character references,
# which XML parsers would otherwise normalise away
_TEXT_REFS = {"\r": "&#13;"}
_ATTRIBUTE_REFS = {**_TEXT_REFS, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}


def _text(value: str) -> str:
    """``value`` as XML character data that parses back to exactly ``value``."""
    return escape(value, _TEXT_REFS)


def _attribute(value: Any) -> str:
    """``value`` as an attribute value that parses back to exactly its text."""
    return escape(str(value), _ATTRIBUTE_REFS)
