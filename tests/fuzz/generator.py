"""Seeded generator of fuzz cases: mutated input workbooks and hostile files (issue 14).

Every case is a command line to run in a folder of its own (``make`` writes the input files
there) and what the oracle expects: for a mutation that plants a known-bad value, the rule
code that must be reported on that cell ('*' = any finding on the cell).  The same seed gives
the same cases.
"""

from __future__ import annotations

import functools
import os
import random
import sys
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell

from yusuan.inputs.spec import load_spec
from yusuan.ports.base import a1

LINES, SETTINGS = "支出明细", "基本信息"
Expect = tuple[str, str, str]  # sheet, cell, rule code or '*'


@dataclass(frozen=True)
class Case:
    """One run: ``argv`` with ``{in}``, ``{out}`` and ``{dir}`` filled in by the runner."""

    name: str
    argv: tuple[str, ...]
    make: Callable[[Path], Path]  # writes the input into the folder, returns its path
    expect: tuple[Expect, ...] = ()
    out_name: str = "输出.xlsx"
    may_refuse: bool = True  # exit 2 with one Chinese line is an acceptable answer
    mutations: tuple[str, ...] = field(default_factory=tuple)


# mutated inputs ------------------------------------------------------------------------------
_AMOUNTS: list[tuple[Any, str | None]] = [
    ("12\t34", "IN014"), ("1_000", "IN014"), ("12 34", "IN014"), (1e13, "IN040"), (1e308, "IN040"),
    ("1e999999999", "IN014"), (-5, "IN015"), ("abc", "IN014"), (0.001, "IN017"), (None, "IN016"), (True, "IN014"),
    ("１２３．４５", None), ("1,234.50", None), ("１，２３４", None), (datetime(2025, 1, 1), "IN014"),
    (10**11 + 1, "IN040"), ("∞", "IN014"), ("1.2.3", "IN014"), ("12,34", "IN014"), ("1E+5", "IN014"),
    (" 88 ", None), ("-0", None), ("+7", None),
]
_CODES: list[tuple[Any, str | None]] = [
    ("", "*"), ("20106", "*"), ("abc", "*"), (2010601.5, "*"), ("2010601 行政运行", None), ("０２０１", "*"),
    ("\u200b2010601", "*"), (-1, "*"),
]
_TEXT = ["", " ", "=1+1", "'", "行政\n运行", "😀" * 5, "\u202e反向", "x" * 40_000, "NULL", "#N/A", "0"]


def _columns() -> dict[str, int]:
    return {c.key: i for i, c in enumerate(load_spec().sheet(LINES).columns, start=1)}


def _data_rows(ws) -> list[int]:
    return [r for r in range(2, ws.max_row + 1) if any(ws.cell(r, c).value is not None for c in range(1, 17))]


def _writable(ws, row: int, col: int) -> bool:
    return not isinstance(ws.cell(row, col), MergedCell)


def _pick(rng: random.Random, book, used: set, keys: list[str]):
    """A data cell of 支出明细 in one of the ``keys`` columns not used by another mutation, or None."""
    ws, col = book[LINES], _columns()[rng.choice(keys)]
    row = rng.choice(_data_rows(ws))
    if (row, col) in used or not _writable(ws, row, col):
        return None
    used.add((row, col))
    return ws.cell(row, col)


def _amount(rng: random.Random, book, used: set) -> list[Expect]:
    cell = _pick(rng, book, used, ["amount"])
    if cell is None:
        return []
    value, code = rng.choice(_AMOUNTS)
    if rng.random() < 0.1:
        value, code = "=1000+2", "IN043"  # a formula never calculated
    cell.value = value
    return [(LINES, cell.coordinate, code)] if code else []


def _code(rng: random.Random, book, used: set) -> list[Expect]:
    cell = _pick(rng, book, used, ["function_code", "dept_econ_code", "unit_code"])
    if cell is None:
        return []
    cell.value, code = rng.choice(_CODES)
    return [(LINES, cell.coordinate, code)] if code else []


def _choice(rng: random.Random, book, used: set) -> list[Expect]:
    cell = _pick(rng, book, used, ["spending_type", "fund_source", "procurement", "carried_over"])
    if cell is None:
        return []
    cell.value = rng.choice(["财政拨款", "Y", "基本", "其它", "是 否"])
    return [(LINES, cell.coordinate, "*")]


def _text(rng: random.Random, book, used: set) -> list[Expect]:
    cell = _pick(rng, book, used, ["unit_name", "function_name", "project_name"])
    if cell is None:
        return []
    value = rng.choice(_TEXT)
    cell.value = value
    if value == "=1+1":  # a formula without a result: IN043, and never overwritten
        return [(LINES, cell.coordinate, "IN043")]
    cell.data_type = "s"
    return []


def _merge(rng: random.Random, book, used: set) -> list[Expect]:
    ws = book[LINES]
    col = _columns()[rng.choice(["unit_name", "function_name", "amount", "fund_source"])]
    rows = _data_rows(ws)
    top = rng.choice(rows[:-1])
    cells = {(r, col) for r in (top, top + 1)}
    if cells & used or any(not _writable(ws, r, c) for r, c in cells):
        return []
    used.update(cells)
    ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    return [(LINES, a1(top, col), "IN041")]


