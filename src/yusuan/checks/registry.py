"""Checks over parsed tables: each is one rule plus one function, registered together.

A check function takes the parsed workbook and a :class:`CheckContext` and yields findings.
It must never raise for bad data; :func:`run_check` turns an unexpected exception into a
finding that says the rule could not be evaluated (docs/design.md: a rule never crashes the run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.catalogs import Catalog
from yusuan.checks.catalog import _load_families
from yusuan.checks.diagnosis import collecting, explain
from yusuan.checks.memo import remembering
from yusuan.findings.catalog import register
from yusuan.findings.rule import Finding, Rule, Severity
from yusuan.model.parsed import ParsedWorkbook
from yusuan.profiles import Profile
from yusuan.profiles import load as load_profile


@dataclass(frozen=True, eq=False)  # one object per run, equal to itself only (hashable: checks.memo keys)
class CheckContext:
    """What checks may know beyond the tables, built once per run (:func:`yusuan.audit.runner.table_findings`).

    ``profile``: the table profile (表样版本) the workbook follows — the object, never its name;
    ``year``: the budget year; ``catalog``: the classification catalog of that year, when known;
    ``unit_kinds``: {unit code: 单位性质} and ``department``: the department's name, known in
    build mode; ``last_year``: 上年数 by item (万元, sheet, cell); ``narrative``: the paragraphs
    of the 情况说明 sheet as (sheet, cell, text).
    """

    profile: Profile = field(default_factory=load_profile)
    year: int | None = None
    catalog: Catalog | None = None
    unit_kinds: Mapping[str, str] = field(default_factory=dict)
    department: str = ""
    last_year: Mapping[str, tuple[Decimal, str, str]] = field(default_factory=dict)
    narrative: tuple[tuple[str, str, str], ...] = ()


CheckFunction = Callable[[ParsedWorkbook, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    """A check function and the rules it may raise (``rule``: the first, which names the check
    when it fails to run)."""

    rule: Rule
    run: CheckFunction
    rules: tuple[Rule, ...] = ()

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.rules or (self.rule,))


_CHECKS: list[Check] = []


def check(rule: Rule, *more: Rule) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: register the function that evaluates ``rule`` (and ``more`` rules, when one
    analysis yields several codes), with the rules; the catalog then names the function as
    where each rule is raised."""

    def decorate(function: CheckFunction) -> CheckFunction:
        site = f"{function.__module__}.{function.__qualname__}"
        for each in (rule, *more):
            register(each, site)
        _CHECKS.append(Check(rule, function, (rule, *more)))
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
    """Every check's findings, each root cause the diagnosis finds reported once, on the cell to
    correct (:mod:`yusuan.checks.diagnosis`)."""
    findings: list[Finding] = []
    with collecting(deferring=True) as relations, remembering():
        for item in all_checks():
            findings += run_check(item, workbook, context)
    try:
        return explain(findings, relations)
    except Exception as exc:  # the diagnosis never costs the rules' own findings
        return findings + [RULE_FAILED.finding("", "", code="DG001", reason=f"{type(exc).__name__}: {exc}")]


def run_check(item: Check, workbook: ParsedWorkbook, context: CheckContext) -> list[Finding]:
    """One check's findings; an unexpected exception ends it with SYS001 (规则无法执行) after the
    findings it gave so far: a rule never crashes the run."""
    findings: list[Finding] = []
    try:
        findings.extend(item.run(workbook, context))
    except Exception as exc:
        findings.append(RULE_FAILED.finding("", "", code=item.rule.code, reason=f"{type(exc).__name__}: {exc}"))
    return findings
