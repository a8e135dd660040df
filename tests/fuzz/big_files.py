"""Bounded cost on real large files (issue 14): writes, streamed, a workbook whose 支出明细 has
600,000 lines, a narrow one with 600,000 rows of two columns, and a good input with one stray
value at row 1,048,576; then runs ``yusuan build`` and ``yusuan check`` on each under
``/usr/bin/time -v`` and prints exit code, wall time, CPU and peak memory.  A measurement,
not a test: the early "数据区域过大" refusal must keep it to seconds and well under 500 MB.

Usage: ``python tests/fuzz/big_files.py [--rows 600000] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared fixtures

import openpyxl  # noqa: E402

from inputs.bad_input_workbook import good_workbook  # noqa: E402

LINES = "支出明细"
FAR_ROW = 1_048_576  # Excel's last row


def streamed_copy(source: Path, target: Path, rows: int, sheet: str, width: int | None = None) -> None:
    """``source`` rewritten by openpyxl's write_only writer with ``sheet``'s data rows repeated
    down to ``rows`` data rows (only its first ``width`` columns when given)."""
    book = openpyxl.load_workbook(source)
    out = openpyxl.Workbook(write_only=True)
    for ws in book.worksheets:
        values = [list(r) for r in ws.iter_rows(values_only=True)]
        while values and all(v is None for v in values[-1]):
            values.pop()
        target_ws = out.create_sheet(ws.title)
        if ws.title != sheet:
            for row in values:
                target_ws.append(row)
            continue
        header, body = values[0][:width], [r[:width] for r in values[1:] if any(v is not None for v in r)]
        target_ws.append(header)
        for i in range(rows):
            target_ws.append(body[i % len(body)])
    out.save(target)


def far_cell(source: Path, target: Path) -> None:
    """``source`` with one stray value at ``FAR_ROW`` of 基本信息 (a narrow sheet)."""
    book = openpyxl.load_workbook(source)
    book["基本信息"].cell(FAR_ROW, 3).value = "x"
    book.save(target)


def measure(argv: list[str]) -> str:
    done = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True, check=False)
    def stat(label: str) -> str:
        found = re.search(rf"^\s*{re.escape(label)}: (.+)$", done.stderr, re.M)
        return found.group(1) if found else "0"

    cpu = float(stat("User time (seconds)")) + float(stat("System time (seconds)"))
    rss = int(stat("Maximum resident set size (kbytes)")) / 1024
    wall = stat("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    message = [line for line in (done.stderr + done.stdout).splitlines() if "\t" not in line and line.strip()][:1]
    return f"exit {done.returncode}, wall {wall}, CPU {cpu:.1f} s, peak {rss:.0f} MB — {message[0][:160] if message else ''}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=600_000)
    parser.add_argument("--keep", help="write the files into this folder and keep them")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="yusuan_big_"))
    work.mkdir(parents=True, exist_ok=True)
    yusuan = str(Path(sys.executable).with_name("yusuan"))
    try:
        base = work / "基础输入.xlsx"
        if not base.exists():
            good_workbook().save(base)
        files = {
            f"{args.rows:,} 行支出明细": work / "宽表.xlsx",
            f"{args.rows:,} 行 × 2 列": work / "窄表.xlsx",
            f"第 {FAR_ROW:,} 行的一个值": work / "远处单元格.xlsx",
        }
        wide, narrow, far = files.values()
        if not (args.keep and all(p.exists() for p in files.values())):  # written once into --keep
            streamed_copy(base, wide, args.rows, LINES)
            streamed_copy(base, narrow, args.rows, LINES, width=2)
            far_cell(base, far)
        for label, path in files.items():
            print(f"{label}（{path.stat().st_size / 2**20:.1f} MB）")
            print(f"  build: {measure([yusuan, 'build', str(path), '-o', str(work / '输出.xlsx')])}")
            print(f"  check: {measure([yusuan, 'check', str(path), '-o', str(work / '校验.xlsx')])}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
