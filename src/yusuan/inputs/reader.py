"""Read the input sheets into a :class:`~yusuan.model.BudgetModel`, with a finding per bad cell.

Never raises for bad data: a bad line is left out of the model (its finding says so), and
the model is ``None`` only when the workbook is unusable (a required sheet or column is
missing, or there is no usable department, year, 金额单位 or 表样版本).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from yusuan import profiles
from yusuan.catalogs import Catalog
from yusuan.findings.rule import Finding, Severity
from yusuan.inputs import rules as R
from yusuan.inputs._cells import Located, locate, match_choice
from yusuan.inputs._context import Context
from yusuan.inputs._headers import HeaderMatcher
from yusuan.inputs._lines import LineReader
from yusuan.inputs._plausibility import check_amount_unit
from yusuan.inputs._settings import SettingsReader, locate_settings
from yusuan.inputs._sheets import read_last_year, read_other_income, read_overall, read_project_indicators, read_units
from yusuan.inputs.names import read_state
from yusuan.inputs.spec import ColumnSpec, InputSpec, SheetSpec, load_spec
from yusuan.model import BudgetLine, BudgetModel, OtherIncome, OverallPerformance, Project, ProjectIndicator
from yusuan.ports.base import WorkbookPort, a1, column_letter
from yusuan.profiles import Profile
from yusuan.text import cell_text

UNITS_SHEET, LINES_SHEET = "单位信息", "支出明细"
PERFORMANCE_SHEET, OVERALL_SHEET, LAST_YEAR_SHEET, OTHER_INCOME_SHEET = "项目绩效", "整体绩效", "上年数", "其他收入"
REQUIRED_SHEETS = (UNITS_SHEET, LINES_SHEET)
# Missing optional sheets: a note (the tables they feed come out empty), except 其他收入.
NOTED_OPTIONAL_SHEETS = (PERFORMANCE_SHEET, OVERALL_SHEET, LAST_YEAR_SHEET)
UNUSABLE = "，无法生成报表"
SKIPPED = "，该表不读取"


@dataclass
class ReadResult:
    """The model (None when the workbook is unusable) and every input finding."""

    model: BudgetModel | None
    findings: list[Finding] = field(default_factory=list)
    # the sheets' values as read (actual name → rows), so that the name fill reads no sheet again
    sheets: dict[str, list[list]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


class _Workbook:
    """Sheets by name (surrounding spaces ignored) and the located list sheets."""

    def __init__(self, port: WorkbookPort, ctx: Context, spec: InputSpec):
        self.port, self.ctx, self.spec = port, ctx, spec
        self.names = {name.strip(): name for name in port.sheet_names()}
        self.read: dict[str, list[list]] = {}

    def actual(self, name: str) -> str | None:
        return self.names.get(name)

    def rows(self, name: str) -> list[list]:
        """The sheet's values; a formula without a calculated result is one finding (IN043) and
        no other finding is reported on its cell."""
        actual = self.names[name]
        rows = self.read[actual] = self.port.read_values(actual)
        for row, col in self.port.uncomputed_cells(actual):
            address = a1(row, col)
            if (actual, address) not in self.ctx.uncomputed:
                self.ctx.uncomputed.add((actual, address))
                self.ctx.add(R.UNCOMPUTED_FORMULA, actual, address, address=address, effect="")
        return rows

    def check_layout(self, located: Located) -> None:
        """Report duplicate header columns (IN042) and merged cells in the header row or below
        (IN041); the cells a merge covers get no further finding of their own."""
        for header, first, second in located.duplicates:
            self.ctx.add(R.DUPLICATE_HEADER, located.sheet, a1(located.header_row, second), header=header,
                         first=column_letter(first), second=column_letter(second))
        read = set(located.columns.values())
        for merged in self.port.merged_ranges(located.sheet):
            if merged.bottom < located.header_row or not read & set(range(merged.left, merged.right + 1)):
                continue  # a title above the header, or columns yusuan does not read
            self.ctx.add(R.MERGED_INPUT_CELL, located.sheet, a1(merged.top, merged.left), range=merged.a1,
                         effect="，除左上角外的单元格按空白处理")
            self.ctx.uncomputed.update(
                (located.sheet, a1(r, c)) for r in range(merged.top, merged.bottom + 1)
                for c in range(merged.left, merged.right + 1) if (r, c) != (merged.top, merged.left)
            )

    def locate(self, name: str, required: bool) -> Located | None:
        """The list sheet with its columns found, or None (with findings) when unreadable."""
        spec: SheetSpec = self.spec.sheet(name)
        actual = self.actual(name)
        if actual is None:
            if required:
                self.ctx.add(R.MISSING_SHEET, name, "", name=name, effect=UNUSABLE)
            elif name in NOTED_OPTIONAL_SHEETS:
                self.ctx.add(R.MISSING_SHEET, name, "", Severity.INFO, name=name, effect="，相关表格和说明将为空")
            return None
        rows = self.rows(name)
        located = locate(actual, rows, spec)
        if located is not None:
            self.check_layout(located)
        header_row = located.header_row if located else 1
        missing = [c for c in spec.columns if c.required and (located is None or c.key not in located.columns)]
        self._report_missing(actual, spec, rows[header_row - 1] if len(rows) >= header_row else [], header_row, missing,
                             UNUSABLE if required else SKIPPED)
        if missing or located is None:
            return None
        if located.renamed:
            self._report_renamed(located, spec)
        return located

    def _report_missing(self, sheet: str, spec: SheetSpec, header: list, header_row: int,
                        missing: list[ColumnSpec], effect: str) -> None:
        """IN002 per missing column: on the header cell that was meant for it (a near miss such as
        “金额说明” for 金额: that cell is what the officer corrects), else on the header row's
        first cell."""
        near = HeaderMatcher(spec).near_misses(header, [c.key for c in missing])
        for column in missing:
            col, found = near.get(column.key, (1, ""))
            fix = R.MISSING_COLUMN_RENAME.format(found=found, header=column.header) if found else R.MISSING_COLUMN_ADD
            self.ctx.add(R.MISSING_COLUMN, sheet, a1(header_row, col), name=sheet, header=column.header, effect=effect, fix=fix)

    def _report_renamed(self, located: Located, spec: SheetSpec) -> None:
        """One 提示 per sheet: which budget-system header was read as which column."""
        pairs = []
        for key, text in sorted(located.renamed.items(), key=lambda item: located.columns[item[0]]):
            unit = located.units.get(key)
            read_as = spec.column(key).header + (f"（按{unit}读取）" if unit else "")
            pairs.append(f"“{text}”→{read_as}")
        first = min(located.columns[key] for key in located.renamed)
        self.ctx.add(R.HEADERS_RECOGNISED, located.sheet, a1(located.header_row, first), pairs="、".join(pairs))


def read_inputs(port: WorkbookPort, catalog: Any = None, profile: Profile | None = None) -> ReadResult:
    """Read every input sheet through ``port``.  ``catalog`` defaults to the budget year's
    :class:`~yusuan.catalogs.Catalog` (pass one to use additions or a test double).  The input
    fields a profile declares are read for ``profile``, else for the 表样版本 chosen on 基本信息."""
    spec = load_spec()
    ctx = Context(written=read_state(port))
    book = _Workbook(port, ctx, spec)

    settings_sheet = book.actual(spec.settings_sheet)
    if settings_sheet is None:
        for name in (spec.settings_sheet, *REQUIRED_SHEETS):
            if book.actual(name) is None:
                ctx.add(R.MISSING_SHEET, name, "", name=name, effect=UNUSABLE)
        return ReadResult(None, ctx.findings)
    spec = book.spec = load_spec(profile or _chosen_profile(book.rows(spec.settings_sheet), spec))
    settings = SettingsReader(ctx, settings_sheet, spec)
    department = settings.read(book.rows(spec.settings_sheet))
    ctx.amount_unit = settings.amount_unit or "元"  # still parse the lines to report their problems
    year = settings.year
    catalog = (catalog if catalog is not None else _catalog(ctx, settings)) if year else None
    if catalog is None or year is None:
        return ReadResult(None, ctx.findings)

    units_at = book.locate(UNITS_SHEET, required=True)
    lines_at = book.locate(LINES_SHEET, required=True)
    units, bad_units = read_units(ctx, units_at, spec.sheet(UNITS_SHEET)) if units_at else ({}, set())
    lines: list[BudgetLine] = []
    projects: list[Project] = []
    seen_projects: set[str] = set()
    if lines_at and settings.amount_unit:
        check_amount_unit(ctx, lines_at, settings.amount_unit, (settings.sheet, settings.cell("amount_unit")))
    if lines_at and units_at:
        reader = LineReader(ctx, spec.sheet(LINES_SHEET), catalog, year, units, bad_units)
        lines, projects = reader.read(lines_at)
        seen_projects = reader.seen_projects

    by_code = {p.code: p for p in projects}
    indicators: list[ProjectIndicator] = []
    overall = OverallPerformance()
    last_year: Mapping[str, int] = MappingProxyType({})
    other: list[OtherIncome] = []
    if lines_at and (at := book.locate(PERFORMANCE_SHEET, required=False)):
        indicators = read_project_indicators(ctx, at, spec.sheet(PERFORMANCE_SHEET), by_code, seen_projects)
    if at := book.locate(OVERALL_SHEET, required=False):
        overall = read_overall(ctx, at, spec.sheet(OVERALL_SHEET))
    if at := book.locate(LAST_YEAR_SHEET, required=False):
        last_year = read_last_year(ctx, at, spec.sheet(LAST_YEAR_SHEET))
    if units_at and (at := book.locate(OTHER_INCOME_SHEET, required=False)):
        other = read_other_income(ctx, at, spec.sheet(OTHER_INCOME_SHEET), units, bad_units)

    if department is None or units_at is None or lines_at is None:
        return ReadResult(None, ctx.findings)
    model = BudgetModel(
        department=department,
        units=tuple(units.values()),
        lines=tuple(lines),
        projects=tuple(projects),
        project_indicators=tuple(indicators),
        overall=overall,
        last_year=last_year,
        other_income=tuple(other),
    )
    return ReadResult(model, ctx.findings, book.read)


def _chosen_profile(rows: list[list], spec: InputSpec) -> Profile | None:
    """The profile 基本信息 names (None when blank or unknown: the reader reports that)."""
    found = locate_settings(Context(), "", rows, spec)
    name = match_choice(cell_text(found.values.get("profile")), tuple(profiles.available()))
    return profiles.load(name) if name else None


def _catalog(ctx: Context, settings: SettingsReader):
    """The year's classification catalog; None (with a finding) when it cannot be loaded."""
    if settings.year is None:
        return None
    try:
        return Catalog.for_year(settings.year)
    except (ValueError, LookupError, OSError) as exc:
        reason = f"（无法载入{settings.year}年的科目目录：{exc}）"
        ctx.add(R.INVALID_YEAR, settings.sheet, settings.cell("year"), value=str(settings.year), reason=reason)
        return None
