"""The command line speaks Chinese: help, usage and every argparse error; progress only on a terminal."""

from __future__ import annotations

import io
import re

import pytest

from yusuan import cli
from yusuan.cli_parser import chinese_message
from yusuan.progress import ProgressLine

# Names that stay as they are: the command, its subcommands and options, file types, products.
ALLOWED = {
    "yusuan", "template", "build", "demo", "check", "clear", "export", "addin", "install", "config", "doctor", "rules",
    "help", "output", "last", "year", "pdf", "no", "jobs", "profile", "doc", "xlsx", "xlsm", "docx", "xlam", "Word",
    "Excel", "LibreOffice", "xlwings", "Python", "PDF", "CPU", "Markdown", "workbook", "templates", "out",
}
WORD = re.compile(r"[A-Za-z]{2,}")


def english(text: str) -> list[str]:
    """English words left once option names and what the user typed (quoted “…”) are taken out."""
    text = re.sub(r"“[^”]*”", "", re.sub(r"--?[A-Za-z][\w-]*", "", text))
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def run(argv: list[str], capsys) -> tuple[int, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


COMMANDS = [[], ["template"], ["build"], ["demo"], ["check"], ["clear"], ["export"], ["addin"], ["addin", "build"],
            ["addin", "install"], ["addin", "config"], ["addin", "doctor"], ["rules"]]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "yusuan" for c in COMMANDS])
def test_help_is_chinese_with_a_description(command, capsys):
    code, text = run([*command, "--help"], capsys)
    assert code == 0 and text.startswith("用法：")
    assert english(text) == []
    assert "选项" in text and "显示本帮助并退出" in text
    description = text.split("\n\n")[1]
    assert re.search(r"[\u4e00-\u9fff]{4,}", description)  # every command says what it does


ERRORS = [
    ["bogus"],
    ["build"],
    ["build", "a.xlsx", "b.xlsx"],
    ["build", "a.xlsx", "-o"],
    ["check", "a.xlsx", "-j", "x"],
    ["export", "a.xlsx", "--pdf", "--no-pdf"],
    ["addin"],
    ["addin", "fly"],
    ["rules", "--docs=1", "--x"],
    ["--version"],
]


@pytest.mark.parametrize("argv", ERRORS, ids=[" ".join(a) for a in ERRORS])
def test_every_argparse_error_is_one_chinese_line(argv, capsys):
    code, text = run(argv, capsys)
    assert code == 2
    assert text.count("\n") == 1 and text.startswith("错误：命令行参数有误：")
    assert english(text) == [], text


def test_argparse_messages_in_chinese():
    assert chinese_message("the following arguments are required: input") == "缺少必需的参数：input"
    assert chinese_message("argument -j/--jobs: invalid int value: 'x'") == "-j/--jobs 的取值“x”不是有效的整数"
    assert chinese_message("argument 命令: invalid choice: 'x' (choose from 'a', 'b')") == "命令 的取值“x”无效，可选：a、b"
    assert chinese_message("something argparse adds one day") == "命令行参数无法识别"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal_and_nothing_when_piped():
    tty, pipe = Terminal(), io.StringIO()
    for stream in (tty, pipe):
        with ProgressLine(2, stream) as progress:
            progress("读取输入表")
            progress("保存")
    assert pipe.getvalue() == ""
    shown = tty.getvalue()
    assert "[1/2] 读取输入表……" in shown and "[2/2] 保存……" in shown
    assert shown.endswith("\r") and "\n" not in shown  # the line is cleared, the report follows on it


def test_build_reports_each_step(tmp_path, monkeypatch, capsys):
    from yusuan.commands import input_workbook_from_csv, sample_folder

    source = tmp_path / "输入.xlsx"
    input_workbook_from_csv(sample_folder()).save(source)
    tty = Terminal()
    monkeypatch.setattr("sys.stderr", tty)
    assert cli.main(["build", str(source), "-o", str(tmp_path / "out.xlsx")]) in (0, 1)
    steps = re.findall(r"\[(\d)/(\d)\] (\S+?)……", tty.getvalue())
    assert [s[2] for s in steps] == ["读取输入表", "生成公开表格", "生成情况说明和图表", "校验", "保存"]
    assert {s[1] for s in steps} == {"5"}
    assert "……" not in capsys.readouterr().out  # stdout (the report) carries no progress


def test_folder_error_names_the_file_once():
    assert cli._with_file_name("c.xlsx", "c.xlsx：不是有效的 Excel 工作簿") == "c.xlsx：不是有效的 Excel 工作簿"
    assert cli._with_file_name("c.xlsx", "无法校验") == "c.xlsx：无法校验"
