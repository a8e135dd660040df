"""A profile file (YAML) → :class:`~yusuan.profiles.Profile`, checked key by key.

Every error names the file and the key (``tables[3].columns``) in Chinese, so a finance
office editing its own profile sees where the file is wrong.  Builder-specific checks
(column keys, required options) live with the builders: :func:`yusuan.tables.check_profile`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from yusuan.errors import UserError
from yusuan.profiles._model import HeaderNode, InputField, Profile, TableSpec, layout_options
from yusuan.yaml_data import load_yaml

PROFILE_KEYS = {"name", "year", "source", "description", "department_label", "unit_label", "empty_note",
                "wording", "narrative", "glossary", "layout", "inputs", "input_columns", "tables"}
TABLE_KEYS = {"id", "kind", "number", "name", "title", "columns", "widths", "options", "footnote", "landscape",
              "print_empty", "empty_note"}
INPUT_KEYS = {"key", "label", "kind", "hint"}
INPUT_KINDS = ("amount", "count", "text")


class ProfileError(UserError):
    """A profile file that cannot be used; the message names the file and the key."""


def read_profile(text: str, origin: str, path: Path | None = None) -> Profile:
    """Parse one profile file's text; ``origin`` names it in messages."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark is not None else ""
        raise ProfileError(f"表样文件“{origin}”{where}不是有效的 YAML：{getattr(exc, 'problem', exc)}") from None
    return _Parser(origin, path).profile(data)