def _duplicate_header(rng: random.Random, book, used: set) -> list[Expect]:
    ws = book[LINES]
    col = ws.max_column + 1
    header = rng.choice(load_spec().sheet(LINES).columns).header
    ws.cell(1, col).value = f" {header} "
    return [(LINES, a1(1, col), "IN042")]


CELL_MUTATIONS = {"amount": _amount, "code": _code, "choice": _choice, "text": _text, "merge": _merge,
                  "duplicate-header": _duplicate_header}


def _title_rows(rng: random.Random, book) -> None:
    ws = book[rng.choice([LINES, "单位信息", "项目绩效"])]
    ws.insert_rows(1, rng.randint(1, 3))
    ws["A1"] = "（从预算系统导出）"


def _rename(rng: random.Random, book) -> None:
    book[rng.choice([LINES, "单位信息", SETTINGS])].title += rng.choice([" ", "\u3000"])


def _drop_sheet(rng: random.Random, book) -> None:
    del book[rng.choice(book.sheetnames)]


def _stray(rng: random.Random, book) -> None:
    book[rng.choice([SETTINGS, "上年数", LINES])].cell(rng.choice([1_048_576, 300_000, 65_536]), rng.randint(1, 3)).value = "x"


def _unit_setting(rng: random.Random, book) -> None:
    ws = book[SETTINGS]
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == "金额单位":
            ws.cell(row, 2).value = rng.choice(["千元", "万元", "", "元 ", "万"])


WHOLE_MUTATIONS = {"title-rows": _title_rows, "rename": _rename, "drop-sheet": _drop_sheet, "stray-cell": _stray,
                   "unit-setting": _unit_setting}


def mutated_inputs(seed: int, count: int, base: Path) -> list[Case]:
    """``count`` build cases, each a copy of ``base`` (a good input workbook) with 1–3 mutations."""
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        case_seed = rng.randrange(2**32)
        if rng.random() < 0.2:
            names = (rng.choice(sorted(WHOLE_MUTATIONS)),)
        else:
            names = tuple(rng.choice(sorted(CELL_MUTATIONS)) for _ in range(rng.randint(1, 3)))
        cases.append(Case(f"mutated-{i:04d}-{'+'.join(names)}", ("build", "{in}", "-o", "{out}"),
                          _mutated_maker(base, case_seed, names), mutations=names))
    return cases


@functools.cache
def _loaded(path: Path):
    """``path`` opened once: the makers change it only in a forked child (:func:`_in_child`)."""
    return openpyxl.load_workbook(path)


