"""文字 family, 情况说明 inputs: what the text needs from 基本信息 and 上年数 but did not get.

Raised while the 情况说明 is composed (:mod:`yusuan.narrative.compose`), on the input cell to
fill in: the 内容 cell of the 基本信息 row, or the amount cell of the 上年数 row.  The text is
then written without the missing part — never with a placeholder.  Message parameters never
use the names ``sheet``/``cell``/``severity`` (those are the finding's own fields).
"""

from __future__ import annotations

from yusuan.findings.catalog import family_declaration
from yusuan.findings.rule import Severity

FAMILY = "文字"
W = Severity.WARNING


_rule = family_declaration(FAMILY)


MISSING_REASON = _rule(
    "TX101", "增减原因未填写", W,
    "{subject}与{last_year}年相比{change}，但“{field}”未填写，情况说明中略去了原因：请填写增减的主要原因。",
    "检查预算数与上年相比有增减时，基本信息中是否填写了相应的增减原因（收支总体、一般公共预算、政府性基金、"
    "国有资本经营、“三公”经费各项、机构运行经费等）。部门预算公开要求对增减变化说明主要原因，只列增减额和增减率、"
    "不说原因，是公开检查中常被指出的问题。工具不会在说明中留下“xxx”之类的占位符，而是略去原因并在此提示。"
    "修正：在标出的单元格中用一两句话写明增减的主要原因（如项目调整、人员变动），然后重新生成。",
)
REASON_AGAINST_CHANGE = _rule(
    "TX104", "增减原因与增减方向相反", W,
    "{subject}与{last_year}年相比{change}，但“{field}”填写的原因说的都是{words}：请核对原因（或上年数）。",
    "检查基本信息中填写的增减原因是否与实际的增减方向一致：预算增加了，原因却只写“人员减少”“经费压减”；预算减少了，"
    "原因却只写“新增项目”“经费增加”。原因按原样写入情况说明，读者会看到自相矛盾的一句话（情况说明中的同一问题见 TX214，"
    "由 yusuan 生成的说明只在此处报告）。原因中有增有减、或用“未增加”之类否定说法时不判断。"
    "修正：在标出的单元格中写明实际引起增减的原因；原因正确时核对上年数。",
)
MISSING_LAST_YEAR = _rule(
    "TX102", "缺少上年数", W,
    "情况说明要把“{item}”与{last_year}年比较，但上年数中没有填写该项，说明中略去了与上年的比较：请填写{last_year}年的{item}预算数。",
    "检查情况说明所需的上年预算数是否填写：收入总计、支出总计、一般公共预算、政府性基金、国有资本经营，"
    "以及“三公”经费合计和各项。情况说明要写明与上年相比的增减额、增减率和原因，没有上年数就无法比较，"
    "该句只写本年数。上年没有该项支出时请填 0（说明中写“与上年保持一致”或只写增加额），不要留空。"
    "修正：按上年公开的部门预算（可比口径）填写上年数表中的金额，或从上年的工作簿导入。",
)
MISSING_ASSET_COUNT = _rule(
    "TX103", "国有资产数量未填写", W,
    "“{field}”未填写，情况说明的国有资产占用情况中略去了这一项：请填写数量（没有请填 0）。",
    "检查基本信息中国有资产占用情况的各项数量（车辆按类别、单位价值50万元以上通用设备、单位价值100万元以上专用设备）"
    "是否填写。情况说明按公开要求逐项列示这些数量，未填写的项目无法列示，工具不会按 0 猜测。"
    "修正：按上年末资产账填写数量，没有的填 0。",
)
