"""第二部分: the 情况说明 sheet as document paragraphs.

The sheet holds one paragraph per row in column A (a row with A blank but text further right
is taken too, for text pasted one column off).  A row's kind is read from its text, so a
user's edits keep their role: '第二部分…' the part title, '一、…' a section heading,
'（一）…' a sub-heading — a heading being short and not a sentence, because a paragraph such
as '（一）因公出国（境）费0.00万元，主要用于……' starts the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yusuan.errors import UserError
from yusuan.narrative.sheet import NARRATIVE_SHEET
from yusuan.ports import WorkbookPort

_NUMERALS = "一二三四五六七八九十百"
_PART = re.compile(rf"^第[{_NUMERALS}]+部分")
_HEADING = re.compile(rf"^[{_NUMERALS}]+、")
_SUBHEADING = re.compile(rf"^[（(][{_NUMERALS}]+[）)]")
_SENTENCE = re.compile(r"[。；，,;]")
HEADING_MAX_CHARS = 40


@dataclass(frozen=True)
class Paragraph:
    kind: str  # part / heading / subheading / body
    text: str


def kind_of(text: str) -> str:
    if _PART.match(text):
        return "part"
    short = len(text) <= HEADING_MAX_CHARS and not _SENTENCE.search(text.rstrip("。"))
    if short and _HEADING.match(text):
        return "heading"
    if short and _SUBHEADING.match(text):
        return "subheading"
    return "body"


def read_narrative(port: WorkbookPort) -> list[Paragraph]:
    if NARRATIVE_SHEET not in port.sheet_names():
        raise UserError(f"工作簿中没有“{NARRATIVE_SHEET}”工作表，请先运行“生成说明”，再导出文档。")
    # a cell holding several lines (pasted text) is several paragraphs
    texts = [line.strip() for row in port.read_values(NARRATIVE_SHEET)
             for line in _row_text(row).splitlines() if line.strip()]
    if not texts:
        raise UserError(f"“{NARRATIVE_SHEET}”工作表是空的，请先运行“生成说明”，再导出文档。")
    return [Paragraph(kind_of(t), t) for t in texts]


def split_part_title(text: str) -> tuple[str, str]:
    """'第二部分 2025年……情况说明' → ('第二部分', '2025年……情况说明')."""
    match = _PART.match(text)
    if not match:
        return "", text
    return match.group(0), text[match.end():].strip(" \u3000：:")


def _row_text(row: list) -> str:
    for value in row:
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""
