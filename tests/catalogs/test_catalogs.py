"""Tests of the classification catalogs against the five published seed disclosures.

Seed data below is copied from the tables of /work/shared/seeds/*.txt (names as printed,
including line-break spaces left by PDF extraction).
"""

import csv
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yusuan.catalogs import (
    CATALOGS,
    UNIT_KINDS,
    Catalog,
    Subject,
    chinese_numeral,
    normalize_name,
)


def _csv(filename):
    """Rows of a catalog data file, read as shipped in the package."""
    with resources.files("yusuan.catalogs").joinpath("data", filename).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


SEED_YEAR = {"000": 2022, "001": 2023, "002": 2024, "003": 2020, "004": 2025}

# 功能分类 项 rows of the 部门支出预算表 / 一般公共预算支出表: (seed, code, printed name)
SEED_FUNCTION_ITEMS = [
    ("000", "2010301", "行政运行"),
    ("000", "2080505", "机关事业单位基本养 老保险缴费支出"),
    ("000", "2101101", "行政单位医疗"),
    ("001", "2010301", "行政运行"),
    ("001", "2010302", "一般行政管理事务"),
    ("001", "2050803", "培训支出"),
    ("001", "2080505", "机关事业单位基本养老保险缴费支出"),
    ("001", "2080599", "其他行政事业单位养老支出"),
    ("001", "2101101", "行政单位医疗"),
    ("001", "2101103", "公务员医疗补助"),
    ("001", "2210201", "住房公积金"),
    ("001", "2010350", "事业运行"),
    ("001", "2010399", "其他政府办公厅(室)及相关机构事务支出"),
    ("001", "2101102", "事业单位医疗"),
    ("002", "2010301", "行政运行"),
    ("002", "2080505", "机关事业单位基本养老保险缴费支出"),
    ("002", "2089999", "其他社会保障和就业支出"),
    ("002", "2101101", "行政单位医疗"),
    ("002", "2101102", "事业单位医疗"),
    ("002", "2210201", "住房公积金"),
    ("002", "2320498", "其他地方自行试点项目收益 专项债券付息支出"),
    ("002", "2290402", "其他地方自行试点项目收益专项债券收入安排的支出"),
    ("003", "2010301", "行政运行"),
    ("003", "2010302", "一般行政管理事务"),
    ("003", "2080505", "机关事业单位基本养老保险缴费支出"),
    ("003", "2101101", "行政单位医疗"),
    ("003", "2210201", "住房公积金"),
    ("004", "2010350", "事业运行"),
    ("004", "2080502", "事业单位离退休"),
    ("004", "2080505", "机关事业单位基本养 老保险缴费支出"),
    ("004", "2101102", "事业单位医疗"),
    ("004", "2210201", "住房公积金"),
]

# 部门收支预算表 spending rows (seeds 000/001/002/004 print the same list): (numeral, label)
SEED_CLASS_LABELS = [
    ("一", "一般公共服务"), ("二", "外交"), ("三", "国防"), ("四", "公共安全"), ("五", "教育"),
    ("六", "科学技术"), ("七", "文化旅游体育与传媒"), ("八", "社会保障和就业"), ("九", "社会保险基金支出"),
    ("十", "卫生健康"), ("十一", "节能环保"), ("十二", "城乡社区事务"), ("十三", "农林水事务"),
    ("十四", "交通运输"), ("十五", "资源勘探信息等"), ("十六", "商业服务业等"), ("十七", "金融支出"),
    ("十九", "援助其他地区支出"), ("二十", "自然资源海洋气象等支出"), ("二十一", "住房保障支出"),
    ("二十二", "粮油物资储备支出"), ("二十三", "国有资本经营预算"), ("二十四", "灾害防治及应急管理"),
    ("二十七", "预备费"), ("二十九", "其他支出"), ("三十", "转移性支出"), ("三十一", "债务还本支出"),
    ("三十二", "债务付息支出"), ("三十三", "债务发行费用支出"), ("三十四", "抗疫特别国债安排的支出"),
]

