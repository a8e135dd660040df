"""The rule catalog: one way to declare a rule, every rule documented, every rule's place
findable from the catalog and every rule raised somewhere, a check that raises several codes."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from yusuan.checks.catalog import all_rules
from yusuan.checks.docs import rules_markdown
from yusuan.checks.registry import all_checks
from yusuan.findings import Rule, Severity, declare, declared_in
from yusuan.findings.catalog import doc_data

SRC = Path(__file__).resolve().parents[2] / "src" / "yusuan"
SOURCES = {path: path.read_text(encoding="utf-8") for path in SRC.rglob("*.py")}
RULES = all_rules()


def _module_of(code: str) -> str:
    site = declared_in(code)
    while site and site not in {p.relative_to(SRC.parent).with_suffix("").as_posix().replace("/", ".") for p in SOURCES}:
        site = site.rpartition(".")[0]  # module.check_function(.<locals>…) → module
    return site


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_documented_and_placed(rule: Rule):
    assert rule.name and rule.message and "\n" not in rule.message
    assert len(rule.doc) > 40, rule.code
    # the structured doc: declared, split from the paragraph, or (what the paragraph lacks) data
    assert rule.what and rule.why and rule.fix
    assert rule.doc.startswith(rule.what) or "what" in doc_data().get(rule.code, {}), rule.code
    site, name = declared_in(rule.code), _module_of(rule.code)
    module = importlib.import_module(name)
    function = site[len(name) + 1:].partition(".")[0]  # the check function, '' when none
    if function:
        assert callable(getattr(module, function, None)), f"{rule.code}: no {function} in {name}"
    else:
        assert any(value is rule for value in vars(module).values()), f"{rule.code}: not declared in {name}"


@pytest.mark.parametrize("rule", [r for r in RULES if not any(r.code in c.codes for c in all_checks())],
                         ids=lambda r: r.code)
def test_every_rule_without_a_check_is_raised_somewhere(rule: Rule):
    """A rule raised outside a check (input reader, composer, build, recogniser) is bound to a
    name in its declaring module, and that name is used elsewhere: no rule is declared dead."""
    module = importlib.import_module(_module_of(rule.code))
    names = [name for name, value in vars(module).items() if value is rule]
    assert names, f"{rule.code} is not bound to a name in {module.__name__}"
    used = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    uses = sum(len(used.findall(text)) for text in SOURCES.values())
    assert uses >= 2, f"{rule.code} ({names[0]}) is declared but never raised"


def test_a_check_may_raise_several_codes():
    (narrative,) = [c for c in all_checks() if "TX205" in c.codes]
    assert len(narrative.codes) > 1 and narrative.rule.code in narrative.codes
    assert all(declared_in(code).endswith(".analysed") for code in narrative.codes)


def test_declare_is_the_one_way_and_the_doc_is_generated_with_its_sections():
    rule = Rule("ZZ901", "系统", "示例", Severity.INFO, "示例{x}", what="检查A。", why="因为B。", fix="改C。",
                bad="写成D。", good="写成E。")
    assert rule.doc == "检查A。因为B。修正：改C。"
    with pytest.raises(ValueError):
        Rule("ZZ902", "系统", "无说明", Severity.INFO, "x")
    page = rules_markdown()
    declared = [r for r in RULES if r.what]
    assert declared, "at least one family declares its rules with the structured doc"
    for r in declared:
        section = page[page.index(f"### {r.code}"):]
        assert f"**检查什么**：{r.what}" in section and f"**修正**：{r.fix}" in section
    assert declare is not None
