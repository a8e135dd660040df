"""The user-level xlwings config file, written the way xlwings' VBA reads it.

xlwings' ``GetConfigFromFile`` reads ``"KEY","VALUE"`` lines with ``Input #``: on Windows in the
ANSI code page (cp936 on Chinese Windows), so a UTF-8 file turns ``C:\\Users\\张三`` into
mojibake; a blank line ends the read with run-time error 62 (xlwings' own writer drops them).
So the file is written in that code page, one line per key, no blank lines, CRLF on Windows;
other keys are kept, whatever encoding the existing file has (even undecodable lines are kept
byte for byte), and reading an existing file never fails.
"""

from __future__ import annotations

import codecs
import locale
import re
import sys
from pathlib import Path

from yusuan.addin.settings import is_windows
from yusuan.errors import UserError

_KEY = re.compile(rb'\s*"?([^",\r\n]*?)"?\s*,')


def vba_encoding(platform: str | None = None) -> str:
    """The encoding xlwings' VBA reads the file in: the ANSI code page on Windows
    (``locale.getencoding``, also in Python's UTF-8 mode); on macOS UTF-8, which is what
    xlwings' own ``update_user_config`` writes there."""
    return locale.getencoding() if is_windows(platform or sys.platform) else "utf-8"


def _key(raw: bytes) -> str | None:
    match = _KEY.match(raw)
    return match.group(1).decode("ascii", "replace").strip().upper() if match else None


def _decoded(raw: bytes, encoding: str) -> str | None:
    for candidate in ("utf-8", encoding):
        try:
            return raw.decode(candidate)
        except UnicodeDecodeError:
            continue
    return None


def _lines(data: bytes, encoding: str) -> list[bytes]:
    """The existing file's non-blank lines, re-encoded in ``encoding`` where they can be."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # VBA cannot read UTF-16 at all: transcode what is there
        text = data.decode("utf-16", errors="replace")
        return [line.encode(encoding, errors="replace") for line in text.splitlines() if line.strip()]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    kept = []
    for raw in data.split(b"\n"):
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            continue  # a blank line is VBA's run-time error 62
        decoded = _decoded(raw, encoding)
        try:
            kept.append(decoded.encode(encoding) if decoded is not None else raw)
        except UnicodeEncodeError:
            kept.append(raw)  # not representable in the code page: left exactly as it was
    return kept


def _line(key: str, value: str) -> str:
    if '"' in value or "\n" in value or "\r" in value:
        raise UserError(f"配置项 {key} 的值不能包含引号或换行：{value}")
    return f'"{key}","{value}"'


def read_user_config(path: Path, platform: str | None = None, encoding: str | None = None) -> dict[str, str]:
    """The file's keys (upper case) and values as the VBA reads them (in ``encoding``)."""
    encoding = encoding or vba_encoding(platform)
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    found: dict[str, str] = {}
    for raw in data.split(b"\n"):
        key = _key(raw)
        if key is None or key in found:
            continue
        text = raw.rstrip(b"\r").decode(encoding, errors="replace")
        value = text.split(",", 1)[1].strip()
        found[key] = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    return found


def write_user_config(path: Path, settings: dict[str, str], platform: str | None = None,
                      encoding: str | None = None) -> Path:
    """Set ``settings`` in the file at ``path`` in the VBA's ``encoding``, other keys kept."""
    platform = platform or sys.platform
    encoding = encoding or vba_encoding(platform)
    replaced = {key.upper() for key in settings}
    new = []
    for key, value in settings.items():
        try:
            new.append(_line(key, value).encode(encoding))
        except UnicodeEncodeError:
            raise UserError(f"路径 {value} 含有 {encoding} 编码无法表示的字符，Excel 读不到它：请把 Python 安装到"
                            "只含英文或常用汉字的路径，或使用 yusuan addin install（设置保存在加载项内）。") from None
    try:
        existing = path.read_bytes() if path.exists() else b""
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{exc.strerror or exc}") from None
    kept = [line for line in _lines(existing, encoding) if _key(line) not in replaced]
    newline = b"\r\n" if is_windows(platform) else b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(newline.join(kept + new) + newline)
        partial.replace(path)
    except OSError as exc:
        raise UserError(f"无法写入 {path}：{exc.strerror or exc}") from None
    return path
