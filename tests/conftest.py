"""Fixtures of the whole suite.  What is expensive to make is made once per session
(:mod:`builds`): the demo department is built once, not once per test module."""

from __future__ import annotations

import pytest

from builds import demo_build, open_copy
from yusuan.build import BuildOutcome
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook


@pytest.fixture(scope="session")
def demo_outcome() -> BuildOutcome:
    """What building the demo department reported (built once per session)."""
    return demo_build()[0]


@pytest.fixture(scope="session")
def demo_bytes() -> bytes:
    """The built demo department, saved (xlsx bytes)."""
    return demo_build()[1]


@pytest.fixture
def demo_book(demo_bytes) -> OpenpyxlWorkbook:
    """A copy of the built demo of the test's own, free to change."""
    return open_copy(demo_bytes)
