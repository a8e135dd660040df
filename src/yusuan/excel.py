"""Entry points of the 预算公开 ribbon: one Python function per button.

The add-in's single VBA callback runs ``yusuan.excel.<function name>()`` for the button's tag;
:data:`ENTRY_POINTS` is the list the ribbon XML is generated from.  Each entry point

* works on the workbook that called it (``xw.Book.caller()``), or on ``port`` when given (the
  tests pass an :class:`~yusuan.ports.openpyxl_port.OpenpyxlWorkbook`);
* runs with screen updating, events and alerts off and calculation manual, and gives the
  user's own settings back afterwards, also when it fails;
* shows its progress in the status bar and ends with a message box: counts by severity on
  success, one Chinese line on failure (a :class:`~yusuan.errors.UserError`'s message as it
  is; anything else one line that points to ``YUSUAN_DEBUG``), never a traceback.

Message boxes and application settings go through :class:`ExcelUI`: :class:`XlwingsUI` in
Excel, :class:`RecordingUI` in tests and headless runs.  xlwings is imported only when an
entry point runs without ``port``, so importing yusuan never needs Excel.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from yusuan.checks.summary import counts_line
from yusuan.errors import UserError
from yusuan.findings.marks import SUMMARY_SHEET
from yusuan.findings.rule import Finding, Severity
from yusuan.ports import WorkbookPort

# (function name, button label, ribbon group, imageMso icon), in ribbon order
ENTRY_POINTS: list[tuple[str, str, str, str]] = [
    ("build_tables_button", "生成报表", "报表", "TableInsert"),
    ("import_last_year_button", "导入上年", "报表", "ImportExcel"),
    ("check_button", "校验", "校验", "DataValidation"),
    ("clear_button", "清除标记", "校验", "ReviewDeleteComment"),
    ("narrative_button", "生成说明", "文档", "TextBoxInsert"),
    ("export_button", "导出文档", "文档", "ExportWord"),
]
# buttons whose VBA side first asks for a workbook file and passes its path as the argument
FILE_DIALOG_BUTTONS = frozenset({"import_last_year_button"})

# Application settings during a run, in the order they are set; each one changed is given back
# afterwards, in the reverse order of SAVED_SETTINGS: the screen updates last.
RUN_SETTINGS: dict[str, Any] = {
    "screen_updating": False,
    "calculation": "manual",
    "enable_events": False,  # the book's own event macros must not fire on every write
    "display_alerts": False,  # no "delete this sheet?" prompts
}
SAVED_SETTINGS = ("screen_updating", "status_bar", "calculation", "enable_events", "display_alerts")
MAX_LISTED = 8  # findings listed one by one in a message box
DEBUG_HINT = "（设置环境变量 YUSUAN_DEBUG=1 可查看详情，请反馈给开发者）"


# the user interface ----------------------------------------------------------------------------
class ExcelUI(Protocol):
    """What an entry point needs from Excel besides the workbook."""

    def get_setting(self, name: str) -> Any:
        """An Application setting: screen_updating, calculation, enable_events, display_alerts,
        status_bar (False: Excel's own text)."""
        ...

    def set_setting(self, name: str, value: Any) -> None: ...

    def message(self, text: str, title: str, error: bool = False) -> None:
        """A message box."""
        ...


class XlwingsUI:
    """:class:`ExcelUI` over an ``xlwings.App``."""

    def __init__(self, app: Any):
        self.app = app

    def get_setting(self, name: str) -> Any:
        return getattr(self.app, name)

    def set_setting(self, name: str, value: Any) -> None:
        setattr(self.app, name, value)

    def message(self, text: str, title: str, error: bool = False) -> None:
        self.app.alert(text, title=title, mode="critical" if error else "info")


@dataclass
class RecordingUI:
    """:class:`ExcelUI` that keeps everything it is asked to do (tests, headless runs).

    ``fail_on``: setting names whose *setting* raises, to exercise the restoring path."""

    settings: dict[str, Any] = field(default_factory=lambda: {
        "screen_updating": True, "calculation": "automatic", "enable_events": True, "display_alerts": True,
        "status_bar": False,
    })
    fail_on: set[str] = field(default_factory=set)
    history: list[tuple[str, Any]] = field(default_factory=list)
    messages: list[tuple[str, str, bool]] = field(default_factory=list)  # (title, text, error)

    def get_setting(self, name: str) -> Any:
        return self.settings[name]

    def set_setting(self, name: str, value: Any) -> None:
        if name in self.fail_on:
            raise RuntimeError(f"cannot set {name}")
        self.history.append((name, value))
        self.settings[name] = value

    def message(self, text: str, title: str, error: bool = False) -> None:
        self.messages.append((title, text, error))

    @property
    def statuses(self) -> list[str]:
        return [v for k, v in self.history if k == "status_bar" and isinstance(v, str)]


@dataclass
class Session:
    """A run's status line; what could not be given back is listed in ``problems``."""

    ui: ExcelUI
    title: str
    problems: list[str] = field(default_factory=list)

    def progress(self, text: str) -> None:
        with suppress(Exception):  # the status line is a courtesy; the run goes on without it
            self.ui.set_setting("status_bar", f"{self.title}：{text}")


@contextmanager
def excel_session(ui: ExcelUI, title: str) -> Iterator[Session]:
    """Screen updating, events and alerts off, calculation manual; the user's settings and
    status bar back afterwards, whatever happens inside.

    A setting Excel refuses to change is left as it is (they only make the run faster and
    quieter); one it refuses to give back is listed in ``Session.problems``."""
    saved: dict[str, Any] = {}
    for name in SAVED_SETTINGS:
        with suppress(Exception):
            saved[name] = ui.get_setting(name)
    session = Session(ui, title)
    changed = {"status_bar"}  # progress writes it
    try:
        for name, value in RUN_SETTINGS.items():
            if name not in saved:
                continue
            try:
                ui.set_setting(name, value)
                changed.add(name)
            except Exception:
                pass
        yield session
    finally:
        for name in reversed(SAVED_SETTINGS):
            if name not in changed or name not in saved:
                continue
            try:
                ui.set_setting(name, saved[name])
            except Exception:  # one setting Excel refuses must not keep the others from coming back
                session.problems.append(name)


# running an entry point ---------------------------------------------------------------------------
@dataclass
class Result:
    """What an action did: the outcome object (for callers and tests) and the closing message."""

    outcome: Any
    text: str


Action = Callable[[WorkbookPort, Session], Result]


def _caller() -> tuple[WorkbookPort, ExcelUI]:
    """The workbook whose button was clicked, and its Excel.

    RunPython passes the active workbook's name (``--wb=ActiveWorkbook.Name``), so
    ``Book.caller()`` is the user's book, never the add-in; the add-in's VBA has already made
    sure there is one and that it is not in Protected View."""
    try:
        import xlwings as xw
    except ImportError:
        raise UserError("未安装 xlwings：请通过 Excel 加载项运行，或使用命令行 yusuan。") from None
    from yusuan.ports.xlwings_port import XlwingsWorkbook

    book = xw.Book.caller()
    return XlwingsWorkbook(book), XlwingsUI(book.app)


def _resolve(port: WorkbookPort | None, ui: ExcelUI | None) -> tuple[WorkbookPort, ExcelUI]:
    if port is None:
        caller, caller_ui = _caller()
        return caller, ui or caller_ui
    if ui is None:
        from yusuan.ports.xlwings_port import XlwingsWorkbook

        ui = XlwingsUI(port.app) if isinstance(port, XlwingsWorkbook) else RecordingUI()
    return port, ui


def _no_book(title: str, exc: Exception) -> None:
    """The calling book could not be found (a OneDrive or SharePoint address, a book closed
    meanwhile …): one Chinese message, in Excel when it answers, else on stderr, which xlwings
    shows in a message box when Python ends with an error."""
    text = exc.message if isinstance(exc, UserError) else (
        f"找不到要处理的工作簿（{type(exc).__name__}: {_one_line(exc)}）。"
        "请先把工作簿保存到本机文件夹（OneDrive、SharePoint 上的工作簿请先同步到本地）后重试。")
    try:
        import xlwings as xw

        app = xw.apps.active
        if app is None:
            raise LookupError("no Excel running")
        app.alert(text, title=title, mode="critical")
    except Exception:  # no Excel to ask: xlwings shows what Python wrote to stderr
        print(f"{title}：{text}", file=sys.stderr)
        raise SystemExit(1) from None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:300] + "…"


