"""Typed input records.  Amounts are integer 分; ``row`` is the 1-based sheet row read from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from yusuan.model.enums import FundSource, ProjectType, SpendingType, UnitKind


@dataclass(frozen=True)
class Department:
    """基本信息: settings and text blocks of the department (部门)."""

    name: str
    code: str
    year: int
    amount_unit: str = "元"
    profile: str = "河南2025"
    publish_date: str = ""
    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    amounts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # profile input fields, 分
    layout: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # layout option → value chosen
    rows: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # key -> sheet row

    def text(self, key: str) -> str:
        return self.texts.get(key, "")


@dataclass(frozen=True)
class Unit:
    """A budget unit (预算单位) of the department."""

    code: str
    name: str
    kind: UnitKind
    row: int = 0


@dataclass(frozen=True, slots=True)  # 50,000 of them at the bench's largest scale: no __dict__ each
class BudgetLine:
    """One line of 支出明细 after validation; gov_econ_code is filled from the correspondence."""

    unit_code: str
    function_code: str  # 7 digits: 类(3) 款(2) 项(2)
    dept_econ_code: str  # 5 digits 部门预算支出经济分类 款
    gov_econ_code: str  # 5 digits 政府预算支出经济分类 款
    spending_type: SpendingType
    fund_source: FundSource
    amount: int  # 分
    project_code: str = ""
    carried_over: bool = False  # 上年结转
    procurement: str = ""  # 政府采购品目: 货物 / 工程 / 服务 / ''
    item_name: str = ""  # 明细名称 of a 基本支出 line (基本支出明细表), '' when not given
    row: int = 0

    @property
    def is_basic(self) -> bool:
        return self.spending_type.is_basic


@dataclass(frozen=True)
class Project:
    """A project (项目) referenced by project lines."""

    code: str
    name: str
    project_type: ProjectType
    unit_code: str
    row: int = 0


@dataclass(frozen=True)
class ProjectIndicator:
    """One performance indicator of a project (项目绩效目标)."""

    project_code: str
    indicator_type: str  # 成本 / 产出 / 效益 / 满意度
    level2: str
    level3: str
    value: str
    row: int = 0


@dataclass(frozen=True)
class OverallTask:
    """年度主要任务 (2020: 年度主要工作内容, with its 部门财政规划金额 in 分 and 计划实施时间)."""

    name: str
    content: str
    row: int = 0
    total: int | None = None  # 总金额 = fiscal + other
    fiscal: int | None = None  # 财政资金
    other: int | None = None  # 其他资金
    period: str = ""  # 计划实施时间


@dataclass(frozen=True)
class OverallIndicator:
    """One indicator row of the 部门整体绩效目标."""

    level1: str
    level2: str
    level3: str
    value: str
    note: str
    row: int = 0


@dataclass(frozen=True)
class OverallPerformance:
    """部门（单位）整体绩效目标."""

    duty_goal: str = ""
    tasks: tuple[OverallTask, ...] = ()
    indicators: tuple[OverallIndicator, ...] = ()
    functions: str = ""  # 部门（单位）职能 (2020 form)
    goal_note: str = ""  # 整体目标设置说明 (2020 form)
    budget_code: str = ""  # 预算编码 (2020 form; blank: the department code)


@dataclass(frozen=True)
class OtherIncome:
    """Income that no spending line explains (其他收入 sheet)."""

    unit_code: str
    item: str  # 年终结转结余 / 用事业基金弥补收支差额
    fund_source: FundSource
    amount: int
    row: int = 0


@dataclass(frozen=True)
class BudgetModel:
    """Everything the tables, checks and narrative are derived from."""

    department: Department
    units: tuple[Unit, ...]
    lines: tuple[BudgetLine, ...]
    projects: tuple[Project, ...] = ()
    project_indicators: tuple[ProjectIndicator, ...] = ()
    overall: OverallPerformance = OverallPerformance()
    last_year: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    other_income: tuple[OtherIncome, ...] = ()

    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)

    def project(self, code: str) -> Project | None:
        return next((p for p in self.projects if p.code == code), None)
