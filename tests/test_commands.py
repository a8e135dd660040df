"""commands.build_file runs a build with the cycle collector run rarely (issue 13: a large
workbook's cells were walked again by every collection) and gives the setting back after."""

from __future__ import annotations

import gc

from builds import demo_input_bytes
from yusuan import commands
from yusuan.build import BuildOutcome


def test_a_build_runs_with_rare_collections_and_restores_them(tmp_path, monkeypatch):
    source = tmp_path / "输入.xlsx"
    source.write_bytes(demo_input_bytes())
    seen = []

    def build(*args, **kwargs) -> BuildOutcome:
        seen.append(gc.get_threshold())
        return BuildOutcome()  # unusable: nothing is saved

    monkeypatch.setattr(commands, "build_workbook", build)
    before = gc.get_threshold()
    assert not commands.build_file(source, tmp_path / "输出.xlsx").usable
    assert seen == [(commands.RARE_COLLECTIONS, *before[1:])]
    assert gc.get_threshold() == before and not (tmp_path / "输出.xlsx").exists()