# 财政拨款收支预算表 spending rows (seeds 000/002/004 print the same list):
# (numeral, printed name, None if correct else the current name `outdated` must give)
SEED_FISCAL_CLASS_ROWS = [
    ("一", "一般公共服务支出", None), ("二", "外交支出", None), ("三", "国防支出", None),
    ("四", "公共安全支出", None), ("五", "教育支出", None), ("六", "科学技术支出", None),
    ("七", "文化体育旅游与传媒支出", "文化旅游体育与传媒支出"),
    ("八", "社会保障和就业支出", None),
    ("九", "医疗卫生与计划生育支出", "卫生健康支出"),
    ("十", "卫生健康支出", None), ("十一", "节能环保支出", None),
    ("十二", "城乡社区事务支出", "城乡社区支出"),
    ("十三", "农林水事务支出", "农林水支出"),
    ("十四", "交通运输支出", None),
    ("十五", "资源勘探信息等支出", "资源勘探工业信息等支出"),
    ("十六", "商业服务业等支出", None), ("十七", "金融支出", None), ("十九", "援助其他地区支出", None),
    ("二十", "自然资源海洋气象等支出", None), ("二十一", "住房保障支出", None),
    ("二十二", "粮油物资储备支出", None), ("二十三", "国有资本经营预算", None),
    ("二十四", "灾害防治及应急管理", None), ("二十七", "预备费", None), ("二十九", "其他支出", None),
    ("三十", "转移性支出", None), ("三十一", "债务还本支出", None), ("三十二", "债务付息支出", None),
    ("三十三", "债务发行费用支出", None), ("三十四", "抗疫特别国债安排的支出", None),
]

