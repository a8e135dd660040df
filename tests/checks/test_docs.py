"""The rule catalog is complete and the committed docs page is generated from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yusuan.checks.catalog import all_rules
from yusuan.checks.docs import rules_markdown
from yusuan.findings.rule import Severity

DOCS = Path(__file__).parents[2] / "docs" / "rules.md"
CODE = re.compile(r"(IN|AU|RD|DG|TB|XT|CL|TX|SYS)\d{3}")


def test_committed_rules_page_is_current():
    """Run `make docs` after changing a rule."""
    assert DOCS.read_text(encoding="utf-8") == rules_markdown() + "\n"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented(rule):
    assert CODE.fullmatch(rule.code)
    assert isinstance(rule.severity, Severity)
    assert rule.name and rule.message and len(rule.doc) >= 40


def test_codes_are_unique():
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
