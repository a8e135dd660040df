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

import shutil
import tempfile
from pathlib import Path

import pytest

import builds
from builds import demo_build, demo_cli_built_bytes, open_copy
from yusuan.build import BuildOutcome
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

# The slowest test files, slowest first (CPU seconds of a single-process run, 2026-12-06).  `make
# test` hands test files to its two workers in collection order (--dist loadfile,
# --no-loadscope-reorder): starting with these, the files left at the end are small, so the
# workers finish together instead of one running a 20 s file alone at the end (xdist's own order,
# most tests first, left test_acceptance.py and test_idempotence.py — few tests, long ones — last).
SLOWEST_FIRST = (
    "checks/test_mutations.py",  # 32
    "ports/test_xlwings_port.py",  # 32
    "test_cli.py",  # 32
    "checks/test_idempotence.py",  # 28
    "audit/test_last_year.py",  # 27
    "test_export_gate.py",  # 24
    "document/test_export.py",  # 24
    "test_excel_entry_points.py",  # 23
    "checks/diagnosis/test_acceptance.py",  # 21
    "inputs/test_profile_fields.py",  # 14
    "audit/test_folder.py",  # 14
    "audit/test_runner.py",  # 14
    "tables/test_printing.py",  # 12
    "checks/test_flags.py",  # 12
    "fuzz/test_fuzz.py",  # 12
    "inputs/test_template.py",  # 11
    "test_charts.py",  # 11
)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slowest files first, the rest in collection order (a stable sort: a file's tests keep
    their order)."""
    here = Path(__file__).parent
    rank = {here / name: at for at, name in enumerate(SLOWEST_FIRST)}
    missing = [name for name, path in zip(SLOWEST_FIRST, rank) if not path.exists()]
    if missing:  # a renamed file would silently lose its place
        raise pytest.UsageError(f"tests/conftest.py SLOWEST_FIRST names files that do not exist: {missing}")
    items.sort(key=lambda item: rank.get(item.path, len(rank)))


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
    target = tmp_path_factory.mktemp("demo_cli") / "预算公开.xlsx"
    target.write_bytes(demo_cli_built_bytes())
    return target


# the folder the xdist workers share the builds of tests/builds.py in: made by the controller
# before it starts the workers, removed when the run ends
@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    node.workerinput["yusuan_shared_builds"] = str(_shared_folder(node.config))


def _shared_folder(config: pytest.Config) -> Path:
    if not hasattr(config, "_yusuan_shared_builds"):
        config._yusuan_shared_builds = Path(tempfile.mkdtemp(prefix="yusuan-builds-"))
        config.add_cleanup(lambda: shutil.rmtree(config._yusuan_shared_builds, ignore_errors=True))
    return config._yusuan_shared_builds


def pytest_configure(config: pytest.Config) -> None:
    folder = getattr(config, "workerinput", {}).get("yusuan_shared_builds")
    if folder:  # a worker
        builds.SHARED[:] = [Path(folder)]
