"""The minimum-correction search on small sets of relations (data-driven: a case per situation)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan.checks.diagnosis import Term, at_most_relation, diagnose, identity_relation, quoted_relation, sum_relation
from yusuan.checks.tolerance import EXACT, sum_bound

D = Decimal
S = "表"


def t(cell: str, value: str, sheet: str = S) -> Term:
    return Term(sheet, cell, D(value))


def total(cell: str, value: str, *parts: tuple[str, str], sheet: str = S, rule: str = "TB") -> object:
    """``cell`` = Σ ``parts`` with the rounding bound of the cells."""
    return sum_relation(rule, t(cell, value, sheet), [t(c, v, sheet) for c, v in parts], sum_bound(len(parts) + 1), "合计")


def same(a: tuple[str, str, str], b: tuple[str, str, str], rule: str = "XT") -> object:
    """The same figure in two places (sheet, cell, value): exactly."""
    return identity_relation(rule, [t(a[1], a[2], a[0])], [t(b[1], b[2], b[0])], EXACT, ("甲", "乙"))


def blamed(relations) -> list[list[tuple[str, str, str]]]:
    """Each diagnosis as its alternatives: [(sheet!cell, expected)] per alternative."""
    return [
        [[(f"{b.term.sheet}!{b.term.cell}", f"{b.expected:.2f}") for b in alternative] for alternative in d.alternatives]
        for d in diagnose(relations)
    ]


# A grid: row 1 = B1 + C1 → A1; row 2 = B2 + C2 → A2; column totals in row 3; A3 copied to 另表!A1.
def grid(**changed: str) -> list:
    v = {"A1": "30", "B1": "10", "C1": "20", "A2": "70", "B2": "30", "C2": "40", "A3": "100", "B3": "40", "C3": "60",
         "X": "100"} | changed
    return [
        total("A1", v["A1"], ("B1", v["B1"]), ("C1", v["C1"])),
        total("A2", v["A2"], ("B2", v["B2"]), ("C2", v["C2"])),
        total("A3", v["A3"], ("B3", v["B3"]), ("C3", v["C3"])),
        total("A3", v["A3"], ("A1", v["A1"]), ("A2", v["A2"])),
        total("B3", v["B3"], ("B1", v["B1"]), ("B2", v["B2"])),
        total("C3", v["C3"], ("C1", v["C1"]), ("C2", v["C2"])),
        same((S, "A3", v["A3"]), ("另表", "A1", v["X"])),
    ]


CASES = [
    ("everything holds", grid(), []),
    ("a detail: across and down fail, the detail is blamed", grid(B1="11"), [[[("表!B1", "10.00")]]]),
    ("a row total: the total is blamed, not its parts", grid(A2="71"), [[[("表!A2", "70.00")]]]),
    ("the grand total: a copy in another table agrees with its parts", grid(A3="101"), [[[("表!A3", "100.00")]]]),
    ("the copy in the other table", grid(X="101"), [[[("另表!A1", "100.00")]]]),
    ("a rounding gap within the bound is not an error", grid(B1="10.01"), []),
    ("two unrelated errors: two diagnoses", grid(B1="11") + [same(("乙", "A1", "5"), ("丙", "A1", "6"))],
     [[[("表!B1", "10.00")]], [[("乙!A1", "6.00")], [("丙!A1", "5.00")]]]),
    ("a total and its only part: either one", [total("A1", "5", ("A2", "6"))],
     [[[("表!A1", "6.00")], [("表!A2", "5.00")]]]),
    ("a part of four with nothing else to tell them apart: too many to name", [
        total("A1", "10", ("A2", "1"), ("A3", "2"), ("A4", "3"), ("A5", "5"))], []),
    ("a 其中 above its whole and its own parts; the whole agrees with its parts: the 其中 is blamed", [
        at_most_relation("TB003", [t("F1", "905")], [t("E1", "904")], EXACT, ("其中", "小计")),
        total("E1", "904", ("E2", "400"), ("E3", "504")),
        total("F1", "905", ("F2", "400"), ("F3", "504")),
    ], [[[("表!F1", "904.00")]]]),
]


@pytest.mark.parametrize("relations, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_diagnosis(relations, expected):
    assert blamed(relations) == expected


def test_corrections_keep_figures_non_negative():
    """A blank cell is not “corrected” to a negative amount: the one cell that can be is blamed."""
    relations = [total("A1", "35.12", ("B1", "35.18"), ("C1", "0")), total("D1", "35.18", ("B1", "35.18"))]
    assert blamed(relations) == [[[("表!A1", "35.18")]]]


def test_ties_prefer_a_correction_after_which_every_sum_adds_up_exactly():
    """120.00 → 120.02 in a part: correcting the part leaves no gap; correcting its row total
    would leave the column sum off by 0.02 (within its rounding bound, but still a gap)."""
    relations = [
        total("L1", "120", ("M1", "120.02"), ("N1", "0")),
        total("L9", "200", ("L1", "120"), ("L2", "40"), ("L3", "40")),
    ]
    assert blamed(relations) == [[[("表!M1", "120.00")]]]


def test_a_quoted_figure_is_evidence_never_the_blamed_cell():
    """The 情况说明 quoting a table cell: when only the text disagrees, the text rule speaks (no
    diagnosis); when the table cell is wrong, the text is one more figure that agrees."""
    text_wrong = grid() + [quoted_relation("TX201", "情况说明", "A5", "1.0", D("101"), "另表!A1", D("100"), D("0.01"))]
    assert blamed(text_wrong) == []
    table_wrong = grid(X="101") + [quoted_relation("TX201", "情况说明", "A5", "1.0", D("100"), "另表!A1", D("101"), D("0.01"))]
    assert blamed(table_wrong) == [[[("另表!A1", "100.00")]]]
