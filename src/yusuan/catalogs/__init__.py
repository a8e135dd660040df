"""Classification catalogs (政府收支分类科目) by budget year.

Four versioned data files under ``data/`` (one row per code and validity range, each with
its source):

* ``function_subjects.csv`` — 支出功能分类科目 (类/款/项, 3/5/7 digits)
* ``dept_econ_subjects.csv`` — 部门预算支出经济分类科目 (类/款, 3/5 digits, 3xx)
* ``gov_econ_subjects.csv`` — 政府预算支出经济分类科目 (类/款, 3/5 digits, 5xx)
* ``econ_correspondence.csv`` — 部门经济款 → 政府经济款 by 单位性质; the first row of a
  pair is the default, further rows are accepted alternatives
* ``renamed_subjects.csv`` — renamed subjects and common misspellings (旧称、常见错写)

``Catalog.for_year(year)`` gives the subjects valid in one budget year; user additions
(自定义科目) passed as ``extra`` extend or override them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from yusuan.text import fold

__all__ = [
    "CATALOGS",
    "UNIT_KINDS",
    "Catalog",
    "Subject",
    "chinese_numeral",
    "normalize_name",
]

CATALOGS = ("function", "dept_econ", "gov_econ")
UNIT_KINDS = ("行政单位", "参照公务员法管理事业单位", "事业单位")

_FILES = {
    "function": "function_subjects.csv",
    "dept_econ": "dept_econ_subjects.csv",
    "gov_econ": "gov_econ_subjects.csv",
}
# First digit of a code tells which catalog a user addition belongs to.
_CATALOG_BY_DIGIT = {"2": "function", "3": "dept_econ", "5": "gov_econ"}
_LEVEL_BY_LENGTH = {
    "function": {3: "类", 5: "款", 7: "项"},
    "dept_econ": {3: "类", 5: "款"},
    "gov_econ": {3: "类", 5: "款"},
}
_UNIT_KIND_ALIASES = {
    "行政单位": "行政单位",
    "行政": "行政单位",
    "参照公务员法管理事业单位": "参照公务员法管理事业单位",
    "参照公务员法管理的事业单位": "参照公务员法管理事业单位",
    "参公": "参照公务员法管理事业单位",
    "参公单位": "参照公务员法管理事业单位",
    "事业单位": "事业单位",
    "事业": "事业单位",
}
_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Subject:
    """One classification subject (科目) as valid in a budget year."""

    code: str
    name: str
    level: str  # 类 / 款 / 项
    parent: str | None
    short_name: str | None = None  # 类 only: label used in 部门收支预算表
    source: str = "自定义科目"

    @classmethod
    def custom(cls, code: str, name: str, source: str = "自定义科目") -> Subject:
        """A user addition (自定义科目); level and parent follow from the code."""
        code = code.strip()
        catalog = _catalog_of(code)
        level = _LEVEL_BY_LENGTH[catalog].get(len(code))
        if level is None:
            raise ValueError(f"科目编码位数不正确：{code}")
        parent = None if level == "类" else code[:-2] if catalog == "function" else code[:3]
        return cls(code=code, name=name.strip(), level=level, parent=parent, source=source)


@dataclass(frozen=True)
class _Row:
    """A data-file row: a subject plus the budget years it is valid for."""

    subject: Subject
    since: int | None
    until: int | None

    def valid_in(self, year: int) -> bool:
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)


@dataclass(frozen=True)
class _Rename:
    catalog: str
    code: str
    old_name: str
    new_name: str
    new_code: str
    year: int | None
    source: str


def chinese_numeral(n: int) -> str:
    """1..99 in Chinese numerals as used for table numbering: 10 → 十, 29 → 二十九."""
    if not 1 <= n <= 99:
        raise ValueError(f"只支持 1–99：{n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def normalize_name(name: str) -> str:
    """Comparison key for subject names: NFKC (全角括号 → 半角) and no whitespace.

    PDF extraction splits names across lines and documents mix （） and (), so names are
    compared on this key rather than verbatim.
    """
    return fold(name)


def _catalog_of(code: str) -> str:
    catalog = _CATALOG_BY_DIGIT.get(code[:1])
    if catalog is None or not code.isdigit():
        raise ValueError(f"无法识别的科目编码：{code}")
    return catalog


def _check_catalog(catalog: str) -> None:
    if catalog not in CATALOGS:
        raise ValueError(f"未知的分类：{catalog}（应为 {', '.join(CATALOGS)}）")


def _unit_kind(label: str) -> str:
    kind = _UNIT_KIND_ALIASES.get(label.strip())
    if kind is None:
        raise ValueError(f"未知的单位性质：{label}（应为 {' / '.join(UNIT_KINDS)}）")
    return kind


def _year(text: str) -> int | None:
    return int(text) if text.strip() else None


def _read(filename: str) -> list[dict[str, str]]:
    text = resources.files(__name__).joinpath("data", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@cache
def _rows(catalog: str) -> tuple[_Row, ...]:
    rows = []
    for rec in _read(_FILES[catalog]):
        subject = Subject(
            code=rec["code"],
            name=rec["name"],
            level=rec["level"],
            parent=rec["parent"] or None,
            short_name=rec.get("short_name") or None,
            source=rec["source"],
        )
        rows.append(_Row(subject, _year(rec["since_year"]), _year(rec["until_year"])))
    return tuple(rows)


@cache
def _correspondence() -> dict[tuple[str, str], tuple[str, ...]]:
    table: dict[tuple[str, str], list[str]] = {}
    for rec in _read("econ_correspondence.csv"):
        table.setdefault((rec["dept_econ_code"], rec["unit_kind"]), []).append(rec["gov_econ_code"])
    return {key: tuple(codes) for key, codes in table.items()}


@cache
def _renames() -> tuple[_Rename, ...]:
    return tuple(
        _Rename(
            catalog=rec["catalog"],
            code=rec["code"],
            old_name=rec["old_name"],
            new_name=rec["new_name"],
            new_code=rec["new_code"] or rec["code"],
            year=_year(rec["renamed_year"]),
            source=rec["source"],
        )
        for rec in _read("renamed_subjects.csv")
    )


@cache
def _renames_by_old_name() -> dict[tuple[str, str], tuple[_Rename, ...]]:
    """The renames by (catalog, old name's comparison key), in file order: the audit asks for
    every label of every table (a scan per label cost ~10 % of an audit)."""
    index: dict[tuple[str, str], list[_Rename]] = {}
    for r in _renames():
        index.setdefault((r.catalog, normalize_name(r.old_name)), []).append(r)
    return {key: tuple(found) for key, found in index.items()}


@cache
def _rows_by_name(catalog: str) -> dict[str, tuple[_Row, ...]]:
    """The catalog's rows (every year's) by their name's comparison key, in file order."""
    index: dict[str, list[_Row]] = {}
    for row in _rows(catalog):
        index.setdefault(normalize_name(row.subject.name), []).append(row)
    return {key: tuple(found) for key, found in index.items()}


