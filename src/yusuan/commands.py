"""File-level operations shared by the CLI and the tests: open, build, save to a new file."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from yusuan import profiles
from yusuan.audit.last_year import open_last_year
from yusuan.audit.runner import CheckOutcome, check_workbook
from yusuan.build import BuildOutcome, build_workbook, hide_input_sheets
from yusuan.checks.flags import clear_flags
from yusuan.errors import UserError
from yusuan.inputs.from_csv import fill_from_csv, setting_from_csv
from yusuan.inputs.template import write_template
from yusuan.ports.atomic import resolve_output
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.progress import Step, no_progress

SAMPLE = "示例区政务服务和大数据管理局"
SAVE_STEP, DEMO_INPUT_STEP = "保存", "生成示例输入工作簿"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
RARE_COLLECTIONS = 100_000  # allocations between two collections of the youngest generation (Python's default: 700)


def check_output_path(target: Path) -> None:
    """Refuse, before any work is done, a target that cannot be saved as a workbook."""
    if target.is_dir():
        raise UserError(f"{target} 是文件夹，请用 -o 指定要保存的工作簿文件名（.xlsx）。")
    if target.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise UserError(f"{target.name}：输出文件须以 .xlsx 或 .xlsm 结尾。")
    resolve_output(target)  # a symlink to another file, a parent that is a file: refused up front


def default_output(source: Path, tag: str = "预算公开") -> Path:
    """``<输入文件名>_<tag>`` with the input's extension, so a macro workbook stays .xlsm."""
    suffix = ".xlsm" if source.suffix.lower() == ".xlsm" else ".xlsx"
    return source.with_name(f"{source.stem}_{tag}{suffix}")


def _same_file(source: Path, target: Path) -> bool:
    if target.resolve() == source.resolve():
        return True
    # hard links and other aliases that resolve() does not see
    return target.exists() and source.exists() and os.path.samefile(source, target)


def _refuse_same_or_bad_target(source: Path, target: Path) -> None:
    if _same_file(source, target):
        raise UserError("输出文件不能与输入文件相同（yusuan 不改动原文件），请用 -o 指定另一个文件名。")
    check_output_path(target)
    macros_in, macros_out = source.suffix.lower() == ".xlsm", target.suffix.lower() == ".xlsm"
    if source.suffix.lower() in WORKBOOK_SUFFIXES and macros_in != macros_out:
        # openpyxl keeps an .xlsm's macros and content type; Excel refuses a file whose
        # extension disagrees with its content type
        raise UserError(f"输出文件的扩展名须与输入文件一致（{source.suffix}）。")


def check_file(source: Path, target: Path, profile: profiles.Profile | str | None = None) -> CheckOutcome:
    """校验 one workbook into an annotated copy ``target``; the source is never written.
    ``profile``: the profile (or its name) to check against; default: chosen from the workbook."""
    _refuse_same_or_bad_target(source, target)
    book = OpenpyxlWorkbook.open(source)
    outcome = check_workbook(book, profiles.load(profile) if isinstance(profile, str) else profile)
    book.save(target)
    return outcome


def clear_file(source: Path, target: Path) -> int:
    """清除标记: a copy of ``source`` without yusuan's notes, fills and 校验结果 sheet."""
    _refuse_same_or_bad_target(source, target)
    book = OpenpyxlWorkbook.open(source)
    cleared = clear_flags(book)
    book.save(target)
    return cleared


def build_file(source: Path, target: Path, last_year: Path | None = None, progress: Step = no_progress,
               profile: profiles.Profile | None = None, layout: dict[str, str] | None = None) -> BuildOutcome:
    """Build from ``source`` into a new file ``target``; the source file is never written.
    ``last_year``: last year's disclosure workbook, imported into 上年数 of the output;
    ``progress``: told each build step and 保存; ``profile``/``layout``: see build_workbook."""
    _refuse_same_or_bad_target(source, target)
    last = None
    if last_year is not None:
        last = open_last_year(last_year)
        if _same_file(last_year, target):
            raise UserError("输出文件不能与上年工作簿相同（会覆盖上年工作簿），请用 -o 指定另一个文件名。")
    with _rare_collections():
        book = OpenpyxlWorkbook.open(source)
        outcome = build_workbook(book, last, progress, profile, layout)
        if outcome.usable:
            outcome.hidden_inputs = hide_input_sheets(book, outcome.findings)
            progress(SAVE_STEP)
            book.save(target)
    return outcome


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Python's cycle collector run a hundred times less often for the time of a build: a
    50,000-line workbook is millions of objects that live to the end (openpyxl's cells), each
    collection walked them again (a seventh of a build's CPU at 100 × 50,000), and a build
    makes little cyclic garbage (+16 MB peak at that size)."""
    old = gc.get_threshold()
    gc.set_threshold(RARE_COLLECTIONS, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def sample_folder() -> Path:
    return Path(str(resources.files("yusuan").joinpath("sample", SAMPLE)))


def input_workbook_from_csv(folder: Path) -> OpenpyxlWorkbook:
    """A template workbook filled with the CSV files of ``folder``; the template is the one of the
    表样版本 the CSV names (its input fields included, e.g. 河南2023's asset values)."""
    book = OpenpyxlWorkbook.new()
    name = setting_from_csv(folder, "表样版本")
    write_template(book, profiles.load(name) if name in profiles.available() else None)
    fill_from_csv(book, folder)
    return book


def build_demo(output_dir: Path, progress: Step = no_progress) -> tuple[BuildOutcome, Path, Path]:
    """Write the embedded sample department's input workbook, then build it like a user would."""
    if output_dir.exists() and not output_dir.is_dir():
        raise UserError(f"{output_dir} 已存在且不是文件夹，请用 -o 指定一个文件夹。")
    source = output_dir / f"{SAMPLE}_输入.xlsx"
    target = output_dir / f"{SAMPLE}_预算公开.xlsx"
    progress(DEMO_INPUT_STEP)
    input_workbook_from_csv(sample_folder()).save(source)
    return build_file(source, target, progress=progress), source, target
