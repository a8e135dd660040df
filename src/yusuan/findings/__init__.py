"""Findings: the bottom of the rule machinery — a rule (code, severity, message, doc), the
finding it raises on a cell, the registry every rule is declared in, and the marks that tell
yusuan's own notes and sheets from the user's.  Imports nothing else from yusuan."""

from yusuan.findings.catalog import declare, declared_in, register, registered
from yusuan.findings.rule import Finding, Rule, Severity

__all__ = ["Finding", "Rule", "Severity", "declare", "declared_in", "register", "registered"]
