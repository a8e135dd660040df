"""文字 family over the 情况说明 paragraphs (TX2…): every amount, change, growth rate and share
is recomputed against the tables as printed; direction words, reasons, placeholders,
duplicated units and "no such fund" statements are checked too.  Flagged on the paragraph's
cell with the expected value.

Modules: :mod:`.patterns` (the phrase data, ``checks/data/narrative_patterns.yaml``),
:mod:`.text` (sentences and the figures they state), :mod:`.figures` (the tables' and 上年数'
values), :mod:`.evaluate` (the comparison), :mod:`.rules` (the rule catalog entries),
:mod:`.checks` (registration), :mod:`.source` (reading the 情况说明 and 上年数 sheets for the
runner).
"""

from yusuan.checks.narrative_rules import checks as _checks  # noqa: F401  (registers the rules)
from yusuan.checks.narrative_rules.source import narrative_cells

__all__ = ["narrative_cells"]
