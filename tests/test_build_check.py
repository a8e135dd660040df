"""The check of a build's own output (build.check_built): the input sheets the reader just read
are not read again (a 50,000-line 支出明细 was a tenth of a large build), with the same findings
on the same cells as a check that reads every sheet."""

from __future__ import annotations

from builds import open_copy
from yusuan import profiles
from yusuan.audit.recognize import input_sheets_among
from yusuan.build import check_built
from yusuan.catalogs import Catalog
from yusuan.inputs.reader import read_inputs
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook


class _CountingReads(OpenpyxlWorkbook):
    def __init__(self, book: OpenpyxlWorkbook):
        super().__init__(book.book, book.path)
        self.read: list[str] = []

    def read_values(self, sheet: str) -> list[list]:
        self.read.append(sheet)
        return super().read_values(sheet)


def test_the_check_of_a_build_reads_no_input_sheet_again_and_finds_the_same(demo_bytes):
    built = open_copy(demo_bytes)
    read = read_inputs(built)  # the input sheets as the build read them, names filled in since
    assert read.model is not None
    profile = profiles.load(read.model.department.profile)
    inputs = input_sheets_among(read.sheets, profile)
    assert {"基本信息", "单位信息", "支出明细", "项目绩效"} <= inputs
    built.write_values("部门收支预算表", 2, 1, [["部门名称：别的局"]])  # a finding, so that "the same" compares something
    catalog = Catalog.for_year(read.model.department.year)
    counting = _CountingReads(built)
    skipping = check_built(counting, read.model, catalog, profile, inputs)
    assert skipping == check_built(built, read.model, catalog, profile)
    assert any(f.sheet == "部门收支预算表" for f in skipping)
    assert "支出明细" not in counting.read and "部门收支预算表" in counting.read


def test_a_sheet_named_as_an_input_sheet_that_holds_a_table_is_not_taken_for_one():
    """Only a first row that is the input sheet's header makes it one: a 支出明细 sheet that
    holds a pasted disclosure table is still recognised and checked."""
    sheets = {
        "支出明细": [["部门支出预算表"], ["单位：万元"], ["科目编码", "科目名称", "合计"]],
        "单位信息": [["单位代码", "单位名称", "单位性质"], ["001", "甲", "行政单位"]],
    }
    assert input_sheets_among(sheets) == {"单位信息"}
