"""PDF through LibreOffice: ``soffice --headless --convert-to pdf``.

LibreOffice runs with a throw-away user profile, so a LibreOffice window the user has open
(which would otherwise swallow the request and exit silently) does not interfere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from yusuan.errors import UserError
from yusuan.ports.atomic import write_atomically

TIMEOUT_SECONDS = 180
_CANDIDATES = (
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "LibreOffice" / "program" / "soffice.exe",
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)


def soffice() -> str | None:
    """The LibreOffice executable, or None when LibreOffice is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((str(p) for p in _CANDIDATES if p.is_file()), None)


def convert_to_pdf(docx: Path, target: Path | None = None, timeout: int = TIMEOUT_SECONDS) -> Path:
    """Write ``target`` (default: the .docx's name with .pdf) and return it."""
    exe = soffice()
    if exe is None:
        raise UserError("未找到 LibreOffice（soffice），无法生成 PDF；请安装 LibreOffice，或在 Word 中另存为 PDF。")
    target = target or docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="yusuan_pdf_") as tmp:
        profile, out = Path(tmp) / "profile", Path(tmp) / "out"
        command = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(out), str(docx)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise UserError(f"LibreOffice 转换 PDF 超过 {timeout} 秒仍未完成，已放弃；Word 文档已生成：{docx}") from None
        except OSError as exc:
            raise UserError(f"无法启动 LibreOffice（{exc.strerror or exc}），未生成 PDF；Word 文档已生成：{docx}") from None
        produced = out / f"{docx.stem}.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            reason = _last_line(done.stderr) or _last_line(done.stdout) or f"退出码 {done.returncode}"
            if "could not be loaded" in reason:  # what soffice says when only Calc is installed
                reason += "，可能未安装 LibreOffice Writer 组件"
            raise UserError(f"LibreOffice 未能生成 PDF（{reason}）；Word 文档已生成：{docx}")
        return write_atomically(target, lambda temp: _copy(produced, temp))


def _last_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
