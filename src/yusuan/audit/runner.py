"""校验: parse the disclosure tables of a workbook, run every check, flag findings in place.

Works on any workbook — one yusuan built, one a user edited, one another system produced.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from yusuan.model.parsed import ParsedWorkbook
from yusuan.audit.recognize import parse_workbook
from yusuan.catalogs import Catalog
from yusuan.checks.flags import apply_flags
from yusuan.checks.narrative_rules import LAST_YEAR_OPTION, narrative_cells
from yusuan.inputs.lookup import last_year_amounts
from yusuan.checks.registry import CheckContext, run_checks
from yusuan.findings.rule import Finding, Severity
from yusuan.checks.structure_rules import NO_TABLES, UNRECOGNISED
from yusuan.checks.summary import write_summary
from yusuan.ports import WorkbookPort
from yusuan.profiles import load as load_profile

@dataclass
class CheckOutcome:
    findings: list[Finding] = field(default_factory=list)
    parsed: ParsedWorkbook | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def top_rules(self, n: int = 3) -> list[tuple[str, int]]:
        return Counter(f.code for f in self.findings).most_common(n)


def budget_year(parsed: ParsedWorkbook) -> int | None:
    years = Counter(t.year for t in parsed.tables if t.year)
    return years.most_common(1)[0][0] if years else None


def table_findings(
    port: WorkbookPort, year: int | None = None, catalog: Catalog | None = None, options: dict | None = None
) -> CheckOutcome:
    """Parse and check the tables of ``port`` (no writing).

    ``options`` tells the rules what is known beyond the sheets: ``profile`` (表样版本 name),
    ``unit_kinds`` ({unit code: 单位性质}) and ``department`` (name) in build mode.
    """
    options = dict(options or {})
    profile = options.get("profile")
    parsed = parse_workbook(port, load_profile(profile) if profile else None)
    year = year or budget_year(parsed)
    if catalog is None and year:
        catalog = Catalog.for_year(year)
    options.setdefault(LAST_YEAR_OPTION, last_year_amounts(port))  # 情况说明 growth rates
    context = CheckContext(year=year, catalog=catalog, narrative=narrative_cells(port), options=options)
    findings = run_checks(parsed, context)
    findings += [UNRECOGNISED.finding(u.sheet, u.cell, title=u.title, reason=u.reason) for u in parsed.unrecognised]
    if not parsed.tables:
        findings.append(NO_TABLES.finding(port.sheet_names()[0] if port.sheet_names() else "", "A1"))
    return CheckOutcome(findings, parsed)


def check_workbook(port: WorkbookPort, options: dict | None = None) -> CheckOutcome:
    """校验: check every recognised table and flag the findings in place (notes, fills, 校验结果)."""
    outcome = table_findings(port, options=options)
    apply_flags(port, outcome.findings)
    write_summary(port, outcome.findings)
    return outcome
