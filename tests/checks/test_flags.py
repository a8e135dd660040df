"""Flags in place: notes and fills by severity on real files, the user's own notes and fills
kept and given back exactly, idempotent re-runs, and ``yusuan build`` never touching its input."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color

from inputs.bad_input_workbook import BAD_CELLS, bad_workbook
from yusuan.checks import catalog
from yusuan.checks.flags import apply_flags, clear_flags, parse_cell
from yusuan.checks.summary import write_summary
from yusuan.cli import main
from yusuan.findings.marks import MARKS_SHEET, OWN_NOTE_MARK, OWN_SHEETS, SUMMARY_SHEET, read_marks
from yusuan.findings.rule import Finding, Severity
from yusuan.ports import CellRange
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
DATA, OTHER = "数据", "其他"
USER_NOTE_B2 = "张三：\n这一行请核对\n"  # trailing newline on purpose: must come back exactly
USER_NOTE_B4 = "原有批注"
USER_NOTE_C5 = "不会被标记的批注"
ROWS, COLS = 8, 6


def finding(code: str, severity: Severity, sheet: str, cell: str, message: str) -> Finding:
    return Finding(code=code, severity=severity, sheet=sheet, cell=cell, message=message)


FINDINGS = [
    finding("IN016", W, DATA, "B2", "金额为空"),
    finding("IN014", E, DATA, "B2", "金额不是数字"),
    finding("IN025", I, DATA, "B2", "名称与编码不符"),
    finding("IN005", W, DATA, "B3", "单位不在单位信息中"),
    finding("IN009", I, DATA, "B4", "=SUM(A1:A3) 写成了公式"),
    finding("IN010", E, DATA, "B1", "在合并单元格里"),  # B1 is inside merged A1:C1
    finding("IN003", W, OTHER, "$C$2", "必填项为空"),
    finding("IN001", E, DATA, "", "缺少工作表列"),  # no cell: summary only
    finding("IN002", E, "不存在的表", "A1", "工作表不存在"),  # no such sheet: summary only
]


def user_workbook() -> OpenpyxlWorkbook:
    """Two sheets with values, the user's notes and fills on flagged and unflagged cells."""
    port = OpenpyxlWorkbook.new()
    for sheet in (DATA, OTHER):
        port.add_sheet(sheet)
        port.write_values(sheet, 1, 1, [[f"{sheet}{r}-{c}" for c in range(1, COLS + 1)] for r in range(1, ROWS + 1)])
    port.merge(DATA, [CellRange(1, 1, 1, 3)])
    port.set_note(DATA, 2, 2, USER_NOTE_B2)  # flagged
    port.set_note(DATA, 4, 2, USER_NOTE_B4)  # flagged, also filled
    port.set_note(DATA, 5, 3, USER_NOTE_C5)  # not flagged
    port.set_fill(DATA, 3, 2, "FFFF00")  # flagged
    port.set_fill(DATA, 4, 2, "00B0F0")  # flagged
    port.set_fill(DATA, 4, 4, "00B050")  # not flagged
    port.set_fill(OTHER, 2, 3, E.fill)  # the user happens to use yusuan's error colour
    return port


def reopen(port: OpenpyxlWorkbook, path: Path) -> OpenpyxlWorkbook:
    port.save(path)
    return OpenpyxlWorkbook.open(path)


def snapshot(port: OpenpyxlWorkbook) -> dict:
    """Every note, fill and value of the user's sheets."""
    sheets = [s for s in port.sheet_names() if s not in OWN_SHEETS]
    return {
        s: (
            port.read_notes(s),
            {(r, c): port.read_fill(s, r, c) for r in range(1, ROWS + 1) for c in range(1, COLS + 1)},
            port.read_values(s),
        )
        for s in sheets
    }


