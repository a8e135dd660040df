"""Install ``yusuan.xlam`` where Excel loads it at start, set to run this Python.

Like ``xlwings addin install`` but without asking a running Excel for its startup folder:
Windows ``%APPDATA%\\Microsoft\\Excel\\XLSTART``, macOS Excel's sandboxed startup folder.  The
interpreter goes into the add-in's own ``yusuan.conf`` sheet (Unicode, so a Chinese user name
survives), so the user's ``~/.xlwings/xlwings.conf`` is never touched.  On macOS RunPython
needs xlwings' AppleScript in Excel's script folder; it is put there as ``xlwings runpython
install`` does.  For an add-in deployed by IT (``yusuan addin build``, no interpreter inside)
:func:`configure_user` writes the interpreter into the user-level file instead.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from yusuan.addin.settings import interpreter_settings, is_windows, user_config_path
from yusuan.addin.userconf import write_user_config
from yusuan.errors import UserError

ADDIN_NAME = "yusuan.xlam"
MAC_STARTUP = Path("Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel")
MAC_SCRIPTS = Path("Library/Application Scripts/com.microsoft.Excel")  # where AppleScriptTask looks
NO_EXCEL = "此系统（{system}）上没有 Microsoft Excel，无法安装加载项；可用 yusuan addin build 生成 yusuan.xlam 后复制到 Windows 或 macOS 上安装。"


@dataclass(frozen=True)
class Installed:
    """What ``install_addin`` put in place."""

    addin: Path
    settings: dict[str, str]  # written into the add-in's yusuan.conf sheet
    applescript: Path | None  # macOS only


def addin_folder(platform: str | None = None, home: Path | None = None) -> Path:
    """Excel's per-user startup folder (XLSTART) on this system."""
    platform = platform or sys.platform
    if is_windows(platform):
        appdata = os.environ.get("APPDATA")
        if not appdata:
            raise UserError("找不到环境变量 APPDATA，无法确定 Excel 的启动文件夹（XLSTART）。")
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
    if platform == "darwin":
        return (home or Path.home()) / MAC_STARTUP
    raise UserError(NO_EXCEL.format(system=platform))


def applescript_name() -> str:
    """The file xlwings' VBA calls on macOS: ``xlwings-<version>.applescript``."""
    import xlwings

    return f"xlwings-{xlwings.__version__}.applescript"


def applescript_target(home: Path | None = None) -> Path:
    return (home or Path.home()) / MAC_SCRIPTS / applescript_name()


def install_applescript(home: Path | None = None) -> Path:
    """Copy xlwings' AppleScript where Excel's ``AppleScriptTask`` finds it (``runpython install``)."""
    source = Path(str(resources.files("xlwings") / applescript_name()))
    if not source.is_file():
        raise UserError(f"已安装的 xlwings 中找不到 {source.name}，请重新安装 xlwings。")
    target = applescript_target(home)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def install_addin(platform: str | None = None, home: Path | None = None) -> Installed:
    """Build the add-in for the installed xlwings with this Python in its settings sheet, copy
    it into Excel's startup folder and, on macOS, put the AppleScript in place.

    On a system without Excel (Linux) refuses with a Chinese message before writing anything."""
    from yusuan.addin.build import build_addin

    platform = platform or sys.platform
    folder = addin_folder(platform, home)
    settings = interpreter_settings(platform)
    with tempfile.TemporaryDirectory(prefix="yusuan-addin-") as scratch:
        built = build_addin(Path(scratch) / ADDIN_NAME, settings)
        folder.mkdir(parents=True, exist_ok=True)
        installed = folder / ADDIN_NAME
        try:
            shutil.copyfile(built, installed)
        except PermissionError:
            raise UserError(f"无法写入 {installed}：请先关闭 Excel 后重试。") from None
    script = install_applescript(home) if platform == "darwin" else None
    return Installed(installed, settings, script)


def configure_user(platform: str | None = None, home: Path | None = None) -> Path:
    """Write this Python into the user-level ``yusuan.conf`` (for an add-in without interpreter
    settings, e.g. one IT deployed), in the encoding xlwings' VBA reads; other keys kept."""
    platform = platform or sys.platform
    if not is_windows(platform) and platform != "darwin":
        raise UserError(NO_EXCEL.format(system=platform))
    return write_user_config(user_config_path(platform, home), interpreter_settings(platform), platform)
