"""`gklint check` (the default command): its options, and the run from arguments to output and exit code."""

from __future__ import annotations

import os
import sys

from gklint._cliargs import Opt, UsageError, format_options, parse
from gklint.cli import console
from gklint.cli.checkrun import CheckRun
from gklint.cli.emit import deliver, emit, review_views
from gklint.cli.exit_codes import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy understands this)
if TYPE_CHECKING:
    from typing import Any

    from gklint.output import FileResult

CHECK_OPTIONS: tuple[Opt, ...] = (
    Opt(
        ("--select",),
        "select",
        "list",
        "只启用这些规则（逗号分隔；替换配置文件中的 select、extend-select、ignore）",
        "规则",
    ),
    Opt(("--extend-select",), "extend_select", "list", "在已选规则之外再启用这些规则", "规则"),
    Opt(("--ignore",), "ignore", "list", "忽略这些规则（逗号分隔）", "规则"),
    Opt(("--config",), "config", "value", "使用指定的配置文件（不再自动查找）", "文件"),
    Opt(("--year",), "year", "int", "指定报告年度（覆盖从标题和统计期限中读出的年份）", "年份"),
    Opt(
        ("--previous",), "previous", "value", "上年度报告（任何支持的格式），用于跨年度比对（GK80x）", "文件"
    ),
    Opt(
        ("--format", "--output-format"),
        "format",
        "value",
        "输出格式：text（默认）、concise、json、html（供审核人员浏览的网页报告）、sarif、github（GitHub Actions 注释）、junit",
        "格式",
        ("text", "concise", "json", "html", "sarif", "github", "junit"),
    ),
    Opt(("-o", "--output-file"), "output_file", "value", "把结果写入文件（而不是标准输出）", "文件"),
    Opt(("--fix",), "fix", "flag", "自动应用安全修复，写回原文件（保持编码和换行符），再报告剩余问题"),
    Opt(
        ("--unsafe-fixes",),
        "unsafe_fixes",
        "flag",
        "与 --fix 或 --diff 一起使用：也应用不安全修复（改动数字）",
    ),
    Opt(
        ("--diff",),
        "diff",
        "flag",
        "只显示修复会做的改动（统一 diff 格式），不修改文件；有可修复内容时退出码为 1",
    ),
    Opt(("--baseline",), "baseline", "value", "只报告基线文件中没有记录的新问题", "文件"),
    Opt(("--write-baseline",), "write_baseline", "value", "把当前全部问题写入基线文件", "文件"),
    Opt(("--show-settings",), "show_settings", "flag", "显示对指定文件生效的配置及其来源，不做检查"),
    Opt(
        ("--fail-on",),
        "fail_on",
        "value",
        "达到此级别的问题才使退出码为 1：error（默认）、warning、info",
        "级别",
        ("error", "warning", "info"),
    ),
    Opt(("--exit-zero",), "exit_zero", "flag", "发现问题时退出码仍为 0"),
    Opt(("--statistics",), "statistics", "flag", "只显示每条规则的问题数量"),
    Opt(
        ("--stdin-filename",),
        "stdin_filename",
        "value",
        "从标准输入读取时使用的文件名（用于查找配置和显示）",
        "文件",
    ),
    Opt(
        ("--annotate",),
        "annotate",
        "flag",
        "把每个问题作为批注写入 Word 文件的副本（报告.docx → 报告.gklint.docx，原文件不变）",
    ),
    Opt(("--force",), "force", "flag", "与 --annotate 一起使用：覆盖已存在的 .gklint.docx 文件"),
    Opt(("-q", "--quiet"), "quiet", "flag", "只输出问题，不输出汇总"),
    Opt(("--no-color",), "no_color", "flag", "不使用彩色输出"),
    Opt(("-h", "--help"), "help", "flag", "显示本帮助"),
)

_MACHINE_FORMATS = ("json", "sarif", "github", "junit")


def _check_help() -> str:
    return (
        "用法：gklint check [选项] 路径...\n\n"
        "检查政府信息公开工作年度报告。路径可以是文件、目录（递归查找 .txt、.md、.docx、.html、.pdf 等报告文件）或 -（标准输入）。\n\n"
        f"选项：\n{format_options(CHECK_OPTIONS)}\n\n"
        "规则可以用代码（GK301）、代码前缀（GK3）、名称、类别或 ALL 选择。\n"
        "配置文件：离报告最近的 gklint.toml 或 pyproject.toml 中的 [tool.gklint]。\n"
    )


