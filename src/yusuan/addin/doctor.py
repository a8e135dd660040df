"""``yusuan addin doctor``: everything the first click on a 预算公开 button needs, checked on
the user's machine, as a Chinese checklist with a fix for each failed item.

Checked: this Python and yusuan; the installed add-in in Excel's startup folder; its settings
(the ``yusuan.conf`` sheet, or the user-level file read in the encoding xlwings' VBA uses); the
Python the add-in will start (it exists, imports yusuan and xlwings, and its xlwings is the
version of the add-in's VBA); on macOS xlwings' AppleScript; on Windows the policies in
``policies.yaml`` that stop Office from starting Python or loading an unsigned add-in.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import defusedxml.ElementTree as SafeET

from yusuan.addin.build import SHEET_PART, VERSION_CONSTANT, XLWINGS_MAIN
from yusuan.addin.install import ADDIN_NAME, addin_folder, applescript_target
from yusuan.addin.settings import FIXED_SETTINGS, is_windows, user_config_path
from yusuan.addin.userconf import read_user_config, vba_encoding
from yusuan.errors import UserError
from yusuan.yaml_data import load_yaml

MIN_PYTHON = (3, 11)
PROBE = "import yusuan.excel, xlwings; print(xlwings.__version__)"
PROBE_SECONDS = 120
SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REINSTALL = "在命令行运行 yusuan addin install（关闭 Excel 后），然后重新启动 Excel。"

Registry = Callable[[str, str, str], "str | None"]
Runner = Callable[[list[str]], "tuple[int, str]"]


@dataclass(frozen=True)
class Check:
    """One line of the checklist; ``ok`` None: not applicable on this system."""

    title: str
    ok: bool | None
    detail: str
    fix: str = ""


@dataclass
class Machine:
    """What the doctor looks at; the defaults are this computer."""

    platform: str = sys.platform
    home: Path = field(default_factory=Path.home)
    registry: Registry | None = None
    run: Runner | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    encoding: str | None = None  # the VBA's; None: this system's (the ANSI code page on Windows)


def windows_registry(hive: str, key: str, value: str) -> str | None:
    """A registry value as text, None when absent or unreadable."""
    if sys.platform != "win32":  # the registry exists only there (and mypy checks the rest for Windows)
        return None
    import winreg

    root = {"HKLM": winreg.HKEY_LOCAL_MACHINE, "HKCU": winreg.HKEY_CURRENT_USER}[hive]
    try:
        with winreg.OpenKey(root, key) as handle:
            return str(winreg.QueryValueEx(handle, value)[0]).strip()
    except OSError:
        return None


def run_probe(command: list[str]) -> tuple[int, str]:
    try:
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=PROBE_SECONDS)
    except (OSError, subprocess.SubprocessError) as exc:
        return 1, str(exc)
    return done.returncode, (done.stdout if done.returncode == 0 else done.stderr).strip()


def policies() -> list[dict]:
    return load_yaml((resources.files("yusuan.addin") / "policies.yaml").read_text(encoding="utf-8"))


# reading the installed add-in ------------------------------------------------------------------
def sheet_settings(addin: Path) -> dict[str, str]:
    """The add-in's ``yusuan.conf`` sheet: column A key (upper case) → column B value."""
    with zipfile.ZipFile(addin) as archive:
        root = SafeET.fromstring(archive.read(SHEET_PART))
    found: dict[str, str] = {}
    for row in root.iter(SHEET_NS + "row"):
        texts = ["".join(t.text or "" for t in cell.iter(SHEET_NS + "t")) for cell in row.iter(SHEET_NS + "c")]
        if len(texts) >= 2 and texts[0]:
            found[texts[0].upper()] = texts[1]
    return found


def addin_version(addin: Path) -> str | None:
    """XLWINGS_VERSION in the add-in's VBA."""
    from pyopenvba import ExcelFile

    with ExcelFile(addin) as book:
        match = VERSION_CONSTANT.search(book.get_module(XLWINGS_MAIN))
    return match.group(1) if match else None


def interpreter_of(settings: Mapping[str, str], platform: str) -> str | None:
    """The Python RunPython starts with these settings (conda: the environment's python.exe)."""
    if not is_windows(platform):
        return settings.get("INTERPRETER_MAC") or None
    if settings.get("CONDA PATH") and settings.get("CONDA ENV"):
        root, env = Path(settings["CONDA PATH"]), settings["CONDA ENV"]
        return str((root if env == "base" else root / "envs" / env) / "python.exe")
    return settings.get("INTERPRETER_WIN") or None


def readable_in(data: bytes, encoding: str) -> bool:
    """Whether VBA reading ``data`` in ``encoding`` gets the text that was written: a UTF-8
    file with Chinese text often decodes in cp936 too, as mojibake, so UTF-8 is recognised first."""
    if data.isascii() or codecs.lookup(encoding).name == "utf-8":
        return True
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


# the checks --------------------------------------------------------------------------------------
def _python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info[:2] >= MIN_PYTHON
    return Check("运行本命令的 Python", ok, f"Python {version}（{sys.executable}），yusuan 可以导入",
                 "" if ok else "请安装 Python 3.11 或更高版本，再安装 yusuan。")


