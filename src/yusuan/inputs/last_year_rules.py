"""文字 family, 上年数 import: what ``yusuan build --last-year`` took from last year's workbook.

The importer (:mod:`yusuan.audit.last_year`) raises these findings on the 上年数 sheet, one per
item, so the user sees in place which figures came from last year's tables and which must
still be typed; a workbook of the wrong year (TX304) on 基本信息's 预算年度, the cell that
decides which year last year's is.  Message parameters never use the names ``sheet``/``cell``/``severity``.
"""

from __future__ import annotations

from yusuan.findings.catalog import family_declaration
from yusuan.findings.rule import Severity

FAMILY = "文字"


_rule = family_declaration(FAMILY)


IMPORTED = _rule(
    "TX301", "已从上年工作簿导入上年数", Severity.INFO,
    "已从上年工作簿导入上年数“{item}”：{amount}{unit}（取自{source}）。",
    "说明上年数表中哪些金额是从上年的部门预算公开工作簿（yusuan 上年生成的工作簿，或其他系统生成的公开表）"
    "导入的，以及取自哪张表的哪一行。情况说明中的增减额和增减率以这些数为准，请核对导入的数与上年公开的数一致。"
    "导入只填写空白的单元格和上次导入填写过的单元格，您手工填写的上年数不会被覆盖。"
    "修正：一般无需处理；如需改用其他数，直接在上年数表中改写，下次导入不会覆盖。",
)
NOT_FOUND = _rule(
    "TX302", "上年工作簿中找不到上年数", Severity.WARNING,
    "未能从上年工作簿导入上年数“{item}”：{reason}。请核对所选的上年工作簿，或在上年数表中手工填写。",
    "检查上年工作簿中能否找到上年数表各项目对应的金额：收入总计和支出总计取自部门收支预算表，"
    "一般公共预算、政府性基金、国有资本经营取自财政拨款收支预算表本年支出各资金栏，基本支出和项目支出取自"
    "部门支出预算表合计行，“三公”经费取自一般公共预算“三公”经费预算表合计行，机构运行经费取自机构运转经费预算表合计行。"
    "找不到时（选错了文件、缺少该表、表头无法识别、金额不是数字）该项上年数不导入，以前导入的数也会清除，"
    "情况说明将无法与上年比较。修正：选择上年的部门预算公开工作簿重新导入，或在上年数表中手工填写该项。",
)
KEPT_TYPED = _rule(
    "TX303", "手工填写的上年数与上年工作簿不同", Severity.INFO,
    "上年数“{item}”为手工填写的{typed}{unit}，上年工作簿中为{found}{unit}（{source}），保留手工填写的数。",
    "导入上年数时，上年数表中已由您手工填写的金额不会被覆盖；当它与上年工作簿中公开的数不同时给出提示。"
    "口径调整（如机构改革后按可比口径调整上年数）时两者不同是正常的。"
    "修正：确认手工填写的数正确即可；如需改用上年工作簿中的数，清空该单元格后重新导入。",
)
YEAR_MISMATCH = _rule(
    "TX304", "上年工作簿年度不符", Severity.WARNING,
    "所选上年工作簿中的表格为{found}年，而本单元格的预算年度为{year}年，上年工作簿应为{expected}年的："
    "请选择{expected}年的部门预算公开工作簿重新导入；如果是预算年度填错了，请改正本单元格。",
    "检查导入上年数的工作簿是否为上一年度的部门预算公开工作簿：其表格标题中的年度应为预算年度减一。"
    "选错年度的文件（例如本年刚生成的工作簿）时，导入的上年数与本年数相同或相差一年以上，增减分析全部错误。"
    "年度不符时仍然导入，以便核对；提示标在基本信息的预算年度单元格上，因为应为哪一年由它决定。"
    "修正：选择上一年度的工作簿重新导入；如果是预算年度填错了，改正预算年度。",
)
