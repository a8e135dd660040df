"""A worksheet's first filled row, read from the start of its XML (issue 13).

calamine loads a sheet whole: a yusuan input sheet of 4,000 lines costs it 75 ms, and the audit
needs only its first filled row to know that it is an input sheet and skip it.  Text cells
(inline, shared or a formula's text) are read here as calamine reads them; whatever else is
on that row (a number, date, truth value, error, phonetic or escaped text) or a row not found
near the start gives None, and the caller reads the sheet with calamine.  The XML is a foreign
workbook's: parsed by defusedxml, which refuses entity declarations (a refused part also gives None).
"""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

import defusedxml.ElementTree as SafeElementTree

from yusuan.ports._sheet_scan import NS_MAIN

_ROW = re.compile(rb"<(?:\w+:)?row[\s>].*?</(?:\w+:)?row>", re.S)
# the fragment has no root to declare prefixes: element prefixes go (x:c → c), and so do
# prefixed attributes (Excel's x14ac:dyDescent on rows) but xml:space
_PREFIX = re.compile(rb"<(/?)[A-Za-z_][\w.-]*:")
_PREFIXED_ATTRIBUTE = re.compile(rb"""\s(?!xml:)[A-Za-z_][\w.-]*:[\w.-]+\s*=\s*(?:"[^"]*"|'[^']*')""")
_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_")  # Excel's escape of control characters: left to calamine
SCAN_BYTES = 1 << 18  # the first filled row of a sheet stands near its start


class _Unplain(Exception):
    """The row holds more than plain text: the caller reads the sheet."""


def first_filled_row(archive: zipfile.ZipFile, part: str, strings: SharedStrings) -> list[str] | None:
    """The texts of the first row of the sheet ``part`` that has a non-blank cell (blanks as
    ''), or None when it is not all plain text or not within the first bytes of the part."""
    with archive.open(part) as stream:
        data = stream.read(SCAN_BYTES)
    try:
        for match in _ROW.finditer(data):
            fragment = _PREFIXED_ATTRIBUTE.sub(b"", _PREFIX.sub(rb"<\1", match.group(0)))
            row = _cells(SafeElementTree.fromstring(fragment), strings)
            if any(text.strip() for text in row):
                return row
    except (_Unplain, ElementTree.ParseError, ValueError, IndexError):
        pass
    return None


def _cells(row: ElementTree.Element, strings: SharedStrings) -> list[str]:
    texts = []
    for cell in row.iter("c"):
        kind, value = cell.get("t", "n"), cell.find("v")
        text = value.text if value is not None else None
        if kind == "inlineStr":
            texts.append(_text(cell.find("is")))
        elif kind == "s" and text:
            texts.append(strings[int(text)])
        elif kind == "str" and text is not None:
            texts.append(_checked(text))
        elif kind == "n" and not text and cell.find("is") is None:
            continue  # blank: no value, or a formula's empty one
        else:
            raise _Unplain  # a number (or a date), truth value or error: calamine converts it
    return texts


def _text(item: ElementTree.Element | None) -> str:
    """A string item (<is>, <si>): its text, or its runs' texts joined."""
    if item is None:
        return ""
    if item.find("rPh") is not None:
        raise _Unplain
    return _checked("".join(t.text or "" for t in item.iter("t")))


def _checked(text: str) -> str:
    if _ESCAPED.search(text):
        raise _Unplain
    return text


def shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    """The workbook's shared strings part (xl/sharedStrings.xml as Excel and openpyxl name it)."""
    return next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)


class SharedStrings:
    """The workbook's shared strings, parsed only as far as the largest index asked for."""

    def __init__(self, archive: zipfile.ZipFile, part: str | None):
        self.items: list[str] = []
        self._stream = archive.open(part) if part is not None else None
        self._events = SafeElementTree.iterparse(self._stream) if self._stream is not None else iter(())

    def __getitem__(self, index: int) -> str:
        while len(self.items) <= index:
            event = next(self._events, None)
            if event is None:
                raise _Unplain  # no such string
            if event[1].tag == f"{NS_MAIN}si":
                self.items.append(_text(_unqualified(event[1])))
                event[1].clear()
        return self.items[index]

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def _unqualified(element: ElementTree.Element) -> ElementTree.Element:
    for node in element.iter():
        node.tag = node.tag.rsplit("}", 1)[-1]
    return element
