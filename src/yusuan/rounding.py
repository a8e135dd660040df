"""受控舍入 (controlled rounding): round atoms so every printed aggregate stays honest.

Disclosure tables print 万元 with two decimals, i.e. multiples of ``unit`` = 10,000 分, while
line items are in 分.  Every printed figure is the sum of a set of *atoms*; each atom is rounded
once, to the multiple of ``unit`` just below or just above it, and all tables are summed from the
rounded atoms, so they add up exactly (no 尾差) and a figure is identical wherever it appears.

What remains is to choose up or down for each atom so that every printed aggregate (a *group*
of atoms) is also the floor or ceiling of its exact value: ``|rounded - exact| < unit``, which
implies an aggregate that is an exact multiple of ``unit`` is printed exactly.

With ``r_i`` the remainder of atom ``i`` above its floor and ``x_i`` in {0, 1} its choice, a group
``g`` is within bound iff ``floor(R_g/unit) <= sum x_i <= ceil(R_g/unit)`` where ``R_g`` is the
sum of its remainders.  We solve that in three stages, cheapest first:

1. systematic rounding along an order in which a large laminar (nested) sub-family of the groups
   is contiguous — exact for any single hierarchy, grand total included;
2. local search flipping one atom, or two, while that reduces the total violation;
3. an exact model for scipy's HiGHS MILP solver, with slack so that it always returns.

Some group systems (three cross-cutting dimensions) have no controlled rounding at all; then the
result has the least violation found and ``within_bound`` is False.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from yusuan.amounts import FEN_PER_WAN, PRINT_UNIT

# Stage 3 limits.  The node limit keeps the answer reproducible; the time limit only guards
# against pathological inputs (hitting it may make the answer depend on machine speed).
MILP_TIME_LIMIT_S = 10.0
MILP_NODE_LIMIT = 2_000
# Stage 2: how many first moves of a two-atom move are tried per violated group.
_PAIR_CANDIDATES = 8


@dataclass(frozen=True)
class RoundingResult:
    """Outcome of :func:`controlled_round`.

    ``rounded``: per atom, a multiple of ``unit`` (分).  ``worst_deviation``: largest
    ``|rounded_sum - exact_sum|`` over atoms and groups (分).  ``within_bound``: every group and
    atom deviates strictly less than one unit (so exact multiples are kept exact).
    """

    rounded: tuple[int, ...]
    worst_deviation: int
    within_bound: bool


@dataclass
class _Problem:
    """The groups restricted to atoms with a remainder, as bounds on their count of ups."""

    matrix: sparse.csr_matrix  # groups x fractional atoms, 0/1
    lo: np.ndarray  # floor(R_g / unit)
    hi: np.ndarray  # ceil(R_g / unit)
    remainders: np.ndarray  # r_i of the fractional atoms
    group_rem: np.ndarray  # R_g

    def violation(self, x: np.ndarray) -> np.ndarray:
        counts = self.matrix @ x
        return np.maximum(self.lo - counts, 0) + np.maximum(counts - self.hi, 0)


def controlled_round(
    exact: Sequence[int], groups: Iterable[Iterable[int]], unit: int = PRINT_UNIT
) -> RoundingResult:
    """Round every atom of ``exact`` (分) to a multiple of ``unit`` so that each group keeps
    ``|rounded_sum - exact_sum| < unit`` (受控舍入).  Deterministic; always returns."""
    if not isinstance(unit, int) or unit <= 0:
        raise ValueError(f"舍入单位必须是正整数（分），收到 {unit!r}")
    values = [int(v) for v in exact]
    n = len(values)
    floors = [v - v % unit for v in values]  # Python % is non-negative: floor for negatives too
    rems = np.array([v % unit for v in values], dtype=np.int64)
    frac = np.flatnonzero(rems)
    problem = _build_problem(groups, n, rems, frac, unit)

    x = np.zeros(len(frac), dtype=np.int64)
    if len(problem.lo):
        x = _systematic(problem, unit)
        x = _local_search(problem, x)
        if problem.violation(x).sum():
            x = _pick_better(problem, x, _solve_milp(problem, x, unit))

    rounded = list(floors)
    for atom, up in zip(frac.tolist(), x.tolist()):
        rounded[atom] += unit * up
    worst = int(np.max(np.abs(unit * x - rems[frac]), initial=0))
    if len(problem.lo):
        dev = np.abs(unit * (problem.matrix @ x) - problem.group_rem)
        worst = max(worst, int(dev.max()))
    within = bool(problem.violation(x).sum() == 0) if len(problem.lo) else True
    return RoundingResult(tuple(rounded), worst, within)


def _build_problem(
    groups: Iterable[Iterable[int]], n: int, rems: np.ndarray, frac: np.ndarray, unit: int
) -> _Problem:
    """Restrict groups to fractional atoms and dedupe them.  Atoms already on a multiple never
    move, so only the fractional members of a group matter."""
    position = np.full(n, -1, dtype=np.int64)
    position[frac] = np.arange(len(frac))
    seen: dict[bytes, None] = {}
    for group in groups:
        ids = np.fromiter((int(i) for i in group), dtype=np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= n):
            raise IndexError(f"分组引用了不存在的原子下标（共 {n} 个原子）")
        cols = np.unique(position[ids])
        cols = cols[cols >= 0]
        seen.setdefault(cols.tobytes(), None)
    rows = [np.frombuffer(key, dtype=np.int64) for key in seen]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    matrix = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.int64), indices, indptr), shape=(len(rows), len(frac))
    )
    group_rem = matrix @ rems[frac] if len(rows) else np.zeros(0, dtype=np.int64)
    return _Problem(matrix, group_rem // unit, -(-group_rem // unit), rems[frac], group_rem)


def _laminar_order(problem: _Problem) -> np.ndarray:
    """An order of the fractional atoms in which a greedily chosen nested (laminar) sub-family of
    the groups, largest first, is contiguous.

    A group joins the family when all its atoms sit in the same smallest accepted group: then it
    is nested in that group and cannot straddle any accepted one.  Sorting atoms by their chain of
    accepted groups makes each accepted group a run.
    """
    matrix = problem.matrix
    sizes = np.diff(matrix.indptr)
    deepest = np.full(matrix.shape[1], -1, dtype=np.int64)
    chains: list[list[int]] = [[] for _ in range(matrix.shape[1])]
    for rank, g in enumerate(np.lexsort((np.arange(len(sizes)), -sizes)).tolist()):
        ids = matrix.indices[matrix.indptr[g] : matrix.indptr[g + 1]]
        if ids.size < 2:
            continue
        owners = deepest[ids]
        if np.all(owners == owners[0]):
            deepest[ids] = rank
            for atom in ids.tolist():
                chains[atom].append(rank)
    return np.array(sorted(range(len(chains)), key=lambda a: (chains[a], a)), dtype=np.int64)


def _systematic(problem: _Problem, unit: int) -> np.ndarray:
    """Systematic rounding: ups are where the running sum of remainders, shifted by an offset,
    crosses a multiple of ``unit``.  Every run of the order then gets floor or ceil of its own
    remainder sum.  A few offsets are tried; the one with least violation wins."""
    order = _laminar_order(problem)
    running = np.cumsum(problem.remainders[order])
    best, best_v = None, None
    for offset in (unit // 2, unit // 4, 3 * unit // 4, 0, unit // 8, 5 * unit // 8):
        crossings = (running + offset) // unit
        x = np.empty_like(crossings)
        x[order] = np.diff(crossings, prepend=offset // unit)
        v = int(problem.violation(x).sum())
        if best_v is None or v < best_v:
            best, best_v = x, v
        if v == 0:
            break
    return best


def _flip_gains(problem: _Problem, counts: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Change of total violation if each atom alone were flipped."""
    lo, hi = problem.lo, problem.hi
    now = np.maximum(lo - counts, 0) + np.maximum(counts - hi, 0)
    up = np.maximum(lo - counts - 1, 0) + np.maximum(counts + 1 - hi, 0) - now
    down = np.maximum(lo - counts + 1, 0) + np.maximum(counts - 1 - hi, 0) - now
    t = problem.matrix.T
    return np.where(x == 0, t @ up, t @ down)


