"""Seed 003 (洛阳市政务服务和大数据管理局 2020, profile 河南2020) rebuilt from its inputs:
第二部分 as yusuan writes it against the published text, section by section.

PUBLISHED is the seed's 第二部分 with the PDF's spaces removed ({S}: the short name the text
uses for the department).  yusuan's text differs where DIFFERENCES says, each with its reason;
every figure (amounts, shares, the 功能分类 breakdown of 五) is equal."""

from __future__ import annotations

import re
import unicodedata

import pytest

from builds import open_copy, seed_build
from yusuan.narrative import NARRATIVE_SHEET

D = "洛阳市政务服务和大数据管理局"
NO_LAST_YEAR = "因机构改革，我单位2019年未单独列支“三公”经费。"
CAR = "主要用于开展工作所需公务用车的燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出"
PERFORMANCE = ("按照加强预算绩效管理和完善公共财政体系总体要求，以及洛阳市绩效工作部署和考核要求，开展绩效目标管理工作，继续扩大"
               "绩效目标管理范围，提升绩效目标编报质量。洛阳市政务服务和大数据管理局2019年成立，2020年首次编报部门预算，在编制"
               "2020年项目预算时，要求项目管理科室按照《洛阳市财政局关于印发〈洛阳市预算绩效目标管理办法〉的通知》（洛财办〔2017〕"
               "51号）要求做好2020年项目预算编制，科学评估项目绩效，合理确定项目纯净目标。")

PUBLISHED = [
    ("title", f"第二部分 {D}2020年度部门预算情况说明"),
    ("heading", "一、收入支出预算总体情况说明"),
    ("paragraph", "{S}2020年收入总计92万元，支出总计92万元，收支平衡。"),
    ("heading", "二、收入预算总体情况说明"),
    ("paragraph", "{S}2020年收入预算总计92万元，其中：财政一般拨款92万元，其他收入0万元。"),
    ("heading", "三、支出预算总体情况说明"),
    ("paragraph", "{S}2020年支出预算总计92万元，其中：基本支出74万元，占80.43%；项目支出18万元，占19.57%。"),
    ("heading", "四、财政拨款收入支出预算总体情况说明"),
    ("paragraph", "{S}2020年一般公共预算收支预算92万元。"),
    ("heading", "五、一般公共预算支出预算情况说明"),
    ("paragraph", "{S}2020年一般公共预算支出年初预算为92万元。主要用于以下方面：一般公共服务支出75.7万元，占82.28%；"
                  "社会保障和就业支出5.9万元，占6.41%；卫生健康支出5.4万元，占5.87%；住房保障支出5万元，占5.44%。"),
    ("heading", "六、一般公共预算基本支出预算情况说明"),
    ("paragraph", "{S}2020年一般公共预算基本支出74万元，其中：人员经费66.3万元，基本工资、津贴补贴、奖金、机关事业单位基本养老保险"
                  "缴费、职业年金缴费、医疗保险缴费、其他社会保障缴费、住房公积金；公用经费7.7万元，主要包括：办公费、印刷费、邮电费、"
                  "取暖费、差旅费、公务接待费、福利费、公务用车运行维护费、其他交通费用。（此处单位根据实际情况选列）"),
    ("heading", "七、政府性基金预算收支情况说明"),
    ("paragraph", "{S}2020年没有政府性基金预算拨款安排的收入和支出。"),
    ("heading", "八、国有资本经营预算支出预算情况说明"),
    ("paragraph", "{S}2020年没有国有资本经营预算拨款安排的收入和支出。"),
    ("heading", "九、“三公”经费支出预算情况说明"),
    ("paragraph", f"2020年“三公”经费预算为1.5万元，{NO_LAST_YEAR}具体支出情况如下："),
    ("paragraph", "（一）因公出国（境）费0万元。"),
    ("paragraph", f"（二）公务用车购置及运行费1.3万元，其中，公务用车购置费0万元；公务用车运行维护费1.3万元，{CAR}。{NO_LAST_YEAR}预算。"),
    ("paragraph", f"（三）公务接待费0.2万元，主要用于按规定开支的各类公务接待支出。{NO_LAST_YEAR}预算。"),
    ("heading", "十、其他重要事项的情况说明"),
    ("heading", "（一）机关运行经费支出情况"),
    ("paragraph", "2020年机关运行经费支出预算57.7万元，主要保障机构正常运转及正常履职需要。"),
    ("heading", "（二）政府采购支出情况"),
    ("paragraph", "{S}无政府采购预算安排。"),
    ("heading", "（三）关于预算绩效管理工作开展情况说明"),
    ("paragraph", PERFORMANCE),
    ("heading", "（四）国有资产占用情况。"),
    ("paragraph", "2019年期末，{S}账面共有车辆2辆，其中：一般公务用车2辆。"),
]

