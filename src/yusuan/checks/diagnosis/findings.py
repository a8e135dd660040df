"""Diagnoses turned into findings: the note goes on the cell to correct, says what it should be
and why; the findings the wrong cell caused elsewhere are folded into it (one root cause, one
finding)."""

from __future__ import annotations

from collections.abc import Iterable

from yusuan.checks.diagnosis.relations import SUM, Deferred, Relation, Term, made, place
from yusuan.checks.diagnosis.solver import Blame, Diagnosis, diagnose
from yusuan.findings.catalog import register
from yusuan.findings.rule import Finding, Rule, Severity

FAMILY = "诊断"
MAX_NAMES = 3  # a note names at most this many figures, then “等 N 处”
_COUNT_WORDS = {2: "二者", 3: "三者"}

GUIDE = "\n".join((
    "一个数填错，往往让好几处合计、好几张表同时“对不上”。yusuan 把公开表中的每个数看作一个未知数，把表内的横向、纵向合计，"
    "表间的同一个数，“其中”不大于所属数，收支平衡等全部关系看作约束，找出“改动最少的单元格就能让全部关系都成立”的那一组"
    "单元格，只在这些单元格上标注（诊断）。",
    "",
    "- **应为**：只改这一个数、其他数都不动时它应当是多少。冒号后列出与这个值一致的数：所在行或所在栏的合计、"
    "其他表中的同一个数。例如“应为 904.48（现为 914.48）：“本年收入合计”（B35）、部门收入预算表!E6 都与此一致。"
    "改正此数，2 处不符（TB004、XT003）随之消除。”请先核对预算明细，确认后按“应为”的数改正。",
    "- **不再单独标注的单元格**：因这个数而显示不符的合计和其他表中的数是对的，不会再标注，以免把正确的数改错；"
    "它们列在“校验结果”表该条问题的下方，可点击查看。",
    "- **二者之一有误**：两种改法同样少、表格本身无法区分时（例如一个合计只有一个分项，两者不一致），"
    "两个（至多三个）单元格都会标注，并写明若是它有误应改为多少；请根据预算明细判断改哪一个。",
    "- **没有诊断的情况**：可能出错的单元格太多、无法区分时（例如某栏明细只参加一个合计），保留原规则的提示，"
    "标在不平的合计上。差额在四舍五入范围内的合计（尾差）不算错误，不参与诊断。",
))

DIAGNOSED = register(Rule(
    "DG001", FAMILY, "此数有误（诊断）", Severity.ERROR,
    "应为 {expected}（现为 {found}）：{agree}。{fixes}",
    "综合表内合计、表间同一数字和收支平衡等全部关系，判断这个单元格是出错的地方：只改这一个数就能使所有关系成立，"
    "而改其他任何一个数都做不到。“应为”后面是使全部关系成立的数，冒号后列出与该值一致的合计或其他表中的数。"
    "因这个数而显示不符的其他单元格不再单独标注，说明中写明改正后随之消除的不符处数和涉及的规则。"
    "修正：按“应为”的数改正本单元格（先核对预算明细确认）；改正后重新校验。",
))
EITHER = register(Rule(
    "DG002", FAMILY, "二者之一有误（诊断）", Severity.ERROR,
    "此数 {found} 与 {others} {count}之一有误（{codes}）：若是此数，应为 {expected}（{agree}）。",
    "两个（或三个）单元格中只要改正其中一个就能使全部关系成立，而表格本身无法判断是哪一个（例如一个合计只有一个分项，"
    "两者不一致）。每个可能出错的单元格都会标注，并写明若是它有误应改为多少。"
    "修正：根据预算明细判断哪一个数有误，改正它；另一个单元格的标注会在重新校验后消失。",
))


