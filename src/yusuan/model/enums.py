"""Closed value lists of the input sheets; the values are the Chinese labels users pick."""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    """单位性质."""

    ADMIN = "行政单位"
    CIVIL_SERVICE_MANAGED = "参照公务员法管理事业单位"  # 参公单位: treated as 行政 for classification
    PUBLIC_INSTITUTION = "事业单位"

    @property
    def is_administrative(self) -> bool:
        return self is not UnitKind.PUBLIC_INSTITUTION


class SpendingType(StrEnum):
    """支出类别: 基本支出 splits into 人员经费 and 公用经费; the rest is 项目支出."""

    PERSONNEL = "人员经费"
    PUBLIC = "公用经费"
    PROJECT = "项目支出"

    @property
    def is_basic(self) -> bool:
        return self is not SpendingType.PROJECT


class ProjectType(StrEnum):
    """项目类别."""

    OPERATING = "其他运转类"
    SPECIFIC = "特定目标类"


class FundSource(StrEnum):
    """资金来源.  The first three are 财政拨款 (fiscal appropriations)."""

    GENERAL_BUDGET = "一般公共预算"
    GOVERNMENT_FUND = "政府性基金"
    STATE_CAPITAL = "国有资本经营预算"
    SPECIAL_ACCOUNT = "财政专户管理资金"
    BUSINESS_INCOME = "事业收入"
    OPERATING_INCOME = "事业单位经营收入"
    HIGHER_SUBSIDY = "上级补助收入"
    AFFILIATE_REMITTANCE = "附属单位上缴收入"
    OTHER_INCOME = "其他收入"

    @property
    def is_fiscal(self) -> bool:
        """财政拨款: 一般公共预算, 政府性基金, 国有资本经营预算."""
        return self in _FISCAL

    @property
    def is_unit_fund(self) -> bool:
        """单位资金: 事业收入 and the other non-fiscal, non-专户 sources."""
        return not self.is_fiscal and self is not FundSource.SPECIAL_ACCOUNT


_FISCAL = frozenset({FundSource.GENERAL_BUDGET, FundSource.GOVERNMENT_FUND, FundSource.STATE_CAPITAL})