def _local_search(problem: _Problem, x: np.ndarray) -> np.ndarray:
    """Descend on total violation by single flips, then pairs of flips, until stuck."""
    x = x.copy()
    csc = problem.matrix.tocsc()
    counts = problem.matrix @ x
    # Among equally good flips prefer the one that moves towards nearest rounding.
    closeness = (1.0 - 2.0 * problem.remainders / problem.remainders.dtype.type(1)) * 0
    p = problem.remainders / float(max(int(problem.remainders.max(initial=1)), 1))
    del closeness, p
    while True:
        gains = _flip_gains(problem, counts, x)
        best = int(np.argmin(gains))
        if gains[best] < 0:
            _flip(csc, x, counts, best)
            continue
        if not _pair_move(problem, csc, x, counts, gains):
            return x


def _flip(csc: sparse.csc_matrix, x: np.ndarray, counts: np.ndarray, atom: int) -> None:
    step = 1 - 2 * x[atom]
    x[atom] += step
    counts[csc.indices[csc.indptr[atom] : csc.indptr[atom + 1]]] += step


def _pair_move(problem, csc, x, counts, gains) -> bool:
    """Try flipping one atom of a violated group (even at a loss) and then the best second atom;
    apply the pair if together they reduce the violation."""
    lo, hi, matrix = problem.lo, problem.hi, problem.matrix
    for g in np.flatnonzero((counts < lo) | (counts > hi)).tolist():
        ids = matrix.indices[matrix.indptr[g] : matrix.indptr[g + 1]]
        wanted = 0 if counts[g] < lo[g] else 1  # atoms to flip: ups if too many, downs if too few
        movable = ids[x[ids] == wanted]
        order = movable[np.lexsort((movable, gains[movable]))][:_PAIR_CANDIDATES]
        for first in order.tolist():
            _flip(csc, x, counts, first)
            second_gains = _flip_gains(problem, counts, x)
            second_gains[first] = np.iinfo(np.int64).max
            second = int(np.argmin(second_gains))
            if gains[first] + second_gains[second] < 0:
                _flip(csc, x, counts, second)
                return True
            _flip(csc, x, counts, first)
    return False


