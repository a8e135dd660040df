"""Seed 004 (洛龙区政务服务中心 2025) rebuilt from its inputs: 第二部分 as yusuan writes it on the
情况说明 sheet against the published text, figure by figure and sentence by sentence.

The expected rows are the published 第二部分 with the PDF's spaces and bold marks removed.  Two
deliberate differences: yusuan prints full-width brackets in 公务出国（境） and （含外宾接待）, and
writes the projects' figures of 十（三） as a sentence of their own (the publication runs on with
"，无部门重点绩效目标项目…", which here is the second line of 绩效目标说明)."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from builds import open_copy, seed_build
from yusuan.build import build_workbook
from yusuan.commands import input_workbook_from_csv
from yusuan.narrative import NARRATIVE_SHEET, compose_narrative, extract_figures, write_narrative
from yusuan.narrative.sheet import WIDTH
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

INPUTS = Path(__file__).parents[1] / "fixtures" / "seeds" / "seed004" / "inputs"
D = "洛龙区政务服务中心"
REASON = "政务服务四级全覆盖项目、政务服务实体大厅改造项目预算金额减少，劳务派遣人数减少，预算金额下降"

PUBLISHED = [
    ("title", f"第二部分 2025年{D}部门预算情况说明"),
    ("heading", "一、收入支出预算总体情况说明"),
    ("paragraph", f"{D}2025年收入总计778.96万元，支出总计778.96万元，与2024年预算相比，收支总计各减少48.33万元，"
                  f"下降5.84%，主要原因：{REASON}。"),
    ("heading", "二、收入预算总体情况说明"),
    ("paragraph", f"{D}2025年收入合计778.96万元，其中：一般公共预算收入778.96万元。"),
    ("heading", "三、支出预算总体情况说明"),
    ("paragraph", f"{D}2025年支出合计778.96万元，其中：基本支出281.65万元，占36.16%；项目支出497.31万元，占63.84%。"),
    ("heading", "四、财政拨款收入支出预算总体情况说明"),
    ("paragraph", f"{D}2025年一般公共预算收支预算778.96万元。与2024年相比，一般公共预算收支预算减少48.33万元，"
                  f"下降5.84%，主要原因：{REASON}；政府性基金收支预算与2024年保持一致；国有资本经营收支预算与2024年保持一致。"),
    ("heading", "五、一般公共预算支出预算情况说明"),
    ("paragraph", f"{D}2025年一般公共预算支出年初预算为778.96万元，其中：基本支出281.65万元，占36.16%；"
                  "项目支出497.31万元，占63.84%。"),
    ("heading", "六、一般公共预算基本支出预算情况说明"),
    ("paragraph", f"{D}2025年一般公共预算基本支出年初预算为281.65万元。其中：人员经费支出266.81万元，占94.73%；"
                  "公用经费支出14.84万元，占5.27%。"),
    ("heading", "七、一般公共预算“三公”经费支出预算情况说明"),
    ("paragraph", f"{D}2025年“三公”经费支出预算为1.50万元。2025年“三公”经费支出预算数与2024年保持一致。"),
    ("paragraph", "具体支出情况如下："),
    ("paragraph", "（一）因公出国（境）费0.00万元，主要用于单位工作人员公务出国(境)的住宿费、差旅费、伙食补助费、杂费、"
                  "培训费等支出。预算数与2024年保持一致。"),
    ("paragraph", "（二）公务接待费0.00万元，主要用于按规定开支的各类公务接待(含外宾接待)支出。预算数与2024年保持一致。"),
    ("paragraph", "（三）公务用车购置及运行费1.50万元，主要用于公务用车购置以及开展工作所需公务用车的燃料费、维修费、"
                  "过路过桥费、保险费、安全奖励费用等支出。其中：一是公务用车购置费0.00万元，预算数与2024年保持一致；"
                  "二是公务用车运行维护费1.50万元，预算数与2024年保持一致。"),
    ("heading", "八、政府性基金支出预算情况说明"),
    ("paragraph", f"{D}2025年无政府性基金预算拨款安排的支出。"),
    ("heading", "九、国有资本经营支出预算情况说明"),
    ("paragraph", f"{D}2025年无国有资本经营预算拨款安排的支出。"),
    ("heading", "十、其他重要事项情况说明"),
    ("heading", "（一）行政（事业）单位机构运转经费支出预算情况"),
    ("paragraph", f"{D}2025年机构运转经费支出预算14.84万元，主要保障机构正常运转及正常履职需要所需支出，包含公用经费、"
                  "公务交通补贴、工会经费、职工福利费等。"),
    ("heading", "（二）政府采购支出预算情况"),
    ("paragraph", f"{D}2025年政府采购预算安排0.00万元，其中：政府采购货物预算0.00万元、政府采购工程预算0.00万元、"
                  "政府采购服务预算0.00万元。"),
    ("heading", "（三）绩效目标设置情况"),
    ("paragraph", f"{D}2025年预算项目均按要求编制了绩效目标，从项目产出、项目效益、满意度等方面设置了绩效指标，"
                  "综合反映项目预期完成的数量、实效、质量，预期达到的社会效益、可持续影响以及服务对象满意度等情况。"),
    # published: "…涉及预算拨款497.31万元,共11个项目，无部门重点绩效目标项目，…" as one paragraph
    ("paragraph", f"{D}2025年对项目支出全面实施绩效目标管理，涉及预算拨款497.31万元，共11个项目。"),
    ("paragraph", "无部门重点绩效目标项目，主要是我单位2025年未开展重点项目绩效目标。按照预算绩效管理相关要求，"
                  "我单位将进一步改进管理、完善政策。"),
    ("heading", "（四）国有资产占用情况"),
    ("paragraph", f"2024年期末，{D}共有车辆1辆，其中：一般公务用车1辆、一般执法执勤用车0辆、特种专业技术用车0辆、"
                  "其他用车0辆；单位价值50万元以上通用设备0套，单位价值100万元以上专用设备0套。"),
    ("heading", "（五）专项转移支付项目情况"),
    ("paragraph", f"{D}2025年无负责管理的专项转移支付项目。"),
]

# The figures of the published 第二部分, each with the heading of the section that prints it.
FIGURES = [
    ("一、", "收入总计778.96万元"), ("一、", "支出总计778.96万元"), ("一、", "各减少48.33万元，下降5.84%"),
    ("二、", "收入合计778.96万元"), ("二、", "一般公共预算收入778.96万元"),
    ("三、", "支出合计778.96万元"), ("三、", "基本支出281.65万元，占36.16%"), ("三、", "项目支出497.31万元，占63.84%"),
    ("四、", "一般公共预算收支预算778.96万元"), ("四、", "一般公共预算收支预算减少48.33万元，下降5.84%"),
    ("四、", "政府性基金收支预算与2024年保持一致"), ("四、", "国有资本经营收支预算与2024年保持一致"),
    ("五、", "基本支出281.65万元，占36.16%"), ("五、", "项目支出497.31万元，占63.84%"),
    ("六、", "基本支出年初预算为281.65万元"), ("六、", "人员经费支出266.81万元，占94.73%"),
    ("六、", "公用经费支出14.84万元，占5.27%"),
    ("七、", "“三公”经费支出预算为1.50万元"), ("七、", "“三公”经费支出预算数与2024年保持一致"),
    ("七、", "因公出国（境）费0.00万元"), ("七、", "公务接待费0.00万元"), ("七、", "公务用车购置及运行费1.50万元"),
    ("七、", "公务用车购置费0.00万元"), ("七、", "公务用车运行维护费1.50万元"),
    ("八、", "无政府性基金预算拨款安排的支出"), ("九、", "无国有资本经营预算拨款安排的支出"),
    ("（一）", "机构运转经费支出预算14.84万元"),
    ("（二）", "政府采购预算安排0.00万元"), ("（二）", "政府采购货物预算0.00万元"), ("（二）", "政府采购工程预算0.00万元"),
    ("（二）", "政府采购服务预算0.00万元"),
    ("（三）", "涉及预算拨款497.31万元，共11个项目"),
    ("（四）", "共有车辆1辆"), ("（四）", "一般公务用车1辆"), ("（四）", "单位价值50万元以上通用设备0套"),
    ("（五）", "无负责管理的专项转移支付项目"),
]


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _build():
    outcome, data = seed_build("seed004")  # built once per session (tests/builds.py)
    return open_copy(data), outcome


@pytest.fixture(scope="module")
def seed():
    return _build()


def _rows(book) -> list[str]:
    return [row[0] for row in book.read_values(NARRATIVE_SHEET)]


def _section(rows: list[str], start: str) -> str:
    """Every row from the heading starting with ``start`` up to the next heading of that level."""
    headings = [kind == "heading" for kind, _ in PUBLISHED]  # the rows stand as published (first test)
    first = next(i for i, text in enumerate(rows) if headings[i] and text.startswith(start))
    end = next((i for i in range(first + 1, len(rows)) if headings[i]), len(rows))
    return "".join(rows[first + 1:end])


def test_text_equals_the_published_text(seed):
    book, _ = seed
    rows = _rows(book)
    assert [_normal(t) for t in rows] == [_normal(t) for _, t in PUBLISHED]


@pytest.mark.parametrize(("section", "figure"), FIGURES)
def test_published_figure(seed, section, figure):
    book, _ = seed
    assert figure in _section(_rows(book), section)


def test_figures_come_from_the_tables(seed):
    _, outcome = seed
    f = extract_figures(outcome.built)
    assert (f.income_total, f.spending_total, f.income.total) == (778_960_000, 778_960_000, 778_960_000)
    assert f.income.part("current_general") == 778_960_000
    assert (f.spending.part("basic"), f.spending.part("project")) == (281_650_000, 497_310_000)
    assert (f.general_basic.part("personnel"), f.general_basic.part("public")) == (266_810_000, 14_840_000)
    assert (f.three_public.total, f.three_public.part("vehicle_operation")) == (1_500_000, 1_500_000)
    assert (f.government_fund.total, f.state_capital.total, f.operating_costs) == (0, 0, 14_840_000)
    assert (f.procurement.total, f.projects.total, f.projects.part("count")) == (0, 497_310_000, 11)


def test_reasons_from_basic_information_appear_verbatim(seed):
    book, _ = seed
    with (INPUTS / "基本信息.csv").open(encoding="utf-8-sig", newline="") as handle:
        reasons = {r["项目"]: r["内容"] for r in csv.DictReader(handle)}
    rows = _rows(book)
    for label, section in (("增减原因-收支总体", "一、"), ("增减原因-一般公共预算", "四、")):
        typed = reasons[label].rstrip("。")
        assert f"主要原因：{typed}" in _section(rows, section)


def test_seed_inputs_give_everything_the_text_needs(seed):
    _, outcome = seed
    assert not [f for f in outcome.findings if f.code in ("TX101", "TX102", "TX103")]
    assert not [f for f in outcome.findings if f.sheet == NARRATIVE_SHEET]  # not taken for a table


def test_sheet_layout(seed):
    book, _ = seed
    names = book.sheet_names()
    at = names.index(NARRATIVE_SHEET)
    assert names[at - 1] == "其他收入" and names[at + 1] == "部门收支预算表"
    values = book.read_values(NARRATIVE_SHEET)
    assert all(len(row) == 1 and isinstance(row[0], str) for row in values)
    ws = book.book[NARRATIVE_SHEET]
    assert ws.column_dimensions["A"].width == pytest.approx(WIDTH)  # fits A4 portrait unscaled
    assert all(ws.cell(r, 1).alignment.wrap_text for r in range(1, len(values) + 1))
    headings = [r for r, (kind, _) in enumerate(PUBLISHED, start=1) if kind == "heading"]
    assert all(ws.cell(r, 1).font.bold for r in headings)
    assert not ws.cell(headings[0] + 1, 1).font.bold


def test_one_block_write():
    book, outcome = _build()
    narrative = compose_narrative(outcome.built.context.model, outcome.built)

    class Recording:
        def __init__(self, port):
            self.port, self.writes = port, []

        def __getattr__(self, name):
            return getattr(self.port, name)

        def write_values(self, sheet, top, left, rows):
            self.writes.append((sheet, top, left, len(rows)))
            self.port.write_values(sheet, top, left, rows)

    port = Recording(OpenpyxlWorkbook.new())
    write_narrative(port, narrative)
    assert port.writes == [(NARRATIVE_SHEET, 1, 1, len(PUBLISHED))]


def test_rebuild_replaces_the_sheet_in_place():
    book, _ = _build()
    first = (book.sheet_names(), _rows(book))
    build_workbook(book)
    assert (book.sheet_names(), _rows(book)) == first


def test_missing_reason_and_last_year_figure_are_flagged_on_the_input_cells():
    book = input_workbook_from_csv(INPUTS)
    settings = book.read_values("基本信息")
    reason_row = next(r for r, row in enumerate(settings, start=1) if row[0] == "增减原因-收支总体")
    book.write_values("基本信息", reason_row, 2, [[None]])
    last_year = book.read_values("上年数")
    item_row = next(r for r, row in enumerate(last_year, start=1) if row[0] == "公务接待费")
    book.write_values("上年数", item_row, 2, [[None]])
    outcome = build_workbook(book)
    found = {(f.code, f.sheet, f.cell) for f in outcome.findings if f.code.startswith("TX1")}
    assert found == {("TX101", "基本信息", f"B{reason_row}"), ("TX102", "上年数", f"B{item_row}")}
    assert (reason_row, 2) in book.read_notes("基本信息") and (item_row, 2) in book.read_notes("上年数")
    rows = _rows(book)
    assert _section(rows, "一、") == (f"{D}2025年收入总计778.96万元，支出总计778.96万元，与2024年预算相比，"
                                     "收支总计各减少48.33万元，下降5.84%。")
    assert f"主要原因：{REASON}" in _section(rows, "四、")  # its own reason is still there
    reception = next(t for t in rows if t.startswith("（二）公务接待费"))
    assert reception.endswith("（含外宾接待）支出。")