def run_entry(title: str, action: Action, port: WorkbookPort | None, ui: ExcelUI | None) -> Any:
    """Run ``action`` on the caller's (or the given) workbook; a message box says how it went.

    Returns the action's outcome, or None when it failed."""
    try:
        port, ui = _resolve(port, ui)
    except Exception as exc:
        if os.environ.get("YUSUAN_DEBUG"):
            raise
        _no_book(title, exc)
        return None
    result: Result | None = None
    failure = ""
    session: Session | None = None
    try:
        with excel_session(ui, title) as session:
            result = action(port, session)
    except UserError as exc:
        failure = exc.message
    except Exception as exc:
        if os.environ.get("YUSUAN_DEBUG"):
            raise  # xlwings shows the traceback; the settings are already back
        failure = f"内部错误：{type(exc).__name__}: {_one_line(exc)}{DEBUG_HINT}"
    notes = list(getattr(port, "warnings", []))
    if session is not None and session.problems:
        notes.append(f"未能恢复 Excel 设置：{'、'.join(session.problems)}，请在 Excel 选项中检查。")
    if result is None:
        ui.message("\n".join([failure, *notes]), title, error=True)
        return None
    ui.message("\n".join([result.text, *notes]), title)
    return result.outcome


def _show_summary(port: WorkbookPort) -> None:
    """Bring 校验结果 to the front in a live book (a file port has no active sheet)."""
    activate = getattr(port, "activate", None)
    if callable(activate) and SUMMARY_SHEET in port.sheet_names():
        activate(SUMMARY_SHEET)