def test_apply_writes_clean_notes_and_severity_fills(tmp_path):
    port = reopen(user_workbook(), tmp_path / "in.xlsx")
    apply_flags(port, FINDINGS)
    port = reopen(port, tmp_path / "flagged.xlsx")
    notes = port.read_notes(DATA)

    # several findings on B2: one note, most severe first, after the user's own text
    assert notes[(2, 2)] == f"{USER_NOTE_B2}\n错误 IN014：金额不是数字\n警告 IN016：金额为空\n提示 IN025：名称与编码不符"
    assert port.read_fill(DATA, 2, 2) == E.fill

    # the note shows the findings and nothing else: no marker, no recorded fill
    assert notes[(3, 2)] == "警告 IN005：单位不在单位信息中"
    assert port.read_fill(DATA, 3, 2) == W.fill
    assert notes[(4, 2)] == f"{USER_NOTE_B4}\n提示 IN009：=SUM(A1:A3) 写成了公式"
    assert port.read_fill(DATA, 4, 2) == I.fill
    assert not any(OWN_NOTE_MARK in t or "fill=" in t for t in notes.values())

    # a finding inside a merged range lands on its top-left cell
    assert notes[(1, 1)] == "错误 IN010：在合并单元格里"
    assert (1, 2) not in notes

    # cells not flagged keep note and fill; values never change
    assert notes[(5, 3)] == USER_NOTE_C5
    assert port.read_fill(DATA, 4, 4) == "00B050"
    assert set(notes) == {(1, 1), (2, 2), (3, 2), (4, 2), (5, 3)}
    assert port.read_values(DATA) == user_workbook().read_values(DATA)

    other = port.read_notes(OTHER)
    assert other[(2, 3)] == "警告 IN003：必填项为空"
    assert port.read_fill(OTHER, 2, 3) == W.fill

    # what clearing needs is out of sight, in a hidden sheet
    assert port.book[MARKS_SHEET].sheet_state == "hidden"
    assert {(m.sheet, m.at) for m in read_marks(port)} == {(DATA, (1, 1)), (DATA, (2, 2)), (DATA, (3, 2)), (DATA, (4, 2)),
                                                           (OTHER, (2, 3))}


def test_findings_without_cell_or_sheet_are_not_flagged(tmp_path):
    port = reopen(user_workbook(), tmp_path / "in.xlsx")
    before = snapshot(port)
    apply_flags(port, [f for f in FINDINGS if f.cell == "" or f.sheet == "不存在的表"])
    assert snapshot(reopen(port, tmp_path / "out.xlsx")) == before


def test_apply_twice_equals_apply_once_and_clear_restores_everything(tmp_path):
    port = reopen(user_workbook(), tmp_path / "in.xlsx")
    before = snapshot(port)

    apply_flags(port, FINDINGS)
    write_summary(port, FINDINGS)
    port = reopen(port, tmp_path / "once.xlsx")
    once = snapshot(port)
    assert once != before

    apply_flags(port, FINDINGS)
    write_summary(port, FINDINGS)
    port = reopen(port, tmp_path / "twice.xlsx")
    assert snapshot(port) == once

    assert clear_flags(port) == 5  # A1, B2, B3, B4 on 数据 and C2 on 其他, nothing else
    port = reopen(port, tmp_path / "cleared.xlsx")
    assert snapshot(port) == before
    assert SUMMARY_SHEET not in port.sheet_names()
    assert clear_flags(port) == 0


def test_rerun_with_fewer_findings_gives_cells_back(tmp_path):
    port = reopen(user_workbook(), tmp_path / "in.xlsx")
    before = snapshot(port)
    apply_flags(port, FINDINGS)
    port = reopen(port, tmp_path / "first.xlsx")
    apply_flags(port, [FINDINGS[3]])  # only B3 is still wrong
    port = reopen(port, tmp_path / "second.xlsx")
    after = snapshot(port)
    notes, fills, _ = after[DATA]
    assert notes[(2, 2)] == USER_NOTE_B2 and notes[(4, 2)] == USER_NOTE_B4 and (1, 1) not in notes
    assert notes[(3, 2)] == "警告 IN005：单位不在单位信息中" and fills[(3, 2)] == W.fill
    # apart from B3, every cell is as the user left it
    before[DATA][0][(3, 2)], before[DATA][1][(3, 2)] = notes[(3, 2)], W.fill
    assert after == before


def test_a_fill_the_user_chose_after_flagging_is_not_undone(tmp_path):
    port = user_workbook()
    apply_flags(port, FINDINGS)
    port.set_fill(DATA, 3, 2, "7030A0")  # the user recolours a flagged cell
    port = reopen(port, tmp_path / "out.xlsx")
    assert clear_flags(port) == 5
    assert port.read_fill(DATA, 3, 2) == "7030A0"
    assert port.read_notes(DATA).get((3, 2)) is None


