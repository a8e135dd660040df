"""The 校验结果 sheet, read back from a saved file with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from yusuan.checks import catalog
from yusuan.checks.summary import (
    BY_RULE_COLUMN,
    BY_RULE_HEADER,
    BY_RULE_TITLE,
    HEADER,
    HEADER_ROW,
    RELATED,
    SAME,
    counts_line,
    write_summary,
)
from yusuan.findings.marks import SUMMARY_SHEET
from yusuan.findings.rule import Finding, Severity
from yusuan.ports.base import LINE_HEIGHT, wrapped_lines
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


def finding(code: str, severity: Severity, sheet: str, cell: str, message: str) -> Finding:
    return Finding(code=code, severity=severity, sheet=sheet, cell=cell, message=message)


FINDINGS = [
    finding("IN025", I, "支出明细", "F3", "名称与编码不符"),
    finding("IN014", E, "支出明细", "P12", "=1+1 不是数字"),
    finding("IN012", W, "支出明细", "H4", "经济分类对应不一致"),
    finding("IN014", E, "支出明细", "P4", "金额不是数字"),
    finding("IN001", E, "支出明细", "", "缺少必需的列"),
    finding("IN005", E, "单位信息", "A10", "单位不在单位信息中"),
    finding("ZZ999", W, "不存在的表", "B2", "未登记的规则"),
]


def written(tmp_path: Path, findings: list[Finding], before: int = 2) -> openpyxl.Workbook:
    port = OpenpyxlWorkbook.new()
    for sheet in ("单位信息", "支出明细")[:before]:
        port.add_sheet(sheet)
    write_summary(port, findings)
    path = tmp_path / "summary.xlsx"
    port.save(path)
    return openpyxl.load_workbook(path)


def table_rows(ws, with_cells: bool = False) -> list[list]:
    """The rows of the list (one per root cause); ``with_cells``: with the rows of their further cells."""
    rows = []
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(HEADER), values_only=True):
        if not isinstance(row[0], int) and not (row[0] is None and row[4]):
            break
        if isinstance(row[0], int) or with_cells:
            rows.append(list(row))
    return rows


def test_sheet_is_first_with_title_counts_and_header(tmp_path):
    book = written(tmp_path, FINDINGS)
    assert book.sheetnames[0] == SUMMARY_SHEET
    ws = book[SUMMARY_SHEET]
    assert ws["A1"].value == "校验结果" and ws["A1"].font.b
    assert ws["A2"].value == "共 7 条：错误 4 条，警告 2 条，提示 1 条"
    assert [c.value for c in ws[HEADER_ROW]] == HEADER
    assert all(c.font.b and c.fill.fill_type == "solid" for c in ws[HEADER_ROW])
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.column_dimensions["G"].width >= 40 and ws.column_dimensions["D"].width > ws.column_dimensions["A"].width


def test_rows_sorted_errors_first_with_rule_names(tmp_path):
    ws = written(tmp_path, FINDINGS)[SUMMARY_SHEET]
    rows = table_rows(ws)
    ordered = sorted(FINDINGS, key=lambda f: f.sort_key)
    assert [r[0] for r in rows] == list(range(1, len(FINDINGS) + 1))
    assert [(r[1], r[2], r[4], r[5], r[6]) for r in rows] == [
        (f.severity.label, f.code, f.sheet, f.cell or None, f.message) for f in ordered
    ]
    assert [r[1] for r in rows] == ["错误"] * 4 + ["警告"] * 2 + ["提示"]
    assert rows[0][3] == catalog.get(rows[0][2]).name
    assert next(r for r in rows if r[2] == "ZZ999")[3] is None  # unknown rule: listed, no name
    # the level cell carries the severity's fill
    for offset, f in enumerate(ordered):
        assert ws.cell(HEADER_ROW + 1 + offset, 2).fill.fgColor.rgb.endswith(f.severity.fill)


def test_cells_link_to_their_place_and_text_stays_text(tmp_path):
    ws = written(tmp_path, FINDINGS)[SUMMARY_SHEET]
    links = {}
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + len(FINDINGS)):
        cell = ws.cell(row, 6)
        link = cell.hyperlink
        links[(ws.cell(row, 5).value, cell.value)] = (link.location or link.target) if link else None
    assert links[("支出明细", "P12")] == "#'支出明细'!P12"
    assert links[("单位信息", "A10")] == "#'单位信息'!A10"
    assert links[("支出明细", None)] is None  # no cell: plain text, nothing to link
    assert links[("不存在的表", "B2")] is None  # no such sheet: no dead link
    message = next(c for c in ws["G"] if isinstance(c.value, str) and c.value.startswith("=1+1"))
    assert message.data_type == "s"


def test_counts_by_rule(tmp_path):
    ws = written(tmp_path, FINDINGS)[SUMMARY_SHEET]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    first = BY_RULE_COLUMN - 1
    title = next(i for i, r in enumerate(values) if r[first] == BY_RULE_TITLE)
    assert values[title + 1][first:first + 3] == BY_RULE_HEADER
    counts = {r[first]: (r[first + 1], r[first + 2]) for r in values[title + 2 :] if r[first]}
    assert counts == {
        "IN001": (catalog.get("IN001").name, 1),
        "IN005": (catalog.get("IN005").name, 1),
        "IN012": (catalog.get("IN012").name, 1),
        "IN014": (catalog.get("IN014").name, 2),
        "IN025": (catalog.get("IN025").name, 1),
        "ZZ999": (None, 1),
    }
    assert sum(n for _, n in counts.values()) == len(FINDINGS)


def test_rule_names_have_the_rule_name_column_and_rows_tall_enough(tmp_path):
    """规则名称 sits in the 规则名称 column (30 wide, wrapped) in the list and in 按规则统计, and
    every row is tall enough for its longest wrapped text (name or 说明)."""
    long_name = max(catalog.all_rules(), key=lambda r: len(r.name))
    findings = [*FINDINGS, finding(long_name.code, E, "支出明细", "B9", "长" * 90)]
    ws = written(tmp_path, findings)[SUMMARY_SHEET]
    name_column = HEADER.index("规则名称") + 1
    assert BY_RULE_HEADER.index("规则名称") + BY_RULE_COLUMN == name_column
    assert ws.column_dimensions["D"].width >= 26
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        name = row[name_column - 1]
        if name.value == long_name.name:
            assert name.alignment.wrap_text
            lines = max(wrapped_lines(name.value, ws.column_dimensions["D"].width),
                        wrapped_lines(row[6].value or "", ws.column_dimensions["G"].width))
            assert ws.row_dimensions[name.row].height >= lines * LINE_HEIGHT, name.coordinate
    by_rule_row = next(r for r in ws.iter_rows() if r[BY_RULE_COLUMN - 1].value == long_name.code)
    assert by_rule_row[name_column - 1].value == long_name.name


def test_rewriting_replaces_the_sheet(tmp_path):
    port = OpenpyxlWorkbook.new()
    port.add_sheet("支出明细")
    write_summary(port, FINDINGS)
    write_summary(port, FINDINGS[:1])
    assert port.sheet_names() == [SUMMARY_SHEET, "支出明细"]
    path = tmp_path / "again.xlsx"
    port.save(path)
    ws = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    assert len(table_rows(ws)) == 1
    assert ws["A2"].value == "共 1 条：错误 0 条，警告 0 条，提示 1 条"
    assert ws.max_row < HEADER_ROW + 1 + len(FINDINGS)  # nothing left of the longer list


def test_no_findings(tmp_path):
    ws = written(tmp_path, [])[SUMMARY_SHEET]
    assert ws["A2"].value == counts_line([]) == "未发现问题。"
    assert [c.value for c in ws[HEADER_ROW]] == HEADER
    assert table_rows(ws) == []


def _link(ws, row: int) -> str | None:
    link = ws.cell(row, 6).hyperlink
    return (link.location or link.target) if link else None


def test_one_cause_is_one_row_with_a_count_and_a_link_to_every_cell(tmp_path):
    """16 × IN012 for one correspondence → one row “（共 16 处）” and a linked row per further cell."""
    repeated = [finding("IN012", W, "支出明细", f"H{row}", "部门经济科目 30107 与政府经济科目 50501 不符") for row in range(5, 21)]
    book = written(tmp_path, repeated + FINDINGS[:2])
    ws = book[SUMMARY_SHEET]
    rows = table_rows(ws)
    assert ws["A2"].value == "共 3 条：错误 1 条，警告 1 条，提示 1 条"
    (head,) = [r for r in rows if r[2] == "IN012"]
    assert head[5] == "H5" and head[6].endswith("（共 16 处）")
    every = table_rows(ws, with_cells=True)
    at = every.index(head)
    more = every[at + 1 : at + 16]
    assert [(r[0], r[4], r[5], r[6]) for r in more] == [(None, "支出明细", f"H{row}", SAME) for row in range(6, 21)]
    first = HEADER_ROW + 1 + at
    assert [_link(ws, first + k) for k in range(16)] == [f"#'支出明细'!H{row}" for row in range(5, 21)]
    assert ws.cell(first + 15, 2).fill.fgColor.rgb.endswith(W.fill)  # the cause's rows keep its level colour


def test_a_diagnosis_lists_its_related_cells_and_its_alternatives_once(tmp_path):
    blamed = Finding("DG001", E, "支出明细", "P4", "应为 1.00（现为 2.00）", {"related": ["单位信息!A10", "支出明细!P12"], "cause": "DG1"})
    either = [Finding("DG002", E, "支出明细", cell, f"此数与另一数二者之一有误 {cell}", {"related": [], "cause": "DG2"})
              for cell in ("F3", "H4")]
    ws = written(tmp_path, [blamed, *either])[SUMMARY_SHEET]
    every = table_rows(ws, with_cells=True)
    assert ws["A2"].value == "共 2 条：错误 2 条，警告 0 条，提示 0 条"
    assert [(r[0], r[2], r[4], r[5], r[6]) for r in every] == [
        (1, "DG002", "支出明细", "F3", "此数与另一数二者之一有误 F3（共 2 处）"),
        (None, None, "支出明细", "H4", "此数与另一数二者之一有误 H4"),
        (2, "DG001", "支出明细", "P4", "应为 1.00（现为 2.00）"),
        (None, None, "单位信息", "A10", RELATED),
        (None, None, "支出明细", "P12", RELATED),
    ]
    assert _link(ws, HEADER_ROW + 4) == "#'单位信息'!A10"
