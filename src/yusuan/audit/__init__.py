"""Audit: recognise disclosure tables in any workbook and parse them back into
:class:`~yusuan.audit.model.SheetTable` objects that the table and cross-table rules check."""
