"""受控舍入 (controlled rounding): round atoms so every printed aggregate stays honest.

Disclosure tables print 万元 with two decimals, i.e. multiples of ``unit`` = 10,000 分, while
line items are in 分.  Every printed figure is the sum of a set of *atoms*; each atom is rounded
once, to the multiple of ``unit`` just below or just above it, and every table is summed from the
rounded atoms, so tables add up exactly (no 尾差) and a figure is identical wherever it appears.

What remains is choosing up or down per atom so that every printed aggregate (a *group* of
atoms) is the floor or the ceiling of its exact value, ``|rounded - exact| < unit``; an aggregate
that is an exact multiple of ``unit`` is then printed exactly.  With ``r_i`` the remainder of
atom ``i`` above its floor and ``x_i`` in {0, 1} its choice, group ``g`` is within bound iff
``floor(R_g/unit) <= sum of x_i over g <= ceil(R_g/unit)``, ``R_g`` being its remainder sum.

Stages, cheapest first:

1. a greedy start that walks the atoms in an order keeping nested groups together and rounds
   each so as to balance the running error of the groups it belongs to;
2. local search with breakout: flip atoms while that lowers the total penalty of groups out
   of bounds, and at a local minimum raise the weight of the violated groups; if that fails,
   once more from a vertex of the LP relaxation (HiGHS), often integral for two-way tables;
3. if groups are still violated, scipy's HiGHS MILP: on small problems it decides the whole
   problem (a solution, or proof there is none, within a node limit); on larger ones it
   repairs one violated group at a time within a neighbourhood of up to 200 atoms.

On tiny problems (up to ENUMERATE_MAX_ATOMS fractional atoms) every rounding is enumerated
first, for the least penalty and violation any has: a search stops once it reaches them, and
the stages that could not do better are skipped.  A search's best is the first rounding that
reaches its best penalty, so the results are the same as without — only an impossible tiny
problem no longer spends its whole search budget (seconds) looking for what is not there.

The grand total of all atoms is always kept within bound.  Several cross-cutting tables over
the same atoms often admit no controlled rounding at all; the result then has the least
violation found and ``within_bound`` is False.  Everything is deterministic.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from yusuan.amounts import PRINT_UNIT

if TYPE_CHECKING:  # scipy is loaded only when HiGHS is needed (most builds never need it)
    from scipy import sparse

# Budgets are counted in flips, weight raises and solver nodes, not seconds, so that results
# are reproducible; MILP_TIME_LIMIT_S only guards against pathological inputs (a run cut by
# it may differ between machines).
SEARCH_MAX_FLIPS = 6_000
SEARCH_MAX_ROUNDS = 2_000
SEARCH_STALL_FLIPS = 2_000  # give up when the best has not improved for this many flips
# Up to EXACT_MAX_ATOMS fractional atoms HiGHS decides the whole problem; beyond, it repairs
# neighbourhoods of REPAIR_ATOMS atoms, as whole problems that size rarely finish in time.
EXACT_MAX_ATOMS = 120
MILP_NODE_LIMIT = 300
ENUMERATE_MAX_ATOMS = 12  # 4,096 roundings: a few milliseconds
LP_MAX_ATOMS = 2_000  # a second search from the LP relaxation's vertex, up to this size
REPAIR_ATOMS = 200
REPAIR_NODE_LIMIT = 50
REPAIR_MAX_ROUNDS = 30
REPAIR_MAX_IDLE = 8  # neighbourhoods in a row without progress before giving up
MILP_TIME_LIMIT_S = 10.0

_WEIGHT_CAP = 2**40  # breakout weights beyond this restart from 1


def _highs() -> tuple[Any, Any, Any]:
    """scipy's HiGHS MILP (Bounds, LinearConstraint, milp), loaded when a stage first needs it:
    most builds round without it and need not pay its import (~0.2 s of a ~1 s build)."""
    from scipy.optimize import Bounds, LinearConstraint, milp  # noqa: PLC0415 - see above

    return Bounds, LinearConstraint, milp


@dataclass(frozen=True)
class Incidence:
    """Which atoms each group holds: a 0/1 matrix in compressed sparse rows (row ``g``'s atoms
    are ``indices[indptr[g]:indptr[g + 1]]``), in NumPy alone — scipy.sparse was a tenth of a
    small build's CPU for its import.  Products are sums within each row, so integer results
    are exact, as scipy's were."""

    indptr: np.ndarray
    indices: np.ndarray
    shape: tuple[int, int]

    def __matmul__(self, x: np.ndarray) -> np.ndarray:
        """Per row, the sum of ``x`` over its atoms (the dtype scipy gave: int64 or wider)."""
        dtype = np.result_type(np.int64, x.dtype)
        out = np.zeros(self.shape[0], dtype=dtype)
        filled = np.flatnonzero(np.diff(self.indptr))
        if filled.size:
            out[filled] = np.add.reduceat(x[self.indices].astype(dtype, copy=False), self.indptr[filled])
        return out

    def rows(self, keep: np.ndarray) -> Incidence:
        """The rows where ``keep`` (booleans) is true, in order."""
        starts, ends = self.indptr[:-1][keep], self.indptr[1:][keep]
        lengths = ends - starts
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        indices = self.indices[np.repeat(starts - indptr[:-1], lengths) + np.arange(int(indptr[-1]))]
        return Incidence(indptr, indices, (len(lengths), self.shape[1]))

    def transposed(self) -> Incidence:
        """Atoms as rows, their groups in ascending order (scipy's tocsc())."""
        order = np.argsort(self.indices, kind="stable")
        owners = np.repeat(np.arange(self.shape[0], dtype=np.int64), np.diff(self.indptr))
        indptr = np.zeros(self.shape[1] + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.indices, minlength=self.shape[1]), out=indptr[1:])
        return Incidence(indptr, owners[order], (self.shape[1], self.shape[0]))

    def to_scipy(self, dtype: Any = np.int64) -> sparse.csr_matrix:
        """The same matrix for HiGHS (loads scipy)."""
        from scipy.sparse import csr_matrix  # noqa: PLC0415 - only where HiGHS is called

        return csr_matrix((np.ones(len(self.indices), dtype=dtype), self.indices, self.indptr), shape=self.shape)


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


