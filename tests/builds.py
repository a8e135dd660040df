"""Workbooks the suite shares, built once per session (``tests/conftest.py`` hands them out).

The demo department (the sample CSVs) built as ``yusuan build`` builds it, and the seeds'
departments, are each built once and kept as xlsx bytes; a test that changes a workbook opens
its own copy (:func:`open_copy`), so no test sees another's edits.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import openpyxl

from yusuan import profiles
from yusuan.build import BuildOutcome, build_workbook
from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def to_bytes(port: OpenpyxlWorkbook) -> bytes:
    buffer = io.BytesIO()
    port.book.save(buffer)
    return buffer.getvalue()


def open_copy(data: bytes) -> OpenpyxlWorkbook:
    """A workbook of one's own, read from ``data`` (as a saved file would be)."""
    return OpenpyxlWorkbook(openpyxl.load_workbook(io.BytesIO(data)))


@cache
def demo_input_bytes() -> bytes:
    """The demo department's input workbook (template filled from the sample CSVs)."""
    return to_bytes(input_workbook_from_csv(sample_folder()))


@cache
def demo_build() -> tuple[BuildOutcome, bytes]:
    """The demo department built once: what the build reported, and the built workbook."""
    book = input_workbook_from_csv(sample_folder())
    outcome = build_workbook(book)
    assert outcome.usable, [f.message for f in outcome.findings]
    return outcome, to_bytes(book)


def demo_built_bytes() -> bytes:
    return demo_build()[1]


@cache
def demo_tables_bytes() -> bytes:
    """The built demo with only its disclosure tables, as published (input sheets and state
    removed): what the table checks see of a department's disclosure."""
    book = openpyxl.load_workbook(io.BytesIO(demo_built_bytes()))
    tables = {spec.sheet_name() for spec in profiles.load().tables}
    for name in [n for n in book.sheetnames if n not in tables]:
        book.remove(book[name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@cache
def seed_build(seed: str) -> tuple[BuildOutcome, bytes]:
    """A seed department (tests/fixtures/seeds/<seed>/inputs) built once."""
    book = input_workbook_from_csv(SEEDS / seed / "inputs")
    outcome = build_workbook(book)
    assert outcome.usable, [f.message for f in outcome.findings]
    return outcome, to_bytes(book)
