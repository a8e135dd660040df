"""Which profile (表样版本) a workbook follows, judged from the workbook itself.

The budget year its titles print, the tables it has (their kinds), their titles and — when the
workbook has a 目录 — the table names it lists, in order, are compared with every installed
profile: a profile of that year wins, the one whose tables, titles and 目录 match best among
them; with no profile of that year, the best-matching profile of the nearest year — and the
reason says it is a fallback.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from yusuan import profiles
from yusuan.model.parsed import ParsedWorkbook
from yusuan.profiles import Profile
from yusuan.text import normalise

_YEAR = re.compile(r"(19|20)\d{2}年?度?")


@dataclass(frozen=True)
class Choice:
    profile: Profile
    reason: str
    fallback: bool = False  # no profile of the workbook's year (or no year): the nearest one


def workbook_year(parsed: ParsedWorkbook) -> int | None:
    """The year most table titles print."""
    years = Counter(t.year for t in parsed.tables if t.year)
    return years.most_common(1)[0][0] if years else None


def _bare(title: str) -> str:
    return _YEAR.sub("", normalise(title))


def _match(profile: Profile, parsed: ParsedWorkbook) -> tuple[int, int, int, int]:
    """(tables of the profile found, titles equal to the profile's, tables the profile lacks,
    目录 entries naming the profile's tables in the profile's order)."""
    kinds = {t.kind for t in parsed.tables}
    wanted = {spec.kind for spec in profile.tables}
    titles = {_bare(t.title) for t in parsed.tables} | {_bare(u.title) for u in parsed.unrecognised if u.title}
    same_titles = sum(_bare(spec.title.format(year=2000)) in titles for spec in profile.tables)
    return len(kinds & wanted), same_titles, len(kinds - wanted), _listed_in_order(profile, parsed.contents)


def _listed_in_order(profile: Profile, contents: tuple[str, ...]) -> int:
    """The longest run of 目录 entries that name the profile's tables (name or title) in its
    order, not necessarily adjacent: a longest common subsequence."""
    names = [{_bare(spec.name), _bare(spec.title.format(year=2000))} for spec in profile.tables]
    best = [0] * (len(names) + 1)
    for entry in (_bare(e) for e in contents):
        before = best[:]
        for j, spec_names in enumerate(names, start=1):
            best[j] = before[j - 1] + 1 if entry in spec_names else max(best[j - 1], before[j])
    return best[-1]


def choose_profile(parsed: ParsedWorkbook) -> Choice:
    year = workbook_year(parsed)
    candidates = profiles.all_profiles()
    scored = {p.name: _match(p, parsed) for p in candidates}

    def fit(p: Profile) -> tuple[int, int, int]:
        found, titles, extra, listed = scored[p.name]
        return found - extra, titles + listed, -candidates.index(p)  # ties: the default profile first

    same_year = [p for p in candidates if year is not None and p.year == year]
    if same_year:
        best = max(same_year, key=fit)
        return Choice(best, f"表格标题的预算年度为 {year} 年，与该表样的年度一致{_tables(best, parsed, scored)}。")
    if not parsed.tables:
        return Choice(profiles.load(), "工作簿中没有可识别的表格，按默认表样。", fallback=True)

    def near(p: Profile) -> tuple:
        distance = abs(p.year - year) if p.year is not None and year is not None else 99
        return (*fit(p)[:2], -distance, fit(p)[2])

    best = max(candidates, key=near)
    said = f"工作簿的预算年度为 {year} 年，没有该年度的表样" if year else "表格标题中没有预算年度"
    return Choice(best, f"{said}，改按表格组成最相近的表样“{best.name}”校验{_tables(best, parsed, scored)}；"
                        "如不适用，请用 --profile 或 --profile-file 指定。", fallback=True)


def _tables(profile: Profile, parsed: ParsedWorkbook, scored: dict) -> str:
    found, titles, extra, listed = scored[profile.name]
    text = f"；该表样的 {len(profile.tables)} 张表中工作簿有 {found} 种表、{titles} 个标题相同"
    text += f"，另有 {extra} 种表不在该表样中" if extra else ""
    return text + (f"；目录列出 {len(parsed.contents)} 张表，其中 {listed} 张与该表样的表名和顺序一致" if parsed.contents else "")
