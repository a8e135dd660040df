"""Fixtures of the whole suite.  What is expensive to make is made once per session
(:mod:`builds`): the demo department is built once, not once per test module.

`make test` runs the suite in parallel (pytest-xdist, one worker process per core, a test
file on one worker, the files that use the seed builds on one worker together, the slowest
files handed out first).  To keep a test safe there:

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
from xdist.scheduler import LoadFileScheduling

import builds
from builds import demo_build, demo_cli_built_bytes, open_copy
from yusuan.build import BuildOutcome
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

# Files that share the seed departments' builds (builds.seed_build: a build each, ~2 s, kept with
# its BuildOutcome, which no file can hold): one unit of work under xdist, so that one worker
# builds the seeds instead of both (SeedsTogether below)
SEED_BUILD_USERS = (
    "audit/test_runner.py",
    "checks/test_narrative_rules.py",
    "narrative/test_seed_narratives.py",
    "narrative/test_seed004_narrative.py",
    "narrative/test_seed000_narrative.py",
    "narrative/test_seed003_narrative.py",
    "seeds/test_seed_rebuild.py",
)

# The slowest test files, slowest first (CPU seconds of the test process under `make test`,
# 2026-12-06 15:00; LibreOffice, process pools and killed runs add their own processes' time).
# `make test` hands test files to its two workers in collection order (--dist loadfile,
# --no-loadscope-reorder), a file to the first worker with at most two tests left: starting
# with these, the files left at the end are small, so the workers finish together instead of
# one running a 20 s file alone at the end (xdist's own order, most tests first, left
# test_acceptance.py and test_idempotence.py — few tests, long ones — last).
SLOWEST_FIRST = (
    *SEED_BUILD_USERS,  # 26 together
    "ports/test_xlwings_port.py",  # 24
    "checks/test_mutations.py",  # 21
    "checks/test_idempotence.py",  # 20
    "test_cli.py",  # 19
    "audit/test_last_year.py",  # 18
    "test_excel_entry_points.py",  # 15
    "audit/test_folder.py",  # 3, and a pool of processes
    "checks/diagnosis/test_acceptance.py",  # 12
    "test_export_gate.py",  # 12
    "checks/test_flags.py",  # 10
    "document/test_export.py",  # 8, and LibreOffice
    "fuzz/test_fuzz.py",  # 4, and the runs it kills
    "profiles/test_yaml_only_profile.py",  # 7
    "tables/test_printing.py",  # 4, and LibreOffice
    "test_charts.py",  # 2, and LibreOffice
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


class SeedsTogether(LoadFileScheduling):
    """--dist loadfile, with the files of SEED_BUILD_USERS one unit of work."""

    def _split_scope(self, nodeid: str) -> str:
        path = super()._split_scope(nodeid)
        return "seed builds" if path.removeprefix("tests/") in SEED_BUILD_USERS else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log) -> LoadFileScheduling | None:
    return SeedsTogether(config, log) if config.getvalue("dist") == "loadfile" else None


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
