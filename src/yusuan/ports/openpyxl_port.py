"""Workbook port over openpyxl, for workbook files (.xlsx/.xlsm)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Sequence
from copy import copy
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Color, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.fills import Fill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.xml.functions import fromstring, tostring

from yusuan.errors import UserError
from yusuan.ports._openpyxl_load import load_workbook
from yusuan.ports._openpyxl_save import save_workbook
from yusuan.ports._sheet_scan import last_value_cell, sheet_parts
from yusuan.ports.atomic import write_atomically
from yusuan.ports.base import CellRange, PageSetup, Style, Validation, column_letter

# openpyxl parses through defusedxml when it is installed (it is a dependency), which stops
# XML entity bombs; zip bombs are stopped here before openpyxl inflates anything.
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# Documented size limits (README): a budget workbook is far below them; beyond them yusuan
# refuses at once with the figure, before spending minutes and gigabytes.
MAX_SHEET_CELLS = 5_000_000  # rows × columns of the range that holds values
MAX_EXCEL_ROWS = 1_048_576
MAX_SHEET_ROWS = 200_000  # rows down to the last value (5,000 budget lines use about 5,000)
MAX_SHEET_XML_BYTES = 64 * 1024 * 1024  # one worksheet's XML, unpacked: about 500,000 filled cells
SCAN_SHEET_BYTES = 4 * 1024 * 1024  # a sheet's XML above this is streamed for its last row first
CHART_NUMBER_FORMAT = "#,##0.00"
OWN_AUTHOR = "yusuan"  # the author of the notes yusuan writes

_PLAIN_STYLE = StyleArray().tobytes()  # the style of a cell nothing was applied to
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


_XLSB = "{name}：这是 Excel 二进制工作簿（.xlsb 格式），请在 Excel 中另存为 .xlsx 再试。"
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # the container of .xls files and of encrypted workbooks


def _check_kind(path: Path) -> None:
    """Name what the file is when it is not a workbook yusuan reads (by content, not only by
    name: a renamed .xls or a password-protected .xlsx says so), and unreadable files."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 20)
    except PermissionError:
        raise UserError(f"没有读取 {path} 的权限，请检查文件权限，或关闭占用该文件的程序后重试。") from None
    except OSError as exc:
        raise UserError(f"无法读取 {path}（{exc.strerror or exc}）。") from None
    if head.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in head:
            raise UserError(f"{path.name}：工作簿设置了打开密码（已加密），请在 Excel 中取消密码后另存为 .xlsx 再试。")
        raise UserError(f"{path.name}：这是旧版 Excel 97-2003 工作簿（.xls 格式），请在 Excel 中另存为 .xlsx 再试。")
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise UserError(_XLSB.format(name=path.name))
    if suffix not in (".xlsx", ".xlsm"):
        raise UserError(f"{path.name}：只支持 .xlsx / .xlsm 工作簿（旧版 .xls 请在 Excel 中另存为 .xlsx）。")


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            if "xl/workbook.bin" in archive.namelist():  # an .xlsb renamed to .xlsx
                raise UserError(_XLSB.format(name=path.name))
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if info.filename.startswith("xl/worksheets/") and info.file_size > MAX_SHEET_XML_BYTES:
                    raise UserError(
                        f"{path.name}：工作表数据过大（{info.filename.rsplit('/', 1)[-1]} 解压后 {info.file_size / 2**20:,.0f} MB，"
                        f"上限 {MAX_SHEET_XML_BYTES // 2**20} MB），不是一份部门预算工作簿能有的大小，已拒绝打开；请删除无关的数据后重试。")
                if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO and info.file_size > 10_000_000:
                    raise UserError(f"{path.name}：文件内容压缩比异常（疑似压缩炸弹），已拒绝打开。")
            if total > MAX_UNCOMPRESSED_BYTES:
                raise UserError(f"{path.name}：文件解压后超过 {MAX_UNCOMPRESSED_BYTES // 2**20} MB，已拒绝打开。")
            _check_sheet_rows(archive)
    except zipfile.BadZipFile:
        raise UserError(f"{path.name}：不是有效的 Excel 工作簿（.xlsx）文件。") from None


