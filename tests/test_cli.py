"""The command line as a user meets it: exit codes (README, 命令), one Chinese line per user error,
no traceback, the input file never touched, text starting with '=' never a formula."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from functools import cache
from pathlib import Path

import openpyxl
import pytest

import yusuan
from yusuan import profiles
from yusuan.checks.catalog import all_rules
from yusuan.cli import HIDDEN_INPUTS_LINE, _report, main
from yusuan.commands import SAMPLE, input_workbook_from_csv, sample_folder
from yusuan.inputs.template import input_sheet_names, write_template
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

CJK = re.compile(r"[\u4e00-\u9fff]")
BOMB_MB = 600
LINES = "支出明细"


# helpers ---------------------------------------------------------------------------------
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_chinese_line(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert CJK.search(lines[0]), err
    assert "Traceback" not in err
    assert "内部错误" not in err, err  # a user error, not the catch-all for bugs


def table_sheets() -> list[str]:
    return [spec.sheet_name() for spec in profiles.load().tables]


@cache
def template_sheets() -> tuple[str, ...]:
    """The sheets a template is written with (a whole template written once: ~1 s)."""
    book = OpenpyxlWorkbook.new()
    write_template(book)
    return tuple(book.sheet_names())


def sample_copy(folder: Path, edit=None) -> Path:
    """The embedded sample's CSV files in ``folder``; ``edit(sheet, rows)`` may change rows."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sample_folder().glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        if edit is not None:
            edit(path.stem, rows)
        with (folder / path.name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def input_file(folder: Path, name: str) -> Path:
    path = folder.parent / name
    input_workbook_from_csv(folder).save(path)
    return path


def formula_cells(book: openpyxl.Workbook) -> set[tuple[str, str]]:
    return {(ws.title, c.coordinate) for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"}


# hostile files ---------------------------------------------------------------------------
def _deflated_zeros(megabytes: int) -> tuple[bytes, int]:
    """Raw deflate data of ``megabytes`` MiB of zeros, and their CRC, without compressing them all:
    after a full flush the compressor forgets its history, so every MiB compresses the same."""
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return piece * megabytes + final, crc


def _write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """A zip from already deflated members (name, data, crc, uncompressed size)."""
    body, directory = bytearray(), bytearray()
    for name, data, crc, size in members:
        encoded, offset = name.encode(), len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        body += encoded + data
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                                 len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0)
    path.write_bytes(bytes(body + directory + end))


def zip_bomb(template: Path, path: Path) -> Path:
    """The template with its first sheet replaced by BOMB_MB MiB of zeros (under 1 MB on disk)."""
    members = []
    with zipfile.ZipFile(template) as source:
        for name in source.namelist():
            if name == "xl/worksheets/sheet1.xml":
                data, crc = _deflated_zeros(BOMB_MB)
                members.append((name, data, crc, BOMB_MB << 20))
                continue
            raw = source.read(name)
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            members.append((name, compressor.compress(raw) + compressor.flush(), zlib.crc32(raw), len(raw)))
    _write_zip(path, members)
    return path


def with_part(template: Path, path: Path, part: str, data: bytes | None) -> Path:
    """A copy of ``template`` whose ``part`` is replaced by ``data`` (None: left out)."""
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name != part:
                target.writestr(name, source.read(name))
        if data is not None:
            target.writestr(part, data)
    return path


def flipped_bytes(template: Path, path: Path) -> Path:
    """Damaged deflate data inside an intact zip directory."""
    data = bytearray(template.read_bytes())
    with zipfile.ZipFile(template) as archive:
        info = archive.getinfo("xl/worksheets/sheet4.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    for i in range(start, start + 40):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


# fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "模板.xlsx"
    assert main(["template", "-o", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def clean_input(tmp_path_factory) -> Path:
    """The sample department, with a project name and a unit name that look like formulas."""

    def edit(sheet, rows):
        if sheet == LINES:
            header = rows[0]
            for row in rows[1:]:
                if row[header.index("项目编码")] == "888001-02":
                    row[header.index("项目名称")] = "=1+1"
        if sheet == "单位信息":
            for row in rows[1:]:
                if row[0] == "888003":
                    row[1] = "=SUM(A1:A2)"

    folder = sample_copy(tmp_path_factory.mktemp("clean") / "csv", edit)
    return input_file(folder, "输入.xlsx")


@pytest.fixture(scope="module")
def clean_build(clean_input, tmp_path_factory):
    """One `yusuan build` of (a copy of) the clean input without -o, shared by the tests that
    look at its result."""
    source = tmp_path_factory.mktemp("clean_build") / "部门.xlsx"
    shutil.copy(clean_input, source)
    before = sha256(source)
    code = main(["build", str(source)])
    return {"code": code, "before": before, "after": sha256(source), "target": source.with_name("部门_预算公开.xlsx")}


@pytest.fixture(scope="module")
def bomb(template, tmp_path_factory) -> Path:
    return zip_bomb(template, tmp_path_factory.mktemp("bomb") / "炸弹.xlsx")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "输出"
    return main(["demo", "-o", str(folder)]), folder


# template, demo, rules -------------------------------------------------------------------
def test_template_has_the_template_sheets(template):
    assert tuple(openpyxl.load_workbook(template, read_only=True).sheetnames) == template_sheets()


def test_demo_writes_input_and_all_tables(demo):
    code, folder = demo
    assert code == 0
    source, target = folder / f"{SAMPLE}_输入.xlsx", folder / f"{SAMPLE}_预算公开.xlsx"
    # names and visibility only: read-only loads (0.05 s instead of ~1 s)
    given = openpyxl.load_workbook(source, read_only=True)
    assert tuple(given.sheetnames) == template_sheets()
    built = openpyxl.load_workbook(target, read_only=True)
    assert len(table_sheets()) == 14
    assert [n for n in built.sheetnames if n in table_sheets()] == table_sheets()
    # the output file prints only the disclosure: its input sheets are hidden (the input file's are not)
    assert all(built[name].sheet_state == "hidden" for name in input_sheet_names())
    assert all(ws.sheet_state == "visible" for ws in given.worksheets if ws.title in input_sheet_names())


def test_build_says_which_input_sheets_it_hid(demo_outcome, capsys):
    _report(dataclasses.replace(demo_outcome, hidden_inputs=["基本信息", "支出明细"]), Path("公开.xlsx"))
    assert HIDDEN_INPUTS_LINE.format(sheets="基本信息、支出明细") in capsys.readouterr().out.splitlines()
    _report(demo_outcome, Path("公开.xlsx"))  # a live book (the add-in) hides nothing, says nothing
    assert "隐藏" not in capsys.readouterr().out


def test_rules_lists_every_rule(capsys):
    code, out, err = run(capsys, "rules")
    assert code == 0 and err == ""
    listed = [line.split("\t")[0] for line in out.splitlines()]
    assert listed == [rule.code for rule in all_rules()]


# build: exit codes -----------------------------------------------------------------------
def test_clean_input_exits_0_and_writes_next_to_the_input(clean_build):
    assert clean_build["code"] == 0
    assert set(table_sheets()) <= set(openpyxl.load_workbook(clean_build["target"], read_only=True).sheetnames)


def test_input_file_is_byte_identical_after_build(clean_build):
    assert clean_build["after"] == clean_build["before"]


def test_error_findings_exit_1_and_tables_are_still_written(tmp_path, capsys):
    def edit(sheet, rows):
        if sheet == LINES:
            bad = list(rows[1])
            bad[0] = "999999"  # a unit that is not on 单位信息: IN005, 错误
            rows.append(bad)

    source = input_file(sample_copy(tmp_path / "csv", edit), "有错误.xlsx")
    target = tmp_path / "公开.xlsx"
    code, out, _ = run(capsys, "build", source, "-o", target)
    assert code == 1
    assert re.search(r"^错误 IN005 支出明细!A\d+ ", out, re.M), out
    assert set(table_sheets()) <= set(openpyxl.load_workbook(target, read_only=True).sheetnames)


# build: unusable input -------------------------------------------------------------------
def _missing(tmp, template):
    return tmp / "没有这个文件.xlsx"


def _folder(tmp, template):
    (tmp / "文件夹.xlsx").mkdir()
    return tmp / "文件夹.xlsx"


def _text(tmp, template):
    (tmp / "说明.txt").write_text("不是工作簿", encoding="utf-8")
    return tmp / "说明.txt"


def _xls(tmp, template):
    (tmp / "旧版.xls").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))  # OLE2 header
    return tmp / "旧版.xls"


def _random(tmp, template):
    (tmp / "随机.xlsx").write_bytes(os.urandom(4096))
    return tmp / "随机.xlsx"


def _junk_zip(tmp, template):
    with zipfile.ZipFile(tmp / "垃圾.xlsx", "w") as archive:
        archive.writestr("junk.bin", os.urandom(1024))
    return tmp / "垃圾.xlsx"


def _truncated(tmp, template):
    data = template.read_bytes()
    (tmp / "截断.xlsx").write_bytes(data[: len(data) // 2])
    return tmp / "截断.xlsx"


def _bad_workbook_xml(tmp, template):
    return with_part(template, tmp / "坏目录.xlsx", "xl/workbook.xml", b"garbage<<")


def _bad_sheet_xml(tmp, template):
    return with_part(template, tmp / "坏表.xlsx", "xl/worksheets/sheet2.xml", b"<worksheet><sheetData></x>")


def _bad_content_types(tmp, template):
    return with_part(template, tmp / "坏类型.xlsx", "[Content_Types].xml", os.urandom(256))


def _no_relationships(tmp, template):
    return with_part(template, tmp / "缺关系.xlsx", "xl/_rels/workbook.xml.rels", None)


def _flipped(tmp, template):
    return flipped_bytes(template, tmp / "坏数据.xlsx")


UNUSABLE = [_missing, _folder, _text, _xls, _random, _junk_zip, _truncated, _bad_workbook_xml, _bad_sheet_xml,
            _bad_content_types, _no_relationships, _flipped]


@pytest.mark.parametrize("make", UNUSABLE, ids=[f.__name__.strip("_") for f in UNUSABLE])
def test_unusable_file_is_one_chinese_line_and_exit_2(make, template, tmp_path, capsys):
    source = make(tmp_path, template)
    target = tmp_path / "out" / "公开.xlsx"
    code, _, err = run(capsys, "build", source, "-o", target)
    assert code == 2
    assert_one_chinese_line(err)
    assert not target.exists()


def test_zip_bomb_is_refused_by_the_size_guard(bomb, tmp_path, capsys):
    assert bomb.stat().st_size < 1_000_000
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == BOMB_MB << 20
        with archive.open("xl/worksheets/sheet1.xml") as member:  # real zeros, not a lying header
            assert member.read(8 << 20) == bytes(8 << 20)
    code, _, err = run(capsys, "build", bomb, "-o", tmp_path / "公开.xlsx")
    assert code == 2
    assert_one_chinese_line(err)
    assert "拒绝" in err  # stopped before openpyxl inflates anything
    assert not (tmp_path / "公开.xlsx").exists()


def test_workbook_without_lines_sheet_names_the_cause(clean_input, tmp_path, capsys):
    book = openpyxl.load_workbook(clean_input)
    del book[LINES]
    source = tmp_path / "缺表.xlsx"
    book.save(source)
    code, _, err = run(capsys, "build", source, "-o", tmp_path / "公开.xlsx")
    assert code == 2
    assert_one_chinese_line(err)
    assert LINES in err
    assert not (tmp_path / "公开.xlsx").exists()


# build: the output path ------------------------------------------------------------------
def test_output_equal_to_input_is_refused(clean_input, tmp_path, capsys):
    source = tmp_path / "输入.xlsx"
    shutil.copy(clean_input, source)
    before = sha256(source)
    (tmp_path / "sub").mkdir()
    for spelling in (source, tmp_path / "sub" / ".." / "输入.xlsx"):
        code, _, err = run(capsys, "build", source, "-o", spelling)
        assert code == 2
        assert_one_chinese_line(err)
    assert sha256(source) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "{input}", "-o", "{tmp}"],  # a folder
        ["build", "{input}", "-o", "{tmp}/公开.csv"],
        ["build", "{input}", "-o", "{tmp}/公开.xlsm"],  # an .xlsx saved under .xlsm: Excel refuses it
        ["build", "{input}", "-o", "{input}/公开.xlsx"],  # the output's folder is a file
        ["template", "-o", "{tmp}"],
        ["demo", "-o", "{input}"],  # a file, not a folder
        ["build"],  # argparse: missing argument
        ["nonsense"],
    ],
    ids=["build-to-folder", "build-to-csv", "build-to-xlsm", "build-under-a-file", "template-to-folder", "demo-to-file", "no-input",
         "unknown-command"],
)
def test_bad_output_or_command_line_is_one_chinese_line(argv, clean_input, tmp_path, capsys):
    source = tmp_path / "输入.xlsx"
    shutil.copy(clean_input, source)
    before = sha256(source)
    code, _, err = run(capsys, *(a.format(input=source, tmp=tmp_path) for a in argv))
    assert code == 2
    assert_one_chinese_line(err)
    assert sha256(source) == before


def test_output_through_a_symlink_to_another_file_is_refused(clean_input, tmp_path, capsys):
    precious = tmp_path / "别的文件.txt"
    precious.write_text("不能被覆盖", encoding="utf-8")
    link = tmp_path / "公开.xlsx"
    link.symlink_to(precious)
    code, _, err = run(capsys, "check", clean_input, "-o", link)
    assert code == 2
    assert_one_chinese_line(err)
    assert "符号链接" in err and precious.read_text(encoding="utf-8") == "不能被覆盖"


# text that looks like a formula ----------------------------------------------------------
def test_text_starting_with_equals_stays_text(clean_input, clean_build):
    given = openpyxl.load_workbook(clean_input)
    made = openpyxl.load_workbook(clean_build["target"])
    assert formula_cells(given) == set()  # the input holds text only ...
    assert formula_cells(made) == set()  # ... so the output has no formula anywhere
    looks_like_formula = [
        (ws.title, c.coordinate, c.data_type)
        for ws in made for row in ws.iter_rows() for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert all(kind == "s" for _, _, kind in looks_like_formula)
    places = {(sheet, cell) for sheet, cell, _ in looks_like_formula}
    copied = {(sheet, cell) for sheet, cell in places if sheet in table_sheets()}
    filled = {(sheet, cell) for sheet, cell in places if sheet in given.sheetnames and given[sheet][cell].value is None}
    assert copied, "the names should reach the tables"
    assert {sheet for sheet, _ in filled} >= {LINES, "项目绩效"}, "names filled from codes"


# a real process --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv, env, expected",
    [
        (["build", "{bad}"], {}, 2),
        (["rules"], {"PYTHONIOENCODING": "ascii"}, 0),  # a console without Chinese
    ],
    ids=["corrupt-workbook", "ascii-console"],
)
def test_no_traceback_reaches_the_user(argv, env, expected, template, tmp_path):
    bad = with_part(template, tmp_path / "坏表.xlsx", "xl/worksheets/sheet2.xml", b"<worksheet><x></y>")
    src = str(Path(yusuan.__file__).resolve().parents[1])
    environment = {**os.environ, "PYTHONPATH": src, **env}
    environment.pop("YUSUAN_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "yusuan.cli", *(a.format(bad=bad) for a in argv)],
        check=False, capture_output=True, cwd=tmp_path, env=environment, timeout=120,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == expected, stderr
    assert "Traceback" not in stderr
    if expected == 2:
        assert_one_chinese_line(stderr)
    else:
        assert stderr == "" and done.stdout.count(b"\n") == len(all_rules())


# user-caused problems are findings on the cell, never 内部错误 (issue 14) ----------------------
def _amount(value):
    def change(book):
        book.book[LINES]["P2"] = value
    return change, "IN040" if not isinstance(value, str) else "IN014"


def _merged_names(book):
    book.book[LINES].merge_cells("B2:B6")


HOSTILE_EDITS = {
    "1e308": _amount(1e308),
    "1e999999999": _amount("1e999999999"),
    "merged-name-column": (_merged_names, "IN041"),
}


@pytest.mark.parametrize("name", list(HOSTILE_EDITS))
def test_hostile_values_are_findings_on_their_cell(name, clean_input, tmp_path, capsys):
    change, code = HOSTILE_EDITS[name]
    book = OpenpyxlWorkbook.open(clean_input)
    assert book.read_values(LINES)[0][15] == "金额"  # column P
    change(book)
    source = tmp_path / "输入.xlsx"
    book.save(source)
    code_out, out, err = run(capsys, "build", source, "-o", tmp_path / "公开.xlsx")
    assert code_out == 1, err
    assert "内部错误" not in err and "Traceback" not in err
    assert re.search(rf"^错误 {code} {LINES}![BP]2 ", out, re.M), out
