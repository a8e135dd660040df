"""The one registry of every rule.  Families register their rules by importing this module."""

from __future__ import annotations

from yusuan.checks.rule import Rule

_RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in _RULES and _RULES[rule.code] != rule:
        raise ValueError(f"duplicate rule code {rule.code}")
    _RULES[rule.code] = rule
    return rule


def all_rules() -> list[Rule]:
    _load_families()
    return sorted(_RULES.values(), key=lambda r: r.code)


def get(code: str) -> Rule:
    _load_families()
    return _RULES[code]


def _load_families() -> None:
    # Importing a family module registers its rules.
    import importlib

    from yusuan.checks import input_rules  # noqa: F401

    for family in FAMILY_MODULES:
        try:
            importlib.import_module(f"yusuan.checks.{family}")
        except ModuleNotFoundError as exc:
            if exc.name != f"yusuan.checks.{family}":
                raise


# Rule families over parsed tables, one module each (added as they land).
FAMILY_MODULES = ("table_rules", "cross_rules", "classification_rules", "text_rules")
