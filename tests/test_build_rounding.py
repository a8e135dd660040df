"""A build reports (RD001) when controlled rounding could not keep every figure within 0.01 万元
(the cases are data: tests/checks/rule_cases/RD.yaml, three lines that admit no controlled
rounding); here: the demo's real data rounds within bound."""

from __future__ import annotations


def test_rounding_within_bound_gives_no_finding(demo_outcome):
    outcome = demo_outcome
    assert outcome.built.rounding.within_bound
    assert not [f for f in outcome.findings if f.code == "RD001"]