# 部门预算经济分类 names printed in the 基本支出表 / 经济分类汇总表 / 运行经费表
SEED_DEPT_ECON = [
    ("000", "30101", "基本工资"), ("000", "30102", "津贴补贴"), ("000", "30103", "奖金"),
    ("000", "30107", "绩效工资"), ("000", "30108", "机关事业单位基本养老保险 缴费"),
    ("000", "30110", "职工基本医疗保险缴费"), ("000", "30112", "其他社会保障缴费"),
    ("000", "30113", "住房公积金"), ("000", "30199", "其他工资福利支出"), ("000", "30201", "办公费"),
    ("000", "30226", "劳务费"), ("000", "30227", "委托业务 费"), ("000", "30228", "工会经费"),
    ("000", "30229", "福利费"), ("000", "30239", "其他交通费用"), ("000", "30299", "其他商品和服务支出"),
    ("000", "30302", "退休费"), ("000", "30399", "其他对个人和家庭的补助"),
    ("001", "30101", "基本工资"), ("001", "30102", "津贴补贴"), ("001", "30103", "奖金"),
    ("001", "30107", "绩效工资"), ("001", "30108", "机关事业单位基本养老保险缴费"),
    ("001", "30110", "职工基本医疗保险缴费"), ("001", "30111", "公务员医疗补助缴费"),
    ("001", "30112", "其他社会保障缴费"), ("001", "30113", "住房公积金"), ("001", "30199", "其他工资福利支出"),
    ("001", "30201", "办公费"), ("001", "30202", "印刷费"), ("001", "30207", "邮电费"),
    ("001", "30211", "差旅费"), ("001", "30213", "维修(护)费"), ("001", "30215", "会议费"),
    ("001", "30216", "培训费"), ("001", "30217", "公务接待费"), ("001", "30226", "劳务费"),
    ("001", "30228", "工会经费"), ("001", "30229", "福利费"), ("001", "30231", "公务用车运行维护费"),
    ("001", "30239", "其他交通费用"), ("001", "30299", "其他商品和服务支出"), ("001", "30302", "退休费"),
    ("001", "31002", "办公设备购置"),
    ("002", "30101", "基本工资"), ("002", "30102", "津贴补贴"), ("002", "30103", "奖金"),
    ("002", "30107", "绩效工资"), ("002", "30108", "机关事业单位基本养老保险缴费"),
    ("002", "30110", "职工基本医疗保险缴费"), ("002", "30112", "其他社会保障缴费"),
    ("002", "30113", "住房公积金"), ("002", "30201", "办公费"), ("002", "30207", "邮电费"),
    ("002", "30228", "工会经费"), ("002", "30239", "其他交通费用"), ("002", "30299", "其他商品和服务支出"),
    ("003", "30101", "基本工资"), ("003", "30102", "津贴补贴"), ("003", "30103", "奖金"),
    ("003", "30108", "机关事业单位基本养老保险缴费"), ("003", "30110", "职工基本医疗保险缴费"),
    ("003", "30112", "其他社会保障缴费"), ("003", "30113", "住房公积金"), ("003", "30199", "其他工资福利支出"),
    ("003", "30201", "办公费"), ("003", "30211", "差旅费"), ("003", "30217", "公务接待费"),
    ("003", "30228", "工会经费"), ("003", "30229", "福利费"), ("003", "30231", "公务用车运行维护费"),
    ("003", "30239", "其他交通费用"),
    ("004", "30101", "基本工资"), ("004", "30102", "津贴补贴"), ("004", "30103", "奖金"),
    ("004", "30107", "绩效工资"), ("004", "30108", "机关事业单位基本养老保险缴费"),
    ("004", "30110", "职工基本医疗保险缴费"), ("004", "30112", "其他社会保障缴费"),
    ("004", "30113", "住房公积金"), ("004", "30199", "其他工资福利支出"), ("004", "30201", "办公费"),
    ("004", "30202", "印刷费"), ("004", "30207", "邮电费"), ("004", "30213", "维修（护）费"),
    ("004", "30226", "劳务费"), ("004", "30227", "委托业务费"), ("004", "30228", "工会经费"),
    ("004", "30229", "福利费"), ("004", "30231", "公务用车运行维护费"), ("004", "30299", "其他商品和服务支出"),
    ("004", "30302", "退休费"), ("004", "31002", "办公设备购置"),
]

# 政府预算经济分类 names printed
SEED_GOV_ECON = [
    ("000", "50101", "工资奖金津补贴"), ("000", "50102", "社会保障缴费"), ("000", "50103", "住房公积金"),
    ("000", "50201", "办公经费"), ("000", "50205", "委托业务费"), ("000", "50299", "其他商品和服务支 出"),
    ("000", "50501", "工资福利支出"), ("000", "50502", "商品和服务支出"), ("000", "50905", "离退休费"),
    ("000", "50999", "其他对个人和家庭 补助"), ("000", "502", "机关商品和服务支 出"),
    ("001", "50101", "工资奖金津补贴"), ("001", "50102", "社会保障缴费"), ("001", "50103", "住房公积金"),
    ("001", "50201", "办公经费"), ("001", "50203", "培训费"), ("001", "50205", "委托业务费"),
    ("001", "50208", "公务用车运行维护费"), ("001", "50299", "其他商品和服务支出"),
    ("001", "50501", "工资福利支出"), ("001", "50502", "商品和服务支出"), ("001", "50601", "资本性支出（一）"),
    ("001", "50905", "离退休费"),
    ("002", "50101", "工资奖金津补贴"), ("002", "50102", "社会保障缴费"), ("002", "50103", "住房公积金"),
    ("002", "50201", "办公经费"), ("002", "50299", "其他商品和服务支出"), ("002", "50501", "工资福利支出"),
    ("003", "50101", "工资奖金津补贴"), ("003", "50102", "社会保障缴费"), ("003", "50103", "住房公积金"),
    ("003", "50201", "办公经费"), ("003", "50206", "公务接待费"), ("003", "50208", "公务用车运行维护费"),
    ("004", "50201", "办公经费"), ("004", "50205", "委托业务费"), ("004", "50209", "维修（护）费"),
    ("004", "50299", "其他商品和服务支出"), ("004", "50306", "设备购置"), ("004", "50501", "工资福利支出"),
    ("004", "50502", "商品和服务支出"), ("004", "50905", "离退休费"),
]

