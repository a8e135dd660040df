"""Body rows of a table: read the mapped cells, then give each row its role and code.

Roles (see model/parsed.py): total, department, unit, class, item, detail.  How a row shows
its role depends on the layout (recognition.yaml ``layout``):

- coded (三/五/九/十): 类/款/项 codes → class/item/detail by length (3/5/7); a 单位代码 and no
  function code → department (the row after 合计 with the department's code or name) or unit;
- units (二): the code column holds the department and unit codes;
- econ (六/七/十一): code = 部门经济 款 (类 and 款 joined where printed apart), labels['gov_code']
  the 政府经济 款; a code column holding a unit code makes a department/unit row;
- two_sided (一/四): 合计/总计 rows are totals, every other row detail, each side's label kept;
- three_public (八): 合计 then one row per unit (or a single row of amounts: the total);
- projects (十二): 合计 (labels blank in the seeds), department/unit rows (项目名称 = code), projects;
- basic_items (2023 七): as projects, the department/unit code in 类型 and the name in 项目名称;
- project_form (十四): one row per project (its first row; indicator-only rows are skipped).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from yusuan.audit._config import Config, KindConfig
from yusuan.audit._grid import Grid
from yusuan.audit._headers import is_note_row, is_total_text
from yusuan.audit._numbers import amount_cell
from yusuan.audit._text import digits
from yusuan.audit._titles import is_caption_row
from yusuan.model.parsed import ParsedCell, ParsedRow
from yusuan.ports.base import a1
from yusuan.text import cell_text, normalise

_ECON = re.compile(r"^3\d{2}(\d{2})?$")  # 部门预算支出经济分类 类 or 款
UNIT_CODE_MIN = 6  # a budget unit's code: department code + 3 digits
_INDICATOR_SUFFIXES = ("_name", "_value")  # 十四's indicator columns: cost_name, cost_value …


@dataclass
class _Row:
    row: int
    texts: dict[str, str]
    cells: dict[str, ParsedCell]

    def text(self, key: str) -> str:
        return self.texts.get(key, "")

    @property
    def has_amount(self) -> bool:
        return any(c.amount is not None or c.problem for c in self.cells.values())


@dataclass(frozen=True)
class Body:
    rows: tuple[ParsedRow, ...]
    note: str
    note_cell: str


def read_body(grid: Grid, columns: dict[str, int], kind: KindConfig, start: int, end: int, unit: str,
              department: str, config: Config) -> Body:
    rows: list[_Row] = []
    notes: list[tuple[int, int, str]] = []
    text_columns = [(k, c) for k, c in columns.items() if k in kind.text_keys]
    amount_columns = [(k, c) for k, c in columns.items() if k not in kind.text_keys]
    for r in range(start, end + 1):
        if is_note_row(grid, r, config):
            filled = grid.filled(r)
            notes.append((r, filled[0][0], "".join(cell_text(v) for _, v in filled)))
            continue
        if notes and not grid.is_blank_row(r):
            break  # something after the notes is no longer this table
        if is_caption_row(grid, r, config):
            continue  # 预算06表 / 单位：万元 of the next table stacked below, not a body row
        stored = grid.stored(r)
        texts = {k: cell_text(stored.get(c)) for k, c in text_columns}
        cells = {k: amount_cell(r, c, stored.get(c), unit) for k, c in amount_columns}
        row = _Row(r, texts, cells)
        if any(texts.values()) or row.has_amount:
            rows.append(row)
    parsed = _department_by_name(_LAYOUTS[kind.layout](rows, kind, normalise(department), config), department)
    note, note_cell = _note(notes)
    return Body(tuple(parsed), note, note_cell)


def _department_by_name(rows: list[ParsedRow], department: str) -> list[ParsedRow]:
    """An uncoded detail row that names the department is the department row (a department
    code may be missing, as in hand-made tables)."""
    name = normalise(department)
    if not name or any(r.role == "department" for r in rows):
        return rows
    return [
        dataclasses.replace(r, role="department") if r.role == "detail" and not r.code and normalise(r.label) == name else r
        for r in rows
    ]


def _note(notes: list[tuple[int, int, str]]) -> tuple[str, str]:
    """All note lines; the cell of the 本表无数据 line if there is one (the one a rule flags)."""
    if not notes:
        return "", ""
    marked = next((n for n in notes if "无数据" in normalise(n[2]) or "空表" in normalise(n[2])), notes[0])
    return "\n".join(n[2] for n in notes), a1(marked[0], marked[1])


# helpers ---------------------------------------------------------------------------------
def _label(row: _Row, kind: KindConfig) -> str:
    """The row's name; else its first text (a 合计 printed in a code column)."""
    found = next((row.text(k) for k in kind.label_keys if row.text(k)), "")
    return found or next((t for t in row.texts.values() if t), "")