class _Announcing:
    """The port, telling the status bar which sheet is being written (one call per sheet)."""

    def __init__(self, port: WorkbookPort, session: Session):
        self._port, self._session = port, session

    def __getattr__(self, name: str) -> Any:
        return getattr(self._port, name)

    def add_sheet(self, name: str, index: int | None = None) -> None:
        self._session.progress(f"正在写入“{name}”…")
        self._port.add_sheet(name, index)


def _listed(findings: list[Finding]) -> str:
    """The most severe findings, one line each, for a message box."""
    ordered = sorted(findings, key=lambda f: f.sort_key)
    lines = [f"{f.severity.label} {f.sheet}{'!' + f.cell if f.cell else ''}：{f.message}" for f in ordered[:MAX_LISTED]]
    if len(ordered) > MAX_LISTED:
        lines.append(f"……另有 {len(ordered) - MAX_LISTED} 条。")
    return "\n".join(lines)


def _unusable_cause(findings: list[Finding]) -> Finding | None:
    from yusuan.inputs.reader import UNUSABLE

    errors = [f for f in findings if f.severity is Severity.ERROR]
    return next((f for f in errors if UNUSABLE in f.message), errors[0] if errors else None)


def _where(finding: Finding) -> str:
    return f"{finding.sheet}!{finding.cell}" if finding.cell else finding.sheet


