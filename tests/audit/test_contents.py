"""目录 read from a sheet: table names in order, without numbering and page numbers."""

from __future__ import annotations

import pytest

from yusuan.audit._contents import read_contents

SEED002 = [["# 目录"], ["目　录"], ["附件： 卫辉市政务服务和大数据管理局 2024 年部门预 算表"],
           ["一、2024 年部门收支总体情况表"], ["二、2024 年部门收入总体情况表", None, "……3"],
           ["预算08表", "部门（单位）整体绩效目标表", 12], ["第三部分 名词解释"]]


@pytest.mark.parametrize("sheet, rows, names", [
    ("目录", SEED002[2:], ("2024年部门收支总体情况表", "2024年部门收入总体情况表", "部门(单位)整体绩效目标表")),
    ("Sheet1", [["封面"], *SEED002[1:]], ("2024年部门收支总体情况表", "2024年部门收入总体情况表", "部门(单位)整体绩效目标表")),
    ("Sheet1", [["2024年部门收支总体情况表"], ["项目", "预算数"]], ()),  # a table, no 目录 heading
])
def test_contents_lines(sheet, rows, names):
    assert read_contents(sheet, rows) == names
