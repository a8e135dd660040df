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

    for family in FAMILY_MODULES:
        importlib.import_module(f"yusuan.checks.{family}")


# One module (or package) per rule family; registry holds SYS001 (a rule that failed to run).
FAMILY_MODULES = (
    "input_rules", "last_year_rules", "narrative_input_rules", "structure_rules", "rounding_rules",
    "table_rules", "cross_rules", "classification_rules", "text_rules", "narrative_rules", "registry",
)
