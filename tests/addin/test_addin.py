"""The add-in yusuan.xlam, verified statically: package, ribbon, VBA read back, version, reproducibility."""

from __future__ import annotations

import ast
import csv
import os
import re
import sys
import tempfile
import types
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest
import xlwings
from hypothesis import given
from hypothesis import strategies as st
from oletools import olevba  # the test extra that reads the VBA back: a plain import, never a silent skip
from pyopenvba import ExcelFile
from pyopenvba.interpreter import NOTHING, HostBridge, Interpreter, VBAObject, member, method
from pyopenvba.interpreter._runtime import UNRESOLVED

import yusuan.excel
from yusuan.addin import dispatcher, doctor, install, settings, userconf
from yusuan.addin.build import build_addin
from yusuan.addin.dispatcher import MODULE_NAME, dispatcher_source, python_call, vba_text
from yusuan.addin.doctor import sheet_settings
from yusuan.addin.ribbon import CALLBACK, NAMESPACE, PART_NAME, RELATIONSHIP_TYPE, TAB_LABEL
from yusuan.addin.userconf import read_user_config, write_user_config
from yusuan.cli import main
from yusuan.errors import UserError
from yusuan.excel import ENTRY_POINTS, FILE_DIALOG_BUTTONS

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UI = "{" + NAMESPACE + "}"


@pytest.fixture(scope="module")
def addin(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("a") / "yusuan.xlam")


@pytest.fixture(scope="module")
def modules(addin) -> dict[str, str]:
    """VBA module name → source as olevba reads it from the built file."""
    parser = olevba.VBA_Parser(str(addin))
    try:
        return {Path(vba_name).stem: code for _f, _s, vba_name, code in parser.extract_macros()}
    finally:
        parser.close()


def _lines(code: str) -> list[str]:
    return [line.rstrip() for line in code.replace("\r\n", "\n").strip().split("\n")]


# the package ------------------------------------------------------------------------------------
def test_is_an_opc_package_with_the_ribbon_part(addin):
    with zipfile.ZipFile(addin) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        types = SafeET.fromstring(archive.read("[Content_Types].xml"))
        rels = SafeET.fromstring(archive.read("_rels/.rels"))
    assert PART_NAME in names and "xl/vbaProject.bin" in names
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(CT + "Override")}
    assert overrides["/" + PART_NAME] == "application/xml"
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    targets = {r.get("Type"): r.get("Target") for r in rels.iter(REL + "Relationship")}
    assert targets[RELATIONSHIP_TYPE] == PART_NAME
    assert len({r.get("Id") for r in rels}) == len(rels)  # relationship ids stay unique


def test_ribbon_structure(addin):
    with zipfile.ZipFile(addin) as archive:
        root = SafeET.fromstring(archive.read(PART_NAME))
    assert root.tag == UI + "customUI"
    (tab,) = root.iter(UI + "tab")
    assert tab.get("label") == TAB_LABEL
    groups = list(tab.iter(UI + "group"))
    assert [g.get("label") for g in groups] == list(dict.fromkeys(e[2] for e in ENTRY_POINTS))
    buttons = [(g.get("label"), b) for g in groups for b in g.iter(UI + "button")]
    assert [(group, b.get("tag"), b.get("label"), b.get("imageMso")) for group, b in buttons] == [
        (group, function, label, image) for function, label, group, image in ENTRY_POINTS
    ]
    assert all(b.get("onAction") == CALLBACK and b.get("size") == "large" for _g, b in buttons)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z_][\w]*", i) for i in ids)


def test_every_tag_is_a_python_entry_point_and_every_entry_point_a_button(addin):
    with zipfile.ZipFile(addin) as archive:
        tags = [b.get("tag") for b in SafeET.fromstring(archive.read(PART_NAME)).iter(UI + "button")]
    assert all(callable(getattr(yusuan.excel, tag, None)) for tag in tags)
    assert sorted(tags) == sorted(e[0] for e in ENTRY_POINTS)
    assert set(tags) >= FILE_DIALOG_BUTTONS


