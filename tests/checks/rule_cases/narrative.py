"""The ``narrative`` driver: seed 004's department (洛龙区政务服务中心, 2025) as its 14 tables were
published (tests/fixtures/seeds/seed004/expected, parsed as any workbook is; no build) with the
上年数 of its input (inputs/上年数.csv: 收支总计 and 一般公共预算 827.29 万元, 三公经费 1.50 万元),
then the case's 情况说明 — the 情况说明 (TX2…) cases start from it.

``given: {paragraphs: [...], last_year: {item: 万元}}``: the paragraphs are 情况说明!A1, A2, …;
``last_year`` replaces the seed's 上年数 (``{}``: none, so a change is judged from the sentence
alone).  Returns the findings of every 情况说明 check."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from builds import SEEDS, seed004_published
from yusuan.audit.recognize import parse_workbook
from yusuan.checks.registry import CheckContext, all_checks
from yusuan.commands import input_workbook_from_csv
from yusuan.findings import Finding
from yusuan.inputs.lookup import last_year_amounts
from yusuan.model.parsed import ParsedWorkbook

from . import RuleCase, driver

SHEET = "情况说明"
LastYear = dict[str, tuple[Decimal, str, str]]  # item → (万元, sheet, cell), as the runner reads 上年数


@cache
def seed004() -> tuple[ParsedWorkbook, LastYear]:
    """Built once: the published tables parsed, and the input's 上年数."""
    return parse_workbook(seed004_published(2025)), last_year_amounts(input_workbook_from_csv(SEEDS / "seed004" / "inputs"))


@driver("narrative")
def run_narrative(case: RuleCase) -> list[Finding]:
    tables, last_year = seed004()
    if "last_year" in case.given:
        given = case.given["last_year"] or {}
        last_year = {item: (Decimal(str(amount)), *last_year.get(item, (0, "上年数", ""))[1:]) for item, amount in given.items()}
    paragraphs = case.given["paragraphs"]
    narrative = tuple((SHEET, f"A{i}", text) for i, text in enumerate(paragraphs, start=1))
    ctx = CheckContext(year=2025, narrative=narrative, last_year=last_year)
    return [f for check in all_checks() if check.rule.code.startswith("TX2") for f in check.run(tables, ctx)]
