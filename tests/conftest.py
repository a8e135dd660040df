"""Fixtures of the whole suite.  What is expensive to make is made once per session
(:mod:`builds`): the demo department is built once, not once per test module.

`make test` runs the suite in parallel (pytest-xdist, one worker process per core, a test
file on one worker).  To keep a test safe there:

* write only under ``tmp_path`` / ``tmp_path_factory`` (each worker has its own), never to a
  fixed path in the repository or /tmp; LibreOffice with a profile of its own
  (``-env:UserInstallation`` under ``tmp_path``);
* set environment variables, the working directory and module attributes with
  ``monkeypatch`` (undone after the test), never ``os.environ[...] =`` or ``os.chdir``;
* depend on no other test having run first (a session build comes from a fixture or
  :mod:`builds`, which make it on first use in each worker); never change what a shared
  fixture or cache hands out: take your own copy (``open_copy``, ``demo_book``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builds import demo_build, demo_input_bytes, open_copy
from yusuan.build import BuildOutcome
from yusuan.cli import main
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


@pytest.fixture(scope="session")
def demo_cli_built(tmp_path_factory) -> Path:
    """The demo input built by ``yusuan build`` into a file of its own (input sheets hidden, as
    the command line saves it), once per session: read it, never change it."""
    folder = tmp_path_factory.mktemp("demo_cli")
    source, target = folder / "输入.xlsx", folder / "预算公开.xlsx"
    source.write_bytes(demo_input_bytes())
    assert main(["build", str(source), "-o", str(target)]) in (0, 1)
    return target
