"""受控舍入: every printed aggregate within one unit of its exact value, where possible."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix

from yusuan import rounding
from yusuan.rounding import Incidence, RoundingResult, controlled_round

U = 10_000  # 0.01 万元 in 分


def deviation(result: RoundingResult, exact, group) -> int:
    group = set(group)  # groups are index sets
    return abs(sum(result.rounded[i] for i in group) - sum(exact[i] for i in group))


def assert_consistent(result: RoundingResult, exact, groups, unit=U) -> None:
    """What every result must satisfy, feasible or not."""
    assert len(result.rounded) == len(exact)
    for value, rounded in zip(exact, result.rounded):
        assert rounded % unit == 0
        assert value - unit < rounded < value + unit  # floor or ceil multiple
        if value % unit == 0:
            assert rounded == value
    devs = [deviation(result, exact, g) for g in groups]
    devs += [abs(r - v) for r, v in zip(result.rounded, exact)]
    assert result.worst_deviation == max(devs, default=0)
    assert result.within_bound == all(d < unit for d in devs)
    # The grand total is kept within bound whatever else happens.
    assert abs(sum(result.rounded) - sum(exact)) < unit


def table_groups(keys: list[tuple[tuple[int, ...], ...]]) -> list[list[int]]:
    """Printed aggregates of tables over hierarchical dimensions: for each atom key (one leaf
    path per dimension), every combination of ancestors, from the grand total to the cell."""
    groups: dict[tuple, list[int]] = {}
    for atom, key in enumerate(keys):
        for combo in itertools.product(*[[leaf[:k] for k in range(len(leaf) + 1)] for leaf in key]):
            groups.setdefault(combo, []).append(atom)
    return list(groups.values())


def brute_force_feasible(exact, groups, unit=U) -> bool:
    fractional = [i for i, v in enumerate(exact) if v % unit]
    for ups in itertools.product((0, 1), repeat=len(fractional)):
        rounded = [v - v % unit for v in exact]
        for i, up in zip(fractional, ups):
            rounded[i] += unit * up
        if all(
            abs(sum(rounded[i] for i in set(g)) - sum(exact[i] for i in set(g))) < unit
            for g in groups
        ):
            return True
    return False


# --- hand cases ---------------------------------------------------------------------------


def test_three_times_point_four_rounds_exactly_one_atom_up():
    exact = [4_000, 4_000, 4_000]  # 0.004 万元 each, total 0.012
    result = controlled_round(exact, [[0, 1, 2], [0], [1], [2]])
    assert sorted(result.rounded) == [0, 0, U]
    assert result.within_bound
    assert result.worst_deviation == 6_000  # the atom rounded up


def test_two_by_two_table_where_rounding_each_cell_breaks_the_totals():
    # Every cell is x.6 units: rounded alone each goes up, and the grand total (8.4 units
    # exact) would print 10 units.  Controlled: two or three cells go up.
    exact = [16_000, 26_000, 36_000, 6_000]  # cells (0,0) (0,1) (1,0) (1,1)
    rows, cols = [[0, 1], [2, 3]], [[0, 2], [1, 3]]
    groups = rows + cols + [[0, 1, 2, 3]]
    naive = [-(-v // U) * U for v in exact]
    assert abs(sum(naive) - sum(exact)) >= U  # the 尾差 inspectors flag
    result = controlled_round(exact, groups)
    assert result.within_bound
    assert_consistent(result, exact, groups)
    assert sum(result.rounded) in (80_000, 90_000)  # 8.4 units: floor or ceil


def test_exact_multiples_stay_and_multiple_sums_stay_exact():
    exact = [15_000, 25_000, 30_000, 0]  # 1.5 + 2.5 units = 4 units exactly
    groups = [[0, 1], [0, 1, 2, 3], [2], [3]]
    result = controlled_round(exact, groups)
    assert result.rounded[2:] == (30_000, 0)
    assert result.rounded[0] + result.rounded[1] == 40_000
    assert result.within_bound


def test_negative_atoms_round_to_a_neighbouring_multiple():
    exact = [-15_000, 7_000, -2_000]
    groups = [[0, 1, 2], [0, 1], [1, 2]]
    result = controlled_round(exact, groups)
    assert result.rounded[0] in (-20_000, -10_000)
    assert result.rounded[2] in (-10_000, 0)
    assert_consistent(result, exact, groups)
    assert result.within_bound


def test_three_dimensional_table_without_controlled_rounding():
    # 2x2x2 table, three cells at 0.5 unit, the rest whole.  The planes i=0, j=1 and k=0 each
    # hold exactly two of them and sum to exactly 1 unit, so each needs one of its pair up and
    # one down: an odd cycle, impossible.  (Two-dimensional tables always have a solution.)
    cells = list(itertools.product(range(2), repeat=3))
    half = {(0, 0, 0), (0, 1, 1), (1, 1, 0)}
    exact = [5_000 if c in half else 20_000 for c in cells]
    groups = table_groups([tuple((v,) for v in c) for c in cells])
    assert not brute_force_feasible(exact, groups)
    result = controlled_round(exact, groups)
    assert not result.within_bound
    assert_consistent(result, exact, groups)
    assert result.worst_deviation == U  # the least possible: one plane off by one unit


def test_a_tiny_impossible_problem_is_settled_by_enumeration(monkeypatch):
    # Three atoms at half a unit, each pair summed exactly to one unit (RD001's case): an odd
    # cycle.  Enumerating the eight roundings proves it and gives the least violation, so the
    # search stops there and HiGHS is never asked (it was the search's budget that took seconds).
    def no_highs():
        raise AssertionError("HiGHS called on a problem of three atoms")

    monkeypatch.setattr(rounding, "_highs", no_highs)
    exact = [5_000, 5_000, 5_000, 20_000]
    groups = [[0, 1], [1, 2], [0, 2, 3]]
    assert not brute_force_feasible(exact, groups + [list(range(4))])
    result = controlled_round(exact, groups)
    assert not result.within_bound and result.worst_deviation == U
    assert_consistent(result, exact, groups)


def test_groups_in_any_form_and_duplicates():
    exact = [4_000, 4_000, 4_000]
    groups = [{0, 1, 2}, (2, 1, 0), iter([0, 0, 1]), [], [1]]
    result = controlled_round(exact, (g for g in groups))
    assert result.within_bound
    assert result == controlled_round(exact, [[0, 1, 2], [0, 1], [1]])


def test_no_atoms_and_no_groups():
    assert controlled_round([], []) == RoundingResult((), 0, True)
    assert controlled_round([123_456], []).rounded in ((120_000,), (130_000,))


def test_bad_input_is_refused():
    with pytest.raises(IndexError):
        controlled_round([1, 2], [[0, 2]])
    with pytest.raises(IndexError):
        controlled_round([1, 2], [[-1]])
    with pytest.raises(TypeError):
        controlled_round([1.5], [])
    with pytest.raises(ValueError):
        controlled_round([1], [], unit=0)


def test_other_units():
    exact = [123, 456, 789]
    result = controlled_round(exact, [[0, 1], [1, 2]], unit=100)
    assert_consistent(result, exact, [[0, 1], [1, 2]], unit=100)
    assert result.within_bound


# --- properties ---------------------------------------------------------------------------

amounts = st.one_of(
    st.integers(0, 10**10),
    st.integers(0, 10**6).map(lambda k: k * U),  # already on a multiple
    st.integers(-(10**8), 0),
)


@st.composite
def tables(draw, dimensions):
    """Atoms keyed by one leaf per dimension, each dimension a hierarchy of 1-3 levels."""
    shapes = [draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)) for _ in range(dimensions)]
    leaves = [list(itertools.product(*[range(k) for k in shape])) for shape in shapes]
    cells = list(itertools.product(*leaves))
    keys = draw(st.lists(st.sampled_from(cells), min_size=1, max_size=40, unique=True))
    exact = draw(st.lists(amounts, min_size=len(keys), max_size=len(keys)))
    return exact, table_groups(keys)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(1))
def test_a_single_hierarchy_is_always_within_bound(case):
    exact, groups = case
    result = controlled_round(exact, groups)
    assert_consistent(result, exact, groups)
    assert result.within_bound


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_a_plain_two_way_table_is_always_within_bound(n_rows, n_cols, data):
    # Rows, columns, margins and total: controlled rounding always exists (Cox & Ernst).
    exact = data.draw(st.lists(amounts, min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    keys = [((r,), (c,)) for r in range(n_rows) for c in range(n_cols)]
    groups = table_groups(keys)
    result = controlled_round(exact, groups)
    assert_consistent(result, exact, groups)
    assert result.within_bound


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(2))
def test_hierarchical_two_way_tables(case):
    exact, groups = case
    result = controlled_round(exact, groups)
    assert_consistent(result, exact, groups)
    assert controlled_round(exact, groups) == result  # deterministic


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(3))
def test_three_cross_cutting_dimensions(case):
    exact, groups = case
    # Often no controlled rounding exists here; the result must still be a sound rounding.
    result = controlled_round(exact, groups)
    assert_consistent(result, exact, groups)
    assert controlled_round(exact, groups) == result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_within_bound_exactly_when_a_controlled_rounding_exists(data):
    # Small enough to enumerate every rounding: the module must find one whenever one exists.
    n = data.draw(st.integers(1, 9))
    exact = data.draw(st.lists(st.integers(0, 5 * U), min_size=n, max_size=n))
    groups = data.draw(
        st.lists(st.lists(st.integers(0, n - 1), min_size=1, max_size=n), max_size=12)
    )
    result = controlled_round(exact, groups)
    assert_consistent(result, exact, groups)
    assert result.within_bound == brute_force_feasible(exact, groups + [list(range(n))])




@pytest.mark.parametrize("seed", range(3))
def test_the_group_matrix_computes_what_scipy_sparse_computed(seed):
    """The rounding's 0/1 group matrix is NumPy alone (scipy.sparse's import was a tenth of a
    small build): its products, row selection and transpose are scipy's, empty rows too."""
    rng = np.random.default_rng(seed)
    dense = (rng.random((30, 12)) < 0.3).astype(np.int64)
    dense[[0, 7, 29]] = 0  # empty rows, first and last among them
    reference = csr_matrix(dense)
    matrix = Incidence(reference.indptr.astype(np.int64), reference.indices.astype(np.int64), dense.shape)
    x = rng.integers(-5, 9, 12)
    assert np.array_equal(matrix @ x, reference @ x) and (matrix @ x).dtype == (reference @ x).dtype
    weights = rng.integers(0, 2**40, 30).astype(np.float64)
    back = matrix.transposed()
    assert np.array_equal(back @ weights, reference.T @ weights)
    csc = reference.tocsc()
    assert np.array_equal(back.indptr, csc.indptr) and np.array_equal(back.indices, csc.indices)
    keep = rng.random(30) < 0.5
    kept = matrix.rows(keep)
    assert np.array_equal(kept.indptr, reference[keep].indptr) and np.array_equal(kept.indices, reference[keep].indices)
    assert (matrix.to_scipy() != reference).nnz == 0
