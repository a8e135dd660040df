"""Walk the 情况说明 paragraphs in order and compare what they state with the tables.

The section (context) a name is read in comes from the last heading row (一、收入支出预算
总体情况说明 …) or the last anchor name (支出合计, 一般公共预算支出 …); see
``narrative_patterns.yaml``.  A name that maps to no figure is skipped, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from yusuan.amounts import percent_shares
from yusuan.checks.diagnosis import quoted_relation, relate
from yusuan.checks.narrative_rules import rules as R
from yusuan.checks.narrative_rules.figures import FigureBook, Value
from yusuan.checks.narrative_rules.patterns import Section, compact, patterns
from yusuan.checks.narrative_rules.text import (
    Mention,
    Sentence,
    analyse_sentence,
    clean_name,
    is_heading,
    split_sentences,
)
from yusuan.checks.tolerance import Verdict, compare_sum
from yusuan.findings.rule import Finding, Severity
from yusuan.model.parsed import ParsedWorkbook
from yusuan.narrative.reasons import reason_words

TAIL = Decimal("0.01")  # 尾差: within one cent a difference is 提示, beyond it 错误
HUNDRED = Decimal(100)
GENERIC = ("__generic__",)


def fmt(value: Decimal, places: int = 2) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):.{places}f}"


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class StatedChange:
    """增加/减少 X 万元 (``amount``) and/or 增长/下降 Y% (``rate``) of ``figures``."""

    figures: tuple[str, ...]
    name: str
    sentence: int
    clause: int
    amount: Mention | None = None
    rate: Mention | None = None

    @property
    def stated_zero(self) -> bool:
        values = [m.value for m in (self.amount, self.rate) if m is not None]
        return bool(values) and all(v == 0 for v in values)

    @property
    def key(self) -> tuple[int, int]:
        """Identifies the statement within its paragraph (for reporting it once)."""
        first = self.amount or self.rate
        return self.sentence, first.start if first else -1

    def phrase(self) -> str:
        return "，".join(f"{m.word}{m.printed}{m.unit}" for m in (self.amount, self.rate) if m is not None)


@dataclass
class _Paragraph:
    sheet: str
    cell: str
    sentences: list[Sentence]
    last_figures: tuple[str, ...] = ()


@dataclass
class _OpenReason:
    """A numbered reason being read (主要原因：1.… 2.…): the change it explains and the money
    changes its points state so far (TX213)."""

    change: StatedChange
    items: list[Mention] = field(default_factory=list)
    in_next_sentence: bool = False  # 增加X万元。主要原因：1.…: the list starts in the next sentence


@dataclass
class Walker:
    book: FigureBook
    findings: list[Finding] = field(default_factory=list)
    section: Section | None = None
    list_mode: bool = False
    reason: _OpenReason | None = None
    _seen: set = field(default_factory=set)

    # ------------------------------------------------------------------------------------
    def paragraph(self, sheet: str, cell: str, text: str) -> None:
        if is_heading(text):
            heading = compact(text)
            self.section = next((s for s in patterns().sections if s.heading and s.heading.search(heading)), None)
            self.list_mode = False
            return
        sentences, continued = [], []
        for raw in split_sentences(text):
            continued.append(self.list_mode)
            sentence, self.list_mode = analyse_sentence(raw, self.list_mode)
            sentences.append(sentence)
        para = _Paragraph(sheet, cell, sentences)
        for index, sentence in enumerate(sentences):
            if self.reason is not None and self.reason.in_next_sentence:
                self.reason.in_next_sentence = False
            elif not continued[index]:
                self.reason = None  # a numbered reason ends where its list does
            self._sentence(para, index, sentence)
            self._reason_points(para, sentence)

    def _add(self, rule, para: _Paragraph, severity: Severity | None = None, *, once: object = None,
             **params: object) -> None:
        """Record a finding; ``once`` makes findings with the same key one (a statement about
        收支总计 is judged for 收入总计 and 支出总计 but reported once)."""
        if "name" in params:
            params["name"] = display(str(params["name"]))
        finding = rule.finding(para.sheet, para.cell, severity, **params)
        key = (finding.code, finding.cell, finding.message if once is None else once)
        if key not in self._seen:
            self._seen.add(key)
            self.findings.append(finding)

    # names ------------------------------------------------------------------------------
    def resolve(self, raw: str) -> tuple[tuple[str, ...], str]:
        """Figure ids a name means, and the name as shown in messages; ``GENERIC`` for
        预算数 / an empty name; () when the name maps to no figure."""
        p = patterns()
        name = clean_name(raw)
        if p.generic.fullmatch(name):
            return GENERIC, ""
        if self.section is not None:
            for pattern, ids in self.section.names:
                if m := pattern.fullmatch(name):
                    return ids, m.group("core")
        for section in p.sections:
            for pattern, ids in section.anchors:
                if m := pattern.fullmatch(name):
                    self.section = section
                    return ids, m.group("core")
        for pattern, ids in p.global_names:
            if m := pattern.fullmatch(name):
                return ids, m.group("core")
        if self.section is not None and self.section.classes is not None:
            figure = self.book.class_figure(self.section.classes, name)
            if figure:
                return (figure,), self.book.label(figure)
        return (), name

    def _label(self, figures: tuple[str, ...]) -> str:
        return "、".join(self.book.label(f) for f in figures)

    # sentences --------------------------------------------------------------------------
    def _sentence(self, para: _Paragraph, index: int, sentence: Sentence) -> None:
        changes: list[StatedChange] = []
        stated: list[tuple[Mention, tuple[str, ...]]] = []  # amounts with their figures
        shares: list[tuple[Mention, str, str]] = []  # share, part figure, shown name
        last_amount: tuple[Mention, tuple[str, ...], str] | None = None
        last_change: StatedChange | None = None
        after_placeholder = False
        for m in sentence.mentions:
            if m.in_reason:
                continue
            if m.placeholder:
                last_change, after_placeholder = None, True
                continue
            generic_name = not clean_name(m.name) or patterns().generic.fullmatch(clean_name(m.name))
            if m.kind == "rate" and generic_name:
                if last_change is not None and last_change.rate is None:
                    last_change.rate = m
                    continue
                if after_placeholder:
                    continue
            after_placeholder = False
            if m.kind == "share":
                if generic_name and last_amount is not None and last_amount[0].clause == m.clause:
                    shares.append((m, last_amount[1][0], last_amount[2]))
                    last_amount = None
                elif not generic_name:
                    ids, shown = self.resolve(m.name)
                    if ids and ids != GENERIC:
                        shares.append((m, ids[0], shown))
                continue
            figures: tuple[str, ...]
            if m.kind == "count":
                figures, name = (m.figure,), self.book.label(m.figure)
            else:
                figures, name = self.resolve(m.name)
            if figures == GENERIC:
                figures = para.last_figures if m.kind in ("change", "rate", "same") else ()
                name = self._label(figures)
            if not figures:
                continue
            para.last_figures = figures
            if m.kind in ("amount", "count"):
                self._amount(para, m, figures, name, index)
                stated.append((m, figures))
                last_amount = (m, figures, name)
            elif m.kind == "same":
                self._same(para, m, figures, name)
            else:
                change = StatedChange(figures, name, index, m.clause)
                if m.kind == "change":
                    change.amount = m
                else:
                    change.rate = m
                changes.append(change)
                last_change = change
        following = para.sentences[index + 1] if index + 1 < len(para.sentences) else None
        for change in changes:
            self._change(para, change, sentence, following)
        self._shares(para, shares)
        self._part_sums(para, stated)
        self._zero_statements(para, sentence)

    # amounts ----------------------------------------------------------------------------
    def _amount(self, para: _Paragraph, m: Mention, figures: tuple[str, ...], name: str, sentence_key: int) -> None:
        for figure in figures:
            values = self.book.values(figure)
            if not values:
                continue
            if len(values) == 1:  # the text quotes one table cell: a relation for the diagnosis
                relate(quoted_relation(R.AMOUNT.code, para.sheet, para.cell, f"{sentence_key}.{m.start}", m.number,
                                       values[0].source, values[0].amount, TAIL))
            unit = self.book.unit(figure)
            differences = [abs(m.number - v.amount) for v in values]
            if min(differences) == 0:
                continue
            closest = values[differences.index(min(differences))]
            within = min(differences) <= TAIL
            shown = closest if within else values[0]
            expected = _amount_text(shown.amount, unit)
            self._add(
                R.AMOUNT, para, Severity.INFO if within else None, name=name, stated=f"{m.printed} {m.unit}",
                source=shown.source, expected=expected, once=(sentence_key, m.start, expected),
            )

    def _same(self, para: _Paragraph, m: Mention, figures: tuple[str, ...], name: str) -> None:
        for figure in figures:
            current, last = self.book.value(figure), self.book.last(figure)
            if current is None or last is None or current.amount == last.amount:
                continue
            change = current.amount - last.amount
            word = "增加" if change > 0 else "减少"
            basis = f"{current.source} {fmt(current.amount)} − {last.source} {fmt(last.amount)}"
            problem = f"写作“{m.word}”，但按表格与上年数{word} {fmt(abs(change))} 万元（{basis}）"
            self._add(R.DIRECTION, para, name=name, problem=problem, expected=f"{word}{fmt(abs(change))}万元")

    # changes ----------------------------------------------------------------------------
    def _change(self, para: _Paragraph, change: StatedChange, sentence: Sentence, following: Sentence | None) -> None:
        signs = []  # the direction the tables give (本年 − 上年), where 上年数 is known
        for figure in change.figures:
            current = self.book.value(figure)
            if current is None:
                continue
            last = self.book.last(figure)
            if last is not None:
                self._against_last_year(para, change, current, last)
                signs.append((current.amount > last.amount) - (current.amount < last.amount))
            else:
                self._within_sentence(para, change, current)
        if not change.stated_zero:
            stated = {m.direction for m in (change.amount, change.rate) if m is not None}  # two: TX206's
            sign = signs[0] if signs else stated.pop() if len(stated) == 1 else 0
            self._reason(para, change, sentence, following, sign)

    def _against_last_year(self, para: _Paragraph, change: StatedChange, current: Value, last: Value) -> None:
        difference = current.amount - last.amount
        basis = f"{current.source} {fmt(current.amount)} − {last.source} {fmt(last.amount)}"
        amount, rate = change.amount, change.rate
        if difference == 0:
            if change.stated_zero:
                self._zero_wording(para, change)
            elif amount is not None and amount.value != 0:
                self._add(R.CHANGE, para, name=change.name, stated=f"{amount.word}{amount.printed}{amount.unit}",
                          expected="持平（0.00 万元）", basis=basis, once=change.key)
            elif rate is not None and rate.value != 0:
                self._add(R.GROWTH, para, name=change.name, stated=rate.printed, expected="0.00",
                          basis=f"本年与上年相同：{basis}", once=change.key)
            return
        sign = 1 if difference > 0 else -1
        wrong = [m for m in (amount, rate) if m is not None and m.direction != sign]
        if wrong:
            expected = "，".join(_word(m.kind, sign) for m in wrong)
            actual = f"{_word('change', sign)} {fmt(abs(difference))} 万元（{basis}）"
            self._add(R.DIRECTION, para, name=change.name, problem=f"写作“{change.phrase()}”，但按表格与上年数为{actual}",
                      expected=expected, once=change.key)
        if amount is not None and amount.value != abs(difference):
            off = abs(amount.number - abs(difference))
            self._add(R.CHANGE, para, Severity.INFO if off <= TAIL else None, name=change.name,
                      stated=f"{amount.word}{amount.printed}{amount.unit}",
                      expected=f"{_word('change', sign)}{fmt(abs(difference))}万元", basis=basis,
                      once=(change.key, fmt(abs(difference))))
        if rate is not None and last.amount > 0:
            exact = abs(difference) * HUNDRED / last.amount
            self._rate(para, change, rate, exact, f"({basis}) ÷ {fmt(last.amount)}")

    def _within_sentence(self, para: _Paragraph, change: StatedChange, current: Value) -> None:
        """No 上年数: last year = this year's table figure minus the stated change."""
        amount, rate = change.amount, change.rate
        if amount is not None and rate is not None and amount.direction != rate.direction:
            self._add(R.DIRECTION, para, name=change.name, problem=f"写作“{change.phrase()}”，金额与幅度的增减方向相反",
                      expected="增加…增长”或“减少…下降", once=change.key)
            return
        if change.stated_zero:
            self._zero_wording(para, change)
            return
        if amount is None or rate is None:
            return
        last = current.amount - amount.direction * amount.number
        if last <= 0:
            return
        exact = amount.number * HUNDRED / last
        basis = (f"上年数 = {current.source} {fmt(current.amount)} {'−' if amount.direction > 0 else '+'} "
                 f"{amount.printed} = {fmt(last)}，{amount.printed} ÷ {fmt(last)}")
        self._rate(para, change, rate, exact, basis)

    def _rate(self, para: _Paragraph, change: StatedChange, rate: Mention, exact: Decimal, basis: str) -> None:
        places = max(rate.places, 0)
        if rate.value != rounded(exact, places):
            expected = fmt(exact, max(places, 2))
            self._add(R.GROWTH, para, name=change.name, stated=rate.printed, expected=expected, basis=basis,
                      once=(change.key, expected))

    def _zero_wording(self, para: _Paragraph, change: StatedChange) -> None:
        self._add(R.ZERO_CHANGE, para, name=change.name, stated=change.phrase(), once=change.key)

    def _reason(self, para: _Paragraph, change: StatedChange, sentence: Sentence, following: Sentence | None,
                sign: int) -> None:
        """The reason of a change: present (TX207), not "no change" (TX208), pointing the way the
        figure moved (TX214); a numbered reason opens for TX213.  ``sign``: +1 up, −1 down, 0 none."""
        p = patterns()
        clause = sentence.clause_text(change.clause)
        marker = p.reason_present.search(clause)
        reason = clause[marker.end():] if marker else None
        later = p.reason_present.match(following.text) if following is not None and reason is None else None
        if later and following is not None:
            reason = following.text[later.end():]
        if reason is None:
            self._add(R.NO_REASON, para, name=change.name, change=change.phrase(), once=change.key)
            return
        body = reason.lstrip("是为:,")
        if not body or p.list_item.match(body):
            self.reason = _OpenReason(change, in_next_sentence=bool(later))
        shown = display(body)[:40]
        if p.reason_no_change.search(reason):
            self._add(R.REASON_CONTRADICTS, para, name=change.name, change=change.phrase(), reason=shown,
                      once=change.key)
            return
        direction, words = reason_words(body)
        if sign and direction == -sign:
            self._add(R.REASON_DIRECTION, para, name=change.name, change=change.phrase(), reason=shown,
                      reason_word="、".join(f"“{w}”" for w in words), once=change.key)

    def _reason_points(self, para: _Paragraph, sentence: Sentence) -> None:
        """Collect the money changes of an open numbered reason; at its summing-up clause (以上三点原因
        共计…) check that they add up to the total it states, and that this is the change explained."""
        if self.reason is None:
            return
        p = patterns()
        for m in sentence.mentions:
            if not m.in_reason or m.kind not in ("change", "amount"):
                continue
            clause = sentence.clause_text(m.clause)
            if not p.list_follow.match(clause):
                if m.kind == "change":
                    self.reason.items.append(m)
                continue
            self._reason_total(para, clause, m)
            self.reason = None  # summed up: what follows is no longer its points
            return

    def _reason_total(self, para: _Paragraph, clause: str, total: Mention) -> None:
        opened = self.reason
        assert opened is not None
        summary = display(clause)[:40]
        stated = total.direction * total.number if total.kind == "change" else None
        explained = opened.change.amount
        if explained is not None and stated is not None and stated != explained.direction * explained.number:
            self._add(R.REASON_SUM, para, summary=summary,
                      problem=f"合计写作{total.word}{total.printed}{total.unit}，而所说明的是“{opened.change.name}"
                              f"{explained.word}{explained.printed}{explained.unit}”",
                      expected=f"{explained.word}{explained.printed}{explained.unit}")
        count = p_count(clause)
        items = opened.items
        if len(items) < 2 or (count is not None and count != len(items)):
            return  # the points' amounts cannot be told apart from other figures in them
        signed = [m.direction * m.number for m in items]
        found = stated if stated is not None else total.number
        parts = signed if stated is not None else [abs(sum(signed, Decimal(0)))]
        comparison = compare_sum(found, parts)
        if comparison.verdict is Verdict.EQUAL:
            return
        listed = "、".join(f"{m.word}{m.printed}" for m in items)
        exact = sum(signed, Decimal(0))
        expected = (f"{_word('change', 1 if exact >= 0 else -1)}{fmt(abs(exact))}万元" if stated is not None
                    else f"{fmt(abs(exact))}万元")
        why = "（各项舍入所致的尾差）" if comparison.verdict is Verdict.ROUNDING else ""
        self._add(R.REASON_SUM, para, Severity.INFO if comparison.verdict is Verdict.ROUNDING else None,
                  summary=summary, problem=f"所列{len(items)}项（{listed}）合计为{expected}，与写出的"
                                           f"{total.word}{total.printed}{total.unit}不符{why}",
                  expected=expected)

    # shares, sums, zero statements ------------------------------------------------------
    def _shares(self, para: _Paragraph, shares: list[tuple[Mention, str, str]]) -> None:
        groups: dict[str, list[tuple[Mention, str, str, Value]]] = {}
        for m, part, name in shares:
            whole = self.book.whole(part)
            value = self.book.value(part)
            if whole is None or value is None:
                continue
            groups.setdefault(whole, []).append((m, part, name, value))
        for whole, items in groups.items():
            total = self.book.value(whole)
            if total is None or total.amount == 0:
                continue
            parts = {part for _, part, _, _ in items}
            parts_total = sum(v.amount for *_, v in items)
            complete = len(items) >= 2 and len(parts) == len(items) and parts_total == total.amount
            adjusted = percent_shares([v.amount for *_, v in items], total.amount) if complete else None
            # shares adjusted to add up to 100.00 may each be the floor or the ceiling of the exact
            # share (largest remainder, with any choice among equal remainders)
            sums_to_whole = complete and sum(m.number for m, *_ in items) == HUNDRED
            wrong = False
            for i, (m, _part, name, value) in enumerate(items):
                exact = value.amount * HUNDRED / total.amount
                accepted = {rounded(exact, m.places)}
                if sums_to_whole and m.places == 2:
                    floor = exact.quantize(TAIL, rounding=ROUND_FLOOR)
                    accepted.update({floor, floor + TAIL if floor != exact else floor})
                if m.value in accepted:
                    continue
                wrong = True
                expected = adjusted[i] if adjusted is not None else exact
                basis = f"{value.source} {fmt(value.amount)} ÷ {total.source} {fmt(total.amount)}"
                self._add(R.SHARE, para, name=name, stated=m.printed, expected=fmt(expected, max(m.places, 2)),
                          basis=basis)
            if complete and not wrong:
                stated_total = sum((m.number for m, *_ in items), Decimal(0))
                if stated_total != HUNDRED:
                    shown = "、".join(f"{m.printed}%" for m, *_ in items)
                    self._add(R.SHARE_SUM, para, parts=shown, total=fmt(stated_total))

    def _part_sums(self, para: _Paragraph, stated: list[tuple[Mention, tuple[str, ...]]]) -> None:
        first: dict[str, Mention] = {}
        for m, figures in stated:
            for figure in figures:
                first.setdefault(figure, m)
        for total, parts in patterns().part_sums:
            if total not in first or any(part not in first for part in parts):
                continue
            expected = sum((first[part].number for part in parts), Decimal(0))
            if expected != first[total].value:
                shown = "、".join(f"{self.book.label(part)} {first[part].printed}" for part in parts)
                self._add(R.PART_SUM, para, name=self.book.label(total), stated=first[total].printed, parts=shown,
                          expected=fmt(expected))

    def _zero_statements(self, para: _Paragraph, sentence: Sentence) -> None:
        for pattern, figure in patterns().zero_statements:
            match = pattern.search(sentence.text)
            if match is None:
                continue
            value = self.book.value(figure)
            if value is not None and value.amount != 0:
                self._add(R.ZERO_STATEMENT, para, sentence=display(match.group(0)), source=value.source,
                          expected=_amount_text(value.amount, self.book.unit(figure)))


