"""Audit mode: recognise the disclosure tables of any workbook and parse them.

Each sheet is read once.  A table is found by its title (whatever the sheet's name or
position; several tables may stand on one sheet), then its year, 部门名称 and 单位 lines, its
header (merged or flattened, columns in any order, blank columns ignored) mapped onto the
profiles' column keys, and its body rows with their roles.  A title that names no known
table, or a table whose essential columns cannot be found, is reported as
:class:`~yusuan.model.parsed.Unrecognised` — never guessed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from yusuan.audit._config import Config, KindConfig, load_config
from yusuan.audit._contents import read_contents
from yusuan.audit._forms import has_marker, read_form, read_list, read_tasks
from yusuan.audit._grid import Grid
from yusuan.audit._headers import locate, read_header
from yusuan.audit._rows import read_body
from yusuan.audit._text import as_number, is_blank
from yusuan.audit._titles import Title, find_titles, is_table_number, read_info, sheet_name_title
from yusuan.inputs.lookup import InputHeader, input_header
from yusuan.model.parsed import ParsedWorkbook, SheetTable, Unrecognised
from yusuan.ports import WorkbookReader
from yusuan.ports.base import a1
from yusuan.profiles import Profile
from yusuan.text import normalise

DEFAULT_UNIT = "万元"


def parse_workbook(port: WorkbookReader, profile: Profile | None = None,
                   input_sheets: Collection[str] = ()) -> ParsedWorkbook:
    """Every recognisable table of the workbook, and what looked like a table but was not.

    ``profile`` is tried first when mapping header text; the header trees of every installed
    profile are used in any case.  ``input_sheets``: sheets :func:`input_sheets_among` found to
    be yusuan input sheets, skipped without being read again (a build's 50,000-line 支出明细)."""
    config = load_config(profile.name if profile else None)
    tables: list[SheetTable] = []
    unrecognised: list[Unrecognised] = []
    contents: tuple[str, ...] = ()
    for sheet in port.sheet_names():
        if sheet in config.skip_sheets or sheet.startswith("_yusuan") or sheet in input_sheets:
            continue
        values = port.read_values(sheet)
        if not any(v is not None and str(v).strip() for row in values for v in row):
            continue
        name = sheet.strip()  # the reader finds '支出明细 ' too
        if name in config.input_sheets and _is_input_sheet(values, config.input_sheets[name]):
            continue
        contents = contents or read_contents(sheet, values)  # the first 目录 found
        grid = Grid(sheet, values, port.merged_ranges(sheet))
        found = find_titles(grid, config)
        if name in config.input_sheets and _below_plain_titles(grid, input_header(name, values), found, config):
            continue
        titles = found or sheet_name_title(sheet, config)
        if not titles and _has_table(grid):
            unrecognised.append(Unrecognised(sheet, "A1", "", "没有可识别的表格标题"))
        for i, title in enumerate(titles):
            end = titles[i + 1].row - 1 if i + 1 < len(titles) else grid.height
            if all(grid.is_blank_row(r) for r in range(title.row + 1, end + 1)):
                continue  # a caption with nothing below it: a 目录 line, a cover line
            parsed = _parse_table(grid, title, end, config)
            if isinstance(parsed, SheetTable):
                tables.append(parsed)
            else:
                unrecognised.append(parsed)
    return ParsedWorkbook(tuple(tables), tuple(unrecognised), contents)


def may_be_input_sheet(sheet: str) -> bool:
    """Named as one of yusuan's input sheets: whether it is one, its first filled row tells
    (:func:`input_sheets_among`)."""
    return sheet.strip() in load_config().input_sheets


def input_sheets_among(sheets: Mapping[str, list[list]], profile: Profile | None = None) -> frozenset[str]:
    """The sheets of ``sheets`` (name → values) that :func:`parse_workbook` skips as yusuan
    input sheets on their first filled row.  Only that row decides, so the answer holds while
    only the rows below it change (the name fill writes below the header)."""
    config = load_config(profile.name if profile else None)
    return frozenset(sheet for sheet, values in sheets.items()
                     if sheet.strip() in config.input_sheets and _is_input_sheet(values, config.input_sheets[sheet.strip()]))


def _is_input_sheet(values: list[list], labels: frozenset[str]) -> bool:
    """The first filled row is a yusuan input sheet's header: most of its cells (and at least
    two) are that sheet's column labels (基本信息: 项目 | 内容, or a setting label and its value)."""
    first = next((row for row in values if any(not is_blank(v) for v in row)), [])
    texts = [normalise(v) for v in first if not is_blank(v)]
    known = sum(t in labels for t in texts)
    return known >= 1 and 2 * known >= len(texts) and (known >= 2 or len(texts) <= 2)


def _below_plain_titles(grid: Grid, header: InputHeader | None, titles: list[Title], config: Config) -> bool:
    """An input sheet's header (as the reader finds it) below title rows that are no disclosure
    table's: a pasted export's '2025年部门预算（从预算系统导出）' and '单位：元' may stand above
    it; a table number (预算06表) may not, nor a disclosure title ('部门整体绩效目标表') unless
    the header names every column of the input sheet (a disclosure table names a few)."""
    if header is None:
        return False
    if any(t.row < header.row and (t.kind or t.unsupported) for t in titles) and not header.complete:
        return False
    return not any(isinstance(v, str) and is_table_number(normalise(v), config)
                   for row in range(1, header.row) for _, v in grid.filled(row))


def _has_table(grid: Grid) -> bool:
    """A row of at least three cells with a number in it."""
    return any(len(f) >= 3 and any(as_number(v) is not None for _, v in f)
               for f in (grid.filled(r) for r in range(1, grid.height + 1)))


def _parse_table(grid: Grid, title: Title, end: int, config: Config) -> SheetTable | Unrecognised:
    def refuse(reason: str) -> Unrecognised:
        return Unrecognised(grid.name, a1(max(title.row, 1), title.col), title.text, reason)

    if title.unsupported:
        return refuse(title.unsupported)
    if not title.kind:
        return refuse("表题不是可识别的公开表格名称")
    kind = config.kinds[title.kind]
    info = read_info(grid, title, end, config)
    if kind.layout == "overall_form":
        unit = info.unit or DEFAULT_UNIT
        columns, rows = read_form(grid, kind, info.content_row, end, unit)
        if "total" not in columns and has_marker(grid, kind, info.content_row, end):
            # a form without a 预算情况 block (2020 整体支出绩效目标表): recognised, its task amounts read
            task_columns, tasks = read_tasks(grid, kind, info.content_row, end, unit)
            return _table(grid, title, info, unit, task_columns, tuple(tasks), (0, 0), "", "")
        if "total" not in columns:
            return refuse("未找到“预算情况”中的部门预算总额")
        return _table(grid, title, info, unit, columns, tuple(rows), (0, 0), "", "")
    block = locate(grid, info.content_row, end, config, kind.header_labels)
    listed = _as_list(grid, title, info, end, kind) if kind.form_labels else None
    if block is None:
        return listed or refuse("标题下没有找到表头")
    header = read_header(grid, block[0], block[1], grid.width, kind)
    missing = [alternatives for alternatives in kind.essential if not any(k in header.columns for k in alternatives)]
    if missing and listed is not None:
        return listed
    if missing:
        names = "、".join("/".join(_label_of(kind, k) for k in alternatives) for alternatives in missing)
        seen = "、".join(list(header.unmapped.values())[:6])
        return refuse(f"表头中找不到必需的列：{names}" + (f"；未能识别的表头：{seen}" if seen else ""))
    unit = info.unit or header.unit or DEFAULT_UNIT
    body = read_body(grid, header.columns, kind, block[1] + 1, end, unit, info.department, config)
    return _table(grid, title, info, unit, header.columns, body.rows, block, body.note, body.note_cell)


def _as_list(grid: Grid, title: Title, info, end: int, kind: KindConfig) -> SheetTable | None:
    """The table as a list of labelled amounts (a 三公 table printed 项目 | 预算数), or None."""
    unit = info.unit or DEFAULT_UNIT
    columns, rows = read_list(grid, kind, info.content_row, end, unit)
    if "total" not in columns:
        return None
    return _table(grid, title, info, unit, columns, tuple(rows), (0, 0), "", "")


def _table(grid, title: Title, info, unit: str, columns: dict[str, int], rows, header_rows, note, note_cell) -> SheetTable:
    return SheetTable(
        kind=title.kind,
        sheet=grid.name,
        title=title.text,
        title_cell=a1(max(title.row, 1), title.col),
        year=info.year,
        department=info.department,
        unit=unit,
        keys=tuple(columns),
        columns=dict(columns),
        rows=tuple(rows),
        header_rows=tuple(header_rows),
        note=note,
        note_cell=note_cell,
        department_cell=info.department_cell if info.department else "",
    )


def _label_of(kind: KindConfig, key: str) -> str:
    """A key's header text for a message: its path in the first profile that has it."""
    candidate = next((c for c in kind.candidates if c.key == key), None)
    return "/".join(candidate.path) if candidate else key
