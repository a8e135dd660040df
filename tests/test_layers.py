"""The import contracts of pyproject.toml ([tool.importlinter]): dependencies run one way
between the layers docs/design.md draws, no cycle between packages, no private module
imported from outside its package.  Here so that a plain ``pytest`` run catches a breach."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.lint  # `make test` has run them already (make lint)


def test_import_contracts_are_kept(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == EXIT_STATUS_SUCCESS, report
    assert "0 broken" in report
