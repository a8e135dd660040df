"""The direction a reason for a change gives: 增加/新增… or 减少/压减… (``reason_words.yaml``).

Used where a reason is written (the composer, on the 基本信息 reason it inserts: TX104) and
where a written reason is checked (the 情况说明 rules: TX214).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from yusuan.yaml_data import load_yaml

_SPACES = re.compile(r"\s+")


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    text = resources.files("yusuan.narrative").joinpath("reason_words.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    # one fixed-width look-behind per negation: a word right after it says nothing
    unless = "".join(f"(?<!{re.escape(n)})" for n in data["negations"])

    def words(key: str) -> re.Pattern:
        return re.compile(unless + "(?:" + "|".join(map(re.escape, sorted(data[key], key=len, reverse=True))) + ")")

    return words("up"), words("down")


def reason_words(text: str) -> tuple[int, tuple[str, ...]]:
    """(+1, words) when the reason only says 增加/新增…; (−1, words) when it only says 减少/压减…;
    (0, ()) when it says neither or both."""
    up_words, down_words = _patterns()
    value = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    up, down = up_words.findall(value), down_words.findall(value)
    if bool(up) == bool(down):
        return 0, ()
    return (1, tuple(dict.fromkeys(up))) if up else (-1, tuple(dict.fromkeys(down)))
