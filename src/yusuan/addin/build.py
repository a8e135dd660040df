"""Build ``yusuan.xlam`` reproducibly, without Excel.

Start from ``xlwings/addin/xlwings.xlam`` of the *installed* xlwings (so the add-in's VBA
matches the Python side's version), give its VBA the project name ``yusuan`` (its settings are
then its own, not the user's xlwings ones), add the dispatcher module with pyopenvba, turn its
one sheet into the ``yusuan.conf`` settings sheet, add the ribbon part, and write the zip with
sorted entries and fixed timestamps: two builds with the same settings are byte-identical.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

import defusedxml.ElementTree as SafeET

from yusuan.addin.dispatcher import MODULE_NAME, dispatcher_source
from yusuan.addin.ribbon import PART_NAME, RELATIONSHIP_TYPE, ribbon_xml
from yusuan.addin.settings import CONFIG_SHEET, FIXED_SETTINGS, PROJECT_NAME
from yusuan.errors import UserError

DEFAULT_TARGET = Path("addin") / "yusuan.xlam"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no build date in the file
CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
CUSTOMUI_REL_ID = "yusuanCustomUI"
XML_CONTENT_TYPE = "application/xml"
MAX_PART_BYTES = 50 * 1024 * 1024  # the xlwings add-in is ~0.5 MB; anything far bigger is not it
XLWINGS_MAIN = "Main"  # the xlwings module holding RunPython and the project-name constant
PROJECT_CONSTANT = re.compile(r'(Public Const PROJECT_NAME As String = )"[^"]*"')
VERSION_CONSTANT = re.compile(r'Public Const XLWINGS_VERSION As String = "([^"]+)"')
WORKBOOK = "xl/workbook.xml"
SHEET_PART = "xl/worksheets/sheet1.xml"  # the xlwings add-in's one (empty) sheet, Sheet1
SHEET_DATA = re.compile(r"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.S)


def xlwings_addin() -> Path:
    """The add-in shipped inside the installed xlwings package."""
    try:
        path = Path(str(resources.files("xlwings") / "addin" / "xlwings.xlam"))
    except ModuleNotFoundError:
        raise UserError("未安装 xlwings，无法生成加载项：请先 pip install xlwings。") from None
    if not path.is_file():
        raise UserError(f"已安装的 xlwings 中找不到加载项 {path}，请重新安装 xlwings。")
    return path


def _with_dispatcher(source: Path, target: Path) -> None:
    """``source`` with the project name ``yusuan`` and the dispatcher module, saved as ``target``."""
    from pyopenvba import ExcelFile

    with ExcelFile(source) as book:
        main = book.get_module(XLWINGS_MAIN)
        renamed, count = PROJECT_CONSTANT.subn(rf'\1"{PROJECT_NAME}"', main)
        if count != 1:
            raise UserError("已安装的 xlwings 加载项中找不到 PROJECT_NAME 常量，此 xlwings 版本不受支持。")
        book.set_module(XLWINGS_MAIN, renamed)
        book.vba_project().add_module(MODULE_NAME, dispatcher_source())
        # xlwings locks its project for viewing only; the lock is kept verbatim and the module
        # source stays readable (the VBE shows the lock, Excel runs the code)
        book.save(target, allow_protected=True)


def _add_relationship(rels: bytes) -> bytes:
    # parsed only to check (defusedxml); the text is edited so xlwings' own bytes stay as they are
    if any(rel.get("Type") == RELATIONSHIP_TYPE for rel in SafeET.fromstring(rels)):
        return rels
    text = rels.decode("utf-8")
    element = f'<Relationship Id="{CUSTOMUI_REL_ID}" Type="{RELATIONSHIP_TYPE}" Target="{PART_NAME}"/>'
    return text.replace("</Relationships>", element + "</Relationships>").encode("utf-8")


def _add_content_type(types: bytes) -> bytes:
    text = types.decode("utf-8")
    if f'PartName="/{PART_NAME}"' in text:
        return types
    element = f'<Override PartName="/{PART_NAME}" ContentType="{XML_CONTENT_TYPE}"/>'
    return text.replace("</Types>", element + "</Types>").encode("utf-8")


def config_sheet_xml(sheet: bytes, settings: dict[str, str]) -> bytes:
    """The add-in's sheet holding ``settings`` in columns A (key) and B (value), rows from 1, as
    xlwings' ``GetConfigFromSheet`` reads them (A1 down to the last filled cell)."""
    rows = []
    for number, (key, value) in enumerate(settings.items(), start=1):
        cells = [(f"A{number}", key), (f"B{number}", value)]
        rows.append(f'<row r="{number}">' + "".join(
            f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>' for ref, text in cells
        ) + "</row>")
    text = sheet.decode("utf-8")
    if not SHEET_DATA.search(text):
        raise UserError("xlwings 加载项的工作表结构与预期不同，此 xlwings 版本不受支持。")
    text = SHEET_DATA.sub(lambda _m: "<sheetData>" + "".join(rows) + "</sheetData>", text, count=1)
    text = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:B{max(len(rows), 1)}"/>', text, count=1)
    return text.encode("utf-8")


def _rename_sheet(workbook: bytes) -> bytes:
    text = workbook.decode("utf-8")
    renamed, count = re.subn(r'(<sheet name=")Sheet1(")', rf"\g<1>{CONFIG_SHEET}\2", text, count=1)
    if count != 1:
        raise UserError("xlwings 加载项中找不到工作表 Sheet1，此 xlwings 版本不受支持。")
    return renamed.encode("utf-8")


def addin_settings(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The add-in sheet's settings: the fixed ones, then ``extra`` (the interpreter, set by install)."""
    return {**FIXED_SETTINGS, **(extra or {})}


def _read_parts(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as archive:
        for info in archive.infolist():
            if info.file_size > MAX_PART_BYTES:
                raise UserError(f"xlwings 加载项中的 {info.filename} 过大，文件可能已损坏。")
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _write_parts(parts: dict[str, bytes], target: Path) -> None:
    """Sorted entries, fixed time, fixed attributes: the same parts give the same bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # not the building OS
            info.external_attr = 0
            archive.writestr(info, parts[name], compresslevel=9)
    partial.replace(target)  # no half-written add-in under the real name


def build_addin(target: Path = DEFAULT_TARGET, settings: dict[str, str] | None = None) -> Path:
    """Write ``yusuan.xlam`` to ``target``; returns ``target``.

    ``settings``: xlwings keys for this machine (the interpreter) added to the sheet; without
    them the add-in finds the interpreter in the user file (``yusuan addin config``)."""
    target = Path(target)
    if target.suffix.lower() != ".xlam":
        raise UserError(f"{target.name}：加载项文件须以 .xlam 结尾。")
    with tempfile.TemporaryDirectory(prefix="yusuan-addin-") as scratch:
        with_vba = Path(scratch) / "with_vba.xlam"
        _with_dispatcher(xlwings_addin(), with_vba)
        parts = _read_parts(with_vba)
    parts[SHEET_PART] = config_sheet_xml(parts[SHEET_PART], addin_settings(settings))
    parts[WORKBOOK] = _rename_sheet(parts[WORKBOOK])
    parts[PART_NAME] = ribbon_xml().encode("utf-8")
    parts[ROOT_RELS] = _add_relationship(parts[ROOT_RELS])
    parts[CONTENT_TYPES] = _add_content_type(parts[CONTENT_TYPES])
    _write_parts(parts, target)
    return target
