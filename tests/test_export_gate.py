"""Export gate (issue 8, part 7): a workbook with 错误 findings is not exported.

The demo workbook is built once and saved; three copies are exported: as built (no finding),
with a 警告 (a table title without its year, TX009) and with 错误 (部门收支预算表!B6, 其中：
财政拨款, raised by 10: the table no longer adds up and disagrees with the other tables; how
many 错误 that makes is the checks' business, the gate reports their count).  ``yusuan export``
and the 导出文档 button (through the openpyxl port) must refuse the last one — exit 1, one
Chinese line with the count and where to look, no document — and export the other two;
``--force`` exports it anyway and says so.
"""

from __future__ import annotations

import hashlib
import io
from functools import cache
from pathlib import Path

import pytest

from yusuan.audit.runner import table_findings
from yusuan.cli import main
from yusuan.document.export import export_document
from yusuan.excel import RecordingUI, export_button
from yusuan.export_gate import ExportRefused, export_checked
from yusuan.findings.marks import SUMMARY_SHEET
from yusuan.findings.rule import Severity
from yusuan.ports.base import a1
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

SUMMARY = "部门收支预算表"


@pytest.fixture(scope="module")
def built(tmp_path_factory, demo_outcome, demo_bytes) -> Path:
    """The demo as built (the session's one build, tests/builds.py), saved."""
    assert demo_outcome.usable
    path = tmp_path_factory.mktemp("gate") / "预算公开.xlsx"
    path.write_bytes(demo_bytes)
    return path


def variant(built: Path, folder: Path, kind: str) -> Path:
    """A copy of the built workbook of the test's own: 'clean', 'warning' (TX009) or 'error'
    (TB003 + XT003)."""
    path = folder / f"{kind}.xlsx"
    path.write_bytes(_variant_bytes(built, kind))
    return path


@cache
def _variant_bytes(built: Path, kind: str) -> bytes:
    """Each variant made once (opening and saving the workbook is most of a test's time)."""
    book = OpenpyxlWorkbook.open(built)
    if kind == "warning":
        book.write_values(SUMMARY, 1, 1, [["部门收支预算表"]])  # the title without 2025年
    elif kind == "error":
        printed = book.read_values(SUMMARY)[5][1]
        book.write_values(SUMMARY, 6, 2, [[printed + 10]])
    buffer = io.BytesIO()
    book.book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def errors(built, tmp_path_factory) -> list[tuple[str, str]]:
    """(sheet, cell) of every 错误 of the 'error' copy, as 校验 reports them."""
    path = variant(built, tmp_path_factory.mktemp("errors"), "error")
    found = [(f.sheet, f.cell) for f in table_findings(OpenpyxlWorkbook.open(path)).findings
             if f.severity is Severity.ERROR]
    assert found
    return found


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch):
    monkeypatch.setattr("yusuan.document.pdf.soffice", lambda: None)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# yusuan export --------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["clean", "warning"])
def test_export_without_errors_writes_the_document(built, tmp_path, capsys, kind):
    source = variant(built, tmp_path, kind)
    code, out, err = run(capsys, "export", str(source))
    assert code == 0, err
    assert source.with_suffix(".docx").stat().st_size > 0
    assert "已导出文档" in out and err == ""


def test_export_with_errors_is_refused_in_one_chinese_line(built, errors, tmp_path, capsys):
    source = variant(built, tmp_path, "error")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    code, out, err = run(capsys, "export", str(source))
    assert code == 1
    assert out == "" and len(err.strip().splitlines()) == 1
    line = err.strip()
    assert line.startswith(f"错误：工作簿有 {len(errors)} 条“错误”，未导出文档")
    assert f"yusuan check {source}" in line and SUMMARY_SHEET in line and "--force" in line
    assert "Traceback" not in err
    assert not source.with_suffix(".docx").exists()
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the workbook is not touched


def test_force_exports_anyway_and_says_so(built, errors, tmp_path, capsys):
    source = variant(built, tmp_path, "error")
    target = tmp_path / "强制.docx"
    code, out, err = run(capsys, "export", str(source), "-o", str(target), "--force")
    assert code == 1  # exit code 1 (README, 命令: 退出码): the workbook still has 错误; the document is written all the same
    assert target.stat().st_size > 0 and f"已导出文档 → {target}" in out
    assert err.strip() == f"注意：工作簿有 {len(errors)} 条“错误”，已按要求强制导出，文档中的数字可能有误。"


def test_gated_export_for_every_caller(built, errors, tmp_path):
    """export_checked (the CLI's and the button's way out) is gated; export_document, the
    document writer itself, is not (a document can always be made on purpose)."""
    port = OpenpyxlWorkbook.open(variant(built, tmp_path, "error"))
    with pytest.raises(ExportRefused) as refused:
        export_checked(port, tmp_path / "x.docx", pdf=False)
    assert refused.value.exit_code == 1 and f"{len(errors)} 条“错误”" in refused.value.message
    assert not (tmp_path / "x.docx").exists()
    assert not [text for text in _notes(port).values() if "错误" in text]  # not marked unless asked
    result = export_checked(port, tmp_path / "x.docx", pdf=False, force=True)
    assert result.gate.errors == len(errors) and result.gate.forced and result.docx.stat().st_size > 0
    assert export_document(port, tmp_path / "y.docx", pdf=False).docx.stat().st_size > 0


# 导出文档 button -------------------------------------------------------------------------------------
def test_button_refuses_marks_and_lists_the_errors(built, errors, tmp_path):
    path = variant(built, tmp_path, "error")
    port = OpenpyxlWorkbook.open(path)
    ui = RecordingUI()
    assert export_button(port=port, ui=ui) is None
    (title, text, error), = ui.messages
    assert error and title == "导出文档"
    assert text.startswith(f"工作簿有 {len(errors)} 条“错误”，未导出文档") and SUMMARY_SHEET in text and "\n" not in text
    assert not path.with_suffix(".docx").exists()
    listed = [tuple(row[4:6]) for row in port.read_values(SUMMARY_SHEET)[4:] if row and row[1] == "错误"]
    assert sorted(listed) == sorted(errors)
    notes = _notes(port)
    assert all("错误" in notes.get((sheet, cell), "") for sheet, cell in errors)  # flagged in place
    assert ui.settings == RecordingUI().settings


def test_button_exports_a_workbook_with_warnings_only(built, tmp_path):
    path = variant(built, tmp_path, "warning")
    ui = RecordingUI()
    result = export_button(port=OpenpyxlWorkbook.open(path), ui=ui)
    assert result is not None and result.docx == path.with_suffix(".docx") and result.docx.stat().st_size > 0
    assert not ui.messages[-1][2]


def _notes(port: OpenpyxlWorkbook) -> dict[tuple[str, str], str]:
    """Every note's text by (sheet, A1)."""
    return {(sheet, a1(r, c)): text for sheet in port.sheet_names() for (r, c), text in port.read_notes(sheet).items()}
