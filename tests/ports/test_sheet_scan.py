"""The streamed last-row scan of a worksheet's XML (ports/_sheet_scan.py)."""

from __future__ import annotations

import zipfile

import pytest

import yusuan.ports._sheet_scan as scan
from yusuan.ports._sheet_scan import last_value_cell

ROW = '<row r="{r}"><c r="A{r}" s="1"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>甲</t></is></c></row>'


def _member(tmp_path, xml: str) -> zipfile.ZipFile:
    with zipfile.ZipFile(tmp_path / "s.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sheet.xml", xml)
    return zipfile.ZipFile(tmp_path / "s.zip")


@pytest.mark.parametrize("chunk", [1 << 20, 97])  # one read, and cells split across chunk boundaries
def test_the_last_cell_holding_a_value_is_found(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(scan, "CHUNK", chunk)
    monkeypatch.setattr(scan, "OVERLAP", 200)
    rows = "".join(ROW.format(r=r) for r in range(1, 40))
    formatted = '<row r="40"><c r="A40" s="2"/></row><row r="900"><c r="C900" s="2"></c></row>'
    xml = f'<worksheet><sheetData>{rows}{formatted}</sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>'
    assert last_value_cell(_member(tmp_path, xml), "sheet.xml") == (39, "B39")


def test_prefixed_tags_formulas_without_values_and_no_values(tmp_path):
    xml = ('<x:worksheet><x:sheetData><x:row r="3"><x:c r="D3"><x:v>1</x:v></x:c></x:row>'
           '<x:row r="70000"><x:c r="AB70000"><x:f>SUM(A1:A2)</x:f></x:c></x:row></x:sheetData></x:worksheet>')
    assert last_value_cell(_member(tmp_path, xml), "sheet.xml") == (70000, "AB70000")
    assert last_value_cell(_member(tmp_path, '<worksheet><sheetData><row r="5"><c r="A5" s="1"/></row></sheetData></worksheet>'),
                           "sheet.xml") == (0, "")
    # cells without addresses: no answer here (the reader's own check after loading decides)
    assert last_value_cell(_member(tmp_path, "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>"),
                           "sheet.xml") == (0, "")
