"""目录: the list of tables a disclosure prints in its table of contents, when the workbook has one.

A sheet named 目录, or a cell reading 目录 near the top of a sheet (a whole document pasted
onto one sheet); below it every line naming a table (…表), without its numbering (一、, 表一,
预算01表) and page number, in order.  The profile choice weighs it beside the titles.
"""

from __future__ import annotations

import re

from yusuan.text import normalise

HEADING = "目录"
SEARCHED_ROWS = 30  # where a 目录 heading may stand on a sheet that is not named 目录
LISTED_ROWS = 80  # lines read below the heading: a 目录 is one page
_NUMBERING = re.compile(r"^-?([\d一二三四五六七八九十]+[、.]|(部门)?(预算|公开|附)?表[\d一二三四五六七八九十]+[、.:]?"
                        r"|(预算|公开|附)?\d+表[、.:]?|附件[\d一二三四五六七八九十]+[、.:]?)")
_PART = re.compile(r"^(附件:|第[一二三四五六七八九十]+部分)")  # a part's heading: 附件：2024年部门预算表
_PAGE = re.compile(r"[.…·\-—_\d]+$")


def read_contents(sheet: str, values: list[list]) -> tuple[str, ...]:
    """The table names the sheet's 目录 lists, in order (normalised); () when it has none."""
    start = 0 if HEADING in normalise(sheet) else _heading_row(values)
    if start is None:
        return ()
    names = []
    for row in values[start:start + LISTED_ROWS]:
        line = "".join(normalise(v) for v in row if v is not None)
        name = _PAGE.sub("", _NUMBERING.sub("", line))
        if name.endswith("表") and not _PART.match(line):
            names.append(name)
    return tuple(names)


def _heading_row(values: list[list]) -> int | None:
    for r, row in enumerate(values[:SEARCHED_ROWS]):
        if any(normalise(v) == HEADING for v in row if v is not None):
            return r + 1
    return None
