"""Audit many workbooks (a finance bureau reviewing departments): in parallel processes, with
a progress line, writing one summary workbook and an annotated copy of each workbook that has
findings (none with ``--summary-only``).

Each workbook is read with calamine for the audit; only one with findings is then loaded with
openpyxl to write its copy (75 % of an audit's time was the openpyxl load and save)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from yusuan.audit.runner import annotate_file, audit_file, has_findings, load_shared_data
from yusuan.errors import UserError
from yusuan.findings.rule import Severity
from yusuan.ports import CellRange, PageSetup, Style
from yusuan.ports.base import text_height
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

SUFFIXES = (".xlsx", ".xlsm")
SUMMARY_STEM = "校验汇总"  # the batch summary's file name (校验汇总.xlsx)
CLEAN_NOTE = "未发现问题，未另存标注副本"


@dataclass(frozen=True)
class FileResult:
    """One audited file; ``error`` is set when the file could not be used at all."""

    source: str
    output: str
    counts: tuple[int, int, int]  # 错误, 警告, 提示
    top_rules: tuple[tuple[str, int], ...]
    findings: tuple[tuple[str, str, str, str, str], ...]  # severity, code, sheet, cell, message
    error: str = ""  # why the file could not be read (无法读取)
    skipped: str = ""  # why the file was not audited (not a workbook yusuan reads, or its own output)
    note: str = ""  # what else the summary says of it (a clean workbook gets no copy)

    @property
    def status(self) -> str:
        return "已跳过" if self.skipped else "无法读取" if self.error else "已校验"


def annotated_path(source: Path, out_dir: Path | None, root: Path | None = None) -> Path:
    """``<out_dir>/<subfolder under root>/<name>_校验.xlsx``: the subfolder is kept so that two
    files of one name in different subfolders do not overwrite each other's copy."""
    folder = out_dir if out_dir is not None else source.parent
    if out_dir is not None and root is not None:
        folder = folder / source.parent.relative_to(root)
    return folder / f"{source.stem}_校验{source.suffix}"


def check_one(source: str, output: str) -> FileResult:
    """Worker: audit one file; when it has findings and ``output`` is given, write its
    annotated copy there ('' = summary only).  Never raises (runs in another process)."""
    try:
        outcome, book = audit_file(Path(source))
        annotated = bool(output) and has_findings(outcome)
        if annotated:
            annotate_file(Path(source), Path(output), outcome, book)
    except UserError as exc:
        return FileResult(source, "", (0, 0, 0), (), (), exc.message)
    except Exception as exc:  # a broken file must not stop the other 199
        return FileResult(source, "", (0, 0, 0), (), (), f"无法校验：{type(exc).__name__}: {exc}")
    findings = tuple(
        (f.severity.label, f.code, f.sheet, f.cell, f.message) for f in sorted(outcome.findings, key=lambda f: f.sort_key)
    )
    counts = (outcome.count(Severity.ERROR), outcome.count(Severity.WARNING), outcome.count(Severity.INFO))
    note = "" if has_findings(outcome) else CLEAN_NOTE
    return FileResult(source, output if annotated else "", counts, tuple(outcome.top_rules()), findings, note=note)


def _audited(source: str, output: str) -> FileResult:
    """:func:`check_one` in a pool worker, collecting cyclic garbage once per workbook.

    Python's collector otherwise runs every 700 allocations and, now and then, walks every
    object the process holds (the modules, the recognition data, the catalogs): 12 % of an
    audit's CPU.  What the worker holds before the workbook (inherited from the parent, or
    cached by earlier workbooks) is long-lived: frozen, it is never walked again; the workbook's
    own cyclic garbage is collected when it is done (the collector is off only meanwhile, and
    only in a worker process: it is the process's alone)."""
    if multiprocessing.parent_process() is None:  # not a pool's worker: the caller's collector is left alone
        return check_one(source, output)
    gc.freeze()
    gc.disable()
    try:
        return check_one(source, output)
    finally:
        gc.enable()
        gc.collect()


