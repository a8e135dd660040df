"""Checks over parsed tables: each is one rule plus one function, registered together.

A check function takes the parsed workbook and a :class:`CheckContext` and yields findings.
It must never raise for bad data; :func:`run_checks` turns an unexpected exception into a
finding that says the rule could not be evaluated (SPEC §5: a rule never crashes the run).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from yusuan.model.parsed import ParsedWorkbook
from yusuan.checks.catalog import _load_families
from yusuan.findings.catalog import register
from yusuan.findings.rule import Finding, Rule, Severity


@dataclass(frozen=True)
class CheckContext:
    """What checks may need beyond the tables: the budget year and catalog, the narrative
    paragraphs (情况说明 sheet) when present."""

    year: int | None = None
    catalog: object | None = None  # yusuan.catalogs.Catalog for the year, when known
    narrative: tuple = ()  # (sheet, cell, text) paragraphs, filled by the narrative issue
    options: dict = field(default_factory=dict)


CheckFunction = Callable[[ParsedWorkbook, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    rule: Rule
    run: CheckFunction


_CHECKS: list[Check] = []


def check(rule: Rule) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: register ``rule`` and the function that evaluates it."""

    def decorate(function: CheckFunction) -> CheckFunction:
        register(rule)
        _CHECKS.append(Check(rule, function))
        return function

    return decorate


def all_checks() -> list[Check]:
    _load_families()
    return sorted(_CHECKS, key=lambda c: c.rule.code)


RULE_FAILED = register(
    Rule(
        code="SYS001",
        family="系统",
        name="规则无法执行",
        severity=Severity.WARNING,
        message="规则 {code} 无法执行：{reason}",
        doc="某条校验规则在本工作簿上无法完成（例如表格结构异常）。其他规则照常执行。"
        "请检查该规则涉及的表格是否完整；如表格无误，请把工作簿反馈给开发者。",
    )
)


def run_checks(workbook: ParsedWorkbook, context: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for item in all_checks():
        try:
            findings.extend(item.run(workbook, context))
        except Exception as exc:  # a rule never crashes the run
            findings.append(RULE_FAILED.finding("", "", code=item.rule.code, reason=f"{type(exc).__name__}: {exc}"))
    return findings
