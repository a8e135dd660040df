"""The header block of a table: where it is, each column's label path, and the column keys.

A column's path is its header labels top to bottom, as printed: a merged label counts for
every column it spans and once for the rows it spans.  A path maps to a profile key by, in
order: the exact path, a suffix of it (a layout without the group row), the leaf label with
the group labels as tie-break, the labels run together ('基本支出小计', a flattened header);
first as printed, then with the kind's synonyms.  Leaf labels that several keys share (小计)
go to the first free key after the previous column's key, as the profiles order them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from yusuan.audit._config import Candidate, Config, KindConfig
from yusuan.audit._grid import Grid
from yusuan.audit._text import as_number
from yusuan.text import normalise

_SEPARATOR = re.compile(r"[-/|]")
_UNIT_IN_LABEL = re.compile(r"\((万元|元)\)")
_NUMBERING = {"栏次", "序号", "行次"}
MAX_NOTE_CELLS = 3  # 备注 | its text (| a second part): more cells make a header or body row


@dataclass(frozen=True)
class Header:
    top: int
    bottom: int
    columns: dict[str, int]  # key -> 1-based column, in sheet order
    unmapped: dict[int, str]  # column -> its path, for labelled columns that map to no key
    unit: str  # '元' / '万元' when a header label says so ('金额（元）'), else ''


def is_note_row(grid: Grid, row: int, config: Config) -> bool:
    """A note below (or instead of) a table's body: one text cell starting with 注/备注/说明 or
    saying 本表无数据; or the label 注：/备注 in its own cell with the note's text beside it."""
    filled = grid.filled(row)
    if not filled or len(filled) > MAX_NOTE_CELLS or not all(isinstance(v, str) for _, v in filled):
        return False
    text = normalise(filled[0][1])
    if len(filled) > 1:
        return text.rstrip(":") in config.note_prefixes
    return text.startswith(config.note_prefixes) or any(m in text for m in config.note_markers)


def is_total_text(text: str, config: Config) -> bool:
    return bool(config.total_label.match(normalise(text).rstrip(":")))


def is_data_row(grid: Grid, row: int, config: Config) -> bool:
    """A body row: a number in it, or only a 合计 label that is not a header merged down.
    A row of column numbers (栏次 1, 2, 3 …) belongs to the header."""
    filled = grid.filled(row)
    if _column_numbers(filled):
        return False
    if any(as_number(v) is not None for _, v in filled):
        return True
    if not filled or not all(isinstance(v, str) and is_total_text(v, config) for _, v in filled):
        return False
    return all((m := grid.merge_of(row, c)) is None or m.top == row for c, _ in filled)


def _column_numbers(filled) -> bool:
    numbers = [as_number(v) for _, v in filled if not (isinstance(v, str) and normalise(v) in _NUMBERING)]
    known = [n for n in numbers if n is not None]
    if len(numbers) < 3 or len(known) < len(numbers):
        return False
    return sorted(known) == list(range(1, len(numbers) + 1))


def _has_known_label(grid: Grid, row: int, labels: frozenset[str]) -> bool:
    return any(part in labels for _, v in grid.filled(row) if isinstance(v, str)
               for part in _SEPARATOR.split(normalise(v)))


def locate(grid: Grid, start: int, end: int, config: Config, labels: frozenset[str]) -> tuple[int, int] | None:
    """First and last header row between ``start`` and ``end``; None when there is none.

    Below its first row the header goes on while rows carry header labels of the kind (or a
    label merged down from above, or column numbers): a table without a single number (an
    empty one) must not take its row labels for header text."""
    top = next((r for r in range(start, end + 1) if not grid.is_blank_row(r)), None)
    if top is None or is_data_row(grid, top, config) or is_note_row(grid, top, config):
        return None
    bottom = top
    for r in range(top + 1, end + 1):
        merged_down = any(m.top <= bottom < m.bottom for m in grid.merges if m.top >= top)
        if is_data_row(grid, r, config) or is_note_row(grid, r, config):
            break
        if grid.is_blank_row(r):
            if merged_down:
                bottom = r  # a header label merged down over this row
                continue
            break
        if not (merged_down or _has_known_label(grid, r, labels) or _column_numbers(grid.filled(r))):
            break
        bottom = r
    return top, bottom


