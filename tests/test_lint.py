"""ruff over src/ and tests/ with the project's rule set (pyproject.toml [tool.ruff]), so that a
plain ``pytest`` run catches what ``make lint`` would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    beside = Path(sys.executable).with_name("ruff")  # the test extra installs it beside python
    ruff = str(beside) if beside.exists() else shutil.which("ruff")
    assert ruff, "ruff is not installed: pip install -e '.[test]'"
    done = subprocess.run([ruff, "check", "--no-cache", "src", "tests"], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
