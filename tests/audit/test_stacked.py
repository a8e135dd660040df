"""Tables stacked on one sheet, with their form labels and notes (issue 8, part 6).

A department may print every table on one sheet, one below the other, each under a table
number (预算06表, 表一, 附表7 …) — left, right, or beside a 单位：万元 — with or without a blank
row after the table above, and notes (注：…, 备注) below — or between a title and its header.  A label above a title must not be
read as a body row of the table above it (it was: TB001 “预算05表不能识别为金额” and TB007 on
correct totals), and a note above a header made the table unrecognised.  Recognised, a stacked workbook gives exactly the tables and the findings of
the same tables printed one per sheet:

- ``stacked004``: the fourteen tables of ``foreign004`` on three sheets with labels in every
  position (tests/fixtures/audit/stacked004/workbook.yaml);
- every seed transcription (000, 002, 003, foreign004) re-rendered with all its tables on
  one sheet, the next title right under the last row or the notes of the table above.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from yusuan.audit.runner import CheckOutcome, table_findings
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

from .test_seed_audit import _generator

FIXTURES = Path(__file__).parents[1] / "fixtures" / "audit"
SEEDS = ("seed000", "seed002", "seed003", "foreign004")


@cache
def _outcome(path: Path) -> CheckOutcome:
    return table_findings(OpenpyxlWorkbook.open(path))


def _rows(outcome: CheckOutcome) -> dict[str, list]:
    """Each table's rows as the checks see them: role, code, label and every amount (not the row number)."""
    assert outcome.parsed is not None
    return {
        table.kind: [(r.role, r.code, r.label, sorted((k, c.amount, c.problem) for k, c in r.cells.items()))
                     for r in table.rows]
        for table in outcome.parsed.tables
    }


def _severities(outcome: CheckOutcome) -> Counter:
    return Counter((f.code, f.severity) for f in outcome.findings)


def _stacked_on_one_sheet(name: str, target: Path) -> Path:
    """The transcription ``name`` with every table on one sheet, alternately no blank row and
    one blank row between a table (or its notes) and the next title."""
    spec = yaml.safe_load((FIXTURES / name / "workbook.yaml").read_text(encoding="utf-8"))
    folder = (FIXTURES / name).resolve()
    tables = []
    for sheet in spec["sheets"]:
        for table in sheet.get("tables") or [sheet]:
            if "csv" not in table and "body" not in table:
                continue  # a cover sheet of text only
            table = {k: v for k, v in table.items() if k != "sheet"}
            if "csv" in table:
                table["csv"] = str(folder / table["csv"])
            table["gap_after"] = len(tables) % 2
            tables.append(table)
    spec["sheets"] = [{"sheet": "全部表格", "tables": tables}]
    if spec.get("source"):
        spec["source"] = str((folder / spec["source"]).resolve())
    if spec.get("narrative"):
        spec["narrative"] = str(folder / spec["narrative"])
    target.mkdir(parents=True, exist_ok=True)
    (target / "workbook.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    _generator().render(target).save(target / "workbook.xlsx")
    return target / "workbook.xlsx"


def test_labelled_stack_reads_as_the_tables_one_per_sheet():
    stacked, separate = _outcome(FIXTURES / "stacked004" / "workbook.xlsx"), _outcome(FIXTURES / "foreign004" / "workbook.xlsx")
    assert stacked.parsed.unrecognised == ()
    assert _rows(stacked) == _rows(separate)
    assert len(_rows(stacked)) == 14
    assert _severities(stacked) == _severities(separate)
    assert not [f for f in stacked.findings if f.code in ("TB001", "TB007")]


def test_labelled_stack_keeps_the_notes_with_their_tables():
    stacked = _outcome(FIXTURES / "stacked004" / "workbook.xlsx")
    notes = {t.kind: t.note for t in stacked.parsed.tables if t.note}
    assert notes["income"] == "注：本表反映部门本年收入和上年结转结余。"  # 注： and its text in two cells
    assert notes["general_budget_basic"].startswith("备注：人员经费")
    assert "故此表无数据" in notes["government_fund_expenditure"]
    assert "故此表无数据" in notes["state_capital_expenditure"]
    assert set(notes) == {"income", "general_budget_basic", "three_public", "government_fund_expenditure",
                          "state_capital_expenditure"}


@pytest.mark.parametrize("name", SEEDS)
def test_seed_tables_stacked_on_one_sheet_read_alike(name, tmp_path):
    stacked = _outcome(_stacked_on_one_sheet(name, tmp_path / name))
    separate = _outcome(FIXTURES / name / "workbook.xlsx")
    assert _rows(stacked) == _rows(separate)
    assert [u.title for u in stacked.parsed.unrecognised] == [u.title for u in separate.parsed.unrecognised]
    assert _severities(stacked) == _severities(separate)
