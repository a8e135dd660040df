"""校验: parse the disclosure tables of a workbook, run every check, flag findings in place.

Works on any workbook — one yusuan built, one a user edited, one another system produced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.audit._config import load_config
from yusuan.audit.choose import Choice, choose_profile, workbook_year
from yusuan.audit.recognize import input_sheets_among, may_be_input_sheet, parse_workbook
from yusuan.catalogs import Catalog
from yusuan.checks.diagnosis.solver import load_solver
from yusuan.checks.flags import apply_flags
from yusuan.checks.narrative_rules import narrative_cells
from yusuan.checks.narrative_rules.text import load_patterns
from yusuan.checks.profile_rules import PROFILE_CHOSEN
from yusuan.checks.registry import CheckContext, all_checks, run_checks
from yusuan.checks.structure_rules import NO_TABLES, UNRECOGNISED, unrecognised_table
from yusuan.checks.summary import write_summary
from yusuan.findings.rule import Finding, Severity
from yusuan.inputs.lookup import last_year_amounts
from yusuan.model.parsed import ParsedWorkbook
from yusuan.ports import WorkbookPort, WorkbookReader
from yusuan.ports.calamine_port import CalamineWorkbook, ReaderFailed
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.profiles import Profile
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
    return workbook_year(parsed)


def table_findings(
    port: WorkbookReader,
    profile: Profile | None = None,
    year: int | None = None,
    catalog: Catalog | None = None,
    unit_kinds: Mapping[str, str] | None = None,
    department: str = "",
    parsed: ParsedWorkbook | None = None,
) -> CheckOutcome:
    """Parse and check the tables of ``port`` (only read).

    What is known beyond the sheets goes to the rules through one :class:`CheckContext`, built
    here once: the ``profile`` (表样版本; default: the default profile), the budget ``year`` and
    its ``catalog`` (default: the year most tables print), and in build mode ``unit_kinds``
    ({unit code: 单位性质}) and ``department`` (name).  ``parsed``: the workbook already parsed.
    """
    profile = profile or load_profile()
    parsed = parsed or parse_workbook(port, profile)
    year = year or budget_year(parsed)
    if catalog is None and year:
        catalog = Catalog.for_year(year)
    context = CheckContext(
        profile=profile, year=year, catalog=catalog, unit_kinds=dict(unit_kinds or {}), department=department,
        last_year=last_year_amounts(port),  # 情况说明 growth rates
        narrative=narrative_cells(port),
    )
    findings = run_checks(parsed, context)
    findings += [UNRECOGNISED.finding(u.sheet, u.cell, table=unrecognised_table(u.sheet, u.title), reason=u.reason)
                 for u in parsed.unrecognised]
    if not parsed.tables:
        findings.append(NO_TABLES.finding(port.sheet_names()[0] if port.sheet_names() else "", "A1"))
    return CheckOutcome(findings, parsed)


def check_workbook(port: WorkbookPort, profile: Profile | None = None) -> CheckOutcome:
    """校验: check every recognised table and flag the findings in place (notes, fills, 校验结果).

    Without ``profile`` the workbook's own year, tables and titles choose it (:mod:`.choose`);
    either way a 提示 (PF002) on the first table says which profile was used and why."""
    outcome = audit_workbook(port, profile)
    flag_workbook(port, outcome)
    return outcome


def audit_workbook(reader: WorkbookReader, profile: Profile | None = None,
                   input_sheets: Collection[str] = ()) -> CheckOutcome:
    """The findings of :func:`check_workbook`, from a workbook that is only read (nothing is
    flagged: :func:`flag_workbook` does that, on any port of the same workbook).
    ``input_sheets``: yusuan input sheets already told apart (:func:`input_sheets_among`)."""
    if profile is None:
        parsed = parse_workbook(reader, input_sheets=input_sheets)  # headers mapped with every profile
        choice = choose_profile(parsed)
        outcome = table_findings(reader, choice.profile, parsed=parsed)
    else:
        choice = Choice(profile, "由命令行（--profile / --profile-file）或调用方指定。")
        outcome = table_findings(reader, profile, parsed=parse_workbook(reader, profile, input_sheets))
    first = outcome.parsed.tables[0] if outcome.parsed and outcome.parsed.tables else None
    names = reader.sheet_names()
    place = (first.sheet, first.title_cell) if first else (names[0] if names else "", "A1")
    outcome.findings.insert(0, PROFILE_CHOSEN.finding(*place, profile=choice.profile.name, reason=choice.reason))
    return outcome


def flag_workbook(port: WorkbookPort, outcome: CheckOutcome) -> None:
    """Flag ``outcome``'s findings in ``port`` (notes, fills, the 校验结果 sheet)."""
    apply_flags(port, outcome.findings)
    write_summary(port, outcome.findings)


def has_findings(outcome: CheckOutcome) -> bool:
    """Anything to flag beyond the 提示 that names the profile used (PF002): a workbook without
    is clean, and gets no annotated copy."""
    return any(f.code != PROFILE_CHOSEN.code for f in outcome.findings)


def audit_file(path: Path, profile: Profile | None = None) -> tuple[CheckOutcome, OpenpyxlWorkbook | None]:
    """Audit the workbook file at ``path`` without writing anything.

    Read with calamine (a fraction of an openpyxl load); a file calamine cannot read is read
    with openpyxl, which is then returned to flag the findings in (else None).  A file neither
    reads raises the openpyxl port's UserError (one Chinese line)."""
    try:
        reader = CalamineWorkbook.open(path)
        return audit_workbook(reader, profile, _input_sheets(reader, profile)), None
    except ReaderFailed:
        book = OpenpyxlWorkbook.open(path)
        return audit_workbook(book, profile), book


def _input_sheets(reader: CalamineWorkbook, profile: Profile | None) -> frozenset[str]:
    """The yusuan input sheets of a workbook (a built one sent as it is), told from their first
    filled row without calamine loading them whole (a 4,000-line 支出明细 costs it 75 ms)."""
    heads = {sheet: [row] for sheet in reader.sheet_names()
             if may_be_input_sheet(sheet) and (row := reader.first_filled_row(sheet)) is not None}
    return input_sheets_among(heads, profile)


def load_shared_data(solver: bool = False) -> None:
    """Load now what every audit reads and keeps for the process's life: the recognition data
    and the profiles, the rules, the 情况说明 patterns, and with ``solver`` the diagnosis's
    solver (scipy).  A folder audit's parent does, before its workers fork: they share what it
    loaded instead of each loading it again (0.1 CPU s a worker, 0.35 s more for scipy)."""
    load_config()
    all_checks()
    load_patterns()
    if solver:
        load_solver()


def annotate_file(source: Path, target: Path, outcome: CheckOutcome, book: OpenpyxlWorkbook | None = None) -> None:
    """Save an annotated copy of ``source`` at ``target`` (atomically; ``source`` is never
    written): its findings flagged, read with openpyxl unless ``book`` is that already."""
    book = book or OpenpyxlWorkbook.open(source)
    flag_workbook(book, outcome)
    book.save(target)
