"""Per-rule cases as data: a passing, a failing and, where a rule allows 尾差, a 尾差 case for
every declared rule, in one YAML file per rule family next to this module, run by one runner
(tests/checks/test_rule_cases.py).  The format is in README.md here.

A case names a *driver*: a function of this package that makes the case's starting point
(a parsed workbook, an input workbook, a 情况说明, …), applies the case's ``given`` to it,
runs the stage that raises the rule and returns every finding of that stage.  Each driver
lives in its own module here and registers itself with :func:`driver`; the YAML says which
driver a file (or a case) uses."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from yusuan.checks.catalog import all_rules
from yusuan.checks.registry import CheckContext, all_checks
from yusuan.findings import Finding, Rule
from yusuan.findings.rule import Severity
from yusuan.model.parsed import ParsedWorkbook
from yusuan.yaml_data import load_yaml

HERE = Path(__file__).parent
SEVERITIES = {s.label: s for s in Severity}


@dataclass(frozen=True)
class RuleCase:
    """One case of one rule: what to start from (``driver`` + ``given``) and which findings of
    the rule to expect, as (severity label, 'sheet!A1')."""

    code: str
    name: str
    driver: str
    given: Mapping[str, Any]
    expect: tuple[tuple[str, str], ...]
    source: str  # the YAML file's name
    alone: bool = False  # no finding of any other code either
    message: tuple[str, ...] = ()  # texts the rule's findings' messages contain
    context: Mapping[str, Any] = field(default_factory=dict)
    usable: bool = True  # the stage gives a usable result (for a driver that says: StageFindings)
    rounding: bool = True  # its family allows 尾差 (else a 提示 of an error rule is a failing case)

    @property
    def rule(self) -> Rule:
        return _rules()[self.code]

    @property
    def kind(self) -> str:
        """'pass' (no finding), '尾差' (提示 only, from a rule that is more than a 提示, in a family
        that allows 尾差) or 'fail'."""
        severities = {label for label, _ in self.expect}
        if not severities:
            return "pass"
        if self.rounding and severities == {Severity.INFO.label} and self.rule.severity is not Severity.INFO:
            return "尾差"
        return "fail"

    @property
    def id(self) -> str:
        return f"{self.code}-{self.kind}-{self.name}"


@dataclass(frozen=True)
class CaseFile:
    """One family's YAML file: its cases, and which of its rules need a 尾差 case."""

    name: str
    family: str
    rounding: bool  # '尾差: required' — every rule of the file needs a 尾差 case …
    exact: frozenset[str]  # … except these, which compare exactly
    cases: tuple[RuleCase, ...]

    def needs_rounding_case(self, code: str) -> bool:
        return self.rounding and code not in self.exact


class StageFindings(list[Finding]):
    """Every finding of a stage, and whether it gave a usable result (the input reader: a model)."""

    def __init__(self, findings: list[Finding], usable: bool) -> None:
        super().__init__(findings)
        self.usable = usable


Driver = Callable[[RuleCase], list[Finding]]
DRIVERS: dict[str, Driver] = {}


def driver(name: str) -> Callable[[Driver], Driver]:
    """Register a driver under the name the YAML files use."""
    def register(function: Driver) -> Driver:
        if name in DRIVERS:
            raise ValueError(f"driver {name!r} registered twice")
        DRIVERS[name] = function
        return function
    return register


@cache
def _rules() -> dict[str, Rule]:
    return {rule.code: rule for rule in all_rules()}


@cache
def case_files() -> tuple[CaseFile, ...]:
    """Every YAML file here, parsed and checked for shape; the drivers' modules imported."""
    for module in pkgutil.iter_modules([str(HERE)]):
        importlib.import_module(f"{__name__}.{module.name}")
    return tuple(_case_file(path) for path in sorted(HERE.glob("*.yaml")))


def all_cases() -> list[RuleCase]:
    return [case for file in case_files() for case in file.cases]


def _case_file(path: Path) -> CaseFile:
    data = load_yaml(path.read_text(encoding="utf-8"))
    unknown = set(data) - {"family", "driver", "尾差", "exact", "rules", "shared"}  # shared: YAML anchors only
    if unknown:
        raise ValueError(f"{path.name}: unknown keys {sorted(unknown)}")
    cases = []
    for code, entries in data["rules"].items():
        if code not in _rules():
            raise ValueError(f"{path.name}: {code} is not a declared rule")
        for entry in entries:
            cases.append(_case(path.name, code, data.get("driver", ""), entry, data.get("尾差") == "required"))
    rounding = data.get("尾差", "none")
    if rounding not in ("required", "none"):
        raise ValueError(f"{path.name}: 尾差 is 'required' or 'none', not {rounding!r}")
    return CaseFile(path.name, data["family"], rounding == "required", frozenset(data.get("exact") or ()),
                    tuple(cases))


def _case(source: str, code: str, default_driver: str, entry: Mapping[str, Any], rounding: bool) -> RuleCase:
    unknown = set(entry) - {"name", "driver", "given", "expect", "alone", "message", "context", "usable"}
    if unknown:
        raise ValueError(f"{source} {code}: unknown keys {sorted(unknown)}")
    expect = []
    for item in entry.get("expect") or ():
        label, where = item
        if label not in SEVERITIES or "!" not in where:
            raise ValueError(f"{source} {code}: expect [严重程度, 'sheet!A1'], not {item!r}")
        expect.append((label, where))
    message = entry.get("message") or ()
    return RuleCase(
        code=code, name=entry["name"], driver=entry.get("driver", default_driver), given=entry.get("given") or {},
        expect=tuple(expect), source=source, alone=bool(entry.get("alone", False)),
        message=(message,) if isinstance(message, str) else tuple(message), context=entry.get("context") or {},
        usable=bool(entry.get("usable", True)), rounding=rounding,
    )


def run_checks(code: str, workbook: ParsedWorkbook, ctx: CheckContext) -> list[Finding]:
    """Every finding of the checks that can raise ``code`` (a check may raise several codes)."""
    return [finding for check in all_checks() if code in check.codes for finding in check.run(workbook, ctx)]
