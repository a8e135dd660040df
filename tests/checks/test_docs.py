"""The rule catalog is complete and the committed docs page is generated from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yusuan.checks.catalog import all_rules
from yusuan.checks.docs import rules_markdown
from yusuan.findings.catalog import DOC_FIELDS, doc_data
from yusuan.findings.rule import Severity

DOCS = Path(__file__).parents[2] / "docs" / "rules.md"
CODE = re.compile(r"(IN|AU|RD|PF|DG|TB|XT|CL|TX|SYS)\d{3}")


def test_committed_rules_page_is_current():
    """Run `make docs` after changing a rule."""
    assert DOCS.read_text(encoding="utf-8") == rules_markdown() + "\n"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented(rule):
    assert CODE.fullmatch(rule.code)
    assert isinstance(rule.severity, Severity)
    assert rule.name and rule.message and len(rule.doc) >= 40
    # the structured doc, like ruff's and sqlfluff's: 检查什么 / 为什么 / 错误示例 / 正确写法 / 修正
    for field in DOC_FIELDS:
        assert len(getattr(rule, field).strip()) >= 8, f"{rule.code} has no {field}"
    assert rule.bad != rule.good, rule.code


def test_every_rule_shows_its_structured_doc_on_the_rules_page():
    page = rules_markdown()
    for rule in all_rules():
        section = page.split(f"### {rule.code}\n", 1)[1].split("\n### ", 1)[0]
        for title in ("检查什么", "为什么", "错误示例", "正确写法", "修正"):
            assert f"**{title}**：" in section, (rule.code, title)


def test_the_doc_data_names_only_declared_rules_and_known_fields():
    codes = {r.code for r in all_rules()}
    assert set(doc_data()) <= codes
    assert all(set(fields) <= set(DOC_FIELDS) for fields in doc_data().values())


def test_codes_are_unique():
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
