"""情况说明 sentences from figures: percentage helpers, direction words, zero cases, what is left
out when an input is missing (its finding, TX101–TX104, is a case of rule_cases/TX-compose.yaml),
and no placeholder in any generated text (hypothesis over random figures).

Figures are written out by hand here (amounts in 分; 1 万元 = 1,000,000 分), so these tests do
not depend on the table builders; the seed test checks the whole chain."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from types import MappingProxyType

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.amounts import format_wan
from yusuan.findings.rule import Severity
from yusuan.model import Department
from yusuan.narrative import Figures, Whole, compose
from yusuan.narrative.compose import change, clause, reason_clause, round_print, shares
from yusuan.narrative.figures import procurement_by_kind
from yusuan.tables.context import atoms_of

WAN = 1_000_000
DEPT = "示例局"
REASON_KEYS = (
    "reason_total", "reason_general_budget", "reason_government_fund", "reason_state_capital", "reason_basic",
    "reason_three_public_total", "reason_overseas_travel", "reason_vehicle_purchase", "reason_vehicle_operation",
    "reason_reception", "reason_operating_costs",
)
COUNT_KEYS = ("vehicles_general", "vehicles_law_enforcement", "vehicles_special", "vehicles_other",
              "general_equipment_500k", "special_equipment_1m")
# 基本信息 rows as the template lays them out (label row → value in column B)
ROWS = {key: row for row, key in enumerate(
    ("department_name", "department_code", "year", "amount_unit", "profile", "publish_date", "duties",
     "organisation", "unit_composition", *REASON_KEYS, "procurement_goods_note", "procurement_works_note",
     "procurement_services_note", "assets_date", *COUNT_KEYS, "special_transfers", "performance_note"), start=2)}
LAST_YEAR_ITEMS = ("收入总计", "支出总计", "一般公共预算", "政府性基金", "国有资本经营", "三公经费合计",
                   "因公出国(境)费", "公务用车购置费", "公务用车运行维护费", "公务接待费")


def w(text: str) -> int:
    """'778.96' 万元 → 分."""
    return int(Decimal(text) * WAN)


def figures(**changes) -> Figures:
    """Seed 004's figures; keyword arguments replace single fields."""
    base = dict(
        income_total=w("778.96"), spending_total=w("778.96"),
        income=Whole(w("778.96"), {"current_general": w("778.96")}),
        spending=Whole(w("778.96"), {"basic": w("281.65"), "project": w("497.31")}),
        fiscal=Whole(w("778.96"), {"general": w("778.96"), "fund": 0, "state_capital": 0}),
        general_budget=Whole(w("778.96"), {"basic": w("281.65"), "project": w("497.31")}),
        general_basic=Whole(w("281.65"), {"personnel": w("266.81"), "public": w("14.84")}),
        three_public=Whole(w("1.50"), {"overseas": 0, "vehicles": w("1.50"), "vehicle_purchase": 0,
                                       "vehicle_operation": w("1.50"), "reception": 0}),
        government_fund=Whole(0, {"basic": 0, "project": 0}),
        state_capital=Whole(0, {"basic": 0, "project": 0}),
        operating_costs=w("14.84"),
        procurement=Whole(0, {"货物": 0, "工程": 0, "服务": 0}),
        projects=Whole(w("497.31"), {"count": 11}),
    )
    base.update(changes)
    return Figures(**base)


def department(texts: dict | None = None, counts: dict | None = None) -> Department:
    texts = {"reason_total": "项目预算减少。", "reason_general_budget": "项目预算减少。", **(texts or {})}
    counts = {key: 0 for key in COUNT_KEYS} if counts is None else counts
    return Department(DEPT, "605", 2025, texts=MappingProxyType({k: v for k, v in texts.items() if v}),
                      counts=MappingProxyType(counts), rows=MappingProxyType(ROWS))


LAST_YEAR = {"收入总计": w("827.29"), "支出总计": w("827.29"), "一般公共预算": w("827.29"), "政府性基金": 0,
             "国有资本经营": 0, "三公经费合计": w("1.50"), "因公出国(境)费": 0, "公务用车购置费": 0,
             "公务用车运行维护费": w("1.50"), "公务接待费": 0}


