"""The guard every check runs in (SYS001's cases are data: rule_cases/SYS.yaml); here what the
data cannot say: a check that fails part-way keeps the findings it gave."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.checks.registry import Check, CheckContext, all_checks, run_check
from yusuan.findings import Finding
from yusuan.model.parsed import ParsedWorkbook


def test_a_check_failing_part_way_keeps_its_findings() -> None:
    rule = next(c.rule for c in all_checks() if c.rule.code == "XT002")
    given = Finding("XT002", rule.severity, "部门收入预算表", "C6", "合计行“总计” 140.00 不等于 ……")

    def part_way(workbook: ParsedWorkbook, context: CheckContext) -> Iterator[Finding]:
        yield given
        raise ValueError("坏了")

    found = run_check(Check(rule, part_way), ParsedWorkbook(()), CheckContext())
    assert [(f.code, f.cell) for f in found] == [("XT002", "C6"), ("SYS001", "")]
    assert found[0] is given and found[1].message == "规则 XT002 无法执行：ValueError: 坏了"
