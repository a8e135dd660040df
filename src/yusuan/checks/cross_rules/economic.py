"""经济分类汇总表 (七) against 支出表 (三), the 分资金 tables (五, 九, 十) and 基本支出表 (六);
三公 (八) and 机构运转经费 (十一) against the economic subjects: docs/design.md checks C5, C8, C9.

What is comparable in 七 (河南2025 layout): 总计 is all spending, so it equals 三 合计 row by
row.  Its fund columns are the 本年 money of that fund only, while every carried-over line,
whatever its fund, is in 上年结转结余; 五/九/十 include their fund's carried-over lines.  So
七's fund column equals the 分资金 table's 合计 only when 七 has no 上年结转结余, and otherwise
lies between (合计 − 上年结转结余) and 合计.  For an economic 款, 六 (一般公共预算 基本支出,
本年 and 结转) is part of 七's (一般公共预算 + 上年结转结余) of that 款, and so are the 三公
of 八; 八 in turn contains 六's 三公 款 (八 is 基本 + 项目).  七's fund columns are not compared
with the 收入表: income and spending by source differ wherever money is left as 年终结转结余.
"""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.checks.cross_rules._common import (
    UNIT_ROLES,
    E,
    Figure,
    W,
    cells_figure,
    check_at_most,
    check_equal,
    data,
    has_column,
    header_label,
    present,
    quoted,
    row_figure,
    rule,
    units_by_code,
    zero_figure,
)
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding, Rule
from yusuan.model.parsed import ParsedRow, ParsedWorkbook, SheetTable
from yusuan.profiles import Profile

EXPENDITURE, GENERAL, BASIC = "expenditure", "general_budget_expenditure", "general_budget_basic"
ECONOMIC, THREE_PUBLIC, OPERATING = "economic_summary", "three_public", "operating_costs"


def matched_rows(down: SheetTable, up: SheetTable) -> list[tuple[ParsedRow, ParsedRow]]:
    """合计 rows, then department and unit rows with the same code in both tables."""
    pairs = []
    if down.total_row is not None and up.total_row is not None:
        pairs.append((down.total_row, up.total_row))
    ups = units_by_code(up)
    for code, row in units_by_code(down).items():
        if code in ups:
            pairs.append((row, ups[code]))
    return pairs


def matched_totals(rule_: Rule, down: SheetTable, down_keys: list[str], up: SheetTable | None, up_keys: list[str],
                   profile: Profile, advice: str) -> Iterator[Finding]:
    """``down_keys`` of each 合计, department and unit row of ``down`` against ``up_keys`` of the
    same row of ``up`` (nothing when ``up`` is missing); one figure is set, the other fixed."""
    if up is None:
        return
    for down_row, up_row in matched_rows(down, up):
        found = check_equal(rule_, row_figure(down, down_row, down_keys, profile),
                            row_figure(up, up_row, up_keys, profile), advice, fixed=True)
        if found:
            yield found


def econ_rows(table: SheetTable) -> dict[str, list[ParsedRow]]:
    """Rows of 部门经济科目 款 (5 digits), by code, over all units."""
    found: dict[str, list[ParsedRow]] = {}
    for row in table.rows:
        code = row.code.strip()
        if row.role not in ("total",) + UNIT_ROLES and len(code) == 5 and code.isdigit():
            found.setdefault(code, []).append(row)
    return found


def econ_figure(table: SheetTable, rows: dict, codes: list[str], keys: list[str], profile, what: str) -> Figure | None:
    """Σ ``keys`` over the rows of ``codes``; 0 (no cell) when the table lists none of them."""
    chosen = [r for code in codes for r in rows.get(code, ())]
    if not chosen:
        return zero_figure(table, f"{what}（本表未列示）")
    columns = quoted("+".join(header_label(profile, table.kind, k) for k in keys))
    return cells_figure(table, ((r, k) for r in chosen for k in keys), f"{what}{columns}")


def limit_keys(economic: SheetTable) -> list[str]:
    """七's columns that hold 一般公共预算 money: 本年 小计 and 上年结转结余 (any fund)."""
    keys = [k for k in ("general", "carried_over") if has_column(economic, k)]
    return keys or ["total"]


ECONOMIC_TOTALS = rule(
    "XT009", "经济分类汇总表与支出表不一致", E,
    "检查支出经济分类汇总表与按功能分类列示的支出表是否一致：合计行和每个单位行的“总计”应等于部门支出预算表同一行的“合计”；"
    "“一般公共预算”（本年）栏应等于一般公共预算支出预算表同一行的合计，政府性基金、国有资本经营预算栏同样对应各自的支出表。"
    "经济分类汇总表把所有上年结转资金单列在“上年结转结余”栏，而分资金支出表含本资金的上年结转，"
    "因此经济分类汇总表有上年结转结余时，只要求该资金栏不大于分资金支出表合计、且加上上年结转结余后不小于它。"
    "同一笔支出按经济分类和按功能分类汇总，总数必须相同；不一致多为经济分类表漏列、重列了明细或资金来源分错了栏。"
    "修正：核对经济分类汇总表各单位的明细行和资金来源栏，改正后使两种分类的总数一致。",
)
ECONOMIC_ADVICE = "经济分类汇总表应与按功能分类的支出表总数一致，请核对明细行和资金来源栏"
FUND_OVER_ADVICE = "经济分类汇总表的本年资金栏不含上年结转，不应大于分资金支出表合计，请核对资金来源栏"
FUND_UNDER_ADVICE = "本年资金栏加上年结转结余仍不足分资金支出表合计，说明经济分类汇总表漏列了支出，请核对"