class Catalog:
    """The classification subjects valid in one budget year (预算年度)."""

    def __init__(self, year: int, extra: tuple[Subject, ...] = ()) -> None:
        self.year = year
        self._by_code: dict[str, dict[str, Subject]] = {}
        for catalog in CATALOGS:
            self._by_code[catalog] = {r.subject.code: r.subject for r in _rows(catalog) if r.valid_in(year)}
        self._extra = extra
        for subject in extra:  # user additions win over the published catalog
            self._by_code[_catalog_of(subject.code)][subject.code] = subject
        self._names = {
            catalog: {
                normalize_name(n)
                for s in subjects.values()
                for n in (s.name, s.short_name)
                if n
            }
            for catalog, subjects in self._by_code.items()
        }

    @classmethod
    def for_year(cls, year: int, extra: Iterable[Subject] = ()) -> Catalog:
        """Catalog of ``year``; ``extra`` = 自定义科目 (override or extend). Cached."""
        return _catalog_for(int(year), tuple(extra))

    # -- look-ups -------------------------------------------------------------------
    def lookup(self, catalog: str, code: str) -> Subject | None:
        """Subject ``code`` of ``catalog`` valid in this year, or None."""
        _check_catalog(catalog)
        return self._by_code[catalog].get(code.strip())

    def function(self, code: str) -> Subject | None:
        """支出功能分类科目 (3/5/7 digits)."""
        return self.lookup("function", code)

    def dept_econ(self, code: str) -> Subject | None:
        """部门预算支出经济分类科目 (3/5 digits)."""
        return self.lookup("dept_econ", code)

    def gov_econ(self, code: str) -> Subject | None:
        """政府预算支出经济分类科目 (3/5 digits)."""
        return self.lookup("gov_econ", code)

    def subjects(self, catalog: str, level: str) -> list[Subject]:
        """Every subject of ``catalog`` at ``level`` (类 / 款 / 项) valid this year, in code order."""
        _check_catalog(catalog)
        return sorted((s for s in self._by_code[catalog].values() if s.level == level), key=lambda s: s.code)

    def function_classes(self) -> list[Subject]:
        """All 功能分类 类 valid in this year, in code order (the 部门收支预算表 rows)."""
        return sorted(
            (s for s in self._by_code["function"].values() if s.level == "类"),
            key=lambda s: s.code,
        )

    def class_numeral(self, code: str) -> str:
        """Table numbering of a 功能分类 类: '201' → '一', '229' → '二十九'."""
        code = code.strip()
        if len(code) != 3 or not code.isdigit() or not 201 <= int(code) <= 299:
            raise ValueError(f"不是功能分类类级科目：{code}")
        return chinese_numeral(int(code) - 200)

    def lists_detail(self, class_code: str) -> bool:
        """Whether the catalog lists 款/项 under this 功能分类 类 in this year.

        The catalog carries 款/项 only for the 类 departments commonly use, so an unknown
        项 under an unlisted 类 cannot be called wrong.
        """
        prefix = class_code.strip()[:3]
        return any(
            code.startswith(prefix) and len(code) > 3 for code in self._by_code["function"]
        )

    def name_matches(self, catalog: str, code: str, name: str) -> bool:
        """Whether ``name`` is the name (or 类 short name) of ``code`` in this year."""
        subject = self.lookup(catalog, code)
        if subject is None:
            return False
        key = normalize_name(name)
        return key in {normalize_name(n) for n in (subject.name, subject.short_name) if n}

    # -- correspondence ---------------------------------------------------------------
    def gov_econ_for(self, dept_econ_code: str, unit_kind: str) -> str | None:
        """Default 政府经济款 for a 部门经济款 and 单位性质 (行政单位 / 参照公务员法管理事业单位 / 事业单位)."""
        targets = _correspondence().get((dept_econ_code.strip(), _unit_kind(unit_kind)), ())
        return targets[0] if targets else None

    def is_valid_correspondence(
        self, dept_econ_code: str, gov_econ_code: str, unit_kind: str | None = None
    ) -> bool:
        """Whether the pair is in the correspondence table (for ``unit_kind``, or for any)."""
        kinds = UNIT_KINDS if unit_kind is None else (_unit_kind(unit_kind),)
        table = _correspondence()
        return any(gov_econ_code.strip() in table.get((dept_econ_code.strip(), k), ()) for k in kinds)

    # -- renamed and outdated names -------------------------------------------------------
    def outdated(self, catalog: str, name: str) -> tuple[str, int | None] | None:
        """(current name, year renamed) if ``name`` is an outdated or misspelt name in this year.

        None when ``name`` is a valid name in this year (or unknown). The year is None for
        misspellings (常见错写).
        """
        _check_catalog(catalog)
        key = normalize_name(name)
        if key in self._names[catalog]:
            return None
        hits = [r for r in _renames_by_old_name().get((catalog, key), ()) if r.year is None or r.year <= self.year]
        if hits:
            hit = max(hits, key=lambda r: r.year or 0)
            return self._current_name(catalog, hit.new_name, hit.new_code), hit.year
        # A name a code had in earlier years (versioned rows) that it no longer has.
        for row in _rows_by_name(catalog).get(key, ()):
            if row.until is None or row.until >= self.year:
                continue
            current = self._by_code[catalog].get(row.subject.code)
            if current is not None:
                return current.name, row.until + 1
        return None

    def replacement(self, catalog: str, code: str) -> tuple[str, str, int | None] | None:
        """(new code, its name, year) if ``code`` is no longer valid and was moved to another code."""
        _check_catalog(catalog)
        code = code.strip()
        if code in self._by_code[catalog]:
            return None
        for r in _renames():
            if r.catalog == catalog and r.code == code and r.new_code != code and (r.year is None or r.year <= self.year):
                return r.new_code, self._current_name(catalog, r.new_name, r.new_code), r.year
        return None

    def name_in_other_year(self, catalog: str, code: str) -> list[tuple[str, int | None, int | None]]:
        """Every name ``code`` had in the data files, with (since, until) budget years."""
        _check_catalog(catalog)
        code = code.strip()
        rows = [r for r in _rows(catalog) if r.subject.code == code]
        rows.sort(key=lambda r: r.since or 0)
        return [(r.subject.name, r.since, r.until) for r in rows]

    def _current_name(self, catalog: str, new_name: str, new_code: str) -> str:
        # A rename chain may have moved on again; prefer the code's name in this year.
        if normalize_name(new_name) in self._names[catalog]:
            return new_name
        current = self._by_code[catalog].get(new_code)
        return current.name if current is not None else new_name

    def __repr__(self) -> str:
        return f"Catalog(year={self.year}, extra={len(self._extra)})"


@lru_cache(maxsize=64)
def _catalog_for(year: int, extra: tuple[Subject, ...]) -> Catalog:
    return Catalog(year, extra)
