"""A new year's layout written only in YAML — no Python change — builds the demo and audits it.

The profile is a variation of 河南2025 written into the test's tmp dir: another name and year,
tables in another order and renumbered, two titles changed, 国有资本经营支出预算表 dropped, the
部门支出预算表 with 类/款 subtotal rows, and the 三公 table as a department total.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from openpyxl import load_workbook

from builds import demo_input_bytes
from yusuan import profiles
from yusuan.audit.choose import choose_profile
from yusuan.audit.recognize import parse_workbook
from yusuan.cli import main
from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

BUILTIN = Path(profiles.__file__).parent / "data" / "henan2025.yaml"
NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"]


def _variation() -> dict:
    data = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))
    tables = [t for t in data["tables"] if t["name"] != "国有资本经营支出预算表"]
    tables[1], tables[2] = tables[2], tables[1]  # 支出 before 收入
    for number, table in zip(NUMBERS, tables):
        table["number"] = number
    tables[0]["title"] = "{year}年部门收支总表"
    tables[1]["name"] = tables[1]["title"] = "部门支出总表"
    tables[1]["options"] = {**tables[1]["options"], "levels": ["类", "款", "项"]}
    return data | {"name": "某省2025", "year": 2025, "description": "测试用表样", "narrative": "henan2025.yaml",
                   "layout": {"three_public": "total"}, "tables": tables}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("yaml_profile")
    profile_file = folder / "某省2025.yaml"
    profile_file.write_text(yaml.safe_dump(_variation(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    source = folder / "输入.xlsx"
    source.write_bytes(demo_input_bytes())
    output = folder / "输出.xlsx"
    added = list(profiles._added)
    code = main(["build", str(source), "-o", str(output), "--profile-file", str(profile_file)])
    yield code, profile_file, output
    profiles._added[:] = added
    profiles._all.cache_clear()


def test_build_uses_the_yaml_profile(built):
    code, _, output = built
    assert code == 0
    book = load_workbook(output, read_only=True)
    tables = [s for s in book.sheetnames if s.endswith("表") and s not in ("基本信息",)]
    assert tables[:3] == ["部门收支预算表", "部门支出总表", "部门收入预算表"]
    assert "国有资本经营支出预算表" not in book.sheetnames
    assert book["部门收支预算表"]["A1"].value.endswith("年部门收支总表")
    spending = [row[4] for row in book["部门支出总表"].iter_rows(min_row=6, max_row=9, values_only=True)]
    assert spending[:2] == ["合计", "示例区政务服务和大数据管理局"] and spending[3] == "一般公共服务支出"  # a 类 row
    three = list(book["一般公共预算“三公”经费预算表"].iter_rows(min_row=3, max_row=3, values_only=True))[0]
    assert three[0] == "“三公”经费合计"  # department total: no 单位名称 column


def test_audit_with_the_yaml_profile_finds_no_error(built, tmp_path):
    _, profile_file, output = built
    checked = tmp_path / "校验.xlsx"
    assert main(["check", str(output), "-o", str(checked), "--profile-file", str(profile_file)]) == 0
    summary = [r for r in load_workbook(checked, read_only=True)["校验结果"].iter_rows(values_only=True)]
    assert any("按表样版本“某省2025”校验：由命令行" in str(c) for row in summary for c in row if c)
    assert not any("XT001" in str(c) for row in summary for c in row if c)  # no table missing, 十 not required


def test_audit_picks_the_yaml_profile_by_itself(built, tmp_path):
    """The profile is known (added for the run); the workbook's titles match it better than 河南2025's."""
    _, _, output = built
    checked = tmp_path / "校验.xlsx"
    assert main(["check", str(output), "-o", str(checked)]) == 0
    summary = [r for r in load_workbook(checked, read_only=True)["校验结果"].iter_rows(values_only=True)]
    assert any("按表样版本“某省2025”校验：表格标题的预算年度为 2025 年" in str(c) for row in summary for c in row if c)


def test_export_prints_the_yaml_profile(built, tmp_path):
    """``yusuan export --profile-file``: the document's 目录 and 附件 follow that profile's tables."""
    _, profile_file, output = built
    document = tmp_path / "文档.docx"
    assert main(["export", str(output), "-o", str(document), "--no-pdf", "--profile-file", str(profile_file)]) == 0
    lines = [p.text for p in docx.Document(str(document)).paragraphs]
    contents = lines[lines.index("目　录"):lines.index("第一部分")]
    entries = ["一、部门收支预算表", "二、部门支出总表", "三、部门收入预算表"]
    positions = [contents.index(entry) for entry in entries]  # the profile's order and numbers
    assert positions == sorted(positions)
    assert "2025年部门收支总表" in lines  # the changed title, printed above its table in the 附件
    assert not any("国有资本经营支出预算表" in line for line in lines)


def test_the_contents_page_decides_between_profiles_of_one_year(built):
    """Only 部门收入预算表 printed: its title is the same in 河南2025 and 某省2025, so the tables
    leave a tie (the default wins).  A 目录 sheet listing 某省2025's tables in its order decides."""
    _, _, output = built
    port = OpenpyxlWorkbook.open(output)
    printed = {spec.sheet_name() for p in profiles.all_profiles() for spec in p.tables}
    for sheet in [s for s in port.book.sheetnames if s in printed and s != "部门收入预算表"]:
        port.book.remove(port.book[sheet])
    assert choose_profile(parse_workbook(port)).profile.name == "河南2025"
    contents = port.book.create_sheet("目录", 0)
    contents.append(["目　录"])
    for spec in profiles.load("某省2025").tables:
        contents.append([f"{spec.number}、{spec.title.format(year=2025)}", None, "……"])
    chosen = choose_profile(parse_workbook(port))
    assert chosen.profile.name == "某省2025"
    assert chosen.reason.endswith("目录列出 13 张表，其中 13 张与该表样的表名和顺序一致。")
