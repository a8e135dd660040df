"""The xlwings port without Excel, on the strict stand-in of :mod:`xlwings_double`, in both flavours.

With it the tests show that a build through :class:`XlwingsWorkbook` writes the same workbook as
the openpyxl port and as the command line, on Windows and on macOS; that every ``.api`` member
the port uses exists in Excel's Windows object model (type library) or its AppleScript
dictionary; and that the number of calls into Excel follows the tables and findings, not the
cells.
"""

from __future__ import annotations

import csv
import inspect
import shutil
import subprocess
import sys
import types
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import docx
import pytest
import xlwings
import xlwings.main
from pyopenvba.interpreter._inventory import members_of
from xlwings import mac_dict

from builds import FOREIGN, foreign_checked_bytes, foreign_cleared_bytes, open_copy
from yusuan.audit.last_year import import_last_year
from yusuan.build import BuildOutcome, build_workbook
from yusuan.cli import main
from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.errors import UserError
from yusuan.excel import (
    build_tables_button,
    check_button,
    clear_button,
    export_button,
    import_last_year_button,
    narrative_button,
)
from yusuan.findings.marks import MARKS_SHEET, OWN_NOTE_MARK, SUMMARY_SHEET, read_marks
from yusuan.inputs.names import STATE_SHEET
from yusuan.inputs.template import LAST_YEAR_SHEET, write_template
from yusuan.narrative import NARRATIVE_SHEET
from yusuan.ports import CellRange, PageSetup, Style, WorkbookPort, xlwings_port
from yusuan.ports.base import Validation, a1
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.ports.xlwings_port import XlwingsWorkbook, from_excel, parse_address, to_excel

from . import xlwings_double
from .xlwings_double import (
    EXCEL_USER,
    FLAVOURS,
    MAC,
    MODEL,
    WINDOWS,
    FakeBook,
    FakeChart,
    FakeNote,
    FakeRange,
    FakeSheet,
    NoSuchMember,
    SheetState,
    fake_appscript,
    fake_xlwings,
    typed_into_excel,
)


@pytest.fixture(params=FLAVOURS, ids=["Windows", "Mac"])
def flavour(request, monkeypatch) -> str:
    """Each test taking it runs once as on Windows and once as on a Mac."""
    monkeypatch.setattr(xlwings_port, "PLATFORM", request.param)
    monkeypatch.setitem(sys.modules, "appscript", fake_appscript())
    return request.param


# helpers ---------------------------------------------------------------------------------------
@cache
def demo_input() -> OpenpyxlWorkbook:
    """The demo department's input, made once: only ever read (``FakeBook.from_port`` copies it
    into a live book); a test that changes an input makes its own."""
    return input_workbook_from_csv(sample_folder())


@cache
def live_demo_build(flavour: str) -> tuple[FakeBook, XlwingsWorkbook, BuildOutcome, int, int]:
    """The demo input built through the port in a live book of ``flavour``, once per flavour (the
    tests taking it only read the book): the book, the port, the outcome, and the calls into
    Excel and the cells they moved during the build.  Called from a test taking ``flavour``."""
    book = FakeBook.from_port(demo_input(), flavour=flavour)
    port = XlwingsWorkbook(book, flavour)
    book.rec.reset()
    outcome = build_workbook(port)
    return book, port, outcome, book.rec.calls, book.rec.cells


def all_values(port: WorkbookPort) -> dict[str, list[list]]:
    return {name: port.read_values(name) for name in port.sheet_names()}


def comparable(values: dict[str, list[list]]) -> dict[str, list[list]]:
    """Floats and ints compare by value; a float that is whole reads back as int from Excel."""
    return {s: [[from_excel(v) for v in row] for row in rows] for s, rows in values.items()}


