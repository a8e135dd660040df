"""Acceptance (issue 3): a finance bureau audits a folder of department workbooks.

Four files — the demo output, a copy with wrong cells, a damaged file and a workbook with no
disclosure table — through ``yusuan check <folder> -o <out>``: an annotated copy of each
readable file, 校验汇总.xlsx with one row per file (counts by severity, main rules, the reason a
file could not be read) and one row per finding, exit code 1, a progress line on stderr, the
sources untouched.  And the parallel run: several processes, the same results as one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import openpyxl
import pytest

from builds import demo_built_bytes, open_copy
from yusuan.audit import folder as folder_module
from yusuan.audit.folder import CLEAN_NOTE, FileResult, annotated_path, check_folder, workbooks_in, write_folder_summary
from yusuan.cli import main
from yusuan.findings.marks import OWN_NOTE_MARK, SUMMARY_SHEET
from yusuan.findings.rule import Severity

DEMO, MUTATED, CORRUPT, NO_TABLES = "a_示例部门.xlsx", "b_示例部门_改动.xlsx", "c_损坏.xlsx", "d_无公开表.xlsx"
EXPENDITURE, THREE = "部门支出预算表", "一般公共预算“三公”经费预算表"
SUMMARY_HEADER = ["文件", "错误", "警告", "提示", "主要问题（规则:条数）", "校验后文件", "说明", "状态"]
DETAIL_HEADER = ["文件", "级别", "规则", "工作表", "单元格", "说明"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    """The four workbooks of the folder (built once for the module)."""
    folder = tmp_path_factory.mktemp("departments") / "各部门"
    folder.mkdir()
    (folder / DEMO).write_bytes(demo_built_bytes())  # the demo as built and saved (the session's build)
    book = open_copy(demo_built_bytes())
    book.book[EXPENDITURE]["F6"].value = 1232.48  # 合计 +1.00
    book.book[THREE]["G5"].value = "abc"  # 公务接待费 合计 as text
    book.save(folder / MUTATED)
    (folder / CORRUPT).write_bytes(b"PK\x03\x04 this is not a workbook" * 20)
    plain = openpyxl.Workbook()
    plain.active.title = "工作计划"
    plain.active.append(["序号", "事项", "完成时间"])
    plain.active.append([1, "整理档案", "2025-03"])
    plain.save(folder / NO_TABLES)
    return folder


@pytest.fixture()
def folder(sources, tmp_path) -> Path:
    copy = tmp_path / sources.name
    shutil.copytree(sources, copy)
    return copy


def rows_of(path: Path, sheet: str) -> list[list]:
    book = openpyxl.load_workbook(path)
    return [list(r) for r in book[sheet].iter_rows(values_only=True)]


def comparable(results: list[FileResult]) -> list[FileResult]:
    """Results with the output folder left out (two runs write to two folders)."""
    return [FileResult(Path(r.source).name, Path(r.output).name if r.output else "", r.counts, r.top_rules,
                       r.findings, r.error) for r in results]


# the command line ------------------------------------------------------------------------
def test_check_folder_from_the_command_line(folder, tmp_path, capsys):
    before = {p.name: sha256(p) for p in folder.iterdir()}
    out = tmp_path / "结果"

    code = main(["check", str(folder), "-o", str(out)])
    stdout, stderr = capsys.readouterr()

    assert code == 1
    assert "校验进度 [" in stderr and "4/4" in stderr  # the progress line
    assert CORRUPT in stderr and "Traceback" not in stderr
    assert "已校验 4 个工作簿" in stdout and "无法读取 1 个" in stdout
    # the sources are byte-identical; annotated copies of the two readable ones with findings
    # (the clean demo gets none: its summary row says so)
    assert {p.name: sha256(p) for p in folder.iterdir()} == before
    copies = {p.name for p in out.iterdir()}
    assert copies == {"b_示例部门_改动_校验.xlsx", "d_无公开表_校验.xlsx", "校验汇总.xlsx"}
    assert "2 个有问题的工作簿另存了标注副本" in stdout

    summary = rows_of(out / "校验汇总.xlsx", "汇总")
    detail = rows_of(out / "校验汇总.xlsx", "明细")
    assert summary[0] == SUMMARY_HEADER and detail[0] == DETAIL_HEADER
    by_file = {row[0]: row for row in summary[1:]}
    assert list(by_file) == [DEMO, MUTATED, CORRUPT, NO_TABLES]  # one row per file, in name order

    # counts by severity: as many rows on 明细 for each file and severity
    per_file = Counter((row[0], row[1]) for row in detail[1:])
    for name, row in by_file.items():
        assert row[1:4] == [per_file[(name, s.label)] for s in Severity], name
    assert len(detail) - 1 == sum(sum(row[1:4]) for row in summary[1:])

    demo, mutated, corrupt, plain = by_file[DEMO], by_file[MUTATED], by_file[CORRUPT], by_file[NO_TABLES]
    assert demo[1] == 0 and not any(row[3] == EXPENDITURE for row in detail[1:] if row[0] == DEMO)
    assert demo[4] == "PF002:1" and not demo[5] and demo[6] == CLEAN_NOTE and demo[7] == "已校验"
    assert mutated[1] >= 4 and mutated[5] == "b_示例部门_改动_校验.xlsx" and not mutated[6]
    rules = dict(part.split(":") for part in mutated[4].split("；"))  # 'TB008:1；XT002:1…'
    assert rules and all(int(n) >= 1 for n in rules.values())
    flagged = {(row[3], row[4], row[2]) for row in detail[1:] if row[0] == MUTATED and row[1] == "错误"}
    # the changed 合计 is the cell the diagnosis blames (DG001, folding TB008 and the 表间 findings it caused)
    assert {(EXPENDITURE, "F6", "DG001"), (THREE, "G5", "TB001")} <= flagged
    assert corrupt[1:4] == [0, 0, 0] and not corrupt[5] and "不是有效的 Excel 工作簿" in corrupt[6]
    assert plain[1] == 1 and "AU002:1" in plain[4].split("；") and plain[5] == "d_无公开表_校验.xlsx"

    # the annotated copy carries the flags and the 校验结果 sheet
    checked = openpyxl.load_workbook(out / "b_示例部门_改动_校验.xlsx")
    assert checked.sheetnames[0] == SUMMARY_SHEET
    assert checked[EXPENDITURE]["F6"].comment.text.startswith("错误 ") and OWN_NOTE_MARK not in checked[EXPENDITURE]["F6"].comment.text
    assert checked[EXPENDITURE]["F6"].fill.fgColor.rgb[-6:] == Severity.ERROR.fill


def test_summary_only_writes_just_the_summary_with_links_to_each_finding(folder, tmp_path, capsys):
    before = {p.name: sha256(p) for p in folder.iterdir()}
    out = tmp_path / "汇总"
    assert main(["check", str(folder), "-o", str(out), "--summary-only", "-j", "1"]) == 1
    stdout = capsys.readouterr().out
    assert "已校验 4 个工作簿" in stdout and "标注副本" not in stdout
    assert [p.name for p in out.iterdir()] == ["校验汇总.xlsx"]  # no annotated copy
    assert {p.name: sha256(p) for p in folder.iterdir()} == before

    book = openpyxl.load_workbook(out / "校验汇总.xlsx")
    summary, detail = book["汇总"], book["明细"]
    files = {row[0].value: row for row in summary.iter_rows(min_row=2)}
    assert list(files) == [DEMO, MUTATED, CORRUPT, NO_TABLES] and not any(row[5].value for row in files.values())
    for name, row in files.items():  # each file name opens the file itself
        assert (out / row[0].hyperlink.target).resolve() == (folder / name).resolve()
    assert "不是有效的 Excel 工作簿" in files[CORRUPT][6].value and files[DEMO][6].value == CLEAN_NOTE
    rows = list(detail.iter_rows(min_row=2))
    assert len(rows) == sum(files[name][c].value for name in files for c in (1, 2, 3)) > 4
    for row in rows:  # each finding opens the source (no copy was written) at its cell
        name, sheet, cell, link = row[0].value, row[3].value, row[4].value, row[0].hyperlink
        assert (out / link.target).resolve() == (folder / name).resolve()
        assert link.location == (f"'{sheet}'!{cell}" if cell else None)
    assert (EXPENDITURE, "F6", "DG001") in {(r[3].value, r[4].value, r[2].value) for r in rows if r[0].value == MUTATED}
    for sheet in (summary, detail):  # prints one page wide, the header row on every page
        assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.print_title_rows == "$1:$1"


def test_summary_only_is_for_folders(sources, tmp_path, capsys):
    assert main(["check", str(sources / DEMO), "-o", str(tmp_path / "x.xlsx"), "--summary-only"]) == 2
    assert "--summary-only 只用于校验文件夹" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_the_links_of_a_full_audit_open_the_annotated_copy(folder, tmp_path, capsys):
    out = tmp_path / "结果"
    assert main(["check", str(folder), "-o", str(out), "-j", "1"]) == 1
    capsys.readouterr()
    book = openpyxl.load_workbook(out / "校验汇总.xlsx")
    mutated = next(row for row in book["汇总"].iter_rows(min_row=2) if row[0].value == MUTATED)
    assert (out / mutated[5].hyperlink.target).resolve() == (out / "b_示例部门_改动_校验.xlsx").resolve()
    targets = {row[0].value: row[0].hyperlink.target for row in book["明细"].iter_rows(min_row=2)}
    assert (out / targets[MUTATED]).resolve() == (out / "b_示例部门_改动_校验.xlsx").resolve()
    assert (out / targets[DEMO]).resolve() == (folder / DEMO).resolve()  # clean: no copy, the source


def test_a_folder_of_clean_workbooks_exits_0_and_of_unreadable_ones_exits_2(sources, tmp_path, capsys):
    clean, broken = tmp_path / "clean", tmp_path / "broken"
    clean.mkdir(), broken.mkdir()
    shutil.copy(sources / DEMO, clean / DEMO)
    shutil.copy(sources / CORRUPT, broken / CORRUPT)
    assert main(["check", str(clean), "-o", str(tmp_path / "o1")]) == 0
    assert main(["check", str(broken), "-o", str(tmp_path / "o2")]) == 2
    capsys.readouterr()


# parallel --------------------------------------------------------------------------------
class RecordingPool(ProcessPoolExecutor):
    """The real pool, remembering how many worker processes it ran."""

    runs: list[dict] = []

    def __init__(self, max_workers=None, *args, **kwargs):
        super().__init__(max_workers, *args, **kwargs)
        self.record = {"max_workers": max_workers, "pids": set()}
        RecordingPool.runs.append(self.record)

    def submit(self, fn, /, *args, **kwargs):
        future = super().submit(fn, *args, **kwargs)
        self.record["pids"] |= set(self._processes or {})
        return future

    def shutdown(self, *args, **kwargs):
        self.record["pids"] |= set(self._processes or {})
        super().shutdown(*args, **kwargs)


def test_check_folder_runs_in_several_processes_with_the_same_results_as_one(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(folder_module, "ProcessPoolExecutor", RecordingPool)
    RecordingPool.runs.clear()
    parallel = check_folder(folder, tmp_path / "并行", workers=2, progress=None)
    serial = check_folder(folder, tmp_path / "单进程", workers=1, progress=None)

    (two, one) = RecordingPool.runs
    assert two["max_workers"] == 2 and len(two["pids"]) == 2 and os.getpid() not in two["pids"]
    assert one["max_workers"] == 1 and len(one["pids"]) == 1
    assert comparable(parallel) == comparable(serial)
    assert [Path(r.source).name for r in parallel] == [DEMO, MUTATED, CORRUPT, NO_TABLES]
    assert sum(r.counts[0] for r in parallel) > 0
    for name in ("b_示例部门_改动_校验.xlsx", "d_无公开表_校验.xlsx"):
        assert (tmp_path / "并行" / name).exists() and (tmp_path / "单进程" / name).exists()


_check_one = folder_module.check_one


def _die_on_mutated(source: str, output: str) -> FileResult:
    """A worker that is killed while auditing one file (as by the out-of-memory killer)."""
    if Path(source).name == MUTATED:
        os._exit(1)
    return _check_one(source, output)


@pytest.mark.skipif(os.name != "posix", reason="the patched worker reaches the child by fork")
def test_a_worker_that_dies_is_reported_and_the_audit_goes_on(sources, tmp_path, monkeypatch):
    folder = tmp_path / "两个"
    folder.mkdir()
    for name in (DEMO, MUTATED):
        shutil.copy(sources / name, folder / name)
    monkeypatch.setattr(folder_module, "check_one", _die_on_mutated)
    results = {Path(r.source).name: r for r in check_folder(folder, tmp_path / "结果", workers=1, progress=None)}
    assert "校验进程意外退出" in results[MUTATED].error and "重试" in results[MUTATED].error
    assert not results[MUTATED].output
    # the file that shared the dead worker is checked again in a process of its own: never lost
    assert results[DEMO].counts == (0, 0, 1) and not results[DEMO].error and results[DEMO].status == "已校验"


def test_only_the_file_that_kills_its_worker_is_lost_among_many(sources, tmp_path, monkeypatch):
    folder = tmp_path / "多个"
    folder.mkdir()
    shutil.copy(sources / MUTATED, folder / MUTATED)
    for i in range(6):
        shutil.copy(sources / NO_TABLES, folder / f"e{i}_其他.xlsx")
    monkeypatch.setattr(folder_module, "check_one", _die_on_mutated)
    results = check_folder(folder, tmp_path / "结果", workers=2, progress=None)
    assert [Path(r.source).name for r in results if r.error] == [MUTATED]
    assert sum(1 for r in results if r.status == "已校验") == 6


class _PoolBrokenWhileQueueing:
    """A process pool whose worker dies after the first file is queued (the race of a real pool):
    later submits raise BrokenProcessPool, as concurrent.futures does; later pools work."""

    instances = 0

    def __init__(self, max_workers):
        type(self).instances += 1
        self.broken = type(self).instances == 1
        self.queued = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, fn, *args):
        future: Future = Future()
        if self.broken:
            self.queued += 1
            if self.queued > 1:
                raise BrokenProcessPool("a child process terminated abruptly")
            future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        else:
            future.set_result(fn(*args))
        return future


def test_a_worker_dying_while_files_are_queued_loses_no_file(sources, tmp_path, monkeypatch):
    folder = tmp_path / "排队"
    folder.mkdir()
    for i in range(3):
        shutil.copy(sources / NO_TABLES, folder / f"e{i}_其他.xlsx")
    monkeypatch.setattr(folder_module, "ProcessPoolExecutor", _PoolBrokenWhileQueueing)
    results = check_folder(folder, tmp_path / "结果", workers=2, progress=None)
    assert [r.status for r in results] == ["已校验"] * 3
    assert not [r for r in results if r.error]


def test_every_file_of_the_folder_has_a_status_in_the_summary(sources, tmp_path, capsys):
    folder = tmp_path / "局"
    folder.mkdir()
    shutil.copy(sources / NO_TABLES, folder / NO_TABLES)
    shutil.copy(sources / CORRUPT, folder / CORRUPT)
    shutil.copy(sources / NO_TABLES, folder / "d_无公开表_校验.xlsx")  # an output of an earlier run
    (folder / "~$d_无公开表.xlsx").write_bytes(b"lock")
    (folder / "旧版.xls").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    (folder / "说明.docx").write_bytes(b"PK")
    shutil.copy(sources / NO_TABLES, folder / "校验汇总.xlsx")  # the summary of an earlier run
    out = tmp_path / "结果"
    assert main(["check", str(folder), "-o", str(out)]) == 1  # the unreadable file is a failure
    assert "另有 5 个文件未校验" in capsys.readouterr().out
    rows = {row[0]: (row[7], row[6]) for row in rows_of(out / "校验汇总.xlsx", "汇总")[1:]}
    assert rows[NO_TABLES][0] == "已校验"
    assert rows[CORRUPT][0] == "无法读取" and "不是有效的 Excel 工作簿" in rows[CORRUPT][1]
    assert rows["d_无公开表_校验.xlsx"] == ("已跳过", "yusuan 的校验输出文件")
    assert rows["~$d_无公开表.xlsx"] == ("已跳过", "Excel 打开文件时生成的临时锁定文件")
    assert rows["旧版.xls"][0] == "已跳过" and ".xls" in rows["旧版.xls"][1]
    assert rows["说明.docx"][0] == "已跳过"
    assert rows["校验汇总.xlsx"] == ("已跳过", "yusuan 的校验汇总（上一次批量校验的结果）")
    assert len(rows) == 7


# where the copies go ---------------------------------------------------------------------
def test_same_names_in_subfolders_get_separate_copies_and_summary_rows(sources, tmp_path):
    folder = tmp_path / "局"
    for unit in ("一科", "二科"):
        (folder / unit).mkdir(parents=True)
        shutil.copy(sources / NO_TABLES, folder / unit / "报表.xlsx")
    out = tmp_path / "结果"
    results = check_folder(folder, out, workers=1, progress=None)
    assert sorted(Path(r.output).relative_to(out).as_posix() for r in results) == ["一科/报表_校验.xlsx", "二科/报表_校验.xlsx"]
    assert annotated_path(folder / "一科" / "报表.xlsx", out, folder) == out / "一科" / "报表_校验.xlsx"
    write_folder_summary(results, out / "校验汇总.xlsx")
    assert [row[0] for row in rows_of(out / "校验汇总.xlsx", "汇总")[1:]] == ["一科/报表.xlsx", "二科/报表.xlsx"]


def test_an_output_folder_inside_the_input_folder_is_not_audited_on_the_next_run(sources, tmp_path, capsys):
    folder = tmp_path / "局"
    folder.mkdir()
    for name in (CORRUPT, NO_TABLES):
        shutil.copy(sources / name, folder / name)
    out = folder / "校验结果"
    assert main(["check", str(folder), "-o", str(out)]) == 1
    assert (out / "校验汇总.xlsx").exists() and (out / "d_无公开表_校验.xlsx").exists()
    assert [p.name for p in workbooks_in(folder, out)] == [CORRUPT, NO_TABLES]
    assert main(["check", str(folder), "-o", str(out)]) == 1
    assert "已校验 2 个工作簿" in capsys.readouterr().out
