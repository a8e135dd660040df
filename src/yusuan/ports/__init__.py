"""The workbook port: the only way table, check and narrative code touches a workbook.

Two implementations: :mod:`yusuan.ports.openpyxl_port` for files and (in the Excel add-in)
an xlwings one for a live book.  The API is block-oriented so that a live-Excel implementation
makes one call per block, not one per cell (a call into live Excel is slow).  The audit reads
files through the faster, read-only :mod:`yusuan.ports.calamine_port` (a :class:`WorkbookReader`).
"""

from yusuan.ports.base import CellRange, PageSetup, Style, WorkbookPort, WorkbookReader

__all__ = ["CellRange", "PageSetup", "Style", "WorkbookPort", "WorkbookReader"]
