"""Every output sheet of the demo disclosure prints: print area, fit to width, page numbers in
the footer (read back with openpyxl), the input sheets hidden so that printing the whole
workbook prints the disclosure, and, where LibreOffice is installed, every text cell appears
whole in the PDF (nothing cut at a page edge or under a short row), no input sheet is printed
and a table marked one page tall prints on one page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from builds import open_copy
from yusuan.build import hide_input_sheets
from yusuan.document.pdf import convert_to_pdf, soffice
from yusuan.findings.marks import SUMMARY_SHEET
from yusuan.findings.rule import Finding, Severity
from yusuan.inputs.template import input_sheet_names
from yusuan.ports.base import LINE_HEIGHT, PAGE_NUMBER_FOOTER
from yusuan.tables.printing import ONE_PAGE_SCALE, fitted_widths, pages_tall


@pytest.fixture(scope="module")
def demo(demo_outcome, demo_bytes, tmp_path_factory) -> Path:
    """The demo disclosure as ``yusuan build`` / ``demo`` save it (input sheets hidden)."""
    port = open_copy(demo_bytes)
    hide_input_sheets(port, demo_outcome.findings)
    target = tmp_path_factory.mktemp("print") / "预算公开.xlsx"
    port.save(target)
    return target


@pytest.fixture(scope="module")
def book(demo) -> openpyxl.Workbook:
    """The saved demo read back, once for the tests that only read it (~1 s a load)."""
    return openpyxl.load_workbook(demo)


def output_sheets(book: openpyxl.Workbook) -> list:
    inputs = set(input_sheet_names())
    return [ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.title not in inputs]


def test_input_sheets_are_hidden_without_print_areas(book):
    inputs = input_sheet_names()
    assert set(inputs) <= set(book.sheetnames)
    for name in inputs:
        ws = book[name]
        assert ws.sheet_state == "hidden" and not ws.print_area and not ws.sheet_view.tabSelected, name
    assert book.active.title == SUMMARY_SHEET and book.active.sheet_state == "visible"
    assert output_sheets(book) == [ws for ws in book.worksheets if ws.sheet_state == "visible"]


def test_an_input_sheet_with_a_finding_stays_visible(demo_bytes, tmp_path):
    port = open_copy(demo_bytes)
    finding = Finding("IN014", Severity.ERROR, "支出明细", "P3", "金额不是数字")
    hidden = hide_input_sheets(port, [finding])
    assert "支出明细" not in hidden and "基本信息" in hidden
    port.save(tmp_path / "flagged.xlsx")
    book = openpyxl.load_workbook(tmp_path / "flagged.xlsx", read_only=True)  # the sheet states only
    assert book["支出明细"].sheet_state == "visible" and book["基本信息"].sheet_state == "hidden"


def test_labels_widen_their_column_a_little_and_long_text_still_wraps():
    rows = [["（三十四）抗疫特别国债安排的支出", 1], ["短", 2], ["很长" * 30, 3]]
    assert fitted_widths(rows[:2], {1: 32.0, 2: 12.0}, [1]) == {1: 35.0, 2: 12.0}
    assert fitted_widths(rows, {1: 32.0, 2: 12.0}, [1]) == {1: 32.0, 2: 12.0}  # too long: wraps
    assert fitted_widths(rows[1:2], {1: 32.0}, [1]) == {1: 32.0}  # never narrower


def test_a_table_a_little_over_one_page_is_fitted_onto_one_page():
    widths = {c: 12.0 for c in range(1, 9)}
    one_page = 595 - 144  # A4 landscape less the top and bottom margins, in points
    assert pages_tall(widths, {}, 20, landscape=True) == 1
    assert pages_tall(widths, {}, int(one_page / LINE_HEIGHT) + 8, landscape=True) == 1
    assert pages_tall(widths, {}, int(one_page / ONE_PAGE_SCALE / LINE_HEIGHT) + 2, landscape=True) == 0


def test_every_output_sheet_has_print_area_fit_to_width_and_page_numbers(book):
    sheets = output_sheets(book)
    assert len(sheets) >= 18  # 校验结果, 情况说明, 14 tables, 图表, 名词解释
    for ws in sheets:
        assert ws.print_area, ws.title
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight in (0, 1), ws.title  # as many pages as needed, or one
        assert ws.oddFooter.center.text == PAGE_NUMBER_FOOTER, ws.title


def test_table_sheets_repeat_their_header_rows_and_use_the_docx_font(book):
    table = book["部门收支预算表"] if "部门收支预算表" in book.sheetnames else output_sheets(book)[2]
    assert table.print_title_rows
    assert {c.font.name for row in table.iter_rows() for c in row if c.value is not None} == {"宋体"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


needs_soffice = pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice or pdftotext not installed")


@pytest.fixture(scope="module")
def printed_pages(demo, tmp_path_factory) -> list[str]:
    """The demo workbook printed whole by LibreOffice: each page's text, white space removed."""
    pdf = convert_to_pdf(demo, tmp_path_factory.mktemp("pdf") / "demo.pdf")
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [_squash(page) for page in text.split("\f") if page.strip()]


@needs_soffice
def test_libreoffice_prints_every_text_cell_whole_and_no_input_sheet(book, printed_pages):
    printed = "".join(printed_pages)
    missing = []
    for ws in output_sheets(book):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() and _squash(cell.value) not in printed:
                    missing.append(f"{ws.title}!{cell.coordinate}: {cell.value[:30]}")
    assert missing == []
    assert printed_pages[0].startswith(f"第1页共{len(printed_pages)}页")
    for name in input_sheet_names():  # an input sheet's first cell (its title or first header) is not printed
        first = _squash(str(book[name]["A1"].value))
        assert not any(page.startswith(f"第{n}页共{len(printed_pages)}页{first}") for n, page in enumerate(printed_pages, 1)), name


@needs_soffice
def test_libreoffice_prints_each_table_of_one_page_on_one_page(book, printed_pages):
    tables = [ws for ws in output_sheets(book) if ws.page_setup.fitToHeight == 1 and ws.print_title_rows]
    assert "财政拨款收支预算表" in {ws.title for ws in tables}
    for ws in tables:
        title = _squash(str(ws["A1"].value))
        last = next(_squash(str(c.value)) for row in reversed(list(ws.iter_rows())) for c in row
                    if isinstance(c.value, str) and c.value.strip())
        assert any(title in page and last in page for page in printed_pages), ws.title
