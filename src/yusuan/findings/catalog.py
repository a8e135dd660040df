"""The one registry of declared rules: every rule, wherever it is raised, is registered here
when its declaring module is imported (:mod:`yusuan.checks.catalog` imports them all)."""

from __future__ import annotations

from yusuan.findings.rule import Rule

_RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in _RULES and _RULES[rule.code] != rule:
        raise ValueError(f"duplicate rule code {rule.code}")
    _RULES[rule.code] = rule
    return rule


def registered() -> dict[str, Rule]:
    """The rules declared so far, by code (only the modules imported yet have declared theirs)."""
    return dict(_RULES)
