"""Fill an input workbook from CSV files, one per input sheet (``<sheet name>.csv``).

Used by ``yusuan demo`` (the embedded sample department) and by the seed tests: the data goes
through the same template and reader a user's workbook goes through.  CSV columns are the
sheet's headers; 基本信息.csv has the columns 项目, 内容.
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from yusuan.ports import WorkbookPort


def _cell(value: str, numeric: bool) -> object:
    value = value.strip()
    if value == "":
        return None
    if numeric:
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            return value  # bad data stays as typed: the reader reports it
        return int(number) if number == number.to_integral_value() else float(number)
    return value


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def setting_from_csv(folder: Path, label: str) -> str:
    """The 内容 of one 基本信息.csv row (e.g. 表样版本), '' when the file or row is absent."""
    path = Path(folder) / "基本信息.csv"
    if not path.exists():
        return ""
    return next(((r.get("内容") or "").strip() for r in _read(path) if (r.get("项目") or "").strip() == label), "")


def fill_from_csv(port: WorkbookPort, folder: Path, numeric_headers: frozenset[str] = frozenset({"金额"})) -> None:
    """Write every ``<sheet>.csv`` of ``folder`` into the matching sheet of a template workbook."""
    for path in sorted(Path(folder).glob("*.csv")):
        sheet = path.stem
        if sheet not in port.sheet_names():
            continue
        rows = _read(path)
        existing = port.read_values(sheet)
        if sheet == "基本信息":
            labels = {str(r[0]).strip(): i + 1 for i, r in enumerate(existing) if r and r[0] is not None}
            for record in rows:
                label = record["项目"].strip()
                if label in labels:
                    port.write_values(sheet, labels[label], 2, [[_cell(record.get("内容", ""), False)]])
            continue
        headers = {str(h).strip(): c + 1 for c, h in enumerate(existing[0] if existing else []) if h is not None}
        # Sheets the template pre-lists (上年数 items) are filled by the key in their first column.
        listed = {str(r[0]).strip(): i + 1 for i, r in enumerate(existing) if i and r and r[0] is not None}
        key_header = str(existing[0][0]).strip() if existing and existing[0] and existing[0][0] else ""
        block, placed = [], []
        for record in rows:
            line: list[object] = [None] * len(headers)
            for name, value in record.items():
                if name is not None and name.strip() in headers:
                    line[headers[name.strip()] - 1] = _cell(value or "", name.strip() in numeric_headers)
            key = (record.get(key_header) or "").strip()
            if key in listed:
                placed.append((listed[key], line))
            else:
                block.append(line)
        for row, line in placed:
            port.write_values(sheet, row, 1, [line])
        if block:
            port.write_values(sheet, len(existing) + 1 if listed else 2, 1, block)
