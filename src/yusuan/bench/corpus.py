"""The audit's workbooks: a finance bureau's folder of department disclosures.

A few departments of different sizes are built with yusuan (the synthetic inputs of
:mod:`yusuan.bench.synth`), each also in its published form (the printed sheets only, as a
department that did not use yusuan would send it); the folder holds copies of them, a share of
which carry typing errors planted in their printed tables: an amount changed or erased, as an officer's slip
would.  Errors are planted in the saved file's sheet XML, touching that one value and nothing
else (no openpyxl round trip that would rewrite the whole file).  Seeded: the same arguments
give the same folder.
"""

from __future__ import annotations

import random
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import openpyxl

from yusuan.bench.synth import synthetic_input
from yusuan.commands import build_file
from yusuan.findings.marks import SUMMARY_SHEET
from yusuan.inputs.spec import load_spec

# (units, lines) of the departments and how common each size is: most are small
SIZES = ((1, 60), (1, 200), (2, 500), (3, 1000), (5, 2000), (10, 4000))
WEIGHTS = (4, 6, 5, 3, 2, 1)
QUICK_SIZES = ((1, 20), (1, 60))
ERROR_SHARE = 0.3  # share of the workbooks with planted errors
MAX_ERRORS = 4

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NUMBER = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?)(?: t="n")?><v>(-?[0-9.]+(?:E[-+]?[0-9]+)?)</v></c>')


@dataclass(frozen=True)
class Corpus:
    folder: Path
    files: list[Path]
    with_errors: list[Path]  # the ones with planted errors


def build_departments(work: Path, sizes: tuple[tuple[int, int], ...], seed: int) -> list[tuple[Path, Path]]:
    """Per size, a department built by yusuan and its published form (printed sheets only)."""
    spec = load_spec()
    not_published = {SUMMARY_SHEET, spec.settings_sheet, *(sheet.name for sheet in spec.sheets)}
    built = []
    for i, (units, lines) in enumerate(sizes):
        source, target = work / f"dept_{units}x{lines}_输入.xlsx", work / f"dept_{units}x{lines}.xlsx"
        synthetic_input(source, units=units, lines=lines, seed=seed + i)
        if not build_file(source, target).usable:
            raise RuntimeError(f"the synthetic department {units}×{lines} did not build")
        published = work / f"dept_{units}x{lines}_公开.xlsx"
        book = openpyxl.load_workbook(target)
        for ws in [ws for ws in book.worksheets if ws.sheet_state != "visible" or ws.title in not_published]:
            book.remove(ws)
        book.save(published)
        built.append((target, published))
    return built


def table_sheets(path: Path) -> dict[str, str]:
    """The printed tables of a workbook (visible sheets named …表) → their part in the zip."""
    with zipfile.ZipFile(path) as z:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        name, state = sheet.get("name", ""), sheet.get("state", "visible")
        if state == "visible" and name.endswith("表"):
            target = targets[sheet.get(f"{_REL}id")]
            parts[name] = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
    return parts


def plant_errors(source: Path, target: Path, rng: random.Random, count: int) -> int:
    """Copy ``source`` to ``target`` with ``count`` amounts of its tables changed or erased
    (two may fall on one cell); how many were planted (0 when its tables print no amount)."""
    with zipfile.ZipFile(source) as z:
        contents = {info: z.read(info) for info in z.infolist()}
    by_name = {info.filename: info for info in contents}
    parts = [by_name[part] for part in table_sheets(source).values()]
    with_amounts = [part for part in parts if _NUMBER.search(contents[part].decode())]
    planted = 0
    for _ in range(count if with_amounts else 0):
        part = rng.choice(with_amounts)
        xml = contents[part].decode()
        cell = rng.choice(list(_NUMBER.finditer(xml)))
        ref, style, value = cell.groups()
        if rng.random() < 0.2:
            replacement = f'<c r="{ref}"{style}/>'  # erased
        else:
            changed = round(float(value) + rng.choice((-1, 1)) * rng.choice((1, 10, 100, 1000)), 2)
            replacement = f'<c r="{ref}"{style} t="n"><v>{changed}</v></c>'
        contents[part] = (xml[: cell.start()] + replacement + xml[cell.end():]).encode()
        planted += 1
    with zipfile.ZipFile(target, "w") as out:
        for info, data in contents.items():
            out.writestr(info, data, compress_type=info.compress_type)
    return planted


def audit_corpus(folder: Path, work: Path, count: int, quick: bool = False, seed: int = 13) -> Corpus:
    """``count`` department workbooks in ``folder`` (built in ``work``), a seeded share with errors."""
    rng = random.Random(seed)
    sizes = QUICK_SIZES if quick else SIZES
    departments = build_departments(work, sizes, seed)
    forms = [form for pair in departments for form in pair]
    weights = tuple(w for w in WEIGHTS[: len(sizes)] for _ in range(2))
    folder.mkdir(parents=True, exist_ok=True)
    files, with_errors = [], []
    for i in range(count):
        base = rng.choices(forms, weights)[0]
        target = folder / f"{i + 1:03d}_部门{i + 1}.xlsx"
        if rng.random() < ERROR_SHARE and plant_errors(base, target, rng, rng.randint(1, MAX_ERRORS)):
            with_errors.append(target)
        else:
            shutil.copyfile(base, target)
        files.append(target)
    return Corpus(folder, files, with_errors)
