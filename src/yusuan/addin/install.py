"""Install ``yusuan.xlam`` where Excel loads it at start, and point xlwings at this Python.

Like ``xlwings addin install`` but without asking a running Excel for its startup folder:
Windows ``%APPDATA%\\Microsoft\\Excel\\XLSTART``, macOS Excel's sandboxed startup folder.
``RunPython`` finds the interpreter through ``~/.xlwings/xlwings.conf`` (``INTERPRETER_WIN`` /
``INTERPRETER_MAC``), which is written for the interpreter running this code.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from yusuan.errors import UserError

ADDIN_NAME = "yusuan.xlam"
MAC_STARTUP = Path("Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel")
NO_EXCEL = "此系统（{system}）上没有 Microsoft Excel，无法安装加载项；可用 yusuan addin build 生成 yusuan.xlam 后复制到 Windows 或 macOS 上安装。"


def _is_windows(platform: str) -> bool:
    return platform.startswith("win")


def addin_folder(platform: str | None = None) -> Path:
    """Excel's per-user startup folder (XLSTART) on this system."""
    platform = platform or sys.platform
    if _is_windows(platform):
        appdata = os.environ.get("APPDATA")
        if not appdata:
            raise UserError("找不到环境变量 APPDATA，无法确定 Excel 的启动文件夹（XLSTART）。")
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
    if platform == "darwin":
        return Path.home() / MAC_STARTUP
    raise UserError(NO_EXCEL.format(system=platform))


def config_path() -> Path:
    return Path.home() / ".xlwings" / "xlwings.conf"


def write_interpreter_config(platform: str | None = None, interpreter: str | None = None) -> Path:
    """Set ``INTERPRETER_WIN`` / ``INTERPRETER_MAC`` in the xlwings user config, other keys kept."""
    platform = platform or sys.platform
    key = "INTERPRETER_WIN" if _is_windows(platform) else "INTERPRETER_MAC"
    interpreter = interpreter or sys.executable
    path = config_path()
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if not line.startswith(f'"{key}",')]
    kept.append(f'"{key}","{interpreter}"')  # the CSV-like format xlwings config create writes
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def install_addin(platform: str | None = None) -> tuple[Path, Path]:
    """Build the add-in for the installed xlwings, copy it into Excel's startup folder and
    write the interpreter config; returns (installed add-in, config file).

    On a system without Excel (Linux) refuses with a Chinese message before writing anything."""
    from yusuan.addin.build import build_addin

    platform = platform or sys.platform
    folder = addin_folder(platform)
    with tempfile.TemporaryDirectory(prefix="yusuan-addin-") as scratch:
        built = build_addin(Path(scratch) / ADDIN_NAME)
        folder.mkdir(parents=True, exist_ok=True)
        installed = folder / ADDIN_NAME
        try:
            shutil.copyfile(built, installed)
        except PermissionError:
            raise UserError(f"无法写入 {installed}：请先关闭 Excel 后重试。") from None
    return installed, write_interpreter_config(platform)
