"""Floor (a), run as a script in a process of its own: what openpyxl alone costs.

``build``: load the input workbook, write the non-empty cells of yusuan's real output into it
(every sheet, values only; a sheet the input lacks is added), save.  ``loadsave``: load and
save each workbook of a list (what writing an annotated copy costs at least).

It imports nothing of yusuan, so its start-up is openpyxl's alone.  Reads a pickled job
(the path in argv[1]) and prints one JSON line: the cells written and the CPU seconds spent
unpickling the job, which the bench subtracts (yusuan reads no such file).
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from pathlib import Path

import openpyxl


def build(source: str, cells: dict[str, list[tuple[int, int, object]]], output: str) -> int:
    book = openpyxl.load_workbook(source)
    written = 0
    for sheet, values in cells.items():
        ws = book[sheet] if sheet in book.sheetnames else book.create_sheet(sheet)
        for row, column, value in values:
            ws.cell(row, column, value)
        written += len(values)
    book.save(output)
    return written


def loadsave(files: list[str], out_dir: str) -> int:
    for i, path in enumerate(files):
        openpyxl.load_workbook(path).save(Path(out_dir, f"{i}_{Path(path).name}"))
    return len(files)


def main() -> None:
    start = time.process_time()
    job = pickle.loads(Path(sys.argv[1]).read_bytes())
    setup = time.process_time() - start
    done = build(job["input"], job["cells"], job["output"]) if job["mode"] == "build" else loadsave(job["files"], job["out_dir"])
    print(json.dumps({"count": done, "setup_cpu": setup}))


if __name__ == "__main__":
    main()