def controlled_round(
    exact: Sequence[int], groups: Iterable[Iterable[int]], unit: int = PRINT_UNIT
) -> RoundingResult:
    """Round each atom of ``exact`` (分) down or up to a multiple of ``unit`` so that every
    group keeps ``|rounded_sum - exact_sum| < unit`` where possible (受控舍入)."""
    if isinstance(unit, bool) or not isinstance(unit, int) or unit <= 0:
        raise ValueError(f"舍入单位必须是正整数（分），收到 {unit!r}")
    values = [operator.index(v) for v in exact]  # 分 are integers; refuse floats
    floors = [v - v % unit for v in values]  # Python % is non-negative: a floor for negatives too
    rems = np.array([v % unit for v in values], dtype=np.int64)
    frac = np.flatnonzero(rems)
    printed = _group_matrix(groups, len(values), frac)
    p_rem = rems[frac]
    group_rem = printed @ p_rem
    lo, hi = group_rem // unit, -(-group_rem // unit)

    x = _choose(printed, lo, hi, p_rem, unit)

    rounded = list(floors)
    for atom, up in zip(frac.tolist(), x.tolist()):
        rounded[atom] += unit * up
    counts = printed @ x
    worst = max(
        int(np.max(np.abs(unit * x - p_rem), initial=0)),
        int(np.max(np.abs(unit * counts - group_rem), initial=0)),
    )
    within = bool(np.all((lo <= counts) & (counts <= hi)))
    return RoundingResult(tuple(rounded), worst, within)


