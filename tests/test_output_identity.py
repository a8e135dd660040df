"""Every cell of the demo output stays what it was (issue 13 part 4): value, number format,
font, fill, border, alignment, and every merged range, compared cell by cell with the committed
tests/fixtures/demo_output.fingerprint (written by tests/fingerprint.py from the same build).

A speed-up must leave this test green without touching the fingerprint.  An intended change of
the output (a new column, a format, a wording) refreshes it: ``make fingerprint``, then commit
the file with the change, so that its diff shows what each changed cell now is.
"""

from __future__ import annotations

import difflib

import openpyxl
import pytest
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from fingerprint import FINGERPRINT, demo_fingerprint, fingerprint

HOW = "intended change of the output? run `make fingerprint` and commit tests/fixtures/demo_output.fingerprint"


def test_the_demo_output_is_identical_cell_by_cell():
    assert FINGERPRINT.exists(), HOW
    committed = FINGERPRINT.read_text(encoding="utf-8").splitlines()
    built = demo_fingerprint()
    if built != committed:
        diff = list(difflib.unified_diff(committed, built, "committed", "built", n=0, lineterm=""))
        shown = "\n".join(diff[:40]) + (f"\n… {len(diff) - 40} more lines" if len(diff) > 40 else "")
        raise AssertionError(f"the demo output differs from the fingerprint ({HOW}):\n{shown}")


@pytest.mark.parametrize("change", [
    lambda ws: setattr(ws["B2"], "value", 1.5),
    lambda ws: setattr(ws["B2"], "value", "1.25"),  # the same figure as text
    lambda ws: setattr(ws["B2"], "number_format", "0.000"),
    lambda ws: setattr(ws["B2"], "font", Font(name="宋体", bold=True)),
    lambda ws: setattr(ws["B2"], "fill", PatternFill("solid", fgColor="FFC7CE")),
    lambda ws: setattr(ws["B2"], "border", Border(left=Side(style="thin"))),
    lambda ws: setattr(ws["B2"], "alignment", Alignment(horizontal="right")),
    lambda ws: setattr(ws["C9"], "alignment", Alignment(wrap_text=True)),  # an empty cell's look
    lambda ws: ws.merge_cells("A1:B1"),
    lambda ws: setattr(ws, "sheet_state", "hidden"),
], ids=["value", "type", "number format", "font", "fill", "border", "alignment", "empty cell", "merge", "hidden"])
def test_the_fingerprint_sees_each_kind_of_change(change):
    """Not vacuous: one change of one cell's value, format or merge changes the fingerprint."""
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"], ws["B2"] = "标题", 1.25
    ws["B2"].number_format = "#,##0.00"
    before = fingerprint(book)
    change(ws)
    assert fingerprint(book) != before
