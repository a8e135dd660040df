"""Acceptance (issue 3): checking is idempotent and the user's own notes and fills are never lost.

* ``yusuan check`` on its own output, and ``check_workbook`` twice on one port, give the same
  value, note and fill on every cell of every sheet (the 校验结果 sheet included);
* the user's notes and fills — on cells that get flagged (a table total among them, flagged
  only after a mutation) and on cells that do not — survive build, check, check again, and
  ``clear`` gives every cell back exactly as the user left it;
* ``clear`` then ``check`` equals a single ``check``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl.comments import Comment

from yusuan.audit.runner import check_workbook
from yusuan.build import build_workbook
from yusuan.checks.flags import clear_flags
from yusuan.cli import main
from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.findings.marks import MARKS_SHEET, OWN_NOTE_MARK, OWN_SHEETS, SUMMARY_SHEET, read_marks
from yusuan.findings.rule import Severity
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

EXPENDITURE, THREE, BASIC, INCOME = "部门支出预算表", "一般公共预算“三公”经费预算表", "一般公共预算基本支出预算表", "部门收入预算表"
INPUT_SHEET = "基本信息"
USER_FILL, OTHER_FILL = "FFFF00", "92D050"

# Cells the user annotated: (sheet, row, col) -> (note or None, fill or None).
USER_MARKS = {
    (EXPENDITURE, 6, 6): ("张三：\n合计请再核对\n", USER_FILL),  # F6, the table total: flagged after the mutation
    (BASIC, 6, 2): ("名称按文件填写", None),  # B6, flagged (name changed)
    (THREE, 5, 6): (None, OTHER_FILL),  # F5, flagged (amount changed)
    (THREE, 5, 2): ("三公合计已核", USER_FILL),  # B5, not flagged
    (EXPENDITURE, 9, 5): ("行政运行", None),  # E9, not flagged
    (INPUT_SHEET, 2, 2): ("部门全称以编办文件为准", OTHER_FILL),  # an input cell
}

# One error of each kind: a total, a detail of a small table, a name, text in an amount cell.
MUTATIONS = {
    (EXPENDITURE, "F6"): 1232.48,  # 合计 +1.00 → TB008/TB009/XT002 on F6
    (THREE, "F5"): 5.5,  # 公务用车运行费 合计 −0.50
    (BASIC, "B6"): "津贴补贴",  # 30101 named 津贴补贴 → CL005 on B6
    (INCOME, "H6"): "abc",  # → TB001 on H6
}


# helpers ---------------------------------------------------------------------------------
def snapshot(port: OpenpyxlWorkbook) -> dict:
    """Sheet order, and every cell's value, note and fill, sheet by sheet."""
    shot: dict = {"sheets": port.sheet_names()}
    for sheet in port.sheet_names():
        notes = port.read_notes(sheet)
        cells = {}
        for (row, col), cell in port.book[sheet]._cells.items():
            # read_fill is None unless the fill is solid: asked only then (the input sheets' 2,000
            # formatted blank rows made the snapshot cost as much as a check)
            fill = port.read_fill(sheet, row, col) if cell.fill.fill_type == "solid" else None
            note = notes.get((row, col))
            if cell.value is not None or fill is not None or note is not None:
                cells[(row, col)] = (cell.value, note, fill)
        shot[sheet] = cells
    return shot


def without_yusuans_marks(path: Path) -> dict:
    """The snapshot of ``path`` less what yusuan wrote: its own sheets, and the notes and fills
    of the cells it flagged (the build flags its own output too) put back from its records."""
    port = OpenpyxlWorkbook.open(path)
    for mark in read_marks(port):
        if mark.user_note is None:
            port.delete_note(mark.sheet, *mark.at)
        else:
            port.set_note(mark.sheet, *mark.at, mark.user_note, mark.user_author)
        if mark.user_fill is not None:
            port.set_fill_state(mark.sheet, *mark.at, mark.user_fill)
    for sheet in OWN_SHEETS & set(port.sheet_names()):
        port.remove_sheet(sheet)
    return snapshot(port)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mark_like_a_user(port: OpenpyxlWorkbook) -> None:
    for (sheet, row, col), (note, fill) in USER_MARKS.items():
        if note is not None:
            port.set_note(sheet, row, col, note)
        if fill is not None:
            port.set_fill(sheet, row, col, fill)


