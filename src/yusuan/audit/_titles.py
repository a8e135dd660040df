"""Table titles, and the lines between a title and its header (year, 部门名称, 单位)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from yusuan.audit._config import Config, TitleRule
from yusuan.audit._grid import Grid
from yusuan.audit._headers import is_note_row
from yusuan.ports.base import a1
from yusuan.text import cell_text, normalise

MAX_TITLE = 60
SHORT = 10  # other cells on a title row (单位：万元, 预算06表) are at most this long
_YEAR = re.compile(r"(\d{4})年")
_UNIT = re.compile(r"^(金额)?单位:?(万元|元)$")
_UNIT_LABELS = ("单位:", "金额单位:")
_UNIT_AT_END = re.compile(r"(金额)?单位:(万元|元)$")
_SUBTITLE = re.compile(r"^\(?\d{4}年度?\)?$")
_CONTINUED = re.compile(r"表\(续[^)]*\)$")


@dataclass(frozen=True)
class Title:
    row: int
    col: int
    text: str  # as printed
    kind: str = ""  # '' = not a known table
    unsupported: str = ""  # reason, for a known table the audit does not check


@dataclass(frozen=True)
class Info:
    year: int | None
    department: str
    unit: str  # '万元', '元', or '' when not printed
    content_row: int  # first row below the title lines (header or form body)
    department_cell: str = ""  # A1 of the cell that holds the department's name


def _looks_like_title(text: str, config: Config) -> bool:
    if not 4 <= len(text) <= MAX_TITLE or "。" in text or text.startswith(config.note_prefixes):
        return False
    return not any(p.search(text) for p in config.ignore_titles) and not is_table_number(text, config)


def is_table_number(text: str, config: Config) -> bool:
    """A form label such as 预算06表, 表一, 附表1 (normalised text)."""
    return any(p.search(text) for p in config.table_numbers)


def is_caption_row(grid: Grid, row: int, config: Config) -> bool:
    """A row of nothing but table numbers and 单位 lines (预算06表 … 单位：万元): it labels a
    table, above or beside its title; it is never one of a table's body rows."""
    filled = grid.filled(row)
    return bool(filled) and all(
        isinstance(v, str) and ((t := normalise(v)) in _UNIT_LABELS or bool(_unit(t)) or is_table_number(t, config))
        for _, v in filled
    )


def _rule_for(text: str, config: Config) -> TitleRule | None:
    return _rule_among(text, config.titles)


@lru_cache(maxsize=1 << 14)  # every text row of every sheet is tried against every title rule
def _rule_among(text: str, rules: tuple[TitleRule, ...]) -> TitleRule | None:
    return next((rule for rule in rules if any(p in text for p in rule.patterns)), None)


def find_titles(grid: Grid, config: Config) -> list[Title]:
    """Title rows of a sheet, top to bottom: a row whose one long text cell names a table.

    A known table's title ends with 表 or starts with its year (seed 001 prints
    '2023年机关（机构）运行经费'); any other text ending with 表 on a row of its own, at the top
    of the sheet or after a blank row, is a title of a table yusuan does not know.
    """
    titles: list[Title] = []
    previous_blank = True
    for row in range(1, grid.height + 1):
        filled = grid.filled(row)
        title = _title_in(row, filled, previous_blank, config)
        if title:
            titles.append(title)
        previous_blank = not filled
    return titles


def _title_in(row: int, filled, previous_blank: bool, config: Config) -> Title | None:
    if not filled or any(not isinstance(v, str) for _, v in filled):
        return None  # a number on the row: a body row
    texts = [(c, v, normalise(v)) for c, v in filled]
    named = [t for t in texts if _may_name_table(t[2], config)]
    if len(named) != 1 or any(len(t[2]) > SHORT for t in texts if t is not named[0]):
        return None
    col, value, text = named[0]
    rule = _rule_for(text, config)
    # a title without 表 must stand alone: '2020年“三公”经费预算数' beside '项目' is a header
    if rule and (_ends_as_title(text) or (_YEAR.match(text) and len(texts) == 1)):
        return Title(row, col, cell_text(value), rule.kind, rule.unsupported)
    if _ends_as_title(text) and previous_blank:
        return Title(row, col, cell_text(value))
    return None