def scaled_department(tmp_path: Path, factor: int) -> Path:
    """The sample department with each budget line split into ``factor`` lines of different
    amounts adding up to the original: the same tables, ``factor`` times the input cells."""
    folder = tmp_path / f"x{factor}"
    shutil.copytree(sample_folder(), folder)
    path = folder / "支出明细.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, lines = rows[0], rows[1:]
    amount = header.index("金额")
    weights = list(range(1, factor + 1))
    out = [header]
    for line in lines:
        total = Decimal(line[amount])
        fen = int(total * 100)
        if fen < sum(weights):
            out.append(line)
            continue
        parts = [fen * w // sum(weights) for w in weights]
        parts[-1] += fen - sum(parts)
        for part in parts:
            out.append(line[:amount] + [f"{Decimal(part) / 100:.2f}"] + line[amount + 1:])
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(out)
    return folder


def measured_build(source: OpenpyxlWorkbook, flavour: str = WINDOWS) -> tuple[FakeBook, object, int, int]:
    book = FakeBook.from_port(source, flavour=flavour)
    book.rec.reset()
    outcome = build_workbook(XlwingsWorkbook(book, flavour))
    return book, outcome, book.rec.calls, book.rec.cells


# the port over the stand-in ---------------------------------------------------------------------
def test_build_through_xlwings_writes_the_same_workbook_as_openpyxl(flavour, demo_outcome, demo_book):
    file_port, on_file = demo_book, demo_outcome  # the session's build of the demo on file (tests/builds.py)
    live, port, in_excel, _, _ = live_demo_build(flavour)
    assert on_file.usable and in_excel.usable
    assert port.sheet_names() == file_port.sheet_names() == live.names()
    assert comparable(all_values(port)) == comparable(all_values(file_port))
    assert sorted(in_excel.findings, key=lambda f: f.sort_key) == sorted(on_file.findings, key=lambda f: f.sort_key)
    for name in file_port.sheet_names():
        assert sorted(port.merged_ranges(name), key=lambda r: (r.top, r.left)) == \
            sorted(file_port.merged_ranges(name), key=lambda r: (r.top, r.left)), name
        assert port.read_notes(name) == file_port.read_notes(name), name
        assert {k for k, v in live.state(name).fills.items() if v is not None} >= set(file_port.read_notes(name))
    assert not any(state.formulas for state in live.states)
    assert {s.name for s in live.states if not s.visible} <= {STATE_SHEET, MARKS_SHEET}  # bookkeeping sheets hidden
    assert STATE_SHEET in {s.name for s in live.states if not s.visible}
    summary = live.state(SUMMARY_SHEET)
    assert len(summary.links) == sum(1 for f in in_excel.findings if f.cell and f.sheet in live.names())
    charts = [c for s in live.states for c in s.charts]
    assert charts and all(c["title"] and c["categories"] for c in charts)
    if flavour == MAC:  # what Excel for Mac cannot do is said, not failed
        assert xlwings_port.MAC_NO_PAPER_SIZE in port.warnings and xlwings_port.MAC_NO_CHART_LABELS in port.warnings
    else:
        assert port.warnings == []


def test_calls_follow_tables_and_findings_not_cells(tmp_path, flavour):
    small_book, _, small, small_calls, small_cells = live_demo_build(flavour)
    big_book, big, big_calls, big_cells = measured_build(input_workbook_from_csv(scaled_department(tmp_path, 10)), flavour)
    tables = len(small.built.tables)
    assert [t.spec.id for t in big.built.tables] == [t.spec.id for t in small.built.tables]
    for name in [t.spec.sheet_name() for t in small.built.tables]:
        assert big_book.state(name).values == small_book.state(name).values, name  # same tables
    report = (f"{flavour} demo: {small_calls} calls, {small_cells} cells, {len(small.findings)} findings; "
              f"×10 lines: {big_calls} calls, {big_cells} cells, {len(big.findings)} findings; {tables} tables")
    print(report)
    lines = [len(b.state("支出明细").values) for b in (small_book, big_book)]
    assert lines[1] > 9 * lines[0]  # ten times the input cells …
    # … and half as many cells again moved (支出明细 is read once: the check of the output reads no
    # input sheet again; the names yusuan fills are recorded compactly in _yusuan_state)
    assert big_cells > 1.5 * small_cells, report
    assert big_calls <= small_calls * 1.1 + 10 * abs(len(big.findings) - len(small.findings)), report
    # a small constant per table and per finding, whatever the number of cells
    assert small_calls <= 250 * tables + 30 * len(small.findings), report


def test_calls_grow_with_findings_by_a_small_constant():
    """Flagging n findings: a note, a fill and a summary link each, a handful of calls apiece."""
    from yusuan.build import flag_in_place
    from yusuan.checks.catalog import all_rules
    from yusuan.findings.rule import Finding, Severity

    live = FakeBook.from_port(demo_input())
    port = XlwingsWorkbook(live)
    outcome = build_workbook(port)
    sheet = outcome.layouts[2].sheet
    code = all_rules()[0].code

    def calls_for(n: int) -> int:
        findings = [Finding(code, Severity.ERROR, sheet, a1(10 + i // 5, 2 + i % 5), f"问题{i}") for i in range(n)]
        live.rec.reset()
        flag_in_place(port, findings)
        return live.rec.calls

    calls = {n: calls_for(n) for n in (0, 10, 100)}
    per_finding = (calls[100] - calls[10]) / 90
    print(f"flagging: {calls} calls for 0/10/100 findings, {per_finding:.1f} per finding")
    assert per_finding <= 40
    assert calls[0] <= 30 * len(live.states)  # reading each sheet's notes, writing the summary


def test_calls_per_cell_stay_small_on_a_large_department(tmp_path):
    """20 units, 2,000 lines (the bench generator): tables with many rows, one block each."""
    from yusuan.bench import synthetic_input

    path = tmp_path / "large.xlsx"
    synthetic_input(path, units=20, lines=2000)
    book, outcome, calls, cells = measured_build(OpenpyxlWorkbook.open(path))
    per_member = book.rec.by_member
    print(f"large: {calls} calls, {cells} cells, {len(outcome.findings)} findings; "
          f"value calls {per_member['Range.value'] + per_member['Range.value=']}")
    assert cells > 20 * calls
    # value traffic is a handful of blocks per sheet, however many rows the tables have
    assert per_member["Range.value"] + per_member["Range.value="] <= 12 * len(book.states)


def one_sheet(flavour: str, *names: str) -> tuple[FakeBook, XlwingsWorkbook]:
    book = FakeBook(flavour=flavour)
    book.states += [SheetState(name) for name in names or ("表",)]
    return book, XlwingsWorkbook(book)


def test_strings_starting_with_equals_stay_text(flavour):
    book, port = one_sheet(flavour)
    tricky = ["=SUM(A1:A3)", "=1+1", "'引号开头", "+86", "-5", "@user", "00123", "2025年1月", "12.50%", "TRUE",
              "#N/A", "１２３", "普通文字", "=", ""]
    port.write_values("表", 1, 1, [tricky])
    assert not book.state("表").formulas
    expected = tricky[:-1]  # the trailing blank is not part of the used values
    assert port.read_values("表") == [expected]
    # what a naive write would have done: Excel turns them into formulas, numbers and dates
    naive = [typed_into_excel(v) for v in tricky]
    assert naive[0] == ("formula", "=SUM(A1:A3)") and naive[6] == 123.0 and isinstance(naive[7], datetime)
    # plain text goes as it is (no mark a user would see in the formula bar)
    assert to_excel("普通文字") == "普通文字" and to_excel("=x") == "'=x"


def test_text_formatted_cells_get_no_apostrophe(flavour):
    book, port = one_sheet(flavour)
    state = book.state("表")
    state.formats = {(r, 1): "@" for r in range(1, 4)}  # the code column of an input sheet
    port.write_values("表", 1, 1, [["00123", "=A1", "普通"], ["=B2", "-5", "x"], ["2025年", "7", "y"]])
    assert port.read_values("表") == [["00123", "=A1", "普通"], ["=B2", "-5", "x"], ["2025年", "7", "y"]]
    assert all(not str(v).startswith("'") for v in state.values.values()) and not state.formulas
    assert book.rec.by_member["Range.number_format"] == 3  # the block, then its two columns at risk


def test_values_round_trip_as_openpyxl_reads_them(flavour):
    book, port = one_sheet(flavour)
    port.write_values("表", 2, 2, [[1, 2.5, None], [Decimal("3.10"), 2**40, True]])
    port.write_values("表", 5, 1, [["短"], ["长行", "x", "y"]])  # ragged rows: untouched cells stay
    rows = port.read_values("表")
    assert rows == [
        [None, None, None, None],
        [None, 1, 2.5, None],
        [None, 3.1, 2**40, True],
        [None, None, None, None],
        ["短", None, None, None],
        ["长行", "x", "y", None],
    ]
    assert isinstance(rows[1][1], int)  # Excel's double 1.0 reads back as openpyxl's 1


def test_a_sheet_stretched_by_formatting_is_read_to_its_last_value(flavour):
    book, port = one_sheet(flavour)
    state = book.state("表")
    state.values = {(1, 1): "甲", (3, 2): 5.0}
    state.fills[(3000, 2000)] = (255, 0, 0)  # a stray fill far away: 6,000,000 cells of used range
    assert port.read_values("表") == [["甲", None], [None, None], [None, 5]]
    assert book.rec.by_member["Range.find"] == 2


def test_one_call_per_range_for_formats_merges_widths(flavour):
    book, port = one_sheet(flavour)
    port.sheet_names()
    book.rec.reset()
    port.apply_style("表", CellRange(1, 1, 5000, 20), Style(bold=True, border=True, number_format="#,##0.00",
                                                           fill="F2F2F2", h_align="center", wrap=True))
    assert book.rec.calls <= 12  # the same for 100,000 cells as for one
    assert book.state("表").fills[(5000, 20)] == (0xF2, 0xF2, 0xF2)
    book.rec.reset()
    port.set_column_widths("表", {c: 12.0 for c in range(1, 30)} | {30: 40.0})
    port.set_row_heights("表", {r: 30.0 for r in range(1, 2000, 2)})  # 1,000 scattered rows
    if flavour == WINDOWS:
        assert book.rec.calls <= 2 * 2 + 2 * 40  # union addresses of ≤255 characters
    else:
        assert book.rec.calls <= 2 * (2 + 1000)  # appscript takes no union: one call per run of rows
    book.rec.reset()
    with_alerts = book._app._settings["display_alerts"]
    port.merge("表", [CellRange(1, 1, 1, 20), CellRange(2, 1, 3, 2), CellRange.cell(4, 4)])
    assert book._app._settings["display_alerts"] == with_alerts  # off while merging, back afterwards
    assert book.rec.by_member["Range.merge"] == 2
    assert port.merged_ranges("表") == [CellRange(1, 1, 1, 20), CellRange(2, 1, 3, 2)]


def test_merged_ranges_of_a_sheet_it_did_not_create(flavour):
    book, port = one_sheet(flavour, "外来表")
    state = book.state("外来表")
    state.values = {(1, 1): "标题", (3, 2): 5.0, (40, 12): "尾"}
    state.merges = [CellRange(1, 1, 1, 6), CellRange(2, 2, 3, 3), CellRange(2, 5, 2, 6), CellRange(20, 4, 25, 9)]
    book.rec.reset()
    assert port.merged_ranges("外来表") == sorted(state.merges, key=lambda r: (r.top, r.left))
    print(f"{flavour}: {book.rec.calls} calls to find {len(state.merges)} merged areas in 40 × 12 cells")
    assert book.rec.calls <= 60 * len(state.merges)
    assert XlwingsWorkbook(FakeBook.from_port(OpenpyxlWorkbook.new(), flavour=flavour)).sheet_names() == []


def test_notes_fills_and_links(flavour):
    book, port = one_sheet(flavour, "表", "目标")
    book.states[0].notes[(2, 2)] = "用户的批注"
    port.set_note("表", 2, 2, "用户的批注\n" + OWN_NOTE_MARK + " fill=none")
    port.set_note("表", 3, 3, OWN_NOTE_MARK)
    assert port.read_notes("表") == {(2, 2): "用户的批注\n" + OWN_NOTE_MARK + " fill=none", (3, 3): OWN_NOTE_MARK}
    assert port.note_author("表", 3, 3) == EXCEL_USER and port.note_author("表", 4, 4) is None
    port.delete_note("表", 3, 3)
    port.delete_note("表", 9, 9)  # no note there: nothing to do
    assert port.read_notes("表") == {(2, 2): "用户的批注\n" + OWN_NOTE_MARK + " fill=none"}
    assert port.read_fill("表", 2, 2) is None
    assert port.read_fill_state("表", 2, 2) == ""
    port.set_fill("表", 2, 2, "FFC7CE")
    assert port.read_fill("表", 2, 2) == "FFC7CE"
    assert port.read_fill_state("表", 2, 2) == "solid:FFC7CE"  # the pattern asked through .api
    port.set_fill_state("表", 2, 2, "solid:C6EFCE")
    assert port.read_fill("表", 2, 2) == "C6EFCE"
    port.set_fill("表", 2, 2, None)
    assert port.read_fill("表", 2, 2) is None
    port.set_fill("表", 2, 2, "theme:4:-0.25")
    if flavour == WINDOWS:
        assert port.read_fill("表", 2, 2) is not None
    else:  # no theme colours through the Mac dictionary: cleared, and said
        assert port.read_fill("表", 2, 2) is None and "表!B2" in port.warnings[-1]
    port.write_values("表", 5, 6, [["B7"]])
    port.set_hyperlink("表", 5, 6, "目标", "B7")
    assert book.state("表").links[(5, 6)] == ("'目标'!B7" if flavour == WINDOWS else "#'目标'!B7")
    assert port.read_values("表")[4][5] == "B7"


def test_sheets_order_hidden_page_setup_and_charts(flavour):
    book = FakeBook(flavour=flavour)
    port = XlwingsWorkbook(book)
    port.add_sheet("甲")
    port.add_sheet("丙")
    port.add_sheet("乙", 1)
    port.add_sheet("首", 0)
    assert port.sheet_names() == book.names() == ["首", "甲", "乙", "丙"]
    port.remove_sheet("甲")
    assert port.sheet_names() == book.names() == ["首", "乙", "丙"]
    port.set_sheet_hidden("丙", True)
    assert not book.state("丙").visible
    port.set_page_setup("乙", PageSetup(landscape=True, title_rows=(4, 5)))
    port.freeze_panes("乙", 6, 1)
    port.add_list_validation("乙", CellRange(2, 1, 100, 1), ["是", "否"])
    port.add_chart("乙", "bar", "图", CellRange(2, 2, 5, 2), CellRange(2, 1, 5, 1), "D4", (15, 6))
    port.add_chart("乙", "pie", "饼", CellRange(2, 2, 5, 2), CellRange(2, 1, 5, 1), "D20")
    state = book.state("乙")
    assert state.validations == [(CellRange(2, 1, 100, 1), ["是", "否"])]
    assert [(c["type"], c["title"], c["values"], c["categories"]) for c in state.charts] == [
        ("bar_clustered", "图", CellRange(2, 2, 5, 2), CellRange(2, 1, 5, 1)),
        ("pie", "饼", CellRange(2, 2, 5, 2), CellRange(2, 1, 5, 1))]
    calls = book.rec.by_member
    if flavour == WINDOWS:
        assert port.warnings == []
        assert calls["PageSetup.Orientation="] == 1 and calls["Application.PrintCommunication="] == 2
        assert calls["Series.DataLabels()"] == 2 and calls["Window.SplitRow="] == 1
    else:
        assert state.mac[("page_setup_object", "page_orientation")] == "landscape"
        assert state.mac[("page_setup_object", "print_title_rows")] == "$4:$5"
        assert book.mac[("active_window", "split_row")] == 5 and book.mac[("active_window", "freeze_panes")] is True
        assert port.warnings == [xlwings_port.MAC_NO_PAPER_SIZE, xlwings_port.MAC_NO_CHART_LABELS]
    with pytest.raises(ValueError):
        port.add_chart("乙", "line", "x", CellRange(2, 2, 5, 2), CellRange(2, 1, 5, 1), "D4")


def test_page_setup_without_a_printer_is_a_warning_not_a_failure(monkeypatch):
    book, port = one_sheet(WINDOWS)

    def no_printer(self, name, value):
        if name == "PaperSize":
            raise RuntimeError("Unable to set the PaperSize property")
        object.__setattr__(self, name, value)

    monkeypatch.setattr(xlwings_double.Com, "__setattr__", no_printer)
    port.set_page_setup("表", PageSetup())
    assert len(port.warnings) == 1 and "打印设置" in port.warnings[0]


def test_save_writes_a_copy_unless_it_is_the_books_own_file(tmp_path):
    own = tmp_path / "本书.xlsx"
    book = FakeBook.from_port(demo_input(), str(own))
    port = XlwingsWorkbook(book, WINDOWS)
    assert port.path == own
    port.save(tmp_path / "副本.xlsx")
    assert OpenpyxlWorkbook.open(tmp_path / "副本.xlsx").sheet_names() == book.names()
    port.save(own)
    assert book.saved == 1
    assert XlwingsWorkbook(FakeBook("工作簿1")).path is None


def test_a_mac_book_saves_itself_but_no_copy(tmp_path):
    own = tmp_path / "本书.xlsx"
    book = FakeBook(str(own), flavour=MAC)
    port = XlwingsWorkbook(book, MAC)
    port.save(own)
    assert book.saved == 1
    with pytest.raises(UserError, match="Mac 版 Excel 不能另存副本"):
        port.save(tmp_path / "副本.xlsx")


# the stand-in is no more lenient than xlwings and Excel --------------------------------------------
def test_windows_members_in_the_data_file_exist_in_excels_type_library():
    for cls, members in MODEL["windows"].items():
        real = members_of(cls, "excel")
        assert real, f"{cls} is not an Excel class"
        for member in members:
            assert member.removesuffix("()").lower() in real, f"Excel's {cls} has no {member}"
            result = members[member]
            assert result is None or result in MODEL["windows"] or members_of(result, "excel"), result


def test_mac_terms_in_the_data_file_exist_in_the_applescript_dictionary():
    terms = {t[0] for t in [*mac_dict.properties, *mac_dict.elements, *mac_dict.commands]}
    enums = {t[0] for t in mac_dict.enums}
    assert set(MODEL["mac"]["names"]) <= terms
    assert set(MODEL["mac"]["keywords"]) <= enums
    assert not set(MODEL["mac"]["absent"]) & terms  # what the port says a Mac cannot do is really absent


def test_the_stand_in_refuses_members_excel_does_not_have(flavour):
    book, port = one_sheet(flavour)
    api = book.sheets["表"].api
    with pytest.raises(NoSuchMember):
        api.Cells if flavour == WINDOWS else api.cells  # noqa: B018 - real, but not on the port's list
    with pytest.raises(NoSuchMember):
        api.PageSetUp if flavour == WINDOWS else api.paper_size  # noqa: B018 - not Excel's
    if flavour == MAC:
        with pytest.raises(NoSuchMember):
            sys.modules["appscript"].k.paper_a4  # noqa: B018


@pytest.mark.parametrize("fake, real", [
    (FakeRange, xlwings.main.Range), (FakeSheet, xlwings.main.Sheet), (FakeBook, xlwings.main.Book),
    (FakeNote, xlwings.main.Note), (FakeChart, xlwings.main.Chart),
])
def test_the_stand_ins_xlwings_members_are_xlwings_own(fake, real):
    own = {n for n in vars(fake) if not n.startswith("_") and n not in ("ndim", "book", "state", "rec", "flavour",
                                                                        "states", "mac", "active", "saved")}
    helpers = {"state", "names", "from_port", "to_port"}
    assert own - helpers <= set(dir(real)), own - helpers - set(dir(real))


def test_every_port_method_is_implemented_with_the_protocols_signature():
    port = XlwingsWorkbook(FakeBook())
    assert isinstance(port, WorkbookPort)
    members = [n for n, v in vars(WorkbookPort).items() if callable(v) and not n.startswith("_")]
    assert len(members) >= 20
    for name in members:
        ours = inspect.signature(getattr(XlwingsWorkbook, name))
        theirs = inspect.signature(getattr(WorkbookPort, name))
        assert list(ours.parameters) == list(theirs.parameters), name


def test_parse_address():
    assert parse_address("$B$2:$D$3") == CellRange(2, 2, 3, 4)
    assert parse_address("AA10") == CellRange.cell(10, 27)
    with pytest.raises(ValueError):
        parse_address("")


def test_from_excel_keeps_fractions_and_dates():
    assert from_excel(2.0) == 2 and isinstance(from_excel(2.0), int)
    assert from_excel(2.5) == 2.5 and from_excel(datetime(2025, 1, 1)) == datetime(2025, 1, 1)
    assert from_excel(True) is True


# entry points in the (stand-in) live book, once per flavour ------------------------------------------


MARKED = 3  # of the hidden marks sheet: sheet, cell, note; the fills are recorded in each port's own form


def workbook_state(port: OpenpyxlWorkbook) -> dict:
    """Everything a user sees of a workbook: sheets in order, values, merged cells, notes."""
    def values(name):
        rows = comparable({name: port.read_values(name)})[name]
        return [row[:MARKED] for row in rows] if name == MARKS_SHEET else rows

    return {
        name: (values(name), sorted((r.top, r.left, r.bottom, r.right) for r in port.merged_ranges(name)),
               port.read_notes(name))
        for name in port.sheet_names()
    } | {"__order__": port.sheet_names()}


@pytest.fixture(scope="module")
def cli_outputs(demo_cli_built) -> dict[str, OpenpyxlWorkbook]:
    """What the command line writes: build of the demo input (the session's, tests/conftest.py),
    check of a foreign workbook, clear (the session's, tests/builds.py)."""
    return {"built": OpenpyxlWorkbook.open(demo_cli_built), "checked": open_copy(foreign_checked_bytes()),
            "cleared": open_copy(foreign_cleared_bytes())}


def test_build_button_in_the_calling_book_gives_the_command_lines_workbook(monkeypatch, flavour, cli_outputs):
    live = FakeBook.from_port(demo_input(), flavour=flavour)
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(live))
    before = live._app.settings
    outcome = build_tables_button()
    assert outcome is not None and outcome.usable
    assert workbook_state(live.to_port()) == workbook_state(cli_outputs["built"])
    assert live._app.settings == before  # screen updating, calculation … given back
    title, text, mode = live._app.alerts[-1]
    assert title == "生成报表" and mode == "info" and "张表" in text
    if flavour == MAC:  # what the Mac cannot do is in the closing message
        assert xlwings_port.MAC_NO_PAPER_SIZE in text
    assert ("screen_updating", False) in live._app.history and ("calculation", "manual") in live._app.history
    progress = [v for k, v in live._app.history if k == "status_bar" and isinstance(v, str)]
    assert any("正在写入" in v for v in progress)
    assert len(progress) <= len(live.states) + 3  # one status line per sheet, not per cell


def test_check_and_clear_buttons_give_the_command_lines_workbooks(monkeypatch, flavour, cli_outputs):
    live = FakeBook.from_port(OpenpyxlWorkbook.open(FOREIGN), flavour=flavour)
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(live))
    before = live._app.settings
    outcome = check_button()
    assert outcome is not None and outcome.findings and outcome.parsed.tables
    assert live._app.alerts[-1][0] == "校验" and live._app.settings == before
    assert workbook_state(live.to_port()) == workbook_state(cli_outputs["checked"])
    flagged = len(read_marks(XlwingsWorkbook(live)))
    assert flagged and not any(OWN_NOTE_MARK in n for s in live.states for n in s.notes.values())
    assert clear_button() == flagged
    assert workbook_state(live.to_port()) == workbook_state(cli_outputs["cleared"])
    assert SUMMARY_SHEET not in live.names() and MARKS_SHEET not in live.names()
    assert not any(v is not None for s in live.states for v in s.fills.values())
    assert live._app.settings == before


def test_narrative_button_gives_the_command_lines_workbook(monkeypatch, flavour, cli_outputs):
    live = FakeBook.from_port(cli_outputs["built"], flavour=flavour)
    live.states = [s for s in live.states if s.name != NARRATIVE_SHEET]  # the user deleted it …
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(live))
    assert narrative_button() is not None
    assert workbook_state(live.to_port()) == workbook_state(cli_outputs["built"])  # … and it is back as built


def test_import_button_fills_last_year_as_the_library_does(monkeypatch, flavour, demo_cli_built):
    built = demo_cli_built  # last year's workbook: `yusuan build`'s (the session's), only read
    blank = input_workbook_from_csv(sample_folder())  # changed below: its own
    rows = blank.read_values(LAST_YEAR_SHEET)
    blank.write_values(LAST_YEAR_SHEET, 2, rows[0].index("金额") + 1, [[None] for _ in rows[1:]])
    live = FakeBook.from_port(blank, flavour=flavour)
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(live))
    findings = import_last_year_button(str(built))
    assert findings == import_last_year(blank, built)
    assert comparable({"s": live.to_port().read_values(LAST_YEAR_SHEET)}) == \
        comparable({"s": blank.read_values(LAST_YEAR_SHEET)})
    assert "导入上年数" in live._app.alerts[-1][1]


