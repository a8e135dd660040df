"""Exact amounts: parsing what users and published documents type, printing 万元."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.amounts import AmountError, format_wan, parse_decimal, percent_shares, to_fen


@pytest.mark.parametrize(
    "text, expected",
    [("1,203.22", "1203.22"), ("  1203.22\u3000", "1203.22"), ("１２３．４５", "123.45"), ("１２３", "123"),
     ("１，２０３．２２", "1203.22"), ("1，203.22", "1203.22"), ("－５", "-5"), (".5", "0.5"), ("—", None), ("", None),
     (12, "12"), (1e308, "1e308")],
)
def test_parse_decimal_one_grammar_for_half_and_full_width(text, expected):
    assert parse_decimal(text) == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize(
    "bad, why",
    [("abc", ""), ("12..3", ""), (True, "逻辑值"), ("12\t34", "制表符"), ("1_000", "下划线"), ("883. 50", "空格"),
     ("12 345", "空格"), ("1e999999999", "科学计数法"), ("1E+5", "科学计数法"), ("12,34", ""), ("1,2345.6", ""),
     ("NaN", ""), ("Infinity", ""), (float("nan"), "有效数字"), (Decimal("NaN"), "有效数字")],
)
def test_parse_decimal_rejects_what_the_grammar_does_not_allow(bad, why):
    with pytest.raises(AmountError, match=why or None):
        parse_decimal(bad)


@pytest.mark.parametrize("text, expected", [("883. 50", "883.50"), ("  12\u3000345.6 ", "12345.6"), ("1 203.22", "1203.22")])
def test_printed_tables_may_have_spaces_inside_numbers(text, expected):
    assert parse_decimal(text, printed=True) == Decimal(expected)


def test_to_fen_units_and_precision():
    assert to_fen("1,203.22", "元") == 120_322
    assert to_fen(778.96, "万元") == 778_960_000
    with pytest.raises(AmountError):
        to_fen("0.001", "元")


@given(st.integers(min_value=0, max_value=10**12))
def test_fen_roundtrip_through_yuan_text(fen):
    text = f"{Decimal(fen) / 100:.2f}"
    assert to_fen(text, "元") == fen
    assert to_fen(float(text), "元") == fen  # what Excel stores for a typed 元 amount


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_format_wan_prints_two_decimals(units):
    fen = units * 10_000
    assert Decimal(format_wan(fen).replace(",", "")) == Decimal(fen) / 1_000_000


def test_format_wan_examples():
    assert format_wan(1_203_220_000, grouping=True) == "1,203.22"
    assert format_wan(0) == "0.00"
    assert format_wan(-10_000) == "-0.01"


def test_one_money_formatter_rounds_half_up_as_the_publications():
    assert format_wan(5_000) == "0.01"  # 0.005 万元: half up, not half even
    assert format_wan(15_000) == "0.02" and format_wan(25_000) == "0.03"
    assert format_wan(12_032_200) == "12.03" and format_wan(-5_000) == "-0.01"
    assert format_wan(1_203_220_000, grouping=True) == "1,203.22"
    assert format_wan(1_203_220_000) == "1203.22"


def test_percent_shares_add_up_to_100_by_largest_remainder():
    assert percent_shares([1, 1, 1], 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert percent_shares([Decimal("281.65"), Decimal("497.31")], Decimal("778.96")) == [Decimal("36.16"), Decimal("63.84")]
    assert sum(percent_shares([7, 11, 13, 17], 48)) == Decimal("100.00")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8).filter(lambda xs: sum(xs) > 0))
def test_percent_shares_sum_to_100_and_stay_within_a_hundredth(fen):
    parts = [Decimal(x) / 100 for x in fen]
    whole = sum(parts)
    shares = percent_shares(parts, whole)
    assert sum(shares) == Decimal(100)
    for share, part in zip(shares, parts):
        assert abs(share - part * 100 / whole) < Decimal("0.01")
