"""The input template: generated from ``sheets.yaml`` through the workbook port.

A guide as much as a form: required headers marked and explained by input prompts, drop-downs
for closed lists, for the year's function and economic codes (hidden list sheet) and for unit
codes from 单位信息, a 示例 sheet with two example lines, format hints on 基本信息, and every
sheet set up for printing.  Deterministic: the same code writes the same cells, validations,
widths and panes, which is what the committed ``workbook_templates/预算公开模板.xlsx`` is
compared against.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from yusuan.catalogs import Catalog
from yusuan.inputs.spec import ColumnSpec, InputSpec, SheetSpec, load_spec
from yusuan.ports.base import CellRange, PageSetup, Style, Validation, WorkbookPort, column_letter, text_height
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook
from yusuan.profiles import Profile
from yusuan.yaml_data import load_yaml

GUIDE_SHEET = "填表说明"
EXAMPLE_SHEET = "示例"
LISTS_SHEET = "_yusuan_科目"  # hidden: the drop-down lists of codes ('_yusuan' sheets are no tables)
LAST_YEAR_SHEET = "上年数"
LAST_TEMPLATE_ROW = 2000  # validations and formats reach this row
TEMPLATE_CATALOG_YEAR = 2025  # the code lists of the template; the reader checks against the year entered
HEADER_FILL, REQUIRED_FILL = "D9E1F2", "FCE4D6"  # optional / required columns
HEADER_STYLE = Style(bold=True, fill=HEADER_FILL, border=True, h_align="center", v_align="center", wrap=True)
REQUIRED_STYLE = Style(fill=REQUIRED_FILL)
AMOUNT_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
SETTING_HEADERS = ("项目", "内容", "填写说明")
GUIDE_WIDTH = 75.0  # A4 portrait at 100% (LibreOffice cuts a one-column sheet rather than shrink it)
HEADER_HEIGHT = 30.0
TEXT_SETTING_HEIGHT = 48.0  # three lines: long texts show more than their first line
LIST_COLUMNS = {"function": ("功能科目（项）", "项"), "dept_econ": ("部门经济科目（款）", "款"), "gov_econ": ("政府经济科目（款）", "款")}


@cache
def _guide() -> dict:
    return load_yaml(resources.files("yusuan.inputs").joinpath("guide.yaml").read_text(encoding="utf-8"))


def _guide_lines(spec: InputSpec) -> list[str]:
    guide = _guide()
    lines = [guide["title"]]
    for line in guide["lines"]:
        if line == "{sheets}":
            lines += [f"{sheet.name}：{sheet.doc}" for sheet in spec.sheets]
        else:
            lines.append(line.format(settings_sheet=spec.settings_sheet))
    return lines


def _write_guide(port: WorkbookPort, spec: InputSpec) -> None:
    port.add_sheet(GUIDE_SHEET)
    lines = _guide_lines(spec)
    port.write_values(GUIDE_SHEET, 1, 1, [[line or None] for line in lines])
    port.set_column_widths(GUIDE_SHEET, {1: GUIDE_WIDTH})
    port.apply_style(GUIDE_SHEET, CellRange(1, 1, len(lines), 1), Style(wrap=True, v_align="top"))
    port.apply_style(GUIDE_SHEET, CellRange.cell(1, 1), Style(bold=True, font_size=14))
    for row, line in enumerate(lines, start=1):
        if line[:2] in ("一、", "二、", "三、", "四、", "五、"):
            port.apply_style(GUIDE_SHEET, CellRange.cell(row, 1), Style(bold=True))
    port.set_row_heights(GUIDE_SHEET, {row: text_height(line, GUIDE_WIDTH) for row, line in enumerate(lines, start=1) if line})
    port.set_page_setup(GUIDE_SHEET, PageSetup(print_area=CellRange(1, 1, len(lines), 1)))


def _write_settings(port: WorkbookPort, spec: InputSpec) -> None:
    name = spec.settings_sheet
    port.add_sheet(name)
    rows = [list(SETTING_HEADERS)] + [[s.label, s.default, s.hint or None] for s in spec.settings]
    port.write_values(name, 1, 1, rows)
    port.apply_style(name, CellRange(1, 1, 1, 3), HEADER_STYLE)
    widths: dict[int, float] = {1: 40, 2: 70, 3: 40}
    port.set_column_widths(name, widths)
    port.apply_style(name, CellRange(2, 3, len(rows), 3), Style(wrap=True, v_align="top"))
    port.freeze_panes(name, 2, 1)
    heights = {1: HEADER_HEIGHT}
    for row, setting in enumerate(spec.settings, start=2):
        value_cell = CellRange.cell(row, 2)
        prompt = setting.hint or ("必填。" if setting.required else "")
        if setting.choices:
            port.add_validation(name, value_cell, Validation(tuple(setting.choices), prompt_title=setting.label, prompt=prompt))
        elif prompt:
            port.add_validation(name, value_cell, Validation(prompt_title=setting.label, prompt=prompt))
        if setting.required:
            port.apply_style(name, CellRange.cell(row, 1), REQUIRED_STYLE)
        if setting.kind == "text":
            port.apply_style(name, value_cell, Style(wrap=True, v_align="top"))
            heights[row] = TEXT_SETTING_HEIGHT
        elif setting.kind in ("year", "count"):
            port.apply_style(name, value_cell, Style(number_format="0"))
        elif setting.kind == "amount":
            port.apply_style(name, value_cell, Style(number_format=AMOUNT_FORMAT))
        else:
            port.apply_style(name, value_cell, Style(number_format=TEXT_FORMAT))
        if setting.hint:
            heights[row] = max(heights.get(row, 0), text_height(setting.hint, widths[3]))
    port.set_row_heights(name, heights)
    port.set_page_setup(name, PageSetup(landscape=True, title_rows=(1, 1), print_area=CellRange(1, 1, len(rows), 3)))


def column_prompt(column: ColumnSpec) -> str:
    """The input prompt of a column's header: required or not, what to enter, how."""
    parts = ["" if column.fill else "必填。" if column.required else "选填。"]
    if column.note:
        parts.append(column.note)
    if column.fill and not column.note:
        parts.append("可留空：由工具按编码自动填写。")
    if column.choices and not column.catalog:
        parts.append("从下拉列表中选择：" + "、".join(column.choices) + "。")
    if column.kind == "code" and not column.note:
        parts.append("编码按文本填写（本列已设为文本格式），粘贴时用“选择性粘贴 → 文本”。")
    if column.kind == "amount" and not column.note:
        parts.append("只填数字，单位见基本信息的“金额单位”。")
    return "".join(parts)