def mutate(port: OpenpyxlWorkbook) -> None:
    for (sheet, cell), value in MUTATIONS.items():
        port.book[sheet][cell].value = value


def user_state(port: OpenpyxlWorkbook) -> dict:
    notes = {s: port.read_notes(s) for s in {s for s, _, _ in USER_MARKS}}
    return {(s, r, c): (notes[s].get((r, c)), port.read_fill(s, r, c)) for s, r, c in USER_MARKS}


# fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built_file(tmp_path_factory) -> Path:
    """The demo built once, with the user's marks on the input before the build and on the tables after."""
    book = input_workbook_from_csv(sample_folder())
    book.set_note(INPUT_SHEET, 2, 2, USER_MARKS[(INPUT_SHEET, 2, 2)][0])
    book.set_fill(INPUT_SHEET, 2, 2, USER_MARKS[(INPUT_SHEET, 2, 2)][1])
    outcome = build_workbook(book)
    assert outcome.usable and not outcome.count(Severity.ERROR)
    mark_like_a_user(book)
    path = tmp_path_factory.mktemp("built") / "示例_预算公开.xlsx"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def mutated_file(built_file) -> Path:
    """The built demo with four wrong cells, the user's marks on it; not checked since the edit."""
    book = OpenpyxlWorkbook.open(built_file)
    mutate(book)
    path = built_file.with_name("示例_改动.xlsx")
    book.save(path)
    return path


# tests -----------------------------------------------------------------------------------
def test_user_marks_and_their_authors_survive_the_build_and_a_rebuild():
    """Notes written through the port (B2, F6) and notes with an author of their own (B3 by
    张三, F7 by 李四), on the input and on a table, through a build and a rebuild (one book
    for both kinds: each build of the demo costs a second)."""
    book = input_workbook_from_csv(sample_folder())
    note, fill = USER_MARKS[(INPUT_SHEET, 2, 2)]
    book.set_note(INPUT_SHEET, 2, 2, note)
    book.set_fill(INPUT_SHEET, 2, 2, fill)
    book.book[INPUT_SHEET]["B3"].comment = Comment("部门全称以编办文件为准", "张三")
    input_notes = {(2, 2): note, (3, 2): "部门全称以编办文件为准"}
    build_workbook(book)
    assert book.read_notes(INPUT_SHEET) == input_notes and book.read_fill(INPUT_SHEET, 2, 2) == fill
    # a rebuild regenerates the table sheets; the user's notes on them are put back
    book.set_note(EXPENDITURE, 6, 6, USER_MARKS[(EXPENDITURE, 6, 6)][0])
    book.book[EXPENDITURE]["F7"].comment = Comment("合计请再核对", "李四")
    build_workbook(book)
    assert book.read_notes(EXPENDITURE) == {(6, 6): USER_MARKS[(EXPENDITURE, 6, 6)][0], (7, 6): "合计请再核对"}
    assert book.read_notes(INPUT_SHEET) == input_notes and book.read_fill(INPUT_SHEET, 2, 2) == fill
    for sheet, cell, text, author in ((INPUT_SHEET, "B3", "部门全称以编办文件为准", "张三"), (EXPENDITURE, "F7", "合计请再核对", "李四")):
        comment = book.book[sheet][cell].comment
        assert (comment.text, comment.author) == (text, author)