def _is_total(row: _Row, config: Config) -> bool:
    return any(text and is_total_text(text, config) for text in row.texts.values())


def _parsed(row: _Row, role: str, code: str, label: str, **extra: str) -> ParsedRow:
    return ParsedRow(row.row, role, code, label, dict(row.cells), {**row.texts, **extra})


def _pad(part: str) -> str:
    return part.zfill(2) if len(part) == 1 else part


def _joined(row: _Row, keys: list[str], carried: str = "") -> tuple[str, str]:
    """One code from a code column or from 类 + 款 (+ 项) columns; returns (code, 类 seen).

    A 款 printed with its 类 ('30101') is taken as it is; a 类 printed once above its 款 rows
    (seed 003) is carried down."""
    whole, *parts = keys if keys else [""]
    if whole and digits(row.text(whole)):
        return digits(row.text(whole)), carried
    values = [digits(row.text(k)) for k in parts]
    if not any(values):
        return "", carried
    first = values[0]
    if len(values) > 1 and len(values[1]) > 2:  # 款 printed in full under a 类 column
        return values[1], first or carried
    if not first and carried and len(values) > 1:
        values[0] = first = carried
    return "".join(_pad(v) if i else v for i, v in enumerate(values) if v), first or carried


class _Units:
    """Department and unit rows.  The department row is the first coded row right after 合计
    (or the first coded row at all, when its name is the department's) whose code is shorter
    than a unit's or heads every other code; any other coded row is a unit.

    A department row that repeats the code of the unit printed right below it (seed 000:
    146001 twice, the department being 146) is the department row alone: the next row with
    that code is the unit."""

    def __init__(self, coded: list[tuple[int, str, str]], department: str, totals: set[int]):
        self.code, self.index, self.alone = "", -1, False
        if coded:
            index, code, name = coded[0]
            after_total = index > 0 and index - 1 in totals
            others = [c for _, c, _ in coded[1:] if c != code]
            if (department and normalise(name) == department) or (
                after_total and (len(code) < UNIT_CODE_MIN or all(o.startswith(code) for o in others))
            ):
                self.code, self.index = code, index
                self.alone = len(coded) > 1 and coded[1][1] == code

    def role(self, code: str, index: int) -> str:
        if code != self.code or (self.alone and index != self.index):
            return "unit"
        return "department"


# layouts ---------------------------------------------------------------------------------
def _coded(rows: list[_Row], kind: KindConfig, department: str, config: Config) -> list[ParsedRow]:
    totals = {i for i, r in enumerate(rows) if _is_total(r, config)}
    function = [_joined(r, ["", "class_code", "item_code", "sub_code"])[0] for r in rows]
    unit_rows = [(i, digits(r.text("unit_code")), r.text("name")) for i, r in enumerate(rows)
                 if not function[i] and digits(r.text("unit_code")) and i not in totals]
    units = _Units(unit_rows, department, totals)
    out = []
    for i, row in enumerate(rows):
        label, code = _label(row, kind), function[i]
        if i in totals:
            out.append(_parsed(row, "total", "", label))
        elif code:
            out.append(_parsed(row, {3: "class", 5: "item"}.get(len(code), "detail"), code, label))
        elif digits(row.text("unit_code")):
            unit_code = digits(row.text("unit_code"))
            out.append(_parsed(row, units.role(unit_code, i), unit_code, label))
        else:
            out.append(_parsed(row, "total" if i == 0 and not label else "detail", "", label))
    return out


def _units(rows: list[_Row], kind: KindConfig, department: str, config: Config) -> list[ParsedRow]:
    totals = {i for i, r in enumerate(rows) if _is_total(r, config)}
    coded = [(i, digits(r.text("code")), r.text("name")) for i, r in enumerate(rows)
             if digits(r.text("code")) and i not in totals]
    units = _Units(coded, department, totals)
    out = []
    for i, row in enumerate(rows):
        label, code = _label(row, kind), digits(row.text("code"))
        if i in totals:
            out.append(_parsed(row, "total", "", label))
        elif code:
            out.append(_parsed(row, units.role(code, i), code, label))
        else:
            out.append(_parsed(row, "total" if i == 0 and not label else "detail", "", label))
    return out


