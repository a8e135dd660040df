"""Every rule, whichever layer raises it: importing the declaring modules registers their rules
in :mod:`yusuan.findings.catalog`; this module knows them all."""

from __future__ import annotations

import importlib

from yusuan.findings.catalog import registered
from yusuan.findings.rule import Rule


def all_rules() -> list[Rule]:
    _load_families()
    return sorted(registered().values(), key=lambda r: r.code)


def get(code: str) -> Rule:
    _load_families()
    return registered()[code]


def _load_families() -> None:
    # Importing a family module registers its rules.
    for family in FAMILY_MODULES:
        importlib.import_module(family)


# One module (or package) per rule family; registry holds SYS001 (a rule that failed to run).
# Rules raised while reading the input sheets or composing the 情况说明 are declared next to
# the code that raises them (inputs, narrative): those packages sit below checks.
FAMILY_MODULES = (
    "yusuan.inputs.rules", "yusuan.inputs.last_year_rules", "yusuan.narrative.rules",
    *(f"yusuan.checks.{family}" for family in (
        "structure_rules", "rounding_rules", "profile_rules",
        "table_rules", "cross_rules", "diagnosis", "classification_rules", "text_rules", "narrative_rules", "registry",
    )),
)
