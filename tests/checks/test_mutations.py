"""Acceptance (issue 3): one wrong cell in the demo workbook is found where it is.

The demo department is built once.  Each mutation reopens the saved bytes, changes one cell
and runs the table checks (parse + rules, nothing written) through the openpyxl port, then
asserts that

* a finding of the expected severity (错误 unless the rule only warns) sits on the changed
  cell (the diagnosis, DG001, when the relations single it out), or on a total the change
  breaks: the same row or column of that table (a detail changed → the 小计 of its row or the
  parent row of its column); a code or name change → on the same row (the code and its name);
* nothing is flagged on an unrelated cell: on the changed sheet every finding is on that row
  or column (or a 文字 finding on the table's 无数据 note); on another sheet only 表间 findings
  that name the changed sheet, or 诊断 findings naming two cells (“二者之一有误”) — and, when
  they cite a cell of it, a cell of that row or column.

Cells are chosen systematically: every amount cell of each table's total row(s) — blank ones
too, so every column is seen to take part in its sums — and of its first body row below them
(its filled cells and its first three blank ones; all six rows of 整体绩效目标表, which has no
total row), in sheet order, with the operations +1.00, −0.50, ×10, blank and 'abc' taken in
turn per table (a blank cell gets +1.00, −0.50 or 'abc').  Then numbers typed as text with a
wrong value, names, codes, a title, and a figure only a cross-table relation sees.

Speed: the mutations run on the disclosure tables as published — the built workbook less its
input sheets — read once into the in-memory port; each mutation changes one cell, checks, and
puts the cell back.  The unmutated workbook, with and without its input sheets, read from the
file, has no finding.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import openpyxl
import pytest

from builds import demo_built_bytes, demo_tables_bytes
from yusuan import profiles
from yusuan.audit.recognize import parse_workbook
from yusuan.audit.runner import table_findings
from yusuan.checks import catalog
from yusuan.checks.flags import parse_cell
from yusuan.findings.rule import Finding, Severity
from yusuan.model.parsed import ParsedWorkbook, SheetTable
from yusuan.ports.memory import MemoryWorkbook
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

ERROR, WARNING = Severity.ERROR, Severity.WARNING
AMOUNT_OPS = ("+1", "-0.5", "×10", "=空", "=abc")
BLANK_OPS = ("+1", "-0.5", "=abc")  # ×10 and blanking leave a blank cell as it is
BLANKS_PER_BODY_ROW = 3
TEXT_FAMILY, CROSS_FAMILY, DIAGNOSIS_FAMILY = "文字", "表间", "诊断"


# the demo, built once (at collection: the parameters are its cells) ----------------------
@cache
def _built_bytes() -> bytes:
    return demo_built_bytes()  # the suite's one build of the demo (tests/builds.py)


def _tables_bytes() -> bytes:
    """The built workbook with only its disclosure tables (the input sheets and state removed)."""
    return demo_tables_bytes()


@cache
def _baseline() -> ParsedWorkbook:
    """The tables as the checks parse them (parsed at collection: the parameters are their
    cells; test_the_unmutated_demo_has_no_finding checks them)."""
    return parse_workbook(_port(_tables_bytes()), profiles.load())


@cache
def _port(data: bytes) -> OpenpyxlWorkbook:
    """``data`` read once with openpyxl: the baseline, the in-memory copy and the tests that
    look at the file read it, never change it."""
    return OpenpyxlWorkbook(openpyxl.load_workbook(io.BytesIO(data)))


# mutations -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mutation:
    id: str
    sheet: str
    cell: str
    value: object
    severity: Severity = ERROR
    near: str = "line"  # where the finding must be: 'line' (the cell, its row or column), 'row', 'cell'
    elsewhere: tuple[tuple[str, str], ...] = ()  # cross-table only: the corresponding cells
    known_gap: str = ""  # a documented gap (strict xfail): fix the code, then drop the mark
    op: str = ""  # the amount operation, for the coverage test

    def param(self):
        marks = [pytest.mark.xfail(reason=self.known_gap, strict=True)] if self.known_gap else []
        return pytest.param(self, id=self.id, marks=marks)


def _apply(op: str, raw: object) -> object:
    if op == "=空":
        return None
    if op == "=abc":
        return "abc"
    value = Decimal(str(raw)) if isinstance(raw, (int, float)) else Decimal(0)
    new = {"+1": value + 1, "-0.5": value - Decimal("0.5"), "×10": value * 10}[op]
    return float(new)


def _number(sheet: str) -> str:
    return next(spec.number for spec in profiles.load().tables if spec.sheet_name() == sheet)


def _row_tag(row) -> str:
    if row.role == "total":
        return row.label if row.label and len(row.label) <= 8 else "合计"
    return row.code if re.search(r"\d", row.code or "") else row.label[:10]


def _chosen_rows(table: SheetTable):
    totals = [r for r in table.rows if r.role == "total"]
    if not totals:
        return list(table.rows)
    body = [r for r in table.rows if r.role == "detail"] or [r for r in table.rows if r.role != "total"]
    return totals + body[:1]


def _amount_mutations() -> list[Mutation]:
    mutations = []
    for table in _baseline().tables:
        turn = {"ops": 0, "blank": 0}
        for row in _chosen_rows(table):
            blanks = 0
            for cell in sorted(row.cells.values(), key=lambda c: c.col):
                blank = cell.raw in (None, "")
                blanks += blank
                if blank and row.role != "total" and blanks > BLANKS_PER_BODY_ROW:
                    continue  # the total row tries every column; a body row repeats its relations
                ops, counter = (BLANK_OPS, "blank") if blank else (AMOUNT_OPS, "ops")
                op = ops[turn[counter] % len(ops)]
                turn[counter] += 1
                new = _apply(op, cell.raw)
                gap = ""
                if table.kind == "state_capital_expenditure" and op == "=abc":
                    gap = ("recognize: in an empty table a text in the 合计 row makes that row header text "
                           "(_headers.locate), so the table is not recognised (AU001 on A1) instead of TB001 on the cell")
                mutations.append(Mutation(
                    f"{_number(table.sheet)}/{_row_tag(row)}/{cell.address}{op}", table.sheet, cell.address, new,
                    known_gap=gap, op=op,
                ))
    return mutations


EXPENDITURE, GENERAL, BASIC, ECONOMIC = "部门支出预算表", "一般公共预算支出预算表", "一般公共预算基本支出预算表", "支出经济分类汇总表"
SUMMARY, INCOME, FISCAL, OPERATING = "部门收支预算表", "部门收入预算表", "财政拨款收支预算表", "行政（事业）单位机构运转经费预算表"

# Hand-picked: numbers typed as text with a wrong value, names, codes, a title, a figure that only
# a cross-table relation sees.  The cells are the demo's (checked by test_hand_picked_cells_hold_what_their_ids_say).
HAND_PICKED = (
    # (the cell's value in the demo, mutation)
    (207.71, Mutation("三/2010301/F9='208. 71'", EXPENDITURE, "F9", "208. 71")),
    (1231.48, Mutation("一/收入总计/B37='1,232.48'", SUMMARY, "B37", "1,232.48")),
    ("行政运行", Mutation("三/2010301/E9=一般行政管理事务", EXPENDITURE, "E9", "一般行政管理事务", near="cell")),
    ("行政运行", Mutation("五/2010301/E9=一般行政管理事务", GENERAL, "E9", "一般行政管理事务", near="cell")),
    ("行政运行", Mutation("三/2010301/E9=行政运行XX", EXPENDITURE, "E9", "行政运行XX", near="cell")),
    ("01", Mutation("三/2010301/C9=98", EXPENDITURE, "C9", "98", near="cell")),
    ("01", Mutation("三/2010301/C9=99", EXPENDITURE, "C9", "99", near="row")),
    ("01", Mutation("三/2101101/C14=02", EXPENDITURE, "C14", "02", near="row")),
    ("201", Mutation(
        "三/2010301/A9=202", EXPENDITURE, "A9", "202", elsewhere=((SUMMARY, "D5"), (SUMMARY, "D6")))),
    ("30101", Mutation("六/30101/A6=30198", BASIC, "A6", "30198", near="cell")),
    ("30101", Mutation("六/30101/A6=30199", BASIC, "A6", "30199", near="row")),
    ("基本工资", Mutation("六/30101/B6=津贴补贴", BASIC, "B6", "津贴补贴", near="cell")),
    ("50101", Mutation("六/30101/C6=50199", BASIC, "C6", "50199", near="row")),
    ("工资奖金津补贴", Mutation("六/30101/D6=工资福利支出", BASIC, "D6", "工资福利支出", near="cell")),
    ("基本工资", Mutation("七/30101/C8=津贴补贴", ECONOMIC, "C8", "津贴补贴", near="cell")),
    ("01", Mutation("七/30101/B8=02", ECONOMIC, "B8", "02", near="row")),
    ("办公费", Mutation("十一/30201/B10=印刷费", OPERATING, "B10", "印刷费", near="cell")),
    ("十、卫生健康", Mutation("一/卫生健康/C14=旧称", SUMMARY, "C14", "十、医疗卫生与计划生育支出", near="cell")),
    ("（十）卫生健康支出", Mutation("四/卫生健康/C16=旧称", FISCAL, "C16", "（十）医疗卫生与计划生育支出", near="cell")),
    ("2025年部门支出预算表", Mutation("三/标题/A1=2024年", EXPENDITURE, "A1", "2024年部门支出预算表", near="cell")),
    ("部门名称：示例区政务服务和大数据管理局", Mutation(
        "三/部门名称/A2=简称", EXPENDITURE, "A2", "部门名称：示例区政务服务局", severity=WARNING, near="cell")),
    # 收支总表 其中：财政拨款 lowered: no sum in its own table breaks (其中 ≤ 小计 still holds); the
    # 收入表 合计行 其中：财政拨款 disagrees, but it agrees with its own column: the diagnosis blames B6
    (904.48, Mutation("一/其中：财政拨款/B6-0.48", SUMMARY, "B6", 904.0, near="cell")),
)

# numbers typed as text, equal to the figure: read as numbers, not flagged
TEXT_NUMBERS = (
    (EXPENDITURE, "F6", "1,231.48"),
    (EXPENDITURE, "F9", "207. 71"),
    (EXPENDITURE, "G9", " 207.71 "),
    (SUMMARY, "B37", "1 231.48"),
    (SUMMARY, "D5", "803.70"),
    ("一般公共预算“三公”经费预算表", "B5", "6.85"),
    (BASIC, "E5", "505.04"),
    ("项目支出预算表", "D8", "74.07"),
)

MUTATIONS = _amount_mutations() + [m for _, m in HAND_PICKED]


# fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo department built once and saved, as a user would get it."""
    path = tmp_path_factory.mktemp("demo") / "示例_预算公开.xlsx"
    path.write_bytes(_built_bytes())
    return path


