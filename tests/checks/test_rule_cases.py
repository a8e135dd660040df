"""The one runner of the per-rule cases (rule_cases/*.yaml): each case's driver makes its
starting point, applies ``given`` and runs the stage that raises the rule; the rule's findings
must be exactly the expected (severity, sheet!cell).  And every declared rule has its cases:
a passing one, a failing one and, where its family allows 尾差, a 尾差 one."""

from __future__ import annotations

import pytest

from yusuan.checks.catalog import all_rules
from yusuan.findings import Rule

from .rule_cases import DRIVERS, RuleCase, all_cases, case_files

CASES = all_cases()

@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: RuleCase) -> None:
    findings = DRIVERS[case.driver](case)
    found = sorted((f.severity.label, f"{f.sheet}!{f.cell}") for f in findings if f.code == case.code)
    assert found == sorted(case.expect)
    assert getattr(findings, "usable", True) is case.usable, "expected a usable result" if case.usable else "expected no usable result"
    if case.alone:
        assert [(f.code, f.sheet, f.cell) for f in findings if f.code != case.code] == []
    messages = [f.message for f in findings if f.code == case.code]
    for text in case.message:
        assert any(text in message for message in messages), f"no message of {case.code} says {text!r}: {messages}"


RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_its_cases(rule: Rule) -> None:
    files = [f for f in case_files() if any(c.code == rule.code for c in f.cases)]
    assert len(files) == 1, f"{rule.code} has its cases in {[f.name for f in files] or 'no file'} of rule_cases/, not one"
    (file,) = files
    kinds = {case.kind for case in file.cases if case.code == rule.code}
    wanted = {"pass", "fail"} | ({"尾差"} if file.needs_rounding_case(rule.code) else set())
    assert wanted <= kinds, f"{rule.code}: {sorted(wanted - kinds)} case missing in {file.name}"


def test_case_files_are_well_formed() -> None:
    families = {rule.code: rule.family for rule in all_rules()}
    for file in case_files():
        assert file.cases, file.name
        assert {families[case.code] for case in file.cases} == {file.family}, file.name
        assert file.exact <= {case.code for case in file.cases}, f"{file.name}: exact names a rule without cases"
        for case in file.cases:
            assert case.driver in DRIVERS, f"{file.name} {case.code}: no driver {case.driver!r}"
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "two cases of a rule with the same name"
