"""Audit: recognise disclosure tables in any workbook and parse them back into
:class:`~yusuan.model.parsed.SheetTable` objects, run every check on them (:mod:`runner`, a folder
of workbooks: :mod:`folder`), and take last year's figures from last year's workbook
(:mod:`last_year`)."""
