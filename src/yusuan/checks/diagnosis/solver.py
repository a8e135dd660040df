"""Fault localisation (model-based diagnosis): the fewest printed cells whose correction satisfies
every relation.

Every printed figure is a variable, every relation (:mod:`.relations`) a constraint.  When some
relations fail, they are split into clusters that share cells (one cluster per root cause, as far
as the relations can tell).  For each cluster a small mixed-integer program finds the smallest set
of cells that, corrected, satisfy *all* relations touching them — the failed ones and the ones that
hold, so a correct total shared with other tables is not blamed for a wrong part::

    minimise  Σ b_i
    subject to  lo_r ≤ Σ sign·(v_i + d_i) ≤ hi_r      for every relation r touching a candidate
                |d_i| ≤ M·b_i,  b_i ∈ {0, 1}

(candidates: the cells of the failed relations; d_i the correction of cell i, in 元; a
relation “part ≤ whole” has only the upper side; ties are broken towards corrections after which
every sum adds up exactly, see :func:`_minimum_sets`).  The same
program with each found set excluded gives the equally small alternatives: one set is a diagnosis
(“应为 …”), two or three are named together (“二者之一有误”), more are left to the rules' own
findings.  HiGHS (scipy.optimize.milp) solves it; it is imported only when something fails.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yusuan.checks.diagnosis.relations import AT_MOST, IDENTITY, SUM, WAN_PER_YUAN, Relation, Term

Cell = tuple[str, str]
MAX_ALTERNATIVES = 3  # equally small explanations named together; more: too ambiguous to name
MAX_CANDIDATES = 300  # a cluster larger than this is left to the rules' own findings
SLACK = 0.5  # 元: printed figures are whole 元 at the finest, so half a 元 decides nothing
CENT = Decimal("0.01")
YUAN_IN_WAN = Decimal("0.0001")


@dataclass(frozen=True)
class Blame:
    """One cell to correct: its term, the value it should have (万元) and the failed relations it is in."""

    term: Term
    expected: Decimal
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class Diagnosis:
    """One root cause: the failed relations it explains and its equally small explanations
    (``alternatives``: one tuple of blamed cells each; a single one is a definite diagnosis)."""

    explained: tuple[Relation, ...]
    alternatives: tuple[tuple[Blame, ...], ...]

    @property
    def definite(self) -> bool:
        return len(self.alternatives) == 1


def diagnose(relations: Iterable[Relation]) -> list[Diagnosis]:
    """A diagnosis per cluster of failed relations (none when every relation holds)."""
    relations = list(relations)
    failing = [r for r in relations if r.violated]
    if not failing:  # most workbooks: nothing to diagnose
        return []
    relations = _near(relations, failing)
    unique = list({r.signature: r for r in relations}.values())
    failed = [r for r in unique if r.violated]
    if not failed:
        return []
    by_cell: dict[Cell, list[Relation]] = defaultdict(list)
    for relation in unique:
        for cell in relation.cells:
            by_cell[cell].append(relation)
    result = []
    for cluster in _clusters(failed):
        diagnosis = _diagnose_cluster(cluster, by_cell)
        if diagnosis is not None:
            result.append(diagnosis)
    return result


def _near(relations: list[Relation], failing: list[Relation]) -> list[Relation]:
    """The relations that share a cell with a failing one, in their order: only they can take
    part in a diagnosis (its candidates are cells of failing relations), and a relation's
    duplicates share its cells.  Cell names first, a cheap sieve of ~10^4 relations."""
    cells = set().union(*(r.cells for r in failing))
    names = {t.cell for r in failing for t in r.terms}
    return [r for r in relations if any(t.cell in names for t in r.terms) and not cells.isdisjoint(r.cells)]


def _clusters(failed: list[Relation]) -> list[list[Relation]]:
    """Failed relations grouped by shared cells (union-find)."""
    parent = list(range(len(failed)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Cell, int] = {}
    for i, relation in enumerate(failed):
        for cell in relation.cells:
            if cell in owner:
                parent[root(i)] = root(owner[cell])
            else:
                owner[cell] = i
    groups: dict[int, list[Relation]] = defaultdict(list)
    for i, relation in enumerate(failed):
        groups[root(i)].append(relation)
    return list(groups.values())


def _diagnose_cluster(cluster: list[Relation], by_cell: dict[Cell, list[Relation]]) -> Diagnosis | None:
    """The diagnosis of one cluster of failed relations, or None to leave it to the rules.

    A figure the 情况说明 quotes is evidence, never blamed: when the text alone disagrees with
    a table that agrees with itself, the text rule's own finding is the right one; when a table
    figure is wrong, the text agreeing with the other tables helps single it out."""
    if all(any(t.at for t in r.terms) for r in cluster):
        return None
    quoted = {t.key for r in cluster for t in r.terms if t.at}
    candidates = sorted({cell for r in cluster for cell in r.cells} - quoted)
    if len(candidates) > MAX_CANDIDATES:
        return None
    involved = list({r.signature: r for c in candidates for r in by_cell[c]}.values())
    sets = _minimum_sets(candidates, involved)
    if not sets or len(sets) > MAX_ALTERNATIVES:
        return None
    terms = {t.key: t for r in involved for t in r.terms}
    alternatives = tuple(
        tuple(_blame(terms[cell], chosen, corrections[cell], cluster) for cell in chosen)
        for chosen, corrections in sets
    )
    return Diagnosis(tuple(cluster), alternatives)


def _blame(term: Term, chosen: Sequence[Cell], correction: float, cluster: list[Relation]) -> Blame:
    """The blamed cell with the value that balances a failed relation in which it is the only
    blamed cell (an identity first: it gives the figure exactly), else the solver's value."""
    own = [r for r in cluster if term.key in r.cells]
    alone = [r for r in own if not (r.cells - {term.key}) & set(chosen)]
    alone.sort(key=lambda r: (r.kind != IDENTITY, r.kind != SUM))
    if alone:
        relation = alone[0]
        sign = sum(t.sign for t in relation.terms if t.key == term.key)
        if sign:
            expected = term.value - relation.residual / sign
            return Blame(term, _quantize(term, expected), tuple(own))
    expected = term.value + Decimal(str(correction)) / WAN_PER_YUAN
    return Blame(term, _quantize(term, expected), tuple(own))