# (published text, yusuan's text, why), applied to PUBLISHED in this order
DIFFERENCES = [
    ("{S}", D, "the text calls the department 市政务服务和大数据管理局; yusuan writes its 部门名称"),
    ("，其他收入0万元", "", "yusuan names only the sources that have an amount"),
    ("，基本工资、津贴补贴、奖金、机关事业单位基本养老保险缴费、职业年金缴费、医疗保险缴费、其他社会保障缴费、住房公积金；", "；",
     "the lists of 经济科目 are the template's (职业年金缴费, 印刷费 … are not in table 六): not written"),
    ("，主要包括：办公费、印刷费、邮电费、取暖费、差旅费、公务接待费、福利费、公务用车运行维护费、其他交通费用。（此处单位根据实际情况选列）",
     "。", "the list, and the drafting note left in the publication"),
    (f"，{NO_LAST_YEAR}具体支出情况如下：", "。\n具体支出情况如下：",
     "why nothing is compared is the department's own sentence; yusuan flags the missing 上年数 instead (TX102)"),
    (f"。{NO_LAST_YEAR}预算。", "。", "the same sentence, with a stray 预算。 (twice)"),
    ("国有资产占用情况。", "国有资产占用情况", "stray full stop in the heading"),
]


def _two_decimals(text: str) -> str:
    """Amounts with two decimals, as the tables print them (the seed prints 92 / 75.7)."""
    return re.sub(r"(\d+(?:\.\d+)?)万元", lambda m: f"{float(m.group(1)):.2f}万元", text)


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _expected() -> list[tuple[str, str]]:
    """(kind, text) of each row yusuan writes: PUBLISHED with DIFFERENCES applied."""
    text = "\n".join(f"{kind}|{t}" for kind, t in PUBLISHED)
    for published, ours, why in DIFFERENCES:
        assert published in text, why
        text = text.replace(published, ours.replace("\n", "\nparagraph|"))
    return [tuple(line.split("|", 1)) for line in _two_decimals(text).split("\n")]


@pytest.fixture(scope="module")
def rows() -> list[str]:
    outcome, data = seed_build("seed003")  # built once per session (tests/builds.py)
    return [row[0] for row in open_copy(data).read_values(NARRATIVE_SHEET)]


def test_text_equals_the_published_text_but_the_listed_differences(rows):
    assert [_normal(t) for t in rows] == [_normal(t) for _, t in _expected()]


# every figure of the published 第二部分 (two decimals), with the heading of its section
FIGURES = [
    ("一、", "收入总计92.00万元"), ("一、", "支出总计92.00万元"),
    ("二、", "收入预算总计92.00万元"), ("二、", "财政一般拨款92.00万元"),
    ("三、", "支出预算总计92.00万元"), ("三、", "基本支出74.00万元，占80.43%"), ("三、", "项目支出18.00万元，占19.57%"),
    ("四、", "一般公共预算收支预算92.00万元"),
    ("五、", "年初预算为92.00万元"), ("五、", "一般公共服务支出75.70万元，占82.28%"), ("五、", "社会保障和就业支出5.90万元，占6.41%"),
    ("五、", "卫生健康支出5.40万元，占5.87%"), ("五、", "住房保障支出5.00万元，占5.44%"),
    ("六、", "基本支出74.00万元"), ("六、", "人员经费66.30万元"), ("六、", "公用经费7.70万元"),
    ("九、", "“三公”经费预算为1.50万元"), ("九、", "因公出国(境)费0.00万元"), ("九、", "公务用车购置及运行费1.30万元"),
    ("九、", "公务用车购置费0.00万元"), ("九、", "公务用车运行维护费1.30万元"), ("九、", "公务接待费0.20万元"),
    ("（一）", "机关运行经费支出预算57.70万元"), ("（四）", "共有车辆2辆"), ("（四）", "一般公务用车2辆"),
]


def _section(rows: list[str], start: str) -> str:
    """The rows under the heading starting with ``start`` (the rows stand as expected: first test)."""
    kinds = [kind for kind, _ in _expected()]
    first = next(i for i, text in enumerate(rows) if kinds[i] == "heading" and text.startswith(start))
    end = next((i for i in range(first + 1, len(rows)) if kinds[i] == "heading"), len(rows))
    return _normal("".join(rows[first + 1:end]))


@pytest.mark.parametrize(("section", "figure"), FIGURES)
def test_published_figure(rows, section, figure):
    assert _normal(figure) in _section(rows, section)
