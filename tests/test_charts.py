"""图表 sheet: data blocks equal to the tables' printed figures, native charts referencing
them, placed after the tables, rebuilt in place, and a workbook LibreOffice can convert."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl.chart import BarChart, PieChart
from openpyxl.utils.cell import range_boundaries

from yusuan import charts, profiles
from yusuan.audit.recognize import parse_workbook
from yusuan.build import build_workbook, table_sheet_names
from yusuan.ports import CellRange
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

SHEET = "图表"
_NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")


@pytest.fixture(scope="module")
def demo(demo_outcome, demo_bytes, tmp_path_factory):
    target = tmp_path_factory.mktemp("charts") / "示例_预算公开.xlsx"
    target.write_bytes(demo_bytes)
    return demo_outcome, target


@pytest.fixture(scope="module")
def saved(demo) -> OpenpyxlWorkbook:
    """The saved demo read back, once for the tests that only read it (~1 s a load)."""
    return OpenpyxlWorkbook.open(demo[1])


@pytest.fixture(scope="module")
def parsed(saved):
    """The saved demo as the recogniser reads it."""
    return parse_workbook(saved)


def blocks(ws) -> dict[str, dict[str, Decimal]]:
    """The data blocks as written: chart title → {label: amount}."""
    out, title = {}, None
    rows = list(ws.iter_rows(min_row=charts.FIRST_BLOCK_ROW, max_col=2, values_only=True))
    for i, (label, amount) in enumerate(rows):
        if label and amount is None and i + 1 < len(rows) and rows[i + 1][1] == "金额（万元）":
            title = label
            out[title] = {}
        elif title and isinstance(amount, (int, float)):
            out[title][label] = Decimal(repr(amount))
    return out


def printed(parsed) -> dict[str, dict[str, Decimal]]:
    """The same figures read back from the saved tables by the recogniser (as printed)."""
    expenditure, summary = parsed.first("expenditure"), parsed.first("income_expenditure_summary")
    total = expenditure.total_row
    classes, sources = {}, {}
    for row in summary.rows:
        spent, got = row.cells.get("spending_amount"), row.cells.get("income_amount")
        if row.role != "total" and spent and spent.amount and "结转" not in row.labels["spending_item"]:
            classes[_NUMBERING.sub("", row.labels["spending_item"])] = spent.amount
        if row.role != "total" and got and got.amount and not row.labels["income_item"].startswith("其中"):
            sources[_NUMBERING.sub("", row.labels["income_item"])] = got.amount
    return {
        "支出结构：基本支出与项目支出": {"基本支出": total.amount("basic"), "项目支出": total.amount("project")},
        "支出结构：按支出功能分类（类）": classes,
        "收入结构：按资金来源": sources,
    }


def test_chart_sheet_follows_the_tables(saved):
    names = saved.book.sheetnames
    last_table = max(names.index(n) for n in table_sheet_names(profiles.load()))
    assert names.index(SHEET) == last_table + 1


def test_data_blocks_equal_the_printed_tables(saved, parsed):
    ws = saved.book[SHEET]
    got, expected = blocks(ws), printed(parsed)
    assert got == expected
    summary = parsed.first("income_expenditure_summary")
    income_total, spending_total = summary.rows[-1].amount("income_amount"), summary.rows[-1].amount("spending_amount")
    assert sum(got["收入结构：按资金来源"].values()) == income_total
    assert sum(got["支出结构：按支出功能分类（类）"].values()) == spending_total  # demo: no 年终结转结余
    assert sum(got["支出结构：基本支出与项目支出"].values()) == parsed.first("expenditure").total_row.amount("total")


def _cells(ws, ref: str) -> list:
    sheet, _, area = ref.rpartition("!")
    assert sheet.strip("'") == SHEET
    left, top, right, bottom = range_boundaries(area.replace("$", ""))
    return [ws.cell(r, c).value for r in range(top, bottom + 1) for c in range(left, right + 1)]


def test_charts_reference_their_blocks(saved):
    ws = saved.book[SHEET]
    found = blocks(ws)
    assert len(ws._charts) >= 2
    kinds = [type(c) for c in ws._charts]
    assert kinds == [PieChart, BarChart, PieChart]
    for chart, (title, block) in zip(ws._charts, found.items()):
        (series,) = chart.series
        labels = _cells(ws, series.cat.strRef.f if series.cat.strRef else series.cat.numRef.f)
        values = _cells(ws, series.val.numRef.f)
        assert labels == list(block) and [Decimal(repr(v)) for v in values] == list(block.values())
        assert chart.dataLabels.showVal and chart.dataLabels.numFmt == "#,##0.00"
        assert "".join(r.t for p in chart.title.tx.rich.p for r in p.r) == title


def test_bar_chart_lists_only_classes_with_amounts(demo):
    outcome, _ = demo
    (bar,) = [c for c in charts.chart_data(outcome.built) if c.kind == "bar"]
    assert bar.items and all(fen > 0 for _, fen in bar.items)
    assert [label for label, _ in bar.items] == ["一般公共服务", "社会保障和就业", "卫生健康", "住房保障支出", "其他支出"]


def test_rebuild_replaces_the_chart_sheet_after_the_tables(demo_book):
    book = demo_book  # built once (the session's build, read back: its charts too) …
    build_workbook(book)  # … and 生成报表 clicked again
    names = book.sheet_names()
    assert names.count(SHEET) == 1
    assert names.index(SHEET) == max(names.index(n) for n in table_sheet_names(profiles.load())) + 1
    assert len(book.book[SHEET]._charts) == 3


def test_chart_sheet_raises_no_finding_and_is_no_table(demo, parsed):
    outcome, _ = demo
    assert all(t.sheet != SHEET for t in parsed.tables) and all(u.sheet != SHEET for u in parsed.unrecognised)
    assert all(f.sheet != SHEET for f in outcome.findings)


def test_block_without_amounts_has_no_chart(demo, monkeypatch):
    outcome, _ = demo
    empty = charts.ChartData("basic_project", "pie", "支出结构：基本支出与项目支出", "支出类型", ())
    monkeypatch.setattr(charts, "chart_data", lambda built: [empty])
    book = OpenpyxlWorkbook.new()
    (placed,) = charts.write_charts(book, outcome.built)
    assert placed.anchor is None and book.book[SHEET]._charts == []
    assert book.read_values(SHEET)[placed.heading_row] == ["无数据", None]


def test_unknown_chart_kind_is_refused():
    book = OpenpyxlWorkbook.new()
    book.add_sheet("s")
    book.write_values("s", 1, 1, [["a", 1]])
    with pytest.raises(ValueError):
        book.add_chart("s", "radar", "t", CellRange.cell(1, 2), CellRange.cell(1, 1), "D1")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_workbook(demo, tmp_path):
    _, target = demo
    done = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
        check=False, capture_output=True, timeout=300,
    )
    pdf = tmp_path / (target.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists() and pdf.stat().st_size > 0, done.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=False, capture_output=True, timeout=60).stdout.decode()
        assert "部门预算结构图" in text and "支出结构：按支出功能分类（类）" in text
