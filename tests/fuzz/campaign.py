"""The fuzz campaign (issue 14): run the generated cases through the ``yusuan`` command line
and report what a user must never see.

Each case runs in a forked child (yusuan is imported once, so a case costs its own work, not
Python's start-up) with a wall-clock timeout; its CPU time and peak memory come from
``wait4``.  Figures printed: runs, exit-code distribution, 内部错误, tracebacks, timeouts,
inputs changed, silent bad values (a planted bad value with no finding on its cell), and
non-atomic outputs (an existing output truncated or destroyed by a kill mid-run).

``make fuzz`` runs the full campaign; tests/fuzz/test_fuzz.py runs a small seeded subset.
Usage: ``python tests/fuzz/campaign.py [--inputs N] [--printed N] [--hostile-rounds N] [--kills N] [--seed S]
[--part START:END]``
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import posixpath
import random
import shutil
import signal
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared fixtures

import openpyxl  # noqa: E402

from fuzz.generator import Case, hostile_files, mutated_inputs, mutated_outputs  # noqa: E402
from inputs.bad_input_workbook import good_workbook  # noqa: E402
from yusuan.cli import main  # noqa: E402

WALL_TIMEOUT = 300.0  # a hang, not slowness: the machine may be shared
CPU_LIMIT = 10.0  # seconds of CPU per case (the 10 s)
MEMORY_LIMIT_MB = 500
BLANK_ROWS_KEPT = 5  # formatted blank rows kept below the base workbook's data


@dataclass
class Run:
    case: str
    code: int | None  # None: timed out
    stdout: str
    stderr: str
    cpu: float
    wall: float
    peak_mb: float
    killed: bool = False  # stopped on purpose by a kill trial (not a timeout)


@dataclass
class Report:
    runs: list[Run] = field(default_factory=list)
    internal: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)
    changed_inputs: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    bad_messages: list[str] = field(default_factory=list)
    kills: int = 0
    non_atomic: list[str] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)
    big: list[str] = field(default_factory=list)

    def problems(self) -> int:
        return sum(len(x) for x in (self.internal, self.tracebacks, self.timeouts, self.changed_inputs, self.silent,
                                    self.bad_messages, self.non_atomic))

    def text(self) -> str:
        codes = Counter(("killed" if r.killed else "timeout") if r.code is None else r.code for r in self.runs)
        lines = [
            f"runs: {len(self.runs)} (kill trials: {self.kills})",
            "exit codes: " + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items(), key=str)),
            f"内部错误: {len(self.internal)}",
            f"tracebacks: {len(self.tracebacks)}",
            f"timeouts (> {WALL_TIMEOUT:.0f} s wall): {len(self.timeouts)}",
            f"inputs changed: {len(self.changed_inputs)}",
            f"silent bad values (oracle): {len(self.silent)}",
            f"user errors not one Chinese line: {len(self.bad_messages)}",
            f"non-atomic outputs (truncated or destroyed): {len(self.non_atomic)}",
            f"max CPU per case: {max((r.cpu for r in self.runs), default=0):.1f} s (over {CPU_LIMIT:.0f} s: {len(self.slow)});"
            f" max wall: {max((r.wall for r in self.runs), default=0):.1f} s",
            f"max peak memory: {max((r.peak_mb for r in self.runs), default=0):.0f} MB (over {MEMORY_LIMIT_MB} MB: {len(self.big)})",
        ]
        for label, items in (("内部错误", self.internal), ("traceback", self.tracebacks), ("timeout", self.timeouts),
                             ("input changed", self.changed_inputs), ("silent", self.silent),
                             ("message", self.bad_messages), ("non-atomic", self.non_atomic), ("slow", self.slow),
                             ("memory", self.big)):
            lines += [f"  {label}: {item}" for item in items[:20]]
        return "\n".join(lines)


# running one command ----------------------------------------------------------------------------
def run_forked(argv: list[str], kill_after: float | None = None) -> Run:
    """``yusuan <argv>`` in a forked child; ``kill_after``: SIGKILL it after so many seconds."""
    out_r, out_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run the command, hand back its output, exit with its code
        os.close(out_r)
        stdout, stderr = io.StringIO(), io.StringIO()
        code = 70
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                code = main(argv)
        except BaseException as exc:  # noqa: BLE001 — reported as a traceback by the parent
            stderr.write(f"Traceback (escaped main): {type(exc).__name__}: {exc}\n")
        data = (stdout.getvalue() + "\0" + stderr.getvalue()).encode("utf-8", "replace")
        with os.fdopen(out_w, "wb") as pipe:
            pipe.write(data)
        os._exit(code if isinstance(code, int) else 70)
    os.close(out_w)
    started = time.monotonic()
    chunks: list[bytes] = []
    os.set_blocking(out_r, False)
    deadline = started + (kill_after if kill_after is not None else WALL_TIMEOUT)
    status = usage = None
    while True:
        with contextlib.suppress(BlockingIOError):
            chunk = os.read(out_r, 1 << 16)
            if chunk:
                chunks.append(chunk)
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            status = None
            break
        time.sleep(0.01)
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(out_r, 1 << 16):
            chunks.append(chunk)
    os.close(out_r)
    stdout, _, stderr = b"".join(chunks).decode("utf-8", "replace").partition("\0")
    code = None if status is None else os.waitstatus_to_exitcode(status)
    return Run(" ".join(argv), code, stdout, stderr, usage.ru_utime + usage.ru_stime, time.monotonic() - started,
               usage.ru_maxrss / 1024)


def _digest(path: Path) -> str | None:
    if path.is_dir():
        return "folder"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def run_case(case: Case, folder: Path, report: Report) -> Run:
    folder.mkdir(parents=True)
    source = case.make(folder)
    before = {p: _digest(p) for p in folder.rglob("*") if not p.is_symlink()}
    fill = {"in": str(source), "out": str(folder / case.out_name), "dir": str(folder)}
    run = run_forked([a.format(**fill) for a in case.argv])
    run.case = case.name
    report.runs.append(run)
    if run.code is None:
        report.timeouts.append(case.name)
        return run
    if "内部错误" in run.stderr:
        report.internal.append(f"{case.name}: {run.stderr.strip()[:200]}")
    if "Traceback" in run.stderr:
        report.tracebacks.append(f"{case.name}: {run.stderr.strip()[-200:]}")
    if run.cpu > CPU_LIMIT:
        report.slow.append(f"{case.name}: {run.cpu:.1f} s CPU")
    if run.peak_mb > MEMORY_LIMIT_MB:
        report.big.append(f"{case.name}: {run.peak_mb:.0f} MB")
    if run.code == 2 and (len(run.stderr.strip().splitlines()) != 1 or not any("\u4e00" <= ch <= "\u9fff" for ch in run.stderr)):
        report.bad_messages.append(f"{case.name}: {run.stderr.strip()[:200]!r}")
    changed = [p.name for p, digest in before.items() if p != folder / case.out_name and _digest(p) != digest]
    if changed:
        report.changed_inputs.append(f"{case.name}: {changed}")
    _oracle(case, folder, run, report)
    return run


def _oracle(case: Case, folder: Path, run: Run, report: Report) -> None:
    """Every planted bad value is reported on its cell, or the input is refused as a whole."""
    expect_file = folder / "expect.txt"
    if not expect_file.exists() or run.code == 2:
        return
    expected = [line.split("\t") for line in expect_file.read_text(encoding="utf-8").splitlines() if line]
    if not expected:
        return
    output = folder / case.out_name
    notes = notes_of(output) if output.is_file() else {}
    reported = {key: {word.split("：")[0] for word in text.split()} for key, text in notes.items()}
    for sheet, cell, code in expected:
        codes = reported.get((sheet, cell))
        if codes is None or (code != "*" and code not in codes):
            report.silent.append(f"{case.name}: {sheet}!{cell} expected {code}, got {sorted(codes or [])}")


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def notes_of(path: Path) -> dict[tuple[str, str], str]:
    """Every cell note of an .xlsx as ``{(sheet, cell): text}``, read from the package's XML:
    the oracle needs only the notes, and loading the whole workbook would cost more than the run."""
    with zipfile.ZipFile(path) as package:
        def part(name: str) -> ElementTree.Element:
            return ElementTree.fromstring(package.read(name))

        def targets(rels: str, folder: str) -> dict[str, tuple[str, str]]:
            """{relationship id: (type, part name)}"""
            if rels not in package.namelist():
                return {}
            return {rel.get("Id", ""): (rel.get("Type", ""), _resolve(folder, rel.get("Target", "")))
                    for rel in part(rels).iter(f"{_RELS}Relationship")}

        sheets = targets("xl/_rels/workbook.xml.rels", "xl")
        notes: dict[tuple[str, str], str] = {}
        for sheet in part("xl/workbook.xml").iter(f"{_MAIN}sheet"):
            folder, _, name = sheets.get(sheet.get(_R_ID, ""), ("", ""))[1].rpartition("/")
            for kind, target in targets(f"{folder}/_rels/{name}.rels", folder).values():
                if kind.endswith("/comments"):
                    for comment in part(target).iter(f"{_MAIN}comment"):
                        text = "".join(t.text or "" for t in comment.iter(f"{_MAIN}t"))
                        notes[(sheet.get("name", ""), comment.get("ref", ""))] = text
        return notes


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a package part name (absolute, or relative to ``folder``)."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


# kill trials --------------------------------------------------------------------------------------
KILLED_COMMANDS = ("build", "check", "clear", "export")


def kill_trials(base: Path, built: Path, checked: Path, trials: int, seed: int, work: Path, report: Report,
                commands: tuple[str, ...] = KILLED_COMMANDS) -> None:
    """Run each command over an existing valid output and SIGKILL it at a random moment: the
    output must be the old file or a complete new one, never truncated or gone."""
    rng = random.Random(seed)
    arguments = {
        "build": (base, "输出.xlsx", []),
        "check": (built, "输出.xlsx", []),
        "clear": (checked, "输出.xlsx", []),
        "export": (built, "输出.docx", ["--no-pdf"]),
    }
    for command in commands:
        source, out_name, extra = arguments[command]
        folder = work / f"kill-{command}"
        folder.mkdir()
        target = folder / out_name
        full = run_forked([command, str(source), "-o", str(target), *extra])  # how long a whole run takes
        old = target.read_bytes()
        for trial in range(trials):
            target.write_bytes(old)
            run = run_forked([command, str(source), "-o", str(target), *extra], kill_after=rng.uniform(0.05, full.wall * 1.1))
            report.kills += 1
            run.killed = run.code is None
            report.runs.append(run)
            if not target.is_file():
                report.non_atomic.append(f"{command} trial {trial}: output destroyed")
            elif target.read_bytes() != old and not _complete(target):
                report.non_atomic.append(f"{command} trial {trial}: output truncated")


def _complete(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                return False
        if path.suffix == ".xlsx":
            openpyxl.load_workbook(path, read_only=True).close()
        return True
    except Exception:  # noqa: BLE001 — any failure to read is a broken file
        return False


# the campaign ------------------------------------------------------------------------------------
def bases(work: Path) -> tuple[Path, Path, Path]:
    """A good input workbook, its built output and a checked copy of that (built once).

    The template's formatted blank rows (down to row 2000) are cut a few rows below the data:
    they cost half of every run's CPU and no mutation is about them (the suite covers them)."""
    base, built, checked = work / "基础输入.xlsx", work / "基础公开.xlsx", work / "基础校验.xlsx"
    port = good_workbook()
    for ws in port.book.worksheets:
        last = max((c.row for row in ws.iter_rows() for c in row if c.value is not None), default=1)
        if ws.max_row > last + BLANK_ROWS_KEPT:
            ws.delete_rows(last + BLANK_ROWS_KEPT + 1, ws.max_row)
    port.save(base)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["build", str(base), "-o", str(built)])
        main(["check", str(built), "-o", str(checked)])
        # every command once in this process: the forked cases inherit the imported modules
        main(["clear", str(checked), "-o", str(work / "基础清除.xlsx")])
        main(["export", str(built), "-o", str(work / "基础.docx"), "--no-pdf"])
    return base, built, checked


