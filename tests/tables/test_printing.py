"""Every output sheet of the demo disclosure prints: print area, fit to width, page numbers in
the footer (read back with openpyxl), and, where LibreOffice is installed, every text cell
appears whole in the PDF (nothing cut at a page edge or under a short row)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from yusuan.document.pdf import convert_to_pdf, soffice
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import GUIDE_SHEET
from yusuan.ports.base import PAGE_NUMBER_FOOTER


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_outcome, demo_bytes) -> Path:
    """The demo as built (the session's one build, tests/builds.py), saved."""
    assert demo_outcome.usable
    target = tmp_path_factory.mktemp("print") / "示例_预算公开.xlsx"
    target.write_bytes(demo_bytes)
    return target


def output_sheets(book: openpyxl.Workbook) -> list:
    spec = load_spec()
    inputs = {spec.settings_sheet, GUIDE_SHEET, *(s.name for s in spec.sheets)}
    return [ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.title not in inputs]


def test_every_output_sheet_has_print_area_fit_to_width_and_page_numbers(demo):
    sheets = output_sheets(openpyxl.load_workbook(demo))
    assert len(sheets) >= 18  # 校验结果, 情况说明, 14 tables, 图表, 名词解释
    for ws in sheets:
        assert ws.print_area, ws.title
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title  # as many pages down as needed
        assert ws.oddFooter.center.text == PAGE_NUMBER_FOOTER, ws.title


def test_table_sheets_repeat_their_header_rows_and_use_the_docx_font(demo):
    book = openpyxl.load_workbook(demo)
    table = book["部门收支预算表"] if "部门收支预算表" in book.sheetnames else output_sheets(book)[2]
    assert table.print_title_rows
    assert {c.font.name for row in table.iter_rows() for c in row if c.value is not None} == {"宋体"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice or pdftotext not installed")
def test_libreoffice_prints_every_text_cell_whole(demo, tmp_path):
    pdf = convert_to_pdf(demo, tmp_path / "demo.pdf")
    pages = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = _squash(pages)
    book = openpyxl.load_workbook(demo)
    missing = []
    for ws in output_sheets(book):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip() and _squash(cell.value) not in printed:
                    missing.append(f"{ws.title}!{cell.coordinate}: {cell.value[:30]}")
    assert missing == []
    assert "第1页共" in printed.replace(" ", "")
