"""Registration of the 情况说明 rules: one check function per rule, over one shared analysis.

The paragraphs are analysed once per run (the first rule asks, the others reuse it); the
placeholder and duplicated-unit rules only scan the text and run on their own.  Placeholder
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
from yusuan.findings.rule import Finding, Rule
from yusuan.model.parsed import ParsedWorkbook

_last: tuple | None = None  # (workbook, ctx, findings or the exception the analysis raised)


def _analysis(workbook: ParsedWorkbook, ctx: CheckContext) -> list[Finding] | Exception:
    """Findings of every analysed rule, computed once for this workbook and context."""
    global _last  # noqa: PLW0603 (one analysis per run shared by ten rules; see issue 12 part 3)
    last = _last
    if last is None or last[0] is not workbook or last[1] is not ctx:
        result: list[Finding] | Exception
        try:
            result = analyse(workbook, ctx.narrative, ctx.last_year) if ctx.narrative else []
        except Exception as exc:  # reported once, by the first rule (SYS001), not by all ten
            result = exc
        last = _last = (workbook, ctx, result)
    return last[2]


def _analysed(rule: Rule, reports_failure: bool) -> None:
    @check(rule)
    def run(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
        result = _analysis(workbook, ctx)
        if isinstance(result, Exception):
            if reports_failure:
                raise result
            return iter(())
        return iter([f for f in result if f.code == rule.code])

    run.__name__ = f"narrative_{rule.code}"


for _rule in (R.AMOUNT, R.CHANGE, R.GROWTH, R.SHARE, R.SHARE_SUM, R.DIRECTION, R.NO_REASON, R.REASON_CONTRADICTS,
              R.ZERO_STATEMENT, R.PART_SUM, R.REASON_SUM, R.REASON_DIRECTION, R.ZERO_CHANGE):
    _analysed(_rule, reports_failure=_rule is R.AMOUNT)


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
