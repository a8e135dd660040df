"""The one registry of declared rules: every rule, wherever it is raised, is registered here
when its declaring module is imported (:mod:`yusuan.checks.catalog` imports them all), with
the module that declares it — the rule's check, or the code that raises it, is there."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

from yusuan.findings.rule import Rule, Severity
from yusuan.yaml_data import load_yaml

_RULES: dict[str, Rule] = {}
_DECLARED_IN: dict[str, str] = {}


def register(rule: Rule, site: str = "") -> Rule:
    """Declare ``rule``; ``site`` names its check function (module.name) when it has one,
    else the declaring module is recorded."""
    rule = _with_doc_data(rule)
    if rule.code in _RULES and _RULES[rule.code] != rule:
        raise ValueError(f"duplicate rule code {rule.code}")
    _RULES[rule.code] = rule
    _DECLARED_IN[rule.code] = site or _DECLARED_IN.get(rule.code) or _declaring_module()
    return rule


def declare(
    code: str, family: str, name: str, severity: Severity, message: str, *,
    what: str, why: str, fix: str, bad: str = "", good: str = "",
) -> Rule:
    """The one way to declare a rule: code, family, name, severity, message template and the
    structured doc (检查什么 / 为什么 / 错误示例 / 正确写法 / 修正), registered in the catalog."""
    return register(Rule(code, family, name, severity, message, what=what, why=why, bad=bad, good=good, fix=fix))


DOC_FIELDS = ("what", "why", "bad", "good", "fix")


@cache
def doc_data() -> dict[str, dict[str, str]]:
    """Parts of the structured docs kept as data, by rule code: the examples (错误示例 / 正确写法)
    of rules declared with a one-paragraph doc, and the other parts where that paragraph does
    not have the 检查 / 为什么 / 修正 shape."""
    text = resources.files("yusuan.findings").joinpath("data", "rule_docs.yaml").read_text(encoding="utf-8")
    return load_yaml(text) or {}


def _with_doc_data(rule: Rule) -> Rule:
    """``rule`` with the parts of its doc that the data file has and the declaration has not."""
    data = doc_data().get(rule.code, {})
    unknown = set(data) - set(DOC_FIELDS)
    if unknown:
        raise ValueError(f"rule_docs.yaml: {rule.code} has unknown fields {sorted(unknown)}")
    missing: dict[str, Any] = {name: str(text).strip() for name, text in data.items() if not getattr(rule, name)}
    return replace(rule, **missing) if missing else rule


def family_declaration(family: str) -> Callable[[str, str, Severity, str, str], Rule]:
    """How a family declares a rule with a one-paragraph doc (“检查…。为什么…。修正：…”, the
    structured parts split from it, the examples from the data file): ``rule(code, name,
    severity, message, doc)``, registered in the catalog."""

    def rule(code: str, name: str, severity: Severity, message: str, doc: str) -> Rule:
        return register(Rule(code, family, name, severity, message, doc))

    return rule


def registered() -> dict[str, Rule]:
    """The rules declared so far, by code (only the modules imported yet have declared theirs)."""
    return dict(_RULES)


def declared_in(code: str) -> str:
    """Where rule ``code`` lives: its check function (module.name), else its declaring module."""
    return _DECLARED_IN[code]


def _declaring_module() -> str:
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("yusuan.findings"):
        frame = frame.f_back  # type: ignore[assignment]
    return str(frame.f_globals.get("__name__", "")) if frame is not None else ""