def _check_sheet_rows(archive: zipfile.ZipFile) -> None:
    """Refuse a sheet whose values reach beyond ``MAX_SHEET_ROWS`` before openpyxl loads it (a
    narrow sheet of 600,000 rows fits the XML limit but costs half a minute to load).  Only
    sheets big enough to hold that many rows are streamed; a far cell in a small sheet costs
    nothing to load and is refused by :meth:`OpenpyxlWorkbook.read_values`."""
    big = [i.filename for i in archive.infolist() if i.filename.startswith("xl/worksheets/") and i.file_size > SCAN_SHEET_BYTES]
    names = sheet_parts(archive) if big else {}
    for part in big:
        try:
            row, address = last_value_cell(archive, part)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            continue  # a broken part: openpyxl says so when it loads it
        if row > MAX_SHEET_ROWS:
            raise UserError(
                f"工作表“{names.get(part, part.rsplit('/', 1)[-1])}”的数据区域过大（{row:,} 行，最远的内容在 {address}；上限 {MAX_SHEET_ROWS:,} 行），"
                "请删除远处的无关单元格后重试。")


def check_workbook_file(path: Path) -> None:
    """Refuse (UserError, one Chinese line) what is not a workbook file yusuan reads, before any
    reader loads it: missing, a folder, another format, a zip bomb, a sheet far too big."""
    if not path.exists():
        raise UserError(f"找不到文件：{path}")
    if path.is_dir():
        raise UserError(f"{path} 是文件夹，不是 Excel 工作簿。")
    _check_kind(path)
    _check_archive(path)


def _new_chart(kind: str):
    """An empty pie or (horizontal) bar chart with value labels in #,##0.00."""
    # every flag explicit: a reader that misses one (LibreOffice) shows category and series too
    labels = DataLabelList(numFmt=CHART_NUMBER_FORMAT, showVal=True, showPercent=False, showCatName=False,
                           showSerName=False, showLegendKey=False, showBubbleSize=False)
    if kind == "pie":
        chart = PieChart()
        labels.showPercent = True  # value and share: what readers of 支出结构 look for
        labels.showLeaderLines = True
        labels.separator = "\n"
    elif kind == "bar":
        chart = BarChart()
        chart.type = "bar"  # horizontal: long 功能分类 names stay readable
        chart.legend = None  # one series, named by the title
        chart.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the data block
        chart.y_axis.crosses = "max"  # keeps the value axis at the bottom once categories run downwards
        chart.y_axis.number_format = "#,##0"  # whole 万元 on the axis; the labels carry the cents
        chart.y_axis.majorGridlines = None
        chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides axes otherwise
        chart.gapWidth = 60
    else:
        raise ValueError(f"unknown chart kind {kind!r}")
    chart.dataLabels = labels
    return chart


def _value_bounds(ws) -> tuple[int, int, str, bool]:
    """Last row and column that hold a value, the address of the last row's value, and whether
    any value is text starting with '=' (a formula, or text that looks like one).  Formatting
    alone stretches a sheet's declared dimensions to the far corner; walking the stored cells
    avoids materialising that grid."""
    bottom = right = 0
    far_col = 0
    formula = False
    for (row, col), cell in ws._cells.items():  # openpyxl's own sparse store
        value = cell._value  # what the ``value`` property returns, without a call per cell
        if value is not None:
            if row > bottom:
                bottom, far_col = row, col
            right = max(right, col)
            if not formula and isinstance(value, str) and value.startswith("="):
                formula = True
    return bottom, right, f"{column_letter(far_col)}{bottom}" if bottom else "", formula


