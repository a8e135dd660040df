"""The ``input`` driver: the small good input workbook of tests/inputs/bad_input_workbook.py (a
department of two units and seven 支出明细 lines that reads without a single finding, on the
in-memory port), changed by the case, then read by the input reader (``read_inputs``) — the
输入 (IN) cases start from it.

A case's ``given`` holds, applied in this order:

* ``without: [<sheet>, …]`` — sheets removed;
* ``copy_row: {"<sheet>!<row>": <source row>}`` — the row becomes a copy of the source row;
* ``scale: "<factor>"`` — every 支出明细 amount times the factor (exact, written as decimal text);
* ``put: {"<sheet>!<A1>": value | null}`` — a cell's value (null: emptied);
* ``merge: ["<sheet>!<A1>:<A1>", …]`` — cells merged;
* ``formula: {"<sheet>!<A1>": "=…"}`` — a formula that was never calculated (no cached result, as
  a workbook not saved by Excel): only a file holds formulas, so the book is then read on the
  openpyxl port.

``context: {catalog: …}`` changes the catalog the reader gets (default: the budget year's):
``custom: {"<code>": <name>}`` adds 自定义科目, ``without_correspondence: [[<部门经济款>, <单位性质>], …]``
takes pairs out of the 部门经济款 → 政府经济款 correspondence.

The driver reports whether the reader gave a model (``usable``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from inputs.bad_input_workbook import good_memory_workbook, scale_amounts
from yusuan.catalogs import Catalog, Subject
from yusuan.inputs import read_inputs
from yusuan.ports import CellRange, WorkbookPort
from yusuan.ports.base import column_index

from . import RuleCase, StageFindings, driver

GIVEN = {"without", "copy_row", "scale", "put", "merge", "formula"}


@driver("input")
def run_input(case: RuleCase) -> StageFindings:
    """The good input workbook changed by ``case.given``, read with the case's catalog."""
    unknown = set(case.given) - GIVEN
    if unknown:
        raise ValueError(f"{case.id}: the input driver has no given {sorted(unknown)}")
    result = read_inputs(workbook(case.given), catalog(case.context.get("catalog") or {}))
    return StageFindings(result.findings, usable=result.model is not None)


def workbook(given: Mapping[str, Any]) -> WorkbookPort:
    port = good_memory_workbook()
    for sheet in given.get("without") or ():
        port.remove_sheet(sheet)
    for target, source in (given.get("copy_row") or {}).items():
        sheet, row = _split(target)
        port.write_values(sheet, int(row), 1, [port.read_values(sheet)[int(source) - 1]])
    if "scale" in given:
        scale_amounts(port, Decimal(str(given["scale"])))
    for where, value in (given.get("put") or {}).items():
        sheet, (row, column) = _cell(where)
        port.write_values(sheet, row, column, [[value]])
    for where in given.get("merge") or ():
        sheet, cells = _split(where)
        first, last = (_rc(a) for a in cells.split(":"))
        port.merge(sheet, [CellRange(*first, *last)])
    if given.get("formula"):
        book = port.to_openpyxl()
        for where, text in given["formula"].items():
            sheet, address = _split(where)
            book.book[sheet][address] = text
        return book
    return port


def catalog(settings: Mapping[str, Any]) -> Any:
    """None (the reader loads the budget year's) unless the case changes the catalog (then the
    2025 catalog, the good workbook's year, changed)."""
    if not settings:
        return None
    return _catalog(
        tuple((code, name) for code, name in (settings.get("custom") or {}).items()),
        tuple((dept, kind) for dept, kind in settings.get("without_correspondence") or ()),
    )


@cache
def _catalog(custom: tuple[tuple[str, str], ...], without: tuple[tuple[str, str], ...]) -> Any:
    real = Catalog.for_year(2025, [Subject.custom(str(code), name) for code, name in custom])
    return _WithoutCorrespondence(real, frozenset(without)) if without else real


class _WithoutCorrespondence:
    """The catalog, less some 部门经济款 → 政府经济款 defaults (a test double: the real
    correspondence table has a default for every 款 and 单位性质)."""

    def __init__(self, real: Catalog, without: frozenset[tuple[str, str]]) -> None:
        self.real = real
        self.without = without

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def gov_econ_for(self, dept: str, kind: str) -> str | None:
        return None if (dept, kind) in self.without else self.real.gov_econ_for(dept, kind)


def _split(where: str) -> tuple[str, str]:
    sheet, _, address = where.rpartition("!")
    return sheet, address


def _cell(where: str) -> tuple[str, tuple[int, int]]:
    sheet, address = _split(where)
    return sheet, _rc(address)


def _rc(address: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", address)
    if match is None:
        raise ValueError(f"not an A1 address: {address!r}")
    return int(match[2]), column_index(match[1])
