"""Registration of the 情况说明 rules: one check raises the rules of the analysis of the
paragraphs (analysed once per run); the placeholder and duplicated-unit rules only scan the
text and run on their own.  Placeholder
patterns are the table-level TX001's (``checks/data/placeholders.yaml``) plus the drafting
notes in brackets of ``narrative_patterns.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.checks import text_rules
from yusuan.checks.narrative_rules import rules as R
from yusuan.checks.narrative_rules.evaluate import analyse, display
from yusuan.checks.narrative_rules.patterns import nfkc, patterns
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.rule import Finding
from yusuan.model.parsed import ParsedWorkbook


@check(R.AMOUNT, R.CHANGE, R.GROWTH, R.SHARE, R.SHARE_SUM, R.DIRECTION, R.NO_REASON, R.REASON_CONTRADICTS,
       R.ZERO_STATEMENT, R.PART_SUM, R.REASON_SUM, R.REASON_DIRECTION, R.ZERO_CHANGE)
def analysed(workbook: ParsedWorkbook, ctx: CheckContext) -> list[Finding]:
    """The rules over one analysis of the paragraphs: an analysis that fails is reported once
    (SYS001 under the first code), not by every rule."""
    found = analyse(workbook, ctx.narrative, ctx.last_year) if ctx.narrative else []
    return sorted(found, key=lambda f: f.code)  # by rule, each rule's in the order of the text


@check(R.PLACEHOLDER)
def placeholders(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    extra = patterns().drafting_notes
    for sheet, cell, text in ctx.narrative:
        value = nfkc(text)
        searched = ((pattern.search(value), what) for pattern, what in (*text_rules._placeholders(), *extra))
        hits = [(m.group(0), what) for m, what in searched if m]
        if hits:
            found = "”“".join(dict.fromkeys(h for h, _ in hits))
            what = "；".join(dict.fromkeys(w for _, w in hits))
            yield R.PLACEHOLDER.finding(sheet, cell, found=display(found), what=what)


@check(R.DUPLICATE_UNIT)
def duplicate_units(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for sheet, cell, text in ctx.narrative:
        value = nfkc(text)
        hits = [m.group(0) for pattern in text_rules._duplicate_units() for m in pattern.finditer(value)]
        if hits:
            yield R.DUPLICATE_UNIT.finding(sheet, cell, found="”“".join(dict.fromkeys(hits)))