def _group_matrix(groups: Iterable[Iterable[int]], n: int, frac: np.ndarray) -> Incidence:
    """Groups as rows over the fractional atoms, deduplicated.  Atoms already on a multiple
    never move, so only a group's fractional members matter."""
    column = np.full(n, -1, dtype=np.int64)
    column[frac] = np.arange(len(frac))
    rows: dict[bytes, None] = {}
    for group in groups:
        ids = np.fromiter((operator.index(i) for i in group), dtype=np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= n):
            raise IndexError(f"分组引用了不存在的原子下标（共 {n} 个原子）")
        cols = np.unique(column[ids])
        rows.setdefault(cols[cols >= 0].tobytes(), None)
    members = [np.frombuffer(key, dtype=np.int64) for key in rows]
    indptr = np.zeros(len(members) + 1, dtype=np.int64)
    np.cumsum([len(m) for m in members], out=indptr[1:])
    indices = np.concatenate(members) if members else np.zeros(0, dtype=np.int64)
    return Incidence(indptr, indices, (len(members), len(frac)))


@dataclass
class _Bounds:
    """The rounding problem on fractional atoms: ``lo <= matrix @ x <= hi`` per group, and the
    number of ups overall within ``total_lo..total_hi`` (the grand total, always enforced)."""

    matrix: Incidence
    lo: np.ndarray
    hi: np.ndarray
    total_lo: int
    total_hi: int

    def violation(self, x: np.ndarray) -> int:
        return int(_violation(self.matrix @ x, self.lo, self.hi).sum())


