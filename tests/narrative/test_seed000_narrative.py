"""Seed 000 (洛阳市孟津区政务服务和大数据管理局 2022, profile 河南2022) rebuilt from its inputs:
第二部分 as yusuan writes it against the published text, section by section.

PUBLISHED is the seed's 第二部分 with the PDF's spaces removed.  yusuan's text differs where
DIFFERENCES says, each with its reason (amounts with two decimals, the publication's slips, the
sentences yusuan always writes); everything else, every figure included, is equal."""

from __future__ import annotations

import unicodedata

import pytest

from builds import open_copy, seed_build
from yusuan.narrative import NARRATIVE_SHEET

D = "洛阳市孟津区政务服务和大数据管理局"
R = "大厅运行经费增多、专项工作经费和网络维护租赁费用增多等"
CAR = "主要用于开展工作所需公务用车的燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出"

PUBLISHED = [
    ("title", f"第二部分 2022年{D}部门预算情况说明"),
    ("heading", "一、收入支出预算总体情况说明"),
    ("paragraph", f"{D}2022年收入总计883.5万元，支出总计883.5万元，与2021年预算相比，收入增加85.62万元万元，增长10.73%。"
                  f"主要原因：{R}；支出增加85.62万元，增长10.73%。主要原因：{R}。"),
    ("heading", "二、收入预算总体情况说明"),
    ("paragraph", f"{D}2022年收入合计883.5万元，其中：一般公共预算收入883.5万元。"),
    ("heading", "三、支出预算总体情况说明"),
    ("paragraph", f"{D}2022年支出合计883.5万元，其中：基本支出633.06万元，占71.65%；项目支出250.44万元，占28.35%。"),
    ("heading", "四、财政拨款收入支出预算总体情况说明"),
    ("paragraph", f"{D}2022年一般公共预算收支预算883.5万元。与2021年相比，一般公共预算收支预算增加85.62万元，增长10.73%，"
                  f"主要原因：{R}。"),
    ("heading", "五、一般公共预算支出预算情况说明"),
    ("paragraph", f"{D}2022年一般公共预算支出年初预算为883.5万元。其中：基本支出633.06万元，占71.65%；项目支出250.44万元，"
                  "占28.35%，。"),
    ("heading", "六、一般公共预算基本支出预算情况说明"),
    ("paragraph", f"{D}2022年一般公共预算基本支出年初预算为633.06万元。其中：人员经费支出576.88万元，占91.13%；"
                  "公用经费支出56.18万元，占8.87%。"),
    ("heading", "七、一般公共预算“三公”经费支出预算情况说明"),
    ("paragraph", f"{D}2022年“三公”经费支出预算为0万元。2022年“三公”经费支出预算数与2021年无变化。"),
    ("paragraph", "具体支出情况如下："),
    ("paragraph", "（一）因公出国（境）费0万元，主要用于单位工作人员公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出。"
                  "预算数与2021年保持一致。"),
    ("paragraph", "（二）公务接待费0万元，主要用于按规定开支的各类公务接待（含外宾接待）支出，预算数与2021年保持一致。"),
    ("paragraph", f"（三）公务用车购置及运行费0万元，其中：公务用车购置费0万元；公务用车运行维护费0万元，{CAR}。预算数与2021年保持一致。"),
    ("heading", "八、政府性基金支出预算情况说明"),
    ("paragraph", f"{D}2022年无政府性基金预算拨款安排的支出。"),
    ("heading", "九、国有资本经营预算支出预算情况说明"),
    ("paragraph", f"{D}2022年无国有资本经营预算拨款安排的支出。"),
    ("heading", "十、其他重要事项情况说明"),
    ("heading", "（一）行政（事业）单位机构运行经费支出预算情况"),
    ("paragraph", f"{D}2022年机构运行经费支出预算56.18万元，主要保障机构正常运转及正常履职需要所需支出，包含公用经费、"
                  "公务交通补贴、工会经费、职工福利费等。"),
    ("heading", "（二）政府采购支出预算情况"),
    ("paragraph", "2022年政府采购预算安排0万元，其中：政府采购货物预算0万元、政府采购工程预算0万元、政府采购服务预算0万元。"),
    ("heading", "（三）绩效目标设置情况"),
    ("paragraph", f"{D}2022年预算项目均按要求编制了绩效目标，从项目产出、项目效益、满意度等方面设置了绩效指标，综合反映项目预期"
                  "完成的数量、实效、质量，预期达到的社会经济效益、可持续影响以及服务对象满意度等情况。"),
    ("heading", "（四）国有资产占用情况"),
    ("paragraph", f"2021年期末，{D}共有车辆1辆，其中：一般公务用车1辆；单位价值50万元以上通用设备0套，单位价值100万元以上专用设备0套。"),
    ("heading", "（五）专项转移支付项目情况"),
    ("paragraph", f"{D}2022年无负责管理的专项转移支付项目。"),
]

