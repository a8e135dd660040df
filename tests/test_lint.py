"""ruff over src/ and tests/ and mypy over src/, with the project's settings (pyproject.toml
[tool.ruff], [tool.mypy]), so that a plain ``pytest`` run catches what ``make lint`` would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.lint  # `make test` has run them already (make lint)


def _tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)  # the test extra installs it beside python
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, check=False, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean():
    done = _run(_tool("ruff"), "check", "--no-cache", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean():
    done = _run(_tool("mypy"))  # files and strictness: pyproject.toml [tool.mypy]
    assert done.returncode == 0, done.stdout + done.stderr
