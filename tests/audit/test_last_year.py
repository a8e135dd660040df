"""导入上年数 (build --last-year): last year's tables → the 上年数 sheet of the output copy.

Last year = the demo as ``yusuan demo`` builds it (the session build, tests/builds.py); this year = the demo input moved to 2026 with
its 上年数 amounts cleared except one the "user" typed.  The imported figures must equal last
year's built tables to the 分, the input file stays as it was, typed figures are kept, a second
import replaces only what the first wrote, a workbook without disclosure tables gives warnings,
a missing file one Chinese line and exit 2.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builds import demo_input_bytes, seed004_published
from yusuan import cli
from yusuan.amounts import to_fen
from yusuan.audit.last_year import import_from, import_last_year, sources
from yusuan.commands import build_file, input_workbook_from_csv, sample_folder
from yusuan.errors import UserError
from yusuan.findings.rule import Severity
from yusuan.inputs.last_year import _cell_value
from yusuan.inputs.names import STATE_SHEET, read_state
from yusuan.inputs.reader import read_inputs
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import write_template
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

SHEET = "上年数"
ITEMS = load_spec().sheet(SHEET).column("item").choices
TYPED_ITEM, TYPED_VALUE = "机构运行经费", 421000  # typed by the user in 元, differs from last year


# helpers ------------------------------------------------------------------------------------
def set_setting(book: OpenpyxlWorkbook, label: str, value) -> None:
    rows = book.read_values("基本信息")
    row = next(i for i, r in enumerate(rows, start=1) if r and r[0] == label)
    book.write_values("基本信息", row, 2, [[value]])


def last_year_cells(book: OpenpyxlWorkbook) -> dict[str, tuple[str, object]]:
    """item → (A1 of its amount cell, value) on the 上年数 sheet (header in row 1, A/B)."""
    rows = book.read_values(SHEET)
    return {r[0]: (f"B{i}", r[1] if len(r) > 1 else None) for i, r in enumerate(rows, start=1) if i > 1 and r and r[0]}


def fen_of(book: OpenpyxlWorkbook, unit: str = "元") -> dict[str, int]:
    return {item: to_fen(value, unit) for item, (_, value) in last_year_cells(book).items() if value is not None}


def table_figures(built) -> dict[str, int]:
    """Last year's figures straight from its built tables (分 as printed), independently of
    the recogniser the importer uses."""
    by_kind = {t.spec.kind: t for t in built.tables}

    def value(kind: str, key: str, pick) -> int:
        table = by_kind[kind]
        row = pick(table.rows)
        return row.values[table.keys.index(key)] or 0

    def total(rows):
        return next(r for r in rows if r.kind == "total")

    summary, fiscal = by_kind["income_expenditure_summary"], by_kind["fiscal_summary"]
    current = fiscal.rows[0]
    assert current.values[fiscal.keys.index("spending_item")] == "一、本年支出"
    assert summary.rows[-1].values[summary.keys.index("income_item")] == "收入总计"
    return {
        "收入总计": value("income_expenditure_summary", "income_amount", lambda rows: rows[-1]),
        "支出总计": value("income_expenditure_summary", "spending_amount", lambda rows: rows[-1]),
        "一般公共预算": value("fiscal_summary", "spending_general", lambda rows: rows[0]),
        "政府性基金": value("fiscal_summary", "spending_fund", lambda rows: rows[0]),
        "国有资本经营": value("fiscal_summary", "spending_state_capital", lambda rows: rows[0]),
        "基本支出": value("expenditure", "basic", total),
        "项目支出": value("expenditure", "project", total),
        "三公经费合计": value("three_public", "total", total),
        "因公出国(境)费": value("three_public", "overseas", total),
        "公务用车购置费": value("three_public", "vehicle_purchase", total),
        "公务用车运行维护费": value("three_public", "vehicle_operation", total),
        "公务接待费": value("three_public", "reception", total),
        "机构运行经费": value("operating_costs", "total", total),
    }


def this_year_input(path: Path) -> Path:
    """The demo input as next year's: 预算年度 2026, 上年数 blank except the typed item."""
    book = input_workbook_from_csv(sample_folder())
    set_setting(book, "预算年度", 2026)
    for item, (cell, _) in last_year_cells(book).items():
        book.write_values(SHEET, int(cell[1:]), 2, [[TYPED_VALUE if item == TYPED_ITEM else None]])
    book.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def codes(findings, code: str) -> list:
    return [f for f in findings if f.code == code]


# the import through `build` ------------------------------------------------------------------
@pytest.fixture(scope="module")
def imported(tmp_path_factory, demo_outcome, demo_bytes):
    """Last year = the demo as `yusuan demo` writes it (its input and built workbooks)."""
    folder = tmp_path_factory.mktemp("last_year")
    (folder / "last").mkdir()
    (folder / "last" / "示例区政务服务和大数据管理局_输入.xlsx").write_bytes(demo_input_bytes())
    last_outcome, last_path = demo_outcome, folder / "last" / "示例区政务服务和大数据管理局_预算公开.xlsx"
    last_path.write_bytes(demo_bytes)
    source = this_year_input(folder / "本年输入.xlsx")
    before = digest(source)
    target = folder / "本年预算公开.xlsx"
    outcome = build_file(source, target, last_path)
    return {
        "expected": table_figures(last_outcome.built), "last": last_path, "source": source,
        "before": before, "target": target, "outcome": outcome, "folder": folder,
    }


