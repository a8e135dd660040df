"""The demo output, cell by cell, as text: what ``tests/test_output_identity.py`` compares with the
committed ``tests/fixtures/demo_output.fingerprint``.

One line per cell that holds a value or any formatting: sheet, address, value (with its type),
number format, font, fill, border, alignment; then each sheet's merged ranges.  Formats are
written as what they are (name, size, colour …), not as openpyxl's style indices, so a change of
how a style is stored but not of how it looks leaves the fingerprint alone.

Refresh it after an intended change of the output (a new column, a format, a wording):

    make fingerprint        # = .venv/bin/python tests/fingerprint.py

and commit the file with the change, so the diff shows what every changed cell now is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from builds import demo_built_bytes, open_copy

FINGERPRINT = Path(__file__).parent / "fixtures" / "demo_output.fingerprint"


def _color(color) -> str:
    if color is None:
        return "-"
    if color.type == "theme":
        return f"theme{color.theme}{color.tint:+g}" if color.tint else f"theme{color.theme}"
    if color.type == "indexed":
        return f"idx{color.indexed}"
    return str(color.rgb)


def _font(font) -> str:
    parts = [font.name or "-", f"{font.sz:g}" if font.sz else "-", _color(font.color)]
    parts += [flag for flag, on in (("b", font.b), ("i", font.i), ("strike", font.strike)) if on]
    if font.u:
        parts.append(f"u={font.u}")
    if font.charset is not None:
        parts.append(f"cs={font.charset}")
    return " ".join(parts)


def _fill(fill) -> str:
    if fill is None or fill.fill_type is None:
        return ""
    if fill.fill_type == "solid" or hasattr(fill, "fgColor"):
        return f"{fill.fill_type} {_color(fill.fgColor)} {_color(fill.bgColor)}"
    return type(fill).__name__  # a gradient


def _border(border) -> str:
    sides = []
    for name in ("left", "right", "top", "bottom", "diagonal"):
        side = getattr(border, name)
        if side is not None and side.style:
            sides.append(f"{name[0]}:{side.style}/{_color(side.color)}")
    return " ".join(sides)


def _alignment(al) -> str:
    parts = [f"{key}={value}" for key, value in (
        ("h", al.horizontal), ("v", al.vertical), ("wrap", al.wrap_text), ("indent", al.indent or None),
        ("rot", al.text_rotation or None), ("shrink", al.shrink_to_fit),
    ) if value]
    return " ".join(parts)


def _fields(cell) -> list[str]:
    """Value, number format, font, fill, border, alignment (empty: none or the default)."""
    value = cell.value
    font = _font(cell.font)
    return [
        "" if value is None else f"{type(value).__name__}:{value!r}".replace("\n", "\\n"),
        "" if cell.number_format == "General" else cell.number_format,
        "" if font == _DEFAULT_FONT else font,
        _fill(cell.fill),
        _border(cell.border),
        _alignment(cell.alignment),
    ]


_DEFAULT_FONT = _font(openpyxl.Workbook().active["A1"].font)  # left out: most cells have it


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for row in rows:
        if out and out[-1][1] == row - 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    return out


def fingerprint(book: openpyxl.Workbook) -> list[str]:
    """Every sheet (in order, with its visibility); every cell that holds a value, one line each;
    the empty cells that are formatted, as runs down a column of one look (an input sheet is
    formatted 2,000 rows down); every merged range."""
    lines = []
    for ws in book.worksheets:
        lines.append(f"## {ws.title}\t{ws.sheet_state}")
        empty: dict[tuple[int, tuple[str, ...]], list[int]] = {}
        for (row, col), cell in sorted(ws._cells.items()):  # the stored cells only, in row order
            fields = _fields(cell)
            if fields[0]:
                lines.append(f"{cell.coordinate}\t" + "\t".join(fields))
            elif any(fields):
                empty.setdefault((col, tuple(fields[1:])), []).append(row)
        for (col, look), rows in sorted(empty.items()):
            letter = get_column_letter(col)
            for top, bottom in _runs(rows):
                where = f"{letter}{top}" if top == bottom else f"{letter}{top}:{letter}{bottom}"
                lines.append(f"{where}\t\t" + "\t".join(look))
        lines += [f"merged {rng.coord}" for rng in sorted(ws.merged_cells.ranges, key=lambda r: r.bounds)]
    return lines


def demo_fingerprint() -> list[str]:
    return fingerprint(open_copy(demo_built_bytes()).book)


def main() -> int:
    FINGERPRINT.write_text("\n".join(demo_fingerprint()) + "\n", encoding="utf-8")
    print(f"wrote {FINGERPRINT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
