"""The ribbon's entry points, run end to end with a workbook file standing in for the live book
(the openpyxl port) and a recording UI: the same results as the command line, the user's
Excel settings always given back, every failure one message and never a traceback."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from builds import FOREIGN, demo_input_bytes, foreign_checked_bytes, foreign_cleared_bytes
from yusuan import excel
from yusuan.audit.last_year import import_last_year
from yusuan.errors import UserError
from yusuan.excel import (
    ENTRY_POINTS,
    FILE_DIALOG_BUTTONS,
    RUN_SETTINGS,
    RecordingUI,
    build_tables_button,
    check_button,
    clear_button,
    export_button,
    import_last_year_button,
    narrative_button,
)
from yusuan.findings.marks import SUMMARY_SHEET, read_marks
from yusuan.inputs.template import LAST_YEAR_SHEET, input_sheet_names
from yusuan.narrative import NARRATIVE_SHEET
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

SEVERITY_COUNTS = re.compile(r"共 \d+ 条：错误 \d+ 条，警告 \d+ 条，提示 \d+ 条|未发现问题")


# helpers ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_input(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "输入.xlsx"
    path.write_bytes(demo_input_bytes())
    return path


@pytest.fixture(scope="module")
def unbuilt(demo_input) -> OpenpyxlWorkbook:
    """The demo input opened once, for the tests whose buttons refuse or fail before they write
    (each load is half a second): that they leave it as it was is checked when the module ends."""
    port = OpenpyxlWorkbook.open(demo_input)
    before = {name: port.read_values(name) for name in port.sheet_names()}
    yield port
    assert {name: port.read_values(name) for name in port.sheet_names()} == before


@pytest.fixture(scope="module")
def cli_built(demo_cli_built) -> Path:
    return demo_cli_built  # `yusuan build` of the demo input, the session's (tests/conftest.py)


def workbook_state(path: Path) -> dict:
    """Everything a user sees of a workbook: sheets in order, values, merged cells, notes."""
    book = OpenpyxlWorkbook.open(path)
    return {
        name: (book.read_values(name), sorted((r.top, r.left, r.bottom, r.right) for r in book.merged_ranges(name)),
               book.read_notes(name))
        for name in book.sheet_names()
    } | {"__order__": book.sheet_names()}


def assert_settings_back(ui: RecordingUI) -> None:
    assert ui.settings == RecordingUI().settings
    assert ui.history[-1][0] == "screen_updating"  # the screen comes back last


def only_message(ui: RecordingUI) -> tuple[str, str, bool]:
    assert len(ui.messages) == 1, ui.messages
    return ui.messages[0]


class Failing:
    """A port whose reads fail as a live book can (a COM error, a damaged sheet …)."""

    def __init__(self, port, error: Exception):
        self._port, self._error = port, error

    def __getattr__(self, name):
        return getattr(self._port, name)

    def read_values(self, sheet):
        raise self._error

    def read_notes(self, sheet):
        raise self._error


# the list the ribbon is generated from --------------------------------------------------------
def test_entry_points_resolve_to_functions():
    names = [name for name, *_ in ENTRY_POINTS]
    labels = [label for _, label, *_ in ENTRY_POINTS]
    assert len(set(names)) == len(names) and len(set(labels)) == len(labels)
    assert {"生成报表", "校验", "清除标记", "生成说明", "导出文档", "导入上年"} == set(labels)
    for name, label, group, icon in ENTRY_POINTS:
        function = getattr(excel, name)
        assert callable(function) and label in (function.__doc__ or "")
        parameters = inspect.signature(function).parameters
        assert {"port", "ui"} <= set(parameters) and parameters["port"].default is None
        assert group and re.fullmatch(r"[A-Za-z]+", icon)
    assert set(names) >= FILE_DIALOG_BUTTONS
    assert list(inspect.signature(import_last_year_button).parameters)[0] == "path"


# 生成报表 -------------------------------------------------------------------------------------------
def test_build_button_gives_the_same_workbook_as_the_command_line(demo_input, cli_built, tmp_path):
    ui = RecordingUI()
    port = OpenpyxlWorkbook.open(demo_input)
    outcome = build_tables_button(port=port, ui=ui)
    assert outcome is not None and outcome.usable
    assert all(state == "visible" for state in (port.book[n].sheet_state for n in input_sheet_names()))
    # the one difference: the command line saves a file of its own, whose input sheets it hides
    # (sheet states are not part of workbook_state; the live book keeps its inputs in view)
    target = tmp_path / "按钮.xlsx"
    port.save(target)
    assert workbook_state(target) == workbook_state(cli_built)
    title, text, error = only_message(ui)
    assert title == "生成报表" and not error and SEVERITY_COUNTS.search(text) and f"{len(outcome.built.tables)} 张表" in text
    assert_settings_back(ui)
    assert [(k, v) for k, v in ui.history[:len(RUN_SETTINGS) + 1] if k != "status_bar"] == list(RUN_SETTINGS.items())
    assert any("正在写入" in s for s in ui.statuses)


def test_build_button_on_unusable_input_says_why(tmp_path):
    ui = RecordingUI()
    port = OpenpyxlWorkbook.new()
    port.add_sheet("随便")
    assert build_tables_button(port=port, ui=ui) is None
    title, text, error = only_message(ui)
    assert error and "无法生成报表" in text and "基本信息" in text
    assert_settings_back(ui)


# 校验 and 清除标记 ------------------------------------------------------------------------------------
def test_check_and_clear_buttons_match_the_command_line(tmp_path):
    cli_checked, cli_cleared = tmp_path / "cli_校验.xlsx", tmp_path / "cli_清除.xlsx"
    cli_checked.write_bytes(foreign_checked_bytes())  # `yusuan check` of FOREIGN, then `clear` (tests/builds.py)
    cli_cleared.write_bytes(foreign_cleared_bytes())

    ui = RecordingUI()
    port = OpenpyxlWorkbook.open(FOREIGN)
    outcome = check_button(port=port, ui=ui)
    assert outcome is not None and outcome.findings
    port.save(tmp_path / "按钮_校验.xlsx")
    assert workbook_state(tmp_path / "按钮_校验.xlsx") == workbook_state(cli_checked)
    title, text, error = only_message(ui)
    assert title == "校验" and not error and SEVERITY_COUNTS.search(text)
    assert f"{len(outcome.parsed.tables)} 张表" in text
    assert_settings_back(ui)

    ui = RecordingUI()
    cleared = clear_button(port=port, ui=ui)
    assert cleared and SUMMARY_SHEET not in port.sheet_names()
    port.save(tmp_path / "按钮_清除.xlsx")
    assert workbook_state(tmp_path / "按钮_清除.xlsx") == workbook_state(cli_cleared)
    assert f"{cleared} 个单元格" in only_message(ui)[1]
    assert_settings_back(ui)


# 生成说明 -------------------------------------------------------------------------------------------
def test_narrative_button_recomposes_the_sheet(cli_built, tmp_path):
    port = OpenpyxlWorkbook.open(cli_built)
    expected = port.read_values(NARRATIVE_SHEET)
    order = port.sheet_names()
    port.remove_sheet(NARRATIVE_SHEET)  # the user deleted it …
    ui = RecordingUI()
    narrative = narrative_button(port=port, ui=ui)
    assert narrative is not None
    assert port.read_values(NARRATIVE_SHEET) == expected
    assert port.sheet_names() == order  # … and it is back where 生成报表 puts it
    port.save(tmp_path / "说明.xlsx")
    assert workbook_state(tmp_path / "说明.xlsx") == workbook_state(cli_built)  # flags as after 生成报表
    title, text, error = only_message(ui)
    assert not error and f"{len(narrative.paragraphs)} 段" in text and SEVERITY_COUNTS.search(text)
    assert_settings_back(ui)


def test_narrative_button_on_a_book_never_built(unbuilt):
    ui = RecordingUI()
    port = unbuilt
    assert narrative_button(port=port, ui=ui) is None
    title, text, error = only_message(ui)
    assert error and "生成报表" in text and "还没有公开表格" in text
    assert NARRATIVE_SHEET not in port.sheet_names()
    assert_settings_back(ui)


def test_narrative_button_text_is_checked_against_edited_tables(cli_built):
    """A table edited after 生成报表: the recomposed text (from the input lines) no longer
    matches it, and the checks say so in place."""
    port = OpenpyxlWorkbook.open(cli_built)
    sheet = next(n for n in port.sheet_names() if n.endswith("部门收支预算表"))
    rows = port.read_values(sheet)
    r, c = next((r, c) for r, row in enumerate(rows) for c, v in enumerate(row)
                if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0)
    port.write_values(sheet, r + 1, c + 1, [[rows[r][c] + 1000]])
    ui = RecordingUI()
    assert narrative_button(port=port, ui=ui) is not None
    assert any(m.sheet == sheet for m in read_marks(port))
    assert "错误 0 条" not in only_message(ui)[1]


# 导出文档 -------------------------------------------------------------------------------------------
def test_export_button_writes_next_to_the_workbook(cli_built, tmp_path, monkeypatch):
    monkeypatch.setattr("yusuan.document.pdf.soffice", lambda: None)  # no LibreOffice: .docx only
    book = tmp_path / "本部门.xlsx"
    book.write_bytes(cli_built.read_bytes())
    ui = RecordingUI()
    result = export_button(port=OpenpyxlWorkbook.open(book), ui=ui)
    assert result is not None and result.docx == tmp_path / "本部门.docx" and result.docx.stat().st_size > 0
    title, text, error = only_message(ui)
    assert not error and str(result.docx) in text
    assert_settings_back(ui)


def test_export_button_on_an_unsaved_or_unbuilt_book(unbuilt):
    ui = RecordingUI()
    saved = unbuilt  # refused before anything is read or written: one load serves both
    unsaved = OpenpyxlWorkbook(saved.book)  # no file behind it
    assert export_button(port=unsaved, ui=ui) is None
    assert ui.messages[-1][2] and "请先保存工作簿" in ui.messages[-1][1]
    assert export_button(port=saved, ui=ui) is None
    assert ui.messages[-1][2] and "生成报表" in ui.messages[-1][1]
    assert_settings_back(ui)


# 导入上年 -------------------------------------------------------------------------------------------
def blank_last_year(path: Path) -> OpenpyxlWorkbook:
    """The input workbook with no 上年数 typed: every figure is to be imported."""
    port = OpenpyxlWorkbook.open(path)
    rows = port.read_values(LAST_YEAR_SHEET)
    amount = rows[0].index("金额")
    port.write_values(LAST_YEAR_SHEET, 2, amount + 1, [[None] for _ in rows[1:]])
    return port


def test_import_button_fills_last_year_like_the_library(demo_input, cli_built):
    ui = RecordingUI()
    port, reference = blank_last_year(demo_input), blank_last_year(demo_input)
    findings = import_last_year_button(str(cli_built), port=port, ui=ui)
    assert findings is not None
    assert findings == import_last_year(reference, cli_built)
    assert port.read_values(LAST_YEAR_SHEET) == reference.read_values(LAST_YEAR_SHEET)
    imported = sum(1 for f in findings if f.code == "TX301")
    title, text, error = only_message(ui)
    assert imported and f"导入上年数 {imported} 项" in text and not error
    assert "年度" in text  # this year's workbook chosen by mistake: the year warning is listed
    assert_settings_back(ui)


def test_import_button_without_a_file(demo_input, unbuilt, tmp_path):
    ui = RecordingUI()
    port = unbuilt  # each refusal comes before the book is touched: one load serves all three
    assert import_last_year_button("", port=port, ui=ui) is None
    assert ui.messages[-1] == ("导入上年", "没有选择上年的工作簿。", True)
    assert import_last_year_button(str(tmp_path / "无.xlsx"), port=port, ui=ui) is None
    assert "找不到上年工作簿" in ui.messages[-1][1]
    assert import_last_year_button(str(demo_input), port=port, ui=ui) is None
    assert "本工作簿" in ui.messages[-1][1]
    assert_settings_back(ui)


# failures: settings back, one message ---------------------------------------------------------------
def test_settings_come_back_after_an_internal_error(unbuilt, monkeypatch):
    monkeypatch.delenv("YUSUAN_DEBUG", raising=False)
    ui = RecordingUI(settings={"screen_updating": True, "calculation": "semiautomatic", "enable_events": False,
                               "display_alerts": True, "status_bar": "用户自己的状态栏"})
    before = dict(ui.settings)
    port = Failing(unbuilt, KeyError("内部\n细节"))
    for button in (build_tables_button, check_button, clear_button, narrative_button, export_button):
        ui.messages.clear()
        assert button(port=port, ui=ui) is None
        assert ui.settings == before
        title, text, error = only_message(ui)
        assert error and text.startswith("内部错误：KeyError") and "YUSUAN_DEBUG" in text
        assert "\n" not in text and "Traceback" not in text


def test_a_user_error_is_shown_as_it_is(unbuilt):
    ui = RecordingUI()
    port = Failing(unbuilt, UserError("工作表“支出明细”的数据区域过大。"))
    assert build_tables_button(port=port, ui=ui) is None
    assert only_message(ui) == ("生成报表", "工作表“支出明细”的数据区域过大。", True)
    assert_settings_back(ui)


def test_debug_mode_raises_after_giving_the_settings_back(unbuilt, monkeypatch):
    monkeypatch.setenv("YUSUAN_DEBUG", "1")
    ui = RecordingUI()
    with pytest.raises(KeyError):
        build_tables_button(port=Failing(unbuilt, KeyError("x")), ui=ui)
    assert_settings_back(ui)
    assert not ui.messages


def test_a_setting_excel_refuses_is_skipped(unbuilt):
    ui = RecordingUI(fail_on={"enable_events"})
    assert clear_button(port=unbuilt, ui=ui) == 0
    assert ui.settings == RecordingUI().settings  # enable_events never changed; the rest came back
    title, text, error = only_message(ui)
    assert not error and "未能恢复" not in text


def test_a_setting_excel_will_not_give_back_is_reported(unbuilt):
    class Stubborn(RecordingUI):
        def set_setting(self, name, value):
            if name == "calculation" and value != "manual":
                raise RuntimeError("refused")
            super().set_setting(name, value)

    ui = Stubborn()
    assert clear_button(port=unbuilt, ui=ui) == 0
    assert ui.settings["screen_updating"] is True and ui.settings["enable_events"] is True
    assert ui.settings["status_bar"] is False
    title, text, error = only_message(ui)
    assert "未能恢复 Excel 设置：calculation" in text