# /work/shared/reference/seed_econ_mapping_observed.csv: (部门经济, 政府经济, implied unit kind or None)
OBSERVED_PAIRS = [
    ("30101", "50101", "行政单位"), ("30101", "50501", "事业单位"), ("30102", "50101", "行政单位"),
    ("30102", "50501", "事业单位"), ("30103", "50101", "行政单位"), ("30103", "50501", "事业单位"),
    ("30107", "50501", "事业单位"), ("30108", "50102", "行政单位"), ("30108", "50501", "事业单位"),
    ("30110", "50102", "行政单位"), ("30110", "50501", "事业单位"), ("30111", "50102", "行政单位"),
    ("30111", "50501", "事业单位"), ("30112", "50102", "行政单位"), ("30112", "50501", "事业单位"),
    ("30113", "50103", "行政单位"), ("30113", "50501", "事业单位"), ("30199", "50101", "行政单位"),
    ("30199", "50501", "事业单位"), ("30201", "50201", "行政单位"), ("30201", "50502", "事业单位"),
    ("30202", "50201", "行政单位"), ("30202", "50502", "事业单位"), ("30207", "50201", "行政单位"),
    ("30207", "50502", "事业单位"), ("30211", "50201", "行政单位"), ("30211", "50502", "事业单位"),
    ("30213", "50209", "行政单位"), ("30213", "50502", "事业单位"), ("30215", "50502", "事业单位"),
    ("30216", "50203", "行政单位"), ("30216", "50502", "事业单位"), ("30217", "50502", "事业单位"),
    ("30226", "50205", "行政单位"), ("30226", "50502", "事业单位"), ("30227", "50205", "行政单位"),
    ("30228", "50201", "行政单位"), ("30228", "50502", "事业单位"), ("30229", "50201", "行政单位"),
    ("30229", "50502", "事业单位"), ("30231", "50208", "行政单位"), ("30231", "50502", "事业单位"),
    ("30239", "50201", "行政单位"), ("30299", "50299", "行政单位"), ("30299", "50502", "事业单位"),
    ("30302", "50905", None), ("30399", "50999", None), ("31002", "50306", "行政单位"),
    ("31002", "50601", "事业单位"),
    # seed 003 (2020), not in the reference file
    ("30217", "50206", "行政单位"),
]

# Seed 004 is one 事业单位 (2010350 事业运行, 2101102 事业单位医疗), yet its 项目支出 lines are
# mapped to 机关 subjects (502xx/503xx): seed errors the correspondence must reject.
SEED_004_SHIYE_ERRORS = [
    ("30299", "50299"), ("30227", "50205"), ("31002", "50306"), ("30213", "50209"),
    ("30226", "50205"), ("30207", "50201"), ("30202", "50201"), ("30201", "50201"),
]


def _year(seed):
    return SEED_YEAR[seed]


# ---- seeds resolve --------------------------------------------------------------------------


@pytest.mark.parametrize("seed,code,printed", SEED_FUNCTION_ITEMS)
def test_seed_function_item_resolves_with_printed_name(seed, code, printed):
    cat = Catalog.for_year(_year(seed))
    item = cat.function(code)
    assert item is not None and item.level == "项"
    assert cat.name_matches("function", code, printed), (item.name, printed)
    # 类 and 款 of the printed code exist too
    assert cat.function(code[:5]).level == "款"
    assert cat.function(code[:3]).level == "类"


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
@pytest.mark.parametrize("numeral,label", SEED_CLASS_LABELS)
def test_seed_class_labels_of_income_expenditure_table(year, numeral, label):
    cat = Catalog.for_year(year)
    by_numeral = {cat.class_numeral(s.code): s for s in cat.function_classes()}
    assert by_numeral[numeral].short_name == label


