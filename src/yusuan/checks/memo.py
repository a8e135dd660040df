"""What several rules derive from the same table or profile, derived once per run.

The checks of one :func:`yusuan.checks.registry.run_checks` read the same tables many times
over (every 文字 rule walks a table's texts, every 表间 rule names columns by their headers).
A helper decorated with :func:`per_run` computes its value once per run for the same subject
(its first argument) and equal further arguments; outside a run (a rule called on its own, in
a test) it simply computes.  Values are shared between the rules of the run: they must not be
changed by the rules that read them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_MEMO: ContextVar[dict[Hashable, tuple[object, Any]] | None] = ContextVar("yusuan_check_memo", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Remember the values of :func:`per_run` helpers inside the block (one run of the checks)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def per_run(function: Callable[P, R]) -> Callable[P, R]:
    """Decorator: ``function(subject, *args)`` computed once per run for the same ``subject``
    object (a table, a profile: compared by identity, and kept alive by the memory so that its
    identity is not reused within the run) and equal ``args`` (hashable: column keys, kinds,
    the context)."""

    @wraps(function)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _MEMO.get()
        if memo is None or kwargs:
            return function(*args, **kwargs)
        subject = args[0]
        key = (function, id(subject), args[1:])
        hit = memo.get(key)
        if hit is not None and hit[0] is subject:
            return hit[1]
        value = function(*args, **kwargs)
        memo[key] = (subject, value)
        return value

    return remembered
