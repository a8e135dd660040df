"""The ``last_year`` driver: 导入上年数 (``build --last-year``) of seed 004's 14 tables as published
for 2025 (tests/builds.py:seed004_published; no build) into this year's input workbook — the
TX301–TX304 cases start from it.  This year's workbook has what the import reads and writes:
基本信息 with 金额单位 元 and 预算年度 2026, and the 上年数 sheet as the template lays it out,
blank (收入总计 in B2 … 机构运行经费 in B14).

``given``: ``基本信息: {金额单位 | 预算年度: value}`` (this year's settings), ``上年数: {item:
amount}`` (typed before the import, in 金额单位) and ``上年工作簿: {without: [sheet, …], set:
{"sheet!A1": value}}`` (last year's workbook changed).  Returns the import's findings."""

from __future__ import annotations

import re
from functools import cache

from builds import seed004_published
from yusuan.audit.last_year import import_from
from yusuan.findings import Finding
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import LAST_YEAR_SHEET, write_list_sheet
from yusuan.ports.base import column_index
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

from . import RuleCase, driver

SETTINGS = {"金额单位": "元", "预算年度": 2026}


@cache
def published() -> OpenpyxlWorkbook:
    """Last year's workbook as published, made once (the import only reads it)."""
    return seed004_published(2025)


def this_year(settings: dict, typed: dict) -> OpenpyxlWorkbook:
    book = OpenpyxlWorkbook.new()
    spec = load_spec()
    book.add_sheet(spec.settings_sheet)
    book.write_values(spec.settings_sheet, 1, 1, [["项目", "内容"], *([k, v] for k, v in {**SETTINGS, **settings}.items())])
    sheet = spec.sheet(LAST_YEAR_SHEET)
    columns = [c.key for c in sheet.columns]
    rows = [[item if key == "item" else typed.get(item) if key == "amount" else None for key in columns]
            for item in sheet.column("item").choices or ()]
    write_list_sheet(book, sheet, rows)
    return book


def last_year(changes: dict) -> OpenpyxlWorkbook:
    if not changes:
        return published()
    book = seed004_published(2025)
    for sheet in changes.get("without") or ():
        book.remove_sheet(sheet)
    for where, value in (changes.get("set") or {}).items():
        sheet, _, address = where.rpartition("!")
        letters, row = re.fullmatch(r"([A-Z]+)(\d+)", address).groups()
        book.write_values(sheet, int(row), column_index(letters), [[value]])
    return book


@driver("last_year")
def run_last_year(case: RuleCase) -> list[Finding]:
    book = this_year(case.given.get("基本信息") or {}, case.given.get("上年数") or {})
    return import_from(book, last_year(case.given.get("上年工作簿") or {}))
