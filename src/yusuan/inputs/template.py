"""The input template: generated from ``sheets.yaml`` through the workbook port.

Deterministic: the same code writes the same cells, validations, widths and panes, which is
what the committed ``workbook_templates/预算公开模板.xlsx`` is compared against.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.inputs.spec import InputSpec, SheetSpec, load_spec
from yusuan.ports.base import CellRange, Style, WorkbookPort
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

GUIDE_SHEET = "填表说明"
LAST_YEAR_SHEET = "上年数"
LAST_TEMPLATE_ROW = 2000  # validations and formats reach this row
HEADER_STYLE = Style(bold=True, fill="D9E1F2", border=True, h_align="center", v_align="center", wrap=True)
AMOUNT_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
SETTING_HEADERS = ("项目", "内容")


def _guide_lines(spec: InputSpec) -> list[str]:
    lines = [
        "部门预算公开输入模板 填表说明",
        "",
        "一、各工作表",
        f"{spec.settings_sheet}：部门名称、部门编码、预算年度、金额单位、表样版本等设置，以及情况说明所用的文字（主要职责、增减原因等）。一行一项，在“内容”列填写。",
    ]
    lines += [f"{sheet.name}：{sheet.doc}" for sheet in spec.sheets]
    lines += [
        "",
        "二、金额单位",
        f"所有金额按{spec.settings_sheet}的“金额单位”填写：选“元”时填元（最多两位小数，精确到分）；选“万元”时填万元（最多六位小数）。",
        "全表统一一个单位；公开表格一律以万元、两位小数输出，合计由明细精确计算，不会出现尾差。",
        "",
        "三、填写要求",
        "带下拉箭头的列只能从列表中选择；编码列按文本填写（如功能科目 2010301、部门经济科目 30101），单位代码的前导零会保留。",
        "单位名称、功能科目名称、经济科目名称、项目绩效的项目名称由工具按编码自动填写，可以留空；手工填写的名称会保留，与编码不符时给出提示。",
        "列的顺序可以调整，也可以增加自己的列，工具按表头文字识别各列；可直接粘贴预算系统导出的支出明细。",
        "",
        "四、工具不会改动输入",
        "工具不会修改各输入表中您填写的内容，只在空白的名称单元格（或它以前填写过的名称单元格）中写入名称；写入记录保存在工作表 _yusuan_state 中，请勿修改该表。",
        "",
        "五、生成报表",
        "在 Excel 的“预算公开”选项卡点击“生成报表”，或在命令行运行：yusuan build 本工作簿.xlsx。",
        "工具会生成全部公开表格并进行校验：有问题的单元格加批注并标色，所有问题汇总在“校验结果”工作表中，点击可跳转到对应单元格。",
        "修改输入后再次点击“生成报表”即可重新生成；工具只替换它自己加的批注和标色。",
    ]
    return lines


def _write_guide(port: WorkbookPort, spec: InputSpec) -> None:
    port.add_sheet(GUIDE_SHEET)
    lines = _guide_lines(spec)
    port.write_values(GUIDE_SHEET, 1, 1, [[line or None] for line in lines])
    port.set_column_widths(GUIDE_SHEET, {1: 120})
    port.apply_style(GUIDE_SHEET, CellRange(1, 1, len(lines), 1), Style(wrap=True, v_align="top"))
    port.apply_style(GUIDE_SHEET, CellRange.cell(1, 1), Style(bold=True, font_size=14))
    for row, line in enumerate(lines, start=1):
        if line[:2] in ("一、", "二、", "三、", "四、", "五、"):
            port.apply_style(GUIDE_SHEET, CellRange.cell(row, 1), Style(bold=True))


def _write_settings(port: WorkbookPort, spec: InputSpec) -> None:
    name = spec.settings_sheet
    port.add_sheet(name)
    rows = [list(SETTING_HEADERS)] + [[s.label, s.default] for s in spec.settings]
    port.write_values(name, 1, 1, rows)
    port.apply_style(name, CellRange(1, 1, 1, 2), HEADER_STYLE)
    port.set_column_widths(name, {1: 46, 2: 90})
    port.freeze_panes(name, 2, 1)
    for row, setting in enumerate(spec.settings, start=2):
        value_cell = CellRange.cell(row, 2)
        if setting.choices:
            port.add_list_validation(name, value_cell, setting.choices)
        if setting.kind == "text":
            port.apply_style(name, value_cell, Style(wrap=True, v_align="top"))
        elif setting.kind in ("year", "count"):
            port.apply_style(name, value_cell, Style(number_format="0"))
        else:
            port.apply_style(name, value_cell, Style(number_format=TEXT_FORMAT))


def write_list_sheet(port: WorkbookPort, sheet: SheetSpec, prefill: list[list[str | None]] | None = None) -> None:
    port.add_sheet(sheet.name)
    columns = sheet.columns
    port.write_values(sheet.name, 1, 1, [[c.header for c in columns]])
    port.apply_style(sheet.name, CellRange(1, 1, 1, len(columns)), HEADER_STYLE)
    port.set_column_widths(sheet.name, {i: c.width for i, c in enumerate(columns, start=1)})
    port.freeze_panes(sheet.name, 2, 1)
    for col, column in enumerate(columns, start=1):
        body = CellRange(2, col, LAST_TEMPLATE_ROW, col)
        if column.choices:
            port.add_list_validation(sheet.name, body, column.choices)
        if column.kind == "amount":
            port.apply_style(sheet.name, body, Style(number_format=AMOUNT_FORMAT))
        elif column.kind == "code":
            port.apply_style(sheet.name, body, Style(number_format=TEXT_FORMAT))
    if prefill:
        port.write_values(sheet.name, 2, 1, prefill)


def write_template(port: WorkbookPort) -> None:
    """Build the input template into an empty workbook (no sheets) through ``port``."""
    spec = load_spec()
    _write_guide(port, spec)
    _write_settings(port, spec)
    for sheet in spec.sheets:
        prefill = None
        if sheet.name == LAST_YEAR_SHEET:  # every comparable item listed, amounts left to the user
            keys = [c.key for c in sheet.columns]
            items = sheet.column("item").choices or ()
            prefill = [[item if key == "item" else None for key in keys] for item in items]
        write_list_sheet(port, sheet, prefill)


def generate_template_file(path: str | Path) -> Path:
    """Write the template to ``path`` (an .xlsx) with the openpyxl port."""
    port = OpenpyxlWorkbook.new()
    write_template(port)
    port.save(str(path))
    return Path(path)
