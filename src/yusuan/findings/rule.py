"""A rule: stable code, severity, Chinese message template and doc (like ruff / sqlfluff rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(Enum):
    """Severity of a finding; ``rank`` orders the 校验结果 sheet (errors first)."""

    ERROR = ("错误", 0, "FFC7CE")
    WARNING = ("警告", 1, "FFEB9C")
    INFO = ("提示", 2, "DDEBF7")

    def __init__(self, label: str, rank: int, fill: str):
        self.label = label
        self.rank = rank
        self.fill = fill


@dataclass(frozen=True)
class Rule:
    """One check.

    ``message`` is a ``str.format`` template over the finding's parameters.  The documentation
    has the shape of ruff's and sqlfluff's: ``what`` the rule checks (检查什么), ``why`` it
    matters (为什么), a ``bad`` example (错误示例) and the ``good`` way (正确写法), and how to
    ``fix`` it (修正); ``doc`` is all of it as one paragraph.  A rule declared with ``doc``
    alone, written as “检查…。为什么…。修正：…”, gets ``what``, ``why`` and ``fix`` from it
    (:func:`split_doc`); its examples come from the catalog's data (``findings/data/rule_docs.yaml``).
    Declare a rule with :func:`yusuan.findings.declare`.
    """

    code: str  # family prefix + number, e.g. 'IN001'
    family: str  # 输入 / 表内 / 表间 / 科目 / 文字
    name: str  # short Chinese title
    severity: Severity
    message: str
    doc: str = ""
    what: str = ""
    why: str = ""
    bad: str = ""
    good: str = ""
    fix: str = ""

    def __post_init__(self) -> None:
        if not self.doc and self.what:
            object.__setattr__(self, "doc", f"{self.what}{self.why}修正：{self.fix}")
        if not self.doc:
            raise ValueError(f"rule {self.code} has no documentation")
        if not self.what:
            for name, text in zip(("what", "why", "fix"), split_doc(self.doc), strict=True):
                object.__setattr__(self, name, text)

    @property
    def structured(self) -> bool:
        """Every part of the structured doc is there (检查什么 / 为什么 / 错误示例 / 正确写法 / 修正)."""
        return all((self.what, self.why, self.bad, self.good, self.fix))

    def finding(self, sheet: str, cell: str, severity: Severity | None = None, **params: object) -> Finding:
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            sheet=sheet,
            cell=cell,
            message=self.message.format(**params),
            params=dict(params),
        )


_FIX = "修正："


def split_doc(doc: str) -> tuple[str, str, str]:
    """A one-paragraph doc “检查……。……。修正：……” as (what, why, fix): its first sentence, the
    sentences before 修正 ('' when there are none), and what follows 修正; ('', '', '') for a
    doc of another shape."""
    body, marker, fix = doc.strip().partition(_FIX)
    first, stop, rest = body.partition("。")
    if not (marker and stop and first.startswith("检查")):
        return "", "", ""
    return first + stop, rest.strip(), fix.strip()


@dataclass(frozen=True)
class Finding:
    """One problem, located on a cell (A1 address) of a sheet."""

    code: str
    severity: Severity
    sheet: str
    cell: str
    message: str
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def sort_key(self) -> tuple[int, str, tuple[int, str], str]:
        return (self.severity.rank, self.sheet, _cell_order(self.cell), self.code)


def _cell_order(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    letters = "".join(ch for ch in cell if ch.isalpha())
    return (int(digits) if digits else 0, letters.rjust(3))