def paragraph(narrative, start: str) -> str:
    """The paragraph that follows the heading starting with ``start``."""
    rows = narrative.paragraphs
    index = next(i for i, (kind, text) in enumerate(rows) if kind == "heading" and text.startswith(start))
    return rows[index + 1][1]


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
def test_wan_prints_two_decimals_without_separators():
    assert format_wan(w("778.96")) == "778.96"
    assert format_wan(0) == "0.00"
    assert format_wan(w("11534.22")) == "11534.22"
    assert format_wan(15_000) == "0.02"  # half up at the cent


def test_round_print_rounds_half_up_to_the_printed_cent():
    assert round_print(827_294_999) == 827_290_000
    assert round_print(827_295_000) == 827_300_000
    assert round_print(-5_000) == -10_000


def test_shares_of_seed_004():
    assert shares([w("281.65"), w("497.31")]) == [Decimal("36.16"), Decimal("63.84")]
    assert shares([w("266.81"), w("14.84")]) == [Decimal("94.73"), Decimal("5.27")]


def test_shares_give_the_missing_hundredths_to_the_largest_remainders():
    assert shares([1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert shares([2, 1, 1]) == [Decimal("50.00"), Decimal("25.00"), Decimal("25.00")]
    assert shares([0, 5]) == [Decimal("0.00"), Decimal("100.00")]


def test_shares_of_nothing_are_zero_and_negative_parts_are_refused():
    assert shares([0, 0]) == [Decimal("0.00"), Decimal("0.00")]
    with pytest.raises(ValueError):
        shares([5, -1])


@given(st.lists(st.integers(min_value=0, max_value=10**13), min_size=1, max_size=8).filter(lambda p: sum(p) > 0))
def test_shares_always_sum_to_exactly_100(parts):
    result = shares(parts)
    assert sum(result) == Decimal("100.00")
    total = sum(parts)
    for part, share in zip(parts, result):
        assert share == share.quantize(Decimal("0.01"))
        # within one hundredth of the exact share, and a zero part stays zero
        assert abs(Fraction(share) - Fraction(part * 100, total)) < Fraction(1, 100)
        assert (share == 0) or part > 0


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=10**12))
def test_change_direction_and_rate(current, previous):
    ch = change(current, previous)
    printed_now, printed_then = round_print(current), round_print(previous)
    assert ch.diff == printed_now - printed_then
    assert ch.direction == ("up" if printed_now > printed_then else "down" if printed_now < printed_then else "same")
    if printed_then == 0:
        assert ch.rate is None
    else:
        exact = Fraction(abs(ch.diff) * 100, printed_then)
        assert abs(Fraction(ch.rate) - exact) <= Fraction(1, 200)


def test_change_of_seed_004():
    ch = change(w("778.96"), w("827.29"))
    assert (ch.diff, ch.direction, ch.rate) == (-w("48.33"), "down", Decimal("5.84"))


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------
@given(st.integers(min_value=0, max_value=10**11).map(round_print),
       st.integers(min_value=0, max_value=10**11).map(round_print))
@settings(max_examples=60, deadline=None)
def test_direction_words_follow_the_sign(current, previous):
    last_year = {**LAST_YEAR, "收入总计": previous, "支出总计": previous}
    narrative = compose(figures(income_total=current, spending_total=current), department({"reason_total": "项目调整"}),
                        last_year)
    text = paragraph(narrative, "一、")
    amount = format_wan(abs(current - previous))
    if current > previous:
        assert f"增加{amount}万元" in text and "减少" not in text
        assert ("增长" in text) == (change(current, previous).rate not in (None, 0)) and "下降" not in text
    elif current < previous:
        assert f"减少{amount}万元" in text and "增加" not in text
        assert ("下降" in text) == (change(current, previous).rate != 0) and "增长" not in text
    else:
        assert "保持一致" in text and not re.search("增加|减少|增长|下降", text)


