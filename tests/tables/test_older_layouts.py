"""Builder options the 2020 and 2022 layouts use (profiles 河南2020 / 河南2022), on the small
department of conftest (the seeds 003 / 000 show the same options on real data).

2010301 lines of conftest (一般公共预算, 901001): 人员 30101 100.00, 30102 50.50; 公用 30201 5.00,
30231 1.50, 30217 0.80, 31002 2.00 (= 159.80).  三公: 30231 1.50, 30217 0.80 (basic) and 31013
18.00 (project P001)."""

from __future__ import annotations

from yusuan.profiles import load
from yusuan.tables import builder_for

N = None


def _build(ctx, profile: str, number: str):
    spec = next(s for s in load(profile).tables if s.number == number)
    return builder_for(spec.id)(ctx, spec)


def test_three_public_as_a_list_of_items(ctx, wan):
    """2020 七: 项目 | 预算数, one row per item, zeros printed."""
    table = _build(ctx, "河南2020", "七")
    assert table.keys == ["item", "amount"]
    assert [r.values for r in table.rows] == [
        ("共计", wan("20.30")), ("1、因公出国（境）费用", 0), ("2、公务接待费", wan("0.80")), ("3、公务用车费", wan("19.50")),
        ("其中：（1）公务用车运行维护费", wan("1.50")), ("（2）公务用车购置", wan("18.00"))]
    assert [r.kind for r in table.rows] == ["total", *["detail"] * 5]


def test_operating_costs_of_one_function_without_unit_rows(ctx, wan):
    """2020 十: 机关运行经费 = 基本支出 of 2010301, by 部门经济科目, 合计 in the code column."""
    table = _build(ctx, "河南2020", "十")
    assert [r.values for r in table.rows] == [
        ("合计", N, wan("159.80")), ("30101", "基本工资", wan("100.00")), ("30102", "津贴补贴", wan("50.50")),
        ("30201", "办公费", wan("5.00")), ("30217", "公务接待费", wan("0.80")), ("30231", "公务用车运行维护费", wan("1.50")),
        ("31002", "办公设备购置", wan("2.00"))]


def test_basic_table_with_class_columns_and_fiscal(ctx):
    """2020 六: 类 of 部门经济分类 once per run, 政府经济 类 on every row, 款 as the whole code,
    其中：财政拨款 = 小计."""
    table = _build(ctx, "河南2020", "六")
    rows = [r.values for r in table.rows]
    assert rows[0][0] == "合计" and rows[0][6] == rows[0][7]
    assert [(r[0], r[1], r[3], r[4]) for r in rows[1:4]] == [
        ("301", "30101", "501", "50101"), (N, "30101", "505", "50501"), (N, "30102", "501", "50101")]
    assert all(r[6] == r[7] for r in rows)


def test_zero_amounts_printed(ctx):
    """2020 三: every amount cell of a row prints, 0 included (print_zeros)."""
    table = _build(ctx, "河南2020", "三")
    amounts = [v for r in table.rows for k, v in zip(table.keys, r.values) if k in table.amount_keys]
    assert N not in amounts and 0 in amounts


def test_projects_without_department_row(ctx):
    """2022 十一: 合计 (in 项目名称), then the projects; no department row (units of a multi-unit
    department keep theirs)."""
    table = _build(ctx, "河南2022", "十一")
    assert [(r.kind, r.values[1]) for r in table.rows] == [
        ("total", "合计"), ("group", "901001"), ("detail", "政务服务平台运维"), ("group", "901002"), ("detail", "窗口服务外包"),
        ("detail", "市民中心建设")]


def test_project_performance_without_summary_rows(ctx):
    """2022 十三: the projects only, no department and unit rows, no 项目分类 column."""
    table = _build(ctx, "河南2022", "十三")
    assert "category" not in table.keys
    firsts = [r.values[0] for r in table.rows if r.kind == "detail"]
    assert firsts == ["P001", "P002", "P003"] and table.rows[0].values[0] == "P001"
