"""科目 family: classification codes and names in the parsed tables (docs/design.md, check list E).

Which rows carry which codes:

* 支出表 / 一般公共预算支出表 / 政府性基金表 / 国有资本经营表: ``ParsedRow.code`` is the
  支出功能分类 code (3/5/7 digits) of 类/款/项 rows, the name is the ``name`` column.
* 一般公共预算基本支出表 (六) and 支出经济分类汇总表 (七): ``code`` is the 部门经济 款,
  ``labels['gov_code']`` the 政府经济 款 (or ``gov_class`` + ``gov_item``), names in
  ``dept_name`` / ``gov_name``.
* 部门收支预算表 and 财政拨款收支预算表: the 类 are only labels on the spending side
  (``spending_item``: '十、卫生健康', '（九）医疗卫生与计划生育支出'); the numeral gives the code.

The catalog is the context's (the budget year's), else built for the table's year; without a
year the rules that need it yield nothing.  Unit kinds (单位性质) are not printed in the tables:
``ctx.unit_kinds`` ({unit code: 单位性质}) supplies them when known (build mode);
in audit mode a pair is accepted when it is valid for any kind, and a unit's kind is inferred
from the 政府经济分类 side (501–503 or 505–506) it uses in the 七 table.
"""

from yusuan.checks.classification_rules import economic, function, levels, unit_kind
from yusuan.checks.classification_rules._shared import ECON_KINDS, EXPENDITURE_KINDS, SUMMARY_KINDS, catalog_for

__all__ = ["ECON_KINDS", "EXPENDITURE_KINDS", "SUMMARY_KINDS", "catalog_for", "economic", "function", "levels", "unit_kind"]