@pytest.fixture(scope="module")
def tables_bytes(demo_file) -> bytes:
    assert demo_file.read_bytes() == _built_bytes()
    return _tables_bytes()


@cache
def _shared_port(data: bytes) -> MemoryWorkbook:
    """The tables read once into the in-memory port (what the checks read of the file, shown
    equal by tests/ports/test_port_contract.py)."""
    return MemoryWorkbook.from_port(_port(data))


def _value(port: MemoryWorkbook, sheet: str, row: int, col: int) -> object:
    rows = port.read_values(sheet)
    return rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else None


def _check_mutated(data: bytes, sheet: str, cell: str, value: object) -> list[Finding]:
    # one workbook read for all the mutations: checking only reads it, and the cell is put back
    port = _shared_port(data)
    row, col = _rc(cell)
    before = _value(port, sheet, row, col)
    port.write_values(sheet, row, col, [[value]])
    try:
        return table_findings(port).findings
    finally:
        port.write_values(sheet, row, col, [[before]])


def _rc(address: str) -> tuple[int, int]:
    at = parse_cell(address)
    assert at is not None, address
    return at


def _in_line(address: str, m: Mutation) -> bool:
    (row, col), (m_row, m_col) = parse_cell(address) or (0, 0), _rc(m.cell)
    return row == m_row or col == m_col


