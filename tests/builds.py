"""Workbooks the suite shares, built once per session (``tests/conftest.py`` hands them out).

The demo department (the sample CSVs) built as ``yusuan build`` builds it, and the seeds'
departments, are each built once and kept as xlsx bytes; a test that changes a workbook opens
its own copy (:func:`open_copy`), so no test sees another's edits.

Under pytest-xdist each worker is a process of its own: what is only bytes (:func:`shared`) is
made by the first worker that asks and read from a file by the others (tests/conftest.py names
the folder), instead of being made once per worker.
"""

from __future__ import annotations

import fcntl
import io
import tempfile
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path

import openpyxl
import pandas as pd

from yusuan import profiles
from yusuan.build import BuildOutcome, build_workbook
from yusuan.cli import main
from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.ports import CellRange
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.tables.base import header_grid

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


SHARED: list[Path] = []  # the folder the xdist workers share, when there are workers (tests/conftest.py)


def shared(make: Callable[..., bytes]) -> Callable[..., bytes]:
    """``make``'s bytes made once per session; under xdist once for all workers: the first
    worker to ask makes them while the others wait on a lock, then read the file."""

    @cache
    @wraps(make)
    def get(*args: str) -> bytes:
        if not SHARED:
            return make(*args)
        path = SHARED[0] / "-".join((make.__name__, *args))
        with path.with_suffix(".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if path.exists():
                return path.read_bytes()
            data = make(*args)
            path.with_suffix(".part").write_bytes(data)
            path.with_suffix(".part").rename(path)
            return data

    return get


def to_bytes(port: OpenpyxlWorkbook) -> bytes:
    buffer = io.BytesIO()
    port.book.save(buffer)
    return buffer.getvalue()


def open_copy(data: bytes) -> OpenpyxlWorkbook:
    """A workbook of one's own, read from ``data`` (as a saved file would be)."""
    return OpenpyxlWorkbook(openpyxl.load_workbook(io.BytesIO(data)))


@shared
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


@shared
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


@shared
def demo_cli_built_bytes() -> bytes:
    """The demo input built by ``yusuan build`` into a file of its own (input sheets hidden, as
    the command line saves it)."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "输入.xlsx", Path(folder) / "预算公开.xlsx"
        source.write_bytes(demo_input_bytes())
        assert main(["build", str(source), "-o", str(target)]) in (0, 1)
        return target.read_bytes()


FOREIGN = Path(__file__).parent / "fixtures" / "audit" / "foreign004" / "workbook.xlsx"


@shared
def foreign_checked_bytes() -> bytes:
    """``yusuan check`` of a published workbook yusuan did not build (audit fixture foreign004):
    what the 校验 button must leave in the book."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "校验.xlsx"
        assert main(["check", str(FOREIGN), "-o", str(target)]) in (0, 1)
        return target.read_bytes()


@shared
def foreign_cleared_bytes() -> bytes:
    """``yusuan clear`` of that check: what the 清除标记 button must leave."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "校验.xlsx", Path(folder) / "清除.xlsx"
        source.write_bytes(foreign_checked_bytes())
        assert main(["clear", str(source), "-o", str(target)]) in (0, 1)
        return target.read_bytes()


@cache
def seed_build(seed: str) -> tuple[BuildOutcome, bytes]:
    """A seed department (tests/fixtures/seeds/<seed>/inputs) built once."""
    book = input_workbook_from_csv(SEEDS / seed / "inputs")
    outcome = build_workbook(book)
    assert outcome.usable, [f.message for f in outcome.findings]
    return outcome, to_bytes(book)


def seed004_published(year: int = 2025) -> OpenpyxlWorkbook:
    """Seed 004's 14 tables as published (tests/fixtures/seeds/seed004/expected: 河南 2025 layout,
    figures as printed text), one a sheet, titled for ``year``: a disclosure yusuan did not build,
    made without a build (a fraction of a second)."""
    book = OpenpyxlWorkbook.new()
    for spec, path in zip(profiles.load().tables, sorted((SEEDS / "seed004" / "expected").glob("*.csv"))):
        body = [] if path.stat().st_size == 0 else pd.read_csv(path, header=None, dtype=str, keep_default_na=False).values.tolist()
        rows: list[list] = [[spec.title.format(year=year)], ["部门名称：洛龙区政务服务中心", None, "单位：万元"]]
        merges = []
        if spec.options.get("header", True):
            grid = header_grid(spec.columns)
            merges = [CellRange(len(rows) + 1 + m.top, 1 + m.left, len(rows) + 1 + m.bottom, 1 + m.right) for m in grid.merges]
            rows += [list(r) for r in grid.rows]
        rows += [[v if v != "" else None for v in row] for row in body]
        name = spec.sheet_name()
        book.add_sheet(name)
        book.write_values(name, 1, 1, rows)
        book.merge(name, merges)
    return book
