"""支出明细: budget lines and the projects they name.

A line with an error is left out (its finding says so); warnings keep the line.  Checks
that depend on a bad cell are skipped, so one bad cell gives one finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from yusuan.findings.rule import Severity
from yusuan.inputs import rules as R
from yusuan.inputs._cells import Located, Record
from yusuan.inputs._context import LINE_LEFT_OUT, Context
from yusuan.inputs.spec import SheetSpec
from yusuan.model import BudgetLine, Project, ProjectType, SpendingType, Unit
from yusuan.model.enums import FundSource
from yusuan.text import fold

FUNCTION_CODE = re.compile(r"\d{7}")
ECON_CODE = re.compile(r"\d{5}")
# 基本支出: 人员经费 is 301 + 303, 公用经费 is 302 + 310 (部门预算支出经济分类 类).
BASIC_CLASSES = {SpendingType.PERSONNEL: ("301", "303"), SpendingType.PUBLIC: ("302", "310")}
UNVERIFIED = "（目录未列出该类下的款项，无法核对），本行照常计入"
BASIC_WORD = "基本支出"  # what budget-system exports put in 支出类别 for 人员经费 and 公用经费


def infer_spending_type(dept_econ_code: str, project_code: str = "") -> SpendingType | None:
    """支出类别 a line's codes imply: a project line is 项目支出; otherwise the economic class
    says 人员经费 (301, 303) or 公用经费 (302, 310); None when neither says."""
    if project_code:
        return SpendingType.PROJECT
    return next((t for t, classes in BASIC_CLASSES.items() if dept_econ_code[:3] in classes), None)


@dataclass(slots=True)
class _Row:
    """What one row gave, before the cross-row checks (projects, duplicates)."""

    record: Record
    ok: bool
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class _ProjectInfo:
    """First name / type / unit seen for a project code, with the row each came from."""

    name: tuple[str, int] | None = None
    type: tuple[ProjectType, int] | None = None
    unit: tuple[str, int] | None = None
    first_row: int = 0
    has_good_line: bool = False


class LineReader:
    """Reads 支出明细 rows into BudgetLines and Projects, reporting into ``ctx``."""

    def __init__(self, ctx: Context, spec: SheetSpec, catalog: Any, year: int, units: dict[str, Unit], bad_units: set[str]):
        self.ctx, self.spec, self.catalog, self.year = ctx, spec, catalog, year
        self.units, self.bad_units = units, bad_units
        self.col = spec.column
        self.unverified: set[str] = set()  # function codes noted once as not verifiable
        self.seen_projects: set[str] = set()  # project codes on any project line, good or bad
        self.inferred: list[tuple[Record, str, SpendingType]] = []  # (row, what was typed, 支出类别 used)

    def read(self, located: Located) -> tuple[list[BudgetLine], list[Project]]:
        names = frozenset(c.key for c in self.spec.name_columns)
        rows = [self._row(record) for record in located.records(ignore=names)]
        projects = self._projects(rows)
        lines = self._lines(rows)
        self._report_inferred()
        return lines, projects

    # one row ---------------------------------------------------------------------------
    def _row(self, rec: Record) -> _Row:
        row = _Row(rec.place(), True)  # the row's values are not kept past this method
        if self.ctx.numeric_codes(rec, self.spec.columns):  # digits lost: nothing else can be trusted
            return _Row(row.record, False)
        unit = self._unit(rec, row)
        function_ok = self._function(rec)
        dept = self._dept_econ(rec, row)
        spending_ok, spending = self._spending_type(rec, dept)
        fund_ok, fund = self.ctx.choice(rec, self.col("fund_source"))
        carried_ok, carried = self.ctx.choice(rec, self.col("carried_over"))
        procurement_ok, procurement = self.ctx.choice(rec, self.col("procurement"))
        amount_ok, amount = self.ctx.amount(rec, self.col("amount"))
        row.ok &= function_ok and spending_ok and fund_ok and carried_ok and procurement_ok and amount_ok
        spending_type = SpendingType(spending) if spending else None
        if spending_type and dept and not self._type_vs_econ(rec, row, spending_type, dept):
            dept = None  # its gov econ code is not looked for: one finding per bad cell
        self._gov_econ(rec, row, unit, dept)
        self._project_fields(rec, row, spending_type)
        row.fields.update(
            unit_code=rec.code("unit_code"),
            function_code=rec.code("function_code"),
            dept_econ_code=dept,
            spending_type=spending_type,
            fund_source=FundSource(fund) if fund else None,
            carried_over=carried == "是",
            procurement=procurement or "",
            # 明细名称: a 基本支出 item's own name (only a profile with a 基本支出明细表 has the column)
            item_name=rec.text("item_name") if spending_type and spending_type.is_basic else "",
            amount=amount,
        )
        return row

    def _spending_type(self, rec: Record, dept: str | None) -> tuple[bool, str | None]:
        """支出类别 as typed; blank or “基本支出” is inferred from the economic class (blank or a
        value yusuan wrote before: a project code makes it 项目支出)."""
        text = rec.text("spending_type")
        ours = bool(text) and self.ctx.wrote(rec, "spending_type", text)
        if dept and (not text or ours or fold(text) == BASIC_WORD):
            project = rec.code("project_code") if not text or ours else ""
            inferred = infer_spending_type(dept, project)
            if inferred is not None:
                if not ours:
                    self.inferred.append((rec.place(), text, inferred))
                return True, inferred.value
        return self.ctx.choice(rec, self.col("spending_type"))

    def _report_inferred(self) -> None:
        """One 提示 for all inferred 支出类别, on the first such cell."""
        if not self.inferred:
            return
        counts: dict[SpendingType, int] = {}
        for _, _, kind in self.inferred:
            counts[kind] = counts.get(kind, 0) + 1
        detail = "、".join(f"{kind.value} {n} 行" for kind, n in counts.items())
        blank = sum(1 for _, text, _ in self.inferred if not text)
        written = f"，其中 {blank} 个空白单元格已填入确定的类别" if blank else ""
        self.ctx.flag(R.SPENDING_TYPE_INFERRED, self.inferred[0][0], "spending_type",
                      count=len(self.inferred), detail=detail, written=written)

    def _unit(self, rec: Record, row: _Row) -> Unit | None:
        code = rec.code("unit_code")
        if not code:
            self.ctx.flag(R.BLANK_REQUIRED, rec, "unit_code", field=self.col("unit_code").header, effect=LINE_LEFT_OUT)
        elif code in self.units:
            unit = self.units[code]
            self.ctx.check_name(rec, self.col("unit_name"), code, unit.name)
            return unit
        elif self.ctx.lost_leading_zeros(rec, self.col("unit_code"), [*self.units, *self.bad_units]):
            pass
        elif code not in self.bad_units:  # a unit whose own row is bad was flagged there
            self.ctx.flag(R.UNKNOWN_UNIT, rec, "unit_code", value=code, effect=LINE_LEFT_OUT)
        row.ok = False
        return None

    def _function(self, rec: Record) -> bool:
        code = rec.code("function_code")
        if not code:
            self.ctx.flag(R.BLANK_REQUIRED, rec, "function_code", field=self.col("function_code").header, effect=LINE_LEFT_OUT)
            return False
        if not FUNCTION_CODE.fullmatch(code):
            self.ctx.flag(R.BAD_FUNCTION_CODE, rec, "function_code", value=rec.text("function_code"), effect=LINE_LEFT_OUT)
            return False
        subject = self.catalog.function(code)
        if subject is not None and subject.level == "项":
            self.ctx.check_name(rec, self.col("function_name"), code, subject.name)
            return True
        if subject is None and self.catalog.function(code[:3]) is not None and not self.catalog.lists_detail(code[:3]):
            # The catalog lists no 款/项 under this 类: the code cannot be called wrong.
            if code not in self.unverified:
                self.unverified.add(code)
                self.ctx.flag(R.UNKNOWN_FUNCTION, rec, "function_code", severity=Severity.INFO, value=code, year=self.year, effect=UNVERIFIED)
            return True
        self.ctx.flag(R.UNKNOWN_FUNCTION, rec, "function_code", value=code, year=self.year, effect=LINE_LEFT_OUT)
        return False

    def _dept_econ(self, rec: Record, row: _Row) -> str | None:
        code = rec.code("dept_econ_code")
        rule = None
        if not code:
            self.ctx.flag(R.BLANK_REQUIRED, rec, "dept_econ_code", field=self.col("dept_econ_code").header, effect=LINE_LEFT_OUT)
        elif not ECON_CODE.fullmatch(code):
            rule = R.BAD_DEPT_ECON_CODE
        elif (subject := self.catalog.dept_econ(code)) is None:
            rule = R.UNKNOWN_DEPT_ECON
        else:
            self.ctx.check_name(rec, self.col("dept_econ_name"), code, subject.name)
            return code
        if rule is not None:
            self.ctx.flag(rule, rec, "dept_econ_code", value=rec.text("dept_econ_code"), year=self.year, effect=LINE_LEFT_OUT)
        row.ok = False
        return None

    def _gov_econ(self, rec: Record, row: _Row, unit: Unit | None, dept: str | None) -> None:
        code = rec.code("gov_econ_code")
        kind = unit.kind.value if unit else None
        if code:
            reason = None
            if not ECON_CODE.fullmatch(code):
                reason = "不是5位数字"
            elif self.catalog.gov_econ(code) is None:
                reason = f"不在{self.year}年政府预算支出经济分类科目中"
            if reason:
                self.ctx.flag(R.BAD_GOV_ECON, rec, "gov_econ_code", value=rec.text("gov_econ_code"), reason=reason,
                              effect=LINE_LEFT_OUT, advice=self._gov_econ_advice(dept, kind))
                row.ok = False
                return
            if kind and dept and not self.catalog.is_valid_correspondence(dept, code, kind):
                expected = self.catalog.gov_econ_for(dept, kind)
                advice = (R.CORRESPONDENCE_EXPECTED.format(expected=expected) if expected
                          else R.CORRESPONDENCE_NONE.format(dept=dept, kind=kind, gov=code))
                self.ctx.flag(R.CORRESPONDENCE_MISMATCH, rec, "gov_econ_code", dept=dept, gov=code, kind=kind,
                              expected=expected or "", advice=advice)
        elif kind and dept:
            code = self.catalog.gov_econ_for(dept, kind)
            if not code:
                self.ctx.flag(R.NO_CORRESPONDENCE, rec, "gov_econ_code", dept=dept, kind=kind, effect=LINE_LEFT_OUT)
                row.ok = False
                return
        else:
            row.ok = False  # no unit or no valid dept code: already flagged there
            return
        subject = self.catalog.gov_econ(code)
        self.ctx.check_name(rec, self.col("gov_econ_name"), code, subject.name if subject else None)
        row.fields["gov_econ_code"] = code

    def _gov_econ_advice(self, dept: str | None, kind: str | None) -> str:
        """IN011's advice: the code the correspondence gives (what a blank cell becomes), or that
        there is none to give, or — without a unit or a 部门经济科目 — the general advice."""
        if not (dept and kind):
            return R.BAD_GOV_ECON_ANY
        expected = self.catalog.gov_econ_for(dept, kind)
        template = R.BAD_GOV_ECON_DERIVED if expected else R.BAD_GOV_ECON_BY_HAND
        return template.format(expected=expected, dept=dept, kind=kind)

    def _type_vs_econ(self, rec: Record, row: _Row, spending_type: SpendingType, dept: str) -> bool:
        """基本支出 uses only 301/303 (人员经费) and 302/310 (公用经费); False when flagged."""
        if not spending_type.is_basic:
            return True
        econ_class = dept[:3]
        if not any(econ_class in classes for classes in BASIC_CLASSES.values()):
            self.ctx.flag(R.NON_BASIC_ECON, rec, "dept_econ_code", econ=dept, effect=LINE_LEFT_OUT)
        elif econ_class not in BASIC_CLASSES[spending_type]:
            allowed = "、".join(BASIC_CLASSES[spending_type])
            self.ctx.flag(R.TYPE_ECON_MISMATCH, rec, "spending_type", spending_type=spending_type.value, allowed=allowed, econ=dept, effect=LINE_LEFT_OUT)
        else:
            return True
        row.ok = False
        return False

    def _project_fields(self, rec: Record, row: _Row, spending_type: SpendingType | None) -> None:
        code = rec.code("project_code")
        row.fields["project_code"] = ""
        if spending_type is SpendingType.PROJECT:
            if not code:
                self.ctx.flag(R.PROJECT_WITHOUT_CODE, rec, "project_code", effect=LINE_LEFT_OUT)
                row.ok = False
                return
            type_ok, project_type = self.ctx.choice(rec, self.col("project_type"))
            row.ok &= type_ok
            row.fields.update(project_code=code, project_name=rec.text("project_name"),
                              project_type=ProjectType(project_type) if project_type else None, type_ok=type_ok)
        elif spending_type is not None and code:
            self.ctx.flag(R.BASIC_WITH_PROJECT, rec, "project_code", spending_type=spending_type.value, value=code)

    # across rows -----------------------------------------------------------------------
    def _projects(self, rows: list[_Row]) -> list[Project]:
        infos: dict[str, _ProjectInfo] = {}
        project_rows = [r for r in rows if r.fields.get("project_code")]
        self.seen_projects = {r.fields["project_code"] for r in project_rows}
        for r in project_rows:  # first name / type / unit of every project
            info = infos.setdefault(r.fields["project_code"], _ProjectInfo(first_row=r.record.row))
            if info.name is None and r.fields["project_name"]:
                info.name = (r.fields["project_name"], r.record.row)
            if info.type is None and r.fields["project_type"]:
                info.type = (r.fields["project_type"], r.record.row)
            if info.unit is None and r.fields["unit_code"] in self.units:
                info.unit = (r.fields["unit_code"], r.record.row)
        for r in project_rows:
            self._check_project_row(r, infos[r.fields["project_code"]])
        for r in project_rows:
            if r.ok:
                infos[r.fields["project_code"]].has_good_line = True
        return [
            Project(code, info.name[0], info.type[0], info.unit[0], row=info.first_row)
            for code, info in infos.items()
            if info.has_good_line and info.name and info.type and info.unit
        ]

    def _check_project_row(self, r: _Row, info: _ProjectInfo) -> None:
        rec, code = r.record, r.fields["project_code"]
        for key, label, value, first in (
            ("project_name", "项目名称", r.fields["project_name"], info.name),
            ("project_type", "项目类别", r.fields["project_type"], info.type),
        ):
            if first is None:
                if key == "project_name" or r.fields["type_ok"]:  # an invalid type was flagged already
                    self.ctx.flag(R.PROJECT_INCOMPLETE, rec, key, project=code, field=label, effect=LINE_LEFT_OUT)
                r.ok = False
            elif value and fold(str(value)) != fold(str(first[0])):
                self.ctx.flag(R.PROJECT_CONFLICT, rec, key, project=code, field=label, value=value, first=first[0], first_row=first[1])
        unit_code = r.fields["unit_code"]
        if info.unit and unit_code in self.units and unit_code != info.unit[0]:
            self.ctx.flag(R.PROJECT_CONFLICT, rec, "unit_code", project=code, field="单位代码", value=unit_code, first=info.unit[0], first_row=info.unit[1])

    def _lines(self, rows: list[_Row]) -> list[BudgetLine]:
        lines: list[BudgetLine] = []
        seen: dict[tuple, int] = {}
        for r in rows:
            if not r.ok:
                continue
            f = r.fields
            line = BudgetLine(
                unit_code=f["unit_code"], function_code=f["function_code"], dept_econ_code=f["dept_econ_code"],
                gov_econ_code=f["gov_econ_code"], spending_type=f["spending_type"], fund_source=f["fund_source"],
                amount=f["amount"], project_code=f["project_code"], carried_over=f["carried_over"],
                procurement=f["procurement"], item_name=f["item_name"], row=r.record.row,
            )
            key = (line.unit_code, line.function_code, line.dept_econ_code, line.gov_econ_code, line.spending_type,
                   line.project_code, line.fund_source, line.carried_over, line.procurement, line.item_name, line.amount)
            if key in seen:
                self.ctx.flag(R.DUPLICATE_LINE, r.record, "amount", first_row=seen[key])
            else:
                seen[key] = r.record.row
            lines.append(line)
        return lines
