"""Floor (b), run as a script in a process of its own: the fastest readers and writers there are.

``build``: python-calamine reads every sheet of the input workbook, xlsxwriter writes the
non-empty cells of yusuan's real output (every sheet, values only) into a new workbook.
``read``: python-calamine reads every sheet of each workbook of a list (what any audit has to
pay to see the cells).

It imports nothing of yusuan.  Reads a pickled job (the path in argv[1]) and prints one JSON
line: the cells written (or workbooks read) and the CPU seconds spent unpickling the job,
which the bench subtracts.
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook


def read_all(path: str) -> int:
    book = CalamineWorkbook.from_path(path)
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def build(source: str, cells: dict[str, list[tuple[int, int, object]]], output: str) -> int:
    read_all(source)
    book = xlsxwriter.Workbook(output)
    written = 0
    for sheet, values in cells.items():
        ws = book.add_worksheet(sheet)
        for row, column, value in values:
            ws.write(row - 1, column - 1, value)
        written += len(values)
    book.close()
    return written


def read(files: list[str]) -> int:
    for path in files:
        read_all(path)
    return len(files)


def main() -> None:
    start = time.process_time()
    job = pickle.loads(Path(sys.argv[1]).read_bytes())
    setup = time.process_time() - start
    done = build(job["input"], job["cells"], job["output"]) if job["mode"] == "build" else read(job["files"])
    print(json.dumps({"count": done, "setup_cpu": setup}))


if __name__ == "__main__":
    main()