def column_paths(grid: Grid, top: int, bottom: int, width: int) -> dict[int, tuple[str, ...]]:
    """Label path of every column that has header text (a row of column numbers is left out)."""
    rows = [r for r in range(top, bottom + 1) if not _column_numbers(grid.filled(r))]
    shown: dict[tuple[int, int], tuple[object, tuple[int, int]]] = {}
    for i, r in enumerate(rows):
        lower = rows[i + 1:]
        for c in range(1, width + 1):
            value, origin = grid.shown(r, c), grid.origin(r, c)
            if value is None and grid.merge_of(r, c) is None and c > 1 and lower:
                left = shown.get((r, c - 1))
                if left and left[0] is not None and _any_below(grid, c, lower) and _any_below(grid, c - 1, lower):
                    value, origin = left  # an unmerged group label printed once, over its first column
            shown[(r, c)] = (value, origin)
    paths: dict[int, tuple[str, ...]] = {}
    for c in range(1, width + 1):
        labels: list[str] = []
        previous = None
        for r in rows:
            value, origin = shown[(r, c)]
            if value is None or origin == previous:
                continue
            previous = origin
            labels += [p for p in _SEPARATOR.split(normalise(value)) if p and not p.isdigit() and p not in _NUMBERING]
        if labels:
            paths[c] = tuple(labels)
    return paths


def _any_below(grid: Grid, col: int, rows: list[int]) -> bool:
    return any(grid.raw(r, col) is not None for r in rows)


def map_columns(paths: dict[int, tuple[str, ...]], kind: KindConfig) -> tuple[dict[str, int], dict[int, str]]:
    """{key: column} of the paths that map to a key, and {column: path} of those that do not."""
    columns, unmapped = _mapped(tuple(sorted(paths.items())), kind)
    return dict(columns), dict(unmapped)


# a folder's workbooks print the same few headers: each is matched against the kind's candidates
# (every profile's columns) once a process, not once a table (1.7 ms a table)
@lru_cache(maxsize=1 << 10)
def _mapped(paths: tuple[tuple[int, tuple[str, ...]], ...], kind: KindConfig) -> tuple[dict[str, int], dict[int, str]]:
    columns: dict[str, int] = {}
    unmapped: dict[int, str] = {}
    last = -1
    for col, path in paths:
        found = _match(path, kind, set(columns), last)
        if found is None:
            unmapped[col] = "/".join(path)
            continue
        columns[found.key] = col
        last = found.order
    return columns, unmapped


def _match(path: tuple[str, ...], kind: KindConfig, used: set[str], last: int) -> Candidate | None:
    free = [c for c in kind.candidates if c.key not in used]
    variants = [path]
    synonym_path = tuple(kind.synonyms.get(label, label) for label in path)
    if synonym_path != path:
        variants.append(synonym_path)
    for variant in variants:
        for stage in (_exact, _suffix, _leaf, _joined):
            found = [c for c in free if stage(variant, c.path)]
            if found:
                return _pick(found, variant, last)
    return None


def _exact(path, target) -> bool:
    return path == target


def _suffix(path, target) -> bool:
    short, long = (path, target) if len(path) <= len(target) else (target, path)
    return long[len(long) - len(short):] == short


def _leaf(path, target) -> bool:
    return path[-1] == target[-1]


def _joined(path, target) -> bool:
    text = "".join(path)
    return any("".join(target[i:]) == text for i in range(len(target)))


def _pick(found: list[Candidate], path: tuple[str, ...], last: int) -> Candidate:
    """Among several candidates: the best match of the group labels, then profile order."""
    scores = {id(c): _ancestor_score(path[:-1], c.path[:-1]) for c in found}
    best = max(scores.values())
    found = [c for c in found if scores[id(c)] == best]
    keys = list(dict.fromkeys(c.key for c in found))
    if len(keys) == 1:
        return found[0]
    after = [c for c in found if c.order > last]
    return min(after or found, key=lambda c: c.order)


def _ancestor_score(mine: tuple[str, ...], theirs: tuple[str, ...]) -> int:
    score = 0
    for label in theirs:
        best = 0
        for other in mine:
            if other == label:
                best = 3
            elif other in label or label in other:
                best = max(best, 2)
        score += best
    return score


def header_unit(paths: dict[int, tuple[str, ...]]) -> str:
    for path in paths.values():
        for label in path:
            m = _UNIT_IN_LABEL.search(label)
            if m:
                return m.group(1)
    return ""


def read_header(grid: Grid, top: int, bottom: int, width: int, kind: KindConfig) -> Header:
    paths = column_paths(grid, top, bottom, width)
    columns, unmapped = map_columns(paths, kind)
    ordered = dict(sorted(columns.items(), key=lambda item: item[1]))
    return Header(top, bottom, ordered, unmapped, header_unit(paths))