# actions --------------------------------------------------------------------------------------------
def _build(port: WorkbookPort, session: Session) -> Result:
    from yusuan.build import build_workbook

    session.progress("正在读取输入表…")
    outcome = build_workbook(_Announcing(port, session))
    _show_summary(port)
    counts = counts_line(outcome.findings)
    if not outcome.usable:
        cause = _unusable_cause(outcome.findings)
        reason = f"{_where(cause)} {cause.message}" if cause else "输入表无法读取"
        raise UserError(f"无法生成报表：{reason}\n{counts}。输入表中的问题已标注，见“{SUMMARY_SHEET}”工作表。")
    tables = outcome.built.tables if outcome.built else ()
    return Result(outcome, f"已生成 {len(tables)} 张表和情况说明。\n{counts}\n"
                           f"问题已用批注标在单元格上，全部列在“{SUMMARY_SHEET}”工作表。")


def _check(port: WorkbookPort, session: Session) -> Result:
    from yusuan.audit.runner import check_workbook

    session.progress("正在识别和校验表格…")
    outcome = check_workbook(port)
    _show_summary(port)
    tables = len(outcome.parsed.tables) if outcome.parsed else 0
    return Result(outcome, f"已校验 {tables} 张表。\n{counts_line(outcome.findings)}\n"
                           f"问题已用批注标在单元格上，全部列在“{SUMMARY_SHEET}”工作表。")


def _clear(port: WorkbookPort, session: Session) -> Result:
    from yusuan.checks.flags import clear_flags

    session.progress("正在清除标记…")
    cleared = clear_flags(port)
    return Result(cleared, f"已清除 {cleared} 个单元格上的 yusuan 批注和底色，以及“{SUMMARY_SHEET}”工作表。"
                           "您自己的批注和格式保持不变。")


def _narrative(port: WorkbookPort, session: Session) -> Result:
    """生成说明: recompose 情况说明 from the tables (rebuilt in memory from the input sheets,
    exactly as 生成报表 printed them) and re-run the checks, so the text is checked against
    the tables as they stand on the sheets."""
    from yusuan import profiles
    from yusuan.build import check_built, flag_in_place, rounding_findings, table_sheet_names
    from yusuan.catalogs import Catalog
    from yusuan.inputs.lookup import last_year_cells
    from yusuan.inputs.reader import read_inputs
    from yusuan.narrative import NARRATIVE_SHEET, compose_narrative, write_narrative
    from yusuan.tables.pipeline import build_tables

    session.progress("正在读取输入表…")
    read = read_inputs(port)
    findings = list(read.findings)
    if read.model is None:
        flag_in_place(port, findings)
        cause = _unusable_cause(findings)
        reason = f"{_where(cause)} {cause.message}" if cause else "输入表无法读取"
        raise UserError(f"无法生成情况说明：{reason}\n问题已标注，见“{SUMMARY_SHEET}”工作表。")
    model = read.model
    profile = profiles.load(model.department.profile)
    names = port.sheet_names()
    tables = [n for n in table_sheet_names(profile) if n in names]
    if not tables:
        raise UserError("工作簿中还没有公开表格，请先点击“生成报表”，再生成说明。")
    session.progress("正在汇总表格数据…")
    catalog = Catalog.for_year(model.department.year)
    built = build_tables(model, catalog, profile)
    findings += rounding_findings(built, profile)
    narrative = compose_narrative(model, built, last_year_cells=last_year_cells(port))
    session.progress(f"正在写入“{NARRATIVE_SHEET}”…")
    write_narrative(port, narrative, None if NARRATIVE_SHEET in names else names.index(tables[0]))
    findings += narrative.findings
    session.progress("正在校验…")
    findings += check_built(port, model, catalog, profile)
    flag_in_place(port, findings)
    _show_summary(port)
    return Result(narrative, f"已重新生成“{NARRATIVE_SHEET}”（{len(narrative.paragraphs)} 段）。\n"
                             f"{counts_line(findings)}\n问题已标注，见“{SUMMARY_SHEET}”工作表。")


def export_target(port: WorkbookPort) -> Path:
    """``<工作簿名>.docx`` next to the workbook's file, as ``yusuan export`` names it."""
    source = getattr(port, "path", None)
    if source is None:
        raise UserError("请先保存工作簿：文档将保存在工作簿所在的文件夹。")
    return Path(source).with_suffix(".docx")


