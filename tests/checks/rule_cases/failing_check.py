"""The ``failing_check`` driver: one registered check run on the consistent department of
department.py through the guard every check runs in (:func:`yusuan.checks.registry.run_check`) —
the 系统 case (SYS001: a check that raises is reported, never crashes the run) starts from it.

``given: {check: <code>}`` picks the check (XT002 by default) and ``raises: <text>`` makes it raise
``ValueError(text)`` after the findings it gave; ``set`` as in department.py.  No check of the
product raises on a workbook the recogniser makes, so the failure is the case's own."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from yusuan.checks.registry import Check, CheckContext, all_checks, run_check
from yusuan.findings import Finding
from yusuan.model.parsed import ParsedWorkbook

from . import RuleCase, driver
from .department import given_department


@driver("failing_check")
def run_failing_check(case: RuleCase) -> list[Finding]:
    code = case.given.get("check", "XT002")
    (item,) = [c for c in all_checks() if c.rule.code == code]
    if "raises" in case.given:
        item = dataclasses.replace(item, run=_raising(item, str(case.given["raises"])))
    workbook, context = given_department(dataclasses.replace(case, given={
        k: v for k, v in case.given.items() if k not in ("check", "raises")}))
    return run_check(item, workbook, context)


def _raising(item: Check, text: str):
    def run(workbook: ParsedWorkbook, context: CheckContext) -> Iterator[Finding]:
        yield from item.run(workbook, context)
        raise ValueError(text)
    return run