def test_seed_004_figures_in_sentences():
    narrative = compose(figures(), department(), LAST_YEAR)
    assert paragraph(narrative, "一、") == (
        "示例局2025年收入总计778.96万元，支出总计778.96万元，与2024年预算相比，收支总计各减少48.33万元，"
        "下降5.84%，主要原因：项目预算减少。")
    assert paragraph(narrative, "六、") == (
        "示例局2025年一般公共预算基本支出年初预算为281.65万元。其中：人员经费支出266.81万元，占94.73%；"
        "公用经费支出14.84万元，占5.27%。")
    assert narrative.findings == []


def test_zero_change_is_never_a_zero_decrease():
    narrative = compose(figures(), department(), LAST_YEAR)
    text = "".join(narrative.texts)
    assert "政府性基金收支预算与2024年保持一致" in text
    assert "2025年“三公”经费支出预算数与2024年保持一致。" in text
    assert not re.search(r"(增加|减少)0\.00万元|(增长|下降)0\.00%", text)


def test_a_rate_too_small_to_print_is_left_out():
    big = w("50000.00")
    last_year = {**LAST_YEAR, "收入总计": big, "支出总计": big}
    narrative = compose(figures(income_total=big + w("0.01"), spending_total=big + w("0.01")), department(), last_year)
    assert "收支总计各增加0.01万元，主要原因：" in paragraph(narrative, "一、")


def test_fund_without_money():
    narrative = compose(figures(), department(), LAST_YEAR)
    assert paragraph(narrative, "八、") == "示例局2025年无政府性基金预算拨款安排的支出。"
    assert paragraph(narrative, "九、") == "示例局2025年无国有资本经营预算拨款安排的支出。"


def test_fund_with_money_has_its_split():
    fund = Whole(w("300.00"), {"basic": 0, "project": w("300.00")})
    narrative = compose(figures(government_fund=fund), department(), LAST_YEAR)
    assert paragraph(narrative, "八、") == (
        "示例局2025年政府性基金预算支出年初预算为300.00万元，其中：基本支出0.00万元，占0.00%；"
        "项目支出300.00万元，占100.00%。")


def test_new_fund_has_an_increase_but_no_rate():
    fiscal = Whole(w("1078.96"), {"general": w("778.96"), "fund": w("300.00"), "state_capital": 0})
    texts = {"reason_government_fund": "新增专项债券项目。"}
    narrative = compose(figures(fiscal=fiscal), department(texts), LAST_YEAR)
    text = paragraph(narrative, "四、")
    assert text.startswith("示例局2025年一般公共预算收支预算778.96万元，政府性基金收支预算300.00万元。")
    assert "政府性基金收支预算增加300.00万元，主要原因：新增专项债券项目；" in text


def test_empty_department_reads_as_zero_not_as_a_gap():
    zero = Whole(0, {})
    empty = figures(income_total=0, spending_total=0, income=zero, spending=zero, general_budget=zero,
                    general_basic=zero, fiscal=zero, three_public=zero, operating_costs=0, projects=Whole(0, {"count": 0}))
    last_year = {item: 0 for item in LAST_YEAR_ITEMS}
    narrative = compose(empty, department(), last_year)
    assert paragraph(narrative, "二、") == "示例局2025年收入合计0.00万元。"
    assert paragraph(narrative, "三、") == "示例局2025年支出合计0.00万元。"
    assert paragraph(narrative, "五、") == "示例局2025年无一般公共预算拨款安排的支出。"
    assert paragraph(narrative, "六、") == "示例局2025年无一般公共预算基本支出。"
    assert paragraph(narrative, "（一）") == "示例局2025年无机构运转经费支出预算。"
    assert "示例局2025年无项目支出，未设置项目绩效目标。" in narrative.texts
    assert narrative.findings == []


def test_procurement_notes_join_their_items():
    procurement = Whole(w("37.68"), {"货物": w("37.68"), "工程": 0, "服务": 0})
    texts = {"procurement_goods_note": "主要用于购置办公设备。"}
    narrative = compose(figures(procurement=procurement), department(texts), LAST_YEAR)
    assert paragraph(narrative, "（二）") == (
        "示例局2025年政府采购预算安排37.68万元，其中：政府采购货物预算37.68万元，主要用于购置办公设备；"
        "政府采购工程预算0.00万元；政府采购服务预算0.00万元。")


