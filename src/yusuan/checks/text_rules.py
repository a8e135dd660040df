"""文字 family, table level: the text printed in and around the parsed tables (docs/design.md checks A2–A4,
A7–A9).  The rules over the 情况说明 paragraphs come with the narrative and live elsewhere.

Every text a table carries is scanned: the title, the 部门名称 line, each row's labels (by
column, so a finding lands on the cell), text left in amount cells, and the note below the
table.  Patterns and wording lists are data: ``checks/data/placeholders.yaml``; which titles
must carry the year comes from the profile's title templates ({year}).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from yusuan.checks.memo import per_run
from yusuan.checks.registry import CheckContext, check
from yusuan.findings.catalog import family_declaration
from yusuan.findings.rule import Finding, Severity
from yusuan.model.parsed import ParsedWorkbook, SheetTable
from yusuan.ports.base import a1
from yusuan.yaml_data import load_yaml

FAMILY = "文字"
E, W = Severity.ERROR, Severity.WARNING

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_SENTENCE_END = re.compile(r"[。；;\n]")
_DEPARTMENT_LABEL = re.compile(r"^(部门|单位)(\(单位\))?名称\s*[:：]\s*")


_rule = family_declaration(FAMILY)


PLACEHOLDER = _rule(
    "TX001", "占位内容未替换", E,
    "{where}中有未替换的占位内容“{found}”（{what}）：请填写实际内容或删去。",
    "检查表格的标题、部门名称、各行文字、金额单元格和表注中是否留有模板或草稿的占位内容，例如 XX、xxx、××、某某、"
    "待填、请填写、（略）、{单位}，以及“增加（减少）”“增长（下降）”这类两种说法并存的写法。公开文本中的占位符说明"
    "材料未经核对就发布，是公开检查中最常被点名的问题。修正：把占位内容换成实际的名称、金额或说法，不需要的整句删去。",
)
DUPLICATE_UNIT = _rule(
    "TX002", "单位重复", E,
    "{where}中单位重复：“{found}”：请删去重复的单位。",
    "检查表格文字中是否出现重复的金额单位，例如“万元万元”“元元”“万元元”或“%%”。这通常是模板中已带单位、"
    "填写时又输入了单位所致，读者会怀疑金额的单位。修正：只保留一个单位；表头已注明“单位：万元”的，表内不必再写单位。",
)
EMPTY_NOTE_WITH_DATA = _rule(
    "TX003", "有数据的表注明无数据", E,
    "本表有数据（{data}），但表注写着“{sentence}”：请删去该说明，或核对表中数据。",
    "检查有数据的表格下方是否还留着“本表无数据”“为空表”之类的说明。这类说明只应出现在确实没有数据的表下，"
    "有数据又注明无数据，前后矛盾，读者无法判断哪一个是真的；常见于从上年空表复制而来的表格。"
    "修正：表中数据正确时删去该说明；确实没有该项支出时，清空表中数据。",
)
EMPTY_WITHOUT_NOTE = _rule(
    "TX004", "空表缺少说明", W,
    "本表没有数据，也没有无数据的说明：请在{where}写明“{note}”。",
    "检查没有数据的表格是否注明原因。按公开要求，没有政府性基金、国有资本经营预算或“三公”经费等支出的部门，"
    "相应的表格仍要公开，并在表下注明“本部门（单位）××年无……安排的支出，故本表无数据”，否则读者会以为漏公开或漏填。"
    "提示标在应写说明的地方：表下已有表注（如“三公”经费表的注）时标在表注上，说明接在表注后；否则标在表体下的第一行"
    "（生成的表格在此写说明）；并按表样给出本表应写的说明（年度和本表的资金类型）。"
    "修正：在表下加一句说明，写明年度和所缺的资金类型。",
)
WRONG_FUND_NOTE = _rule(
    "TX005", "空表说明的资金类型不符", E,
    "表注“{sentence}”提到“{word}”，而本表是“{table}”：请改为说明本表的{fund}。",
    "检查空表说明写的资金类型是否与表格相符：政府性基金支出表的说明应写政府性基金预算拨款，不能写国有资本经营预算；"
    "国有资本经营支出表、“三公”经费表同理。复制相邻空表的说明后忘记改资金名称是常见问题，说明与表格对不上。"
    "修正：把说明中的资金名称改为本表的资金类型。",
)
TITLE_YEAR = _rule(
    "TX006", "标题年度与预算年度不符", E,
    "标题中的年度为{found}年，预算年度为{expected}年：请改为“{fixed}”。",
    "检查每张表标题中的年度是否为预算年度。沿用上年表格时最容易漏改标题年度，标题年度错了，整张表的口径都会被质疑。"
    "预算年度取自校验设置；未设置时取各表标题中最常见的年度。修正：把标题中的年度改为预算年度。",
)
DEPARTMENT_NAME = _rule(
    "TX007", "部门名称不一致", W,
    "表头部门名称为“{found}”，与{source}“{expected}”不一致：请统一为部门全称。",
    "检查各表表头的部门名称是否一致。同一套公开材料中部门名称应当统一为全称，简称、旧称或错字会让读者怀疑"
    "表格不属于同一部门，也常是从其他部门的材料复制而来的痕迹。以多数表使用的名称为准（生成时以基本信息中填写的"
    "部门名称为准），提示中说明比对的名称来自哪里。"
    "修正：把不一致的表头改为部门全称。",
)

TRUNCATED_NAME = _rule(
    "TX008", "部门（单位）名称被截断", W,
    "{where}“{found}”是部门名称“{expected}”的前半截，缺少“{missing}”：请写全称。",
    "检查各表部门行、单位行中的名称是否被截断，即只写了部门全称的前一部分（例如“某市政务服务和大数据管”，"
    "少了末尾的“理局”）。名称被截断多因单元格宽度不够、从窄列复制或导出时被裁掉，读者会以为是另一个单位，"
    "也说明表格未经核对就公开。以设置的部门名称为准，未设置时以多数表表头的部门名称为准。"
    "修正：把被截断的名称补全为部门全称，并加宽该列使全称完整显示。",
)
TITLE_WITHOUT_YEAR = _rule(
    "TX009", "标题缺少年度", W,
    "标题“{title}”中没有预算年度：请改为“{fixed}”。",
    "检查按表样应在标题中写明预算年度的表格（如“2025年部门收支预算表”）是否写了年度。标题不写年度，"
    "读者无法确认表格属于哪一年的预算，沿用往年表格时也容易张冠李戴。表样本身不带年度的标题（河南2025表样的"
    "部门（单位）整体绩效目标表、部门预算项目绩效目标表）不在此列；标题下单独一行注明了年度的（如“（2025年度）”）"
    "视为已写明。修正：在标题前加上预算年度。",
)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
@cache
def _data() -> dict:
    text = resources.files("yusuan.checks").joinpath("data", "placeholders.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


@cache
def _placeholders() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(p["pattern"]), p["what"]) for p in _data()["placeholders"])


@cache
def _duplicate_units() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in _data()["duplicate_units"])


def _nfkc(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text or ""))


def _compact(text: object) -> str:
    return "".join(_nfkc(text).split())


class TextCell(NamedTuple):  # a tuple: every label of every table is one, made fast
    """One piece of text a table shows, where it is, and what it is (for messages)."""

    cell: str
    text: str
    where: str


def department_cell(table: SheetTable) -> str:
    """The cell holding the 部门名称 (as the recogniser found it), else the title."""
    return table.department_cell or table.title_cell


def text_cells(table: SheetTable) -> Iterator[TextCell]:
    """Every text of ``table``: title, 部门名称, row labels, text in amount cells, note."""
    return (TextCell(*text) for text in _texts(table))


def _texts(table: SheetTable) -> list[tuple[str, str, str]]:
    """(cell, text, where) of :func:`text_cells`, as plain tuples (the rules make a TextCell only
    of a text a pattern matches)."""
    seen: set[tuple[str, str]] = set()
    found: list[tuple[str, str, str]] = []

    def emit(cell: str, text: object, where: str) -> None:
        value = str(text).strip() if text is not None else ""
        if value and (cell, value) not in seen:
            seen.add((cell, value))
            found.append((cell, value, where))

    emit(table.title_cell, table.title, "标题")
    emit(department_cell(table), table.department, "部门名称")
    first_col = min(table.columns.values()) if table.columns else 1
    for row in table.rows:
        for key, text in row.labels.items():
            emit(a1(row.row, table.columns.get(key, first_col)), text, "单元格")
        if row.label and row.label not in row.labels.values():
            emit(a1(row.row, table.columns.get("name", first_col)), row.label, "单元格")
        for cell in row.cells.values():
            if cell.amount is None and isinstance(cell.raw, str):
                emit(cell.address, cell.raw, "单元格")
    emit(table.note_cell or table.title_cell, table.note, "表注")
    return found


def empty_sentences(note: str) -> list[str]:
    """The sentences of ``note`` that say the table is empty (本表无数据 / 为空表)."""
    words = _data()["empty_note"]
    sentences = (s.strip() for s in _SENTENCE_END.split(note or ""))
    return [s for s in sentences if s and any(w in _compact(s) for w in words)]


def _data_summary(table: SheetTable) -> str:
    total = table.total_row
    if total is not None and total.cells.get("total") is not None and total.cells["total"].amount:
        return f"合计 {total.cells['total'].value:,.2f} 万元"
    cell = next((c for r in table.rows for c in r.cells.values() if c.amount not in (None, Decimal(0))), None)
    return f"{cell.address} 为 {cell.value:,.2f} 万元" if cell else "有金额"


def table_year(table: SheetTable) -> int | None:
    if table.year:
        return table.year
    match = _YEAR.search(_compact(table.title))
    return int(match.group(1)) if match else None


def budget_year(workbook: ParsedWorkbook, ctx: CheckContext) -> int | None:
    if ctx.year:
        return ctx.year
    years = Counter(y for y in (table_year(t) for t in workbook.tables) if y)
    return years.most_common(1)[0][0] if years else None


def _department_key(name: str) -> str:
    return _DEPARTMENT_LABEL.sub("", _compact(name))


def reference_department(workbook: ParsedWorkbook, ctx: CheckContext) -> str:
    """The department's name the tables should print (compact form): the configured name, else
    the one most tables print (ties: the first table's); '' when none is printed."""
    reference = _department_key(ctx.department)
    if reference:
        return reference
    named = [_department_key(t.department) for t in workbook.tables if _department_key(t.department)]
    if not named:
        return ""
    counts = Counter(named)
    best = max(counts.values())
    return next(key for key in named if counts[key] == best)


def _label_cell(table: SheetTable, row) -> str:
    """The cell of a row's name: the column whose text is the row's label."""
    key = next((k for k, v in row.labels.items() if v and v == row.label and k in table.columns), None)
    col = table.columns.get(key or "name") or (min(table.columns.values()) if table.columns else 1)
    return a1(row.row, col)


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------
@per_run
def _scanned(table: SheetTable) -> tuple[tuple[TextCell, str], ...]:
    """The texts of ``table`` that a TX001 or TX002 pattern matches, with their NFKC form (what
    the patterns are matched against)."""
    scanned = []
    for cell, value, where in _texts(table):
        text = _nfkc(value)
        if _placeholder_hits(text) or _unit_hits(text):
            scanned.append((TextCell(cell, value, where), text))
    return tuple(scanned)


@lru_cache(maxsize=1 << 16)  # tables repeat their labels (科目 names, units, projects)
def _placeholder_hits(text: str) -> tuple[tuple[str, str], ...]:
    """(placeholder found, what it is) of each pattern that matches ``text``."""
    return tuple((m.group(0), what) for pattern, what in _placeholders() for m in [pattern.search(text)] if m)


@lru_cache(maxsize=1 << 16)
def _unit_hits(text: str) -> tuple[str, ...]:
    return tuple(m.group(0) for pattern in _duplicate_units() for m in pattern.finditer(text))


@check(PLACEHOLDER)
def placeholders(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in workbook.tables:
        for item, text in _scanned(table):
            hits = _placeholder_hits(text)
            if hits:
                found = "”“".join(dict.fromkeys(h for h, _ in hits))
                what = "；".join(dict.fromkeys(w for _, w in hits))
                yield PLACEHOLDER.finding(table.sheet, item.cell, where=item.where, found=found, what=what)


@check(DUPLICATE_UNIT)
def duplicate_units(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in workbook.tables:
        for item, text in _scanned(table):
            hits = _unit_hits(text)
            if hits:
                yield DUPLICATE_UNIT.finding(table.sheet, item.cell, where=item.where, found="”“".join(dict.fromkeys(hits)))


@check(EMPTY_NOTE_WITH_DATA)
def empty_note_with_data(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in workbook.tables:
        sentences = empty_sentences(table.note)
        if sentences and table.has_data:
            yield EMPTY_NOTE_WITH_DATA.finding(
                table.sheet, table.note_cell or table.title_cell, data=_data_summary(table), sentence=sentences[0],
            )


@check(EMPTY_WITHOUT_NOTE)
def empty_without_note(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    for table in workbook.tables:
        if not table.columns:
            continue  # a form with no amount column (2020 整体支出绩效目标表) is not an empty table
        if not table.has_data and not empty_sentences(table.note):
            year = budget_year(workbook, ctx) or table_year(table) or "××"
            where, cell = ("表注后", table.note_cell) if table.note and table.note_cell else ("表下", _below_body(table))
            yield EMPTY_WITHOUT_NOTE.finding(table.sheet, cell, where=where, note=_expected_empty_note(table, ctx, year))


def _below_body(table: SheetTable) -> str:
    """The first row below the table's body, in its first column: where the note goes (where
    yusuan's own tables print it)."""
    last = table.rows[-1].row if table.rows else table.header_rows[1]
    return a1(last + 1, min(table.columns.values()))


def _expected_empty_note(table: SheetTable, ctx: CheckContext, year: int | str) -> str:
    """The 本表无数据 note the profile prints under this kind of table, naming its fund."""
    profile = ctx.profile
    spec = profile.table_of_kind(table.kind)
    note = profile.empty_note_of(spec, year) if spec else ""
    if not note:  # a layout that prints no such note here (河南2022's 三公): its wording for the table's fund
        fund = profile.empty_fund_of(spec) if spec else "…"
        note = (profile.empty_note or "本部门{year}年无{fund}安排的支出，故本表无数据。").format(year=year, fund=fund)
    return note.rstrip("。")  # the message closes the sentence


@check(WRONG_FUND_NOTE)
def wrong_fund_note(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    funds = _data()["wrong_fund"]
    for table in workbook.tables:
        spec = funds.get(table.kind)
        if spec is None:
            continue
        for sentence in empty_sentences(table.note):
            word = next((w for w in spec["others"] if w in _compact(sentence)), None)
            if word:
                yield WRONG_FUND_NOTE.finding(
                    table.sheet, table.note_cell or table.title_cell, sentence=sentence, word=word,
                    table=_compact(table.title) or table.sheet, fund=spec["fund"],
                )
                break


@check(TITLE_YEAR)
def title_year(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    expected = budget_year(workbook, ctx)
    if expected is None:
        return
    for table in workbook.tables:
        found = table_year(table)
        if found is None or found == expected:
            continue
        title = _compact(table.title)
        fixed = title.replace(str(found), str(expected), 1) if str(found) in title else f"{expected}年{title}"
        yield TITLE_YEAR.finding(table.sheet, table.title_cell, found=found, expected=expected, fixed=fixed)


@check(DEPARTMENT_NAME)
def department_name(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    reference = reference_department(workbook, ctx)
    if not reference:
        return
    # the configured name is 基本信息's 部门名称 (build mode); else the name most tables print
    configured = _department_key(ctx.department)
    source = "基本信息中填写的部门名称" if configured else "其他表的"
    expected = _DEPARTMENT_LABEL.sub("", ctx.department.strip()) if configured else reference  # as typed there
    for table in workbook.tables:
        key = _department_key(table.department)
        if key and key != reference:
            shown = _DEPARTMENT_LABEL.sub("", _nfkc(table.department).strip())
            yield DEPARTMENT_NAME.finding(
                table.sheet, department_cell(table), found=shown, expected=expected, source=source,
            )


MIN_TRUNCATED = 4  # shorter prefixes ('洛阳市') are too common to be a cut-off name


@check(TRUNCATED_NAME)
def truncated_names(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    reference = reference_department(workbook, ctx)
    for table in workbook.tables:
        for row in table.rows:
            if row.role not in ("department", "unit"):
                continue
            name = _compact(row.label)
            if MIN_TRUNCATED <= len(name) < len(reference) and reference.startswith(name):
                where = "部门行名称" if row.role == "department" else "单位行名称"
                yield TRUNCATED_NAME.finding(
                    table.sheet, _label_cell(table, row), where=where, found=row.label.strip(),
                    expected=reference, missing=reference[len(name):],
                )


@check(TITLE_WITHOUT_YEAR)
def title_without_year(workbook: ParsedWorkbook, ctx: CheckContext) -> Iterator[Finding]:
    profile = ctx.profile
    dated = {spec.kind for spec in profile.tables if "{year}" in spec.title}
    year = budget_year(workbook, ctx)
    for table in workbook.tables:
        if table.kind not in dated or table_year(table) is not None:
            continue
        title = "".join(table.title.split())
        yield TITLE_WITHOUT_YEAR.finding(table.sheet, table.title_cell, title=title, fixed=f"{year or '××××'}年{title}")
