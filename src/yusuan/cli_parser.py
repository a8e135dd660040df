"""argparse in Chinese: usage, section titles, help and every error message (the interface
language is Chinese: README, 命令).  argparse's own English messages are mapped through
``argparse_messages.yaml``; one that is not listed still gives a Chinese line."""

from __future__ import annotations

import argparse
import re
from functools import cache
from importlib import resources

from yusuan.yaml_data import load_yaml

EXIT_USAGE = 2
TYPE_NAMES = {"int": "整数", "float": "数字"}


@cache
def _messages() -> list[tuple[re.Pattern[str], str]]:
    text = resources.files("yusuan").joinpath("argparse_messages.yaml").read_text(encoding="utf-8")
    return [(re.compile(item["pattern"]), item["text"]) for item in load_yaml(text)]


def chinese_message(message: str) -> str:
    """argparse's error message in Chinese."""
    for pattern, text in _messages():
        match = pattern.fullmatch(message.strip())
        if match:
            groups = [TYPE_NAMES.get(g, g).replace("', '", "、").strip("'") for g in match.groups()]
            return text.format(*groups)
    return "命令行参数无法识别"


class ChineseHelpFormatter(argparse.HelpFormatter):
    """'用法：' instead of 'usage: '."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Chinese; a wrong command line is one line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"错误：命令行参数有误：{chinese_message(message)}。用 {self.prog} -h 查看用法。\n")
