"""Opening files that are not workbooks yusuan reads: each is named as what it is."""

from __future__ import annotations

import time
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

import yusuan.ports.openpyxl_port as port_module
from yusuan.errors import UserError
from yusuan.ports import CellRange, Style
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


def _ole(path, *streams: str):
    path.write_bytes(OLE2 + bytes(504) + b"".join(s.encode("utf-16-le") for s in streams) + bytes(512))
    return path


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda tmp: _ole(tmp / "旧版.xls", "Workbook"), "旧版 Excel 97-2003"),
        (lambda tmp: _ole(tmp / "改名.xlsx", "Workbook"), "旧版 Excel 97-2003"),
        (lambda tmp: _ole(tmp / "加密.xlsx", "EncryptionInfo", "EncryptedPackage"), "设置了打开密码"),
        (lambda tmp: _ole(tmp / "加密.xls", "EncryptedPackage"), "设置了打开密码"),
    ],
    ids=["xls", "xls-renamed", "encrypted-xlsx", "encrypted-as-xls"],
)
def test_old_and_encrypted_files_are_named(make, expected, tmp_path):
    with pytest.raises(UserError, match=expected):
        OpenpyxlWorkbook.open(make(tmp_path))


def test_binary_workbooks_are_named_by_suffix_and_by_content(tmp_path):
    for name in ("二进制.xlsb", "改名.xlsx"):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
        with pytest.raises(UserError, match=r"\.xlsb 格式"):
            OpenpyxlWorkbook.open(tmp_path / name)


def test_an_unreadable_file_says_permission_not_corruption(tmp_path, monkeypatch):
    path = tmp_path / "无权限.xlsx"
    path.write_bytes(b"PK")

    def refused(*args, **kwargs):  # what a file without read permission gives (tests may run as root)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(port_module, "open", refused, raising=False)
    with pytest.raises(UserError, match="没有读取.*权限"):
        OpenpyxlWorkbook.open(path)


def test_a_stray_value_far_below_is_refused_at_once_naming_the_cell(tmp_path):
    book = OpenpyxlWorkbook.new()
    book.add_sheet("基本信息")
    book.write_values("基本信息", 1, 1, [["项目", "内容"], ["部门名称", "测试局"]])
    book.book["基本信息"]["A1048576"] = "x"
    book.save(tmp_path / "远处.xlsx")
    opened = OpenpyxlWorkbook.open(tmp_path / "远处.xlsx")
    started = time.monotonic()
    with pytest.raises(UserError, match=r"1,048,576 行 × 2 列，最远的内容在 A1048576"):
        opened.read_values("基本信息")
    assert time.monotonic() - started < 2  # the grid is never built


def test_values_are_read_from_the_cells_that_hold_them_not_the_formatted_range(tmp_path):
    book = OpenpyxlWorkbook.new()
    book.add_sheet("表")
    book.write_values("表", 2, 2, [[1, None, "a"], [None, 2.5, None]])
    for row in range(1, 5000):  # formatting alone, far down: no values
        book.book["表"].cell(row, 30).number_format = "0.00"
    assert book.read_values("表") == [[None, None, None, None], [None, 1, None, "a"], [None, None, 2.5, None]]


def test_a_sheet_too_large_to_be_a_budget_is_refused_before_loading(tmp_path, monkeypatch):
    book = OpenpyxlWorkbook.new()
    book.add_sheet("表")
    book.write_values("表", 1, 1, [[f"第{r}行", r] for r in range(1, 2000)])
    book.save(tmp_path / "大.xlsx")
    monkeypatch.setattr(port_module, "MAX_SHEET_XML_BYTES", 10_000)
    monkeypatch.setattr(port_module.openpyxl, "load_workbook", lambda *a, **k: pytest.fail("loaded"))
    with pytest.raises(UserError, match=r"工作表数据过大（sheet1.xml 解压后 .* MB，上限 0 MB）"):
        OpenpyxlWorkbook.open(tmp_path / "大.xlsx")


def _styled_sheet() -> OpenpyxlWorkbook:
    book = OpenpyxlWorkbook.new()
    book.add_sheet("表")
    book.write_values("表", 1, 1, [["标题", None, None], ["甲", 1.5, None]])
    book.merge("表", [CellRange(1, 1, 1, 3)])
    book.apply_style("表", CellRange(2, 1, 2, 1), Style(bold=True, fill="D9E1F2"))
    return book