@pytest.fixture(scope="module")
def target_book(imported) -> OpenpyxlWorkbook:
    """The built workbook, opened once for the tests that only read it (~1 s a load)."""
    return OpenpyxlWorkbook.open(imported["target"])


def test_imported_figures_equal_last_years_tables(imported, target_book):
    book = target_book
    got = fen_of(book)
    expected = dict(imported["expected"], **{TYPED_ITEM: TYPED_VALUE * 100})
    assert got == expected
    assert dict(read_inputs(book).model.last_year) == expected  # what the narrative reads
    assert imported["expected"]["收入总计"] == 12_314_800_00  # 1,231.48 万元, the demo's total
    assert imported["outcome"].usable


def test_findings_name_each_imported_item_on_its_cell(imported, target_book):
    findings = imported["outcome"].findings
    cells = last_year_cells(target_book)
    done = codes(findings, "TX301")
    assert sorted(f.params["item"] for f in done) == sorted(i for i in ITEMS if i != TYPED_ITEM)
    assert all(f.severity is Severity.INFO and f.sheet == SHEET and f.cell == cells[f.params["item"]][0] for f in done)
    total = next(f for f in done if f.params["item"] == "收入总计")
    assert total.message.startswith("已从上年工作簿导入上年数“收入总计”：12,314,800.00元")
    assert "部门收支预算表!" in total.message
    assert not codes(findings, "TX302") and not codes(findings, "TX304")  # 2025 tables for 2026


def test_input_file_is_not_written(imported):
    assert digest(imported["source"]) == imported["before"]
    assert STATE_SHEET not in OpenpyxlWorkbook.open(imported["source"]).sheet_names()


def test_typed_figure_is_kept_and_reported(imported, target_book):
    book = target_book
    cell, value = last_year_cells(book)[TYPED_ITEM]
    assert value == TYPED_VALUE
    (kept,) = codes(imported["outcome"].findings, "TX303")
    assert (kept.cell, kept.params["item"], kept.severity) == (cell, TYPED_ITEM, Severity.INFO)
    assert (SHEET, cell) not in read_state(book)  # the user's cell is not recorded as ours


def test_state_records_exactly_the_imported_cells(target_book):
    book = target_book
    cells = last_year_cells(book)
    ours = {key: value for key, value in read_state(book).items() if key[0] == SHEET}
    assert set(ours) == {(SHEET, cells[i][0]) for i in ITEMS if i != TYPED_ITEM}


def test_second_import_replaces_only_imported_cells(imported, tmp_path):
    # last year's workbook, corrected: another 基本支出, and without the 三公 table
    last2 = OpenpyxlWorkbook.open(imported["last"])
    last2.write_values("部门支出预算表", 6, 7, [[500.01]])  # G6: 合计行 基本支出
    last2.remove_sheet("一般公共预算“三公”经费预算表")
    last2_path = tmp_path / "上年_更正.xlsx"
    last2.save(last2_path)

    book = OpenpyxlWorkbook.open(imported["target"])
    reception_cell = last_year_cells(book)["公务接待费"][0]
    book.write_values(SHEET, int(reception_cell[1:]), 2, [[9999]])  # the user takes over one imported cell
    findings = import_last_year(book, last2_path)

    after = fen_of(book)
    expected = imported["expected"]
    assert after["基本支出"] == 500_010_000  # replaced: it was ours
    assert after["项目支出"] == expected["项目支出"]
    assert after["公务接待费"] == 9999_00 and after[TYPED_ITEM] == TYPED_VALUE * 100  # the user's
    for item in ("三公经费合计", "因公出国(境)费", "公务用车购置费", "公务用车运行维护费"):
        assert item not in after  # our figure, no longer given by last year's workbook: cleared
    missing = {f.params["item"] for f in codes(findings, "TX302")}
    assert missing == {"三公经费合计", "因公出国(境)费", "公务用车购置费", "公务用车运行维护费"}
    state = {cell for sheet, cell in read_state(book) if sheet == SHEET}
    assert reception_cell not in state and len(state) == len(ITEMS) - 6


def test_import_twice_gives_the_same_sheet(imported):
    book = OpenpyxlWorkbook.open(imported["target"])
    first = book.read_values(SHEET)
    findings = import_last_year(book, imported["last"])
    assert book.read_values(SHEET) == first
    assert len(codes(findings, "TX301")) == len(ITEMS) - 1