# the VBA ------------------------------------------------------------------------------------------
def test_dispatcher_read_back_matches_its_source(modules):
    # olevba keeps the attribute header; pyopenvba writes exactly the standard module's one
    assert _lines(modules[MODULE_NAME]) == [f'Attribute VB_Name = "{MODULE_NAME}"'] + _lines(dispatcher_source())
    code = modules[MODULE_NAME]
    assert f"Public Sub {CALLBACK}(control As IRibbonControl)" in code
    for function, *_ in ENTRY_POINTS:
        assert f'Case "{function}"' in code
        if function in FILE_DIALOG_BUTTONS:
            assert f"e.{function}(\" & PyString(CStr(chosen)) & \")" in code
        else:
            assert f'RunPython "{python_call(function)}"' in code
    assert code.count("GetOpenFilename") == 2 * len(FILE_DIALOG_BUTTONS)  # Windows and Mac forms


def test_dispatcher_is_ascii_for_any_project_code_page():
    assert dispatcher_source().isascii()


def test_xlwings_modules_kept_and_their_version_is_the_installed_one(modules):
    assert {"Main", "RibbonXlwings", "Config"} <= set(modules)
    versions = {m.group(1) for code in modules.values()
                for m in re.finditer(r'Const XLWINGS_VERSION As String = "([^"]+)"', code)}
    assert versions == {xlwings.__version__}


def test_two_builds_are_byte_identical(addin, tmp_path):
    again = build_addin(tmp_path / "other" / "yusuan.xlam")
    assert again.read_bytes() == addin.read_bytes()
    with zipfile.ZipFile(again) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_build_refuses_another_suffix(tmp_path):
    with pytest.raises(UserError, match=r"\.xlam"):
        build_addin(tmp_path / "yusuan.xlsx")


def _vba_value(expression: str) -> str:
    """Evaluate a VBA string expression made of "..." literals and ChrW(&H..) joined by &."""
    token = r'"((?:[^"]|"")*)"|ChrW\(&H([0-9A-F]+)\)'
    assert re.fullmatch(rf"(?:{token})(?: & (?:{token}))*", expression)
    units = []
    for literal, code in re.findall(token, expression):
        units.append(literal.replace('""', '"') if not code else chr(int(code, 16)))
    return "".join(units).encode("utf-16", "surrogatepass").decode("utf-16")


@given(st.text())
def test_vba_text_is_ascii_and_means_the_text(text):
    expression = vba_text(text)
    assert expression.isascii()
    assert _vba_value(expression) == text


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00")))
def test_the_path_literal_rule_round_trips_any_path(path):
    # PyString in the dispatcher: "'" & Replace(Replace(p, "\", "\\"), "'", "\'") & "'"
    assert 'Replace(Replace(text, "\\", "\\\\"), "\'", "\\\'")' in dispatcher_source()
    literal = "'" + path.replace("\\", "\\\\").replace("'", "\\'") + "'"
    assert ast.literal_eval(literal) == path


# install ----------------------------------------------------------------------------------------
@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "appdata"))
    return tmp_path / "home"


def test_install_on_windows_keeps_the_settings_in_the_addin_and_leaves_xlwings_alone(home, tmp_path):
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    users = '"INTERPRETER_WIN","C:\\其他项目\\python.exe"\r\n"LICENSE_KEY","kept"\r\n'.encode("cp936")
    conf.write_bytes(users)
    done = install.install_addin(platform="win32")
    assert done.addin == tmp_path / "appdata" / "Microsoft" / "Excel" / "XLSTART" / "yusuan.xlam"
    assert zipfile.ZipFile(done.addin).testzip() is None
    assert conf.read_bytes() == users  # the user's own xlwings settings, untouched
    inside = sheet_settings(done.addin)
    assert inside["ADD_WORKBOOK_TO_PYTHONPATH"] == "false"
    assert inside == {"ADD_WORKBOOK_TO_PYTHONPATH": "false", **done.settings}
    assert done.applescript is None and not (home / ".yusuan").exists()


