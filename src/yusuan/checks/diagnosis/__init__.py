"""Fault localisation (诊断): blame the cell to correct, not every cell that disagrees with it.

The rules declare every relation they evaluate (a sum within a table, the same figure in two
tables, income = spending, a 其中 ≤ its whole, a figure the 情况说明 quotes) through :func:`relate`; :func:`explain` takes the rules' findings and
the relations collected while they ran (:func:`collecting`) and returns the findings with each
root cause reported once, on the cell whose correction satisfies every relation (DG001
“应为 …”), or on each of two or three equally likely cells (DG002 “二者之一有误”).

- :mod:`.relations` — :class:`Relation` / :class:`Term` and the collector
- :mod:`.solver` — the minimum-correction search (a small MILP per cluster of failed relations)
- :mod:`.findings` — diagnoses as findings, and the rules DG001 / DG002 with their guide text
"""

from yusuan.checks.diagnosis.findings import DIAGNOSED, EITHER, GUIDE, explain
from yusuan.checks.diagnosis.relations import (
    AT_MOST,
    IDENTITY,
    SUM,
    Deferred,
    Relation,
    Term,
    at_most_relation,
    collecting,
    identity_relation,
    made,
    negated,
    quoted_relation,
    relate,
    relate_deferred,
    sum_of_negated,
    sum_relation,
    sum_violated,
    violated,
)
from yusuan.checks.diagnosis.solver import Blame, Diagnosis, diagnose

__all__ = [
    "AT_MOST", "DIAGNOSED", "EITHER", "GUIDE", "IDENTITY", "SUM", "Blame", "Deferred", "Diagnosis", "Relation", "Term",
    "at_most_relation", "collecting", "quoted_relation", "diagnose", "explain", "identity_relation", "made", "negated",
    "relate", "relate_deferred", "sum_of_negated", "sum_relation", "sum_violated", "violated",
]