class _Parser:
    def __init__(self, origin: str, path: Path | None):
        self.origin, self.path = origin, path

    def fail(self, key: str, message: str) -> ProfileError:
        return ProfileError(f"表样文件“{self.origin}”中 {key}：{message}")

    def mapping(self, value: Any, key: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(key, "应为“键: 值”形式的映射")
        return value

    def text(self, data: dict, key: str, where: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            raise self.fail(f"{where}{key}", "缺少此项（必填）")
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.fail(f"{where}{key}", "应为文字")
        return str(value)

    def unknown(self, data: dict, known: set[str], where: str) -> None:
        extra = sorted(str(k) for k in data if k not in known)
        if extra:
            raise self.fail(f"{where}{extra[0]}", f"不认识的键（可用的键：{'、'.join(sorted(known))}）")

    def profile(self, data: Any) -> Profile:
        data = self.mapping(data, "文件顶层")
        self.unknown(data, PROFILE_KEYS, "")
        year = data.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year < 2100):
            raise self.fail("year", f"应为四位年份（如 2025），得到“{year}”")
        tables = data.get("tables")
        if not isinstance(tables, list) or not tables:
            raise self.fail("tables", "缺少此项或为空：至少要有一张表")
        return Profile(
            name=self.text(data, "name", ""),
            description=self.text(data, "description", "", ""),
            department_label=self.text(data, "department_label", "", "部门名称：{department}"),
            unit_label=self.text(data, "unit_label", "", "单位：万元"),
            empty_note=self.text(data, "empty_note", ""),
            tables=tuple(self.table(t, i) for i, t in enumerate(tables, start=1)),
            wording=self.mapping(data.get("wording") or {}, "wording"),
            year=year,
            source=self.text(data, "source", "", ""),
            narrative=self.reference(data, "narrative"),
            glossary=self.reference(data, "glossary"),
            layout=self.layout(data.get("layout") or {}),
            inputs=self.inputs(data.get("inputs") or []),
            input_columns=self.input_columns(data.get("input_columns") or {}),
            path=str(self.path) if self.path else "",
        ).in_its_unit()  # a 元 profile's labels say （元） even where written （万元）

    def reference(self, data: dict, key: str) -> str | dict | None:
        value = data.get(key)
        if value is None or isinstance(value, dict):
            return value
        if not isinstance(value, str):
            raise self.fail(key, "应为文件名（与表样文件同一文件夹，或内置的数据文件名）或直接写出内容的映射")
        if self.path is not None and not (self.path.parent / value).is_file() and "/" in value:
            raise self.fail(key, f"找不到文件“{self.path.parent / value}”")
        return value

    def layout(self, data: Any) -> dict[str, str]:
        data = self.mapping(data, "layout")
        options = layout_options()
        self.unknown(data, set(options), "layout.")
        chosen = {}
        for key, option in options.items():
            value = str(data.get(key, option.default))
            if value not in option.values:
                raise self.fail(f"layout.{key}", f"“{value}”不是可选值（可选：{'、'.join(option.values)}）")
            chosen[key] = value
        return chosen

    def inputs(self, items: Any) -> tuple[InputField, ...]:
        if not isinstance(items, list):
            raise self.fail("inputs", "应为列表，每项一个输入字段")
        fields = []
        for i, item in enumerate(items, start=1):
            where = f"inputs[{i}]."
            item = self.mapping(item, f"inputs[{i}]")
            self.unknown(item, INPUT_KEYS, where)
            kind = self.text(item, "kind", where, "text")
            if kind not in INPUT_KINDS:
                raise self.fail(f"{where}kind", f"“{kind}”不是可选值（可选：{'、'.join(INPUT_KINDS)}）")
            fields.append(InputField(self.text(item, "key", where), self.text(item, "label", where), kind,
                                     self.text(item, "hint", where, "")))
        return tuple(fields)

    def input_columns(self, data: Any) -> dict[str, tuple[str, ...]]:
        """Input sheet → the optional columns of it (sheets.yaml ``profile_only``) this profile
        reads; which keys exist is checked against sheets.yaml when the input spec is loaded."""
        data = self.mapping(data, "input_columns")
        chosen = {}
        for sheet, keys in data.items():
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                raise self.fail(f"input_columns.{sheet}", "应为列键的列表，如 [task_total, task_period]")
            chosen[str(sheet)] = tuple(keys)
        return chosen

    def table(self, t: Any, i: int) -> TableSpec:
        where = f"tables[{i}]."
        t = self.mapping(t, f"tables[{i}]")
        self.unknown(t, TABLE_KEYS, where)
        name = self.text(t, "name", where)
        columns = t.get("columns")
        if not isinstance(columns, list) or not columns:
            raise self.fail(f"{where}columns", f"表“{name}”缺少表头（columns）")
        print_empty = t.get("print_empty")
        if print_empty is not None and not isinstance(print_empty, bool):
            raise self.fail(f"{where}print_empty", "应为 true 或 false")
        table_id = self.text(t, "id", where)
        return TableSpec(
            id=table_id,
            number=self.text(t, "number", where),
            name=name,
            title=self.text(t, "title", where, "{year}年" + name),
            columns=self.nodes(columns, f"{where}columns"),
            widths={str(k): float(v) for k, v in self.mapping(t.get("widths") or {}, f"{where}widths").items()},
            options=self.mapping(t.get("options") or {}, f"{where}options"),
            footnote=self.text(t, "footnote", where, ""),
            landscape=bool(t.get("landscape", True)),
            kind=self.text(t, "kind", where, table_id),
            print_empty=print_empty,
            empty_note=self.text(t, "empty_note", where, ""),
            position=i,
        )

    def nodes(self, items: list, where: str) -> tuple[HeaderNode, ...]:
        nodes = []
        for item in items:
            if not isinstance(item, dict) or len(item) != 1:
                raise self.fail(where, f"表头的每一项应为“标签: 列键”或“标签: [下级…]”，得到 {item!r}")
            ((label, value),) = item.items()
            if isinstance(value, list):
                nodes.append(HeaderNode(str(label), None, self.nodes(value, f"{where}.{label}")))
            elif isinstance(value, str) and value:
                nodes.append(HeaderNode(str(label), value))
            else:
                raise self.fail(f"{where}.{label}", f"列键应为英文标识（如 total），得到 {value!r}")
        return tuple(nodes)
