"""The fast seeded subset of the fuzz campaign (``make fuzz`` runs the whole of it): mutated
inputs, hostile files for every command and a kill trial — no 内部错误, no traceback, no input
changed, no planted bad value without a finding on its cell, no output truncated or destroyed."""

from __future__ import annotations

import os

import pytest

from fuzz.campaign import Report, bases, kill_trials, run_case
from fuzz.generator import hostile_files, mutated_inputs, mutated_outputs

pytestmark = pytest.mark.skipif(os.name != "posix", reason="cases run in forked children")

HOSTILE = {"truncated", "xls-renamed", "encrypted", "xlsb-renamed", "zip-bomb", "missing", "parent-is-file",
           "symlink-elsewhere"}


@pytest.fixture(scope="module")
def base_files(tmp_path_factory):
    return bases(tmp_path_factory.mktemp("fuzz_base"))


def _clean(report: Report) -> None:
    assert report.problems() == 0, report.text()


def test_mutated_inputs_and_disclosures_are_findings_on_their_cells(base_files, tmp_path):
    report = Report()
    cases = mutated_inputs(seed=1414, count=2, base=base_files[0]) + mutated_outputs(seed=1414, count=1, built=base_files[1])
    for i, case in enumerate(cases):
        run_case(case, tmp_path / f"case{i}", report)
    _clean(report)


def test_hostile_files_and_paths_are_one_chinese_line(base_files, tmp_path):
    base, built, _ = base_files
    cases = [c for c in hostile_files(14, base, built) if c.name.split("-", 2)[-1] in HOSTILE]
    assert len(cases) >= 20
    report = Report()
    for i, case in enumerate(cases):
        run_case(case, tmp_path / f"case{i}", report)
    assert {r.code for r in report.runs} == {2}
    _clean(report)


def test_a_kill_mid_run_never_truncates_the_existing_output(base_files, tmp_path):
    report = Report()
    kill_trials(*base_files, trials=1, seed=14, work=tmp_path, report=report, commands=("build", "export"))
    assert report.kills == 2
    _clean(report)
