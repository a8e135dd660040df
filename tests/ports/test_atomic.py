"""Atomic output: an existing file survives a writer that fails or a process killed mid-save;
symlinks are written through only when they name a file of the same name."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from yusuan.errors import UserError
from yusuan.ports import openpyxl_port
from yusuan.ports.atomic import TEMP_PREFIX, resolve_output, write_atomically
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook


def _workbook(path: Path, text: str) -> bytes:
    book = OpenpyxlWorkbook.new()
    book.add_sheet("表")
    book.write_values("表", 1, 1, [[text]])
    book.save(path)
    return path.read_bytes()


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_a_save_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "输出.xlsx"
    _workbook(target, "旧")
    _workbook(target, "新")
    assert openpyxl.load_workbook(target)["表"]["A1"].value == "新"
    assert _leftovers(tmp_path) == []


def test_a_writer_that_fails_half_way_leaves_the_old_output_untouched(tmp_path):
    target = tmp_path / "输出.xlsx"
    old = _workbook(target, "旧")

    def half_then_fail(temp: Path) -> None:
        temp.write_bytes(b"PK\x03\x04 half a zip")
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError):
        write_atomically(target, half_then_fail)
    assert target.read_bytes() == old
    assert _leftovers(tmp_path) == []


def test_an_exception_inside_openpyxl_save_keeps_the_old_workbook(tmp_path, monkeypatch):
    target = tmp_path / "输出.xlsx"
    old = _workbook(target, "旧")
    book = OpenpyxlWorkbook.new()
    book.add_sheet("表")

    def broken_save(workbook, filename):
        Path(filename).write_bytes(b"PK truncated")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl_port, "save_workbook", broken_save)  # what the port saves with
    with pytest.raises(UserError, match="磁盘空间不足"):
        book.save(target)
    assert target.read_bytes() == old


_KILLED_CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from yusuan.ports import openpyxl_port
    from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

    real_save = openpyxl_port.save_workbook

    def slow_save(workbook, filename):
        real_save(workbook, filename)                  # the full file, under the temporary name
        data = Path(filename).read_bytes()
        Path(filename).write_bytes(data[: len(data) // 2])   # ... and now half of it
        print("mid-save", flush=True)
        time.sleep(60)

    openpyxl_port.save_workbook = slow_save
    book = OpenpyxlWorkbook.new()
    book.add_sheet("表")
    book.write_values("表", 1, 1, [["新"]] * 2000)
    book.save(Path(sys.argv[1]))
""")


def test_a_process_killed_mid_save_leaves_the_old_output_untouched(tmp_path):
    target = tmp_path / "输出.xlsx"
    old = _workbook(target, "旧")
    child = subprocess.Popen([sys.executable, "-c", _KILLED_CHILD, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "mid-save"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert target.read_bytes() == old
    assert openpyxl.load_workbook(target)["表"]["A1"].value == "旧"


def test_a_symlink_to_another_name_is_refused_and_its_target_kept(tmp_path):
    precious = tmp_path / "重要.txt"
    precious.write_text("不要覆盖")
    link = tmp_path / "输出.xlsx"
    link.symlink_to(precious)
    with pytest.raises(UserError, match="符号链接"):
        _workbook(link, "新")
    assert precious.read_text() == "不要覆盖" and link.is_symlink()


def test_a_symlink_to_a_file_of_the_same_name_is_written_through(tmp_path):
    real_dir = tmp_path / "真实"
    real_dir.mkdir()
    real = real_dir / "输出.xlsx"
    _workbook(real, "旧")
    link = tmp_path / "输出.xlsx"
    link.symlink_to(real)
    _workbook(link, "新")
    assert link.is_symlink() and openpyxl.load_workbook(real)["表"]["A1"].value == "新"


def test_paths_that_cannot_be_written_are_one_chinese_line(tmp_path):
    blocker = tmp_path / "文件"
    blocker.write_text("x")
    with pytest.raises(UserError, match="是文件，不是文件夹"):
        resolve_output(blocker / "输出.xlsx")
    with pytest.raises(UserError, match="是文件夹"):
        resolve_output(tmp_path)


def test_a_read_only_folder_says_so(tmp_path, monkeypatch):
    def refused(*args, **kwargs):  # what a read-only folder gives (the test may run as root)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("yusuan.ports.atomic.tempfile.mkstemp", refused)
    with pytest.raises(UserError, match="文件夹 .* 没有写入权限（只读）") as raised:
        _workbook(tmp_path / "输出.xlsx", "新")
    assert "Excel" not in raised.value.message  # a read-only folder is not an open file


def test_a_target_open_elsewhere_is_not_called_a_read_only_folder(tmp_path, monkeypatch):
    def locked(*args, **kwargs):  # what Windows gives when Excel holds the target open
        raise PermissionError(13, "Permission denied")

    target = tmp_path / "输出.xlsx"
    _workbook(target, "旧")
    monkeypatch.setattr("yusuan.ports.atomic.os.replace", locked)
    with pytest.raises(UserError, match="可能正在 Excel / Word 中打开"):
        _workbook(target, "新")
    assert openpyxl.load_workbook(target)["表"]["A1"].value == "旧"
    assert [p.name for p in tmp_path.iterdir()] == ["输出.xlsx"]  # no temporary file left


def test_an_existing_outputs_permissions_are_kept(tmp_path):
    target = tmp_path / "输出.xlsx"
    _workbook(target, "旧")
    target.chmod(0o640)
    _workbook(target, "新")
    assert target.stat().st_mode & 0o777 == 0o640
