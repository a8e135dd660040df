"""``make bench``'s parts on the demo department (no timing asserted): the floors write exactly
the output's non-empty cells, errors are planted where the audit looks, and the report has a
row for every scale and audit run with issue 13's targets judged."""

from __future__ import annotations

import random

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from builds import demo_input_bytes
from yusuan.bench import cells
from yusuan.bench.audit import AuditResult
from yusuan.bench.corpus import plant_errors, table_sheets
from yusuan.bench.report import NOT_MEASURED, render
from yusuan.bench.runner import Run, measure_floor
from yusuan.bench.scales import ScaleResult, parse_scales


def non_empty_cells(path) -> dict[tuple[str, str], object]:
    """Every non-empty cell of a workbook, read in openpyxl's full mode (not the bench's reader)."""
    book = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None and c.value != ""}


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory, demo_bytes):
    """The demo's input and built output as files, and the output's non-empty cells."""
    folder = tmp_path_factory.mktemp("bench")
    source, output = folder / "input.xlsx", folder / "output.xlsx"
    source.write_bytes(demo_input_bytes())
    output.write_bytes(demo_bytes)
    return folder, source, output, cells.workbook_cells(output)


def as_dict(written: cells.Cells) -> dict[tuple[str, str], object]:
    return {(sheet, f"{get_column_letter(c)}{r}"): value for sheet, values in written.items() for r, c, value in values}


def test_both_floors_write_exactly_the_outputs_non_empty_cells(demo_files):
    folder, source, output, written = demo_files
    expected = non_empty_cells(output)
    assert as_dict(written) == expected
    job = {"mode": "build", "input": str(source), "cells": written}
    floor_a = measure_floor("floor_openpyxl.py", {**job, "output": str(folder / "a.xlsx")}, folder)
    floor_b = measure_floor("floor_calamine.py", {**job, "output": str(folder / "b.xlsx")}, folder)
    assert floor_a.count == floor_b.count == len(expected)
    assert non_empty_cells(folder / "b.xlsx") == expected  # xlsxwriter's file: those cells, nothing else


def test_planted_errors_change_amounts_of_printed_tables_only(demo_files):
    folder, _, output, written = demo_files
    bad = folder / "bad.xlsx"
    assert plant_errors(output, bad, random.Random(3), 3) == 3
    before, after = as_dict(written), as_dict(cells.workbook_cells(bad))
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert 1 <= len(changed) <= 3  # two errors may fall on one cell
    assert {sheet for sheet, _ in changed} <= set(table_sheets(output))
    assert all(isinstance(before[key], int | float) for key in changed)


def runs(*cpu: float, rss: float = 100.0) -> list[Run]:
    return [Run(c, rss, c, None) for c in cpu]


def test_report_has_every_row_and_judges_the_targets():
    demo, small, mid, large = parse_scales("demo,1x500,20x5000,100x50000")
    scales = [
        ScaleResult(demo, 4000, runs(1.9, 2.5, 1.8), runs(1.0), runs(0.2)),
        ScaleResult(small, 5000, runs(3.0), runs(1.0), runs(0.3)),
        ScaleResult(mid, 90000, runs(4.6, 4.4, 4.5), runs(3.0, 2.9, 3.1), runs(1.0)),  # 1.5×: PASS
        ScaleResult(large, 900000, runs(30.0, rss=520), runs(22.0), runs(9.0)),  # 1.36×, 520 MB: MISS
    ]
    audit = AuditResult(200, 60, 70, runs(60.0), [], runs(4.0), runs(50.0))
    report = render(scales, audit, ["## heading"], jobs=2).splitlines()
    rows = {line.split("|")[1].strip(): line for line in report if line.startswith("| ") and "---" not in line}
    assert {"示例部门 (demo)", "1 × 500", "20 × 5,000", "100 × 50,000"} <= rows.keys()
    assert "1.90 s (target < 2 s: PASS)" in rows["示例部门 (demo)"]
    assert "1.50× (target ≤ 1.5×: PASS)" in rows["20 × 5,000"]
    assert "1.36× (target ≤ 1.3×: MISS)" in rows["100 × 50,000"]
    assert "520 MB (target ≤ 500 MB: MISS)" in rows["100 × 50,000"]
    assert "target" not in rows["1 × 500"]
    audit_rows = [key for key in rows if "check" in key or key.startswith("floor")]
    assert len(audit_rows) == 4
    annotated, summary_only = (rows[key] for key in audit_rows[:2])
    assert "0.300 s" in annotated and "1.20× the load+save (target ≤ 1.1×: MISS)" in annotated
    assert NOT_MEASURED in summary_only  # this yusuan had no --summary-only