def test_procurement_adds_up_the_rounded_atoms_by_kind():
    lines = atoms_of({"procurement": ["货物", "", "服务", "货物"]}, [w("1.25"), w("9.00"), w("2.00"), w("0.75")])
    result = procurement_by_kind(lines)
    assert result.parts == {"货物": w("2.00"), "工程": 0, "服务": w("2.00")}
    assert result.total == w("4.00")


def test_optional_comparisons_only_when_last_year_gives_them():
    narrative = compose(figures(), department(), LAST_YEAR)
    assert "与2024年相比" not in paragraph(narrative, "三、")
    last_year = {**LAST_YEAR, "基本支出": w("281.65"), "机构运行经费": w("12.49")}
    texts = {"reason_operating_costs": "公用经费标准提高"}
    narrative = compose(figures(), department(texts), last_year)
    assert paragraph(narrative, "三、").endswith("与2024年相比，基本支出与2024年保持一致。")
    assert paragraph(narrative, "（一）").endswith("与2024年相比，增加2.35万元，增长18.82%，主要原因：公用经费标准提高。")


def test_user_paragraphs_replace_defaults():
    texts = {"performance_note": "本单位按要求编制了绩效目标。\n无部门重点绩效目标项目。",
             "special_transfers": "本部门负责管理专项转移支付项目2项。\n具体见附表。", "assets_date": "2024年12月31日"}
    narrative = compose(figures(), department(texts), LAST_YEAR)
    texts_out = narrative.texts
    start = texts_out.index("（三）绩效目标设置情况")
    assert texts_out[start + 1:start + 4] == [
        "本单位按要求编制了绩效目标。",
        "示例局2025年对项目支出全面实施绩效目标管理，涉及预算拨款497.31万元，共11个项目。",
        "无部门重点绩效目标项目。"]
    assert texts_out[-2:] == ["本部门负责管理专项转移支付项目2项。", "具体见附表。"]
    assert paragraph(narrative, "（四）").startswith("2024年12月31日，示例局共有车辆0辆")


def test_reason_text_is_used_as_typed():
    assert reason_clause("主要原因：人员减少。") == "人员减少"
    assert reason_clause("1.项目减少\n2.人员减少。") == "1.项目减少；2.人员减少"
    assert clause("  办公设备购置；\n") == "办公设备购置"


# --------------------------------------------------------------------------------------------
# Missing inputs: findings (rule_cases/TX-compose.yaml: TX101–TX104 on seed 004's input cells),
# never placeholders — here, what the text leaves out
# --------------------------------------------------------------------------------------------
def test_missing_reason_leaves_the_clause_out():
    narrative = compose(figures(), department({"reason_total": "", "reason_general_budget": ""}), LAST_YEAR)
    assert paragraph(narrative, "一、") == (
        "示例局2025年收入总计778.96万元，支出总计778.96万元，与2024年预算相比，收支总计各减少48.33万元，下降5.84%。")
    assert "一般公共预算收支预算减少48.33万元，下降5.84%；" in paragraph(narrative, "四、")
    assert "主要原因" not in "".join(narrative.texts)


def test_reason_pointing_the_other_way_is_written_as_typed():
    """收支总计 fell by 48.33; a reason that only says 增加 is written as typed (and flagged, TX104)."""
    narrative = compose(figures(), department({"reason_total": "人员增加，办公经费新增。"}), LAST_YEAR)
    assert "收支总计各减少48.33万元，下降5.84%，主要原因：人员增加，办公经费新增。" in paragraph(narrative, "一、")


def test_no_change_is_written_without_a_reason():
    narrative = compose(figures(income_total=w("827.29"), spending_total=w("827.29")),
                        department({"reason_total": ""}), LAST_YEAR)
    assert "收支总计与2024年预算保持一致" in paragraph(narrative, "一、")


def test_missing_last_year_figure_leaves_the_comparison_out():
    last_year = {k: v for k, v in LAST_YEAR.items() if k not in ("收入总计", "公务接待费")}
    narrative = compose(figures(), department(), last_year, last_year_cells={"收入总计": "B2", "公务接待费": "B12"})
    assert paragraph(narrative, "一、") == "示例局2025年收入总计778.96万元，支出总计778.96万元。"
    reception = next(t for t in narrative.texts if t.startswith("（二）公务接待费"))
    assert reception.endswith("（含外宾接待）支出。")


