"""The add-in yusuan.xlam, verified statically: package, ribbon, VBA read back, version, reproducibility."""

from __future__ import annotations

import ast
import re
import sys
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest
import xlwings
from hypothesis import given
from hypothesis import strategies as st

import yusuan.excel
from yusuan.addin import install
from yusuan.addin.build import build_addin
from yusuan.addin.dispatcher import MODULE_NAME, dispatcher_source, python_call, vba_text
from yusuan.addin.ribbon import CALLBACK, NAMESPACE, PART_NAME, RELATIONSHIP_TYPE, TAB_LABEL
from yusuan.cli import main
from yusuan.errors import UserError
from yusuan.excel import ENTRY_POINTS, FILE_DIALOG_BUTTONS

olevba = pytest.importorskip("oletools.olevba", reason="oletools (test extra) reads the VBA back")

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
    assert FILE_DIALOG_BUTTONS <= set(tags)


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
    assert code.count("GetOpenFilename") == len(FILE_DIALOG_BUTTONS)


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
    monkeypatch.setenv("APPDATA", str(tmp_path / "appdata"))
    return tmp_path / "home"


def test_install_on_windows_copies_the_addin_and_points_xlwings_here(home, tmp_path):
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text('"INTERPRETER_WIN","C:\\old\\python.exe"\n"LICENSE_KEY","kept"\n', encoding="utf-8")
    installed, written = install.install_addin(platform="win32")
    assert installed == tmp_path / "appdata" / "Microsoft" / "Excel" / "XLSTART" / "yusuan.xlam"
    assert zipfile.ZipFile(installed).testzip() is None
    assert written == conf
    assert conf.read_text(encoding="utf-8").splitlines() == [
        '"LICENSE_KEY","kept"', f'"INTERPRETER_WIN","{sys.executable}"',
    ]


def test_install_on_macos_writes_the_mac_interpreter(home):
    installed, written = install.install_addin(platform="darwin")
    assert installed.is_file() and home in installed.parents
    assert written.read_text(encoding="utf-8") == f'"INTERPRETER_MAC","{sys.executable}"\n'


def test_install_refuses_on_linux_in_chinese_and_writes_nothing(home):
    with pytest.raises(UserError, match="没有 Microsoft Excel") as caught:
        install.install_addin(platform="linux")
    assert "yusuan addin build" in caught.value.message
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
