"""表内 (within-table) rules, TB001…: every total row and total column of a parsed table equals
the sum of its parts at every level, and income = spending (docs/design.md, checks B1–B9).

The relations (which column sums which, which rows sum which) are data in
``checks/data/table_relations.yaml``; the modules here hold the rules and the arithmetic:

- :mod:`.cells` — TB001 amount not a number, TB002 negative amount, TB003 其中 > 所属数
- :mod:`.two_sided` — 收支总表 TB004/TB005, 财政拨款收支表 TB010/TB011/TB012
- :mod:`.grid` — across (横向) and down (纵向) sums of the grid tables, TB006–TB029 (but TB024)
- :mod:`.basic_econ` — TB015 人员经费/公用经费 vs 经济科目 in the 基本支出表
- :mod:`.performance` — TB024 整体绩效目标表 预算情况

Importing this package registers every rule (``checks.catalog`` imports it by name).
"""

from yusuan.checks.table_rules import basic_econ, cells, grid, performance, two_sided  # noqa: F401
