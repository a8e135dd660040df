"""命令行入口 ``yusuan``.  Every user error is one Chinese line; exit codes (README, 命令):
0 no 错误, 1 findings of severity 错误, 2 unusable input."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from yusuan.cli_parser import ChineseParser
from yusuan.errors import UserError
from yusuan.progress import ProgressLine

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
EXPORT_STEP = "导出文档"
MAX_PRINTED_FINDINGS = 50


def _command(sub, name: str, summary: str, description: str = "") -> argparse.ArgumentParser:
    """A subcommand: ``summary`` in the command list, ``description`` (default the summary) atop its help."""
    return sub.add_parser(name, help=summary, description=description or summary)


def _parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="yusuan", description="部门预算公开：生成公开表格、校验、说明与文档。",
                           epilog="用 yusuan <命令> -h 查看各命令的用法。")
    sub = parser.add_subparsers(dest="command", title="命令", metavar="<命令>", parser_class=ChineseParser)

    p = _command(sub, "template", "生成空白输入模板",
                 "生成空白的输入模板工作簿（与仓库中的 workbook_templates/预算公开模板.xlsx 相同）。")
    p.add_argument("-o", "--output", metavar="模板", default="预算公开模板.xlsx", help="模板保存路径（默认 预算公开模板.xlsx）")
    _profile_arguments(p, "模板选用的表样版本：基本信息中预先选好，并加入该表样需要的输入项（默认 河南2025）")

    p = _command(sub, "build", "从输入工作簿生成全部公开表（另存为新文件，不改动原文件）",
                 "读取输入工作簿，生成全部公开表格、情况说明、图表和名词解释并校验，另存为新文件；原文件不做任何改动。")
    p.add_argument("input", metavar="输入工作簿", help="输入工作簿 .xlsx")
    p.add_argument("-o", "--output", metavar="输出工作簿", help="输出路径（默认：<输入文件名>_预算公开.xlsx）")
    p.add_argument("--last-year", metavar="上年工作簿", help="上年的预算公开工作簿：从其表格导入上年数（只写入输出文件）")
    p.add_argument("--profile-file", metavar="表样文件", help="用这个表样文件生成，代替基本信息中的表样版本（表样文件的写法见使用说明“表样”一节）")
    p.add_argument("--layout", metavar="键=值", action="append", default=[],
                   help="版式选项，优先于基本信息和表样，可重复：“function_rows=unit|unit_no_subtotal|department”、"
                   "“three_public=unit|total”、“amount_unit=万元|元”、“print_empty=profile|all|none”")

    p = _command(sub, "demo", "用内置示例部门生成输入工作簿、公开表和公开文档",
                 "用内置的示例部门演示全过程：生成输入工作簿、全部公开表、情况说明和 Word 文档。")
    p.add_argument("-o", "--output", metavar="文件夹", default="out", help="输出文件夹（默认 out）")
    p.add_argument("--pdf", action="store_true", default=False, help="同时导出 PDF（需要 LibreOffice）")

    p = _command(sub, "check", "校验工作簿或文件夹（含非 yusuan 生成的工作簿），问题标注在另存的副本中",
                 "校验一个工作簿或一个文件夹中的全部工作簿（包括不是 yusuan 生成的）。问题以批注标在另存的副本中；"
                 "文件夹并行校验，并生成“校验汇总.xlsx”，只为有问题的工作簿另存标注副本"
                 "（加 --summary-only 则只生成汇总）。")
    p.add_argument("input", metavar="工作簿或文件夹", help="工作簿 .xlsx，或包含多个工作簿的文件夹")
    p.add_argument("-o", "--output", metavar="输出", help="输出：单个文件时为副本路径（默认 <文件名>_校验.xlsx）；文件夹时为输出文件夹")
    p.add_argument("-j", "--jobs", metavar="进程数", type=int, help="并行进程数（默认 CPU 核数）")
    p.add_argument("--summary-only", action="store_true",
                   help="只用于文件夹：只生成“校验汇总.xlsx”（每条问题的文件、工作表、单元格、规则、级别、说明，"
                   "并链接到原文件），不另存标注副本，校验快得多")
    _profile_arguments(p, "按此表样版本校验（默认：按工作簿中的年度和表格自动选择）")

    p = _command(sub, "clear", "清除 yusuan 写入的批注、底色和校验结果表（另存为新文件）")
    p.add_argument("input", metavar="工作簿", help="工作簿 .xlsx")
    p.add_argument("-o", "--output", metavar="输出工作簿", help="输出路径（默认：<文件名>_已清除.xlsx）")

    p = _command(sub, "export", "导出预算公开文档（Word；装有 LibreOffice 时同时生成 PDF）",
                 "把已生成报表和情况说明的工作簿导出为预算公开文档：封面、目录、三部分正文和附件表格。")
    p.add_argument("input", metavar="工作簿", help="已生成报表和情况说明的工作簿 .xlsx")
    p.add_argument("-o", "--output", metavar="文档", help="输出文档 .docx（默认：<工作簿文件名>.docx）")
    pdf = p.add_mutually_exclusive_group()
    pdf.add_argument("--pdf", dest="pdf", action="store_const", const=True, help="必须同时生成 PDF（需要 LibreOffice）")
    pdf.add_argument("--no-pdf", dest="pdf", action="store_const", const=False, help="不生成 PDF")
    p.add_argument("--force", action="store_true", help="工作簿有“错误”级别的问题时也导出（默认不导出）")
    p.add_argument("--profile-file", metavar="表样文件", help="按这个表样文件导出和校验，代替基本信息中的表样版本（表样文件的写法见使用说明“表样”一节）")

    p = _command(sub, "addin", "生成或安装 Excel 加载项 yusuan.xlam（预算公开 选项卡）")
    addin = p.add_subparsers(dest="addin_command", title="操作", metavar="<操作>", required=True, parser_class=ChineseParser)
    q = _command(addin, "build", "生成加载项（基于已安装的 xlwings 版本，无需 Excel）")
    q.add_argument("-o", "--output", metavar="加载项", default=str(Path("addin") / "yusuan.xlam"),
                   help="加载项保存路径（默认 addin/yusuan.xlam）")
    _command(addin, "install", "生成并安装加载项到 Excel 启动文件夹，设置为使用当前 Python")
    _command(addin, "config", "把当前 Python 写入用户设置文件（用于信息技术部门统一部署的加载项）")
    _command(addin, "doctor", "检查加载项能否运行（Python、xlwings 版本、设置、启动文件夹、安全策略）")

    p = _command(sub, "rules", "列出全部校验规则", "列出全部校验规则（规则编号、级别、类别、名称），或输出完整规则说明。")
    p.add_argument("--doc", action="store_true", help="输出完整规则说明（Markdown）")
    p.add_argument("-o", "--output", metavar="文件", help="与 --doc 同用：写入此文件")
    return parser


def _profile_arguments(p: argparse.ArgumentParser, what: str) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--profile", metavar="表样版本", help=what)
    group.add_argument("--profile-file", metavar="表样文件", help="表样文件（写法见使用说明“表样”一节），代替 --profile")


def _chosen_profile(args, near: Path | None = None):
    """The profile the command line names (checked against its builders), or None."""
    from yusuan import profiles
    from yusuan.tables import check_profile

    if near is not None:
        profiles.add_folder(near.parent / profiles.WORKBOOK_FOLDER)
    if getattr(args, "profile_file", None):
        check_profile(profiles.load_file(Path(args.profile_file)))  # registered only once it is sound
        return profiles.add_file(Path(args.profile_file))
    if getattr(args, "profile", None):
        profile = profiles.load(args.profile)
        check_profile(profile)
        return profile
    return None


def _layout(pairs: list[str]) -> dict[str, str]:
    """``--layout key=value`` pairs (value in YAML or Chinese form) as {key: YAML value}."""
    from yusuan.profiles import layout_options

    options = layout_options()
    chosen = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        option = options.get(key.strip())
        if option is None:
            raise UserError(f"--layout {pair}：不认识的版式选项“{key}”（可选：{'、'.join(options)}）")
        found = option.value_of(value.strip())
        if found is None:
            raise UserError(f"--layout {pair}：“{value}”不是 {key} 的可选值（可选：{'、'.join(option.values)}）")
        chosen[option.key] = found
    return chosen


def _tolerant_streams() -> None:
    # A console or pipe whose encoding lacks Chinese (cp1252, ascii) must not turn a finished
    # build into an error: unprintable characters become '?' instead of raising.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # -h or a wrong command line: argparse has printed its line
        return exc.code if isinstance(exc.code, int) else EXIT_UNUSABLE
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return _COMMANDS[args.command](args)
    except UserError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:  # `yusuan rules | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return EXIT_OK
    except Exception as exc:  # a bug, not the user's fault: still one line unless debugging
        if os.environ.get("YUSUAN_DEBUG"):
            raise
        print(f"内部错误：{type(exc).__name__}: {exc}（设置环境变量 YUSUAN_DEBUG=1 可查看详情，请反馈给开发者）", file=sys.stderr)
        return EXIT_UNUSABLE


def _template(args) -> int:
    from yusuan.commands import check_output_path
    from yusuan.inputs.template import generate_template_file

    check_output_path(Path(args.output))
    generate_template_file(Path(args.output), _chosen_profile(args))
    print(f"已生成输入模板：{args.output}")
    return EXIT_OK


def _build(args) -> int:
    from yusuan.commands import build_file, default_output

    source = Path(args.input)
    target = Path(args.output) if args.output else default_output(source)
    from yusuan.build import BUILD_STEPS

    with ProgressLine(len(BUILD_STEPS) + 1) as progress:
        outcome = build_file(source, target, Path(args.last_year) if args.last_year else None, progress,
                             _chosen_profile(args, source), _layout(args.layout))
    return _report(outcome, target)


def _demo(args) -> int:
    from yusuan.build import BUILD_STEPS
    from yusuan.commands import build_demo
    from yusuan.document.export import export_document
    from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

    with ProgressLine(len(BUILD_STEPS) + 3) as progress:
        outcome, source, target = build_demo(Path(args.output), progress)
        if outcome.usable:
            progress(EXPORT_STEP)
            document = export_document(OpenpyxlWorkbook.open(target), target.with_suffix(".docx"), pdf=args.pdf)
    print(f"示例输入工作簿：{source}")
    code = _report(outcome, target)
    if outcome.usable:
        print(f"公开文档：{document.docx}" + (f"，{document.pdf}" if document.pdf else ""))
    return code


def _check(args) -> int:
    from yusuan.commands import check_file, default_output
    from yusuan.findings.rule import Severity

    source = Path(args.input)
    if source.is_dir():
        return _check_folder(source, args)
    if args.summary_only:
        raise UserError("--summary-only 只用于校验文件夹；校验单个工作簿时总是另存标注副本。")
    target = Path(args.output) if args.output else default_output(source, "校验")
    outcome = check_file(source, target, _chosen_profile(args, source))
    for finding in sorted(outcome.findings, key=lambda f: f.sort_key)[:MAX_PRINTED_FINDINGS]:
        print(f"{finding.severity.label} {finding.code} {_place(finding)} {finding.message}")
    counts = "、".join(f"{s.label} {outcome.count(s)} 条" for s in Severity)
    tables = len(outcome.parsed.tables) if outcome.parsed else 0
    print(f"已校验 {tables} 张表 → {target}（{counts}）")
    return EXIT_FINDINGS if outcome.count(Severity.ERROR) else EXIT_OK


def _check_folder(folder: Path, args) -> int:
    from yusuan.audit.folder import SUMMARY_STEM, check_folder, write_folder_summary

    out_dir = Path(args.output) if args.output else folder.with_name(f"{folder.name}_校验结果")
    results = check_folder(folder, out_dir, args.jobs, summary_only=args.summary_only)
    summary = out_dir / f"{SUMMARY_STEM}.xlsx"
    write_folder_summary(results, summary)
    skipped = [r for r in results if r.skipped]
    results = [r for r in results if not r.skipped]
    unusable = [r for r in results if r.error]
    errors = sum(r.counts[0] for r in results)
    for r in unusable:
        print(f"错误：{_with_file_name(Path(r.source).name, r.error)}", file=sys.stderr)
    also = f"，另有 {len(skipped)} 个文件未校验，原因见汇总" if skipped else ""
    copies = sum(1 for r in results if r.output)
    written = "" if args.summary_only else f"，{copies} 个有问题的工作簿另存了标注副本"
    print(f"已校验 {len(results)} 个工作簿（错误 {errors} 条，无法读取 {len(unusable)} 个{also}）→ {summary}{written}")
    if unusable and len(unusable) == len(results):
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if errors or unusable else EXIT_OK


def _with_file_name(name: str, message: str) -> str:
    """'c.xlsx：reason' once, also when the reason already starts with the file name."""
    return message if message.startswith(name) else f"{name}：{message}"


def _clear(args) -> int:
    from yusuan.commands import clear_file, default_output

    source = Path(args.input)
    target = Path(args.output) if args.output else default_output(source, "已清除")
    cleared = clear_file(source, target)
    print(f"已清除 {cleared} 个单元格上的 yusuan 标记 → {target}")
    return EXIT_OK


def _export(args) -> int:
    from yusuan.document.export import check_docx_path
    from yusuan.export_gate import cli_where, export_checked
    from yusuan.ports.openpyxl_port import OpenpyxlWorkbook

    source = Path(args.input)
    target = Path(args.output) if args.output else source.with_suffix(".docx")
    check_docx_path(target)  # before the workbook is read
    profile = _chosen_profile(args, source)
    with ProgressLine(2) as progress:
        progress("读取工作簿")
        book = OpenpyxlWorkbook.open(source)
        progress(f"校验并{EXPORT_STEP}")  # the gate: no document while 错误 remain, unless --force
        result = export_checked(book, target, args.pdf, force=args.force, where=cli_where(str(source)),
                                profile=profile)
    print(f"已导出文档 → {result.docx}" + (f"、{result.pdf}" if result.pdf else ""))
    if result.pdf_problem:
        print(f"提示：{result.pdf_problem}", file=sys.stderr)
    if result.gate.note:
        print(result.gate.note, file=sys.stderr)
    return EXIT_FINDINGS if result.gate.errors else EXIT_OK


def _addin(args) -> int:
    if args.addin_command == "build":
        from yusuan.addin.build import build_addin

        print(f"已生成加载项 → {build_addin(Path(args.output))}")
        return EXIT_OK
    if args.addin_command == "doctor":
        from yusuan.addin.doctor import diagnose, report

        checks = diagnose()
        print(report(checks))
        return EXIT_OK if all(c.ok is not False for c in checks) else EXIT_FINDINGS
    from yusuan.addin.install import configure_user, install_addin

    if args.addin_command == "config":
        print(f"已写入 Python 位置 → {configure_user()}（重新启动 Excel 后生效）")
        return EXIT_OK
    installed = install_addin()
    print(f"已安装加载项 → {installed.addin}（Python 位置保存在加载项内，重新启动 Excel 后生效）")
    if installed.applescript:
        print(f"已安装 xlwings 的 AppleScript → {installed.applescript}")
    return EXIT_OK


def _rules(args) -> int:
    from yusuan.checks.catalog import all_rules

    if args.doc:
        from yusuan.checks.docs import rules_markdown

        text = rules_markdown()
        if args.output:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
            print(f"已写入规则说明：{args.output}")
        else:
            print(text)
        return EXIT_OK

    for rule in all_rules():
        print(f"{rule.code}\t{rule.severity.label}\t{rule.family}\t{rule.name}")
    return EXIT_OK


HIDDEN_INPUTS_LINE = ("输出工作簿中的输入表（{sheets}）已隐藏，打印整个工作簿时只打印校验结果和公开表；"
                      "输入请在输入文件中修改，查看时在工作表标签上右键 →“取消隐藏”。")


def _report(outcome, target: Path) -> int:
    from yusuan.findings.rule import Severity

    findings = sorted(outcome.findings, key=lambda f: f.sort_key)
    for finding in findings[:MAX_PRINTED_FINDINGS]:
        print(f"{finding.severity.label} {finding.code} {_place(finding)} {finding.message}")
    if len(findings) > MAX_PRINTED_FINDINGS:
        print(f"……另有 {len(findings) - MAX_PRINTED_FINDINGS} 条，见输出工作簿。")
    counts = "、".join(f"{s.label} {outcome.count(s)} 条" for s in Severity)
    if not outcome.usable:
        # no workbook is written, so the one stderr line names the cause, not only the counts
        cause = _unusable_cause(findings)
        reason = f"{_place(cause)} {cause.message}" if cause else "输入工作簿无法读取"
        print(f"错误：{reason}（{counts}）", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"已生成 {len(outcome.built.tables)} 张表 → {target}（{counts}）")
    if outcome.hidden_inputs:
        print(HIDDEN_INPUTS_LINE.format(sheets="、".join(outcome.hidden_inputs)))
    return EXIT_FINDINGS if outcome.count(Severity.ERROR) else EXIT_OK


def _place(finding) -> str:
    """'支出明细!A3', or just the sheet for a finding about a whole sheet."""
    return f"{finding.sheet}!{finding.cell}" if finding.cell else finding.sheet


def _unusable_cause(findings):
    """The error that made the workbook unusable: the reader marks its message; else the first error."""
    from yusuan.findings.rule import Severity
    from yusuan.inputs.reader import UNUSABLE

    errors = [f for f in findings if f.severity is Severity.ERROR]
    return next((f for f in errors if UNUSABLE in f.message), errors[0] if errors else None)


_COMMANDS = {
    "template": _template, "build": _build, "demo": _demo, "check": _check, "clear": _clear, "export": _export,
    "rules": _rules, "addin": _addin,
}


if __name__ == "__main__":
    sys.exit(main())