def test_workbook_without_disclosure_tables_gives_warnings(imported, tmp_path):
    # last year's *input* workbook and a workbook of unrelated numbers: no table to read
    stray = OpenpyxlWorkbook.new()
    stray.add_sheet("Sheet1")
    stray.write_values("Sheet1", 1, 1, [["名称", "数量", "金额"], ["甲", 1, 2.5], ["乙", 3, 4]])
    stray_path = tmp_path / "无关.xlsx"
    stray.save(stray_path)
    for last in (imported["folder"] / "last" / "示例区政务服务和大数据管理局_输入.xlsx", stray_path):
        target = tmp_path / f"out_{last.stem}.xlsx"
        outcome = build_file(imported["source"], target, last)
        assert outcome.usable and target.exists()
        warned = codes(outcome.findings, "TX302")
        assert {f.params["item"] for f in warned} == set(ITEMS) - {TYPED_ITEM}
        assert all(f.severity is Severity.WARNING and "没有可识别的" in f.message for f in warned)
        assert fen_of(OpenpyxlWorkbook.open(target)) == {TYPED_ITEM: TYPED_VALUE * 100}


def test_missing_last_year_file_is_one_chinese_line_exit_2(imported, tmp_path, capsys):
    target = tmp_path / "out.xlsx"
    code = cli.main(["build", str(imported["source"]), "-o", str(target), "--last-year", str(tmp_path / "没有.xlsx")])
    err = capsys.readouterr().err
    assert code == 2 and not target.exists()
    assert err.count("\n") == 1 and err.startswith("错误：找不到上年工作簿")


def test_cli_build_with_last_year(imported, tmp_path, capsys):
    target = tmp_path / "out.xlsx"
    code = cli.main(["build", str(imported["source"]), "-o", str(target), "--last-year", str(imported["last"])])
    assert code in (cli.EXIT_OK, cli.EXIT_FINDINGS) and "TX301" in capsys.readouterr().out
    assert fen_of(OpenpyxlWorkbook.open(target))["支出总计"] == imported["expected"]["支出总计"]


def test_output_may_not_overwrite_last_years_workbook(imported, tmp_path):
    last = tmp_path / "上年.xlsx"
    shutil.copy(imported["last"], last)
    with pytest.raises(UserError, match="上年工作簿"):
        build_file(imported["source"], last, last)
    assert digest(last) == digest(imported["last"])


# other layouts and units ---------------------------------------------------------------------
def fresh_input(unit: str, year: int) -> OpenpyxlWorkbook:
    book = OpenpyxlWorkbook.new()
    write_template(book)
    set_setting(book, "金额单位", unit)
    set_setting(book, "预算年度", year)
    return book


def test_foreign_published_tables_in_wan(tmp_path):
    """Seed 004 as published (not built by yusuan), into a book kept in 万元."""
    book = fresh_input("万元", 2026)
    findings = import_from(book, seed004_published(2025))
    wan = 1_000_000
    assert fen_of(book, "万元") == {
        "收入总计": 778_960_000, "支出总计": 778_960_000, "一般公共预算": 778_960_000,
        "政府性基金": 0, "国有资本经营": 0, "基本支出": 281_650_000, "项目支出": 497_310_000,
        "三公经费合计": 15 * wan // 10, "因公出国(境)费": 0, "公务用车购置费": 0,
        "公务用车运行维护费": 15 * wan // 10, "公务接待费": 0, "机构运行经费": 14_840_000,
    }
    assert last_year_cells(book)["项目支出"][1] == 497.31  # a number in 万元, as the user would type it
    assert {f.code for f in findings} == {"TX301"} and len(findings) == len(ITEMS)


def test_year_mismatch_is_a_warning_and_still_imports():
    book = fresh_input("元", 2025)
    findings = import_from(book, seed004_published(2025))
    (year,) = codes(findings, "TX304")
    assert year.severity is Severity.WARNING and year.params == {"found": 2025, "year": 2025, "expected": 2024}
    # on the template's 预算年度 value cell: it decides which year last year's workbook must be
    rows = book.read_values("基本信息")
    year_row = next(i for i, r in enumerate(rows, start=1) if r and r[0] == "预算年度")
    assert (year.sheet, year.cell) == ("基本信息", f"B{year_row}")
    assert fen_of(book)["收入总计"] == 7_789_600_00


def test_missing_sheet_is_created_and_missing_items_appended():
    book = fresh_input("元", 2026)
    book.remove_sheet(SHEET)
    import_from(book, seed004_published(2025))
    assert list(last_year_cells(book)) == list(ITEMS)
    # an item the user deleted from the list comes back below the others
    rows = book.read_values(SHEET)
    book.write_values(SHEET, 2, 1, [[None, None]])  # 收入总计 row emptied
    import_from(book, seed004_published(2025))
    after = book.read_values(SHEET)
    assert after[len(rows)][:2] == ["收入总计", 7789600]
    assert (SHEET, "B2") not in read_state(book)  # the emptied row's record went with it


def test_every_item_has_a_source():
    assert [s.item for s in sources()] == list(ITEMS)


@given(st.integers(min_value=0, max_value=10**14), st.sampled_from(["元", "万元"]))
def test_written_cell_reads_back_to_the_same_fen(fen, unit):
    """The stored number (int or float) parses back to exactly the 分 imported."""
    assert to_fen(_cell_value(fen, unit), unit) == fen
