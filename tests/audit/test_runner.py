"""The audit in two speeds (issue 13): a workbook read with calamine gives the same findings as
read with openpyxl — on every audit fixture, the demo build (whole and as published), the seed
departments' builds and a few fuzz-mutated disclosures — and a file calamine cannot read is
audited through openpyxl or gets the openpyxl port's Chinese message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from builds import demo_built_bytes, demo_tables_bytes, seed_build
from fuzz.generator import mutated_outputs
from yusuan.audit.runner import annotate_file, audit_file, audit_workbook, has_findings
from yusuan.errors import UserError
from yusuan.ports.calamine_port import CalamineWorkbook
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

FIXTURES = Path(__file__).parents[1] / "fixtures" / "audit"
AUDIT_FIXTURES = sorted(p.parent.name for p in FIXTURES.glob("*/workbook.xlsx"))
SEEDS = ["seed001", "seed003"]  # 2023 with three units, 2020: other years than the demo's
FUZZ_CASES = 4


def findings_of(reader) -> list[tuple[str, str, str, str, str]]:
    return [(f.code, f.severity.label, f.sheet, f.cell, f.message) for f in audit_workbook(reader).findings]


def assert_same_findings(path: Path) -> None:
    fast = findings_of(CalamineWorkbook.open(path))
    assert fast == findings_of(OpenpyxlWorkbook.open(path)), path.name


@pytest.fixture(scope="module")
def built_files(tmp_path_factory) -> dict[str, Path]:
    """The shared builds (tests/builds.py) as files, and the fuzz cases made from the demo."""
    folder = tmp_path_factory.mktemp("two_speeds")
    files = {"demo": demo_built_bytes(), "demo_tables": demo_tables_bytes()}
    files |= {seed: seed_build(seed)[1] for seed in SEEDS}
    paths = {}
    for name, data in files.items():
        paths[name] = folder / f"{name}.xlsx"
        paths[name].write_bytes(data)
    for case in mutated_outputs(13, FUZZ_CASES, paths["demo_tables"]):
        (folder / case.name).mkdir()
        paths[case.name] = case.make(folder / case.name)
    return paths


@pytest.mark.parametrize("name", AUDIT_FIXTURES)
def test_fixture_workbooks_give_the_same_findings_read_either_way(name):
    assert_same_findings(FIXTURES / name / "workbook.xlsx")


def test_built_seeded_and_fuzzed_workbooks_give_the_same_findings_read_either_way(built_files):
    assert len(built_files) == 2 + len(SEEDS) + FUZZ_CASES
    for path in built_files.values():
        assert_same_findings(path)


def test_a_file_calamine_cannot_read_is_audited_through_openpyxl(built_files, tmp_path):
    """A number stored as ' 5 ' (a hand-edited file): openpyxl reads it, calamine gives up."""
    source = _patched(built_files["demo_tables"], tmp_path / "手改.xlsx", b"<v>", b"<v> ", count=1)
    outcome, book = audit_file(source)
    assert isinstance(book, OpenpyxlWorkbook)  # read with openpyxl: flag in that one, no second load
    expected = findings_of(OpenpyxlWorkbook.open(source))
    assert [(f.code, f.severity.label, f.sheet, f.cell, f.message) for f in outcome.findings] == expected


def test_a_file_neither_reader_can_read_gets_one_chinese_line(built_files, tmp_path):
    source = _patched(built_files["demo_tables"], tmp_path / "坏.xlsx", b'<c r="A1"', b'<c r="1A"', count=1)
    with pytest.raises(UserError, match="坏.xlsx：无法读取工作簿（ValueError）。文件可能已损坏。"):
        audit_file(source)


def test_clean_and_flagged(built_files, tmp_path):
    """A clean workbook has nothing to flag beyond the profile note; a flagged one is annotated
    in a copy, its source untouched."""
    clean, _ = audit_file(built_files["demo"])
    assert [f.code for f in clean.findings] == ["PF002"] and not has_findings(clean)
    source = FIXTURES / "seed000" / "workbook.xlsx"
    before = source.read_bytes()
    outcome, book = audit_file(source)
    assert has_findings(outcome) and book is None
    annotate_file(source, tmp_path / "标注.xlsx", outcome)
    flagged = OpenpyxlWorkbook.open(tmp_path / "标注.xlsx")
    assert "校验结果" in flagged.sheet_names() and source.read_bytes() == before
    first = next(f for f in outcome.findings if f.code != "PF002" and f.cell)
    assert flagged.book[first.sheet][first.cell.split(":")[0]].comment is not None


def _patched(source: Path, target: Path, old: bytes, new: bytes, count: int) -> Path:
    """``source`` with ``old`` replaced in its first worksheet's XML."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            data = archive.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new, count)
            out.writestr(info, data)
    return target
