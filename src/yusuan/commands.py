"""File-level operations shared by the CLI and the tests: open, build, save to a new file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from yusuan.build import BuildOutcome, build_workbook
from yusuan.errors import UserError
from yusuan.inputs.from_csv import fill_from_csv
from yusuan.inputs.template import write_template
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

SAMPLE = "示例区政务服务和大数据管理局"


def build_file(source: Path, target: Path) -> BuildOutcome:
    """Build from ``source`` into a new file ``target``; the source file is never written."""
    if target.resolve() == source.resolve():
        raise UserError("输出文件不能与输入文件相同（yusuan 不改动原文件），请用 -o 指定另一个文件名。")
    book = OpenpyxlWorkbook.open(source)
    outcome = build_workbook(book)
    if outcome.usable:
        book.save(target)
    return outcome


def sample_folder() -> Path:
    return Path(str(resources.files("yusuan").joinpath("sample", SAMPLE)))


def input_workbook_from_csv(folder: Path) -> OpenpyxlWorkbook:
    """A template workbook filled with the CSV files of ``folder``."""
    book = OpenpyxlWorkbook.new()
    write_template(book)
    fill_from_csv(book, folder)
    return book


def build_demo(output_dir: Path) -> tuple[BuildOutcome, Path, Path]:
    """Write the embedded sample department's input workbook, then build it like a user would."""
    source = output_dir / f"{SAMPLE}_输入.xlsx"
    target = output_dir / f"{SAMPLE}_预算公开.xlsx"
    input_workbook_from_csv(sample_folder()).save(source)
    return build_file(source, target), source, target