def explain(findings: list[Finding], relations: Iterable[Relation | Deferred]) -> list[Finding]:
    """``findings`` with each diagnosed root cause as one finding on the cell to correct, in
    place of the findings of the relations it explains.  Without a diagnosis (every relation
    holds, or the solver is unavailable) the findings stay as they are.  ``relations`` may hold
    deferred ones (:func:`~.relations.relate_deferred`): they are made only when one fails."""
    pending = list(relations)
    failing = made(r for r in pending if r.violated)
    if not failing:
        return findings
    # a diagnosis involves only relations that share a cell with a failing one (solver._near)
    near: dict[str, set[str]] = {}
    for relation in failing:
        for term in relation.terms:
            near.setdefault(term.sheet, set()).add(term.cell)
    every = made(pending, near)
    try:
        diagnoses = diagnose(every)
    except ImportError:  # no scipy: the rules' own findings stand
        return findings
    if not diagnoses:
        return findings
    folded: set[int] = set()
    added: list[Finding] = []
    for number, diagnosis in enumerate(diagnoses, start=1):
        explained = {(r.rule, *r.flagged) for r in diagnosis.explained}
        own = [f for f in findings if (f.code, f.sheet, f.cell) in explained and f.severity is not Severity.INFO]
        severity = min((f.severity for f in own), key=lambda s: s.rank, default=Severity.ERROR)
        folded |= {id(f) for f in own} | {id(f) for f in _rounding_gaps(findings, diagnosis, every)}
        added += _findings(diagnosis, severity, f"DG{number}")
    return [f for f in findings if id(f) not in folded] + added


def _rounding_gaps(findings: list[Finding], diagnosis: Diagnosis, relations: list[Relation]) -> list[Finding]:
    """The 尾差 findings (提示) of sums through a definitely blamed cell: its error, not rounding."""
    if not diagnosis.definite:
        return []
    blamed = {b.term.key for b in diagnosis.alternatives[0]}
    gaps = {(r.rule, *r.flagged) for r in relations if r.cells & blamed and r.residual and not r.violated}
    return [f for f in findings if f.severity is Severity.INFO and (f.code, f.sheet, f.cell) in gaps]


def _findings(diagnosis: Diagnosis, severity: Severity, cause: str) -> list[Finding]:
    codes = "、".join(sorted({r.rule for r in diagnosis.explained}))
    flagged = {r.flagged for r in diagnosis.explained}
    if diagnosis.definite:
        out = []
        for blame in diagnosis.alternatives[0]:
            related = sorted(flagged - {place(blame.term.key)})
            fixes = f"改正此数，{len(diagnosis.explained)} 处不符（{codes}）随之消除。"
            out.append(DIAGNOSED.finding(
                *place(blame.term.key), severity=severity,
                expected=blame.term.printed(blame.expected), found=blame.term.printed(), agree=_agree(blame),
                fixes=fixes, related=[_full(c) for c in related], cause=cause,
            ))
        return out
    blamed = [alternative[0] for alternative in diagnosis.alternatives if len(alternative) == 1]
    if len(blamed) != len(diagnosis.alternatives):
        return []  # equally small sets of several cells: left to the rules' own findings
    out = []
    for blame in blamed:
        others = [b.term for b in blamed if b is not blame]
        out.append(EITHER.finding(
            *place(blame.term.key), severity=severity,
            found=blame.term.printed(), others="、".join(_ref(blame.term, t.key) for t in others),
            count=_COUNT_WORDS.get(len(blamed), f"{len(blamed)} 处"), codes=codes,
            expected=blame.term.printed(blame.expected), agree=_agree(blame),
            related=[_full(t.key) for t in others], cause=cause,
        ))
    return out


def _ref(here: Term, key: tuple[str, str]) -> str:
    sheet, cell = place(key)
    return cell if sheet == here.sheet else f"{sheet}!{cell}"


def _full(key: tuple[str, str]) -> str:
    sheet, cell = place(key)
    return f"{sheet}!{cell}"


def _agree(blame: Blame) -> str:
    """The figures the expected value agrees with: the other side of each failed relation."""
    names: list[str] = []
    for relation in blame.relations:
        sign = sum(t.sign for t in relation.terms if t.key == blame.term.key)
        name, terms = relation.side(-1 if sign > 0 else 1)
        name = _side_name(blame.term, relation, name, terms)
        if name and name not in names:
            names.append(name)
    if not names:
        return "与相关合计一致"
    if len(names) == 1:
        return f"与 {names[0]} 一致"
    if len(names) > MAX_NAMES:
        return "、".join(names[:MAX_NAMES]) + f" 等 {len(names)} 处都与此一致"
    return "、".join(names) + " 都与此一致"


def _side_name(here: Term, relation: Relation, name: str, terms: tuple[Term, ...]) -> str:
    """A figure by its cell; a sum of several cells by its description (各分项之和, 201类各项之和 …);
    the total of a sum by its name and cell (“本年收入合计”（B35））."""
    if len(terms) != 1:
        return name
    ref = _ref(here, terms[0].key)
    if relation.kind == SUM and terms[0] is relation.terms[0] and name:
        return f"{name}（{ref}）"
    return ref