def _export(port: WorkbookPort, session: Session) -> Result:
    from yusuan.export_gate import BUTTON_WHERE, export_checked

    target = export_target(port)
    session.progress("正在校验并生成文档…")
    result = export_checked(port, target, where=BUTTON_WHERE, mark=True)  # 错误: refused and flagged
    text = f"已导出文档：{result.docx}"
    if result.pdf:
        text += f"\n已导出 PDF：{result.pdf}"
    elif result.pdf_problem:
        text += f"\n未生成 PDF：{result.pdf_problem}"
    return Result(result, text)


def local_path(chosen: str, platform: str | None = None) -> Path:
    """A path from Excel's file dialog as a local path: Excel for Mac may answer in the old
    colon form ('Macintosh HD:Users:张三:上年.xlsx'), which Python cannot open."""
    if (platform or sys.platform) != "darwin" or chosen.startswith("/") or ":" not in chosen:
        return Path(chosen)
    volume, *parts = chosen.split(":")
    on_boot_volume = Path("/", *parts)
    return on_boot_volume if on_boot_volume.exists() else Path("/Volumes", volume, *parts)


def _import_last_year(path: str | os.PathLike | None) -> Action:
    def action(port: WorkbookPort, session: Session) -> Result:
        from yusuan.audit.last_year import import_last_year
        from yusuan.inputs import last_year_rules as R

        if not path or not str(path).strip():
            raise UserError("没有选择上年的工作簿。")
        source = local_path(str(path))
        own = getattr(port, "path", None)
        if own is not None and source.exists() and Path(own).exists() and os.path.samefile(source, own):
            raise UserError("不能从本工作簿导入上年数，请选择上年的部门预算公开工作簿。")
        session.progress(f"正在读取“{source.name}”…")
        findings = import_last_year(port, source)
        imported = sum(1 for f in findings if f.code == R.IMPORTED.code)
        others = [f for f in findings if f.code != R.IMPORTED.code]
        text = f"已从“{source.name}”导入上年数 {imported} 项。"
        if others:
            text += "\n" + _listed(others)
        text += "\n请重新点击“生成报表”，情况说明将按新的上年数比较增减。"
        return Result(findings, text)

    return action


# the buttons ---------------------------------------------------------------------------------
def build_tables_button(port: WorkbookPort | None = None, ui: ExcelUI | None = None):
    """生成报表: build every table from the input sheets, check them, flag the findings."""
    return run_entry("生成报表", _build, port, ui)


def check_button(port: WorkbookPort | None = None, ui: ExcelUI | None = None):
    """校验: check the tables of any workbook (also one yusuan did not make) and flag them."""
    return run_entry("校验", _check, port, ui)


def clear_button(port: WorkbookPort | None = None, ui: ExcelUI | None = None):
    """清除标记: remove yusuan's notes, fills and the 校验结果 sheet."""
    return run_entry("清除标记", _clear, port, ui)


def narrative_button(port: WorkbookPort | None = None, ui: ExcelUI | None = None):
    """生成说明: recompose the 情况说明 sheet from the current tables."""
    return run_entry("生成说明", _narrative, port, ui)


def export_button(port: WorkbookPort | None = None, ui: ExcelUI | None = None):
    """导出文档: the disclosure document (.docx, PDF where LibreOffice is) next to the workbook."""
    return run_entry("导出文档", _export, port, ui)


def import_last_year_button(path: str | os.PathLike | None = None, port: WorkbookPort | None = None,
                            ui: ExcelUI | None = None):
    """导入上年: fill 上年数 from last year's workbook ``path`` (chosen in the VBA file dialog)."""
    return run_entry("导入上年", _import_last_year(path), port, ui)


__all__ = [
    "ENTRY_POINTS", "FILE_DIALOG_BUTTONS", "ExcelUI", "RecordingUI", "XlwingsUI", "build_tables_button",
    "check_button", "clear_button", "excel_session", "export_button", "export_target", "import_last_year_button",
    "local_path", "narrative_button", "run_entry",
]
