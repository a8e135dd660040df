"""``make bench``: speed and memory of a large department.

Synthesises a department of 20 units and 5,000 budget lines, writes its input workbook, then
times read → build → save, against the time openpyxl alone needs to write the same output
cells (the floor any file-based tool has to pay).  Prints one line per measurement.
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from pathlib import Path

from yusuan.commands import build_file
from yusuan.inputs.template import write_template
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

FUNCTIONS = ["2010301", "2010302", "2010350", "2080505", "2101101", "2101102", "2210201", "2080501", "2080502"]
PERSONNEL = ["30101", "30102", "30103", "30107", "30108", "30110", "30113", "30199"]
PUBLIC = ["30201", "30202", "30207", "30211", "30213", "30217", "30228", "30229", "30231", "30299", "31002"]
PROJECT = ["30226", "30227", "30213", "31002", "30299"]


def synthetic_input(path: Path, units: int = 20, lines: int = 5000, seed: int = 7) -> None:
    rng = random.Random(seed)
    book = OpenpyxlWorkbook.new()
    write_template(book)
    settings = {"部门名称": "基准测试局", "部门编码": "777", "预算年度": 2025, "金额单位": "元", "表样版本": "河南2025"}
    labels = {str(r[0]): i + 1 for i, r in enumerate(book.read_values("基本信息")) if r and r[0]}
    for label, value in settings.items():
        book.write_values("基本信息", labels[label], 2, [[value]])
    unit_rows = [[f"777{n:03d}", f"基准测试单位{n}", "行政单位" if n % 2 else "事业单位"] for n in range(1, units + 1)]
    book.write_values("单位信息", 2, 1, unit_rows)
    header = [str(h) for h in book.read_values("支出明细")[0]]
    col = {h: i for i, h in enumerate(header)}
    block = []
    for i in range(lines):
        unit = unit_rows[i % units]
        row: list[object] = [None] * len(header)
        kind = rng.choice(["人员经费", "公用经费", "项目支出"])
        row[col["单位代码"]] = unit[0]
        func = rng.choice(FUNCTIONS)
        if unit[2] == "行政单位":
            func = func.replace("2010350", "2010301").replace("2101102", "2101101").replace("2080502", "2080501")
        else:
            func = func.replace("2010301", "2010350").replace("2101101", "2101102").replace("2080501", "2080502")
        row[col["功能科目编码"]] = func
        row[col["部门经济科目编码"]] = rng.choice({"人员经费": PERSONNEL, "公用经费": PUBLIC, "项目支出": PROJECT}[kind])
        row[col["支出类别"]] = kind
        if kind == "项目支出":
            project = f"{unit[0]}-{rng.randrange(10):02d}"
            row[col["项目编码"]] = project
            row[col["项目名称"]] = f"项目{project}"
            row[col["项目类别"]] = "其他运转类" if project.endswith(("0", "2", "4", "6", "8")) else "特定目标类"
        row[col["资金来源"]] = "一般公共预算"
        row[col["上年结转"]] = "否"
        row[col["金额"]] = rng.randrange(100, 50_000_000) / 100
        block.append(row)
    book.write_values("支出明细", 2, 1, block)
    book.save(path)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp, "bench_input.xlsx"), Path(tmp, "bench_output.xlsx")
        synthetic_input(source)
        start = time.perf_counter()
        outcome = build_file(source, target)
        build_seconds = time.perf_counter() - start
        built = outcome.built
        assert built is not None, "the synthetic department reads without an error"
        cells = [(sheet, OpenpyxlWorkbook.open(target).read_values(sheet)) for sheet in
                 [t.spec.sheet_name() for t in built.tables]]
        start = time.perf_counter()
        baseline = OpenpyxlWorkbook.open(source)
        for sheet, values in cells:
            baseline.add_sheet(sheet)
            baseline.write_values(sheet, 1, 1, values)
        baseline.save(Path(tmp, "baseline.xlsx"))
        floor_seconds = time.perf_counter() - start
        print(f"lines=5000 units=20 atoms={len(built.context.atoms)}")
        print(f"build (read+tables+rounding+render+save): {build_seconds:.2f} s")
        print(f"openpyxl alone (load input, write the same table cells, save): {floor_seconds:.2f} s")
        print(f"rounding within bound: {built.rounding.within_bound}, worst deviation {built.rounding.worst_deviation} 分")
        print(f"peak memory (max RSS): {_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
