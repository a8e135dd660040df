"""生成报表: read the input sheets, build every table of the profile, write them to sheets.

Works on any :class:`~yusuan.ports.WorkbookPort`; saving is the caller's business, so the CLI
writes a new file and the Excel add-in leaves the live book open.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from yusuan import profiles
from yusuan.audit.last_year import import_from
from yusuan.audit.recognize import input_sheets_among, parse_workbook
from yusuan.audit.runner import table_findings
from yusuan.catalogs import Catalog
from yusuan.charts import chart_sheet_name, write_charts
from yusuan.checks.flags import apply_flags
from yusuan.checks.profile_rules import PROFILE_YEAR
from yusuan.checks.rounding_rules import ROUNDING_BOUND
from yusuan.checks.summary import write_summary
from yusuan.document.glossary import write_glossary_sheet
from yusuan.document.wording import wording_for
from yusuan.findings.rule import Finding, Severity
from yusuan.inputs.lookup import last_year_cells, setting_cell
from yusuan.inputs.names import fill_names
from yusuan.inputs.reader import read_inputs
from yusuan.inputs.template import input_sheet_names
from yusuan.narrative import NARRATIVE_SHEET, compose_narrative, write_narrative
from yusuan.ports import WorkbookPort
from yusuan.progress import Step, no_progress
from yusuan.tables.pipeline import BuiltTables, build_tables
from yusuan.tables.render import Layout, render


@dataclass
class BuildOutcome:
    """What a build did: findings, the tables and where they were written."""

    findings: list[Finding] = field(default_factory=list)
    built: BuiltTables | None = None
    layouts: list[Layout] = field(default_factory=list)
    hidden_inputs: list[str] = field(default_factory=list)  # input sheets hidden in a file of its own

    @property
    def usable(self) -> bool:
        return self.built is not None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def table_sheet_names(profile: profiles.Profile) -> list[str]:
    return [spec.sheet_name() for spec in profile.tables]


BUILD_STEPS = ("读取输入表", "生成公开表格", "生成情况说明和图表", "校验")


def build_workbook(port: WorkbookPort, last_year: WorkbookPort | None = None, progress: Step = no_progress,
                   profile: profiles.Profile | None = None, layout: Mapping[str, str] | None = None) -> BuildOutcome:
    """Build all tables into ``port``'s workbook, after its input sheets.

    ``last_year``: last year's disclosure workbook; its figures fill the 上年数 sheet first,
    so the model reads them like typed ones.  ``progress`` is told each of ``BUILD_STEPS``.
    ``profile`` replaces the 表样版本 of 基本信息 (``--profile-file``); ``layout`` overrides
    layout options (``--layout``) over those chosen on 基本信息 over the profile's defaults."""
    progress(BUILD_STEPS[0])
    imported = import_from(port, last_year) if last_year is not None else []
    read = read_inputs(port, profile=profile)
    outcome = BuildOutcome(findings=imported + list(read.findings))
    if read.model is None:
        flag_in_place(port, outcome.findings)  # a live book still shows where the input is wrong
        return outcome
    model = read.model
    progress(BUILD_STEPS[1])
    catalog = Catalog.for_year(model.department.year)
    profile = (profile or profiles.load(model.department.profile)).with_layout({**model.department.layout,
                                                                              **(layout or {})})
    outcome.findings += profile_year_findings(port, model, profile)
    outcome.built = build_tables(model, catalog, profile)
    outcome.findings += rounding_findings(outcome.built, profile)
    # the sheets the check skips as input sheets, told now from the rows the reader read: the
    # check of the output reads no 50,000-line 支出明细 again
    inputs = input_sheets_among(read.sheets, profile)
    fill_names(port, read, catalog)  # with the sheets the reader read: not read a second time
    read.sheets.clear()  # not kept through the rest of the build
    names = port.sheet_names()
    position = max((names.index(n) for n in names if not _is_output(n, profile)), default=-1) + 1
    narrative_position = position  # 情况说明 goes right after the input sheets, before the tables
    for table in outcome.built.tables:
        sheet = table.spec.sheet_name()
        outcome.layouts.append(render(port, table, sheet, position))
        position += 1
    progress(BUILD_STEPS[2])
    write_charts(port, outcome.built, position)
    narrative = compose_narrative(model, outcome.built, last_year_cells=last_year_cells(port))
    write_narrative(port, narrative, narrative_position)
    # 第三部分 名词解释: the profile's default text on a sheet the user may edit (kept on
    # rebuilds), after the tables and charts
    write_glossary_sheet(port, profile, port.sheet_names().index(chart_sheet_name()) + 1)
    outcome.findings += narrative.findings
    progress(BUILD_STEPS[3])
    outcome.findings += check_built(port, model, catalog, profile, inputs)
    flag_in_place(port, outcome.findings)
    return outcome