def _in_child(change: Callable[[], None]) -> None:
    """Run ``change`` in a forked child: it may alter the workbooks loaded once in the parent
    (copy-on-write) without touching the parent's copies, and no case pays for a fresh load."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            change()
        except BaseException:  # noqa: BLE001 — handed to the parent as a failed case set-up
            traceback.print_exc()
            code = 1
        finally:
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"fuzz case set-up failed (exit status {status})")


def _mutated_maker(base: Path, seed: int, names: tuple[str, ...]) -> Callable[[Path], Path]:
    def mutate(folder: Path) -> None:
        rng = random.Random(seed)
        book = _loaded(base)
        used: set = set()
        expect: list[Expect] = []
        for name in names:
            if name in WHOLE_MUTATIONS:
                WHOLE_MUTATIONS[name](rng, book)
            else:
                expect += CELL_MUTATIONS[name](rng, book, used)
        book.save(folder / "输入.xlsx")
        (folder / "expect.txt").write_text("\n".join("\t".join(e) for e in expect), encoding="utf-8")

    def make(folder: Path) -> Path:
        _loaded(base)
        _in_child(lambda: mutate(folder))
        return folder / "输入.xlsx"
    return make


# hostile files ------------------------------------------------------------------------------
def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name
    return make


def _from_base(base: Path, name: str, change: Callable[[bytes], bytes]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(change(base.read_bytes()))
        return folder / name
    return make


def _zip(name: str, members: dict[str, bytes], base: Path | None = None, drop: str = "") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        with zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as out:
            if base is not None:
                with zipfile.ZipFile(base) as source:
                    for info in source.infolist():
                        if info.filename != drop and info.filename not in members:
                            out.writestr(info.filename, source.read(info.filename))
            for member, data in members.items():
                out.writestr(member, data)
        return folder / name
    return make


def _dir(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).mkdir()
        return folder / name
    return make


def _bomb(folder: Path) -> Path:
    path = folder / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        out.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 << 20))
    return path


OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


def hostile_files(seed: int, base: Path, built: Path) -> list[Case]:
    """Files that are not (good) workbooks, and hostile output paths, for every command."""
    rng = random.Random(seed)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    files: dict[str, Callable[[Path], Path]] = {
        "empty": _bytes("空.xlsx", b""),
        "random": _bytes("随机.xlsx", noise),
        "truncated": _from_base(base, "截断.xlsx", lambda d: d[: len(d) // 2]),
        "flipped": _from_base(base, "坏.xlsx", lambda d: d[:600] + bytes(b ^ 0x5A for b in d[600:1400]) + d[1400:]),
        "xls": _bytes("旧版.xls", OLE2 + bytes(504) + "Workbook".encode("utf-16-le")),
        "xls-renamed": _bytes("改名.xlsx", OLE2 + bytes(504) + "Workbook".encode("utf-16-le")),
        "encrypted": _bytes("加密.xlsx", OLE2 + bytes(504) + "EncryptedPackage".encode("utf-16-le")),
        "xlsb": _zip("二进制.xlsb", {"xl/workbook.bin": b"\x83\x01"}),
        "xlsb-renamed": _zip("二进制.xlsx", {"xl/workbook.bin": b"\x83\x01", "[Content_Types].xml": b"<Types/>"}),
        "junk-zip": _zip("垃圾.xlsx", {"junk.bin": noise}),
        "bad-sheet-xml": _zip("坏表.xlsx", {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData></x>"}, base),
        "no-content-types": _zip("缺类型.xlsx", {}, base, drop="[Content_Types].xml"),
        "entity-bomb": _zip("实体.xlsx", {"xl/sharedStrings.xml": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa">'
                                                             b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><sst>&b;</sst>'}, base),
        "zip-bomb": _bomb,
        "folder": _dir("文件夹.xlsx"),
        "csv-renamed": _bytes("表格.xlsx", "单位代码,金额\n001,100\n".encode()),
        "missing": lambda folder: folder / "没有这个文件.xlsx",
        "text": _bytes("说明.txt", "不是工作簿".encode()),
    }
    cases = []
    for command in ("build", "check", "clear", "export"):
        for name, make in files.items():
            out = "输出.docx" if command == "export" else "输出.xlsx"
            argv = (command, "{in}", "-o", "{out}") + (("--no-pdf",) if command == "export" else ())
            cases.append(Case(f"hostile-{command}-{name}", argv, make, out_name=out))
    good = _copy(built, "公开.xlsx")
    for command in ("build", "check", "clear"):
        source = _copy(base, "输入.xlsx") if command == "build" else good
        cases += [
            Case(f"path-{command}-parent-is-file", (command, "{in}", "-o", "{dir}/挡住/输出.xlsx"), _with_file(source, "挡住")),
            Case(f"path-{command}-symlink-elsewhere", (command, "{in}", "-o", "{dir}/链接.xlsx"), _with_symlink(source)),
            Case(f"path-{command}-same-as-input", (command, "{in}", "-o", "{in}"), source),
            Case(f"path-{command}-folder", (command, "{in}", "-o", "{dir}"), source),
        ]
    return cases


def _copy(source: Path, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(source.read_bytes())
        return folder / name
    return make


def _with_file(make_input: Callable[[Path], Path], blocker: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / blocker).write_text("x", encoding="utf-8")
        return make_input(folder)
    return make


def _with_symlink(make_input: Callable[[Path], Path]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / "别的文件.txt").write_text("不能被覆盖", encoding="utf-8")
        os.symlink(folder / "别的文件.txt", folder / "链接.xlsx")
        return make_input(folder)
    return make


__all__ = ["Case", "hostile_files", "mutated_inputs"]


# mutated disclosure workbooks (check) ----------------------------------------------------------
_PRINTED: list[Any] = [1e308, -1e308, 1e20, "1e999999999", "12\t34", "１２３．４５", "883. 50", "abc", None, True, 0.001,
                       "=SUM(A1:A3)", datetime(2025, 1, 1), "—", "-", 10**30, "NaN", "", "x" * 5000]


def mutated_outputs(seed: int, count: int, built: Path) -> list[Case]:
    """``count`` check cases: the built disclosure with table cells, titles and merges changed."""
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        case_seed = rng.randrange(2**32)
        cases.append(Case(f"printed-{i:04d}", ("check", "{in}", "-o", "{out}"), _printed_maker(built, case_seed)))
    return cases


def _printed_maker(built: Path, seed: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        _loaded(built)
        _in_child(lambda: mutate(folder))
        return folder / "公开.xlsx"

    def mutate(folder: Path) -> None:
        rng = random.Random(seed)
        book = _loaded(built)
        sheets = [ws for ws in book.worksheets if ws.max_row > 4 and ws.sheet_state == "visible"]
        for _ in range(rng.randint(1, 6)):
            ws = rng.choice(sheets)
            row, col = rng.randint(1, ws.max_row + 2), rng.randint(1, ws.max_column + 1)
            if not _writable(ws, row, col):
                continue
            kind = rng.random()
            if kind < 0.7:
                ws.cell(row, col).value = rng.choice(_PRINTED)
            elif kind < 0.8 and row > 1:
                ws.delete_rows(row, rng.randint(1, 3))
            elif kind < 0.9:
                ws.insert_rows(row, rng.randint(1, 2))
            elif not any(ws.cell(r, c).coordinate in m for m in ws.merged_cells.ranges
                         for r in (row, row + 1) for c in (col, col + 1)):
                ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col + 1)
        book.save(folder / "公开.xlsx")
    return make