def _set_other_value(cell: Cell, value: Any) -> None:
    """``cell.value = value`` for a value that is not plain text, a number or blank (a bool, a
    date, a Decimal …): openpyxl's own type dispatch; text of a str subclass stays text."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, even when it starts with '='


def _dense_rows(ws, bottom: int, right: int) -> list[list[Any]]:
    """The values from A1 to (bottom, right), built from the cells that hold values (a sheet's
    stored but empty, merely formatted cells cost nothing)."""
    rows = [[None] * right for _ in range(bottom)]
    for (row, col), cell in ws._cells.items():
        value = cell._value
        if value is not None and row <= bottom and col <= right:
            rows[row - 1][col - 1] = value
    return rows


class OpenpyxlWorkbook:
    """A :class:`~yusuan.ports.WorkbookPort` over an openpyxl workbook."""

    def __init__(self, workbook: openpyxl.Workbook, path: Path | None = None):
        self.book = workbook
        self.path = path
        self._cached_values: openpyxl.Workbook | None = None
        self._uncomputed: dict[str, list[tuple[int, int]]] = {}

    # construction ----------------------------------------------------------------------
    @classmethod
    def new(cls) -> OpenpyxlWorkbook:
        book = openpyxl.Workbook()
        book.remove(book.active)
        return cls(book)

    @classmethod
    def open(cls, path: str | Path) -> OpenpyxlWorkbook:
        path = Path(path)
        check_workbook_file(path)
        try:
            book = load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")  # openpyxl's, merged ranges cheaper
        except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile,
                SyntaxError, zlib.error, EOFError) as exc:  # XML parse errors are SyntaxErrors
            raise UserError(f"{path.name}：无法读取工作簿（{type(exc).__name__}）。文件可能已损坏。") from None
        return cls(book, path)

    # sheets ----------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        return list(self.book.sheetnames)

    def add_sheet(self, name: str, index: int | None = None) -> None:
        self.book.create_sheet(name, index)

    def remove_sheet(self, name: str) -> None:
        self.book.remove(self.book[name])

    def set_sheet_hidden(self, name: str, hidden: bool) -> None:
        self.book[name].sheet_state = "hidden" if hidden else "visible"
        if hidden:  # a hidden sheet left selected would be grouped with the active one in Excel
            self.book[name].sheet_view.tabSelected = False
            self.book[name].print_area = None  # LibreOffice prints a hidden sheet's print area

    # values ----------------------------------------------------------------------------
    def read_values(self, sheet: str) -> list[list[Any]]:
        ws = self.book[sheet]
        self._uncomputed.pop(sheet, None)
        bottom, right, far, formula = _value_bounds(ws)
        if bottom > MAX_SHEET_ROWS or bottom * right > MAX_SHEET_CELLS:
            raise UserError(
                f"工作表“{sheet}”的数据区域过大（{bottom:,} 行 × {right:,} 列，最远的内容在 {far}；"
                f"上限 {MAX_SHEET_ROWS:,} 行、{MAX_SHEET_CELLS:,} 个单元格），请删除远处的无关单元格后重试。"
            )
        rows = _dense_rows(ws, bottom, right)
        if formula:
            rows = self._with_formula_results(sheet, ws, rows)
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        return rows

    def _with_formula_results(self, sheet: str, ws, rows: list[list[Any]]) -> list[list[Any]]:
        """Replace formulas by the results Excel cached when it last saved the file."""
        if self._cached_values is None and self.path is not None:
            self._cached_values = openpyxl.load_workbook(self.path, data_only=True, read_only=True)
        cached = None
        if self._cached_values is not None and sheet in self._cached_values.sheetnames:
            cached = [list(r) for r in self._cached_values[sheet].iter_rows(values_only=True)]
        out = []
        uncomputed = self._uncomputed[sheet] = []
        for r, row in enumerate(rows):
            new_row = []
            for c, value in enumerate(row):
                if isinstance(value, str) and value.startswith("=") and ws.cell(r + 1, c + 1).data_type == "f":
                    value = cached[r][c] if cached and r < len(cached) and c < len(cached[r]) else None
                    if value is None:
                        uncomputed.append((r + 1, c + 1))
                new_row.append(value)
            out.append(new_row)
        return out

    def uncomputed_cells(self, sheet: str) -> list[tuple[int, int]]:
        """Cells of the last ``read_values`` of ``sheet`` that hold a formula with no result saved
        (a file written by a program that does not calculate): read as blank."""
        return list(self._uncomputed.get(sheet, ()))

    def write_values(self, sheet: str, top: int, left: int, rows: Sequence[Sequence[Any]]) -> None:
        ws = self.book[sheet]
        if top < 1 or left < 1 or top + len(rows) - 1 > MAX_EXCEL_ROWS:
            raise ValueError(f"cells out of the sheet: row {top}, column {left}, {len(rows)} rows")
        # openpyxl's sparse store directly: ws.cell() per cell was most of a 50,000-row name fill
        cells = ws._cells
        created = 0
        checked: dict[str, str] = {}  # text → as openpyxl stores it (checked once: names repeat)
        for r, row in enumerate(rows, start=top):
            for c, value in enumerate(row, start=left):
                cell = cells.get((r, c))
                if cell is None:
                    cell = cells[(r, c)] = Cell(ws, row=r, column=c)
                    created = r
                elif isinstance(cell, MergedCell):  # covered by a merge: holds no value (the reader says so)
                    continue
                # what cell.value = value stores, without openpyxl's type dispatch per cell;
                # text always as text (never a formula, even when it starts with '=')
                kind = value.__class__
                if kind is str:
                    text = checked.get(value)
                    if text is None:
                        text = checked[value] = cell.check_string(value)
                    cell._value, cell.data_type = text, "s"
                elif value is None or kind is int or kind is float:
                    cell._value, cell.data_type = value, "n"
                else:
                    _set_other_value(cell, value)
        ws._current_row = max(ws._current_row, created)  # as ws.cell() keeps it

    # layout and formats ----------------------------------------------------------------
    def merge(self, sheet: str, ranges: Sequence[CellRange]) -> None:
        ws = self.book[sheet]
        for rng in ranges:
            if not rng.is_cell:
                ws.merge_cells(start_row=rng.top, start_column=rng.left, end_row=rng.bottom, end_column=rng.right)

    def merged_ranges(self, sheet: str) -> list[CellRange]:
        ws = self.book[sheet]
        return [CellRange(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]

    def apply_style(self, sheet: str, cells: CellRange, style: Style) -> None:
        ws = self.book[sheet]
        # Cells that start with the same style end with the same style: compute it once per
        # distinct starting style and copy the resulting style array (openpyxl's own storage).
        # A cell that was never styled (a new cell, a merged-away one) has no style array yet:
        # openpyxl reads it as the default one, and so does the cache.
        store = ws._cells
        done: dict[bytes, StyleArray] = {}
        created = 0
        for r in range(cells.top, cells.bottom + 1):
            for c in range(cells.left, cells.right + 1):
                cell = store.get((r, c))
                if cell is None:  # as ws.cell() would make it
                    cell = store[(r, c)] = Cell(ws, row=r, column=c)
                    created = r
                key = _PLAIN_STYLE if cell._style is None else cell._style.tobytes()
                styled = done.get(key)
                if styled is not None:
                    cell._style = StyleArray(styled)  # an array of its own: openpyxl changes styles in place
                    continue
                self._style_cell(cell, style)
                done[key] = StyleArray(cell._style)
        ws._current_row = max(ws._current_row, created)

    @staticmethod
    def _style_cell(cell, style: Style) -> None:
        if style.bold is not None or style.font_size is not None or style.font_name is not None:
            font = copy(cell.font)
            name = style.font_name or font.name
            cell.font = Font(
                name=name,
                size=style.font_size or font.size,
                bold=font.bold if style.bold is None else style.bold,
                color=font.color,
                underline=font.underline,
                # GB2312 charset: where the named CJK font is missing, a Chinese one is substituted
                charset=134 if name and any(ord(ch) > 0x2E7F for ch in name) else font.charset,
            )
        if style.h_align or style.v_align or style.wrap is not None:
            al = cell.alignment
            cell.alignment = Alignment(
                horizontal=style.h_align or al.horizontal,
                vertical=style.v_align or al.vertical,
                wrap_text=al.wrap_text if style.wrap is None else style.wrap,
            )
        if style.border:
            cell.border = _BORDER
        if style.number_format:
            cell.number_format = style.number_format
        if style.fill:
            cell.fill = PatternFill("solid", fgColor=style.fill)

    def set_column_widths(self, sheet: str, widths: dict[int, float]) -> None:
        ws = self.book[sheet]
        for col, width in widths.items():
            ws.column_dimensions[column_letter(col)].width = width

    def set_row_heights(self, sheet: str, heights: dict[int, float]) -> None:
        ws = self.book[sheet]
        for row, height in heights.items():
            ws.row_dimensions[row].height = height

    def freeze_panes(self, sheet: str, row: int, col: int) -> None:
        self.book[sheet].freeze_panes = self.book[sheet].cell(row, col)

    def set_page_setup(self, sheet: str, setup: PageSetup) -> None:
        ws = self.book[sheet]
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if setup.landscape else "portrait"
        if setup.fit_to_width:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = setup.pages_tall
        if setup.title_rows:
            ws.print_title_rows = f"{setup.title_rows[0]}:{setup.title_rows[1]}"
        if setup.print_area is not None:
            ws.print_area = setup.print_area.a1
        if setup.footer:
            ws.oddFooter.center.text = setup.footer
            ws.oddFooter.center.size = 9
        ws.print_options.horizontalCentered = True

    def add_list_validation(self, sheet: str, cells: CellRange, choices: Sequence[str]) -> None:
        self.add_validation(sheet, cells, Validation(tuple(choices)))

    def add_validation(self, sheet: str, cells: CellRange, validation: Validation) -> None:
        ws = self.book[sheet]
        listed = bool(validation.choices or validation.source)
        formula = validation.source or ('"' + ",".join(validation.choices) + '"' if validation.choices else None)
        dv = DataValidation(type="list" if listed else None, formula1=formula, allow_blank=True,
                            showErrorMessage=listed and validation.strict)
        if listed and validation.strict:
            dv.errorTitle = "输入无效"
            shown = "、".join(validation.choices) if validation.choices else "下拉列表中的值"
            dv.error = ("请从下拉列表中选择：" + shown)[:225]  # Excel's limit
        if validation.prompt:
            dv.showInputMessage = True
            dv.promptTitle = validation.prompt_title[:32]  # Excel's limits
            dv.prompt = validation.prompt[:255]
        dv.add(cells.a1)
        ws.add_data_validation(dv)

    # notes, fills, links ---------------------------------------------------------------
    def read_notes(self, sheet: str) -> dict[tuple[int, int], str]:
        ws = self.book[sheet]
        # the few notes sorted, not every stored cell (750,000 on a 50,000-line input sheet)
        notes = [(at, cell.comment.text) for at, cell in ws._cells.items() if cell.comment is not None]
        return dict(sorted(notes))

    def note_author(self, sheet: str, row: int, col: int) -> str | None:
        comment = self.book[sheet].cell(row, col).comment
        return comment.author if comment is not None else None

    def set_note(self, sheet: str, row: int, col: int, text: str, author: str | None = None) -> None:
        comment = Comment(text, OWN_AUTHOR if author is None else author)
        if author is None:  # yusuan's note: room for several findings; a user's keeps the default
            comment.width, comment.height = 320, 160
        self.book[sheet].cell(row, col).comment = comment

    def delete_note(self, sheet: str, row: int, col: int) -> None:
        self.book[sheet].cell(row, col).comment = None

    def read_fill(self, sheet: str, row: int, col: int) -> str | None:
        """The cell's solid fill as a token ``set_fill`` accepts back: 'RRGGBB', 'theme:4:-0.25',
        'indexed:13'; None when the cell has no solid fill."""
        fill = self.book[sheet].cell(row, col).fill
        if fill is None or fill.fill_type != "solid":
            return None
        color = fill.fgColor
        if color.type == "theme":
            return f"theme:{color.theme}:{color.tint or 0}"
        if color.type == "indexed":
            return f"indexed:{color.indexed}"
        rgb = color.rgb
        return rgb[-6:] if isinstance(rgb, str) else None

    def set_fill(self, sheet: str, row: int, col: int, rgb: str | None) -> None:
        cell = self.book[sheet].cell(row, col)
        if not rgb:
            cell.fill = PatternFill(fill_type=None)
        elif rgb.startswith("theme:"):
            _, theme, tint = rgb.split(":")
            cell.fill = PatternFill("solid", fgColor=Color(theme=int(theme), tint=float(tint)))
        elif rgb.startswith("indexed:"):
            cell.fill = PatternFill("solid", fgColor=Color(indexed=int(rgb.split(":")[1])))
        else:
            cell.fill = PatternFill("solid", fgColor=rgb)

    def read_fill_state(self, sheet: str, row: int, col: int) -> str | None:
        fill = self.book[sheet].cell(row, col).fill
        if fill is None or fill == PatternFill():
            return ""
        return tostring(fill.to_tree()).decode("utf-8")

    def set_fill_state(self, sheet: str, row: int, col: int, state: str) -> None:
        try:
            fill = Fill.from_tree(fromstring(state)) if state else PatternFill()
        except (SyntaxError, ValueError, TypeError, KeyError, AttributeError, IndexError):
            return  # a record someone edited by hand: the fill is left as it is
        self.book[sheet].cell(row, col).fill = fill

    def set_hyperlink(self, sheet: str, row: int, col: int, target_sheet: str, target_cell: str) -> None:
        cell = self.book[sheet].cell(row, col)
        cell.hyperlink = f"#'{target_sheet}'!{target_cell}"
        cell.font = Font(color="0563C1", underline="single")

    def set_file_link(self, sheet: str, row: int, col: int, target: str, location: str = "") -> None:
        """Link the cell to another file (``target``, a path relative to this workbook's
        folder), at ``location`` in it ("'表一'!B5") when given."""
        cell = self.book[sheet].cell(row, col)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, target=target, location=location or None)
        cell.font = Font(color="0563C1", underline="single")

    # charts ----------------------------------------------------------------------------
    def add_chart(self, sheet: str, kind: str, title: str, data: CellRange, categories: CellRange, anchor: str,
                  size: tuple[float, float] | None = None) -> None:
        ws = self.book[sheet]
        chart = _new_chart(kind)
        chart.add_data(Reference(ws, min_col=data.left, min_row=data.top, max_col=data.right, max_row=data.bottom))
        chart.set_categories(
            Reference(ws, min_col=categories.left, min_row=categories.top, max_col=categories.right, max_row=categories.bottom)
        )
        chart.series[0].tx = SeriesLabel(v=title)
        chart.title = title
        chart.width, chart.height = size or (15, 7.5)
        ws.add_chart(chart, anchor)

    def save(self, path: str | Path) -> None:
        """Save atomically: an existing file at ``path`` is replaced only by a complete one."""
        write_atomically(Path(path), lambda target: save_workbook(self.book, target))
