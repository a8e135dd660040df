"""导出文档: the disclosure document (.docx, PDF via LibreOffice) from a yusuan workbook.

Layout follows the published disclosures: cover, 目录, 第一部分 概况 (from 基本信息),
第二部分 情况说明 (the 情况说明 sheet), 第三部分 名词解释 (the 名词解释 sheet or the
profile's default text) and 附件 with every table of the profile as a Word table.

The package names nothing itself: ``yusuan.document.export`` (python-docx) loads only where a
document is written, not with every build that imports ``glossary`` or ``wording``.
"""