def test_class_list_2025_equals_seed_004():
    cat = Catalog.for_year(2025)
    assert [cat.class_numeral(s.code) for s in cat.function_classes()] == [n for n, _ in SEED_CLASS_LABELS]


@pytest.mark.parametrize("year", [2022, 2024, 2025])
@pytest.mark.parametrize("numeral,printed,current", SEED_FISCAL_CLASS_ROWS)
def test_seed_fiscal_table_class_names(year, numeral, printed, current):
    cat = Catalog.for_year(year)
    code = {cat.class_numeral(s.code): s.code for s in cat.function_classes()}[numeral]
    if current is None:
        assert cat.name_matches("function", code, printed)
        assert cat.outdated("function", printed) is None
    else:
        assert not cat.name_matches("function", code, printed)
        found = cat.outdated("function", printed)
        assert found is not None and found[0] == current


@pytest.mark.parametrize("seed,code,printed", SEED_DEPT_ECON)
def test_seed_dept_econ_names(seed, code, printed):
    cat = Catalog.for_year(_year(seed))
    assert cat.name_matches("dept_econ", code, printed), (cat.dept_econ(code), printed)


@pytest.mark.parametrize("seed,code,printed", SEED_GOV_ECON)
def test_seed_gov_econ_names(seed, code, printed):
    cat = Catalog.for_year(_year(seed))
    assert cat.name_matches("gov_econ", code, printed), (cat.gov_econ(code), printed)


def test_seed_000_dept_econ_misnamed_row_is_detected():
    # seed 000 prints "302 99 商品和服务支出": the 类 name under a 款 code
    cat = Catalog.for_year(2022)
    assert not cat.name_matches("dept_econ", "30299", "商品和服务支出")
    assert cat.dept_econ("302").name == "商品和服务支出"


def test_seed_000_gov_econ_row_without_kuan_is_class_level():
    # seed 000 prints "502 [blank] 机关商品和服务支出": a 类 where a 款 is required
    assert Catalog.for_year(2022).gov_econ("502").level == "类"


# ---- correspondence -------------------------------------------------------------------------


@pytest.mark.parametrize("dept,gov,kind", OBSERVED_PAIRS)
def test_observed_correspondence_is_valid(dept, gov, kind):
    cat = Catalog.for_year(2025)
    assert cat.is_valid_correspondence(dept, gov, kind)
    if kind is not None:
        assert cat.gov_econ_for(dept, kind) == gov


@pytest.mark.parametrize("dept,gov", SEED_004_SHIYE_ERRORS)
def test_seed_004_shiye_project_lines_are_rejected(dept, gov):
    cat = Catalog.for_year(2025)
    assert not cat.is_valid_correspondence(dept, gov, "事业单位")
    assert cat.is_valid_correspondence(dept, gov, "行政单位")
    assert cat.gov_econ_for(dept, "事业单位") in {"50502", "50601"}


DEPT_KUAN = [r["code"] for r in _csv("dept_econ_subjects.csv") if r["level"] == "款"]
DEPT_KUAN_BASIC = [c for c in DEPT_KUAN if c[:3] in ("301", "302", "303", "310")]

# the correspondence: 行政/参公 301→501, 302→502, 310→503, 303→509; 事业 301→50501, 302→50502, 310→50601, 303→509
SPEC_RULE_ADMIN = {"301": "501", "302": "502", "303": "509", "310": "503"}
SPEC_RULE_SHIYE = {"301": "50501", "302": "50502", "310": "50601"}


