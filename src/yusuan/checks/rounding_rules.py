"""舍入: what controlled rounding could not achieve when building the tables (raised by
:func:`yusuan.build.rounding_findings`)."""

from __future__ import annotations

from yusuan.findings.catalog import declare
from yusuan.findings.rule import Severity

ROUNDING_BOUND = declare(
    "RD001", "舍入", "个别汇总数舍入偏差超过0.01万元", Severity.WARNING,
    "按万元两位小数列示时，无法让所有汇总数都与精确值相差不到0.01万元；最大偏差 {worst} 元。"
    "各表仍横向、纵向相加一致，同一数字在各表一致",
    what="生成报表时，各表列示的万元数（两位小数）与按明细精确计算的数相差是否都不到0.01万元。",
    why="公开表以万元保留两位小数列示，而明细以元为单位。yusuan 对最细的汇总单元统一舍入一次（受控舍入），"
    "使每张表横纵相加一致、同一数字在各表相同，并尽量让每个列示数与精确值相差不到0.01万元；"
    "当多张交叉汇总的表同时约束同一组数据时，这样的舍入有时并不存在，个别汇总数的偏差会略超过0.01万元。",
    bad="某个汇总数列示为 12.33 万元，而按明细精确计算为 12.3451 万元（相差超过 0.01 万元）。",
    good="各表仍横向、纵向相加一致，同一数字在各表一致；偏差只出现在报告的汇总数上。",
    fix="一般无需处理；如需完全消除，把相关明细金额调整到百元整数后重新生成。",
)
