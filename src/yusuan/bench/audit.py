"""The audit of a folder of department workbooks, as a finance bureau runs it:
``yusuan check FOLDER -j 2`` (annotated copies of the workbooks with findings, and 校验汇总) and
``yusuan check FOLDER --summary-only -j 2`` (校验汇总 only), against the floors: python-calamine
reading every workbook, and openpyxl loading and saving each workbook that gets a copy."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from yusuan.bench.corpus import audit_corpus
from yusuan.bench.runner import Run, interleaved, measure, measure_floor, yusuan_command

SUMMARY_ONLY = "--summary-only"


@dataclass(frozen=True)
class AuditResult:
    count: int  # workbooks audited
    planted: int  # of which carry planted errors
    with_findings: int  # of which the annotated audit wrote a copy (the load+save floor's files)
    annotated: list[Run]
    summary_only: list[Run]  # empty when this yusuan has no --summary-only
    read_floor: list[Run]
    loadsave_floor: list[Run]


def summary_only_available() -> bool:
    help_text = subprocess.run([*yusuan_command(), "check", "--help"], capture_output=True, text=True, check=False)
    return SUMMARY_ONLY in help_text.stdout


def _annotated_copies(out_dir: Path) -> set[str]:
    """The sources' names whose annotated copy (<stem>_校验.xlsx) the audit wrote."""
    return {p.name.replace("_校验", "", 1) for p in out_dir.rglob("*_校验.xls*")}


def bench_audit(work: Path, count: int, repeat: int, jobs: int, quick: bool,
                log: Callable[[str], None]) -> AuditResult:
    """Write the folder, then ``repeat`` interleaved rounds of the two audits and the two
    floors; the load+save floor takes the workbooks the first annotated audit wrote a copy of."""
    log(f"audit: writing {count} department workbooks")
    corpus = audit_corpus(work / "departments", work / "built", count, quick)
    out_dir = work / "checked"
    check = [*yusuan_command(), "check", str(corpus.folder), "-o", str(out_dir), "-j", str(jobs)]
    with_findings: list[str] = []

    def audit(*extra: str) -> Run:
        shutil.rmtree(out_dir, ignore_errors=True)  # each run writes everything anew
        return measure([*check, *extra])[0]

    def annotated() -> Run:
        run = audit()
        copied = _annotated_copies(out_dir)
        if not with_findings:
            with_findings.extend(str(p) for p in corpus.files if p.name in copied)
        return run

    runs: dict[str, Callable[[], Run]] = {"annotated": annotated}
    if summary_only_available():
        runs["summary_only"] = lambda: audit(SUMMARY_ONLY)
    else:
        log(f"audit: this yusuan has no check {SUMMARY_ONLY}: not measured")
    floor_out = work / "floor_copies"
    floor_out.mkdir(exist_ok=True)
    runs["read"] = lambda: measure_floor("floor_calamine.py", {"mode": "read", "files": [str(p) for p in corpus.files]}, work)
    runs["loadsave"] = lambda: measure_floor(
        "floor_openpyxl.py", {"mode": "loadsave", "files": with_findings, "out_dir": str(floor_out)}, work)
    rounds = interleaved(runs, repeat, lambda i: log(f"audit: round {i}/{repeat}"))
    return AuditResult(count, len(corpus.with_errors), len(with_findings), rounds["annotated"],
                       rounds.get("summary_only", []), rounds["read"], rounds["loadsave"])