def test_install_on_macos_puts_the_applescript_where_excel_runs_it(home):
    done = install.install_addin(platform="darwin", home=home)
    assert done.addin.is_file() and home in done.addin.parents
    assert sheet_settings(done.addin)["INTERPRETER_MAC"] == sys.executable
    # where `xlwings runpython install` copies it, under the name the VBA calls
    script = home / "Library" / "Application Scripts" / "com.microsoft.Excel" / f"xlwings-{xlwings.__version__}.applescript"
    assert done.applescript == script and "on VbaHandler" in script.read_text(encoding="utf-8")
    assert not (home / ".xlwings").exists()


def test_install_refuses_on_linux_in_chinese_and_writes_nothing(home):
    with pytest.raises(UserError, match="没有 Microsoft Excel") as caught:
        install.install_addin(platform="linux")
    assert "yusuan addin build" in caught.value.message
    assert not home.exists()


def test_conda_environments_are_activated_as_xlwings_configures_them(tmp_path):
    root = tmp_path / "中文" / "miniconda3"
    env = root / "envs" / "预算"
    (env / "conda-meta").mkdir(parents=True)
    (root / "conda-meta").mkdir(parents=True)
    assert settings.interpreter_settings("win32", str(env / "python.exe"), str(env), {}) == {
        "CONDA PATH": str(root), "CONDA ENV": "预算"}
    assert settings.interpreter_settings("win32", str(root / "python.exe"), str(root), {}) == {
        "CONDA PATH": str(root), "CONDA ENV": "base"}
    plain = tmp_path / "Python311"
    assert settings.interpreter_settings("win32", str(plain / "python.exe"), str(plain), {}) == {
        "INTERPRETER_WIN": str(plain / "python.exe")}
    # on a Mac xlwings' VBA activates nothing: the environment's python is named
    assert settings.interpreter_settings("darwin", str(env / "bin" / "python"), str(env), {}) == {
        "INTERPRETER_MAC": str(env / "bin" / "python")}
    assert doctor.interpreter_of({"CONDA PATH": str(root), "CONDA ENV": "预算"}, "win32") == str(env / "python.exe")


# the user-level file, as xlwings' VBA reads it ---------------------------------------------------------
def vba_input(data: bytes, encoding: str) -> dict[str, str]:
    """What ``Input #n, name, value`` reads line by line (xlwings' GetConfigFromFile): the bytes
    decoded in the ANSI code page, two comma-separated fields, quotes removed; a blank line
    is run-time error 62."""
    found = {}
    for line in data.decode(encoding).split("\r\n" if b"\r\n" in data else "\n"):
        if line == "":
            continue
        assert line.strip(), "a blank line is VBA's run-time error 62"
        key, value = next(csv.reader([line]))
        found.setdefault(key, value)
    assert data.endswith(b"\n") and b"\n\n" not in data.replace(b"\r", b"")
    return found


CHINESE_PYTHON = "C:\\Users\\张三\\AppData\\Local\\Programs\\Python\\Python311\\python.exe"


def test_a_chinese_path_survives_write_and_the_vbas_cp936_read(tmp_path):
    path = tmp_path / ".yusuan" / "yusuan.conf"
    write_user_config(path, {"INTERPRETER_WIN": CHINESE_PYTHON}, "win32", encoding="cp936")
    assert vba_input(path.read_bytes(), "cp936") == {"INTERPRETER_WIN": CHINESE_PYTHON}
    assert read_user_config(path, "win32", encoding="cp936") == {"INTERPRETER_WIN": CHINESE_PYTHON}
    assert b"\r\n" in path.read_bytes()  # Windows line ends, as VBA's Write # makes them


