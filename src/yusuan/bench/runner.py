"""Running one measurement: a command in a process of its own, its CPU seconds and peak RSS.

CPU is the getrusage(RUSAGE_CHILDREN) delta around the run (user + system of the process and
of every process it waited for, e.g. check's workers); peak RSS is that process's own
ru_maxrss from wait4 (the largest of it and its waited-for children), so each run has its own.
Runs of several commands are interleaved (A, B, A, B, …) so that the shared machine's noise
falls on all of them alike; the medians are compared.
"""

from __future__ import annotations

import compileall
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Run:
    cpu: float  # CPU seconds (user + system), less a floor's own set-up (reading its job)
    rss_mb: float  # peak resident set of the process (and its waited-for children)
    wall: float
    count: int | None = None  # what a floor reports: cells written or workbooks handled


class RunFailed(RuntimeError):
    pass


def yusuan_command() -> list[str]:
    """``yusuan`` as users run it: the console script beside this Python, else ``-m yusuan.cli``."""
    script = Path(sys.executable).with_name("yusuan")
    return [str(script)] if script.exists() else [sys.executable, "-m", "yusuan.cli"]


def compile_yusuan() -> None:
    """Compile yusuan's modules to bytecode, as ``pip install`` does for an installed package
    (and as a first run does): the runs then load them as users' runs do, and as the floors load
    openpyxl.  Without it, an editable install under PYTHONDONTWRITEBYTECODE compiled every
    module again in every measured run (0.2 CPU s of the demo build, none of the floors')."""
    compileall.compile_dir(Path(__file__).parents[1], quiet=1)


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def measure(argv: list[str]) -> tuple[Run, str]:
    """Run ``argv`` to its end; its Run and standard output.  Raises RunFailed on a bad exit."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        before = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - before
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode not in (0, 1):  # 1: findings reported (check), not a failure
        raise RunFailed(f"{' '.join(argv)} exited {process.returncode}:\n{stderr[-2000:]}")
    return Run(cpu, usage.ru_maxrss / 1024, wall), stdout


def measure_floor(script: str, job: dict, work: Path) -> Run:
    """A floor script (floor_openpyxl.py, floor_calamine.py) on ``job``, pickled into ``work``.
    The CPU the script spent unpickling the job is not the floor's, and is taken off."""
    job_file = work / "floor_job.pickle"
    job_file.write_bytes(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
    run, stdout = measure([sys.executable, str(HERE / script), str(job_file)])
    told = json.loads(stdout.strip().splitlines()[-1])
    return Run(run.cpu - told["setup_cpu"], run.rss_mb, run.wall, told["count"])


def interleaved(runs: dict[str, Callable[[], Run]], repeat: int,
                on_round: Callable[[int], None] = lambda i: None) -> dict[str, list[Run]]:
    """Each of ``runs`` ``repeat`` times, in turn: A, B, C, A, B, C, …"""
    done: dict[str, list[Run]] = {name: [] for name in runs}
    for i in range(1, repeat + 1):
        on_round(i)
        for name, run in runs.items():
            done[name].append(run())
    return done


def median_cpu(runs: list[Run]) -> float:
    return statistics.median(r.cpu for r in runs)


def median_wall(runs: list[Run]) -> float:
    return statistics.median(r.wall for r in runs)


def peak_rss(runs: list[Run]) -> float:
    return max(r.rss_mb for r in runs)
