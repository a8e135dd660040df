"""Audit many workbooks (a finance bureau reviewing departments): in parallel processes, with
a progress line, writing an annotated copy of each and one summary workbook."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from yusuan.audit.runner import check_workbook
from yusuan.errors import UserError
from yusuan.findings.rule import Severity
from yusuan.ports import CellRange, Style
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class FileResult:
    """One audited file; ``error`` is set when the file could not be used at all."""

    source: str
    output: str
    counts: tuple[int, int, int]  # 错误, 警告, 提示
    top_rules: tuple[tuple[str, int], ...]
    findings: tuple[tuple[str, str, str, str, str], ...]  # severity, code, sheet, cell, message
    error: str = ""


def annotated_path(source: Path, out_dir: Path | None, root: Path | None = None) -> Path:
    """``<out_dir>/<subfolder under root>/<name>_校验.xlsx``: the subfolder is kept so that two
    files of one name in different subfolders do not overwrite each other's copy."""
    folder = out_dir if out_dir is not None else source.parent
    if out_dir is not None and root is not None:
        folder = folder / source.parent.relative_to(root)
    return folder / f"{source.stem}_校验{source.suffix}"


def check_one(source: str, output: str) -> FileResult:
    """Worker: audit one file into ``output``.  Never raises (runs in another process)."""
    try:
        book = OpenpyxlWorkbook.open(source)
        outcome = check_workbook(book)
        book.save(output)
    except UserError as exc:
        return FileResult(source, "", (0, 0, 0), (), (), exc.message)
    except Exception as exc:  # a broken file must not stop the other 199
        return FileResult(source, "", (0, 0, 0), (), (), f"无法校验：{type(exc).__name__}: {exc}")
    findings = tuple(
        (f.severity.label, f.code, f.sheet, f.cell, f.message) for f in sorted(outcome.findings, key=lambda f: f.sort_key)
    )
    counts = (outcome.count(Severity.ERROR), outcome.count(Severity.WARNING), outcome.count(Severity.INFO))
    return FileResult(source, output, counts, tuple(outcome.top_rules()), findings)


def workbooks_in(folder: Path, skip: Path | None = None) -> list[Path]:
    """The workbooks under ``folder``, less Excel's lock files, yusuan's annotated copies and
    anything under ``skip`` (an output folder inside the input folder: its 校验汇总 is no input)."""
    skip = skip.resolve() if skip is not None else None
    return sorted(
        p for p in folder.rglob("*")
        if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")) and "_校验" not in p.stem
        and not (skip is not None and p.resolve().is_relative_to(skip))
    )


_STDERR = object()  # the stderr of the moment of the call, not of the import (tests and callers swap it)


def check_folder(folder: Path, out_dir: Path, workers: int | None = None, progress=_STDERR) -> list[FileResult]:
    """Audit every workbook under ``folder`` into ``out_dir``; ``progress``: a stream or None."""
    progress = sys.stderr if progress is _STDERR else progress
    files = workbooks_in(folder, out_dir)
    if not files:
        raise UserError(f"文件夹 {folder} 中没有 .xlsx / .xlsm 工作簿。")
    out_dir.mkdir(parents=True, exist_ok=True)
    results: list[FileResult] = []
    workers = workers or min(len(files), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(check_one, str(p), str(annotated_path(p, out_dir, folder))): p for p in files}
        for done, future in enumerate(as_completed(futures), start=1):
            try:
                results.append(future.result())
            except Exception as exc:  # the worker process died (e.g. out of memory): report, go on
                reason = f"校验进程意外退出（{type(exc).__name__}），请单独校验此文件。"
                results.append(FileResult(str(futures[future]), "", (0, 0, 0), (), (), reason))
            if progress is not None:
                bar = "#" * (30 * done // len(files))
                print(f"\r校验进度 [{bar:<30}] {done}/{len(files)}", end="", file=progress, flush=True)
    if progress is not None:
        print(file=progress)
    return sorted(results, key=lambda r: r.source)


def write_folder_summary(results: list[FileResult], path: Path) -> None:
    """汇总工作簿: one row per file (counts, top rules), one row per finding."""
    book = OpenpyxlWorkbook.new()
    book.add_sheet("汇总")
    sources = _short_names([r.source for r in results])
    outputs = _short_names([r.output for r in results if r.output])
    rows: list[list[object]] = [["文件", "错误", "警告", "提示", "主要问题（规则:条数）", "校验后文件", "说明"]]
    for r in results:
        top = "；".join(f"{code}:{n}" for code, n in r.top_rules)
        rows.append([sources[r.source], *r.counts, top, outputs.get(r.output, ""), r.error])
    book.write_values("汇总", 1, 1, rows)
    book.add_sheet("明细")
    detail = [["文件", "级别", "规则", "工作表", "单元格", "说明"]]
    detail += [[sources[r.source], *f] for r in results for f in r.findings]
    book.write_values("明细", 1, 1, detail)
    for sheet, width in (("汇总", 7), ("明细", 6)):
        book.apply_style(sheet, CellRange(1, 1, 1, width), Style(bold=True, fill="F2F2F2", border=True))
        book.freeze_panes(sheet, 2, 1)
    book.set_column_widths("汇总", {1: 36, 5: 30, 6: 36, 7: 40})
    book.set_column_widths("明细", {1: 36, 4: 22, 6: 80})
    book.save(path)


def _short_names(paths: list[str]) -> dict[str, str]:
    """Each path relative to the folder they share: the file name, with its subfolder when
    files sit in subfolders (two 部门.xlsx stay two names)."""
    if not paths:
        return {}
    root = Path(os.path.commonpath([str(Path(p).parent) for p in paths]))
    return {p: Path(p).relative_to(root).as_posix() for p in paths}