def _econ(rows: list[_Row], kind: KindConfig, department: str, config: Config) -> list[ParsedRow]:
    dept_keys, gov_keys = kind.econ.get("dept", []), kind.econ.get("gov", [])
    name_key = kind.econ.get("name", "")
    totals = {i for i, r in enumerate(rows) if _is_total(r, config)}
    codes, govs = [], []
    dept_class = gov_class = ""
    for row in rows:
        code, dept_class = _joined(row, dept_keys, dept_class)
        gov, gov_class = _joined(row, gov_keys, gov_class) if gov_keys else ("", "")
        codes.append(code)
        govs.append(gov)

    def unit_like(i: int) -> bool:
        name = normalise(rows[i].text(name_key))
        return bool(codes[i]) and not govs[i] and (not _ECON.match(codes[i]) or bool(department and name == department))

    coded = [(i, codes[i], rows[i].text(name_key)) for i in range(len(rows)) if i not in totals and unit_like(i)]
    units = _Units(coded, department, totals)
    out = []
    for i, row in enumerate(rows):
        label, code = _label(row, kind), codes[i]
        if i in totals:
            out.append(_parsed(row, "total", "", label, gov_code=govs[i]))
        elif code and unit_like(i):
            out.append(_parsed(row, units.role(code, i), code, label, gov_code=""))
        elif code:
            out.append(_parsed(row, "class" if len(code) == 3 else "detail", code, label, gov_code=govs[i]))
        else:
            out.append(_parsed(row, "total" if i == 0 and not label else "detail", "", label, gov_code=govs[i]))
    return out


def _two_sided(rows: list[_Row], kind: KindConfig, department: str, config: Config) -> list[ParsedRow]:
    return [_parsed(row, "total" if _is_total(row, config) else "detail", "", _label(row, kind)) for row in rows]


def _three_public(rows: list[_Row], kind: KindConfig, department: str, config: Config) -> list[ParsedRow]:
    out = []
    for i, row in enumerate(rows):
        label = _label(row, kind)
        if _is_total(row, config) or (i == 0 and not label):
            out.append(_parsed(row, "total", "", label))
        else:
            out.append(_parsed(row, "unit" if label else "detail", "", label))
    return out


def _projects(rows: list[_Row], kind: KindConfig, department: str, config: Config,
              code_key: str = "name", name_key: str = "unit_name") -> list[ParsedRow]:
    """Department and unit rows carry their code in ``code_key`` and their name in ``name_key``
    (十二: 项目名称 and 项目单位; the 2023 基本支出明细表: 类型 and 项目名称)."""
    totals = {i for i, r in enumerate(rows) if _is_total(r, config)}
    if rows and not any(rows[0].texts.values()):
        totals.add(0)  # the seeds print the 合计 row with blank labels
    coded = [(i, digits(r.text(code_key)), r.text(name_key)) for i, r in enumerate(rows)
             if digits(r.text(code_key)) and i not in totals]
    units = _Units(coded, department, totals)
    out = []
    for i, row in enumerate(rows):
        code = digits(row.text(code_key))
        if i in totals:
            out.append(_parsed(row, "total", "", _label(row, kind)))
        elif code:
            out.append(_parsed(row, units.role(code, i), code, row.text(name_key)))
        else:
            out.append(_parsed(row, "detail", "", _label(row, kind)))
    return out


def _project_form(rows: list[_Row], kind: KindConfig, department: str, config: Config) -> list[ParsedRow]:
    """十四: a project's first row carries code, name and amounts; its other rows only
    indicators.  The first row is the total (the department row in yusuan's and seed 004's
    layout, a row with blank labels in seed 001's)."""
    indicators = [k for k in kind.text_keys if k.endswith(_INDICATOR_SUFFIXES)]
    out: list[ParsedRow] = []
    for row in rows:
        code, name = normalise(row.text("code")), row.text("name")
        if not code and not name and not row.has_amount:
            continue  # an indicator row of the project above
        # a named row with indicators is a project, whatever its code (seed 000 prints the
        # unit code 146001 as every project's code): department and unit rows carry none
        unit_coded = code.isdigit() and len(code) <= UNIT_CODE_MIN and not (name and any(row.text(k) for k in indicators))
        if not out and (_is_total(row, config) or not code or (unit_coded and len(code) < UNIT_CODE_MIN)):
            out.append(_parsed(row, "total", code if code.isdigit() else "", name))
        elif unit_coded:
            out.append(_parsed(row, "department" if len(code) < UNIT_CODE_MIN else "unit", code, name))
        else:
            out.append(_parsed(row, "detail", code, name))
    return out


_LAYOUTS: dict[str, Callable[..., list[ParsedRow]]] = {
    "coded": _coded,
    "units": _units,
    "econ": _econ,
    "two_sided": _two_sided,
    "three_public": _three_public,
    "projects": _projects,
    "basic_items": partial(_projects, code_key="item_type", name_key="name"),
    "project_form": _project_form,
}