def test_an_existing_cp936_file_with_blank_lines_is_updated_without_losing_keys(tmp_path):
    path = tmp_path / "yusuan.conf"
    path.write_bytes('"INTERPRETER_WIN","C:\\旧\\python.exe"\r\n\r\n"PYTHONPATH","D:\\财务\\脚本"\r\n\r\n'
                     '"CONDA ENV","预算"\r\n  \r\n'.encode("cp936"))
    write_user_config(path, {"INTERPRETER_WIN": CHINESE_PYTHON}, "win32", encoding="cp936")
    assert vba_input(path.read_bytes(), "cp936") == {
        "PYTHONPATH": "D:\\财务\\脚本", "CONDA ENV": "预算", "INTERPRETER_WIN": CHINESE_PYTHON}


def test_a_utf8_file_from_an_older_install_is_rewritten_in_the_code_page(tmp_path):
    path = tmp_path / "yusuan.conf"
    path.write_bytes('\ufeff"LICENSE_KEY","键"\n"INTERPRETER_WIN","C:\\张三\\python.exe"\n'.encode("utf-8"))
    write_user_config(path, {"INTERPRETER_WIN": CHINESE_PYTHON}, "win32", encoding="cp936")
    assert vba_input(path.read_bytes(), "cp936") == {"LICENSE_KEY": "键", "INTERPRETER_WIN": CHINESE_PYTHON}


@given(st.binary(max_size=300))
def test_any_existing_file_is_updated_never_crashing_and_other_lines_kept(data):
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "yusuan.conf"
        path.write_bytes(data)
        write_user_config(path, {"INTERPRETER_WIN": CHINESE_PYTHON}, "win32", encoding="cp936")
        written = path.read_bytes()
        assert written.endswith(f'"INTERPRETER_WIN","{CHINESE_PYTHON}"\r\n'.encode("cp936"))
        assert b"\r\n\r\n" not in written
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 is transcoded, not kept
            lines = set(written.split(b"\r\n"))
            for line in data.removeprefix(b"\xef\xbb\xbf").split(b"\n"):
                line = line.rstrip(b"\r")
                if not line.strip() or userconf._key(line) == "INTERPRETER_WIN":
                    continue
                try:
                    again = line.decode("utf-8").encode("cp936")
                except (UnicodeDecodeError, UnicodeEncodeError):
                    again = line
                assert line in lines or again in lines, line


def test_a_value_the_vba_cannot_read_is_refused_in_chinese(tmp_path):
    with pytest.raises(UserError, match="cp1252"):
        write_user_config(tmp_path / "a.conf", {"INTERPRETER_WIN": CHINESE_PYTHON}, "win32", encoding="cp1252")
    with pytest.raises(UserError, match="引号"):
        write_user_config(tmp_path / "a.conf", {"INTERPRETER_WIN": 'C:\\a"b'}, "win32", encoding="cp936")


def _xlwings_mac_config_file(home: Path) -> Path:
    """xlwings.USER_CONFIG_FILE as xlwings computes it on a Mac (its darwin branch, evaluated here)."""
    tree = ast.parse(Path(xlwings.__file__).read_text(encoding="utf-8"))
    branch = next(node for node in tree.body if isinstance(node, ast.If) and "darwin" in ast.unparse(node.test))
    (assign,) = branch.body
    fake_os = types.SimpleNamespace(path=types.SimpleNamespace(join=os.path.join, expanduser=lambda _p: str(home)))
    return Path(eval(compile(ast.Expression(assign.value), "xlwings", "eval"), {"os": fake_os}))


def test_the_mac_user_file_lands_in_the_folder_of_xlwings_user_config_file(home):
    written = install.configure_user(platform="darwin", home=home)
    assert written.parent == _xlwings_mac_config_file(home).parent
    assert written.name == "yusuan.conf"  # the add-in's own project, not the user's xlwings.conf
    assert read_user_config(written, "darwin") == {"INTERPRETER_MAC": sys.executable}


