"""The ``audit`` driver: a small workbook written with openpyxl (in memory) and audited as
``yusuan check`` audits it (:func:`yusuan.audit.runner.audit_workbook`: the recogniser, the choice
of profile, every check) — the 结构 (AU) and 表样 PF002 cases start from it.

It starts from one recognisable table, sheet 三公: 2020's “三公”经费 list as seed 003 prints it
(项目 | 预算数, 共计 first).  ``given``: ``sheets: {<name>: [[cell, …], …]}`` adds sheets after it
(rows from A1), ``without: [三公]`` leaves it out.  ``context``: ``profile: <表样版本>`` names the
profile (``--profile``); ``built: true`` checks as a build checks the workbook it wrote (its
profile known, :func:`yusuan.audit.runner.table_findings`)."""

from __future__ import annotations

from yusuan import profiles
from yusuan.audit.runner import audit_workbook, table_findings
from yusuan.findings import Finding
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

from . import RuleCase, driver

THREE_PUBLIC = [
    ["2020年一般公共预算“三公”经费支出情况表"], ["单位:万元"], ["项目", "2020年“三公”经费预算数"], ["共计", 1.5],
    ["1、因公出国(境)费用", 0.0], ["2、公务接待费", 0.2], ["3、公务用车费", 1.3], ["其中:(1)公务用车运行维护费", 1.3],
    ["(2)公务用车购置", 0.0],
]
GIVEN = {"sheets", "without"}


@driver("audit")
def run_audit(case: RuleCase) -> list[Finding]:
    unknown = set(case.given) - GIVEN
    assert not unknown, f"audit: unknown given {sorted(unknown)}"
    sheets = {"三公": THREE_PUBLIC, **(case.given.get("sheets") or {})}
    book = OpenpyxlWorkbook.new()
    for name, rows in sheets.items():
        if name not in (case.given.get("without") or ()):
            book.add_sheet(name)
            book.write_values(name, 1, 1, rows)
    name = case.context.get("profile")
    profile = profiles.load(name) if name else None
    if case.context.get("built"):
        return table_findings(book, profile).findings
    return audit_workbook(book, profile).findings