@lru_cache(maxsize=1 << 14)  # every text row of every sheet is tried: headers and labels repeat
def _may_name_table(text: str, config: Config) -> bool:
    """A normalised text that may be a title: shaped like one, and ending as one or naming a known table."""
    return _looks_like_title(text, config) and (_ends_as_title(text) or _rule_for(text, config) is not None)


def sheet_name_title(sheet: str, config: Config) -> list[Title]:
    """A sheet without a title row but named after a known table (an export that puts the
    title only on the tab): the name stands for the title, row 0 (the table starts at row 1)."""
    rule = _rule_for(normalise(sheet), config)
    if rule is None or not _looks_like_title(normalise(sheet), config):
        return []
    return [Title(0, 1, sheet, rule.kind, rule.unsupported)]


def _ends_as_title(text: str) -> bool:
    return text.endswith("表") or bool(_CONTINUED.search(text))


def read_info(grid: Grid, title: Title, end: int, config: Config) -> Info:
    """Year, department and unit from the title and the lines below it, up to the header."""
    year = _year(title.text)
    department, unit = "", ""
    for _, value in grid.filled(title.row):
        unit = unit or _unit(normalise(value))
    row = title.row + 1
    awaiting_department = False
    department_cell = ""
    while row <= end:
        filled = grid.filled(row)
        texts = [normalise(v) for _, v in filled]
        if not filled or is_note_row(grid, row, config):
            row += 1  # a note printed between the title and the header (注：本表…) is no header
            continue
        if awaiting_department and len(filled) == 1 and not _unit(texts[0]):
            department, awaiting_department = texts[0], False
            department_cell = a1(row, filled[0][0])
            row += 1
            continue
        label_at = _department_label_at(texts, config)
        if label_at is None and not all(_is_info(t, config) for t in texts):
            break
        for text in texts:
            unit = unit or _unit(text)
            year = year or _year(text)
        if label_at is not None:
            department, printed_unit, at = _department_value(texts, label_at, config)
            unit = unit or printed_unit
            awaiting_department = not department
            # the label's cell until the name is found (a label line with the name left blank)
            department_cell = a1(row, filled[at][0])
        row += 1
    return Info(year, department, unit, row, department_cell)


def _is_info(text: str, config: Config) -> bool:
    return bool(_unit(text) or text in _UNIT_LABELS or _SUBTITLE.match(text)
                or any(p.search(text) for p in config.ignore_titles) or is_table_number(text, config))


def _department_label_at(texts: list[str], config: Config) -> int | None:
    """Index of a 部门名称 label opening a line of at most three cells (label, name, unit).

    A bare label other than 部门名称 needs its colon: 单位名称 alone is a header (三公 table)."""
    label = _label_of(texts[0], config)
    if len(texts) > 3 or label is None:
        return None
    rest = texts[0][len(label):]
    return 0 if rest or label == "部门名称" else None


def _label_of(text: str, config: Config) -> str | None:
    return next((lb for lb in sorted(config.department_labels, key=len, reverse=True) if text.startswith(lb)), None)


def _department_value(texts: list[str], at: int, config: Config) -> tuple[str, str, int]:
    """(department, unit, index of the text holding the name — the label's when there is
    none): the unit may share the cell ('部门名称：某局　　单位：万元')."""
    rest = texts[at][len(_label_of(texts[at], config) or ""):].lstrip(":")
    unit = _UNIT_AT_END.search(rest)
    if unit:
        rest = rest[: unit.start()]
    if rest:
        return rest, unit.group(2) if unit else "", at
    others = [i for i in range(at + 1, len(texts)) if not _unit(texts[i])]
    return (texts[others[0]], "", others[0]) if others else ("", "", at)


def _unit(text: str) -> str:
    """'单位：万元' → '万元'; also the halves of a line broken in two ('单位：' above '万元')."""
    if text in ("万元", "元"):
        return text
    m = _UNIT.match(text)
    return m.group(2) if m else ""


def _year(text: str) -> int | None:
    m = _YEAR.search(normalise(text))
    return int(m.group(1)) if m else None
