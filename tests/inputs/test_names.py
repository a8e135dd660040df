"""Name cells: filled from codes only where empty or written by yusuan before."""

from __future__ import annotations

from yusuan.inputs import fill_names, read_inputs
from yusuan.inputs._state import MAX_ROWS_TEXT
from yusuan.inputs.names import STATE_SHEET, read_state, write_state
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

from .bad_input_workbook import good_memory_workbook, good_workbook

L = "支出明细"
INPUT_SHEETS = ("基本信息", "单位信息", "支出明细", "项目绩效", "整体绩效", "上年数", "其他收入")
NAME_CELLS = {L: "BDFH", "项目绩效": "B"}  # name columns of the fixture layout


def _snapshot(port) -> dict:
    return {sheet: port.read_values(sheet) for sheet in INPUT_SHEETS}


def _cell(port, sheet: str, address: str):
    col = ord(address[0]) - 64
    row = int(address[1:])
    rows = port.read_values(sheet)
    return rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else None


def _fill(port) -> int:
    return fill_names(port, read_inputs(port))


def test_fills_empty_name_cells_from_codes():
    port = good_memory_workbook()
    assert _fill(port) > 0
    assert _cell(port, L, "B2") == "测试市财政局机关"
    assert _cell(port, L, "D2") == "行政运行"
    assert _cell(port, L, "F2") == "基本工资"
    assert _cell(port, L, "H2") == "工资奖金津补贴"  # of the derived 政府经济科目 50101
    assert _cell(port, L, "H5") == "工资福利支出"  # 事业单位: derived 50501
    assert _cell(port, "项目绩效", "B2") == "财政信息系统运维"
    assert read_state(port)[(L, "D2")] == "行政运行"
    assert read_inputs(port).findings == []  # names yusuan wrote are not mismatches


def test_only_name_cells_change():
    port = good_memory_workbook()
    before = _snapshot(port)
    _fill(port)
    after = _snapshot(port)
    for sheet in INPUT_SHEETS:
        for r, row in enumerate(after[sheet]):
            for c, value in enumerate(row):
                old_rows = before[sheet]
                old = old_rows[r][c] if r < len(old_rows) and c < len(old_rows[r]) else None
                if value != old:
                    assert chr(65 + c) in NAME_CELLS.get(sheet, ""), (sheet, r + 1, c + 1)
                    assert old is None


def test_second_run_writes_nothing():
    port = good_memory_workbook()
    _fill(port)
    state = read_state(port)
    assert _fill(port) == 0
    assert read_state(port) == state


def test_user_name_is_kept_and_reported():
    port = good_memory_workbook()
    port.write_values(L, 2, 4, [["行政管理"]])
    _fill(port)
    assert _cell(port, L, "D2") == "行政管理"
    assert (L, "D2") not in read_state(port)
    findings = read_inputs(port).findings
    assert [(f.code, f.cell) for f in findings] == [("IN025", "D2")]


def test_user_overwrite_of_a_filled_name_is_kept():
    port = good_memory_workbook()
    _fill(port)
    port.write_values(L, 2, 6, [["工资"]])  # user replaces what yusuan wrote
    _fill(port)
    assert _cell(port, L, "F2") == "工资"
    assert (L, "F2") not in read_state(port)
    assert [(f.code, f.cell) for f in read_inputs(port).findings] == [("IN025", "F2")]


def test_filled_name_follows_a_changed_code():
    port = good_memory_workbook()
    _fill(port)
    port.write_values(L, 2, 3, [["2010602"]])
    _fill(port)
    assert _cell(port, L, "D2") == "一般行政管理事务"
    assert read_state(port)[(L, "D2")] == "一般行政管理事务"


def test_filled_name_is_cleared_when_the_code_has_no_name():
    port = good_memory_workbook()
    _fill(port)
    port.write_values(L, 2, 3, [["2010698"]])  # not in the catalog
    _fill(port)
    assert _cell(port, L, "D2") is None
    assert (L, "D2") not in read_state(port)


def test_stale_written_name_is_not_a_mismatch():
    port = good_memory_workbook()
    _fill(port)
    port.write_values(L, 2, 5, [["30102"]])  # F2 still holds yusuan's 基本工资
    assert [f.code for f in read_inputs(port).findings] == []


