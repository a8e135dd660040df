"""导出文档: the workbook → the disclosure document (.docx, and PDF where LibreOffice is).

Everything is read through the :class:`~yusuan.ports.WorkbookPort` — 基本信息, the 情况说明
sheet, the 名词解释 sheet (or its default text) and every table sheet of the profile — so the
export works on any yusuan workbook, including one the user edited after 生成报表.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from yusuan import profiles
from yusuan.document import pdf as pdf_tools
from yusuan.document.compose import Content, compose
from yusuan.document.glossary import glossary_paragraphs, read_glossary
from yusuan.document.narrative import read_narrative
from yusuan.document.overview import read_overview
from yusuan.document.printed import read_printed
from yusuan.document.wording import wording_for
from yusuan.errors import UserError
from yusuan.ports import WorkbookPort
from yusuan.ports.atomic import write_atomically


@dataclass(frozen=True)
class ExportResult:
    docx: Path
    pdf: Path | None = None
    pdf_problem: str = ""  # why no PDF was made when one was only wanted 'if available'


def export_document(port: WorkbookPort, path_docx: Path, pdf: bool | None = None) -> ExportResult:
    """Write the document to ``path_docx``.

    ``pdf``: True — a PDF is required (UserError when it cannot be made); None — made when
    LibreOffice is installed, a failure only noted in the result; False — no PDF."""
    path = Path(path_docx)
    check_docx_path(path)
    return write_document(read_content(port), path, pdf)


def write_document(content: Content, path: Path, pdf: bool | None = None) -> ExportResult:
    """Write ``content`` (read by :func:`read_content`) to ``path`` (a checked .docx path);
    ``pdf`` as in :func:`export_document`."""
    doc = compose(content)
    path = write_atomically(path, lambda temp: doc.save(str(temp)))
    if pdf is False or (pdf is None and pdf_tools.soffice() is None):
        return ExportResult(path)
    try:
        return ExportResult(path, pdf_tools.convert_to_pdf(path))
    except UserError as exc:
        if pdf:
            raise
        return ExportResult(path, None, exc.message)


def check_docx_path(path: Path) -> None:
    if path.is_dir():
        raise UserError(f"{path} 是文件夹，请用 -o 指定要保存的文档文件名（.docx）。")
    if path.suffix.lower() != ".docx":
        raise UserError(f"{path.name}：输出文档须以 .docx 结尾。")


def read_content(port: WorkbookPort, profile: profiles.Profile | None = None) -> Content:
    """The document's content; ``profile`` (``--profile-file``) replaces the 表样版本 of 基本信息."""
    overview = read_overview(port)
    profile = profile or profiles.load(overview.profile)
    wording = wording_for(profile)
    sheets = set(port.sheet_names())
    missing = [spec.sheet_name() for spec in profile.tables if spec.sheet_name() not in sheets]
    if len(missing) == len(profile.tables):
        raise UserError("工作簿中还没有公开表格，请先运行“生成报表”，再导出文档。")
    if missing:
        raise UserError(f"工作簿中缺少表格：{'、'.join(missing)}。请重新运行“生成报表”，再导出文档。")
    narrative = read_narrative(port)
    tables = [(spec, read_printed(port, spec)) for spec in profile.tables]
    glossary = glossary_paragraphs(read_glossary(port, wording))
    return Content(overview, wording, narrative, glossary, tables)