@pytest.mark.parametrize("dept", DEPT_KUAN_BASIC)
def test_correspondence_follows_spec_rule(dept):
    cat = Catalog.for_year(2025)
    admin = cat.gov_econ_for(dept, "行政单位")
    assert admin[:3] == SPEC_RULE_ADMIN[dept[:3]]
    assert cat.gov_econ_for(dept, "参照公务员法管理事业单位") == admin
    shiye = cat.gov_econ_for(dept, "事业单位")
    if dept[:3] == "303":
        assert shiye == admin and shiye[:3] == "509"
    else:
        assert shiye == SPEC_RULE_SHIYE[dept[:3]]


@pytest.mark.parametrize("dept", DEPT_KUAN)
@pytest.mark.parametrize("kind", UNIT_KINDS)
def test_every_dept_kuan_has_an_existing_gov_kuan(dept, kind):
    cat = Catalog.for_year(2025)
    gov = cat.gov_econ_for(dept, kind)
    assert gov is not None and cat.gov_econ(gov).level == "款"


def test_admin_and_canggong_rows_are_identical():
    rows = _csv("econ_correspondence.csv")
    admin = [(r["dept_econ_code"], r["gov_econ_code"]) for r in rows if r["unit_kind"] == "行政单位"]
    cg = [(r["dept_econ_code"], r["gov_econ_code"]) for r in rows if r["unit_kind"] == "参照公务员法管理事业单位"]
    assert admin == cg


@pytest.mark.parametrize("alias,kind", [("行政", "行政单位"), ("参公", "参照公务员法管理事业单位"), ("事业", "事业单位")])
def test_unit_kind_aliases(alias, kind):
    cat = Catalog.for_year(2025)
    assert cat.gov_econ_for("30101", alias) == cat.gov_econ_for("30101", kind)


def test_unknown_unit_kind_is_refused():
    with pytest.raises(ValueError, match="单位性质"):
        Catalog.for_year(2025).gov_econ_for("30101", "企业")


def test_correspondence_without_unit_kind_accepts_any_kind():
    cat = Catalog.for_year(2025)
    assert cat.is_valid_correspondence("30101", "50501")
    assert cat.is_valid_correspondence("30101", "50101")
    assert not cat.is_valid_correspondence("30101", "50201")


# ---- numerals -------------------------------------------------------------------------------


@pytest.mark.parametrize("n,text", [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
    (29, "二十九"), (30, "三十"), (34, "三十四"), (99, "九十九"),
])
def test_chinese_numeral(n, text):
    assert chinese_numeral(n) == text


@pytest.mark.parametrize("n", [0, 100, -1])
def test_chinese_numeral_out_of_range(n):
    with pytest.raises(ValueError):
        chinese_numeral(n)


@pytest.mark.parametrize("code,text", [("201", "一"), ("210", "十"), ("229", "二十九"), ("234", "三十四")])
def test_class_numeral(code, text):
    assert Catalog.for_year(2025).class_numeral(code) == text


@pytest.mark.parametrize("code", ["200", "301", "20103", "2x1"])
def test_class_numeral_rejects_non_class_codes(code):
    with pytest.raises(ValueError):
        Catalog.for_year(2025).class_numeral(code)


_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _parse_numeral(text):
    if "十" not in text:
        return _DIGIT_VALUE[text]
    tens, _, ones = text.partition("十")
    return (_DIGIT_VALUE[tens] if tens else 1) * 10 + (_DIGIT_VALUE[ones] if ones else 0)


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numeral_round_trips(n):
    text = chinese_numeral(n)
    assert _parse_numeral(text) == n
    assert "零" not in text and not text.startswith("一十")


# ---- renamed subjects by year ---------------------------------------------------------------


