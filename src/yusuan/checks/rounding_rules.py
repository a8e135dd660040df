"""舍入: what controlled rounding could not achieve when building the tables."""

from __future__ import annotations

from yusuan.findings.catalog import register
from yusuan.findings.rule import Rule, Severity

ROUNDING_BOUND = register(
    Rule(
        code="RD001",
        family="舍入",
        name="个别汇总数舍入偏差超过0.01万元",
        severity=Severity.WARNING,
        message="按万元两位小数列示时，无法让所有汇总数都与精确值相差不到0.01万元；最大偏差 {worst} 元。"
        "各表仍横向、纵向相加一致，同一数字在各表一致",
        doc="公开表以万元保留两位小数列示，而明细以元为单位。yusuan 先对最细的汇总单元统一舍入，"
        "使每张表横纵相加一致、同一数字在各表相同，并尽量让每个列示数与精确值相差不到0.01万元（受控舍入）。"
        "当多张交叉汇总的表同时约束同一组数据时，这样的舍入有时并不存在，此时个别汇总数的偏差会略超过0.01万元。"
        "这不影响表内、表间的一致性；如需完全消除，可把相关明细金额调整到百元整数。",
    )
)
