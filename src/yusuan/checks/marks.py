"""What marks yusuan's own things in a workbook, so a re-run replaces only those.

A note whose first line (or a line after the user's own text) starts with ``OWN_NOTE_MARK``
was written by yusuan; everything before that line is the user's and is kept verbatim.
"""

from __future__ import annotations

OWN_NOTE_MARK = "[yusuan]"
SUMMARY_SHEET = "校验结果"