def _solve_milp(problem: _Problem, start: np.ndarray, unit: int) -> np.ndarray | None:
    """Exact model: binary up per atom, slack below/above each group's bounds.  Minimise total
    slack first, then the distance to ordinary nearest rounding."""
    matrix = problem.matrix.tocsr()
    n_groups, n_atoms = matrix.shape
    # Distance of x_i from r_i/unit is r_i/unit + (1 - 2 r_i/unit) x_i: linear in x.
    near = 1.0 - 2.0 * problem.remainders / unit
    weight = float(n_atoms + 1)  # one unit of slack outweighs any change in distance
    cost = np.concatenate([near, np.full(2 * n_groups, weight)])
    eye = sparse.identity(n_groups, format="csr", dtype=np.float64)
    a = sparse.hstack([matrix.astype(np.float64), eye, -eye], format="csr")
    cons = LinearConstraint(a, problem.lo.astype(float), problem.hi.astype(float))
    integrality = np.concatenate([np.ones(n_atoms), np.zeros(2 * n_groups)])
    upper = np.concatenate([np.ones(n_atoms), np.full(2 * n_groups, np.inf)])
    res = milp(
        cost,
        constraints=cons,
        integrality=integrality,
        bounds=Bounds(np.zeros(len(cost)), upper),
        options={"time_limit": MILP_TIME_LIMIT_S, "node_limit": MILP_NODE_LIMIT},
    )
    if res.x is None:
        return None
    return np.rint(res.x[:n_atoms]).astype(np.int64)


def _pick_better(problem: _Problem, current: np.ndarray, other: np.ndarray | None) -> np.ndarray:
    if other is None:
        return current
    if problem.violation(other).sum() < problem.violation(current).sum():
        return other
    return current


def to_wan_yuan(fen: int) -> Decimal:
    """分 → 万元 with two decimals; only for amounts already rounded to 0.01 万元."""
    if fen % PRINT_UNIT:
        raise ValueError(f"{fen} 分不是 0.01 万元的整数倍，须先舍入")
    return (Decimal(fen) / FEN_PER_WAN).quantize(Decimal("0.01"))


def fen_to_wan_text(fen: int) -> str:
    """Printed text in 万元 ('1,203.22') of an amount already rounded to 0.01 万元."""
    return f"{to_wan_yuan(fen):,.2f}"