@check(ECONOMIC_TOTALS)
def check_economic_totals(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    economic = workbook.first(ECONOMIC)
    if economic is None:
        return
    profile = ctx.profile
    yield from matched_totals(ECONOMIC_TOTALS, economic, ["total"], workbook.first(EXPENDITURE), ["total"], profile,
                              ECONOMIC_ADVICE)
    for column, kind in data()["columns"]["economic_fund_tables"].items():
        spent = workbook.first(kind)
        if spent is None or not has_column(economic, column):
            continue
        for down, up in matched_rows(economic, spent):
            yield from _fund_column(economic, down, column, spent, up, profile)


def _fund_column(economic, row, column, spent, spent_row, profile) -> Iterator[Finding]:
    current = row_figure(economic, row, [column], profile)
    whole = row_figure(spent, spent_row, ["total"], profile)
    carried = row_figure(economic, row, ["carried_over"], profile) if has_column(economic, "carried_over") else None
    if carried is None or carried.value == 0:
        found = check_equal(ECONOMIC_TOTALS, current, whole, ECONOMIC_ADVICE, fixed=True)
        if found:
            yield found
        return
    for found in (
        check_at_most(ECONOMIC_TOTALS, current, whole, FUND_OVER_ADVICE, fixed=True),
        check_at_most(
            ECONOMIC_TOTALS, whole, row_figure(economic, row, [column, "carried_over"], profile),
            FUND_UNDER_ADVICE, flag_whole=True, fixed=True,
        ),
    ):
        if found:
            yield found


BASIC_ITEMS = rule(
    "XT010", "基本支出表经济科目超过经济分类汇总表", W,
    "检查一般公共预算基本支出预算表每个部门经济科目（款）的金额，是否不大于支出经济分类汇总表同一科目"
    "“一般公共预算”（本年）与“上年结转结余”两栏之和（各单位合计）。基本支出表只含一般公共预算的基本支出，"
    "是经济分类汇总表同一科目的一部分（后者还含项目支出和其他资金），所以前者大于后者说明两表中有一张科目或金额填错；"
    "301 工资福利支出、303 对个人和家庭的补助通常只用于基本支出，两表应基本相同。"
    "因经济分类汇总表的资金栏口径因地区而异，本规则报警告。修正：核对该经济科目在两表中的金额和科目编码。",
)
BASIC_ITEMS_ADVICE = "基本支出表是经济分类汇总表的一部分，同一经济科目不应更大，请核对科目编码和金额"


@check(BASIC_ITEMS)
def check_basic_items(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    tables = present(workbook, BASIC, ECONOMIC)
    if tables is None:
        return
    basic, economic = tables
    if not has_column(basic, "total"):
        return
    profile = ctx.profile
    basic_rows, economic_rows = econ_rows(basic), econ_rows(economic)
    if not economic_rows:
        return
    keys = limit_keys(economic)
    for code in sorted(basic_rows):
        part = econ_figure(basic, basic_rows, [code], ["total"], profile, f"经济科目{code}")
        whole = econ_figure(economic, economic_rows, [code], keys, profile, f"经济科目{code}")
        found = check_at_most(BASIC_ITEMS, part, whole, BASIC_ITEMS_ADVICE, flag_whole=True)
        if found:
            yield found


THREE_PUBLIC_ITEMS = rule(
    "XT013", "“三公”经费与经济科目金额不符", W,
    "检查一般公共预算“三公”经费预算表合计行的各项：因公出国（境）费对应经济科目 30212，公务用车购置费 31013，"
    "公务用车运行费 30231，公务接待费 30217（以表样版本的设定为准），小计和合计对应相应科目之和。"
    "“三公”经费是一般公共预算（基本支出和项目支出、含上年结转）中这些科目的金额，因此不应大于支出经济分类汇总表中"
    "这些科目“一般公共预算”与“上年结转结余”两栏之和，也不应小于一般公共预算基本支出预算表中这些科目的金额。"
    "超出范围通常是“三公”表少统计了项目支出中的相关科目，或经济科目用错（如把公务用车运行维护费记在其他交通费用）。"
    "因口径可能有地方差异，本规则报警告。修正：按经济科目重新统计“三公”经费，或改正用错的经济科目。",
)
THREE_PUBLIC_OVER = "“三公”经费不应大于经济分类汇总表中对应科目的一般公共预算金额，请核对统计口径和科目"
THREE_PUBLIC_UNDER = "“三公”经费含基本支出中的对应科目，不应小于基本支出表的金额，请核对是否漏计"


# 小计 and 合计 columns of 八 and the columns they add up
THREE_PUBLIC_SUMS = {"vehicles": ("vehicle_purchase", "vehicle_operation"), "total": ("overseas", "vehicles", "reception")}


def three_public_codes(profile, three: SheetTable) -> dict[str, list[str]]:
    """三公 column of ``three`` → 部门经济科目 款 it counts.

    A 小计/合计 column is checked only when the table lacks one of its parts (else the parts
    are checked and the within-table rules check the sum: one finding per cause)."""
    spec = profile.table_of_kind(THREE_PUBLIC)
    codes = dict((spec.options.get("codes") if spec else None) or data()["three_public_codes"])
    codes = {k: [str(c) for c in v] for k, v in codes.items()}
    for key, parts in THREE_PUBLIC_SUMS.items():
        codes.setdefault(key, [c for p in parts for c in codes.get(p, [])])
    checked = {}
    for key, values in codes.items():
        parts = THREE_PUBLIC_SUMS.get(key, ())
        if has_column(three, key) and not (parts and all(has_column(three, p) for p in parts)):
            checked[key] = values
    return checked


@check(THREE_PUBLIC_ITEMS)
def check_three_public(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    three = workbook.first(THREE_PUBLIC)
    if three is None or three.total_row is None:
        return
    profile = ctx.profile
    economic, basic = workbook.first(ECONOMIC), workbook.first(BASIC)
    economic_rows = econ_rows(economic) if economic is not None else {}
    basic_rows = econ_rows(basic) if basic is not None and has_column(basic, "total") else {}
    for column, codes in three_public_codes(profile, three).items():
        if not codes:
            continue
        figure = row_figure(three, three.total_row, [column], profile)
        label = "、".join(codes)
        if economic is not None and economic_rows:
            whole = econ_figure(economic, economic_rows, codes, limit_keys(economic), profile, f"经济科目{label}")
            found = check_at_most(THREE_PUBLIC_ITEMS, figure, whole, THREE_PUBLIC_OVER, fixed=True)
            if found:
                yield found
        if basic is not None and basic_rows:
            part = econ_figure(basic, basic_rows, codes, ["total"], profile, f"经济科目{label}")
            if part is not None and part.value != 0:
                found = check_at_most(THREE_PUBLIC_ITEMS, part, figure, THREE_PUBLIC_UNDER, flag_whole=True, fixed=True)
                if found:
                    yield found


OPERATING_COSTS = rule(
    "XT012", "机构运转经费与基本支出公用经费不一致", W,
    "检查行政（事业）单位机构运转经费预算表合计行的“合计”是否等于一般公共预算基本支出预算表的公用经费合计，"
    "各单位行是否等于一般公共预算支出预算表该单位的公用经费（商品和服务支出＋资本性支出）。"
    "按表样版本的口径，机构运转经费是一般公共预算基本支出中的公用经费；只有表样版本采用这一口径时才检查。"
    "口径有地方差异（如是否含项目支出中的运转经费），所以本规则报警告。"
    "修正：确认本地口径；口径相同时核对两表的公用经费科目和金额。",
)
OPERATING_ADVICE = "按现行口径机构运转经费应等于一般公共预算基本支出的公用经费，请核对口径和金额"


def _default_definition(profile) -> bool:
    spec = profile.table_of_kind(OPERATING)
    wanted = data()["operating_costs_definition"]
    if spec is None:
        return True
    if "selections" in spec.options:  # a definition of the profile's own (河南2023)
        return False
    return all(list(spec.options.get(k, v)) == list(v) for k, v in wanted.items())


@check(OPERATING_COSTS)
def check_operating_costs(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    operating = workbook.first(OPERATING)
    profile = ctx.profile
    if operating is None or operating.total_row is None or not _default_definition(profile):
        return
    basic, general = workbook.first(BASIC), workbook.first(GENERAL)
    if basic is not None and basic.total_row is not None:
        up = row_figure(basic, basic.total_row, ["public"], profile)
    elif general is not None and general.total_row is not None:
        up = row_figure(general, general.total_row, ["goods", "capital"], profile)
    else:
        up = None
    found = check_equal(
        OPERATING_COSTS, row_figure(operating, operating.total_row, ["total"], profile), up, OPERATING_ADVICE
    )
    if found:
        yield found
    if general is None:
        return
    ups = units_by_code(general)
    for code, row in units_by_code(operating).items():
        if code in ups:
            found = check_equal(
                OPERATING_COSTS,
                row_figure(operating, row, ["total"], profile),
                row_figure(general, ups[code], ["goods", "capital"], profile),
                OPERATING_ADVICE,
            )
            if found:
                yield found
