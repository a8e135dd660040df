"""yusuan.text: what a cell shows, quoted in a message (shown_text)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan.text import shown_text


@pytest.mark.parametrize(("value", "shown"), [
    (1e308, "1E+308"),  # not its 309 digits
    (-1e300, "-1E+300"),
    (1.2e15, "1.2E+15"),
    (123456789012345678901, "1.23456789012346E+20"),  # a spreadsheet keeps 15 significant digits
    (Decimal("1E+20"), "1E+20"),
    (999_999_999_999_999, "999999999999999"),  # 15 digits: as typed
    (100000000001, "100000000001"),
    (99999999999.99, "99999999999.99"),
    ("410302250000000000001", "410302250000000000001"),  # a text up to 30 characters: as typed
    ("9" * 300, "9" * 20 + "…（共300个字符）"),
    (None, ""),
    (True, "是"),
])
def test_shown_text_is_what_the_cell_shows_kept_short(value, shown):
    assert shown_text(value) == shown