def load_solver() -> None:
    """Import HiGHS (scipy.optimize, 0.35 CPU s) now rather than at the first failing relation:
    a folder audit's parent does, so that its forked workers share one import."""
    importlib.import_module("scipy.optimize")


def _quantize(term: Term, amount: Decimal) -> Decimal:
    step = YUAN_IN_WAN if term.unit == "元" else CENT
    return amount.quantize(step, rounding=ROUND_HALF_UP)


def _minimum_sets(candidates: list[Cell], involved: list[Relation]) -> list[tuple[tuple[Cell, ...], dict[Cell, float]]]:
    """Every smallest set of candidate cells whose correction satisfies ``involved`` (at most
    MAX_ALTERNATIVES + 1, which already says “too many”), with the corrections found (元).

    Among sets of one size, those that leave fewer sums off by a rounding gap (尾差) come first:
    a correction that makes every table add up exactly is the likelier one.  Corrected figures
    stay ≥ 0 where they were (budget figures are not negative)."""
    # scipy loads only when a relation fails (a clean workbook never pays for it)
    import numpy as np  # noqa: PLC0415
    from scipy.optimize import Bounds, LinearConstraint, milp  # noqa: PLC0415

    n = len(candidates)
    column = {cell: i for i, cell in enumerate(candidates)}
    scale = float(WAN_PER_YUAN)
    values = {t.key: float(t.value) * scale for r in involved for t in r.terms}
    big = 4 * max([1.0] + [abs(v) for v in values.values()]) + 1e4
    tolerant = [r for r in involved if r.bound > 0 and r.kind != AT_MOST]
    m = len(tolerant)
    width = 2 * n + m  # d_i (correction), b_i (cell corrected), z_r (sum r left with a rounding gap)
    rows, lower, upper = [], [], []

    def add(row, lo, hi):
        rows.append(row)
        lower.append(lo)
        upper.append(hi)

    gap_of = {id(r): k for k, r in enumerate(tolerant)}
    for relation in involved:
        row = np.zeros(width)
        for term in relation.terms:
            if term.key in column:
                row[column[term.key]] += term.sign
        residual, bound = float(relation.residual) * scale, float(relation.bound) * scale
        if relation.kind == AT_MOST:
            add(row, -np.inf, bound - residual + SLACK)
        elif id(relation) in gap_of:  # |Σ| ≤ bound·z_r: exact unless z_r
            z = 2 * n + gap_of[id(relation)]
            upper_row, lower_row = row.copy(), row.copy()
            upper_row[z], lower_row[z] = -bound, bound
            add(upper_row, -np.inf, SLACK - residual)
            add(lower_row, -SLACK - residual, np.inf)
        else:
            add(row, -SLACK - residual, SLACK - residual)
    for i in range(n):  # |d_i| ≤ M·b_i
        for sign in (1, -1):
            row = np.zeros(width)
            row[i], row[n + i] = sign, -big
            add(row, -np.inf, 0.0)
    weight = m + 1  # one cell more always costs more than every rounding gap
    cost = np.concatenate([np.zeros(n), np.full(n, float(weight)), np.ones(m)])
    integrality = np.concatenate([np.zeros(n), np.ones(n + m)])
    floor = [-values[c] if values[c] >= 0 else -big for c in candidates]
    bounds = Bounds(np.concatenate([floor, np.zeros(n + m)]), np.concatenate([np.full(n, big), np.ones(n + m)]))
    found: list[tuple[tuple[Cell, ...], dict[Cell, float]]] = []
    best = None
    while len(found) <= MAX_ALTERNATIVES:
        result = milp(cost, constraints=LinearConstraint(np.array(rows), lower, upper),
                      integrality=integrality, bounds=bounds, options={"time_limit": 5})
        if result.x is None or result.status != 0:
            break
        score = round(result.fun)
        chosen = tuple(candidates[i] for i in range(n) if result.x[n + i] > 0.5)
        if best is None:
            best = score
        if score != best or not chosen:
            break
        found.append((chosen, {candidates[i]: float(result.x[i]) for i in range(n)}))
        cut = np.zeros(width)  # exclude this set: at most |S| − 1 of its cells
        for cell in chosen:
            cut[n + column[cell]] = 1
        add(cut, -np.inf, len(chosen) - 1)
    return found
