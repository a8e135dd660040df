"""导出文档: the demo workbook exported to .docx (and PDF where LibreOffice is installed),
read back with python-docx and compared with the workbook's sheets."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources

import docx
import pytest
import yaml
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from builds import demo_built_bytes, open_copy, seed_build
from yusuan import profiles
from yusuan.cli import main
from yusuan.commands import input_workbook_from_csv, sample_folder
from yusuan.document.export import export_document
from yusuan.document.glossary import write_glossary_sheet
from yusuan.document.narrative import NARRATIVE_SHEET, kind_of
from yusuan.document.pdf import soffice
from yusuan.document.printed import amount_text
from yusuan.errors import UserError

DEPARTMENT = "示例区政务服务和大数据管理局"
PROFILE = profiles.load()
AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")
# a small 情况说明 in case build does not write one (the narrative is built elsewhere)
FALLBACK_NARRATIVE = [
    f"第二部分 2025年{DEPARTMENT}部门预算情况说明",
    "一、收入支出预算总体情况说明",
    f"{DEPARTMENT}2025年收入总计1231.48万元，支出总计1231.48万元。",
    "七、一般公共预算“三公”经费支出预算情况说明",
    "（一）因公出国（境）费0.00万元，主要用于单位工作人员公务出国（境）的住宿费、差旅费等支出。",
    "十、其他重要事项情况说明",
    "（一）行政（事业）单位机构运转经费支出预算情况",
    f"{DEPARTMENT}2025年机构运转经费支出预算44.45万元。",
]


def built_book():
    book = open_copy(demo_built_bytes())
    if NARRATIVE_SHEET not in book.sheet_names():
        book.add_sheet(NARRATIVE_SHEET)
        book.write_values(NARRATIVE_SHEET, 1, 1, [[t] for t in FALLBACK_NARRATIVE])
    return book


@pytest.fixture(scope="module")
def book():
    return built_book()


@pytest.fixture(scope="module")
def exported(book, tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "公开.docx"
    result = export_document(book, path, pdf=False)
    assert result.docx == path and result.pdf is None
    return docx.Document(str(path))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def all_text(document) -> str:
    parts = texts(document)
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def cents(value) -> str:
    """The sheet's '#,##0.00', written out independently of the exporter."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return format(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ",.2f")


def shown(values, merges, row: int, col: int):
    """Value a 1-based sheet cell shows: a merged range's value in every cell it covers."""
    for m in merges:
        if m.top <= row <= m.bottom and m.left <= col <= m.right:
            row, col = m.top, m.left
            break
    line = values[row - 1] if row <= len(values) else []
    return line[col - 1] if col <= len(line) else None


def expected_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return cents(value)
    return str(value).strip()


