"""What a command loads before it works (issue 13: imports were 40% of a small build).  The
command line loads a command's modules when it runs; a build loads pandas for its one grouping
of the lines into atoms, scipy only when controlled rounding needs HiGHS, and python-docx only
when a document is written."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "numpy", "scipy", "scipy.optimize", "docx", "openpyxl")


def _loaded(code: str) -> set[str]:
    """The heavy modules loaded after running ``code`` in a fresh interpreter."""
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_command_line_loads_no_library_before_a_command_runs():
    assert _loaded("import yusuan.cli") == set()


def test_a_build_of_the_demo_needs_neither_scipy_nor_python_docx():
    loaded = _loaded(
        "from yusuan.build import build_workbook\n"
        "from yusuan.commands import input_workbook_from_csv, sample_folder\n"
        "assert build_workbook(input_workbook_from_csv(sample_folder())).usable"
    )
    assert {"numpy", "openpyxl", "pandas"} <= loaded  # the probe sees what a build does load
    assert not {"scipy", "docx"} & loaded


def test_check_and_clear_load_neither_pandas_nor_scipy(tmp_path, demo_bytes):
    """校验 and 清除标记 read and annotate cells; they make no atoms and round nothing."""
    source = tmp_path / "built.xlsx"
    source.write_bytes(demo_bytes)
    loaded = _loaded(
        "from pathlib import Path\n"
        "from yusuan.commands import check_file, clear_file\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "check_file(folder / 'built.xlsx', folder / 'checked.xlsx')\n"
        "assert clear_file(folder / 'checked.xlsx', folder / 'cleared.xlsx') >= 0\n"
    )
    assert "openpyxl" in loaded  # the probe sees what the commands do load
    assert not {"pandas", "scipy"} & loaded