def test_the_mutations_are_flagged_on_the_users_cells(mutated_file):
    """The scenario is not vacuous: the user's F6, B6 and F5 are flagged, B5, E9 and the input cell not."""
    book = OpenpyxlWorkbook.open(mutated_file)
    outcome = check_workbook(book)
    flagged = {(f.sheet, f.cell) for f in outcome.findings}
    assert {(EXPENDITURE, "F6"), (BASIC, "B6"), (THREE, "F5"), (INCOME, "H6")} <= flagged
    assert not flagged & {(THREE, "B5"), (EXPENDITURE, "E9"), (INPUT_SHEET, "B2")}
    state = user_state(book)
    marks = {(m.sheet, *m.at): m for m in read_marks(book)}
    for (sheet, row, col), (note, fill) in USER_MARKS.items():
        shown_note, shown_fill = state[(sheet, row, col)]
        if (sheet, row, col) in {(EXPENDITURE, 6, 6), (BASIC, 6, 2), (THREE, 5, 6)}:
            mark = marks[(sheet, row, col)]
            assert mark.user_note == note and shown_note.startswith(note or ""), shown_note  # the user's text first
            assert OWN_NOTE_MARK not in shown_note and "fill=" not in shown_note  # nothing internal shown
            assert (mark.user_fill == "") == (fill is None) and (fill is None or fill in mark.user_fill)
            assert shown_fill == Severity.ERROR.fill
        else:
            assert (shown_note, shown_fill) == (note, fill)


def test_check_twice_on_one_port_changes_nothing(mutated_file):
    book = OpenpyxlWorkbook.open(mutated_file)
    first = check_workbook(book)
    once = snapshot(book)
    second = check_workbook(book)
    assert snapshot(book) == once
    assert [f.sort_key for f in first.findings] == [f.sort_key for f in second.findings]


def test_cli_check_of_its_own_output_changes_nothing_and_clear_restores_the_user_exactly(
    mutated_file, tmp_path, capsys
):
    before = sha256(mutated_file)
    once, twice = tmp_path / "一次.xlsx", tmp_path / "两次.xlsx"
    cleared, again = tmp_path / "清除.xlsx", tmp_path / "清除后再校验.xlsx"

    assert main(["check", str(mutated_file), "-o", str(once)]) == 1
    assert main(["check", str(once), "-o", str(twice)]) == 1
    assert main(["clear", str(twice), "-o", str(cleared)]) == 0
    assert main(["check", str(cleared), "-o", str(again)]) == 1
    capsys.readouterr()

    checked_book = OpenpyxlWorkbook.open(once)
    checked = snapshot(checked_book)
    assert checked[SUMMARY_SHEET][(2, 1)][0].startswith("共 ")  # findings were listed
    assert MARKS_SHEET in checked["sheets"] and read_marks(checked_book)
    assert snapshot(OpenpyxlWorkbook.open(twice)) == checked
    # clear gives back the workbook as the user left it, less what the build had flagged
    user = without_yusuans_marks(mutated_file)
    assert snapshot(OpenpyxlWorkbook.open(cleared)) == user
    # and checking the cleared copy is the same as checking once
    assert snapshot(OpenpyxlWorkbook.open(again)) == checked
    assert sha256(mutated_file) == before


def test_clear_then_check_equals_check_on_one_port(mutated_file):
    book = OpenpyxlWorkbook.open(mutated_file)
    check_workbook(book)
    once = snapshot(book)
    assert clear_flags(book) > 0
    assert user_state(book) == {k: v for k, v in USER_MARKS.items()}
    check_workbook(book)
    assert snapshot(book) == once


def test_a_fixed_cell_gets_the_users_note_and_fill_back_on_the_next_check(mutated_file):
    """Re-checking after the user corrects F6 removes yusuan's flag there and keeps theirs."""
    book = OpenpyxlWorkbook.open(mutated_file)
    check_workbook(book)
    book.book[EXPENDITURE]["F6"].value = 1231.48
    outcome = check_workbook(book)
    assert (EXPENDITURE, "F6") not in {(f.sheet, f.cell) for f in outcome.findings}
    assert user_state(book)[(EXPENDITURE, 6, 6)] == USER_MARKS[(EXPENDITURE, 6, 6)]


def test_the_author_of_a_users_note_is_restored_too(mutated_file):
    book = OpenpyxlWorkbook.open(mutated_file)
    book.book[EXPENDITURE]["F6"].comment = Comment("张三：\n合计请再核对\n", "张三")
    check_workbook(book)
    clear_flags(book)
    assert book.book[EXPENDITURE]["F6"].comment.author == "张三"