# --- structure ------------------------------------------------------------------------
def test_parts_in_order(exported):
    headings = [p.text for p in exported.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["第一部分", "第二部分", "第三部分"]
    assert headings[3] == f"附件：2025年{DEPARTMENT}部门预算表"
    lines = texts(exported)
    contents = lines.index("目　录")
    assert contents < lines.index("第一部分") < lines.index("第二部分") < lines.index("第三部分")
    annex = [i for i, p in enumerate(exported.paragraphs) if p.style.name == "Heading 1" and p.text.startswith("附件")]
    assert annex and annex[0] > lines.index("第三部分")
    assert lines[0] == f"2025年{DEPARTMENT}" and lines[1] == "部门预算公开"
    assert "2025年3月" in lines[:4]  # 公开日期 on the cover
    assert f"{DEPARTMENT}部门概况" in lines


def test_contents_lists_every_table_in_order(exported):
    lines = texts(exported)
    contents = lines[lines.index("目　录"):lines.index("第一部分")]
    entries = [f"{spec.number}、{spec.name}" for spec in PROFILE.tables]
    assert len(entries) == 14
    positions = [contents.index(e) for e in entries]
    assert positions == sorted(positions)
    assert "第三部分　名词解释" in contents
    assert any(line.startswith("第二部分") and "情况说明" in line for line in contents)


def test_part_one_from_basic_info(exported):
    lines = texts(exported)
    assert "一、主要职责" in lines and "三、预算单位构成情况" in lines
    duty = "4.完成区委、区政府交办的其他任务。"
    assert duty in lines
    assert exported.paragraphs[lines.index(duty)].style.name == "Normal"


def test_narrative_rows_keep_their_role(book, exported):
    rows = [r[0] for r in book.read_values(NARRATIVE_SHEET) if r and r[0]]
    lines = texts(exported)
    styles = {p.text: p.style.name for p in exported.paragraphs}
    for text in rows[1:]:
        assert text in lines
    assert styles["一、收入支出预算总体情况说明"] == "Heading 2"
    assert styles["（一）行政（事业）单位机构运转经费支出预算情况"] == "Heading 3"
    sentence = next(t for t in rows if t.startswith("（一）因公出国"))
    assert styles[sentence] == "Normal"


def test_glossary_default_text_numbered(exported):
    lines = texts(exported)
    start = lines.index("第三部分")
    glossary = [t for t in lines[start:] if re.match(r"^[一二三四五六七八九十]+、", t)]
    assert glossary[0].startswith("一、财政拨款收入：")
    for term in ("财政专户管理资金", "事业收入", "事业单位经营收入", "其他收入", "用事业基金弥补收支差额",
                 "基本支出", "项目支出", "“三公”经费", "机构运转经费", "政府采购", "上年结转"):
        assert any(term in t.split("：")[0] for t in glossary), term


# --- tables ---------------------------------------------------------------------------
def test_every_table_equals_its_sheet(book, exported):
    assert len(exported.tables) == len(PROFILE.tables) == 14
    for spec, table in zip(PROFILE.tables, exported.tables):
        sheet = spec.sheet_name()
        values, merges = book.read_values(sheet), book.merged_ranges(sheet)
        info = next(i for i, row in enumerate(values, start=1)
                    if any(isinstance(v, str) and v.startswith("部门名称") for v in row))
        width = len(table.columns)
        assert width == len(values[0]), sheet
        for r, row in enumerate(table.rows):
            got = [cell.text for cell in row.cells]
            want = [expected_text(shown(values, merges, info + 1 + r, c)) for c in range(1, width + 1)]
            assert got == want, f"{sheet} row {info + 1 + r}"
        # whatever the sheet has below the table is a one-cell note, printed under it
        for line in values[info + len(table.rows):]:
            assert sum(v is not None for v in line) <= 1, sheet


def test_merged_header_cells_are_merged(book, exported):
    table = exported.tables[[s.name for s in PROFILE.tables].index("部门支出预算表")]
    first = table.rows[0]
    assert first.cells[0].text == "科目编码" and first.cells[0]._tc.grid_span == 3  # A3:C3
    assert first.cells[6].text == "基本支出" and first.cells[6]._tc.grid_span == 5  # G3:K3
    # F3:F5 (合计) spans the three header rows: restart, then continue below
    grid_tcs = [_tcs_by_grid(table.rows[r]) for r in range(3)]
    assert grid_tcs[0][5].vMerge == "restart"
    assert grid_tcs[1][5].vMerge == "continue" and grid_tcs[2][5].vMerge == "continue"
    # header rows repeat on every page; body rows do not
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows[:3])
    assert table.rows[3]._tr.trPr.find(qn("w:tblHeader")) is None


def _tcs_by_grid(row) -> dict:
    out, col = {}, 0
    for tc in row._tr.tc_lst:
        out[col] = tc
        col += tc.grid_span
    return out


def test_amounts_right_aligned_and_formatted(book, exported):
    checked = 0
    for spec, table in zip(PROFILE.tables, exported.tables):
        values = book.read_values(spec.sheet_name())
        numbers = {cents(v) for row in values for v in row if isinstance(v, float)}
        for row in table.rows:
            for cell in row.cells:
                if cell.text in numbers:
                    assert AMOUNT.match(cell.text)
                    assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT, (spec.name, cell.text)
                    checked += 1
    assert checked > 300
    summary = exported.tables[0]
    assert summary.rows[-1].cells[1].text == "1,231.48"  # 收入总计
    assert summary.rows[-1].cells[0].text == "收入总计"


def test_wide_tables_on_landscape_pages(exported):
    sections = exported.sections
    assert len(sections) == 1 + 14  # the text, then one section per table
    assert sections[0].orientation == WD_ORIENT.PORTRAIT
    for section, table in zip(sections[1:], exported.tables):
        wide = len(table.columns) > 8
        assert (section.orientation == WD_ORIENT.LANDSCAPE) is wide
        assert (section.page_width > section.page_height) is wide
    widths = {len(t.columns) for t in exported.tables}
    assert min(widths) <= 8 < max(widths)  # both kinds occur