def _choose(
    printed: Incidence, lo: np.ndarray, hi: np.ndarray, p_rem: np.ndarray, unit: int
) -> np.ndarray:
    """Up (1) or down (0) per fractional atom."""
    n = len(p_rem)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    # A group with at most one fractional atom holds whatever that atom does.
    sizes = np.diff(printed.indptr)
    keep = ~((lo == 0) & (hi >= sizes))
    total = int(p_rem.sum())
    bounds = _Bounds(printed.rows(keep), lo[keep], hi[keep], total // unit, -(-total // unit))

    order = _nested_order(bounds.matrix)
    least = _least(bounds)
    x = _LocalSearch(bounds, _balanced_start(bounds.matrix, p_rem / unit, order), least.penalty).run()
    if bounds.violation(x) > least.violation and n <= LP_MAX_ATOMS:
        # Second try from a vertex of the relaxation: often integral where the groups form
        # two-way tables, so the start is far better (and it costs little at this size).
        target = _relaxed_vertex(bounds, p_rem / unit)
        if target is not None:
            y = _LocalSearch(bounds, _balanced_start(bounds.matrix, target, order), least.penalty).run()
            x = y if bounds.violation(y) < bounds.violation(x) else x
    if bounds.violation(x) == 0 or least.violation:  # within bound, or proven impossible
        return x
    if n <= EXACT_MAX_ATOMS:
        exact = _solve_exactly(bounds)
        return x if exact is None else exact
    return _repair_neighbourhoods(bounds, x)


@dataclass(frozen=True)
class _Least:
    """The least penalty and the least violation any rounding within the grand total's bounds
    has (each on its own); (0, 0) when not enumerated, as if one might meet every bound."""

    penalty: int = 0
    violation: int = 0


def _least(bounds: _Bounds) -> _Least:
    """Every rounding of a tiny problem enumerated (its group sums in chunks of about a million)."""
    m, n = bounds.matrix.shape
    if n > ENUMERATE_MAX_ATOMS:
        return _Least()
    dense = np.zeros((n, m), dtype=np.int64)  # atom × group
    dense[bounds.matrix.indices, np.repeat(np.arange(m), np.diff(bounds.matrix.indptr))] = 1
    ups = (np.arange(2**n, dtype=np.int64)[:, None] >> np.arange(n)) & 1
    total = ups.sum(axis=1)
    ups = ups[(bounds.total_lo <= total) & (total <= bounds.total_hi)]
    step = max(1, 2**20 // max(m, 1))
    least = []
    for start in range(0, len(ups), step):
        counts = ups[start : start + step] @ dense
        least.append((int(_penalty(counts, bounds.lo, bounds.hi).sum(axis=1).min()),
                      int(_violation(counts, bounds.lo, bounds.hi).sum(axis=1).min())))
    return _Least(min(p for p, _ in least), min(v for _, v in least))


def _nested_order(matrix: Incidence) -> np.ndarray:
    """An order of the atoms in which a greedily chosen nested (laminar) sub-family of the
    groups, largest first, is contiguous.

    A group joins the family when all its atoms sit in the same smallest accepted group: it is
    then nested in that group and cannot straddle any accepted one.  Sorting atoms by their
    chain of accepted groups makes each accepted group a run.
    """
    sizes = np.diff(matrix.indptr)
    n = matrix.shape[1]
    deepest = np.full(n, -1, dtype=np.int64)
    chains: list[list[int]] = [[] for _ in range(n)]
    for rank, g in enumerate(np.lexsort((np.arange(len(sizes)), -sizes)).tolist()):
        ids = matrix.indices[matrix.indptr[g] : matrix.indptr[g + 1]]
        owners = deepest[ids]
        if ids.size > 1 and np.all(owners == owners[0]):
            deepest[ids] = rank
            for atom in ids.tolist():
                chains[atom].append(rank)
    return np.array(sorted(range(n), key=lambda a: (chains[a], a)), dtype=np.int64)


def _balanced_start(matrix: Incidence, p: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Round atoms one by one, choosing the side that minimises the weighted squared running
    error of the groups they belong to (grand total included).  A group's weight is one over
    the number of its atoms still to come: the fewer remain, the less room to correct later.
    For one group this is systematic rounding; along a nested order, good for a hierarchy."""
    csc = matrix.transposed()
    error = np.zeros(matrix.shape[0])
    remaining = np.diff(matrix.indptr).astype(float)
    total_error, total_remaining = 0.0, float(len(p))
    x = np.zeros(len(p), dtype=np.int64)
    for atom in order.tolist():
        rows = csc.indices[csc.indptr[atom] : csc.indptr[atom + 1]]
        weight = 1.0 / remaining[rows]
        w_total = 1.0 / total_remaining
        # Going up instead of down changes sum(w * e^2) by 2*sum(w*e) + sum(w) * (1 - 2p).
        pull = 2 * (weight @ error[rows] + w_total * total_error)
        up = pull + (weight.sum() + w_total) * (1 - 2 * p[atom]) < 0
        step = float(up) - p[atom]
        x[atom] = up
        error[rows] += step
        remaining[rows] -= 1
        total_error += step
        total_remaining -= 1
    return x


def _violation(counts: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Per group, how many units its rounded sum lies beyond floor/ceil of the exact one."""
    return np.maximum(lo - counts, 0) + np.maximum(counts - hi, 0)


def _penalty(counts: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """What the search minimises: 1, 3, 6, ... for 1, 2, 3, ... units beyond, so that two
    groups one unit off are preferred to one group two units off."""
    v = _violation(counts, lo, hi)
    return v * (v + 1) // 2


class _LocalSearch:
    """Breakout local search on the weighted penalty of the groups out of bounds.

    ``gain_up[i]`` / ``gain_down[i]`` hold the change of weighted penalty if atom ``i`` alone
    went up / down, kept current incrementally (as exact integers in float64, which keeps
    numpy's bincount usable).  The grand total is a hard side condition: a flip that would push
    it out of bounds is only made as the first half of a swap.  ``least``: a penalty no
    rounding goes below (:func:`_least`), where the search may stop.
    """

    def __init__(self, bounds: _Bounds, x: np.ndarray, least: int = 0):
        self.least = least
        self.rows = bounds.matrix
        self.cols = self.transposed = bounds.matrix.transposed()  # its products with float64 gains are float64
        self.lo, self.hi = bounds.lo, bounds.hi
        self.total_lo, self.total_hi = bounds.total_lo, bounds.total_hi
        self.x = x.astype(np.int64).copy()
        self.total = int(self.x.sum())
        self.counts = self.rows @ self.x
        now = _penalty(self.counts, self.lo, self.hi)
        self.penalty = int(now.sum())
        self.d_up = _penalty(self.counts + 1, self.lo, self.hi) - now
        self.d_down = _penalty(self.counts - 1, self.lo, self.hi) - now
        self._reset_weights()
        self.flips = 0
        self.best_penalty = self.penalty
        self.best_x = self.x.copy()
        self.best_at = 0  # flip count when best was last improved

    def _reset_weights(self) -> None:
        self.weight = np.ones(len(self.lo), dtype=np.int64)
        self.gain_up = self.transposed @ self.d_up.astype(np.float64)
        self.gain_down = self.transposed @ self.d_down.astype(np.float64)

    def gains(self) -> np.ndarray:
        return np.where(self.x == 0, self.gain_up, self.gain_down)

    def allowed(self) -> np.ndarray:
        """Single flips that keep the grand total within bounds."""
        return np.where(self.x == 0, self.total < self.total_hi, self.total > self.total_lo)

    def total_ok(self) -> bool:
        return self.total_lo <= self.total <= self.total_hi

    def flip(self, atom: int) -> None:
        self.flips += 1
        step = 1 - 2 * int(self.x[atom])
        self.x[atom] += step
        self.total += step
        rows = self.cols.indices[self.cols.indptr[atom] : self.cols.indptr[atom + 1]]
        lo, hi = self.lo[rows], self.hi[rows]
        before = _penalty(self.counts[rows], lo, hi)
        counts = self.counts[rows] + step
        self.counts[rows] = counts
        now = _penalty(counts, lo, hi)
        self.penalty += int(now.sum() - before.sum())
        d_up = _penalty(counts + 1, lo, hi) - now
        d_down = _penalty(counts - 1, lo, hi) - now
        weight = self.weight[rows]
        change_up = (d_up - self.d_up[rows]) * weight
        change_down = (d_down - self.d_down[rows]) * weight
        self.d_up[rows], self.d_down[rows] = d_up, d_down
        changed = (change_up != 0) | (change_down != 0)
        if changed.any():
            self._spread(rows[changed], change_up[changed], change_down[changed])
        if self.penalty < self.best_penalty and self.total_ok():
            self.best_penalty, self.best_x, self.best_at = self.penalty, self.x.copy(), self.flips

    def _spread(self, rows: np.ndarray, change_up: np.ndarray, change_down: np.ndarray) -> None:
        """Add each row's gain change to all its atoms, in one vectorised pass."""
        ptr = self.rows.indptr
        lengths = ptr[rows + 1] - ptr[rows]
        offsets = np.repeat(ptr[rows] - np.cumsum(lengths) + lengths, lengths)
        atoms = self.rows.indices[offsets + np.arange(offsets.size)]
        n = len(self.x)
        self.gain_up += np.bincount(atoms, np.repeat(change_up, lengths), minlength=n)
        self.gain_down += np.bincount(atoms, np.repeat(change_down, lengths), minlength=n)

    def run(self) -> np.ndarray:
        """Search until every bound holds, the budget is spent or the best stops improving."""
        self._fix_total()
        rounds = 0
        while (
            self.best_penalty > self.least
            and self.flips < SEARCH_MAX_FLIPS
            and rounds < SEARCH_MAX_ROUNDS
            and self.flips - self.best_at < SEARCH_STALL_FLIPS
        ):
            gains = self.gains()
            allowed = self.allowed()
            moves = np.where(allowed, gains, np.inf)
            atom = int(np.argmin(moves))
            if moves[atom] < 0:
                self.flip(atom)
                continue
            rounds += 1
            if not self._swap(gains, allowed) and not self._raise_weights(gains, allowed):
                break
        return self.best_x

    def _fix_total(self) -> None:
        """The start may miss the grand total's bounds; move the cheapest atoms until it fits."""
        while not self.total_ok():
            want = 0 if self.total < self.total_lo else 1
            self.flip(int(np.argmin(np.where(self.x == want, self.gains(), np.inf))))
        self.best_penalty, self.best_x, self.best_at = self.penalty, self.x.copy(), self.flips

    def _swap(self, gains: np.ndarray, allowed: np.ndarray) -> bool:
        """The best flip the grand total forbids, then the best flip that restores it; kept
        when the pair lowers the weighted penalty."""
        moves = np.where(allowed, np.inf, gains)
        first = int(np.argmin(moves))
        if moves[first] >= 0:
            return False
        self.flip(first)
        back = np.where(self.x == self.x[first], self.gains(), np.inf)  # the opposite move
        back[first] = np.inf
        second = int(np.argmin(back))
        if gains[first] + back[second] < 0:
            self.flip(second)
            return True
        self.flip(first)
        return False

    def _raise_weights(self, gains: np.ndarray, allowed: np.ndarray) -> bool:
        """Breakout: raise the violated groups' weight just enough that some flip pays (a flip
        the grand total allows if any helps, else the first half of a swap)."""
        violated = (self.counts < self.lo) | (self.counts > self.hi)
        extra_up = self.transposed @ (violated * self.d_up).astype(np.float64)
        extra_down = self.transposed @ (violated * self.d_down).astype(np.float64)
        extra = np.where(self.x == 0, extra_up, extra_down)
        helps = extra < 0
        if not helps.any():
            return False
        if (helps & allowed).any():
            helps &= allowed
        delta = max(int(np.min(gains[helps] // -extra[helps])) + 1, 1)
        self.weight += delta * violated
        if self.weight.max() > _WEIGHT_CAP:  # keep float64 gains exact
            self._reset_weights()
            return True
        self.gain_up += delta * extra_up
        self.gain_down += delta * extra_down
        return True


def _relaxed_vertex(bounds: _Bounds, p: np.ndarray) -> np.ndarray | None:
    """A vertex of the LP relaxation (x in [0, 1]) nearest to ordinary rounding, from HiGHS;
    values within 1e-9 of 0 or 1 are snapped."""
    Bounds, LinearConstraint, milp = _highs()
    n = bounds.matrix.shape[1]
    result = milp(
        1.0 - 2.0 * p,  # distance to p, up to a constant, is linear on [0, 1]
        constraints=[
            LinearConstraint(bounds.matrix.to_scipy(np.float64), bounds.lo, bounds.hi),
            LinearConstraint(np.ones((1, n)), bounds.total_lo, bounds.total_hi),
        ],
        bounds=Bounds(0, 1),
        options={"time_limit": MILP_TIME_LIMIT_S},
    )
    if result.x is None:
        return None
    vertex = np.clip(result.x, 0.0, 1.0)
    whole = np.abs(vertex - np.rint(vertex)) < 1e-9
    vertex[whole] = np.rint(vertex[whole])
    return vertex


def _solve_exactly(bounds: _Bounds) -> np.ndarray | None:
    """A rounding meeting every bound, found by HiGHS; None when there is none (or none found
    within the limits)."""
    Bounds, LinearConstraint, milp = _highs()
    n = bounds.matrix.shape[1]
    result = milp(
        np.zeros(n),
        constraints=[
            LinearConstraint(bounds.matrix.to_scipy(np.float64), bounds.lo, bounds.hi),
            LinearConstraint(np.ones((1, n)), bounds.total_lo, bounds.total_hi),
        ],
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"node_limit": MILP_NODE_LIMIT, "time_limit": MILP_TIME_LIMIT_S},
    )
    return _checked(bounds, result.x, np.arange(n), np.zeros(n, dtype=np.int64), 0)


def _repair_neighbourhoods(bounds: _Bounds, x: np.ndarray) -> np.ndarray:
    """Large neighbourhood search: for one violated group at a time, free the atoms around it
    and ask HiGHS to bring that group within bounds while every other group touched stays
    within bounds or, if violated already, gets no worse."""
    rows, cols = bounds.matrix, bounds.matrix.transposed()
    columns = bounds.matrix.to_scipy().tocsc()  # the sub-problems HiGHS solves are cut from it
    sizes = np.diff(rows.indptr)
    idle = 0
    for attempt in range(REPAIR_MAX_ROUNDS):
        counts = rows @ x
        violated = np.flatnonzero(_violation(counts, bounds.lo, bounds.hi))
        if violated.size == 0 or idle >= min(violated.size, REPAIR_MAX_IDLE):
            break
        violated = violated[np.lexsort((violated, sizes[violated]))]
        target = int(violated[attempt % violated.size])
        free = _neighbourhood(rows, cols, target, min(REPAIR_ATOMS, 2 * rows.shape[1] // 3))
        candidate = _solve_neighbourhood(bounds, columns, x, counts, target, free)
        if candidate is None:
            idle += 1
        else:
            x, idle = candidate, 0
    return x


def _neighbourhood(rows: Incidence, cols: Incidence, target: int, size: int) -> np.ndarray:
    """Atoms reached from the target group breadth-first: its atoms, then the atoms of the
    groups they are in (smallest groups first: the tightest partners), and so on, up to
    ``size`` (half the problem at most: whole problems are for _solve_exactly)."""
    sizes = np.diff(rows.indptr)
    chosen = dict.fromkeys(rows.indices[rows.indptr[target] : rows.indptr[target + 1]].tolist())
    frontier, seen = list(chosen), {target}
    while frontier and len(chosen) < size:
        reached: set[int] = set()
        for atom in frontier:
            reached.update(cols.indices[cols.indptr[atom] : cols.indptr[atom + 1]].tolist())
        reached -= seen
        seen |= reached
        frontier = []
        for row in sorted(reached, key=lambda r: (sizes[r], r)):
            for atom in rows.indices[rows.indptr[row] : rows.indptr[row + 1]].tolist():
                if len(chosen) < size and atom not in chosen:
                    chosen[atom] = None
                    frontier.append(atom)
    return np.array(sorted(chosen)[:size], dtype=np.int64)


def _solve_neighbourhood(
    bounds: _Bounds,
    cols: sparse.csc_matrix,
    x: np.ndarray,
    counts: np.ndarray,
    target: int,
    free: np.ndarray,
) -> np.ndarray | None:
    """Re-choose the ``free`` atoms, the rest fixed; None when HiGHS finds no way to bring
    the target within bounds there."""
    Bounds, LinearConstraint, milp = _highs()
    sub = cols[:, free].tocsr()
    touched = np.flatnonzero(np.diff(sub.indptr))
    sub = sub[touched]
    now = counts[touched]
    lo = np.minimum(bounds.lo[touched], now)  # a violated group may stay as it is ...
    hi = np.maximum(bounds.hi[touched], now)  # ... but get no worse
    at = int(np.searchsorted(touched, target))
    lo[at], hi[at] = bounds.lo[target], bounds.hi[target]
    fixed = now - sub @ x[free]
    fixed_total = int(x.sum() - x[free].sum())
    result = milp(
        np.zeros(len(free)),
        constraints=[
            LinearConstraint(sub.astype(np.float64), lo - fixed, hi - fixed),
            LinearConstraint(
                np.ones((1, len(free))),
                bounds.total_lo - fixed_total,
                bounds.total_hi - fixed_total,
            ),
        ],
        integrality=np.ones(len(free)),
        bounds=Bounds(0, 1),
        options={"node_limit": REPAIR_NODE_LIMIT, "time_limit": MILP_TIME_LIMIT_S},
    )
    return _checked(bounds, result.x, free, x, bounds.violation(x) - 1)


def _checked(
    bounds: _Bounds, values: np.ndarray | None, free: np.ndarray, x: np.ndarray, max_violation: int
) -> np.ndarray | None:
    """The solver's values put in place of ``x[free]``, or None if that breaks the grand total
    or leaves more than ``max_violation``: solver tolerances are not trusted."""
    if values is None:
        return None
    candidate = x.copy()
    candidate[free] = np.rint(values).astype(np.int64)
    if not bounds.total_lo <= candidate.sum() <= bounds.total_hi:
        return None
    return candidate if bounds.violation(candidate) <= max_violation else None
