"""``make bench`` (``python -m yusuan.bench``): what users run, timed against the floors.

Builds at several scales with ``yusuan build`` and audits a folder of department workbooks
with ``yusuan check``, each run in a process of its own, interleaved with the floor runs, and
prints CPU-second medians, ratios, peak RSS and workbooks/s as Markdown (progress on stderr).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from yusuan.bench.audit import bench_audit
from yusuan.bench.report import build_table, render
from yusuan.bench.runner import compile_yusuan
from yusuan.bench.scales import bench_scale, parse_scales

SCALES = "demo,1x500,20x5000,50x20000,100x50000"
QUICK_SCALES = "demo,1x100,2x1000"
REPEAT, QUICK_REPEAT = 3, 1
AUDIT_COUNT, QUICK_AUDIT_COUNT = 200, 10


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m yusuan.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", help=f"units x lines, comma-separated; demo = the demo department; \"\" = none (default {SCALES})")
    parser.add_argument("--repeat", type=int, help=f"interleaved rounds per measurement (default {REPEAT})")
    parser.add_argument("--audit-repeat", type=int, help="rounds of the audit runs (default: --repeat)")
    parser.add_argument("--audit-count", type=int, help=f"workbooks in the audited folder; 0 = no audit (default {AUDIT_COUNT})")
    parser.add_argument("--jobs", type=int, default=2, help="check's -j (default 2)")
    parser.add_argument("--quick", action="store_true",
                        help=f"a smoke run: scales {QUICK_SCALES}, {QUICK_AUDIT_COUNT} small workbooks, one round")
    parser.add_argument("--work", help="keep the inputs, outputs and workbooks in this folder (default: a temporary one)")
    return parser


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, work: Path) -> str:
    scales = parse_scales(args.scales if args.scales is not None else QUICK_SCALES if args.quick else SCALES)
    repeat = args.repeat or (QUICK_REPEAT if args.quick else REPEAT)
    count = args.audit_count if args.audit_count is not None else QUICK_AUDIT_COUNT if args.quick else AUDIT_COUNT
    started, load_before = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), _load()
    compile_yusuan()
    results = []
    for scale in scales:
        folder = work / scale.key
        folder.mkdir(parents=True, exist_ok=True)
        results.append(bench_scale(scale, folder, repeat, _log))
        _log(build_table(results[-1:])[-1])  # each row as it is done: a stopped run keeps what it measured
    audit = None
    if count > 0:
        folder = work / "audit"
        folder.mkdir(parents=True, exist_ok=True)
        audit = bench_audit(folder, count, args.audit_repeat or repeat, args.jobs, args.quick, _log)
    rounds = [f"{repeat} per build measurement" if scales else "",
              f"{args.audit_repeat or repeat} per audit one" if count > 0 else ""]
    heading = [
        f"## yusuan bench, {started}",
        "",
        f"Interleaved round(s): {', '.join(r for r in rounds if r) or 'none'}; each run in a process of its own (CPU = user + system"
        f" of it and its children; peak RSS of the largest process). {os.cpu_count()} CPUs, Python"
        f" {platform.python_version()}; load average (1/5/15 min) {load_before} at the start, {_load()} at the end.",
    ]
    return render(results, audit, heading, args.jobs)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        parse_scales(args.scales or "")
    except ValueError as exc:
        _parser().error(str(exc))
    if args.work:
        work = Path(args.work)
        work.mkdir(parents=True, exist_ok=True)
        print(run(args, work))
    else:
        with tempfile.TemporaryDirectory(prefix="yusuan_bench_") as tmp:
            print(run(args, Path(tmp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
