"""The integer-coded atom selections add up what a plain loop over the atoms adds up."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.tables.context import Atoms, atoms_of, either, first, groups, sums_by, total, total_where, where, without

KEYS = ("unit_code", "fund_source")
# few distinct values, so that groups hold several atoms and filters both keep and drop some;
# amounts up to 2**61: a dozen may pass int64 (summed as Python ints), a few do not (as int64)
ATOM = st.tuples(st.sampled_from(["b", "a", "c"]), st.sampled_from(["x", "y"]), st.booleans(),
                 st.integers(0, 2**61))


def _atoms(rows, masks: bool = False):
    columns = {"unit_code": [r[0] for r in rows], "fund_source": [r[1] for r in rows],
               "carried_over": [r[2] for r in rows]}
    atoms = atoms_of(columns, [r[3] for r in rows])
    return Atoms(atoms.table.with_amounts(None), atoms.index) if masks else atoms


@settings(max_examples=40, deadline=None)
@given(st.lists(ATOM, max_size=12), st.sampled_from(["a", ["a", "c"], ["z"]]), st.booleans())
def test_selections_add_up_as_a_loop_over_the_atoms(rows, unit, carried):
    atoms = _atoms(rows)
    wanted = unit if isinstance(unit, list) else [unit]
    picked = [i for i, r in enumerate(rows) if r[0] in wanted and r[2] == carried]
    assert total_where(atoms, unit_code=unit, carried_over=carried) == sum(rows[i][3] for i in picked)
    assert where(atoms, unit_code=unit, carried_over=carried).index.tolist() == picked
    assert without(atoms, "unit_code", unit).index.tolist() == [i for i, r in enumerate(rows) if r[0] not in wanted]
    assert total(atoms) == sum(r[3] for r in rows)

    expected: dict[tuple, int] = {}
    for r in rows:
        expected[r[:2]] = expected.get(r[:2], 0) + r[3]
    assert list(sums_by(atoms, list(KEYS)).items()) == sorted(expected.items())
    for key, part in groups(atoms, *KEYS):  # each group: its atoms in their own order
        assert part.index.tolist() == [i for i, r in enumerate(rows) if r[:2] == key]
        assert first(part, "unit_code") == key[0]


@settings(max_examples=30, deadline=None)
@given(st.lists(ATOM, max_size=70), st.sampled_from(["a", ["b", "c"]]))
def test_masks_are_the_atoms_summed_and_remembered(rows, unit):
    atoms = _atoms(rows, masks=True)
    part = where(atoms, unit_code=unit)
    mask = total(part)
    assert mask == sum(1 << i for i in part.index.tolist())
    assert mask == 0 or atoms.table.groups[mask].tolist() == part.index.tolist()
    assert part["amount"].tolist() == [1 << i for i in part.index.tolist()]
    rest = without(atoms, "unit_code", unit)
    assert total(either(atoms, [part, rest])) == total(atoms) == (1 << len(rows)) - 1
