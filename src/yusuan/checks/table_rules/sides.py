"""Reading one side of a two-sided table (收支总表, 财政拨款收支表) by its row labels.

A side is a column of labels with amounts next to it::

    一、本年收入            heading: sums the （一）… rows below it (when it has any)
    （一）一般公共预算拨款    sub item
    其中：财政拨款           其中: part of the row above, never added
    …
    本年收入合计            current total: sums the top-level rows above it
    上年结转结余            top-level row after the current total
    收入总计 / 收入合计      grand total: current total + the rows after it, or all top-level rows

Layouts differ (with or without headings, with or without 本年收入合计), so the structure is
read from the labels, not from fixed positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.checks.table_rules.relations import Side, load
from yusuan.model.parsed import ParsedRow, SheetTable

_BLANKS = re.compile(r"[\s\u3000]+")


def normalize(label: str) -> str:
    return _BLANKS.sub("", label or "").rstrip(":：")


def side_label(row: ParsedRow, side: Side) -> str:
    return (row.labels.get(side.label) or "").strip()


@dataclass
class Entry:
    row: ParsedRow
    label: str  # as printed
    kind: str  # grand / current / of_which / heading / sub / item
    children: list[Entry] = field(default_factory=list)  # sub items of a heading


@dataclass
class SideView:
    side: Side
    entries: list[Entry]  # every labelled row, in sheet order
    top: list[Entry]  # headings and items (and orphan sub items), in sheet order
    current: Entry | None
    grand: Entry | None

    def of_which(self) -> list[tuple[Entry, Entry]]:
        """(其中 row, the row it is part of: the nearest labelled row above that is not 其中)."""
        pairs, last = [], None
        for entry in self.entries:
            if entry.kind == "of_which":
                if last is not None:
                    pairs.append((entry, last))
            else:
                last = entry
        return pairs

    def before(self, entry: Entry, start: Entry | None = None) -> list[Entry]:
        """Top-level entries above ``entry`` (and below ``start``)."""
        low = start.row.row if start else 0
        return [e for e in self.top if low < e.row.row < entry.row.row]


def _kind(label: str) -> str:
    labels = load().side_labels
    text = normalize(label)
    if text in labels.grand_totals:
        return "grand"
    if text in labels.current_totals:
        return "current"
    if text.startswith(labels.of_which_prefix):
        return "of_which"
    if labels.heading.match(text):
        return "heading"
    if labels.sub_item.match(text):
        return "sub"
    return "item"


def read_side(table: SheetTable, side: Side) -> SideView:
    entries = [Entry(row, label, _kind(label)) for row in table.rows if (label := side_label(row, side))]
    top: list[Entry] = []
    heading: Entry | None = None
    for entry in entries:
        if entry.kind == "sub" and heading is not None:
            heading.children.append(entry)
        elif entry.kind in ("heading", "item", "sub"):
            top.append(entry)
            heading = entry if entry.kind == "heading" else None
        elif entry.kind != "of_which":
            heading = None
    current = next((e for e in entries if e.kind == "current"), None)
    grand = next((e for e in reversed(entries) if e.kind == "grand"), None)
    return SideView(side, entries, top, current, grand)
