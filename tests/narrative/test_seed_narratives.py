"""Seeds 002 (卫辉市 2024, profile 河南2024) and 001 (焦作市 2023, 河南2023) rebuilt from their inputs:
第二部分 as yusuan writes it reproduces the seed's own figures, section by section.

Each published section (heading and paragraphs as printed, PDF spaces removed) is reduced to its
numbers — amounts, changes, growth rates, shares, counts — and every one must appear in the section
yusuan writes under the same heading (``0万元`` printed as ``0.00万元`` counts as the same number).
The wording follows the year's own templates (``narrative/data/henan2024.yaml``/``henan2023.yaml``);
only the figures are compared, since the seeds' sentences carry placeholders and repeated reasons
that a generated text does not copy.  Numbers the publication gets wrong are listed in ERRATA with
the reason; nothing else may be missing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pytest

from builds import open_copy, seed_build
from yusuan.narrative import NARRATIVE_SHEET, compose_narrative

NUMBER = re.compile(r"\d+(?:\.\d+)?")

W = "卫辉市政务服务和大数据管理局"
PUBLISHED = {
    "seed002": {
        "一、": f"{W}2024年收入总计11534.22万元，支出总计11534.22万元。与2023年预算相比，收入增加10648.12万元，增长1200.17%，"
               "主要原因：1.2024年收到专项债券资金结转收入10331万元，相比2023年增加10331万元。2.项目预算资金收入增加284.91万元，"
               "3.一般公共预算收入增加32.20万元。以上三点原因造成预算收入总计增加10648.12万元。与上年相比，支出增加10648.12万元，"
               "增长1200.17%，主要原因：1.2024年收到专项债券资金结转10331万元，相比2023年增加10331万元。2.项目预算资金支出增加"
               "284.91万元，3.一般公共预算基本支出由于人员人数增加，相比2023年增加32.20万元。",
        "二、": f"{W}2024年收入合计11534.22万元，其中：一般公共预算343.22万元；政府性基金收入11191万元；财政专户管理资金收入0万元。",
        "三、": f"{W}2024年支出合计11534.22万元，其中：基本支出189.07万元，占1.64%；项目支出11345.15万元，占98.36%。",
        "四、": f"{W}2024年一般公共预算收支预算343.22万元，政府性基金收支预算11191万元。与2023年相比，一般公共预算收支预算增加"
               "36.81万元，增长12.01%，主要原因：1.人员经费和公用经费收支增加32.2万元，2.运转类项目收支增加4.61万元；"
               "政府性基金收支预算增加10611.3万元，增长1830.48%。",
        "五、": f"{W}2024年一般公共预算支出年初预算为343.22万元。其中：基本支出189.07万元，占55.08%；项目支出154.15万元，"
               "占44.91%。主要用于以下方面：一般公共服务（类）支出300.01万元，占87.41%；社会保障和就业（类）支出20.28万元，"
               "占5.91%；卫生健康（类）支出7.16万元，占2.09%；住房保障（类）支出15.77万元，占4.59%。",
        "六、": f"{W}2024年一般公共预算基本支出年初预算为189.07万元。其中：人员经费支出174.64万元，占92.37%；公用经费支出"
               "14.43万元，占7.63%。",
        "七、": "我部门2024年“三公”经费预算为0万元。2024年“三公”经费支出预算数比2023年增加（减少）0万元。具体支出情况如下："
               "（一）因公出国（境）费0万元，主要用于单位工作人员公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出。"
               "预算数比2023年增加（减少）xxx万元，主要原因是预算数与2023年保持一致，无变化。（二）公务接待费0万元，主要用于按规定"
               "开支的各类公务接待（含外宾接待）支出。预算数比2023年增加（减少）0万元。主要原因：预算数与2023年保持一致，无变化。"
               "（三）公务用车购置及运行费0万元，其中，公务用车购置费0万元；公务用车运行维护费0万元，主要用于开展工作所需公务用车的"
               "燃料费、维修费、过路过桥费、保险费等支出。公务用车购置费预算数比2023年增加（减少）0万元，主要原因：预算数与2023年"
               "保持一致，无变化。公务用车运行维护费预算数比2023年增加（减少）0万元，主要原因：预算数与2023年保持一致，无变化。",
        "八、": "我部门2024年政府性基金预算支出年初预算为11191万元。支出具体情况如下：特定目标类项目11191万元运转类项目0万元、"
               "投资类项目0万元、专项资金项目0万元，其他项目0万元。主要预算支出项目如下：卫辉市群众文化综合体灾后重建项目10331万元，"
               "卫辉市市民中心地下停车场建设及群众文化综合体灾后重建项目等专项债券收入项目860万元。",
        "（一）": f"{W}2024年机构运转经费支出预算14.43万元，主要保障机构正常运转及正常履职需要。",
        "（二）": "我部门2024年政府采购预算安排67.49万元，其中：纳入资产购置预算项目67.49万元，主要是办公设备类，例如：电脑、"
                "打印复印机等、办公家具类例如：办公桌椅、沙发、文件柜、床等、其他电器类例如：热水器、饮水器、厨卫用具等货物的购置；"
                "政府采购工程预算0万元，主要为无工程；政府采购服务预算0万元，主要为无服务。",
        "（三）": f"{W}2024年预算按要求编制了总体绩效目标。同时，{W}2024年预算项目均按要求编制了绩效目标，其中6个重点项目预算的"
                "绩效目标，具体为综合窗口政府购买服务岗位人员工资项目、市县乡三级连网对接运维等费用项目、市民中心运行等费用项目、"
                "市民中心大厅网络等费用、智能综窗“多网融合”集成服务系统项目、卫辉市市民中心地下停车场建设及群众文化综合体灾后重建"
                "项目等专项债券收入项目。从成本、产出、效益、满意度等方面设置了绩效指标，综合反映项目支出预期达到的产出和效果以及"
                "相应的成本控制要求。",
        "（四）": "2023年期末，我部门共有车辆0辆，其中：一般公务用车0辆、一般执法执勤用车0辆、特种专业技术用车0辆，其他用车0辆，"
                "其他用车主要是无；单价50万元以上通用设备0台（套），单位价值100万元以上专用设备0台（套）。",
        "（五）": f"{W}2024年没有负责管理的专项转移支付项目。",
    },
    "seed001": {
        "一、": "2023年收入总计1074.33万元，支出总计1074.33万元，与上年相比，收、支总计各减少1446.56万元，下降57.38%。"
               "主要原因：与上年相比，信息化项目经费减少。",
        "二、": "2023年收入合计1074.33万元，其中：一般公共预算收入1074.33万元；政府性基金预算收入0万元；国有资本经营预算收入0万元；"
               "财政专户管理资金收入0万元。",
        "三、": "2023年支出合计1074.33万元，其中：基本支出914.44万元，占85.12%；项目支出159.89万元，占14.88%。",
        "四、": "2023年一般公共预算收支预算1074.33万元，政府性基金收支预算0万元。与上年相比，一般公共预算收支预算减少1446.56万元，"
               "下降57.38%，主要原因：与上年相比，信息化项目经费减少；政府性基金收支预算减少0万元，下降0%，主要原因：我部门无"
               "政府性基金支出预算。",
        "五、": "2023年一般公共预算支出年初预算为1074.33万元。其中本年支出主要用于以下方面：一般公共服务支出920.51万元，占85.68%；"
               "教育支出2.66万元，占0.25%；社会保障和就业支出82.65万元，占7.69%；卫生健康支出36.28万元，占3.38%；住房保障支出"
               "32.23万元，占3%。",
        "六、": "2023年一般公共预算基本支出914.44万元，其中：人员经费830.23万元，主要包括：基本工资、津贴补贴、奖金、其他社会保障"
               "缴费、其他工资福利支出、机关事业单位基本养老保险缴费、退休费、职工基本医疗保险缴费、公务员医疗补助缴费、住房公积金、"
               "绩效工资、职业年金缴费；公用经费84.21万元，主要包括：办公费、印刷费、邮电费、差旅费、维修（护）费、会议费、培训费、"
               "公务接待费、劳务费、福利费、公务用车运行维护费、其他交通费用、其他商品和服务支出、办公设备购置、工会经费。",
        "七、": "我部门2023年没有使用政府性基金预算拨款安排的支出。",
        "八、": "我部门2023年没有使用国有资本经营预算拨款安排的支出。",
        "九、": "2023年“三公”经费支出预算为13.10万元，比上年预算数减少0万元，下降0%。具体支出情况如下：（一）因公出国（境）费"
               "0万元，比上年预算数减少0万元，下降0%，主要原因：我部门没有出国（境）的业务。（二）公务用车购置及运行费7.10万元。"
               "其中公务用车购置费0万元，比上年减少0万元，较上年下降0%，主要原因：我部门没有公车购置事项；公务用车运行维护费7.10万元，"
               "主要用于公务用车加油、维修等车辆正常运行费用，比上年减少0万元，较上年下降0%，主要原因：严格执行中央八项规定，厉行节约，"
               "严控公务用车运行维护经费。（三）公务接待费6.00万元，主要用于接待外地来访人员，比上年预算数减少0万元，下降0%，"
               "主要原因厉行节约，控制公务接待支出。",
        "（一）": "2023年机构运行经费支出预算52.45万元，主要保障机构正常运转及正常履职需要的办公费、水电费、物业费、维修费、差旅费等"
                "支出，比上年减少0.15万元，下降0.29%，主要原因：人员减少，办公费等相关费用减少。",
        "（二）": "2023年政府采购预算安排37.87万元，其中：政府采购货物预算37.87万元、政府采购工程预算0万元、政府采购服务预算0万元。",
        "（三）": "2023年焦作市政务服务和大数据管理局部门按要求编制了绩效目标，包括部门整体绩效目标和项目支出绩效目标，综合反映了部门"
                "及各项目预期完成的数量、实效、质量，产生的社会效益和服务对象满意度等情况。2023年，我部门纳入预算绩效管理的支出总额为"
                "1074.33万元。其中：人员经费支出830.23万元；公用经费支出84.21万元；项目支出159.89万元，涉及项目10个。我部门2023年"
                "对政府信息公开经费、信息采集加工费、政府网站纠错检测系统项目开展重点项目预算的绩效目标评价。",
        "（四）": "上年期末，焦作市政务服务和大数据管理局部门固定资产总额1551.01万元，其中，房屋建筑物0.17万元，车辆58.09万元，"
                "办公设备1427.82万元，专用设备4.13万元，其他资产60.80万元。车辆共有3辆，其中：一般公务用车3辆；单位价值50万元以上"
                "通用设备3台（套），单位价值100万元以上专用设备0台（套）。",
        "（五）": "我部门负责管理的专项转移支付项目共有0项。我部门将按照《预算法》等有关规定，积极做好项目分配前期准备工作，在规定的"
                "时间内向财政部门提出资金分配意见，根据有关要求做好项目申报公开等相关工作。",
        "（六）": "2023年我部门按照市财政预算公开要求，将所属预算单位全部纳入预算公开范围。",
    },
}

# (seed, section) → published numbers yusuan does not (and should not) write, with the reason
ERRATA = {
    # growth printed 1200.17%: 10648.12 / 886.10 = 1201.68% (seed002/README item 9)
    ("seed002", "一、"): ["1200.17", "1200.17"],
    # text 二 counts the 上年结转 10331 in 政府性基金收入 11191; table 二 prints 本年 860.00 and
    # 上年结转结余 10331.00, which yusuan names (README item 11)
    ("seed002", "二、"): ["11191"],
    # 基本支出 189.07 / 343.22 = 55.09% (printed 55.08; the printed shares add to 99.99) (item 10)
    ("seed002", "五、"): ["55.08"],
    # the 主要预算支出项目 list is the department's own choice of projects, not generated
    ("seed002", "八、"): ["10331", "860"],
    # 机关（机构）运行经费: table 十三 leaves 5.09 of 公用经费 out (seed001/README item 3), so the
    # printed 52.45 and its change against 52.60 (−0.15, −0.29%) are yusuan's 57.54, +4.94, +9.39%
    ("seed001", "（一）"): ["52.45", "0.15", "0.29"],
    # （六）关于预算部门构成说明 is not a section yusuan writes (the units are in 第一部分)
    ("seed001", "（六）"): ["2023"],
}


def _numbers(text: str) -> list[Decimal]:
    return [Decimal(n) for n in NUMBER.findall(text)]


@pytest.fixture(scope="module", params=sorted(PUBLISHED))
def written(request):
    """(seed, {heading prefix: text written under it}, the 情况说明 sheet's rows) — built once per seed."""
    outcome, data = seed_build(request.param)  # built once per session (tests/builds.py)
    narrative = compose_narrative(outcome.built.context.model, outcome.built)
    sections: dict[str, str] = defaultdict(str)
    current = ""
    for kind, text in narrative.paragraphs:
        if kind == "heading":
            current = next((p for p in PUBLISHED[request.param] if text.startswith(p)), text)
        elif kind == "paragraph":
            sections[current] += text
    rows = [row[0] for row in open_copy(data).read_values(NARRATIVE_SHEET)]
    return request.param, dict(sections), rows, narrative.texts


def test_the_sheet_holds_the_composed_text(written):
    _, _, rows, texts = written
    assert rows == texts


def test_every_published_figure_is_written(written):
    seed, sections, _, _ = written
    missing = {}
    for heading, published in PUBLISHED[seed].items():
        ours = _numbers(sections.get(heading, ""))
        lacking = [str(n) for n in _numbers(published) if n not in ours]
        if lacking:
            missing[heading] = lacking
    expected = {heading: numbers for (s, heading), numbers in ERRATA.items() if s == seed}
    assert missing == expected
