"""导出前校验 (export gate): a workbook with 错误 findings is not exported unless forced.

``yusuan export`` and the 导出文档 button both export through :func:`export_checked`: once the
workbook is known to hold the tables, it runs the checks of 校验 on the workbook as it stands
(the tables and the 情况说明 the document prints), writing nothing unless asked to mark them:

- no 错误 (警告 and 提示 never block): the document is written;
- 错误 and not forced: :class:`ExportRefused` (exit code 1) with one Chinese line — how many
  错误 and where to see them — and no document;
- 错误 and forced: the document is written and :attr:`GateResult.note` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from yusuan.audit.runner import table_findings
from yusuan.checks.flags import apply_flags
from yusuan.checks.summary import write_summary
from yusuan.document.export import ExportResult, check_docx_path, read_content, write_document
from yusuan.errors import UserError
from yusuan.findings.marks import SUMMARY_SHEET
from yusuan.findings.rule import Finding, Severity
from yusuan.ports import WorkbookPort
from yusuan.profiles import Profile

BUTTON_WHERE = f"问题已标注在单元格上，全部列在“{SUMMARY_SHEET}”工作表；改正后再导出"
DEFAULT_WHERE = f"请先校验，在“{SUMMARY_SHEET}”工作表中查看每一条，改正后再导出"


class ExportRefused(UserError):
    """The workbook has 错误 findings: the document was not written (exit code 1: README, 命令: 退出码)."""

    exit_code = 1


@dataclass(frozen=True)
class GateResult:
    findings: tuple[Finding, ...]
    forced: bool

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def note(self) -> str:
        """'' when nothing blocked the export; else the line saying it was forced."""
        if not self.errors:
            return ""
        return f"注意：工作簿有 {self.errors} 条“错误”，已按要求强制导出，文档中的数字可能有误。"


@dataclass(frozen=True)
class GatedExport:
    """The document written (:class:`~yusuan.document.export.ExportResult`) and the gate it passed."""

    document: ExportResult
    gate: GateResult

    @property
    def docx(self) -> Path:
        return self.document.docx

    @property
    def pdf(self) -> Path | None:
        return self.document.pdf

    @property
    def pdf_problem(self) -> str:
        return self.document.pdf_problem


def export_gate(port: WorkbookPort, *, force: bool = False, where: str = DEFAULT_WHERE, mark: bool = False,
                profile: Profile | None = None) -> GateResult:
    """Check ``port``; raise :class:`ExportRefused` when it has 错误 and ``force`` is False.

    ``where``: how the user sees the findings, ending the refusal line (the command line and
    the button say it differently).  ``mark``: on refusal, flag the findings in place and
    (re)write the 校验结果 sheet, as 校验 does (a live workbook; never a file opened read-only).
    ``profile``: the 表样 to check against (default: the default profile)."""
    findings = tuple(table_findings(port, profile).findings)
    result = GateResult(findings, force)
    if result.errors and not force:
        if mark:
            apply_flags(port, findings)
            write_summary(port, findings)
        raise ExportRefused(f"工作簿有 {result.errors} 条“错误”，未导出文档：{where}。")
    return result


def export_checked(port: WorkbookPort, path_docx: Path, pdf: bool | None = None, *, force: bool = False,
                   where: str = DEFAULT_WHERE, mark: bool = False, profile: Profile | None = None) -> GatedExport:
    """:func:`~yusuan.document.export.export_document` behind the gate: the path and the tables
    are checked first (their own messages), then the findings, then the document is written.
    ``profile`` (``yusuan export --profile-file``): the 表样 printed and checked, instead of 基本信息's."""
    path = Path(path_docx)
    check_docx_path(path)
    content = read_content(port, profile)
    gate = export_gate(port, force=force, where=where, mark=mark, profile=profile)
    return GatedExport(write_document(content, path, pdf), gate)


def cli_where(source: str) -> str:
    """The refusal's ending for ``yusuan export``."""
    return (f"运行 yusuan check {source} 查看每一条（列在副本的“{SUMMARY_SHEET}”工作表中），"
            "改正后再导出；确需导出请加 --force")