def _exit_code(results: list[FileResult], fail_on: str, exit_zero: bool) -> int:
    from gklint.diagnostics import Severity

    if exit_zero:
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    failing = any(d.severity >= threshold for r in results for d in r.diagnostics)
    return EXIT_PROBLEMS if failing else EXIT_OK


def _check_combinations(opts: dict[str, Any], args: list[str]) -> None:
    if opts["unsafe_fixes"] and not (opts["fix"] or opts["diff"]):
        raise UsageError("--unsafe-fixes 需要与 --fix 或 --diff 一起使用。")
    if opts["fix"] and opts["diff"]:
        raise UsageError("--fix 与 --diff 不能同时使用：--diff 只显示改动，不修改文件。")
    if opts["fix"] and "-" in args:
        raise UsageError("--fix 不能用于标准输入（没有可写回的文件）；请改用 --diff 查看改动。")
    if opts["baseline"] and opts["write_baseline"]:
        raise UsageError("--baseline 与 --write-baseline 不能同时使用。")
    if opts["force"] and not opts["annotate"]:
        raise UsageError("--force 需要与 --annotate 一起使用。")
    if opts["annotate"] and "-" in args:
        raise UsageError(
            "--annotate 不能用于标准输入：请直接指定 Word 文件，例如 gklint 报告.docx --annotate。"
        )
    if opts["annotate"] and (opts["fix"] or opts["diff"]):
        raise UsageError("--annotate 不能与 --fix 或 --diff 同时使用。")


def cmd_check(argv: list[str]) -> int:
    opts, args = parse(argv, CHECK_OPTIONS)
    if opts["help"]:
        console.write(sys.stdout, _check_help())
        return EXIT_OK
    if not args:
        raise UsageError("请指定要检查的文件或目录，例如：gklint 报告.txt（用 - 读取标准输入）。")
    _check_combinations(opts, args)
    from pathlib import Path

    if opts["show_settings"]:
        from gklint.config import describe_settings

        for arg in args:
            explicit = Path(opts["config"]) if opts["config"] else None
            console.write(sys.stdout, describe_settings(Path(arg), explicit_config=explicit))
        return EXIT_OK
    run = CheckRun(opts)
    folders = False
    for arg in args:
        if arg == "-":
            run.lint_stdin()
        else:
            folders = folders or os.path.isdir(arg)
            run.lint_paths(run.expand(arg))
    progress = console.Progress.for_stderr() if folders else None
    run.finish(progress)
    for message in run.errors:
        console.error(message)
    if opts["diff"]:
        from gklint.cli.fixing import fix_all

        diff = fix_all(run, opts, write=False)
        deliver(diff, opts, utf8=True)
        if run.errors:
            return EXIT_ERROR
        return EXIT_PROBLEMS if diff else EXIT_OK
    if opts["fix"]:
        from gklint.cli.fixing import fix_all

        fix_all(run, opts, write=True)
    results = run.results
    if opts["write_baseline"]:
        from gklint.baseline import write_baseline

        count = write_baseline(Path(opts["write_baseline"]), results)
        console.write(sys.stderr, f"已把 {count} 个问题写入基线文件 {opts['write_baseline']}。\n")
        return EXIT_ERROR if run.errors else EXIT_OK
    if opts["baseline"]:
        from gklint.baseline import filter_new, load_baseline

        results, hidden = filter_new(results, load_baseline(Path(opts["baseline"])))
        if hidden and not opts["quiet"]:
            console.write(sys.stderr, f"基线 {opts['baseline']} 中已记录的 {hidden} 个问题未显示。\n")
    if results or not run.errors or opts["format"] in _MACHINE_FORMATS:
        # When nothing could be read at all, a "未发现问题" line would only mislead.
        views = run.views
        if opts["format"] == "html" and (opts["fix"] or opts["baseline"]):
            views = review_views(results, run.result_settings)  # the page shows what is left
        emit(results, opts, run.rules, views)
    if opts["annotate"]:
        from gklint.cli.annotating import annotate_all

        annotate_errors = annotate_all(results, opts["force"])
        for message in annotate_errors:
            console.error(message)
        if annotate_errors:
            return EXIT_ERROR
    if run.errors:
        return EXIT_ERROR
    return _exit_code(results, opts["fail_on"] or "error", opts["exit_zero"])
