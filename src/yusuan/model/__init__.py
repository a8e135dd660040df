"""Typed models, exact amounts: a department's budget inputs (the 输入 sheets, :class:`BudgetModel`)
and the disclosure tables as they stand in a workbook (:mod:`yusuan.model.parsed`)."""

from yusuan.model.enums import FundSource, ProjectType, SpendingType, UnitKind
from yusuan.model.types import (
    BudgetLine,
    BudgetModel,
    Department,
    OtherIncome,
    OverallIndicator,
    OverallPerformance,
    OverallTask,
    Project,
    ProjectIndicator,
    Unit,
)

__all__ = [
    "BudgetLine",
    "BudgetModel",
    "Department",
    "FundSource",
    "OtherIncome",
    "OverallIndicator",
    "OverallPerformance",
    "OverallTask",
    "Project",
    "ProjectIndicator",
    "ProjectType",
    "SpendingType",
    "Unit",
    "UnitKind",
]
