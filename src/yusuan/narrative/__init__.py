"""第二部分 情况说明: composed from the tables as printed, 上年数 and the texts of 基本信息.

``compose_narrative(model, built)`` gives the paragraphs and the findings on missing inputs;
``write_narrative(port, narrative)`` puts them on the 情况说明 sheet.
"""

from yusuan.narrative.compose import Narrative, compose, compose_narrative
from yusuan.narrative.figures import Figures, Whole, extract_figures
from yusuan.narrative.sheet import NARRATIVE_SHEET, write_narrative

__all__ = [
    "NARRATIVE_SHEET", "Figures", "Narrative", "Whole", "compose", "compose_narrative", "extract_figures",
    "write_narrative",
]