def _code_lists() -> tuple[list[list[str | None]], dict[str, str]]:
    """Rows of the hidden sheet of “编码 名称” lists from the catalog, and each list's range."""
    catalog = Catalog.for_year(TEMPLATE_CATALOG_YEAR)
    columns = {key: [f"{s.code} {s.name}" for s in catalog.subjects(key, level)] for key, (_, level) in LIST_COLUMNS.items()}
    longest = max(len(v) for v in columns.values())
    rows: list[list[str | None]] = [[LIST_COLUMNS[key][0] for key in columns]]
    rows += [[values[i] if i < len(values) else None for values in columns.values()] for i in range(longest)]
    ranges = {key: f"'{LISTS_SHEET}'!${column_letter(c)}$2:${column_letter(c)}${len(values) + 1}"
              for c, (key, values) in enumerate(columns.items(), start=1)}
    return rows, ranges


def _body_validation(column: ColumnSpec, lists: dict[str, str] | None, spec: InputSpec) -> Validation | None:
    title = column.header[:32]
    if column.catalog:  # a guide, not a gate: a typed or pasted plain code is fine too
        if lists is None:
            return None
        return Validation(source=lists[column.catalog], prompt_title=title, prompt=column_prompt(column), strict=False)
    if column.source_sheet:
        code = spec.sheet(column.source_sheet).column(column.key)
        letter = column_letter([c.key for c in spec.sheet(column.source_sheet).columns].index(code.key) + 1)
        source = f"'{column.source_sheet}'!${letter}$2:${letter}${LAST_TEMPLATE_ROW}"
        return Validation(source=source, prompt_title=title, prompt=column_prompt(column))
    if column.choices:
        return Validation(tuple(column.choices), prompt_title=title, prompt=column_prompt(column))
    return None


