"""The last row that holds a value in a worksheet's XML, found by streaming the zip member
(issue 14, bounded cost): a sheet of 600,000 narrow rows is refused in a second, before
openpyxl spends half a minute and half a gigabyte building its cells.

Rows stand in ascending order in ``<sheetData>``, so each chunk's last value-holding cell is
the furthest so far; only that one cell is parsed per chunk.  Cells without an ``r`` address
(allowed, rarely written) give no answer here: the reader's own check after loading decides.
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from openpyxl.xml.functions import fromstring

CHUNK = 1 << 20
OVERLAP = 1 << 16  # bytes of the previous chunk kept: a cell split by a chunk boundary
# a value (<v>), an inline string (<is>) or a formula (<f>) closes inside a cell; any prefix
_VALUE_ENDS = (b"</v>", b":v>", b"</is>", b":is>", b"</f>", b":f>", b"<f/>", b":f/>")
_CELL_STARTS = (b"<c ", b":c ")
_CELL = re.compile(rb'(?:<|:)c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_END_OF_DATA = re.compile(rb"</(?:\w+:)?sheetData>")
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def last_value_cell(archive: zipfile.ZipFile, member: str) -> tuple[int, str]:
    """(row, A1 address) of the last cell holding a value in the worksheet ``member``;
    (0, '') when it has none or its cells carry no addresses."""
    row, address = 0, ""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            data = tail + chunk
            end = _END_OF_DATA.search(data)
            found = _last_cell(data[: end.start()] if end else data)
            if found is not None and found[0] >= row:
                row, address = found
            if end:
                break
            tail = data[-OVERLAP:]
    return row, address


def _last_cell(data: bytes) -> tuple[int, str] | None:
    value_end = max(data.rfind(token) for token in _VALUE_ENDS)
    if value_end < 0:
        return None
    start = max(data.rfind(token, 0, value_end) for token in _CELL_STARTS)
    match = _CELL.match(data, start) if start >= 0 else None
    if match is None:
        return None
    return int(match.group(2)), (match.group(1) + match.group(2)).decode("ascii")


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name (xl/worksheets/sheet1.xml) → the sheet's name, from the workbook."""
    try:
        workbook = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, SyntaxError, ValueError):
        return {}
    targets = {rel.get("Id"): _part("xl", rel.get("Target") or "") for rel in rels.iter(f"{_NS_REL}Relationship")}
    return {targets[s.get(_R_ID)]: s.get("name") or "" for s in workbook.iter(f"{NS_MAIN}sheet") if s.get(_R_ID) in targets}


def _part(folder: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
