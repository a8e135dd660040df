"""第一部分 概况 and the cover: what the document needs from the 基本信息 sheet.

Settings are found by their label, as the input reader finds them, so a 基本信息 sheet the
user rearranged still works.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from yusuan.errors import UserError
from yusuan.inputs.lookup import settings_values
from yusuan.inputs.spec import load_spec
from yusuan.ports import WorkbookPort
from yusuan.profiles import DEFAULT_PROFILE
from yusuan.text import cell_text

_YEAR = re.compile(r"\s*(\d{4})\s*年?度?\s*")


@dataclass(frozen=True)
class Overview:
    department: str
    year: int
    publish_date: str
    profile: str
    texts: dict[str, str]  # every setting by key, as text ('' when blank)

    @property
    def values(self) -> dict[str, object]:
        """Fill-ins for the wording templates."""
        return {"department": self.department, "year": self.year, "publish_date": self.publish_date}


def read_overview(port: WorkbookPort) -> Overview:
    spec = load_spec()
    sheet = spec.settings_sheet
    if sheet not in port.sheet_names():
        raise UserError(f"工作簿中没有“{sheet}”工作表，无法生成文档：请在 yusuan 生成的工作簿上导出。")
    values = settings_values(port, sheet)
    texts = {s.key: _text(values.get(s.key)) for s in spec.settings}
    department = texts.get("department_name", "")
    if not department:
        raise UserError(f"“{sheet}”中未填写部门名称，无法生成文档。")
    match = _YEAR.fullmatch(texts.get("year", ""))
    if not match:
        raise UserError(f"“{sheet}”中的预算年度“{texts.get('year', '')}”不是四位年份，无法生成文档。")
    return Overview(
        department=department,
        year=int(match.group(1)),
        publish_date=texts.get("publish_date", ""),
        profile=texts.get("profile") or DEFAULT_PROFILE,
        texts=texts,
    )


def _text(value: Any) -> str:
    """A setting as printed: a date typed into Excel reads as 2025年3月1日, not 2025-03-01."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return cell_text(value).strip()


def paragraphs(text: str) -> list[str]:
    """A multi-line cell (主要职责 1.… 2.…) as paragraphs, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
