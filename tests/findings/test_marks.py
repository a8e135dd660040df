"""Exact restore (issue 14 part 2, issue 8 part 4): the user's notes (text and author) and fills
(pattern, colours with alpha, gradients, theme colours) come back byte-for-byte after check →
check → clear, through saved files; the restore records stay out of sight and survive what
users do between runs (rows inserted, notes edited or deleted, the record sheet tampered with)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment
from openpyxl.styles import Color, GradientFill, PatternFill

from yusuan.checks.flags import apply_flags, clear_flags
from yusuan.findings.marks import MARKS_SHEET, OWN_SHEETS, read_marks, users_notes
from yusuan.findings.rule import Finding, Severity
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

DATA = "数据"
SIZE = 5


def finding(at: tuple[int, int], severity: Severity = Severity.ERROR, message: str = "金额不是数字") -> Finding:
    return Finding(code="IN014", severity=severity, sheet=DATA, cell=f"{chr(64 + at[1])}{at[0]}", message=message)


def new_book() -> OpenpyxlWorkbook:
    port = OpenpyxlWorkbook.new()
    port.add_sheet(DATA)
    port.write_values(DATA, 1, 1, [[r * 10 + c for c in range(1, SIZE + 1)] for r in range(1, SIZE + 1)])
    return port


def reopen(port: OpenpyxlWorkbook, path: Path) -> OpenpyxlWorkbook:
    port.save(path)
    return OpenpyxlWorkbook.open(path)


def exact(port: OpenpyxlWorkbook) -> dict:
    """Every cell of the user's sheets: value, note text, note author, fill as written to the file."""
    shot = {"sheets": [s for s in port.sheet_names() if s not in OWN_SHEETS]}
    for sheet in shot["sheets"]:
        ws = port.book[sheet]
        shot[sheet] = {
            at: (cell.value, cell.comment.text if cell.comment else None, cell.comment.author if cell.comment else None,
                 port.read_fill_state(sheet, *at))
            for at, cell in sorted(ws._cells.items())
        }
    return shot


# strategies --------------------------------------------------------------------------------
_argb = st.text("0123456789ABCDEF", min_size=8, max_size=8)
_color = st.one_of(_argb.map(lambda v: Color(rgb=v)),
                   st.builds(lambda t, tint: Color(theme=t, tint=tint), st.integers(0, 9), st.sampled_from([0.0, -0.25, 0.4])),
                   st.integers(0, 63).map(lambda i: Color(indexed=i)))
_pattern = st.builds(PatternFill, st.sampled_from(["solid", "gray125", "darkGrid", "lightTrellis", "darkDown", "mediumGray"]),
                     fgColor=_color, bgColor=_color)
_gradient = st.one_of(
    st.builds(lambda d, a, b: GradientFill("linear", degree=d, stop=(a, b)), st.sampled_from([0, 45, 90]), _argb, _argb),
    st.builds(lambda a, b: GradientFill("path", left=0.5, right=0.5, top=0.5, bottom=0.5, stop=(a, b)), _argb, _argb),
)
_fill = st.one_of(st.none(), _pattern, _gradient)
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=40)
_note = st.one_of(st.none(), st.tuples(_text, st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)))
_cell = st.tuples(st.integers(1, SIZE), st.integers(1, SIZE))
_flags = st.lists(st.tuples(_cell, st.sampled_from(list(Severity)), _text), max_size=10)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(user=st.dictionaries(_cell, st.tuples(_note, _fill), max_size=12), first=_flags, second=_flags)
def test_property_check_check_clear_gives_back_notes_authors_and_fills_exactly(user, first, second, tmp_path_factory):
    folder = tmp_path_factory.mktemp("marks")
    port = new_book()
    for (r, c), (note, fill) in user.items():
        cell = port.book[DATA].cell(r, c)
        if note is not None:
            cell.comment = Comment(*note)
        if fill is not None:
            cell.fill = fill
    port = reopen(port, folder / "user.xlsx")
    before = exact(port)

    apply_flags(port, [finding(at, sev, msg) for at, sev, msg in first])
    port = reopen(port, folder / "once.xlsx")
    shown = port.read_notes(DATA)
    for (r, c), _severity, _ in first:  # the note shows the user's text, then findings only
        user_note = (user.get((r, c)) or (None, None))[0]
        lines = shown[(r, c)].split("\n")[(user_note[0].count("\n") + 1) if user_note else 0:]
        assert lines and all(line.startswith(("错误 IN014：", "警告 IN014：", "提示 IN014：")) for line in lines)
    apply_flags(port, [finding(at, sev, msg) for at, sev, msg in second])
    port = reopen(port, folder / "twice.xlsx")
    assert clear_flags(port) == len({at for at, _, _ in second})
    port = reopen(port, folder / "cleared.xlsx")
    assert exact(port) == before
    assert MARKS_SHEET not in port.sheet_names()


