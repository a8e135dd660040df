"""The relations the rules declare: made at once, or deferred until the diagnosis needs them
(what a run of the checks does) — the same relations either way."""

from __future__ import annotations

from decimal import Decimal

from tests.checks.diagnosis.test_acceptance import _demo, _with, edits

from yusuan.checks.diagnosis import (
    AT_MOST,
    IDENTITY,
    SUM,
    Deferred,
    Term,
    at_most_relation,
    collecting,
    identity_relation,
    made,
    sum_relation,
    violated,
)
from yusuan.checks.memo import remembering
from yusuan.checks.registry import all_checks


def _declared(parsed, context, deferring: bool) -> list:
    with collecting(deferring=deferring) as relations, remembering():
        for item in all_checks():
            list(item.run(parsed, context))
    return list(relations)


def test_deferred_relations_say_whether_they_hold_as_the_made_ones_do():
    """On edited demo workbooks (each edit breaks some sums and identities): the deferred run
    declares the same relations in the same order, each deferred one knowing already what the
    relation it makes computes."""
    parsed, context = _demo()
    for edit in edits()[:4]:
        edited = _with(parsed, edit)
        deferred = _declared(edited, context, deferring=True)
        at_once = _declared(edited, context, deferring=False)
        assert any(isinstance(r, Deferred) for r in deferred)
        assert any(r.violated for r in at_once), edit
        assert [r.violated for r in deferred] == [r.violated for r in at_once]
        assert made(deferred) == at_once
        assert [r.residual for r in made(deferred)] == [r.residual for r in at_once]


def test_violated_computes_what_the_relation_computes():
    a, b, c = (Term("表", cell, Decimal(v)) for cell, v in (("A1", "10.00"), ("A2", "4.00"), ("A3", "6.01")))
    cases = [
        (sum_relation("TB", a, [b, c], Decimal("0.015"), "合计"), [a.value], [b.value, c.value]),
        (sum_relation("TB", a, [b, c], Decimal("0.005"), "合计"), [a.value], [b.value, c.value]),
        (identity_relation("XT", [a], [c], Decimal(0), ("甲", "乙")), [a.value], [c.value]),
        (at_most_relation("XT", [c], [a], Decimal(0), ("甲", "乙")), [c.value], [a.value]),
        (at_most_relation("XT", [a], [c], Decimal(0), ("甲", "乙")), [a.value], [c.value]),
    ]
    assert [r.kind for r, _, _ in cases] == [SUM, SUM, IDENTITY, AT_MOST, AT_MOST]
    assert [r.violated for r, _, _ in cases] == [False, True, True, False, True]
    for relation, plus, minus in cases:
        assert violated(plus, minus, relation.bound, relation.kind) is relation.violated
