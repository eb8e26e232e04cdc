"""The ``gklint`` command line.

    gklint [check] PATH...     检查报告（默认子命令；PATH 为 - 时读取标准输入）
    gklint rule CODE | --all   显示规则说明
    gklint server              启动语言服务器（供编辑器使用）
    gklint --version

Exit codes (as ruff): 0 = nothing at or above ``--fail-on``; 1 = problems
found; 2 = usage, input, configuration or internal error.

Start-up time matters (editors and pre-commit hooks run gklint per file), so
heavy modules are imported inside the functions that need them, and a subcommand's
module only when that subcommand runs.

Where things are:
    __init__.py   `run` (dispatch to the subcommands) and `main` (the console entry point)
    exit_codes.py EXIT_OK / EXIT_PROBLEMS / EXIT_ERROR
    console.py    every byte printed (`console.write`), errors, colour, warnings, folder progress
    commands.py   `gklint rule`, `gklint init`, `gklint server`
    check.py      `gklint check`: its options, option combinations, the run's steps and exit code
    checkrun.py   `CheckRun`: arguments → files (folder walking), reading, settings per folder, linting
    fixing.py     `--fix` / `--diff` (text written back; a Word report gets a fixed copy)
    annotating.py `--annotate` (findings as Word comments in 报告.gklint.docx)
    emit.py       the results in the chosen format, to stdout or `-o`
"""

from __future__ import annotations

import os
import sys

from gklint._cliargs import UsageError
from gklint.cli import console
from gklint.cli.exit_codes import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_PROBLEMS", "main", "run"]

MAIN_HELP = """\
gklint — 政府信息公开工作年度报告合规检查工具

用法：
  gklint [check] [选项] 路径...   检查报告文件或目录（路径为 - 时读取标准输入）
  gklint init --org 机关 --year 年份 [-o 报告.txt|.md|.docx]
                                   生成符合现行格式的空白报告
  gklint rule 规则代码             显示规则说明，例如 gklint rule GK301
  gklint rule --all                显示全部规则
  gklint server                    启动语言服务器（供 VS Code 等编辑器使用）
  gklint serve [--port 8000]       启动网页版检查服务（在浏览器中拖入报告文件）
  gklint --version                 显示版本

运行 gklint check --help 查看检查选项。
退出码：0 = 没有达到 --fail-on 级别的问题；1 = 发现问题（--diff：有可修复的内容）；2 = 用法、文件或配置错误。
"""


def _version() -> str:
    from gklint import __version__

    return f"gklint {__version__}"


# --- entry point ----------------------------------------------------------------------------


def run(argv: list[str] | None = None) -> int:
    """Run gklint; exceptions other than usage errors propagate (tests use this)."""
    args = list(sys.argv[1:] if argv is None else argv)
    usage = "gklint [check] [选项] 路径...（运行 gklint --help 查看详细说明）"
    try:
        if not args:
            raise UsageError("请指定要检查的文件或目录，例如：gklint 报告.txt。")
        first = args[0]
        if first in ("-V", "--version"):
            console.write(sys.stdout, _version() + "\n")
            return EXIT_OK
        if first in ("-h", "--help", "help"):
            console.write(sys.stdout, MAIN_HELP)
            return EXIT_OK
        if first == "rule":
            usage = "gklint rule 规则代码或名称 | gklint rule --all（运行 gklint rule --help 查看选项）"
            from gklint.cli.commands import cmd_rule

            return cmd_rule(args[1:])
        if first == "server":
            from gklint.cli.commands import cmd_server

            return cmd_server(args[1:])
        if first == "init":
            usage = "gklint init --org 机关全称 [--year 年份] [-o 报告.txt|报告.md|报告.docx]"
            from gklint.cli.commands import cmd_init

            return cmd_init(args[1:])
        if first == "serve":
            usage = "gklint serve [--host 地址] [--port 端口]（运行 gklint serve --help 查看选项）"
            from gklint.web.command import serve

            return serve(args[1:])
        from gklint.cli.check import cmd_check

        return cmd_check(args[1:] if first == "check" else args)
    except UsageError as exc:
        console.error(f"{exc}\n用法：{usage}")
        return EXIT_ERROR
    except Exception as exc:
        if not console.is_user_error(exc):
            raise
        console.error(str(exc))
        return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    """Console entry point: like `run`, but an unexpected exception becomes a Chinese message and exit 2.

    Set GKLINT_DEBUG=1 to get the traceback instead.
    """
    try:
        return run(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`gklint … | head`); stop quietly like other CLI tools.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        import contextlib

        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS
    except Exception as exc:
        if os.environ.get("GKLINT_DEBUG"):
            raise
        console.error(
            f"内部错误（{type(exc).__name__}：{exc}）。这是 gklint 的缺陷，请将所用命令和报告文件反馈给开发者；"
            "设置环境变量 GKLINT_DEBUG=1 可显示详细的错误信息。"
        )
        return EXIT_ERROR
