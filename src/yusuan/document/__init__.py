"""导出文档: the disclosure document (.docx, PDF via LibreOffice) from a yusuan workbook.

Layout follows the published disclosures: cover, 目录, 第一部分 概况 (from 基本信息),
第二部分 情况说明 (the 情况说明 sheet), 第三部分 名词解释 (the 名词解释 sheet or the
profile's default text) and 附件 with every table of the profile as a Word table.
"""

from yusuan.document.export import ExportResult, export_document
from yusuan.document.glossary import write_glossary_sheet

__all__ = ["ExportResult", "export_document", "write_glossary_sheet"]
