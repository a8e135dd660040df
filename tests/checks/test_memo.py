"""checks/memo.py: a helper's value is derived once per run of the checks, never kept past it."""

from __future__ import annotations

from yusuan.checks.memo import per_run, remembering


class Table:
    """Stands for a parsed table: compared by identity (it is not hashable)."""

    __hash__ = None  # type: ignore[assignment]


def _counting():
    calls: list[tuple[object, str]] = []

    @per_run
    def derive(table: Table, key: str) -> tuple[int, str]:
        calls.append((table, key))
        return (len(calls), key)

    return derive, calls


def test_within_a_run_the_same_arguments_are_derived_once():
    derive, calls = _counting()
    table = Table()
    with remembering():
        first = derive(table, "total")
        assert derive(table, "total") is first
        assert derive(table, "".join(["to", "tal"])) is first  # a key equal by value: the same
        assert derive(table, "basic") is not first
        assert derive(Table(), "total") is not first  # another table, though equal in every field
    assert len(calls) == 3


def test_outside_a_run_and_in_the_next_run_it_derives_again():
    derive, calls = _counting()
    table = Table()
    derive(table, "total")
    derive(table, "total")
    with remembering():
        derive(table, "total")
    with remembering():
        derive(table, "total")
    assert len(calls) == 4
