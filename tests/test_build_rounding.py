"""A build reports (RD001) when controlled rounding could not keep every figure within 0.01 万元."""

from __future__ import annotations

import dataclasses

from yusuan import build as build_module
from yusuan.build import build_workbook
from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.tables import pipeline


def test_rounding_within_bound_gives_no_finding(demo_outcome):
    outcome = demo_outcome
    assert outcome.built.rounding.within_bound
    assert not [f for f in outcome.findings if f.code == "RD001"]


def test_rounding_out_of_bound_is_reported(monkeypatch):
    real = pipeline.controlled_round

    def infeasible(exact, groups, unit):
        return dataclasses.replace(real(exact, groups, unit=unit), within_bound=False, worst_deviation=12_345)

    monkeypatch.setattr(pipeline, "controlled_round", infeasible)
    outcome = build_workbook(input_workbook_from_csv(sample_folder()))
    found = [f for f in outcome.findings if f.code == "RD001"]
    assert len(found) == 1 and found[0].severity.label == "警告"
    assert "123.45 元" in found[0].message and found[0].cell == "A1"
    assert build_module.ROUNDING_BOUND.code == "RD001"
