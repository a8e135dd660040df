"""The build at one scale: ``yusuan build`` as users run it, against floors (a) and (b) writing
the same non-empty cells as the output it really produced."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from yusuan.bench import cells
from yusuan.bench.runner import Run, interleaved, measure, measure_floor, yusuan_command
from yusuan.bench.synth import demo_input, synthetic_input

DEMO = "demo"


@dataclass(frozen=True)
class Scale:
    """``units`` × ``lines`` of a synthetic department, or the demo department (units = 0)."""

    units: int
    lines: int

    @property
    def is_demo(self) -> bool:
        return self.units == 0

    @property
    def label(self) -> str:
        return "示例部门 (demo)" if self.is_demo else f"{self.units} × {self.lines:,}"

    @property
    def key(self) -> str:
        return DEMO if self.is_demo else f"{self.units}x{self.lines}"


def parse_scales(text: str) -> list[Scale]:
    """``demo,1x500,20x5000`` → the scales; ValueError names a bad one."""
    scales = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        found = re.fullmatch(r"(\d+)[x×](\d+)", part)
        if part == DEMO:
            scales.append(Scale(0, 0))
        elif found and int(found[1]) > 0 and int(found[2]) > 0:
            scales.append(Scale(int(found[1]), int(found[2])))
        else:
            raise ValueError(f"bad scale {part!r}: write units x lines (e.g. 20x5000) or demo")
    return scales


@dataclass(frozen=True)
class ScaleResult:
    scale: Scale
    cells: int  # the output's non-empty cells (what both floors write)
    build: list[Run]
    floor_openpyxl: list[Run]
    floor_calamine: list[Run]


def write_input(scale: Scale, path: Path) -> None:
    if scale.is_demo:
        demo_input(path)
    else:
        synthetic_input(path, units=scale.units, lines=scale.lines)


def bench_scale(scale: Scale, work: Path, repeat: int, log: Callable[[str], None]) -> ScaleResult:
    """Write the input, then ``repeat`` interleaved rounds of build, (a), (b).  The floors write
    the non-empty cells of the output the first build produced (read between the runs)."""
    source, output = work / f"input_{scale.key}.xlsx", work / f"output_{scale.key}.xlsx"
    log(f"{scale.label}: writing the input")
    write_input(scale, source)
    build_argv = [*yusuan_command(), "build", str(source), "-o", str(output)]
    written: list[cells.Cells] = []  # the first build's output cells

    def build() -> Run:
        run = measure(build_argv)[0]
        if not written:
            written.append(cells.workbook_cells(output))
        return run

    def floor(script: str, name: str) -> Run:
        job = {"mode": "build", "input": str(source), "cells": written[0], "output": str(work / name)}
        return measure_floor(script, job, work)

    rounds = interleaved({
        "build": build,
        "a": lambda: floor("floor_openpyxl.py", "floor_a.xlsx"),
        "b": lambda: floor("floor_calamine.py", "floor_b.xlsx"),
    }, repeat, lambda i: log(f"{scale.label}: round {i}/{repeat}"))
    total = cells.count(written[0])
    for run in rounds["a"] + rounds["b"]:
        if run.count != total:
            raise RuntimeError(f"a floor wrote {run.count} cells, the output has {total}")
    return ScaleResult(scale, total, rounds["build"], rounds["a"], rounds["b"])