class _NoExactFill:
    """A port that cannot give one cell's fill back exactly (a live Excel's gradient, say)."""

    def __init__(self, port: OpenpyxlWorkbook):
        self._port = port

    def __getattr__(self, name):
        return getattr(self._port, name)

    def read_fill_state(self, sheet, row, col):
        return None if (sheet, row, col) == (DATA, 3, 2) else self._port.read_fill_state(sheet, row, col)


def test_a_fill_the_port_cannot_give_back_is_left_alone():
    inner = user_workbook()
    port = _NoExactFill(inner)
    apply_flags(port, FINDINGS)
    assert port.read_notes(DATA)[(3, 2)] == "警告 IN005：单位不在单位信息中"
    assert inner.read_fill(DATA, 3, 2) == "FFFF00"  # not overwritten, so nothing to restore
    clear_flags(port)
    assert inner.read_fill(DATA, 3, 2) == "FFFF00" and (3, 2) not in port.read_notes(DATA)


def test_theme_colour_fill_survives_flag_and_clear(tmp_path):
    port = user_workbook()
    port.book[OTHER]["E6"].fill = PatternFill("solid", fgColor=Color(theme=4))
    port = reopen(port, tmp_path / "in.xlsx")
    apply_flags(port, [finding("IN011", E, OTHER, "E6", "主题色单元格")])
    clear_flags(port)
    assert reopen(port, tmp_path / "out.xlsx").book[OTHER]["E6"].fill.fgColor.theme == 4


def test_parse_cell():
    assert parse_cell("B7") == (7, 2)
    assert parse_cell("AB12") == (12, 28)
    assert parse_cell("$C$3") == (3, 3)
    assert parse_cell("D4:F9") == (4, 4)
    for bad in ("", "合计", "A0", "7B", "ABCD1"):
        assert parse_cell(bad) is None


def test_notes_of_earlier_versions_with_a_marker_line_are_still_cleared():
    port = user_workbook()
    port.set_note(DATA, 3, 2, f"{OWN_NOTE_MARK} fill=FFFF00\n警告 IN005：旧版批注")
    port.set_fill(DATA, 3, 2, W.fill)
    port.set_note(DATA, 4, 2, f"{USER_NOTE_B4}\n{OWN_NOTE_MARK} fill=none\n错误 X：y")
    assert clear_flags(port) == 2
    assert (3, 2) not in port.read_notes(DATA) and port.read_fill(DATA, 3, 2) == "FFFF00"
    assert port.read_notes(DATA)[(4, 2)] == USER_NOTE_B4 and port.read_fill(DATA, 4, 2) is None


_cells = st.tuples(st.integers(1, 4), st.integers(1, 4))
_fills = st.one_of(st.none(), st.sampled_from(["FFFF00", "00B050", E.fill, W.fill]))
_notes = st.one_of(st.none(), st.text(max_size=30))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    user=st.dictionaries(_cells, st.tuples(_notes, _fills), max_size=10),
    flagged=st.lists(st.tuples(_cells, st.sampled_from(list(Severity)), st.text(max_size=20)), max_size=12),
    again=st.lists(st.tuples(_cells, st.sampled_from(list(Severity)), st.text(max_size=20)), max_size=12),
)
def test_property_clear_undoes_any_sequence_of_applies(user, flagged, again):
    assume(all(n is None or OWN_NOTE_MARK not in n for n, _ in user.values()))
    port = OpenpyxlWorkbook.new()
    port.add_sheet(DATA)
    port.write_values(DATA, 1, 1, [[r * 10 + c for c in range(1, 5)] for r in range(1, 5)])
    for (r, c), (note, fill) in user.items():
        if note is not None:
            port.set_note(DATA, r, c, note)
        port.set_fill(DATA, r, c, fill)

    def state():
        return port.read_notes(DATA), {(r, c): port.read_fill(DATA, r, c) for r in range(1, 5) for c in range(1, 5)}, port.read_values(DATA)

    def findings(items):
        return [finding("IN003", sev, DATA, f"{chr(64 + c)}{r}", msg) for (r, c), sev, msg in items]

    before = state()
    apply_flags(port, findings(flagged))
    once = state()
    apply_flags(port, findings(flagged))
    assert state() == once
    apply_flags(port, findings(again))
    assert clear_flags(port) == len({cell for cell, _, _ in again})
    assert state() == before


