"""The bench's inputs: a seeded synthetic department of any size, and the demo department.

The same seed gives the same workbook, so two runs (and other engineers' scripts) measure the
same department.
"""

from __future__ import annotations

import random
from pathlib import Path

from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.inputs.template import write_template
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

FUNCTIONS = ["2010301", "2010302", "2010350", "2080505", "2101101", "2101102", "2210201", "2080501", "2080502"]
PERSONNEL = ["30101", "30102", "30103", "30107", "30108", "30110", "30113", "30199"]
PUBLIC = ["30201", "30202", "30207", "30211", "30213", "30217", "30228", "30229", "30231", "30299", "31002"]
PROJECT = ["30226", "30227", "30213", "31002", "30299"]


def demo_input(path: Path) -> None:
    """The demo department's input workbook (the sample CSVs), as ``yusuan demo`` writes it."""
    input_workbook_from_csv(sample_folder()).save(path)


def synthetic_input(path: Path, units: int = 20, lines: int = 5000, seed: int = 7) -> None:
    """输入工作簿 of a department of ``units`` units (half 行政, half 事业) and ``lines`` 支出明细
    lines drawn with ``seed``: 人员/公用经费 and projects over nine 功能科目 that fit each unit's
    kind, amounts in 元 with 分."""
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
