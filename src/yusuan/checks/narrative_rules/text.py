"""A paragraph of 情况说明 as sentences, clauses and the figures they state.

A sentence ends at 。！？ or a line break; a clause at ；.  Within a sentence every amount
(``778.96万元``), change (``减少48.33万元``), rate (``下降5.84%``), share (``占36.16%``), "no
change" phrase (``与2024年保持一致``) and count (``共11个项目``) becomes a :class:`Mention` with
the raw name in front of it.  Text that gives a reason (``主要原因：…`` and a numbered list
after it) is marked, so figures quoted inside a reason are not taken for statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from yusuan.checks.narrative_rules.patterns import Patterns, compact, nfkc, patterns

_SENTENCE_END = re.compile(r"[。!?！？\n\r]+")
_DELIMITERS = ",;:、"
_NUM = r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MONEY = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


@dataclass
class Mention:
    """A figure stated in a sentence.

    ``kind``: amount / change / rate / share / same / count.  ``value`` is in 万元 for money,
    in percent for rates and shares, a number for counts; ``printed`` is the number as written.
    ``direction`` is +1 for 增加/增长, −1 for 减少/下降, 0 otherwise.
    """

    kind: str
    start: int
    end: int
    name: str
    printed: str = ""
    value: Decimal | None = None
    places: int = 0
    unit: str = ""
    direction: int = 0
    word: str = ""
    placeholder: bool = False
    clause: int = 0
    in_reason: bool = False
    figure: str = ""  # count / zero figure named by the pattern itself

    @property
    def number(self) -> Decimal:
        """``value`` of a mention that states a figure (every kind but 'same' states one)."""
        if self.value is None:
            raise ValueError(f"“{self.printed}” states no figure")
        return self.value


@dataclass
class Sentence:
    text: str  # compact text (NFKC, no spaces or quotes)
    mentions: list[Mention] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each ；-clause

    def clause_text(self, index: int) -> str:
        start, end = self.clauses[index]
        return self.text[start:end]

    def clause_of(self, position: int) -> int:
        return next((i for i, (s, e) in enumerate(self.clauses) if s <= position <= e), len(self.clauses) - 1)


@dataclass(frozen=True)
class _Regexes:
    change: re.Pattern
    rate_or_change_words: tuple[str, ...]
    share: re.Pattern
    amount: re.Pattern
    same: re.Pattern
    comparison: re.Pattern


@cache
def _regexes() -> _Regexes:
    p = patterns()
    words = sorted(p.up + p.down, key=len, reverse=True)
    word = "|".join(words)
    change = re.compile(
        rf"(?P<dir>{word})(?P<alt>\((?:{word})\)|/(?:{word}))?了?"
        rf"(?:{_NUM}(?P<unit>亿元|万元|元|%|个百分点))?"
    )
    share = re.compile(rf"占(?:比|比重)?(?:为|是|约)?{_NUM}%")
    amount = re.compile(rf"{_NUM}(?P<unit>亿元|万元|元)")
    same = re.compile(rf"(?P<cmp>(?:{p.comparison}))(?:保持|基本)?(?:{p.same})")
    return _Regexes(change, tuple(words), share, amount, same, re.compile(p.comparison))


def load_patterns() -> None:
    """Load and compile the 情况说明 patterns now (a folder audit's parent does, for its workers)."""
    _regexes()


def split_sentences(text: object) -> list[str]:
    """The sentences of a cell, compacted (see :func:`~.patterns.compact`) and with the
    ``rewrites`` of the pattern data applied."""
    sentences = []
    for part in _SENTENCE_END.split(nfkc(text)):
        sentence = compact(part)
        for old, new in patterns().rewrites:
            sentence = sentence.replace(old, new)
        if sentence:
            sentences.append(sentence)
    return sentences


def _number(printed: str) -> tuple[Decimal, int]:
    text = printed.replace(",", "")
    places = len(text.split(".", 1)[1]) if "." in text else 0
    return Decimal(text), places


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _mentions(text: str, p: Patterns) -> list[Mention]:
    rx = _regexes()
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in rx.change.finditer(text):
        word = m.group("dir")
        direction = 1 if word in p.up else -1
        if m.group("alt"):
            found.append(Mention("change", m.start(), m.end(), "", word=m.group(0), direction=direction, placeholder=True))
            taken.append(m.span())
            continue
        if not m.group("num") or m.group("unit") == "个百分点":
            continue
        value, places = _number(m.group("num"))
        unit = m.group("unit")
        kind = "rate" if unit == "%" else "change"
        if kind == "change":
            value *= _MONEY[unit]
        found.append(Mention(kind, m.start(), m.end(), "", m.group("num"), value, places, unit, direction, word))
        taken.append(m.span())
    for m in rx.share.finditer(text):
        if not _overlaps(*m.span(), taken):
            value, places = _number(m.group("num"))
            found.append(Mention("share", m.start(), m.end(), "", m.group("num"), value, places, "%", word="占"))
            taken.append(m.span())
    for pattern, figure in p.counts:
        for m in pattern.finditer(text):
            printed = next((v for k, v in m.groupdict().items() if k.startswith("num") and v), "")
            if printed and not _overlaps(*m.span(), taken):
                found.append(Mention("count", m.start(), m.end(), "", printed, Decimal(printed), 0, "个", figure=figure))
                taken.append(m.span())
    for m in rx.amount.finditer(text):
        if not _overlaps(*m.span(), taken):
            value, places = _number(m.group("num"))
            unit = m.group("unit")
            found.append(Mention("amount", m.start(), m.end(), "", m.group("num"), value * _MONEY[unit], places, unit))
            taken.append(m.span())
    for m in rx.same.finditer(text):
        if not _overlaps(*m.span(), taken):
            found.append(Mention("same", m.start(), m.end(), "", word=m.group(0)))
    found.sort(key=lambda x: x.start)
    previous_end = 0
    for mention in found:
        boundary = max([text.rfind(d, 0, mention.start) + 1 for d in _DELIMITERS] + [previous_end])
        mention.name = text[boundary:mention.start]
        previous_end = mention.end
    return found


def analyse_sentence(text: str, list_mode: bool = False) -> tuple[Sentence, bool]:
    """``text`` (compact) with its mentions and reason marks.  ``list_mode``: the text before
    ended in a numbered reason (主要原因：1.…), so numbered clauses here still belong to it.
    Returns the sentence and whether the numbered reason goes on after it."""
    p = patterns()
    sentence = Sentence(text)
    start = 0
    for part in text.split(";"):
        sentence.clauses.append((start, start + len(part)))
        start += len(part) + 1
    sentence.mentions = _mentions(text, p)
    scope_from: dict[int, int] = {}
    for index, (c_start, c_end) in enumerate(sentence.clauses):
        clause = text[c_start:c_end]
        if list_mode and (p.list_item.match(clause) or p.list_follow.match(clause)):
            scope_from[index] = c_start
            continue
        list_mode = False
        marker = p.reason_scope.search(clause)
        if marker:
            scope_from[index] = c_start + marker.start()
            body = clause[marker.end():].lstrip(":,")
            list_mode = not body or bool(p.list_item.match(body))
    for mention in sentence.mentions:
        mention.clause = sentence.clause_of(mention.start)
        if mention.clause in scope_from and mention.start >= scope_from[mention.clause]:
            mention.in_reason = True
    return sentence, list_mode


@lru_cache(maxsize=1 << 14)  # a name is cleaned for the sentence and again to resolve it
def clean_name(raw: str) -> str:
    """The figure name in ``raw``: without comparison words (比2024年), subject and year
    (洛龙区政务服务中心2025年), list marks and connectives (（一）, 其中：, 一是)."""
    p = patterns()
    name = re.sub(p.comparison, "", raw)
    name = re.sub(r"^.*?\d{4}年度?", "", name)
    while True:
        stripped = p.prefixes.sub("", name, count=1).lstrip(":,、")
        if stripped == name:
            return name
        name = stripped


def is_heading(text: object) -> bool:
    """A section heading row: numbered, short, without an amount."""
    p = patterns()
    value = compact(text) if isinstance(text, str) else ""
    return bool(value) and bool(p.heading.match(value)) and len(value) <= p.heading_max_length and not _regexes().amount.search(value)