def p_count(clause: str) -> int | None:
    """The number of points a summing-up clause names (以上三点 → 3), None when it names none."""
    m = patterns().list_count.match(clause)
    if m is None:
        return None
    text = m.group("count")
    return int(text) if text.isdigit() else chinese_number(text)


def chinese_number(text: str) -> int | None:
    """一 … 九十九 (两 as 二) → int; None for anything else."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    if "十" not in text:
        return digits.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if (tens and tens not in digits) or (ones and ones not in digits):
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def display(text: str) -> str:
    """Compact (NFKC) text as Chinese prose prints it: full-width brackets and punctuation."""
    return text.translate(_FULL_WIDTH)


_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "："})


def _word(kind: str, sign: int) -> str:
    if kind == "rate":
        return "增长" if sign > 0 else "下降"
    return "增加" if sign > 0 else "减少"


def _amount_text(amount: Decimal, unit: str) -> str:
    return f"{int(amount)} {unit}" if unit == "个" else f"{fmt(amount)} {unit}"


def analyse(workbook: ParsedWorkbook, paragraphs: Iterable[tuple[str, str, str]], last_year=None) -> list[Finding]:
    """Findings TX201–TX208 and TX211–TX215 for ``paragraphs`` ((sheet, cell, text) in sheet order)."""
    walker = Walker(FigureBook(workbook, last_year))
    for sheet, cell, text in paragraphs:
        walker.paragraph(sheet, cell, text)
    return walker.findings
