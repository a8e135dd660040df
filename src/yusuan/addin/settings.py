"""What the add-in's xlwings configuration says, and where xlwings' VBA looks for it.

The add-in has its own xlwings project name (:data:`PROJECT_NAME`), as ``xlwings quickstart
--addin`` gives a custom add-in: its VBA (``GetConfig`` in xlwings' Config module) then reads
the ``yusuan.conf`` sheet inside the add-in, then ``yusuan.conf`` next to the workbook, then
the user file ``%USERPROFILE%\\.yusuan\\yusuan.conf`` (macOS: ``yusuan.conf`` in Excel's sandbox
container) — never the user's own ``~/.xlwings/xlwings.conf``.

Keys and their meaning are xlwings' (docs.xlwings.org, "Add-in & Settings"); the interpreter
is set the way ``xlwings config create`` sets it, conda environments included.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

PROJECT_NAME = "yusuan"
CONFIG_SHEET = f"{PROJECT_NAME}.conf"  # the sheet name xlwings' GetConfigFromSheet opens
# the workbook's folder first on sys.path would let a local file shadow yusuan's modules, and
# a OneDrive URL there fails: the add-in's code is installed, nothing is needed from there
FIXED_SETTINGS: dict[str, str] = {"ADD_WORKBOOK_TO_PYTHONPATH": "false"}
MAC_CONTAINER = Path("Library/Containers/com.microsoft.Excel/Data")  # xlwings.USER_CONFIG_FILE's folder


def is_windows(platform: str) -> bool:
    return platform.startswith("win")


def conda_settings(prefix: str, environ: Mapping[str, str]) -> tuple[str, str] | None:
    """(CONDA PATH, CONDA ENV) when ``prefix`` is a conda environment, else None.

    xlwings (``get_conda_settings``) takes them from CONDA_EXE / CONDA_DEFAULT_ENV of an
    activated shell; an environment's python started without activation has neither, so the
    environment is also recognised by its ``conda-meta`` folder."""
    root = Path(prefix)
    if not (root / "conda-meta").is_dir():
        return None
    if root.parent.name == "envs":
        return str(root.parent.parent), root.name
    exe = environ.get("CONDA_EXE")
    if exe and Path(prefix) == Path(exe).parent.parent:
        return str(Path(exe).parent.parent), environ.get("CONDA_DEFAULT_ENV") or "base"
    return str(root), "base"


def interpreter_settings(platform: str | None = None, executable: str | None = None, prefix: str | None = None,
                         environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The keys that make RunPython start this Python, as ``xlwings config create`` writes them:
    on Windows a conda environment is activated (CONDA PATH, CONDA ENV; numpy's DLLs load only
    then), any other Python is named by INTERPRETER_WIN; on macOS INTERPRETER_MAC."""
    platform = platform or sys.platform
    executable = executable or sys.executable
    environ = os.environ if environ is None else environ
    if not is_windows(platform):
        return {"INTERPRETER_MAC": executable}
    conda = conda_settings(prefix or sys.prefix, environ)
    if conda:
        return {"CONDA PATH": conda[0], "CONDA ENV": conda[1]}
    return {"INTERPRETER_WIN": executable}


def user_config_path(platform: str | None = None, home: Path | None = None,
                     environ: Mapping[str, str] | None = None) -> Path:
    """The user-level file xlwings' VBA reads for this project (``GetConfigFilePath``)."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if is_windows(platform):
        base = Path(environ.get("USERPROFILE") or home or Path.home())
        return base / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf"
    return Path(home or Path.home()) / MAC_CONTAINER / f"{PROJECT_NAME}.conf"