def _settings(machine: Machine, addin: Path) -> tuple[list[Check], dict[str, str]]:
    """Where the interpreter setting comes from and whether the VBA can read it."""
    checks = []
    inside = sheet_settings(addin)
    fixed = all(inside.get(k) == v for k, v in FIXED_SETTINGS.items())
    checks.append(Check("加载项自带的设置（yusuan.conf 工作表）", fixed,
                        "工作簿所在文件夹不加入 Python 路径" if fixed else "加载项是旧版本生成的",
                        "" if fixed else REINSTALL))
    if interpreter_of(inside, machine.platform):
        checks.append(Check("Python 位置的设置", True, "保存在加载项内（Unicode，中文路径不受影响）"))
        return checks, inside
    path = user_config_path(machine.platform, machine.home, machine.environ)
    encoding = machine.encoding or vba_encoding(machine.platform)
    if not path.is_file():
        checks.append(Check("Python 位置的设置", False, f"加载项内和 {path} 中都没有设置 Python 位置",
                            "在命令行运行 yusuan addin install；若加载项由信息技术部门统一部署，运行 yusuan addin config。"))
        return checks, {}
    if not readable_in(path.read_bytes(), encoding):
        checks.append(Check("Python 位置的设置", False, f"{path} 不能按 Excel 读取的编码 {encoding} 读出，路径会变成乱码",
                            "在命令行运行 yusuan addin config 重新写入（其他设置保留）。"))
        return checks, {}
    checks.append(Check("Python 位置的设置", True, f"{path}（{encoding} 编码，Excel 可以读取）"))
    return checks, read_user_config(path, machine.platform, encoding)


def _interpreter(machine: Machine, settings: Mapping[str, str], version: str | None) -> list[Check]:
    python = interpreter_of(settings, machine.platform)
    if python is None:
        return []
    checks = []
    if settings.get("CONDA PATH"):
        conda = Path(settings["CONDA PATH"]) / "condabin" / "conda.bat"
        checks.append(Check("conda", conda.is_file(), f"{conda}" + ("" if conda.is_file() else " 不存在"),
                            "" if conda.is_file() else "conda 版本过旧或已移动：重新安装 conda 后运行 yusuan addin install。"))
    if not Path(python).is_file():
        return checks + [Check("Excel 将启动的 Python", False, f"{python} 不存在", REINSTALL)]
    if os.path.normcase(os.path.abspath(python)) == os.path.normcase(os.path.abspath(sys.executable)):
        import xlwings

        code, out = 0, xlwings.__version__
    else:
        code, out = (machine.run or run_probe)([python, "-c", PROBE])
    if code != 0:
        last = out.splitlines()[-1] if out else "无输出"
        return checks + [Check("Excel 将启动的 Python", False, f"{python} 不能导入 yusuan 或 xlwings：{last}",
                               f"用这个 Python 安装：\"{python}\" -m pip install yusuan，或改用装有 yusuan 的 Python 运行 "
                               "yusuan addin install。")]
    checks.append(Check("Excel 将启动的 Python", True, f"{python}，可以导入 yusuan 和 xlwings {out}"))
    same = version is not None and out == version
    checks.append(Check("xlwings 版本与加载项一致", same, f"加载项 {version or '未知'}，Python 中 {out}",
                        "" if same else REINSTALL))
    return checks


def _policies(machine: Machine) -> list[Check]:
    registry = machine.registry or windows_registry
    checks = []
    python = sys.executable
    for policy in policies():
        values = [registry(policy["hive"], key, policy["value"]) for key in policy["keys"]]
        found = next((v for v in values if v is not None), None)
        if found in policy["blocking"]:
            checks.append(Check(policy["title"], False, f"已启用：{policy['problem']}", policy["fix"].format(python=python)))
        elif found in policy["warning"]:
            checks.append(Check(policy["title"], True, f"设为“警告”：点击按钮时若出现拦截提示，请选择允许。{policy['problem']}"))
        else:
            checks.append(Check(policy["title"], True, "未启用" if found is None else f"值 {found}，不阻止"))
    return checks


def diagnose(machine: Machine | None = None) -> list[Check]:
    machine = machine or Machine()
    checks = [_python()]
    try:
        folder = addin_folder(machine.platform, machine.home)
    except UserError as exc:
        return checks + [Check("Excel 启动文件夹", None, exc.message)]
    addin = folder / ADDIN_NAME
    if not addin.is_file():
        return checks + [Check("加载项已安装在 Excel 启动文件夹", False, f"{addin} 不存在", REINSTALL)]
    checks.append(Check("加载项已安装在 Excel 启动文件夹", True,
                        f"{addin}（从启动文件夹加载的加载项不出现在“加载项”对话框中，属正常现象）"))
    settings_checks, settings = _settings(machine, addin)
    checks += settings_checks
    checks += _interpreter(machine, settings, addin_version(addin))
    if machine.platform == "darwin":
        script = applescript_target(machine.home)
        checks.append(Check("xlwings 的 AppleScript", script.is_file(), str(script) + ("" if script.is_file() else " 不存在"),
                            "" if script.is_file() else REINSTALL))
    if is_windows(machine.platform):
        checks += _policies(machine)
    return checks


def report(checks: list[Check]) -> str:
    """The checklist: ✔ / ✘ / － per item, the fix under each failed one, a closing line."""
    lines = ["预算公开加载项检查："]
    for check in checks:
        mark = {True: "✔", False: "✘", None: "－"}[check.ok]
        lines.append(f"{mark} {check.title}：{check.detail}")
        if check.ok is False and check.fix:
            lines.append(f"    解决办法：{check.fix}")
    failed = sum(1 for c in checks if c.ok is False)
    if failed:
        lines.append(f"有 {failed} 项未通过，请按上面的解决办法处理后再运行 yusuan addin doctor。")
    elif any(c.ok is None for c in checks):
        lines.append("本机不能使用 Excel 加载项；请在装有 Excel 的 Windows 或 macOS 电脑上运行本检查。")
    else:
        lines.append("全部通过：重新启动 Excel 后即可使用“预算公开”选项卡。")
    return "\n".join(lines)


