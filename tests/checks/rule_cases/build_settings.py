"""The ``build_settings`` driver: seed 004's input workbook (its CSVs written into the input
template, in memory, once), read and given its profile as ``build`` does it — the 表样 check of a
build (PF001: the 表样版本 chosen on 基本信息 is of another year) starts from it.  As given the
seed is a 2025 budget with 表样版本 河南2025.

``given: {基本信息: {label: value}}``: what the officer typed in column B of 基本信息 (预算年度,
表样版本, …).  Findings name the cells of that sheet."""

from __future__ import annotations

from functools import cache

from builds import SEEDS
from yusuan import profiles
from yusuan.build import profile_year_findings
from yusuan.findings import Finding
from yusuan.inputs.from_csv import fill_from_csv
from yusuan.inputs.reader import read_inputs
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import write_template
from yusuan.ports.memory import MemoryWorkbook

from . import RuleCase, driver


@cache
def seed004_input() -> MemoryWorkbook:
    book = MemoryWorkbook()
    write_template(book)
    fill_from_csv(book, SEEDS / "seed004" / "inputs")
    return book


@driver("build_settings")
def run_build_settings(case: RuleCase) -> list[Finding]:
    book = seed004_input().copy()
    sheet = load_spec().settings_sheet
    rows = {str(row[0]).strip(): n for n, row in enumerate(book.read_values(sheet), start=1) if row and row[0]}
    for label, value in (case.given.get("基本信息") or {}).items():
        book.write_values(sheet, rows[label], 2, [[value]])
    read = read_inputs(book)
    assert read.model is not None, [f.message for f in read.findings]
    model = read.model
    profile = profiles.load(model.department.profile).with_layout(dict(model.department.layout))
    return list(read.findings) + profile_year_findings(book, model, profile)