def _located(f: Finding, m: Mutation) -> bool:
    if m.elsewhere:
        return (f.sheet, f.cell) in m.elsewhere
    if f.sheet != m.sheet:
        return False
    (row, col), (m_row, m_col) = _rc(f.cell), _rc(m.cell)
    return {"cell": (row, col) == (m_row, m_col), "row": row == m_row, "line": row == m_row or col == m_col}[m.near]


def _unrelated(findings: list[Finding], m: Mutation) -> list[Finding]:
    """Findings on cells the change has nothing to do with."""
    tables = _baseline().tables
    notes = {t.sheet: t.note_cell for t in tables if t.note_cell}
    codes = {(t.sheet, r.row): r.code for t in tables for r in t.rows if r.code}
    changed_code = codes.get((m.sheet, _rc(m.cell)[0]))
    # a cell of the changed sheet a message cites: “sheet”A1 (表间) or sheet!A1 (诊断)
    cited = re.compile("(?:“" + re.escape(m.sheet) + "”|" + re.escape(m.sheet) + "!)([A-Z]{1,3}[0-9]+)")
    bad = []
    for f in findings:
        family = catalog.get(f.code).family
        if (f.sheet, f.cell) in m.elsewhere:
            continue
        if f.sheet == m.sheet:
            at = parse_cell(f.cell)
            ok = at is not None and (
                _in_line(f.cell, m)
                or (family == TEXT_FAMILY and f.cell == notes.get(f.sheet))  # the table's 无数据 note
                # a cross-table sum by code lands on a row of the code the changed row had
                or (family == CROSS_FAMILY and changed_code is not None and codes.get((f.sheet, at[0])) == changed_code)
            )
        else:
            ok = (family == CROSS_FAMILY and f"“{m.sheet}”" in f.message) or (
                family == DIAGNOSIS_FAMILY and f"{m.sheet}!" in f.message)  # 二者之一有误 across tables
            ok = ok and all(_in_line(address, m) for address in cited.findall(f.message))
        if not ok:
            bad.append(f)
    return bad