def test_state_sheet_format():
    """One record per sheet, column and value (issue 13: three cells per filled name were half
    of a large output's cells)."""
    port = good_memory_workbook()
    _fill(port)
    rows = port.read_values(STATE_SHEET)
    assert rows[0] == ["工作表", "列", "行", "写入值"]
    assert rows[1:3] == [[L, "B", "2-4,8", "测试市财政局机关"], [L, "B", "5-7", "测试市财政信息中心"]]
    assert all(len(r) == 4 and r[0] in NAME_CELLS and r[1] in NAME_CELLS[r[0]] for r in rows[1:])
    assert len(rows) - 1 < len(read_state(port))  # fewer records than cells


def test_state_of_many_rows_is_cut_into_records_and_read_back(tmp_path):
    port = good_memory_workbook()
    state = {(L, f"D{row}"): "行政运行" for row in range(2, 20_000, 2)}  # no two rows in a run
    state[(L, "B7")] = "测试市财政局机关"
    write_state(port, state)
    rows = port.read_values(STATE_SHEET)
    assert all(len(r[2]) <= MAX_ROWS_TEXT for r in rows[1:])
    assert [r[1] for r in rows[1:]].count("D") > 1
    assert read_state(port) == state
    write_state(port, {(L, "D2"): "行政运行"})  # fewer records: the rest are cleared
    assert read_state(port) == {(L, "D2"): "行政运行"}
    assert len(port.read_values(STATE_SHEET)) == 2


def test_a_workbook_written_with_one_row_per_cell_is_read_and_rewritten_compact(tmp_path):
    """Workbooks built before the compact records: their records still protect the user's cells."""
    port = good_workbook()
    _fill(port)
    state = read_state(port)
    port.write_values(STATE_SHEET, 1, 1, [["工作表", "单元格", "写入值", None]]
                      + [[sheet, cell, value, None] for (sheet, cell), value in sorted(state.items())])
    port.save(tmp_path / "old.xlsx")
    old = OpenpyxlWorkbook.open(tmp_path / "old.xlsx")
    assert old.read_values(STATE_SHEET)[1][1] in {cell for _, cell in state}
    assert read_state(old) == state
    old.write_values(L, 2, 6, [["工资"]])  # the user's now
    assert _fill(old) == 0
    assert read_inputs(old).findings[0].cell == "F2"
    assert read_state(old) == {key: value for key, value in state.items() if key != (L, "F2")}
    assert old.read_values(STATE_SHEET)[0] == ["工作表", "列", "行", "写入值"]


def test_a_record_edited_by_hand_is_skipped():
    port = good_memory_workbook()
    _fill(port)
    rows = port.read_values(STATE_SHEET)
    edited = rows.index([L, "D", "2-3", "行政运行"])
    port.write_values(STATE_SHEET, edited + 1, 3, [["2-x"]])
    state = read_state(port)
    assert (L, "D2") not in state and (L, "D3") not in state  # the user's, as far as yusuan knows
    assert state[(L, "D4")] == "机关事业单位基本养老保险缴费支出"


def test_no_model_writes_nothing():
    port = good_memory_workbook()
    port.write_values("基本信息", 2, 2, [[None]])  # no department: unusable
    result = read_inputs(port)
    assert result.model is None
    assert fill_names(port, result) == 0
    assert STATE_SHEET not in port.sheet_names()


def test_a_formula_without_a_result_in_a_name_cell_is_not_overwritten():
    port = good_workbook()  # a file's formula: openpyxl
    port.book[L]["D2"] = '=VLOOKUP(C2,科目!A:B,2,0)'  # never calculated: reads blank
    _fill(port)
    assert port.book[L]["D2"].value == '=VLOOKUP(C2,科目!A:B,2,0)'
    assert (L, "D2") not in read_state(port)
    assert [f.code for f in read_inputs(port).findings] == ["IN043"]


def test_a_merged_name_column_is_reported_and_not_written_into():
    port = good_workbook()  # openpyxl's merged cells refuse values
    port.book[L].merge_cells("B2:B4")  # the 'MergedCell value is read-only' crash of issue 14
    _fill(port)
    assert _cell(port, L, "B5") == "测试市财政信息中心"  # the rest is filled as usual
    assert [(f.code, f.cell) for f in read_inputs(port).findings] == [("IN041", "B2")]