def test_missing_asset_count_leaves_the_vehicles_out():
    counts = {key: 0 for key in COUNT_KEYS if key != "vehicles_other"}
    narrative = compose(figures(), department(counts=counts), LAST_YEAR)
    assert paragraph(narrative, "（四）") == (
        "2024年期末，示例局共有单位价值50万元以上通用设备0套，单位价值100万元以上专用设备0套。")


# --------------------------------------------------------------------------------------------
# No placeholder, ever
# --------------------------------------------------------------------------------------------
def _placeholder_patterns() -> list[re.Pattern]:
    text = resources.files("yusuan.checks").joinpath("data", "placeholders.yaml").read_text(encoding="utf-8")
    return [re.compile(p["pattern"]) for p in yaml.safe_load(text)["placeholders"]]


PLACEHOLDERS = _placeholder_patterns()
REASONS = st.sampled_from(["", "项目调整。", "人员减少，经费相应减少。", "主要原因：新增项目", "1.项目减少\n2.人员增加"])
AMOUNT = st.integers(min_value=0, max_value=5 * 10**10).map(round_print)


@st.composite
def random_whole(draw, keys):
    parts = {k: draw(AMOUNT) for k in keys}
    return Whole(sum(parts.values()), parts)


@st.composite
def random_case(draw):
    three = draw(random_whole(("overseas", "vehicle_purchase", "vehicle_operation", "reception")))
    three = Whole(three.total, {**three.parts, "vehicles": three.part("vehicle_purchase") + three.part("vehicle_operation")})
    figs = Figures(
        income_total=draw(AMOUNT), spending_total=draw(AMOUNT),
        income=draw(random_whole(("current_general", "current_fund", "current_business", "carry_total"))),
        spending=draw(random_whole(("basic", "project"))),
        fiscal=draw(random_whole(("general", "fund", "state_capital"))),
        general_budget=draw(random_whole(("basic", "project"))),
        general_basic=draw(random_whole(("personnel", "public"))),
        three_public=three,
        government_fund=draw(random_whole(("basic", "project"))),
        state_capital=draw(random_whole(("basic", "project"))),
        operating_costs=draw(AMOUNT),
        procurement=draw(random_whole(("货物", "工程", "服务"))),
        projects=Whole(draw(AMOUNT), {"count": draw(st.integers(min_value=0, max_value=40))}),
    )
    texts = {key: draw(REASONS) for key in REASON_KEYS}
    counts = {key: draw(st.integers(0, 5)) for key in COUNT_KEYS if draw(st.booleans())}
    items = ("基本支出", "项目支出", "机构运行经费", *LAST_YEAR_ITEMS)
    last_year = {item: draw(AMOUNT) for item in items if draw(st.integers(0, 5))}
    return figs, department(texts, counts), last_year


@given(random_case())
@settings(max_examples=150, deadline=None)
def test_no_placeholder_in_generated_text(case):
    figs, dept, last_year = case
    narrative = compose(figs, dept, last_year)
    assert narrative.paragraphs[0] == ("title", "第二部分 2025年示例局部门预算情况说明")
    for kind, text in narrative.paragraphs:
        assert kind in ("title", "heading", "paragraph") and text.strip() == text and text
        normal = unicodedata.normalize("NFKC", text)
        assert not [p.pattern for p in PLACEHOLDERS if p.search(normal)], text
        assert "{" not in text and "}" not in text and "None" not in text
        assert not re.search(r"(增加|减少)0\.00万元|(增长|下降)0\.00%|主要原因：[；。，]|，，|。。", text), text
    # each missing reason of a sentence that changed is a finding on its own row, once
    cells = [f.cell for f in narrative.findings if f.code == "TX101"]
    assert len(cells) == len(set(cells))
    for f in narrative.findings:
        assert f.code in ("TX101", "TX102", "TX103", "TX104") and f.severity is Severity.WARNING
        if f.code == "TX102":
            assert f.params["item"] not in last_year
