"""Grid tables: each row adds up across its columns (横向) and each total row adds up the rows
below it (纵向).  One rule per table and direction, so the docs and counts speak of one table;
what adds up to what is in ``table_relations.yaml``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from yusuan.checks.registry import CheckContext, check
from yusuan.checks.table_rules import report, sums
from yusuan.checks.table_rules.relations import load
from yusuan.findings.rule import Finding, Rule, Severity
from yusuan.model.parsed import ParsedWorkbook

E = Severity.ERROR
EXPENDITURE_KINDS = ("expenditure", "general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure")
DOWN_ADVICE = "请按明细重新汇总上级行；如上级行正确，请核对下面各行"


@dataclass(frozen=True)
class GridRule:
    rule: Rule
    mode: str  # 'across' or 'down'
    kinds: tuple[str, ...]
    advice: str


GRID_RULES = (
    GridRule(report.rule(
        "TB006", "收入表：总计与各收入栏不符", E,
        "检查部门收入预算表每一行（合计行、部门行、各单位行）的横向关系：本年收入合计 = 一般公共预算小计 + 政府性基金 + "
        "国有资本经营预算 + 财政专户管理资金收入 + 事业收入 + 事业单位经营收入 + 上级补助收入 + 附属单位上缴收入 + 其他收入"
        "（“其中：财政拨款”包含在一般公共预算小计中，不再相加）；上年结转结余合计 = 各结转栏之和；总计 = 本年收入合计 + "
        "上年结转结余合计。收入表的总计要与收支总表、支出表对应，横向不平时这些表间关系也无从谈起。"
        "修正：按收入来源重新汇总本行；某栏汇总有误时先改该栏，再改总计。"),
        "across", ("income",), "请按各收入来源重新汇总本行"),
    GridRule(report.rule(
        "TB007", "收入表：合计行与部门、单位行不符", E,
        "检查部门收入预算表的纵向关系，逐栏核对：合计行 = 部门行，部门行 = 所属各单位行之和。多单位部门汇总时漏加、"
        "重复加某个单位，或只改了单位行没有改部门行，是检查中常见的问题。"
        "修正：按单位行重新汇总部门行和合计行；单位行有误的，先改单位行。"),
        "down", ("income",), DOWN_ADVICE),
    GridRule(report.rule(
        "TB008", "支出表：合计与基本、项目支出不符", E,
        "检查部门支出预算表、一般公共预算支出预算表、政府性基金支出预算表和国有资本经营支出预算表每一行的横向关系："
        "基本支出小计 = 工资福利支出 + 对个人和家庭的补助 + 商品和服务支出 + 资本性支出（人员经费 + 公用经费），"
        "项目支出小计 = 其他运转类 + 特定目标类，合计 = 基本支出小计 + 项目支出小计。只标出出错的那一级小计或合计。"
        "修正：按本行明细栏重新汇总小计，再由小计汇总合计。"),
        "across", EXPENDITURE_KINDS, "请按本行各栏重新汇总"),
    GridRule(report.rule(
        "TB009", "支出表：合计行与各级科目行不符", E,
        "检查支出类表格的纵向关系，逐栏核对每一级：合计行 = 部门行 = 各单位行之和，单位行 = 其下科目行之和；"
        "列示类、款小计行时，类 = 其下各款之和，款 = 其下各项之和。公开表格按功能分类逐级汇总，任何一级不平都会被"
        "认定为数据错误，并影响与收支总表、财政拨款收支表的核对。"
        "修正：从项级科目行开始逐级重新汇总；某一级小计有误时只改该级。"),
        "down", EXPENDITURE_KINDS, DOWN_ADVICE),
    GridRule(report.rule(
        "TB013", "基本支出表：合计与人员、公用经费不符", E,
        "检查一般公共预算基本支出预算表每一行：合计 = 人员经费 + 公用经费（含合计行）。基本支出只分人员经费和公用经费"
        "两部分，二者之和必须等于合计，否则与一般公共预算支出表的基本支出也对不上。"
        "修正：核对本行人员经费、公用经费和合计，按明细重新汇总。"),
        "across", ("general_budget_basic",), "请核对本行人员经费和公用经费"),
    GridRule(report.rule(
        "TB014", "基本支出表：合计行与科目行不符", E,
        "检查一般公共预算基本支出预算表的纵向关系，逐栏核对：合计行 = 各经济科目行之和（有类级小计行时，类 = 其下各款之和）。"
        "删改科目行后没有更新合计行是常见原因。"
        "修正：按科目行重新汇总合计行。"),
        "down", ("general_budget_basic",), DOWN_ADVICE),
    GridRule(report.rule(
        "TB016", "经济分类汇总表：总计与各资金来源不符", E,
        "检查支出经济分类汇总表每一行：总计 = 一般公共预算小计 + 政府性基金 + 国有资本经营预算 + 上年结转结余 + "
        "财政专户管理资金收入 + 事业收入 + 上级补助收入 + 附属单位上缴收入 + 事业单位经营收入 + 其他收入"
        "（“其中：财政拨款”包含在一般公共预算小计中，不再相加）。"
        "修正：按资金来源重新汇总本行总计。"),
        "across", ("economic_summary",), "请按各资金来源重新汇总本行"),
    GridRule(report.rule(
        "TB017", "经济分类汇总表：合计行与科目行不符", E,
        "检查支出经济分类汇总表的纵向关系，逐栏核对：合计行 = 部门行 = 各单位行之和，单位行 = 其下经济科目行之和；"
        "列示类级行时，类 = 其下各款之和。"
        "修正：从款级科目行开始逐级重新汇总。"),
        "down", ("economic_summary",), DOWN_ADVICE),
    GridRule(report.rule(
        "TB018", "“三公”经费表：合计与分项不符", E,
        "检查一般公共预算“三公”经费预算表每一行：公务用车购置及运行费小计 = 公务用车购置费 + 公务用车运行费；"
        "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费小计 + 公务接待费。“三公”经费是社会关注度最高的公开内容，"
        "数字不平最容易被发现。"
        "修正：按各分项重新汇总小计和合计。"),
        "across", ("three_public",), "请按各分项重新汇总"),
    GridRule(report.rule(
        "TB019", "“三公”经费表：合计行与单位行不符", E,
        "检查一般公共预算“三公”经费预算表分单位列示时的纵向关系：合计行 = 各单位行之和，逐栏核对。"
        "修正：按单位行重新汇总合计行。"),
        "down", ("three_public",), DOWN_ADVICE),
    GridRule(report.rule(
        "TB020", "机构运转经费表：合计与资金来源不符", E,
        "检查行政（事业）单位机构运转经费预算表每一行的资金来源：一般公共预算资金小计 = 财政拨款 + 行政事业性收费 + 专项收入 + "
        "国有资产资源有偿使用收入 + 其他一般公共预算资金 + 一般债券；政府性基金预算资金小计 = 政府性基金预算资金 + 专项债券；"
        "单位资金小计 = 事业收入资金 + 上级补助收入资金 + 附属单位上缴收入资金 + 事业单位经营收入资金 + 其他收入资金；"
        "合计 = 各来源小计与结余结转之和。"
        "修正：按资金来源重新汇总本行小计和合计。"),
        "across", ("operating_costs",), "请按资金来源重新汇总本行"),
    GridRule(report.rule(
        "TB021", "机构运转经费表：合计行与科目行不符", E,
        "检查行政（事业）单位机构运转经费预算表的纵向关系，逐栏核对：合计行 = 部门行 = 各单位行之和，单位行 = 其下经济科目行之和。"
        "修正：按经济科目行逐级重新汇总。"),
        "down", ("operating_costs",), DOWN_ADVICE),
    GridRule(report.rule(
        "TB022", "项目支出表：合计与资金来源不符", E,
        "检查项目支出预算表每一行（合计行、部门行、单位行和每个项目）：合计 = 本年拨款（一般公共预算、政府性基金预算、"
        "国有资本经营预算）+ 财政拨款结转结余（同三栏）+ 财政专户管理资金 + 单位资金。"
        "修正：按资金来源重新汇总本行合计。"),
        "across", ("projects",), "请按资金来源重新汇总本行"),
    GridRule(report.rule(
        "TB023", "项目支出表：合计行与项目行不符", E,
        "检查项目支出预算表的纵向关系，逐栏核对：合计行 = 部门行 = 各单位行之和，单位行 = 其下项目之和。"
        "项目支出表的合计还要等于支出表的项目支出，漏列或重复列示项目会在这里暴露。"
        "修正：核对项目清单，按项目行重新汇总单位行、部门行和合计行。"),
        "down", ("projects",), DOWN_ADVICE),
    GridRule(report.rule(
        "TB028", "基本支出明细表：合计与资金来源不符", E,
        "检查一般公共预算基本支出明细表每一行（合计行、部门行和每个明细项目）：合计 = 本年拨款（一般公共预算、政府性基金预算、"
        "国有资本经营预算）+ 财政拨款结转结余（同三栏）+ 财政专户管理资金 + 单位资金。"
        "修正：按资金来源重新汇总本行合计。"),
        "across", ("basic_items",), "请按资金来源重新汇总本行"),
    GridRule(report.rule(
        "TB029", "基本支出明细表：合计行与明细项目不符", E,
        "检查一般公共预算基本支出明细表的纵向关系，逐栏核对：合计行 = 部门行 = 各单位的明细项目之和。"
        "明细表逐项列示基本支出，漏列、重复列示某个明细项目，或改了项目金额没有改部门行，在这里暴露；"
        "其合计还应等于一般公共预算基本支出预算表的合计（XT020）。"
        "修正：核对明细项目清单，按项目金额重新汇总部门行和合计行。"),
        "down", ("basic_items",), DOWN_ADVICE),
    GridRule(report.rule(
        "TB025", "项目绩效目标表：资金总额与来源不符", E,
        "检查部门预算项目绩效目标表每个项目（及部门、单位汇总行）：资金总额 = 政府预算资金 + 财政专户管理资金 + 单位资金。"
        "修正：按资金来源重新填列本行资金总额。"),
        "across", ("project_performance",), "请按资金来源重新汇总本行"),
    GridRule(report.rule(
        "TB026", "项目绩效目标表：汇总行与项目不符", E,
        "检查部门预算项目绩效目标表的纵向关系，逐栏核对：部门行 = 各单位行之和，单位行 = 其下各项目之和。"
        "修正：核对项目清单，按项目金额重新汇总单位行和部门行。"),
        "down", ("project_performance",), DOWN_ADVICE),
    GridRule(report.rule(
        "TB027", "整体支出绩效目标表：任务总金额与财政资金、其他资金不符", E,
        "检查部门（单位）整体支出绩效目标表（河南2020）“年度主要工作内容”的每个任务：部门财政规划金额的总金额 = 财政资金 + 其他资金。"
        "三个数印在同一行，不平衡时读者无法判断哪个数是对的。"
        "修正：按财政资金和其他资金重新填列本行总金额（在输入表“整体绩效”的任务行改正后重新生成）。"),
        "across", ("overall_performance",), "请按财政资金和其他资金重新填列本任务的总金额"),
)

_ENGINES = {"across": sums.across, "down": sums.down}


def _evaluator(item: GridRule):
    engine = _ENGINES[item.mode]

    def evaluate(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
        for kind in item.kinds:
            rel = load().of(kind)
            if rel is None or (item.mode == "down" and not rel.down):
                continue
            for table in workbook.of_kind(kind):
                yield from engine(item.rule, table, rel, item.advice)

    evaluate.__name__ = f"check_{item.rule.code}"
    return evaluate


for _item in GRID_RULES:
    check(_item.rule)(_evaluator(_item))