@pytest.mark.parametrize("catalog,code,year,name", [
    ("function", "210", 2018, "医疗卫生与计划生育支出"),
    ("function", "210", 2019, "卫生健康支出"),
    ("function", "207", 2018, "文化体育与传媒支出"),
    ("function", "207", 2019, "文化旅游体育与传媒支出"),
    ("function", "220", 2018, "国土海洋气象等支出"),
    ("function", "220", 2019, "自然资源海洋气象等支出"),
    ("function", "224", 2018, None),
    ("function", "224", 2019, "灾害防治及应急管理支出"),
    ("function", "234", 2019, None),
    ("function", "234", 2020, "抗疫特别国债安排的支出"),
    ("function", "2100501", 2017, "行政单位医疗"),
    ("function", "2100501", 2018, None),
    ("function", "2101101", 2017, None),
    ("function", "2101101", 2018, "行政单位医疗"),
    ("function", "21011", 2018, "行政事业单位医疗"),
    ("function", "20805", 2020, "行政事业单位离退休"),
    ("function", "20805", 2023, "行政事业单位养老支出"),
    ("function", "218", 2025, None),
])
def test_name_valid_in_year(catalog, code, year, name):
    subject = Catalog.for_year(year).lookup(catalog, code)
    assert (subject.name if subject else None) == name


@pytest.mark.parametrize("catalog,name,year,expected", [
    ("function", "医疗卫生与计划生育支出", 2018, None),
    ("function", "医疗卫生与计划生育支出", 2019, ("卫生健康支出", 2019)),
    ("function", "医疗卫生与计划生育支出", 2025, ("卫生健康支出", 2019)),
    ("function", "文化体育与传媒支出", 2018, None),
    ("function", "文化体育与传媒支出", 2022, ("文化旅游体育与传媒支出", 2019)),
    ("function", "国土海洋气象等支出", 2024, ("自然资源海洋气象等支出", 2019)),
    ("function", "文化体育旅游与传媒支出", 2018, ("文化体育与传媒支出", None)),  # the 2018 name
    ("function", "文化体育旅游与传媒", 2025, ("文化旅游体育与传媒", None)),
    ("function", "归口管理的行政单位离退休", 2023, ("行政单位离退休", 2021)),
    ("function", "行政单位医疗", 2025, None),
    ("function", "卫生健康支出", 2025, None),
    ("function", "不存在的科目名称", 2025, None),
    ("gov_econ", "其他对个人和家庭的补助", 2025, ("其他对个人和家庭补助", None)),
    ("dept_econ", "其他对个人和家庭的补助", 2025, None),
])
def test_outdated(catalog, name, year, expected):
    assert Catalog.for_year(year).outdated(catalog, name) == expected


def test_moved_code_has_replacement():
    cat = Catalog.for_year(2025)
    assert cat.replacement("function", "2100501") == ("2101101", "行政单位医疗", 2018)
    assert cat.replacement("function", "2101101") is None
    assert Catalog.for_year(2017).replacement("function", "2100501") is None


def test_name_in_other_year_lists_every_name():
    history = Catalog.for_year(2025).name_in_other_year("function", "210")
    assert history == [("医疗卫生与计划生育支出", None, 2018), ("卫生健康支出", 2019, None)]
    assert Catalog.for_year(2025).name_in_other_year("function", "201") == [("一般公共服务支出", None, None)]


# ---- user additions (自定义科目) and caching ------------------------------------------------------


def test_extra_subjects_extend_and_override():
    extra = [
        Subject.custom("2010398", "本地自定义事务"),
        Subject.custom("30101", "基本工资（自定义）"),
        Subject.custom("59998", "本地政府经济科目"),
    ]
    cat = Catalog.for_year(2025, extra)
    assert cat.function("2010398").parent == "20103"
    assert cat.function("2010398").source == "自定义科目"
    assert cat.dept_econ("30101").name == "基本工资（自定义）"
    assert cat.gov_econ("59998").level == "款"
    assert Catalog.for_year(2025).function("2010398") is None


def test_catalog_is_cached_per_year():
    assert Catalog.for_year(2025) is Catalog.for_year(2025)
    assert Catalog.for_year(2024) is not Catalog.for_year(2025)


def test_unknown_code_prefix_is_refused():
    with pytest.raises(ValueError):
        Subject.custom("40101", "x")


