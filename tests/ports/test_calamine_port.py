"""The read-only calamine port reads a workbook file as the openpyxl port does (issue 13): the
same values of the same Python types, the same merged ranges, the same refusals; what calamine
cannot read raises ReaderFailed (the audit then reads with openpyxl)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest

from yusuan.errors import UserError
from yusuan.ports.calamine_port import CalamineWorkbook, ReaderFailed
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

VALUES = [
    1, 100.0, 1234.5, 0.1 + 0.2, 883.5, 1e20, 1e-7, -5, 10**12 + 1, 3.0000000000000004, True, False,
    "abc", " ", "行政\n运行", "=1+1 as text", "１２３．４５", "883. 50",
    datetime(2025, 1, 1), datetime(2025, 1, 1, 12, 30), date(2024, 3, 4), time(12, 30), timedelta(hours=30),
]


def _write(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "表一"
    for row, value in enumerate(VALUES, start=3):
        ws.cell(row, 2, value)
        if isinstance(value, str) and value.startswith("="):
            ws.cell(row, 2).data_type = "s"  # text, not a formula
    for row, error in ((3, "#N/A"), (5, "#DIV/0!"), (40, "#REF!")):  # an error cell beyond the other values too
        ws.cell(row, 4).value = error
        ws.cell(row, 4).data_type = "e"
    ws.cell(2, 6).value = "合计"
    ws.merge_cells("A1:F1")
    ws.merge_cells("C3:C6")
    ws.cell(60, 9).number_format = "0.00"  # formatted, empty: no value, no row
    book.create_sheet("空白")
    book.create_sheet("只有格式")["C7"].number_format = "0.00"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return _write(tmp_path_factory.mktemp("calamine") / "值.xlsx")


def test_values_and_merges_read_as_the_openpyxl_port_reads_them(workbook):
    fast, slow = CalamineWorkbook.open(workbook), OpenpyxlWorkbook.open(workbook)
    assert fast.sheet_names() == slow.sheet_names() == ["表一", "空白", "只有格式"]
    for sheet in fast.sheet_names():
        got, expected = fast.read_values(sheet), slow.read_values(sheet)
        assert got == expected, sheet
        assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in expected], sheet
        key = lambda m: (m.top, m.left)  # noqa: E731 — openpyxl keeps merges in a set: no order
        assert sorted(fast.merged_ranges(sheet), key=key) == sorted(slow.merged_ranges(sheet), key=key), sheet
    values = fast.read_values("表一")
    assert len(values) == 40 and values[39][3] == "#REF!" and values[2][3] == "#N/A"
    assert values[2][1] == 1 and type(values[3][1]) is int and values[20][1] == datetime(2025, 1, 1)


def test_refusals_are_the_openpyxl_ports(tmp_path):
    old = tmp_path / "旧版.xlsx"
    old.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "Workbook".encode("utf-16-le"))
    junk = tmp_path / "坏.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a workbook" * 20)
    for path in (old, junk, tmp_path / "没有.xlsx", tmp_path):
        with pytest.raises(UserError) as slow:
            OpenpyxlWorkbook.open(path)
        with pytest.raises(UserError) as fast:
            CalamineWorkbook.open(path)
        assert fast.value.message == slow.value.message


def test_what_calamine_cannot_read_raises_reader_failed(workbook, tmp_path):
    """A number stored with spaces around it: openpyxl reads 12, calamine gives up."""
    broken = tmp_path / "空格.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="B3" t="n"><v>1</v>', b'<c r="B3" t="n"><v> 12 </v>', 1)
            target.writestr(info, data)
    assert OpenpyxlWorkbook.open(broken).read_values("表一")[2][1] == 12
    with pytest.raises(ReaderFailed):
        CalamineWorkbook.open(broken).read_values("表一")


def test_first_filled_row_is_read_values_first_filled_row_or_none(tmp_path):
    """Read from the sheet's XML without loading the sheet: the same texts as the first filled row
    of read_values (shared, inline, rich and formula text; blank rows above; Excel's prefixed row
    attributes); None for a row calamine would convert (number, date, error) and an empty sheet."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = openpyxl.Workbook()
    plain = book.active
    plain.title = "支出明细"
    plain.append([" ", None])  # blank: the next row is the first filled one
    plain.append(["单位代码", None, "金额（元）", "&<>'\""])
    rich = book.create_sheet("富文本")
    rich["B2"] = CellRichText([TextBlock(InlineFont(b=True), "功能"), "科目"])
    rich["C2"] = "=\"合计\""
    numbers = book.create_sheet("数字")
    numbers.append(["项目", 12])
    dates = book.create_sheet("日期")
    dates.append([datetime(2025, 1, 1)])
    errors = book.create_sheet("错误")
    errors["A1"] = "#N/A"
    errors["A1"].data_type = "e"
    book.create_sheet("空白")
    path = tmp_path / "首行.xlsx"
    book.save(path)
    # an Excel-style attribute in a namespace declared on the root only
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w") as target:
        for info, data in parts.items():
            target.writestr(info, data.replace(b"<row ", b'<row x14ac:dyDescent="0.25" ') if "worksheets/" in info.filename else data)

    reader = CalamineWorkbook.open(path)
    assert reader.first_filled_row("支出明细") == ["单位代码", "金额（元）", "&<>'\""]
    assert reader.first_filled_row("富文本") == ["功能科目"]  # a formula without a saved result is blank
    for sheet in ("数字", "日期", "错误", "空白"):
        assert reader.first_filled_row(sheet) is None, sheet
    assert [v for v in reader.read_values("支出明细")[1] if v is not None] == ["单位代码", "金额（元）", "&<>'\""]



def test_shared_strings_of_a_foreign_workbook_are_parsed_safely(tmp_path):
    """Shared strings that declare an entity are refused (defusedxml), not expanded: the row is
    then left to calamine (first_filled_row gives None on the ValueError)."""
    from defusedxml import DefusedXmlException

    from yusuan.ports._first_row import SharedStrings

    path = tmp_path / "实体.zip"
    declared = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY code "单位代码">]>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", declared + '<sst xmlns="http://schemas.openxmlformats.org/'
                         'spreadsheetml/2006/main"><si><t>&code;</t></si></sst>')
    with zipfile.ZipFile(path) as archive:
        strings = SharedStrings(archive, "xl/sharedStrings.xml")
        with pytest.raises(DefusedXmlException):
            strings[0]
        strings.close()