# (published text, yusuan's text, why), applied to PUBLISHED in this order
DIFFERENCES = [
    ("883.5万元", "883.50万元", "amounts print with two decimals, as the tables do"),
    ("为0万元", "为0.00万元", "amounts print with two decimals"),
    ("费0万元", "费0.00万元", "amounts print with two decimals"),
    ("预算0万元", "预算0.00万元", "amounts print with two decimals"),
    ("安排0万元", "安排0.00万元", "amounts print with two decimals"),
    ("85.62万元万元", "85.62万元", "the publication doubles the unit"),
    ("10.73%。主要原因", "10.73%，主要原因", "yusuan joins a change and its reason with a comma everywhere"),
    ("预算为883.50万元。其中", "预算为883.50万元，其中", "section 五 as 三: one sentence"),
    ("占28.35%，。", "占28.35%。", "stray comma in the publication"),
    (f"主要原因：{R}。\n五", f"主要原因：{R}；政府性基金收支预算与2021年保持一致；国有资本经营收支预算与2021年保持一致。\n五",
     "yusuan compares every fund that 上年数 gives (政府性基金 and 国有资本经营 are 0 in both years)"),
    ("与2021年无变化", "与2021年保持一致", "one wording for an unchanged figure"),
    ("支出，预算数与2021年", "支出。预算数与2021年", "the 公务接待费 sentence ends like the other items"),
    ("国有资本经营预算支出预算情况说明", "国有资本经营支出预算情况说明", "heading as the profile's section 九 (2025 wording)"),
    ("\n2022年政府采购", f"\n{D}2022年政府采购", "every sentence of 十 names the department"),
]


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _expected() -> list[str]:
    text = "\n".join(t for _, t in PUBLISHED)
    for published, ours, why in DIFFERENCES:
        assert published in text, why
        text = text.replace(published, ours)
    return text.split("\n")


@pytest.fixture(scope="module")
def rows() -> list[str]:
    outcome, data = seed_build("seed000")  # built once per session (tests/builds.py)
    return [row[0] for row in open_copy(data).read_values(NARRATIVE_SHEET)]


def test_text_equals_the_published_text_but_the_listed_differences(rows):
    assert [_normal(t) for t in rows] == [_normal(t) for t in _expected()]


# every figure of the published 第二部分 (two decimals), with the heading of its section
FIGURES = [
    ("一、", "收入总计883.50万元"), ("一、", "支出总计883.50万元"), ("一、", "收入增加85.62万元，增长10.73%"),
    ("一、", "支出增加85.62万元，增长10.73%"),
    ("二、", "收入合计883.50万元"), ("二、", "一般公共预算收入883.50万元"),
    ("三、", "支出合计883.50万元"), ("三、", "基本支出633.06万元，占71.65%"), ("三、", "项目支出250.44万元，占28.35%"),
    ("四、", "一般公共预算收支预算883.50万元"), ("四、", "一般公共预算收支预算增加85.62万元，增长10.73%"),
    ("五、", "年初预算为883.50万元"), ("五、", "基本支出633.06万元，占71.65%"), ("五、", "项目支出250.44万元，占28.35%"),
    ("六、", "年初预算为633.06万元"), ("六、", "人员经费支出576.88万元，占91.13%"), ("六、", "公用经费支出56.18万元，占8.87%"),
    ("七、", "“三公”经费支出预算为0.00万元"), ("七、", "因公出国(境)费0.00万元"), ("七、", "公务接待费0.00万元"),
    ("七、", "公务用车购置及运行费0.00万元"), ("七、", "公务用车购置费0.00万元"), ("七、", "公务用车运行维护费0.00万元"),
    ("（一）", "机构运行经费支出预算56.18万元"),
    ("（二）", "政府采购预算安排0.00万元"), ("（二）", "货物预算0.00万元"), ("（二）", "工程预算0.00万元"), ("（二）", "服务预算0.00万元"),
    ("（四）", "共有车辆1辆"), ("（四）", "一般公务用车1辆"), ("（四）", "通用设备0套"), ("（四）", "专用设备0套"),
]


def _section(rows: list[str], start: str) -> str:
    """The rows under the heading starting with ``start`` (rows stand as published: first test)."""
    headings = [kind == "heading" for kind, _ in PUBLISHED]
    first = next(i for i, text in enumerate(rows) if headings[i] and text.startswith(start))
    end = next((i for i in range(first + 1, len(rows)) if headings[i]), len(rows))
    return _normal("".join(rows[first + 1:end]))


@pytest.mark.parametrize(("section", "figure"), FIGURES)
def test_published_figure(rows, section, figure):
    assert _normal(figure) in _section(rows, section)