def test_lists_detail_only_where_kuan_are_listed():
    cat = Catalog.for_year(2025)
    for code in ("201", "205", "206", "207", "208", "210", "212", "213", "221", "224", "229", "232", "233"):
        assert cat.lists_detail(code), code
    assert not cat.lists_detail("202")


def test_normalize_name_ignores_width_and_breaks():
    assert normalize_name("维修(护)费") == normalize_name("维修（护）费")
    assert normalize_name("机关事业单位基本养 老保险\n缴费支出") == "机关事业单位基本养老保险缴费支出"


# ---- data-file integrity ----------------------------------------------------------------------

SUBJECT_FILES = {
    "function": "function_subjects.csv",
    "dept_econ": "dept_econ_subjects.csv",
    "gov_econ": "gov_econ_subjects.csv",
}
LEVEL_BY_LENGTH = {3: "类", 5: "款", 7: "项"}
YEARS = range(2010, 2027)


def _range(row):
    return (int(row["since_year"]) if row["since_year"] else min(YEARS),
            int(row["until_year"]) if row["until_year"] else max(YEARS))


@pytest.mark.parametrize("catalog", CATALOGS)
def test_rows_are_well_formed(catalog):
    for row in _csv(SUBJECT_FILES[catalog]):
        code = row["code"]
        assert code.isdigit() and row["name"].strip() == row["name"] != "", row
        assert row["source"].strip(), row
        assert row["level"] == LEVEL_BY_LENGTH[len(code)], row
        expected_parent = "" if len(code) == 3 else code[:-2] if catalog == "function" else code[:3]
        assert row["parent"] == expected_parent, row
        lo, hi = _range(row)
        assert lo <= hi, row
        if catalog != "function":
            assert "short_name" not in row


@pytest.mark.parametrize("catalog", CATALOGS)
def test_one_row_per_code_and_year(catalog):
    seen = {}
    for row in _csv(SUBJECT_FILES[catalog]):
        lo, hi = _range(row)
        for year in range(lo, hi + 1):
            key = (row["code"], year)
            assert key not in seen, (row, seen.get(key))
            seen[key] = row


@pytest.mark.parametrize("catalog", CATALOGS)
def test_every_kuan_and_xiang_has_a_parent_in_its_years(catalog):
    rows = _csv(SUBJECT_FILES[catalog])
    for row in rows:
        if not row["parent"]:
            continue
        lo, hi = _range(row)
        parent_years = set()
        for p in rows:
            if p["code"] == row["parent"]:
                plo, phi = _range(p)
                parent_years.update(range(plo, phi + 1))
        assert set(range(lo, hi + 1)) <= parent_years, row


def test_short_name_only_for_classes_and_all_current_classes_have_one():
    for row in _csv("function_subjects.csv"):
        if row["level"] != "类":
            assert row["short_name"] == "", row
    assert all(s.short_name for s in Catalog.for_year(2025).function_classes())


def test_correspondence_rows_reference_existing_subjects():
    cat = Catalog.for_year(2025)
    for row in _csv("econ_correspondence.csv"):
        assert row["unit_kind"] in UNIT_KINDS, row
        assert cat.dept_econ(row["dept_econ_code"]).level == "款", row
        assert cat.gov_econ(row["gov_econ_code"]).level == "款", row
        assert row["source"].strip(), row


def test_renamed_rows_are_consistent():
    for row in _csv("renamed_subjects.csv"):
        assert row["catalog"] in CATALOGS, row
        assert row["source"].strip(), row
        assert (row["old_name"], row["code"]) != (row["new_name"], row["new_code"]), row
        year = int(row["renamed_year"]) if row["renamed_year"] else 2025
        target = Catalog.for_year(year).lookup(row["catalog"], row["new_code"])
        assert target is not None, row
        if not row["renamed_year"]:
            assert row["source"].startswith("常见错写"), row