GENERATED_TEXT_DUPLICATES = frozenset({"TX207", "TX214"})  # reported on 基本信息 as TX101 / TX104


def profile_year_findings(port: WorkbookPort, model, profile: profiles.Profile) -> list[Finding]:
    """PF001 on the 预算年度 cell when the profile was made for another year."""
    year = model.department.year
    if profile.year is None or profile.year == year:
        return []
    sheet, cell = setting_cell(port, "year")
    advice = (f"请在基本信息“表样版本”中选择 {year} 年的表样" if any(p.year == year for p in profiles.all_profiles())
              else f"没有 {year} 年的表样，请按 docs/profiles.md 添加，或确认沿用此表样")
    return [PROFILE_YEAR.finding(sheet, cell, year=year, profile=profile.name, profile_year=profile.year, advice=advice)]


def rounding_findings(built: BuiltTables, profile: profiles.Profile) -> list[Finding]:
    """RD001 when controlled rounding could not keep every figure within 0.01 万元."""
    if built.rounding.within_bound:
        return []
    worst = f"{built.rounding.worst_deviation / 100:.2f}"
    return [ROUNDING_BOUND.finding(profile.tables[0].sheet_name(), "A1", worst=worst)]


def check_built(port: WorkbookPort, model, catalog: Catalog, profile: profiles.Profile,
                input_sheets: Collection[str] = ()) -> list[Finding]:
    """Check the tables and 情况说明 yusuan just wrote, reading them back from the sheets as it
    would any workbook, with what the model knows (profile, unit kinds, department).
    ``input_sheets``: sheets known to be input sheets (:func:`input_sheets_among`), not read."""
    unit_kinds = {u.code: u.kind.value for u in model.units}
    parsed = parse_workbook(port, profile, input_sheets)
    checked = table_findings(port, profile, model.department.year, catalog, unit_kinds, model.department.name,
                             parsed).findings
    # the 情况说明 was just generated: a change without a reason, or with a reason pointing the
    # other way, is already reported on the 基本信息 cell where the reason belongs (TX101,
    # TX104), not again on the sentence
    return [f for f in checked if f.code not in GENERATED_TEXT_DUPLICATES]


def flag_in_place(port: WorkbookPort, findings: list[Finding]) -> None:
    """标记: notes and fills on the cells found wrong, and the 校验结果 sheet in front."""
    apply_flags(port, findings)
    write_summary(port, findings)


def hide_input_sheets(port: WorkbookPort, findings: list[Finding]) -> list[str]:
    """打印公开表: in a disclosure saved as a file of its own (the input file stays where the
    inputs are edited) the input sheets are hidden, so printing the whole workbook prints the
    disclosure — Excel and LibreOffice print no hidden sheet.  An input sheet with a finding on
    it stays visible: its notes and the 校验结果 links to it must work.  Returns the sheets hidden."""
    flagged = {f.sheet for f in findings}
    names = port.sheet_names()
    hidden = [s for s in input_sheet_names() if s in names and s not in flagged]
    for sheet in hidden:
        port.set_sheet_hidden(sheet, True)
    return hidden


def _is_output(sheet: str, profile: profiles.Profile) -> bool:
    """Sheets yusuan writes (the 名词解释 sheet too: written once, then the user's)."""
    return (sheet in table_sheet_names(profile)
            or sheet in (chart_sheet_name(), NARRATIVE_SHEET, wording_for(profile).glossary_sheet)
            or sheet.startswith("_yusuan"))
