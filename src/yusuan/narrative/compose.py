"""第二部分 情况说明: sentences from the tables' figures, 上年数 and the texts of 基本信息.

Rules of the text (as the seeds print it): amounts in 万元 with two decimals as the tables print them;
shares with two decimals that add up to exactly 100.00% (largest remainder); growth =
(本年 − 上年) ÷ 上年 on the printed (0.01 万元) figures; 增加/减少 for amounts, 增长/下降 for
rates; an unchanged figure is "与上年保持一致", never "减少0.00万元"; a fund without money is
"无…安排的支出".  Nothing is ever a placeholder: a reason or a 上年数 the text needs but the
input lacks becomes a finding on that input cell, and the sentence is written without it.
Wording comes from ``narrative/data/<profile>.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

from yusuan.amounts import CENT, PRINT_UNIT, format_wan, percent_shares
from yusuan.findings.rule import Finding, Rule
from yusuan.inputs.spec import load_spec
from yusuan.inputs.template import LAST_YEAR_SHEET
from yusuan.model import Department
from yusuan.narrative import rules as R
from yusuan.narrative.figures import Figures, Whole, extract_figures
from yusuan.narrative.reasons import reason_words
from yusuan.ports.base import a1
from yusuan.profiles import DEFAULT_PROFILE, Profile, referenced_data
from yusuan.yaml_data import load_yaml

_END_MARKS = "。；;，,、.．!！?？:："
_REASON_LABEL = re.compile(r"^(主要)?原因(是|为)?\s*[:：]?\s*")


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
def round_print(fen: int) -> int:
    """Round 分 to the printed 0.01 万元 (half away from zero)."""
    sign = -1 if fen < 0 else 1
    units, rest = divmod(abs(fen), PRINT_UNIT)
    return sign * (units + (2 * rest >= PRINT_UNIT)) * PRINT_UNIT


def shares(parts: Sequence[int]) -> list[Decimal]:
    """Each part's percentage of their sum, two decimals, adding up to exactly 100.00.

    Largest remainder: every share is first cut down to 0.01%, then the missing hundredths go to
    the parts with the largest remainders (earlier part first on a tie).  A zero part stays 0.00.
    All zeros when the parts sum to 0.
    """
    if any(p < 0 for p in parts):
        raise ValueError("shares of negative parts")
    whole = sum(parts)
    if whole == 0:
        return [Decimal("0.00") for _ in parts]
    return percent_shares(parts, whole)


@dataclass(frozen=True)
class Change:
    """This year against last year, both as printed (0.01 万元)."""

    current: int
    previous: int

    @property
    def diff(self) -> int:
        return self.current - self.previous

    @property
    def direction(self) -> str:
        """'up', 'down' or 'same'."""
        return "up" if self.diff > 0 else "down" if self.diff < 0 else "same"

    @property
    def rate(self) -> Decimal | None:
        """|本年 − 上年| ÷ |上年| in percent, two decimals; None when last year was 0."""
        if self.previous == 0:
            return None
        return (Decimal(abs(self.diff)) * 100 / Decimal(abs(self.previous))).quantize(CENT, ROUND_HALF_UP)


def change(current: int, previous: int) -> Change:
    return Change(round_print(current), round_print(previous))


# --------------------------------------------------------------------------------------------
# Text typed by the user
# --------------------------------------------------------------------------------------------
def paragraphs_of(text: str) -> list[str]:
    """A text block of 基本信息 as paragraphs: one per non-blank line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def clause(text: str, join: str = "；") -> str:
    """A typed text to go inside a sentence: lines joined, no final end mark."""
    lines = paragraphs_of(text)
    joined = "".join(line if line[-1] in _END_MARKS or i == len(lines) - 1 else line + join
                     for i, line in enumerate(lines))
    return joined.rstrip(_END_MARKS + " \t")


def reason_clause(text: str, join: str = "；") -> str:
    """A reason as typed, without a leading '主要原因：' (the sentence has its own)."""
    return clause(_REASON_LABEL.sub("", clause(text, join)), join)