def test_east_asia_fonts_on_styles(exported):
    expected = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "黑体",
                "Heading 3": "楷体_GB2312", "Table Text": "宋体", "Table Title": "方正小标宋简体"}
    for name, font in expected.items():
        fonts = exported.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font, name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name  # a theme font would override it
        lang = exported.styles[name].element.rPr.find(qn("w:lang"))
        assert lang.get(qn("w:eastAsia")) == "zh-CN"
    default = exported.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert default.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_page_a4(exported):
    first = exported.sections[0]
    assert {round(first.page_width.mm), round(first.page_height.mm)} == {210, 297}


def test_page_numbers_run_through_every_section(exported):
    first = exported.sections[0]
    assert first.different_first_page_header_footer  # no number on the cover
    instr = first.footer._element.xpath(".//w:instrText")
    assert [i.text.strip() for i in instr] == ["PAGE"]
    for section in exported.sections[1:]:
        assert section.footer.is_linked_to_previous
        assert not section.different_first_page_header_footer  # a table's first page is numbered


def test_no_placeholder_anywhere(exported):
    raw = resources.files("yusuan.checks").joinpath("data", "placeholders.yaml").read_text(encoding="utf-8")
    patterns = [re.compile(p["pattern"]) for p in yaml.safe_load(raw)["placeholders"]]
    text = unicodedata.normalize("NFKC", all_text(exported))
    found = [m.group(0) for p in patterns for m in p.finditer(text)]
    assert found == []
    assert "××" not in all_text(exported) and "增加（减少）" not in all_text(exported)


# --- the workbook is the source -------------------------------------------------------
def test_user_edits_reach_the_document(tmp_path):
    book = built_book()
    sheet = "部门收支预算表"
    values = book.read_values(sheet)
    row = next(i for i, r in enumerate(values, start=1) if r[0] == "五、事业收入")
    book.write_values(sheet, row, 2, [[12.345]])  # a hand-typed figure, rounded half up on print
    settings = [r[0] for r in book.read_values("基本信息")]
    book.write_values("基本信息", settings.index("机构设置") + 1, 2, [["内设办公室、数据股2个股室。"]])
    narrative = book.read_values(NARRATIVE_SHEET)
    book.write_values(NARRATIVE_SHEET, len(narrative) + 1, 1, [["本说明由用户补充的一段文字。"]])
    assert "名词解释" in book.sheet_names()  # build puts the default text on the sheet
    assert write_glossary_sheet(book, PROFILE) is False  # the user's sheet is never overwritten
    book.write_values("名词解释", 2, 1, [["财政拨款收入", "用户改写的解释。"]])
    book.write_values("名词解释", 3, 1, [[None, None]])  # a deleted term leaves no gap in numbering
    doc = docx.Document(str(export_document(book, tmp_path / "edited.docx", pdf=False).docx))
    lines = texts(doc)
    assert "内设办公室、数据股2个股室。" in lines
    assert "本说明由用户补充的一段文字。" in lines
    assert "一、财政拨款收入：用户改写的解释。" in lines
    assert "二、事业收入：" in "\n".join(lines)
    cells = [c.text for r in doc.tables[0].rows for c in r.cells]
    assert "12.35" in cells


def test_missing_narrative_sheet_is_a_user_error(tmp_path):
    book = built_book()
    book.remove_sheet(NARRATIVE_SHEET)
    with pytest.raises(UserError, match="生成说明"):
        export_document(book, tmp_path / "x.docx", pdf=False)
    assert not (tmp_path / "x.docx").exists()


def test_workbook_without_tables_is_a_user_error(tmp_path):
    book = input_workbook_from_csv(sample_folder())
    with pytest.raises(UserError, match="生成报表"):
        export_document(book, tmp_path / "x.docx", pdf=False)


def test_output_must_be_docx(book, tmp_path):
    with pytest.raises(UserError, match=r"\.docx"):
        export_document(book, tmp_path / "x.pdf", pdf=False)


# --- pieces ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, kind", [
    ("第二部分 2025年某局部门预算情况说明", "part"),
    ("一、收入支出预算总体情况说明", "heading"),
    ("十、其他重要事项情况说明", "heading"),
    ("（二）政府采购支出预算情况", "subheading"),
    ("（一）因公出国（境）费0.00万元，主要用于单位工作人员公务出国（境）的住宿费等支出。", "body"),
    ("一、财政拨款收入：是指本级财政当年拨付的资金，包括一般公共预算拨款。", "body"),
    ("具体支出情况如下：", "body"),
])
def test_paragraph_kinds(text, kind):
    assert kind_of(text) == kind


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_a_float_read_back_prints_its_exact_cents(fen):
    """A cell stores 万元 as a float; printed, it is the exact two-decimal figure again."""
    exact = Decimal(fen) / 100
    assert amount_text(float(exact)) == format(exact, ",.2f")
    assert amount_text(fen) == format(Decimal(fen), ",.2f")  # an int is an amount too