def campaign(inputs: int, printed: int, hostile_rounds: int, kills: int, seed: int, work: Path, progress=None,
             report: Report | None = None, part: tuple[int, int | None] = (0, None)) -> Report:
    """The hostile files and the kill trials first (few, and each counted by the issue), then
    the mutated disclosures and inputs; ``progress`` shows the problems found so far.
    ``part``: only the cases ``start:end`` of that list (the kill trials go with start 0), so a
    campaign can be split over processes or machines and its figures added up."""
    report = report if report is not None else Report()
    base, built, checked = bases(work)
    cases = [case for round_ in range(hostile_rounds) for case in hostile_files(seed + round_, base, built)]
    if kills and part[0] == 0:
        kill_trials(base, built, checked, kills, seed, work, report)
    cases += mutated_outputs(seed, printed, built) + mutated_inputs(seed, inputs, base)
    cases = cases[part[0]:part[1]]
    for i, case in enumerate(cases):
        run_case(case, work / f"case-{i:05d}", report)
        if progress is not None:
            print(f"\r{i + 1}/{len(cases)} problems {report.problems()} {case.name[:50]:<50}", end="", file=progress, flush=True)
    if progress is not None:
        print(file=progress)
    return report


def _main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1000, help="mutated input workbooks (build)")
    parser.add_argument("--printed", type=int, default=200, help="mutated disclosure workbooks (check)")
    parser.add_argument("--hostile-rounds", type=int, default=2, help="rounds over the hostile files (× 4 commands)")
    parser.add_argument("--kills", type=int, default=20, help="kill trials per command")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", help="keep the cases in this folder")
    parser.add_argument("--part", default="0:", help="START:END — only these cases of the list (kill trials with 0:)")
    args = parser.parse_args()
    start, _, end = args.part.partition(":")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="yusuan_fuzz_"))
    work.mkdir(parents=True, exist_ok=True)
    report = Report()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stopped: the figures so far are still printed
    try:
        campaign(args.inputs, args.printed, args.hostile_rounds, args.kills, args.seed, work, progress=sys.stderr,
                 report=report, part=(int(start or 0), int(end) if end else None))
    except KeyboardInterrupt:
        print(f"STOPPED before the end: figures of the {len(report.runs)} runs done", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report.text())
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(_main())