def test_a_style_is_computed_once_per_starting_style_new_and_merged_cells_too(monkeypatch):
    """New cells (no style array yet) and merged-away cells share one computed style; each cell
    ends as styling it alone would leave it."""
    style = Style(font_size=12, font_name="宋体", h_align="center", border=True, number_format="#,##0.00", wrap=True)
    alone = _styled_sheet()
    for row in range(1, 301):
        for col in range(1, 5):
            alone._style_cell(alone.book["表"].cell(row, col), style)
    cached = _styled_sheet()
    calls = []
    real = OpenpyxlWorkbook._style_cell
    monkeypatch.setattr(OpenpyxlWorkbook, "_style_cell", staticmethod(lambda cell, s: (calls.append(cell), real(cell, s))))
    cached.apply_style("表", CellRange(1, 1, 300, 4), style)
    assert len(calls) == 2  # the plain cells (1,196 of them, merged-away ones included) and the bold one
    for row in range(1, 301):
        for col in range(1, 5):
            a, b = alone.book["表"].cell(row, col), cached.book["表"].cell(row, col)
            # compared as text: openpyxl's style proxies do not compare equal to each other
            assert repr((a.font, a.alignment, a.border, a.number_format, a.fill)) == \
                repr((b.font, b.alignment, b.border, b.number_format, b.fill)), (row, col)


def test_a_sheet_whose_values_run_past_the_row_limit_is_refused_before_loading(tmp_path, monkeypatch):
    """Issue 14: a narrow sheet of 600,000 rows fits the XML limit but took 26 s and 434 MB to
    load before its refusal; its last row is now found by streaming the XML (limits scaled
    down here), and a formatted-only tail or a sheet within the limit is let through."""
    book = OpenpyxlWorkbook.new()
    book.add_sheet("窄表")
    book.write_values("窄表", 1, 1, [[r, "甲"] for r in range(1, 2001)])
    for row in range(2001, 2200):  # formatting alone below the values
        book.book["窄表"].cell(row, 1).number_format = "0.00"
    book.add_sheet("小表")
    book.write_values("小表", 1, 1, [["项目", "内容"]])
    book.save(tmp_path / "窄.xlsx")
    monkeypatch.setattr(port_module, "SCAN_SHEET_BYTES", 1000)
    monkeypatch.setattr(port_module, "MAX_SHEET_ROWS", 2000)
    assert OpenpyxlWorkbook.open(tmp_path / "窄.xlsx").read_values("窄表")[-1] == [2000, "甲"]
    monkeypatch.setattr(port_module, "MAX_SHEET_ROWS", 1999)
    monkeypatch.setattr(port_module.openpyxl, "load_workbook", lambda *a, **k: pytest.fail("loaded"))
    with pytest.raises(UserError, match=r"工作表“窄表”的数据区域过大（2,000 行，最远的内容在 B2000；上限 1,999 行）"):
        OpenpyxlWorkbook.open(tmp_path / "窄.xlsx")


def test_values_are_stored_as_openpyxl_stores_them_text_always_as_text():
    """write_values fills openpyxl's cell store directly: each value is stored with the type
    ``cell.value = v`` gives it, except that text is text even when it looks like a formula or
    an error code; cells covered by a merge keep no value; a value already there is replaced."""
    values = ["行政运行", "=SUM(A1:A2)", "#N/A", 3, 2.5, 2**40, True, Decimal("1.25"), date(2025, 1, 1), None, 0]
    book = OpenpyxlWorkbook.new()
    book.add_sheet("表")
    book.write_values("表", 1, 1, [["旧"] * len(values)])
    book.write_values("表", 1, 1, [values])
    book.merge("表", [CellRange(3, 1, 3, 2)])
    book.write_values("表", 3, 1, [["左", "被盖住"]])
    expected = openpyxl.Workbook().active
    for col, value in enumerate(values, start=1):
        cell, reference = book.book["表"].cell(1, col), expected.cell(1, col)
        reference.value = value
        kind = "s" if isinstance(value, str) else reference.data_type
        assert (cell.value, cell.data_type, cell.number_format) == (reference.value, kind, reference.number_format), value
    assert book.read_values("表")[2] == ["左"] + [None] * (len(values) - 1)