def workbooks_in(folder: Path, skip: Path | None = None) -> list[Path]:
    """The workbooks under ``folder`` that are audited (see :func:`skip_reason`), less anything
    under ``skip`` (an output folder inside the input folder: its 校验汇总 is no input)."""
    return [p for p, reason in files_in(folder, skip) if not reason]


def files_in(folder: Path, skip: Path | None = None) -> list[tuple[Path, str]]:
    """Every file under ``folder`` (not under ``skip``) with the reason it is not audited, or ''."""
    skip = skip.resolve() if skip is not None else None
    return sorted(
        (p, skip_reason(p)) for p in folder.rglob("*")
        if p.is_file() and not (skip is not None and p.resolve().is_relative_to(skip))
    )


def skip_reason(path: Path) -> str:
    """Why a file of the folder is not audited: '' for a workbook yusuan reads."""
    name, suffix = path.name, path.suffix.lower()
    if name.startswith("~$"):
        return "Excel 打开文件时生成的临时锁定文件"
    if name.startswith(".~"):
        return "yusuan 写入中途留下的临时文件"
    if suffix in SUFFIXES and "_校验" in path.stem:
        return "yusuan 的校验输出文件"
    if suffix in SUFFIXES and path.stem.startswith(SUMMARY_STEM):
        return "yusuan 的校验汇总（上一次批量校验的结果）"
    if suffix in (".xls", ".et"):
        return "旧版工作簿格式（.xls），请在 Excel 中另存为 .xlsx 后再校验"
    if suffix == ".xlsb":
        return "Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后再校验"
    if suffix not in SUFFIXES:
        return "不是 Excel 工作簿（.xlsx / .xlsm）"
    return ""


_STDERR = object()  # the stderr of the moment of the call, not of the import (tests and callers swap it)


def check_folder(folder: Path, out_dir: Path, workers: int | None = None, progress=_STDERR,
                 summary_only: bool = False) -> list[FileResult]:
    """Audit every workbook under ``folder`` into ``out_dir``; ``progress``: a stream or None;
    ``summary_only``: no annotated copies (the caller writes the summary)."""
    progress = sys.stderr if progress is _STDERR else progress
    entries = files_in(folder, out_dir)
    files = [p for p, reason in entries if not reason]
    if not files:
        raise UserError(f"文件夹 {folder} 中没有 .xlsx / .xlsm 工作簿。")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建输出文件夹 {out_dir}（{exc.strerror or exc}），请用 -o 指定一个可写的文件夹。") from None
    results = [FileResult(str(p), "", (0, 0, 0), (), (), skipped=reason) for p, reason in entries if reason]
    jobs = {str(p): "" if summary_only else str(annotated_path(p, out_dir, folder)) for p in files}
    workers = workers or min(len(files), os.cpu_count() or 1)
    # loaded once here, shared by the workers the pool forks (scipy only when it saves a second import)
    load_shared_data(solver=workers > 1)
    tick = _progress(progress, len(files))
    lost: list[str] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {}
        for source, output in jobs.items():
            try:
                futures[pool.submit(_audited, source, output)] = source
            except BrokenProcessPool:  # a worker died while the rest were still being queued
                lost.append(source)
        for future in as_completed(futures):
            try:
                results.append(future.result())
            except BrokenProcessPool:  # a worker died (out of memory, killed): who killed it is unknown
                lost.append(futures[future])
                continue
            tick()
    # Every file the dead worker took down with it runs again, each in a process of its own,
    # so that a second death can only be that file's: it is reported, the others are checked.
    with ThreadPoolExecutor(max_workers=workers) as threads:
        for result in threads.map(lambda source: _isolated(source, jobs[source]), sorted(lost)):
            results.append(result)
            tick()
    if progress is not None:
        print(file=progress)
    return sorted(results, key=lambda r: r.source)


def _isolated(source: str, output: str, attempts: int = 2) -> FileResult:
    """``check_one`` in a fresh process of its own, once more if that process dies."""
    for _ in range(attempts):
        with ProcessPoolExecutor(max_workers=1) as pool:
            try:
                return pool.submit(_audited, source, output).result()
            except BrokenProcessPool:
                continue
    reason = "校验进程意外退出（可能内存不足或被系统终止），重试一次后仍失败，请单独校验此文件。"
    return FileResult(source, "", (0, 0, 0), (), (), reason)