def _show(findings: list[Finding]) -> str:
    return "\n".join(f"{f.severity.label} {f.code} {f.sheet}!{f.cell} {f.message}" for f in findings) or "（无）"


# tests -----------------------------------------------------------------------------------
def test_the_unmutated_demo_has_no_finding(demo_file, tables_bytes):
    assert table_findings(OpenpyxlWorkbook.open(demo_file)).findings == []
    outcome = table_findings(_port(tables_bytes))
    assert outcome.findings == []
    assert len(outcome.parsed.tables) == len(profiles.load().tables) == 14


def test_the_mutations_cover_every_table_and_operation():
    amounts = _amount_mutations()
    assert len(amounts) >= 150 and len(MUTATIONS) >= 100  # a recogniser that loses columns shrinks the set
    assert {m.sheet for m in amounts} == {spec.sheet_name() for spec in profiles.load().tables}
    for table in _baseline().tables:
        ops = {m.op for m in amounts if m.sheet == table.sheet}
        # an empty table has blank cells only; every other table sees all five operations
        assert ops == (set(BLANK_OPS) if not table.has_data else set(AMOUNT_OPS)), (table.sheet, ops)
    assert len({m.id for m in MUTATIONS}) == len(MUTATIONS)


def test_hand_picked_cells_hold_what_their_ids_say(tables_bytes):
    """A change of the demo that moves these cells must update them, not silently test other cells."""
    book = _port(tables_bytes).book
    assert [(m.id, book[m.sheet][m.cell].value) for _, m in HAND_PICKED] == [(m.id, v) for v, m in HAND_PICKED]


@pytest.mark.parametrize("mutation", [m.param() for m in MUTATIONS])
def test_a_changed_cell_is_flagged_where_it_is(tables_bytes, mutation):
    findings = _check_mutated(tables_bytes, mutation.sheet, mutation.cell, mutation.value)
    hits = [f for f in findings if f.severity.rank <= mutation.severity.rank and _located(f, mutation)]
    assert hits, f"{mutation.id}: nothing of severity {mutation.severity.label} where expected; found:\n{_show(findings)}"
    unrelated = _unrelated(findings, mutation)
    assert not unrelated, f"{mutation.id}: flagged on unrelated cells:\n{_show(unrelated)}"


@pytest.mark.parametrize("sheet, cell, text", TEXT_NUMBERS, ids=[f"{_number(s)}/{c}='{t}'" for s, c, t in TEXT_NUMBERS])
def test_a_number_typed_as_text_with_the_right_value_is_not_flagged(tables_bytes, sheet, cell, text):
    port = _shared_port(tables_bytes).copy()
    row, col = _rc(cell)
    original = _value(port, sheet, row, col)
    assert isinstance(original, (int, float)) and Decimal(re.sub(r"[ ,]", "", text)) == Decimal(str(original))
    port.write_values(sheet, row, col, [[text]])
    findings = table_findings(port).findings
    assert [f for f in findings if f.severity in (ERROR, WARNING)] == [], _show(findings)


def test_the_strictness_check_catches_a_note_on_an_unrelated_cell():
    """The location assertions are not vacuous: a finding one row and one column off fails them."""
    m = Mutation("x", EXPENDITURE, "F9", 208.71)
    off = Finding("TB009", ERROR, EXPENDITURE, "G8", "")
    same_column = Finding("TB009", ERROR, EXPENDITURE, "F8", "")
    other_table = Finding("XT004", ERROR, SUMMARY, "D5", "“部门支出预算表”201类")
    stray_cross = Finding("XT009", ERROR, ECONOMIC, "G5", "“部门支出预算表”G6")  # cites a cell off the line
    assert not _located(off, m) and _unrelated([off], m) == [off]
    assert _located(same_column, m) and _unrelated([same_column], m) == []
    assert _unrelated([other_table], m) == [] and not _located(other_table, m)
    assert _unrelated([stray_cross], m) == [stray_cross]