def write_list_sheet(port: WorkbookPort, sheet: SheetSpec, prefill: list[list[str | None]] | None = None,
                     lists: dict[str, str] | None = None, index: int | None = None) -> None:
    """One list sheet (at ``index``, default last): headers (required ones marked, each with its
    prompt), drop-downs and formats down to ``LAST_TEMPLATE_ROW``, print setup; ``lists``: the
    code lists' ranges."""
    spec = load_spec()
    port.add_sheet(sheet.name, index)
    columns = sheet.columns
    port.write_values(sheet.name, 1, 1, [[c.header for c in columns]])
    port.apply_style(sheet.name, CellRange(1, 1, 1, len(columns)), HEADER_STYLE)
    port.set_column_widths(sheet.name, {i: c.width for i, c in enumerate(columns, start=1)})
    port.set_row_heights(sheet.name, {1: HEADER_HEIGHT})
    port.freeze_panes(sheet.name, 2, 1)
    for col, column in enumerate(columns, start=1):
        header = CellRange.cell(1, col)
        if column.required:
            port.apply_style(sheet.name, header, REQUIRED_STYLE)
        port.add_validation(sheet.name, header, Validation(prompt_title=column.header[:32], prompt=column_prompt(column)))
        body = CellRange(2, col, LAST_TEMPLATE_ROW, col)
        validation = _body_validation(column, lists, spec)
        if validation is not None:
            port.add_validation(sheet.name, body, validation)
        if column.kind == "amount":
            port.apply_style(sheet.name, body, Style(number_format=AMOUNT_FORMAT))
        elif column.kind == "code":
            port.apply_style(sheet.name, body, Style(number_format=TEXT_FORMAT))
        elif column.width >= 30:  # long text (任务内容, 指标值说明) shows wrapped
            port.apply_style(sheet.name, body, Style(wrap=True, v_align="top"))
    if prefill:
        port.write_values(sheet.name, 2, 1, prefill)
    port.set_page_setup(sheet.name, PageSetup(landscape=True, title_rows=(1, 1)))


def _write_examples(port: WorkbookPort, spec: InputSpec) -> None:
    """示例: the example lines of each list sheet that has some, under its own headers."""
    port.add_sheet(EXAMPLE_SHEET)
    rows: list[list] = []
    styles: list[tuple[int, int]] = []
    widths: dict[int, float] = {}
    for sheet in spec.sheets:
        if not sheet.examples:
            continue
        rows.append([f"{sheet.name}（示例，工具不读取本表）"])
        rows.append([c.header for c in sheet.columns])
        styles.append((len(rows), len(sheet.columns)))
        rows += [[example.get(c.key) for c in sheet.columns] for example in sheet.examples]
        rows.append([])
        widths.update({i: max(widths.get(i, 0), c.width) for i, c in enumerate(sheet.columns, start=1)})
    port.write_values(EXAMPLE_SHEET, 1, 1, rows)
    port.set_column_widths(EXAMPLE_SHEET, widths)
    for row, width in styles:
        port.apply_style(EXAMPLE_SHEET, CellRange.cell(row - 1, 1), Style(bold=True))
        port.apply_style(EXAMPLE_SHEET, CellRange(row, 1, row, width), HEADER_STYLE)
        port.apply_style(EXAMPLE_SHEET, CellRange(row + 1, 1, row + 2, width), Style(border=True))
    port.set_page_setup(EXAMPLE_SHEET, PageSetup(landscape=True, print_area=CellRange(1, 1, len(rows), max(widths))))


def write_template(port: WorkbookPort, profile: Profile | None = None) -> None:
    """Build the input template into an empty workbook (no sheets) through ``port``; with
    ``profile``, 基本信息 has that profile chosen and the input fields it declares."""
    spec = load_spec(profile)
    _write_guide(port, spec)
    _write_examples(port, spec)  # beside the guide, before the sheets to fill in
    _write_settings(port, spec)
    # the code lists first: a live Excel refuses a drop-down that refers to a sheet not there yet
    list_rows, lists = _code_lists()
    port.add_sheet(LISTS_SHEET)
    port.write_values(LISTS_SHEET, 1, 1, list_rows)
    port.set_sheet_hidden(LISTS_SHEET, True)
    for sheet in spec.sheets:
        prefill = None
        if sheet.name == LAST_YEAR_SHEET:  # every comparable item listed, amounts left to the user
            keys = [c.key for c in sheet.columns]
            items = sheet.column("item").choices or ()
            prefill = [[item if key == "item" else None for key in keys] for item in items]
        write_list_sheet(port, sheet, prefill, lists, index=port.sheet_names().index(LISTS_SHEET))


def input_sheet_names() -> list[str]:
    """The template's sheets a user reads or fills in, in template order (not the hidden lists)."""
    spec = load_spec()
    return [GUIDE_SHEET, EXAMPLE_SHEET, spec.settings_sheet, *(sheet.name for sheet in spec.sheets)]


def generate_template_file(path: str | Path, profile: Profile | None = None) -> Path:
    """Write the template (for ``profile``, default: the default profile) to ``path`` (an .xlsx)
    with the openpyxl port."""
    port = OpenpyxlWorkbook.new()
    write_template(port, profile)
    port.save(str(path))
    return Path(path)
