"""Diagnoses as findings: one finding on the cell to correct, saying what it should be and why;
the findings the wrong cell caused are folded into it.  Then: the rules declare their relations."""

from __future__ import annotations

from tests.checks.diagnosis.test_acceptance import _demo
from tests.checks.diagnosis.test_solver import grid, total

from yusuan.checks.diagnosis import AT_MOST, IDENTITY, SUM, collecting, explain
from yusuan.checks.registry import all_checks
from yusuan.findings.rule import Finding, Severity

E, I = Severity.ERROR, Severity.INFO


def f(code: str, cell: str, severity: Severity = E, sheet: str = "表") -> Finding:
    return Finding(code, severity, sheet, cell, f"{code} {cell}")


def test_the_wrong_cell_gets_one_note_saying_what_it_should_be_and_why():
    unrelated = f("CL003", "Z9")
    findings = [f("TB", "A1"), f("TB", "B3"), f("TB", "A3", I), unrelated]
    result = explain(findings, grid(B1="11"))
    assert unrelated in result and len(result) == 3  # the 提示 on A3 is not this error's: it stays
    (diagnosis,) = [x for x in result if x.code == "DG001"]
    assert (diagnosis.sheet, diagnosis.cell, diagnosis.severity) == ("表", "B1", E)
    assert diagnosis.message == "应为 10.00（现为 11.00）：合计（A1）、合计（B3） 都与此一致。改正此数，2 处不符（TB）随之消除。"
    assert diagnosis.params["related"] == ["表!A1", "表!B3"]
    assert len(diagnosis.message) < 120


def test_a_copied_figure_is_named_by_its_cell():
    (diagnosis,) = explain([f("XT", "A3")], grid(A3="101"))
    assert diagnosis.cell == "A3"
    assert diagnosis.message.startswith("应为 100.00（现为 101.00）：")
    assert "另表!A1" in diagnosis.message and "各分项之和" in diagnosis.message


def test_two_equally_small_explanations_are_both_named():
    findings = explain([f("TB", "A1")], [total("A1", "5", ("A2", "6"))])
    assert [(x.code, x.cell) for x in findings] == [("DG002", "A1"), ("DG002", "A2")]
    assert findings[0].message == "此数 5.00 与 A2 二者之一有误（TB）：若是此数，应为 6.00（与 A2 一致）。"
    assert findings[0].params["cause"] == findings[1].params["cause"]


def test_without_a_diagnosis_the_findings_stand():
    findings = [f("TB", "A1")]
    relations = [total("A1", "10", ("A2", "1"), ("A3", "2"), ("A4", "3"), ("A5", "5"))]
    assert explain(findings, relations) == findings
    assert explain(findings, grid()) == findings


def test_the_rules_declare_every_relation_they_evaluate():
    """On the demo every relation holds; sums, identities and 其中 ≤ 所属 are all declared, by
    the 表内 and 表间 rules."""
    parsed, context = _demo()
    with collecting() as relations:
        for item in all_checks():
            list(item.run(parsed, context))
    assert len(relations) > 1000
    assert {r.kind for r in relations} == {SUM, IDENTITY, AT_MOST}
    assert {r.rule[:2] for r in relations} == {"TB", "XT"}
    assert not [r for r in relations if r.violated]
    sheets = {t.sheet for r in relations for t in r.terms}
    assert {t.sheet for t in parsed.tables if t.has_data} <= sheets  # every table with figures