def document_text(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


@pytest.fixture(scope="module")
def cli_document(demo_cli_built, tmp_path_factory) -> list[str]:
    """The text of what `yusuan export` writes of the built demo (once for both flavours)."""
    target = tmp_path_factory.mktemp("cli_export") / "命令行.docx"  # export only reads the workbook
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("yusuan.document.pdf.soffice", lambda: None)  # no LibreOffice: .docx only
        assert main(["export", str(demo_cli_built), "-o", str(target)]) == 0
    return document_text(target)


def test_export_button_writes_the_command_lines_document(monkeypatch, flavour, cli_outputs, cli_document, tmp_path):
    monkeypatch.setattr("yusuan.document.pdf.soffice", lambda: None)  # no LibreOffice: .docx only
    source = tmp_path / "本部门.xlsx"
    live = FakeBook.from_port(cli_outputs["built"], str(source), flavour=flavour)
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(live))
    result = export_button()
    assert result is not None and result.docx == tmp_path / "本部门.docx"
    assert document_text(result.docx) == cli_document


def test_a_book_xlwings_cannot_find_gives_a_chinese_message_not_a_traceback(monkeypatch, capsys):
    """Book.caller() fails for a OneDrive/SharePoint address: the lookup is inside the guarded run."""
    monkeypatch.delenv("YUSUAN_DEBUG", raising=False)
    user = FakeBook.from_port(demo_input())
    module = fake_xlwings(user)

    def not_found():
        raise KeyError("https://d.docs.live.net/abc/预算.xlsx")

    module.Book.caller = staticmethod(not_found)
    module.apps = types.SimpleNamespace(active=user._app)
    monkeypatch.setitem(sys.modules, "xlwings", module)
    assert check_button() is None
    title, text, mode = user._app.alerts[-1]
    assert title == "校验" and mode == "critical" and "找不到要处理的工作簿" in text and "OneDrive" in text
    module.apps = types.SimpleNamespace(active=None)  # no Excel answering: stderr, which xlwings shows
    with pytest.raises(SystemExit):
        check_button()
    err = capsys.readouterr().err
    assert err.startswith("校验：找不到要处理的工作簿") and "Traceback" not in err


