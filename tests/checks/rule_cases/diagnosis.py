"""The ``diagnosis`` driver: the consistent department of department.py (same ``given``), every
check run as an audit runs them (:func:`yusuan.checks.registry.run_checks`), so the diagnosis
folds the findings one wrong cell causes into one DG001 on it, or names the two or three equally
likely cells (DG002)."""

from __future__ import annotations

from yusuan.checks.registry import run_checks
from yusuan.findings import Finding

from . import RuleCase, driver
from .department import given_department


@driver("diagnosis")
def run_diagnosis(case: RuleCase) -> list[Finding]:
    return run_checks(*given_department(case))