def test_pattern_gradient_and_alpha_fills_and_authors_survive_check_check_clear(tmp_path):
    port = new_book()
    ws = port.book[DATA]
    ws["A1"].fill = PatternFill("gray125", fgColor="80FF0000")
    ws["B1"].fill = PatternFill("darkGrid", fgColor="FF00B050", bgColor="FFFFFF00")
    ws["C1"].fill = GradientFill("linear", degree=90, stop=("FF0000", "0000FF"))
    ws["D1"].fill = PatternFill("solid", fgColor="80FF0000")
    ws["A1"].comment = Comment("张三：请核对", "张三")
    ws["E1"].comment = Comment("不会被标记", "李四")
    port = reopen(port, tmp_path / "user.xlsx")
    before = exact(port)
    flagged = [finding((1, c)) for c in range(1, 5)]
    for name in ("once", "twice"):
        apply_flags(port, flagged)
        port = reopen(port, tmp_path / f"{name}.xlsx")
    assert port.read_notes(DATA)[(1, 1)] == "张三：请核对\n错误 IN014：金额不是数字"
    assert port.book[DATA]["E1"].comment.author == "李四"
    clear_flags(port)
    after = exact(reopen(port, tmp_path / "cleared.xlsx"))
    assert after == before
    assert after[DATA][(1, 1)][2] == "张三" and "80FF0000" in after[DATA][(1, 4)][3] and "gray125" in after[DATA][(1, 1)][3]


# what users do between runs ------------------------------------------------------------------
def flagged_book(tmp_path) -> OpenpyxlWorkbook:
    port = new_book()
    port.book[DATA]["B2"].comment = Comment("我的批注", "张三")
    port.set_fill(DATA, 2, 2, "FFFF00")
    apply_flags(port, [finding((2, 2)), finding((3, 3), Severity.WARNING, "单位不在单位信息中")])
    return reopen(port, tmp_path / "flagged.xlsx")


def test_rows_inserted_above_a_flag_move_it_and_clear_still_finds_it(tmp_path):
    port = flagged_book(tmp_path)
    port.book[DATA].insert_rows(1, 2)  # openpyxl moves cells with their notes and fills, as Excel does
    assert clear_flags(port) == 2
    ws = port.book[DATA]
    assert ws["B4"].comment.text == "我的批注" and ws["B4"].comment.author == "张三"
    assert port.read_fill(DATA, 4, 2) == "FFFF00"
    assert ws["C5"].comment is None and port.read_fill(DATA, 5, 3) is None


def test_a_note_the_user_added_to_keeps_their_words_and_loses_yusuans(tmp_path):
    port = flagged_book(tmp_path)
    ws = port.book[DATA]
    ws["B2"].comment = Comment(ws["B2"].comment.text + "\n已核对，金额无误", "yusuan")
    ws["C3"].comment = Comment("完全改写的批注", "王五")
    clear_flags(port)
    assert ws["B2"].comment.text == "我的批注\n已核对，金额无误" and ws["B2"].comment.author == "张三"
    assert ws["C3"].comment.text == "完全改写的批注"
    assert port.read_fill(DATA, 2, 2) == "FFFF00" and port.read_fill(DATA, 3, 3) is None


def test_a_deleted_flag_note_gives_back_the_users_own_note(tmp_path):
    port = flagged_book(tmp_path)
    port.delete_note(DATA, 2, 2)
    port.delete_note(DATA, 3, 3)
    clear_flags(port)
    assert port.read_notes(DATA) == {(2, 2): "我的批注"} and port.note_author(DATA, 2, 2) == "张三"
    assert port.read_fill(DATA, 2, 2) == "FFFF00" and port.read_fill(DATA, 3, 3) is None


def test_a_tampered_record_sheet_is_ignored_not_a_crash(tmp_path):
    port = flagged_book(tmp_path)
    port.write_values(MARKS_SHEET, 4, 1, [["数据", "ZZ", "{not json", "[1]", None, None, "<oops"]])
    port.write_values(MARKS_SHEET, 5, 1, [["数据", "D4", '"x"', '"<fill><bad/></fill>"', None, None, '"<oops"']])
    assert clear_flags(port) == 3
    assert port.read_notes(DATA) == {(2, 2): "我的批注"}


def test_users_notes_gives_the_note_under_yusuans(tmp_path):
    port = flagged_book(tmp_path)
    port.book[DATA]["A5"].comment = Comment("另一条", "赵六")
    assert users_notes(port, DATA) == {(2, 2): ("我的批注", "张三"), (5, 1): ("另一条", "赵六")}
    assert read_marks(port)[0].findings_text == "错误 IN014：金额不是数字"