# yusuan build --------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _all_cells(path: Path) -> dict:
    book = OpenpyxlWorkbook.open(path)
    return {s: (book.read_values(s), book.read_notes(s)) for s in book.sheet_names()}


NARRATIVE_INPUT = {"TX101", "TX102", "TX103"}  # reasons / 上年数 / asset counts left blank


def test_build_flags_bad_cells_in_the_output_and_leaves_the_input_alone(tmp_path):
    source, target = tmp_path / "输入.xlsx", tmp_path / "输出.xlsx"
    bad_workbook().save(source)
    digest, cells = _sha256(source), _all_cells(source)

    assert main(["build", str(source), "-o", str(target)]) == 1  # errors found, tables still built

    assert _sha256(source) == digest
    assert _all_cells(source) == cells
    out = OpenpyxlWorkbook.open(target)
    assert out.sheet_names()[0] == SUMMARY_SHEET
    notes = {s: out.read_notes(s) for s in {b.sheet for b in BAD_CELLS}}
    for bad in BAD_CELLS:
        row, col = parse_cell(bad.address())
        note = notes[bad.sheet][(row, col)]
        assert f" {bad.code}：" in note and OWN_NOTE_MARK not in note, (bad, note)
        assert out.read_fill(bad.sheet, row, col) == catalog.get(bad.code).severity.fill, bad
    # the input sheets carry no other notes than the bad cells' — except the 文字 findings on the
    # reasons and 上年数 the bad workbook leaves blank (TX101-TX103)
    codes = {b.code for b in BAD_CELLS}
    others = [t for s in notes for t in notes[s].values() if any(f" {c}：" in t for c in codes)]
    assert len(others) == len({(b.sheet, b.address()) for b in BAD_CELLS})

    listed = [row for row in out.read_values(SUMMARY_SHEET)[4:] if isinstance(row[0], int)]
    input_sheets = {b.sheet for b in BAD_CELLS}
    assert sorted((r[4], r[5], r[2]) for r in listed if r[4] in input_sheets and r[2] not in NARRATIVE_INPUT) == sorted(
        (b.sheet, b.address(), b.code) for b in BAD_CELLS
    )
    # the tables built from the good lines are checked too: only the wrong 经济科目 pair that a
    # warned-but-kept line carries into them shows up there
    assert {r[2] for r in listed if r[4] not in input_sheets} <= {"CL008", *NARRATIVE_INPUT}


def test_rebuilding_the_output_replaces_only_yusuans_flags(tmp_path):
    source, first, second = tmp_path / "输入.xlsx", tmp_path / "一.xlsx", tmp_path / "二.xlsx"
    port = bad_workbook()
    port.set_note("支出明细", 2, 1, "用户自己的批注")  # on a good line: never flagged
    bad = BAD_CELLS[0]
    row, col = parse_cell(bad.address())
    port.set_note(bad.sheet, row, col, "用户对坏单元格的批注")
    port.save(source)
    main(["build", str(source), "-o", str(first)])
    main(["build", str(first), "-o", str(second)])
    one, two = OpenpyxlWorkbook.open(first), OpenpyxlWorkbook.open(second)
    for sheet in {b.sheet for b in BAD_CELLS} | {"支出明细"}:
        assert two.read_notes(sheet) == one.read_notes(sheet)
    note = two.read_notes(bad.sheet)[(row, col)]
    assert note.startswith("用户对坏单元格的批注\n") and note.count("用户对坏单元格的批注") == 1
    assert f" {bad.code}：" in note and OWN_NOTE_MARK not in note
    assert two.read_notes("支出明细")[(2, 1)] == "用户自己的批注"
    flagged = len(read_marks(two))
    assert flagged >= len({(b.sheet, b.address()) for b in BAD_CELLS})
    assert clear_flags(two) == flagged
    assert two.read_notes("支出明细")[(2, 1)] == "用户自己的批注"
    assert two.read_notes(bad.sheet)[(row, col)] == "用户对坏单元格的批注"