# --------------------------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------------------------
@cache
def _all_wordings() -> dict[str, dict[str, Any]]:
    out = {}
    for entry in sorted(resources.files("yusuan.narrative").joinpath("data").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            data = load_yaml(entry.read_text(encoding="utf-8"))
            out[data["name"]] = data
    return out


def wording_for(profile: Profile | str) -> dict[str, Any]:
    """The profile's wording: the file (or mapping) its ``narrative`` key names; else the file
    whose ``name`` is the profile's; else the default profile's."""
    if isinstance(profile, Profile):
        named = referenced_data(profile, "narrative", resources.files("yusuan.narrative").joinpath("data"))
        if named is not None:
            return named
        profile = profile.name
    wordings = _all_wordings()
    return wordings.get(profile) or wordings[DEFAULT_PROFILE]


# --------------------------------------------------------------------------------------------
# The narrative
# --------------------------------------------------------------------------------------------
@dataclass
class Narrative:
    """第二部分 as rows: ('title' | 'heading' | 'paragraph', text), and the input findings."""

    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [text for _, text in self.paragraphs]


def compose_narrative(model, built, *, last_year_cells: Mapping[str, str] | None = None) -> Narrative:
    """第二部分 of ``model``'s department from the built tables.

    ``last_year_cells`` maps a 上年数 item to the A1 cell of its amount, so a missing figure is
    flagged where it is to be typed (without it the finding names the sheet only).
    """
    profile = built.context.profile
    return compose(extract_figures(built), model.department, model.last_year, last_year_cells,
                   wording_for(profile), tuple(f.key for f in profile.inputs))


def compose(figures: Figures, department: Department, last_year: Mapping[str, int],
            last_year_cells: Mapping[str, str] | None = None, wording: Mapping[str, Any] | None = None,
            input_keys: tuple[str, ...] = ()) -> Narrative:
    """``input_keys``: the profile's input fields, usable in the wording as ``{key}`` (blank when
    not filled in)."""
    composer = _Composer(figures, department, last_year, last_year_cells or {},
                         wording or wording_for(department.profile), input_keys)
    return composer.run()


def input_fields(department: Department, keys: tuple[str, ...]) -> dict[str, str]:
    """A profile's input fields as wording values: amounts in 万元 (two decimals), counts, texts."""
    values = {key: "" for key in keys}
    values.update({key: format_wan(fen) for key, fen in department.amounts.items()})
    values.update({key: str(count) for key, count in department.counts.items() if key in keys})
    values.update({key: clause(department.text(key)) for key in keys if department.text(key)})
    return values


# Sections in the order printed, unless the wording says otherwise (``order`` / ``other_order``);
# a section the wording leaves out is not printed (2020 has no 专项转移支付 section).
SECTIONS = ("overall", "income", "spending", "fiscal", "general_budget", "general_basic", "three_public",
            "government_fund", "state_capital")
OTHER_SECTIONS = ("operating_costs", "procurement", "performance", "assets", "transfers")


class _Composer:
    def __init__(self, figures: Figures, department: Department, last_year: Mapping[str, int],
                 cells: Mapping[str, str], wording: Mapping[str, Any], profile_inputs: tuple[str, ...] = ()):
        self.f, self.dept, self.last, self.cells, self.w = figures, department, last_year, cells, wording
        self.phrases = wording["phrases"]
        self.fields = {"department": department.name, "year": department.year, "last_year": department.year - 1,
                       **input_fields(department, profile_inputs)}
        self.out = Narrative()
        self._flagged: set[tuple[str, str]] = set()
        self._spec = load_spec()

    def run(self) -> Narrative:
        self._add("title", self.fmt(self.w["title"]))
        sections = self.w["sections"]
        for name in self.w.get("order", SECTIONS):
            if name in sections:
                getattr(self, name)()
        self.heading("other")
        for name in self.w.get("other_order", OTHER_SECTIONS):
            if name in sections:
                getattr(self, name)()
        return self.out

    # building blocks --------------------------------------------------------------------------
    def s(self, name: str) -> Mapping[str, Any]:
        return self.w["sections"][name]

    def fmt(self, template: str, **values: Any) -> str:
        return template.format(**{**self.fields, **values})

    def _add(self, kind: str, text: str) -> None:
        if text:
            self.out.paragraphs.append((kind, text))

    def heading(self, section: str) -> None:
        self._add("heading", self.fmt(self.s(section)["heading"]))

    def paragraph(self, text: str) -> None:
        self._add("paragraph", text)

    def change_text(self, ch: Change) -> str:
        p = self.phrases
        amount_word = p["increase"] if ch.direction == "up" else p["decrease"]
        if not ch.rate:  # none (last year 0), or too small to show: never "增长0.00%"
            return self.fmt(p["change_without_rate"], amount_word=amount_word, amount=format_wan(abs(ch.diff)))
        rate_word = p["rise"] if ch.direction == "up" else p["fall"]
        return self.fmt(p["change"], amount_word=amount_word, amount=format_wan(abs(ch.diff)), rate_word=rate_word,
                        rate=f"{ch.rate:.2f}")

    def same(self) -> str:
        return self.fmt(self.phrases["same"])

    def _flag(self, rule: Rule, sheet: str, cell: str, key: tuple[str, str], **params: Any) -> None:
        if key not in self._flagged:
            self._flagged.add(key)
            self.out.findings.append(rule.finding(sheet, cell, **params))

    def previous(self, item: str) -> int | None:
        """Last year's figure of a 上年数 item, or None (and a finding) when it was not given."""
        if item in self.last:
            return self.last[item]
        self._flag(R.MISSING_LAST_YEAR, LAST_YEAR_SHEET, self.cells.get(item, ""), ("last_year", item),
                   item=item, last_year=self.fields["last_year"])
        return None

    def _settings_cell(self, key: str) -> str:
        row = self.dept.rows.get(key)
        return a1(row, 2) if row else ""

    def reason(self, key: str | None, ch: Change, subject: str) -> str:
        """', 主要原因：…' for a change, '' for none; a missing reason is a finding, not a gap."""
        if ch.direction == "same" or not key:
            return ""
        text = reason_clause(self.dept.text(key), self.phrases["reason_line_join"])
        if text:
            direction, words = reason_words(text)
            if direction == (-1 if ch.direction == "up" else 1):  # written as typed, flagged where it was typed
                self._flag(R.REASON_AGAINST_CHANGE, self._spec.settings_sheet, self._settings_cell(key),
                           ("reason_direction", key), subject=subject, last_year=self.fields["last_year"],
                           change=self.change_text(ch), field=self._spec.setting(key).label,
                           words="、".join(f"“{w}”" for w in words))
            return self.fmt(self.phrases["reason"], reason=text)
        self._flag(R.MISSING_REASON, self._spec.settings_sheet, self._settings_cell(key), ("reason", key),
                   subject=subject, last_year=self.fields["last_year"], change=self.change_text(ch),
                   field=self._spec.setting(key).label)
        return ""

    def compare(self, item: str, current: int, reason_key: str | None, subject: str) -> str | None:
        """'比2024年增加…，主要原因：…' / '与2024年保持一致'; None without last year's figure."""
        previous = self.previous(item)
        if previous is None:
            return None
        ch = change(current, previous)
        if ch.direction == "same":
            return self.fmt(self.phrases["compare_same"])
        return self.fmt(self.phrases["compare_changed"], change=self.change_text(ch)) + self.reason(reason_key, ch, subject)

    def split_text(self, template: str, whole: Whole, keys: Sequence[str], **values: Any) -> str:
        """A total and its parts with their shares: {total}, {<key>}, {<key>_share}."""
        amounts = [whole.part(k) for k in keys]
        parts = {k: format_wan(a) for k, a in zip(keys, amounts)}
        parts.update({f"{k}_share": f"{share:.2f}" for k, share in zip(keys, shares(amounts))})
        return self.fmt(template, total=format_wan(whole.total), **parts, **values)

    # sections ---------------------------------------------------------------------------------
    def overall(self) -> None:
        """一、收入总计 / 支出总计 and their change."""
        f, s = self.f, self.s("overall")
        if f.income_total is None or f.spending_total is None:
            return
        self.heading("overall")
        values = {"income_total": format_wan(f.income_total), "spending_total": format_wan(f.spending_total)}
        items = s.get("last_year_items")
        if items is None:  # a layout that does not compare with last year
            self.paragraph(self.fmt(s["plain"], **values))
            return
        previous_in, previous_out = self.previous(items["income"]), self.previous(items["spending"])
        if previous_in is None or previous_out is None:
            self.paragraph(self.fmt(s["plain"], **values))
            return
        income, spending = change(f.income_total, previous_in), change(f.spending_total, previous_out)
        if income == spending and income.direction == "same":
            self.paragraph(self.fmt(s["same"], **values))
        elif income == spending:
            reason = self.reason(s["reason_key"], income, "收支总计")
            self.paragraph(self.fmt(s["changed"], change=self.change_text(income), reason=reason, **values))
        else:
            moved = income if income.direction != "same" else spending
            reason = self.reason(s["reason_key"], moved, "收支总计")
            self.paragraph(self.fmt(s["split"], income_change=self._change_or_same(income),
                                    spending_change=self._change_or_same(spending), reason=reason, **values))

    def _change_or_same(self, ch: Change) -> str:
        return self.same() if ch.direction == "same" else self.change_text(ch)

    def income(self) -> None:
        """二、收入合计 and its sources."""
        whole, s = self.f.income, self.s("income")
        if whole is None:
            return
        self.heading("income")
        always = set(s.get("always", ()))  # sources named even without an amount (2023: 0万元)
        parts = [self.fmt(s["part"], label=label, amount=format_wan(whole.part(key)))
                 for key, label in s["sources"].items() if whole.part(key) or key in always]
        template = s["text"] if parts else s["plain"]
        self.paragraph(self.fmt(template, total=format_wan(whole.total), parts=s["separator"].join(parts)))

    def spending(self) -> None:
        """三、支出合计: 基本支出 and 项目支出 with their shares (and, when 上年数 has them, changes)."""
        whole, s = self.f.spending, self.s("spending")
        if whole is None:
            return
        self.heading("spending")
        if whole.total == 0:
            text = self.fmt(s["plain"], total=format_wan(whole.total))
        else:
            text = self.split_text(s["text"], whole, ("basic", "project"))
        items = []
        for item in s.get("compare_items") or ():
            if item["last_year_item"] not in self.last:
                continue  # an optional comparison: no finding when 上年数 leaves it out
            ch = change(whole.part(item["figure"]), self.last[item["last_year_item"]])
            if ch.direction == "same":
                items.append(self.fmt(s["compare_same_item"], label=item["label"], same=self.same()))
            else:
                reason = self.reason(item.get("reason_key"), ch, item["label"])
                items.append(self.fmt(s["compare_item"], label=item["label"], change=self.change_text(ch), reason=reason))
        if items:
            text += self.fmt(s["compare"], items=s["separator"].join(items))
        self.paragraph(text)

    def fiscal(self) -> None:
        """四、财政拨款 by fund, and each fund's change."""
        whole, s = self.f.fiscal, self.s("fiscal")
        if whole is None:
            return
        self.heading("fiscal")
        funds = s["funds"]
        amounts = [self.fmt(s["amount"], label=fund["label"], amount=format_wan(whole.part(fund["key"])))
                   for fund in funds if fund.get("always") or whole.part(fund["key"])]
        text = self.fmt(s["lead"], amounts=s["amount_separator"].join(amounts))
        items = []
        for fund in funds:
            if "last_year_item" not in fund:  # this layout does not compare the fund
                continue
            previous = self.previous(fund["last_year_item"])
            if previous is None:
                continue
            ch = change(whole.part(fund["key"]), previous)
            if ch.direction == "same":
                items.append(self.fmt(s["same_item"], label=fund["label"], same=self.same()))
            else:
                reason = self.reason(fund.get("reason_key"), ch, f"{fund['label']}收支预算")
                items.append(self.fmt(s["changed_item"], label=fund["label"], change=self.change_text(ch), reason=reason))
        if items:
            text += self.fmt(s["compare"], items=s["separator"].join(items))
        self.paragraph(text)

    def _fund_split(self, name: str, whole: Whole | None, keys: Sequence[str]) -> None:
        if whole is None:
            return
        s = self.s(name)
        self.heading(name)
        self.paragraph(self.fmt(s["none"]) if whole.total == 0 else self.split_text(s["text"], whole, keys))

    def general_budget(self) -> None:
        """五、一般公共预算支出: 基本 / 项目, or (``by_class``, 2020) by 功能分类 类 with shares."""
        s, classes = self.s("general_budget"), self.f.general_budget_classes
        if "by_class" not in s or self.f.general_budget is None or classes is None or not classes.total:
            self._fund_split("general_budget", self.f.general_budget, ("basic", "project"))
            return
        self.heading("general_budget")
        names = list(classes.parts)
        amounts = [classes.part(n) for n in names]
        parts = [self.fmt(s["class_part"], name=n, stem=n.removesuffix("支出"), amount=format_wan(a),
                          share=f"{share:.2f}")
                 for n, a, share in zip(names, amounts, shares(amounts))]
        # {basic}/{project} and their shares too (2024 prints both splits in one paragraph)
        self.paragraph(self.split_text(s["by_class"], self.f.general_budget, ("basic", "project"),
                                       classes=s["class_separator"].join(parts)))

    def general_basic(self) -> None:
        """六、一般公共预算基本支出: 人员经费 / 公用经费."""
        self._fund_split("general_basic", self.f.general_basic, ("personnel", "public"))

    def government_fund(self) -> None:
        """八、政府性基金 (or 无政府性基金预算拨款安排的支出)."""
        self._fund_split("government_fund", self.f.government_fund, ("basic", "project"))

    def state_capital(self) -> None:
        """九、国有资本经营 (or 无国有资本经营预算拨款安排的支出)."""
        self._fund_split("state_capital", self.f.state_capital, ("basic", "project"))

    def three_public(self) -> None:
        """七、“三公”经费: the total, then each item, each against last year."""
        whole, s = self.f.three_public, self.s("three_public")
        if whole is None:
            return
        self.heading("three_public")
        items = s["items"]

        def compare(key: str, current: int, subject: str) -> str | None:
            return self.compare(items[key]["last_year_item"], current, items[key].get("reason_key"), subject)

        first = self.fmt(s["total"], amount=format_wan(whole.total))
        total_compare = compare("total", whole.total, "“三公”经费支出预算数")
        if total_compare is not None:
            first += self.fmt(s["total_compare"], compare=total_compare)
        self.paragraph(first)
        self.paragraph(self.fmt(s["details"]))
        subjects = {"overseas": "因公出国（境）费", "reception": "公务接待费"}
        for key in s.get("item_order", ("overseas", "reception", "vehicles")):
            if key != "vehicles":
                found = compare(key, whole.part(key), subjects[key])
                tail = self.fmt(s["item_compare"], compare=found) if found is not None else ""
                self.paragraph(self.fmt(s[key], amount=format_wan(whole.part(key)), compare=tail))
                continue
            sub = {}
            for part, name, subject in (("vehicle_purchase", "purchase", "公务用车购置费"),
                                        ("vehicle_operation", "operation", "公务用车运行维护费")):
                found = compare(part, whole.part(part), subject)
                sub[name] = format_wan(whole.part(part))
                sub[f"{name}_compare"] = self.fmt(s["sub_compare"], compare=found) if found is not None else ""
            self.paragraph(self.fmt(s["vehicles"], amount=format_wan(whole.part("vehicles")), **sub))

    def operating_costs(self) -> None:
        """十（一）机构运转经费 (compared with last year only when 上年数 gives it)."""
        amount, s = self.f.operating_costs, self.s("operating_costs")
        if amount is None and "figure" in s:  # no such table: the wording names the figure (2022: 公用经费)
            whole_name, key = s["figure"].split(".")
            whole = getattr(self.f, whole_name)
            amount = whole.part(key) if whole is not None else None
        if amount is None:
            return
        self.heading("operating_costs")
        text = self.fmt(s["text"] if amount else s["none"], amount=format_wan(amount))
        item = s.get("last_year_item")
        if item and item in self.last:
            ch = change(amount, self.last[item])
            if ch.direction == "same":
                text += self.fmt(s["compare_same"])
            else:
                reason = self.reason(s.get("reason_key"), ch, "机构运行经费")
                text += self.fmt(s["compare"], change=self.change_text(ch), reason=reason)
        self.paragraph(text)

    def procurement(self) -> None:
        """十（二）政府采购 by 货物 / 工程 / 服务, with the user's note on each."""
        whole, s = self.f.procurement, self.s("procurement")
        if whole is None:
            return
        self.heading("procurement")
        items, noted = [], False
        for kind in s["kinds"]:
            item = self.fmt(s["item"], kind=kind["kind"], amount=format_wan(whole.part(kind["kind"])))
            note = clause(self.dept.text(kind.get("note_key", "")), self.phrases["reason_line_join"])
            if note:
                item += self.fmt(s["item_note"], note=note)
                noted = True
            items.append(item)
        separator = s["separator_with_notes"] if noted else s["separator"]
        template = s["none"] if not whole.total and not noted and "none" in s else s["text"]
        self.paragraph(self.fmt(template, total=format_wan(whole.total), items=separator.join(items)))

    def performance(self) -> None:
        """十（三）绩效目标: the user's text (or the default) and the projects' count and amount."""
        s = self.s("performance")
        self.heading("performance")
        note = paragraphs_of(self.dept.text(s["note_key"]))
        self.paragraph(note[0] if note else self.fmt(s["default"]))
        projects = self.f.projects
        if projects is not None and "projects" in s:  # 2020/2022 print no sentence on the projects
            count = projects.part("count")
            self.paragraph(self.fmt(s["projects"], amount=format_wan(projects.total), count=count,
                                    **self._spending_fields()) if count else self.fmt(s["none"]))
        for text in note[1:]:
            self.paragraph(text)

    def _spending_fields(self) -> dict[str, str]:
        """{spending_total}, {personnel}, {public} for a wording that names them (2023's 绩效 text)."""
        fields = {}
        if self.f.spending is not None:
            fields["spending_total"] = format_wan(self.f.spending.total)
        if self.f.general_basic is not None:
            fields.update(personnel=format_wan(self.f.general_basic.part("personnel")),
                          public=format_wan(self.f.general_basic.part("public")))
        return fields

    def assets(self) -> None:
        """十（四）国有资产占用: vehicles by kind, large equipment; a count not given is left out."""
        s = self.s("assets")
        self.heading("assets")
        counts = self.dept.counts
        for kind in (*s["vehicle_kinds"], *s["equipment_kinds"]):
            if kind["key"] not in counts:
                self._flag(R.MISSING_ASSET_COUNT, self._spec.settings_sheet, self._settings_cell(kind["key"]),
                           ("asset", kind["key"]), field=self._spec.setting(kind["key"]).label)
        parts = []
        vehicle_kinds = s["vehicle_kinds"]
        if all(k["key"] in counts for k in vehicle_kinds):  # the total needs every kind
            listed = s["vehicle_separator"].join(
                self.fmt(s["vehicle_kind"], label=k["label"], count=counts[k["key"]]) for k in vehicle_kinds)
            parts.append(self.fmt(s["vehicles"], count=sum(counts[k["key"]] for k in vehicle_kinds), kinds=listed))
        equipment = [self.fmt(s["equipment"], label=k["label"], count=counts[k["key"]])
                     for k in s["equipment_kinds"] if k["key"] in counts]
        if equipment:
            parts.append(s["equipment_separator"].join(equipment))
        if parts:
            date = clause(self.dept.text(s["date_key"])) or self.fmt(s["default_date"])
            self.paragraph(self.fmt(s["text"], date=date, parts=s["separator"].join(parts)))

    def transfers(self) -> None:
        """十（五）专项转移支付: the user's text, or that there is none."""
        s = self.s("transfers")
        self.heading("transfers")
        for text in paragraphs_of(self.dept.text(s["text_key"])) or [self.fmt(s["default"])]:
            self.paragraph(text)