def test_a_failure_in_excel_is_one_message_and_settings_come_back(monkeypatch):
    live = FakeBook.from_port(demo_input())
    monkeypatch.setitem(sys.modules, "xlwings", fake_xlwings(live))
    monkeypatch.delenv("YUSUAN_DEBUG", raising=False)

    def broken(self, sheet):
        raise RuntimeError("COM 错误\n第二行")

    monkeypatch.setattr(XlwingsWorkbook, "read_values", broken)
    before = live._app.settings
    assert build_tables_button() is None
    assert live._app.settings == before
    title, text, mode = live._app.alerts[-1]
    assert mode == "critical" and "YUSUAN_DEBUG" in text and "\n" not in text and "Traceback" not in text


def test_a_list_from_a_range_of_the_book_and_its_prompt_in_both_flavours(flavour):
    """The template's code drop-downs refer to the hidden list sheet and 单位代码 to 单位信息:
    xlwings' cross-platform ``set_list`` with a Range, then the prompt through each object model."""
    book, port = one_sheet(flavour, "支出明细", "单位信息")
    cells = CellRange(2, 1, 2000, 1)
    port.add_validation("支出明细", cells, Validation(source="'单位信息'!$A$2:$A$2000", prompt_title="单位代码",
                                                     prompt="从单位信息中选择", strict=True))
    assert book.state("支出明细").validations == [(cells, "='单位信息'!$A$2:$A$2000")]
    if flavour == MAC:
        texts = {path[2]: value for path, value in book.state("支出明细").mac.items() if path[:2] == ("A2:A2000", "validation")}
        assert texts == {"show_error": True, "input_title": "单位代码", "input_message": "从单位信息中选择", "show_input": True}
    else:
        calls = book.rec.by_member
        assert calls["Validation.InputTitle="] == calls["Validation.ShowInput="] == calls["Validation.ShowError="] == 1
        assert "Validation.Add()" not in calls  # the list itself is xlwings' set_list
    with pytest.raises(ValueError):  # xlwings' own refusal: a source of two columns
        port.add_validation("支出明细", cells, Validation(source="'单位信息'!$A$2:$B$9"))


def test_importing_yusuan_needs_no_xlwings():
    code = ("import sys, yusuan.excel, yusuan.ports.xlwings_port, yusuan.cli; "
            "print('xlwings' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_template_written_through_the_port_matches_the_file_template(flavour):
    """The input template, list validations included, in a live book as in the generated file."""
    on_file = OpenpyxlWorkbook.new()
    write_template(on_file)
    live = FakeBook(flavour=flavour)
    write_template(XlwingsWorkbook(live))
    assert workbook_state(live.to_port()) == workbook_state(on_file)
    assert any(state.validations for state in live.states)
    # the drop-downs that refer to ranges (code lists, 单位代码) are there in both flavours, as in the file
    in_file = {(ws.title, str(dv.sqref), "=" + dv.formula1) for ws in on_file.book.worksheets
               for dv in ws.data_validations.dataValidation if dv.formula1 and dv.formula1.startswith("'")}
    live_refs = {(state.name, cells.a1, source) for state in live.states for cells, source in state.validations
                 if isinstance(source, str)}
    assert in_file and live_refs == in_file