def test_the_windows_user_file_is_the_projects_own(home):
    written = install.configure_user(platform="win32")
    assert written == home / ".yusuan" / "yusuan.conf"
    assert not (home / ".xlwings").exists()


# command line -----------------------------------------------------------------------------------
def test_cli_addin_build(tmp_path, capsys):
    target = tmp_path / "out" / "yusuan.xlam"
    assert main(["addin", "build", "-o", str(target)]) == 0
    assert target.is_file() and "已生成加载项" in capsys.readouterr().out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the refusal is Linux's answer")
def test_cli_addin_install_on_linux_is_one_chinese_line(home, capsys):
    assert main(["addin", "install"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and err.count("\n") == 1


# the dispatcher run in pyopenvba's VBA interpreter ---------------------------------------------------
class RibbonControl(VBAObject):
    vba_type_name = "IRibbonControl"

    def __init__(self, tag: str):
        self.tag = tag

    @member
    def Tag(self):
        return self.tag


class ProtectedWindow(VBAObject):
    vba_type_name = "ProtectedViewWindow"


class UserBook(VBAObject):
    vba_type_name = "Workbook"


class ExcelApplication(VBAObject):
    vba_type_name = "Application"

    def __init__(self, protected: bool, chosen: object):
        self.protected, self.chosen = protected, chosen

    @member
    def ActiveProtectedViewWindow(self):
        return ProtectedWindow() if self.protected else NOTHING

    @method
    def GetOpenFilename(self, FileFilter=None, FilterIndex=None, Title=None, ButtonText=None, MultiSelect=None):
        return self.chosen


class ExcelHost(HostBridge):
    """Application and ActiveWorkbook as Excel has them when a ribbon button is clicked."""

    def __init__(self, book: object, protected: bool = False, chosen: object = False):
        self.application, self.book = ExcelApplication(protected, chosen), book

    def global_object(self, name: str):
        return {"application": self.application, "activeworkbook": self.book}.get(name, UNRESOLVED)


RUN_PYTHON_RECORDS = 'Public Function RunPython(PythonCommand As String)\r\n    Debug.Print PythonCommand\r\nEnd Function\r\n'
RUN_PYTHON_BLOCKED = ('Public Function RunPython(PythonCommand As String)\r\n'
                      '    Err.Raise 70, , "Permission denied"\r\nEnd Function\r\n')  # cmd.exe refused


def run_dispatcher(module_source: str, tag: str, host: ExcelHost, run_python: str = RUN_PYTHON_RECORDS):
    vba = Interpreter(host)
    vba.add_module(module_source, name=MODULE_NAME)
    vba.add_module(run_python, name="Main")  # xlwings' RunPython, stood in for
    vba.run(CALLBACK, [RibbonControl(tag)])
    return vba.console, [(title, text, style) for _kind, text, title, style in vba.dialogs]


@pytest.mark.parametrize("tag", [e[0] for e in ENTRY_POINTS])
def test_every_button_runs_its_python_from_the_dumped_vba(modules, tag):
    chosen = "C:\\上年\\部门'预算.xlsx"
    console, dialogs = run_dispatcher(modules[MODULE_NAME], tag, ExcelHost(UserBook(), chosen=chosen))
    assert not dialogs
    if tag in FILE_DIALOG_BUTTONS:
        (command,) = console
        call = ast.parse(command.split("; ", 1)[1]).body[0].value
        assert ast.literal_eval(call.args[0]) == chosen  # the path survives as a Python literal
    else:
        assert console == [python_call(tag)]


@pytest.mark.parametrize("tag", [e[0] for e in ENTRY_POINTS])
def test_the_guards_stop_before_runpython_with_a_chinese_message(modules, tag):
    source = modules[MODULE_NAME]
    console, dialogs = run_dispatcher(source, tag, ExcelHost(NOTHING))
    assert not console and dialogs == [("预算公开", dispatcher.NO_WORKBOOK, 48)]
    assert "请先打开预算公开工作簿" in dialogs[0][1]
    console, dialogs = run_dispatcher(source, tag, ExcelHost(NOTHING, protected=True))
    assert not console and dialogs == [("预算公开", dispatcher.PROTECTED_VIEW, 48)]
    assert "请先点击“启用编辑”" in dialogs[0][1]


@pytest.mark.parametrize("tag", [e[0] for e in ENTRY_POINTS])
def test_a_vba_error_ends_in_a_chinese_message_box_not_the_debugger(modules, tag):
    console, dialogs = run_dispatcher(modules[MODULE_NAME], tag, ExcelHost(UserBook(), chosen="C:\\a.xlsx"),
                                      RUN_PYTHON_BLOCKED)
    ((title, text, style),) = dialogs
    assert title == "预算公开" and style == 16  # vbCritical
    assert text.startswith("按钮未能运行（错误 70：Permission denied）") and "yusuan addin doctor" in text


def test_the_dialog_cancelled_runs_nothing(modules):
    console, dialogs = run_dispatcher(modules[MODULE_NAME], "import_last_year_button", ExcelHost(UserBook(), chosen=False))
    assert console == [] and dialogs == []


def test_the_dumped_vba_has_both_guards_and_an_error_handler(modules):
    code = modules[MODULE_NAME]
    assert "On Error GoTo Failed" in code and "\r\nFailed:\r\n" in code
    assert "Application.ActiveProtectedViewWindow Is Nothing" in code and "If ActiveWorkbook Is Nothing Then" in code
    assert code.index("If ActiveWorkbook Is Nothing") < code.index("RunPython")
    assert max(len(line) for line in code.split("\r\n")) <= dispatcher.MAX_LINE


def test_the_addin_has_its_own_xlwings_project_name(modules, addin):
    assert 'Public Const PROJECT_NAME As String = "yusuan"' in modules["Main"]
    assert all('PROJECT_NAME As String = "xlwings"' not in code for code in modules.values())
    # the edited and the added module carry no compiled p-code (it starts at offset 0): Excel
    # compiles them from this source instead of running xlwings' stale compiled Main
    with ExcelFile(addin) as book:
        project = book.vba_project()
        assert project.get_module("Main").text_offset == 0 and project.get_module(MODULE_NAME).text_offset == 0
        assert project.get_module("Config").text_offset > 0  # an untouched module keeps its p-code


def test_the_generic_build_carries_only_the_fixed_settings(addin):
    assert sheet_settings(addin) == {"ADD_WORKBOOK_TO_PYTHONPATH": "false"}
    with zipfile.ZipFile(addin) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
    assert '<sheet name="yusuan.conf"' in workbook  # the sheet xlwings' GetConfigFromSheet opens


# yusuan addin doctor ----------------------------------------------------------------------------------
def machine(home: Path, platform: str = "win32", registry=None, run=None, encoding=None) -> doctor.Machine:
    return doctor.Machine(platform=platform, home=home, registry=registry or (lambda *_: None), run=run,
                          environ={"USERPROFILE": str(home)}, encoding=encoding)


def marks(checks) -> dict[str, bool | None]:
    return {c.title: c.ok for c in checks}


def test_doctor_passes_after_install_on_windows(home):
    install.install_addin(platform="win32")
    checks = doctor.diagnose(machine(home))
    assert all(c.ok for c in checks), doctor.report(checks)
    text = doctor.report(checks)
    assert text.count("✔") == len(checks) and "全部通过" in text
    assert "不出现在“加载项”对话框中" in text


def test_doctor_names_the_policy_that_blocks_office_child_processes(home):
    install.install_addin(platform="win32")
    asr = "D4F940AB-401B-4EFC-AADC-AD5F3C50688A"
    checks = doctor.diagnose(machine(home, registry=lambda hive, key, value: "1" if value == asr else None))
    failed = [c for c in checks if c.ok is False]
    assert [c.title for c in failed] == ["安全策略“阻止所有 Office 应用程序创建子进程”"]
    assert sys.executable in failed[0].fix and "排除" in failed[0].fix
    report = doctor.report(checks)
    assert "✘" in report and "解决办法" in report and "有 1 项未通过" in report


def test_doctor_without_the_addin_says_how_to_install(home):
    checks = doctor.diagnose(machine(home))
    assert marks(checks)["加载项已安装在 Excel 启动文件夹"] is False
    assert "yusuan addin install" in doctor.report(checks)


def test_doctor_finds_a_version_mismatch_and_a_python_without_yusuan(home, tmp_path):
    other = tmp_path / "其他" / "python.exe"
    other.parent.mkdir()
    other.write_bytes(b"")
    folder = tmp_path / "appdata" / "Microsoft" / "Excel" / "XLSTART"
    build_addin(folder / "yusuan.xlam", {"INTERPRETER_WIN": str(other)})
    checks = doctor.diagnose(machine(home, run=lambda command: (0, "0.30.0")))
    assert marks(checks)["xlwings 版本与加载项一致"] is False
    checks = doctor.diagnose(machine(home, run=lambda command: (1, "ModuleNotFoundError: No module named 'yusuan'")))
    bad = next(c for c in checks if c.title == "Excel 将启动的 Python")
    assert bad.ok is False and "No module named 'yusuan'" in bad.detail and str(other) in bad.fix


def test_doctor_reads_the_user_file_as_the_vba_does(home, tmp_path):
    folder = tmp_path / "appdata" / "Microsoft" / "Excel" / "XLSTART"
    build_addin(folder / "yusuan.xlam")  # as IT deploys it: no interpreter inside
    conf = home / ".yusuan" / "yusuan.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes(f'"INTERPRETER_WIN","{sys.executable}"\r\n"备注","张三"\r\n'.encode())
    checks = doctor.diagnose(machine(home, encoding="cp936"))
    setting = next(c for c in checks if c.title == "Python 位置的设置")
    assert setting.ok is False and "cp936" in setting.detail and "yusuan addin config" in setting.fix
    write_user_config(conf, {"INTERPRETER_WIN": sys.executable}, "win32", encoding="cp936")
    checks = doctor.diagnose(machine(home, encoding="cp936"))
    assert all(c.ok for c in checks), doctor.report(checks)


def test_doctor_on_a_mac_checks_the_applescript(home):
    done = install.install_addin(platform="darwin", home=home)
    assert all(c.ok for c in doctor.diagnose(machine(home, "darwin"))), doctor.report(doctor.diagnose(machine(home, "darwin")))
    done.applescript.unlink()
    assert marks(doctor.diagnose(machine(home, "darwin")))["xlwings 的 AppleScript"] is False


def test_doctor_on_a_system_without_excel(home):
    checks = doctor.diagnose(machine(home, "linux"))
    assert [c.ok for c in checks] == [True, None]
    assert "－" in doctor.report(checks) and "全部通过" not in doctor.report(checks)
    assert "装有 Excel 的 Windows 或 macOS" in doctor.report(checks)


def test_doctor_policies_have_sources():
    for policy in doctor.policies():
        assert policy["source"].startswith("https://learn.microsoft.com/") and policy["blocking"]
        assert policy["hive"] in ("HKLM", "HKCU") and policy["keys"] and policy["problem"] and policy["fix"]


def test_cli_addin_doctor_prints_the_checklist(home, capsys):
    assert main(["addin", "doctor"]) in (0, 1)
    out = capsys.readouterr().out
    assert out.startswith("预算公开加载项检查：") and "运行本命令的 Python" in out