def _progress(stream, total: int):
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if stream is not None:
            bar = "#" * (30 * done // total)
            print(f"\r校验进度 [{bar:<30}] {done}/{total}", end="", file=stream, flush=True)
    return tick


def write_folder_summary(results: list[FileResult], path: Path) -> None:
    """汇总工作簿: one row per file (counts, top rules), one row per finding.  Each file name links
    to the file (a finding's to its cell, in the annotated copy when one was written)."""
    book = OpenpyxlWorkbook.new()
    book.add_sheet("汇总")
    sources = _short_names([r.source for r in results])
    outputs = _short_names([r.output for r in results if r.output])
    rows: list[list[object]] = [["文件", "错误", "警告", "提示", "主要问题（规则:条数）", "校验后文件", "说明", "状态"]]
    for r in results:
        top = "；".join(f"{code}:{n}" for code, n in r.top_rules)
        rows.append([sources[r.source], *r.counts, top, outputs.get(r.output, ""), r.error or r.skipped or r.note, r.status])
    book.write_values("汇总", 1, 1, rows)
    book.add_sheet("明细")
    detail = [["文件", "级别", "规则", "工作表", "单元格", "说明"]]
    detail += [[sources[r.source], *f] for r in results for f in r.findings]
    book.write_values("明细", 1, 1, detail)
    _link_files(book, results, path.parent)
    for sheet, width in (("汇总", 8), ("明细", 6)):
        book.apply_style(sheet, CellRange(1, 1, 1, width), Style(bold=True, fill="F2F2F2", border=True))
        book.freeze_panes(sheet, 2, 1)
        # printed by a bureau as a list: its columns on one landscape page width, the header on each page
        book.set_page_setup(sheet, PageSetup(landscape=True, title_rows=(1, 1)))
    book.set_column_widths("汇总", {1: 36, 5: 30, 6: 36, 7: 40, 8: 10})
    book.set_column_widths("明细", {1: 36, 4: 22, 6: 80})
    # long 说明 wrap in their column (unwrapped, one message would set the printed page's width), and
    # so do long sheet names on 明细 (行政（事业）单位机构运转经费预算表 was cut off by the cell beside it)
    wrapped: tuple[tuple[str, Sequence[Sequence[object]], dict[int, int]], ...] = (
        ("汇总", rows, {7: 40}), ("明细", detail, {4: 22, 6: 80}))
    for sheet, table, columns in wrapped:
        if len(table) > 1:
            book.apply_style(sheet, CellRange(2, 1, len(table), len(table[0])), Style(v_align="top"))
            for col in columns:
                book.apply_style(sheet, CellRange(2, col, len(table), col), Style(wrap=True))
            book.set_row_heights(sheet, {i: max(text_height(str(row[col - 1] or ""), width) for col, width in columns.items())
                                         for i, row in enumerate(table[1:], start=2)})
    book.save(path)


def _link_files(book: OpenpyxlWorkbook, results: list[FileResult], folder: Path) -> None:
    """Links from the summary (saved in ``folder``) to the files it names, by relative path so
    that the output folder can be moved together with the audited one."""
    for row, r in enumerate(results, start=2):
        book.set_file_link("汇总", row, 1, _relative(r.source, folder))
        if r.output:
            book.set_file_link("汇总", row, 6, _relative(r.output, folder))
    row = 2
    for r in results:
        target = _relative(r.output or r.source, folder)
        for _, _, sheet, cell, _ in r.findings:
            book.set_file_link("明细", row, 1, target, f"{_quoted(sheet)}!{cell}" if sheet and cell else "")
            row += 1


def _relative(path: str, folder: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _short_names(paths: list[str]) -> dict[str, str]:
    """Each path relative to the folder they share: the file name, with its subfolder when
    files sit in subfolders (two 部门.xlsx stay two names)."""
    if not paths:
        return {}
    root = Path(os.path.commonpath([str(Path(p).parent) for p in paths]))
    return {p: Path(p).relative_to(root).as_posix() for p in paths}