def test_cli_export(book, tmp_path):
    source = tmp_path / "公开.xlsx"
    book.save(str(source))
    assert main(["export", str(source), "-o", str(tmp_path / "out.docx"), "--no-pdf"]) == 0
    assert (tmp_path / "out.docx").stat().st_size > 0
    assert main(["export", str(source), "-o", str(tmp_path / "out.txt")]) == 2
    assert main(["export", str(tmp_path / "missing.xlsx"), "--no-pdf"]) == 2


# --- PDF ------------------------------------------------------------------------------
def test_pdf_through_libreoffice(book, tmp_path, monkeypatch):
    """…with a LibreOffice profile of its own that goes with the conversion: no LibreOffice
    profile is left in the user's home folder (issue 14)."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    result = export_document(book, tmp_path / "out" / "公开.docx", pdf=True)
    assert result.pdf == tmp_path / "out" / "公开.pdf"
    assert result.pdf.stat().st_size > 0
    assert not list(home.rglob("*libreoffice*")) and not list(home.rglob("*LibreOffice*"))
    # the only file left is GLib's 2-byte desktop-settings cache (.cache/dconf/user), not LibreOffice's
    assert all("dconf" in p.parts for p in home.rglob("*") if p.is_file())
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(result.pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = text.count("\f")
        assert pages >= 16  # cover, 目录, three parts, 14 tables
        assert "部门预算公开" in text and "部门收支预算表" in text and "1,231.48" in text


def test_pdf_failure_is_reported_not_raised_when_only_wanted(book, tmp_path, monkeypatch):
    from yusuan.document import pdf as pdf_tools

    monkeypatch.setattr(pdf_tools, "soffice", lambda: shutil.which("false") or "/bin/false")
    result = export_document(book, tmp_path / "a.docx")  # pdf=None: 'if available'
    assert result.docx.exists() and result.pdf is None
    assert "LibreOffice 未能生成 PDF" in result.pdf_problem and "Word 文档已生成" in result.pdf_problem
    with pytest.raises(UserError, match="LibreOffice 未能生成 PDF"):
        export_document(book, tmp_path / "b.docx", pdf=True)
    assert (tmp_path / "b.docx").exists()  # the document itself is kept


def test_pdf_required_without_libreoffice(book, tmp_path, monkeypatch):
    from yusuan.document import pdf as pdf_tools

    monkeypatch.setattr(pdf_tools, "soffice", lambda: None)
    assert export_document(book, tmp_path / "a.docx").pdf is None
    with pytest.raises(UserError, match="未找到 LibreOffice"):
        export_document(book, tmp_path / "b.docx", pdf=True)


def test_2023_export_prints_the_basic_items_table(tmp_path):
    """河南2023 (seed 001 rebuilt, the session's build): 目录 and 附件 list 七 一般公共预算基本支出明细表,
    cell for cell as its sheet."""
    book = open_copy(seed_build("seed001")[1])
    document = docx.Document(str(export_document(book, tmp_path / "2023.docx", pdf=False).docx))
    assert "七、一般公共预算基本支出明细表" in texts(document)
    spec = profiles.load("河南2023").table("basic_items")
    index = [s.number for s in profiles.load("河南2023").tables].index("七")
    table = document.tables[index]
    values, merges = book.read_values(spec.sheet_name()), book.merged_ranges(spec.sheet_name())
    info = next(i for i, row in enumerate(values, start=1) if any(isinstance(v, str) and v.startswith("部门名称") for v in row))
    assert len(table.rows) == len(values) - info == 2 + 70  # header, 合计, 部门, 68 items
    for r, row in enumerate(table.rows):
        assert [cell.text for cell in row.cells] == [expected_text(shown(values, merges, info + 1 + r, c))
                                                     for c in range(1, len(table.columns) + 1)]
    assert [cell.text for cell in table.rows[4].cells][:4] == ["焦作市政务服务和大数据管理局", "人员类", "行政人员及机关技术工人年基本工资", "90.77"]
