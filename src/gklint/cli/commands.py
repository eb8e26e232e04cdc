"""The subcommands besides `check`: `gklint rule`, `gklint init` and `gklint server`."""

from __future__ import annotations

import sys

from gklint._cliargs import Opt, UsageError, format_options, parse
from gklint.cli import console
from gklint.cli.exit_codes import EXIT_ERROR, EXIT_OK
from gklint.oserror import reason as os_reason

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy understands this)
if TYPE_CHECKING:
    from typing import Any

    from gklint.ruledata import RuleInfo
    from gklint.settings import Settings

RULE_OPTIONS: tuple[Opt, ...] = (
    Opt(("--all",), "all", "flag", "显示全部规则"),
    Opt(
        ("--format", "--output-format"),
        "format",
        "value",
        "输出格式：text（Markdown，默认）、json",
        "格式",
        ("text", "json"),
    ),
    Opt(("--config",), "config", "value", "从指定配置文件加载规则包", "文件"),
    Opt(("-h", "--help"), "help", "flag", "显示本帮助"),
)

INIT_OPTIONS: tuple[Opt, ...] = (
    Opt(("--org",), "org", "value", "机关全称，例如 某某镇人民政府（必填）", "机关"),
    Opt(("--year",), "year", "int", "报告年度（默认为上一年）", "年份"),
    Opt(
        ("-o", "--output-file"),
        "output_file",
        "value",
        "输出文件：.txt、.md 或 .docx（默认为“机关+年份+年政府信息公开工作年度报告.txt”；- 表示标准输出）",
        "文件",
    ),
    Opt(("--force",), "force", "flag", "输出文件已存在时覆盖它"),
    Opt(("-h", "--help"), "help", "flag", "显示本帮助"),
)


# --- rules ----------------------------------------------------------------------------------


def rules_for(settings: Settings) -> dict[str, RuleInfo]:
    """Built-in rules plus those of the settings' rule packs (raises RulePackError)."""
    from gklint.ruledata import catalog

    if not settings.rule_packs:
        return catalog()
    from gklint.checks import phrases

    return {**catalog(), **phrases.load_packs(settings.rule_packs, catalog()).rules}


def _rule_dict(rule: RuleInfo) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "severity": rule.severity.label,
        "summary": rule.summary,
        "doc": rule.doc,
        "origin": rule.origin,
    }


def cmd_rule(argv: list[str]) -> int:
    from pathlib import Path

    from gklint.config import settings_for

    opts, args = parse(argv, RULE_OPTIONS)
    if opts["help"]:
        console.write(
            sys.stdout, f"用法：gklint rule [选项] 规则代码或名称\n\n{format_options(RULE_OPTIONS)}\n"
        )
        return EXIT_OK
    if not opts["all"] and len(args) != 1:
        raise UsageError("请指定一个规则代码（例如 gklint rule GK301），或使用 --all 显示全部规则。")
    config = Path(opts["config"]) if opts["config"] else None
    try:
        rules = rules_for(settings_for(Path.cwd() / "-", explicit_config=config))
    except Exception as exc:
        # A broken config found by discovery should not hide the built-in docs.
        if config is not None or not console.is_user_error(exc):
            raise
        from gklint.ruledata import catalog

        console.write(sys.stderr, f"警告：{exc}（只显示内置规则）\n")
        rules = catalog()
    if opts["all"]:
        chosen = sorted(rules.values(), key=lambda r: r.code)
    else:
        wanted = args[0].strip()
        match = rules.get(wanted.upper()) or next((r for r in rules.values() if r.name == wanted), None)
        if match is None:
            import difflib

            close = difflib.get_close_matches(wanted.upper(), list(rules), n=3) or difflib.get_close_matches(
                wanted, [r.name for r in rules.values()], n=3
            )
            hint = f"（是不是想找 {'、'.join(close)}？）" if close else ""
            console.error(f"未知的规则 {wanted}{hint}。运行 gklint rule --all 查看全部规则。")
            return EXIT_ERROR
        chosen = [match]
    if opts["format"] == "json":
        import json

        payload: Any = [_rule_dict(r) for r in chosen] if opts["all"] else _rule_dict(chosen[0])
        console.write(sys.stdout, json.dumps(payload, ensure_ascii=False, indent=2) + "\n", utf8=True)
    else:
        from gklint.ruledocs import rule_markdown

        console.write(sys.stdout, "\n---\n\n".join(rule_markdown(r) for r in chosen))
    return EXIT_OK


# --- init -----------------------------------------------------------------------------------


def cmd_init(argv: list[str]) -> int:
    import datetime
    from pathlib import Path

    opts, args = parse(argv, INIT_OPTIONS)
    if opts["help"]:
        console.write(
            sys.stdout,
            "用法：gklint init --org 机关全称 [--year 年份] [-o 报告.txt|报告.md|报告.docx]\n\n"
            "生成符合现行格式（国办公开办函〔2021〕30号）的空白年度报告：标题、含统计期限的开头、六个部分、"
            "三张表格（全部填 0）。需要填写的地方写作【请填写：…】，gklint 检查时会提示尚未替换的占位文字（GK008）。\n\n"
            f"{format_options(INIT_OPTIONS)}\n",
        )
        return EXIT_OK
    if args:
        raise UsageError(f"gklint init 不接受位置参数：{' '.join(args)}（输出文件请用 -o 指定）。")
    org = (opts["org"] or "").strip()
    if not org:
        raise UsageError("请用 --org 指定机关全称，例如：gklint init --org 某某镇人民政府 --year 2025。")
    year = opts["year"] if opts["year"] is not None else datetime.date.today().year - 1
    if not 2021 <= year <= 2100:
        raise UsageError(f"--year {year} 不适用：空白报告采用2021年格式，适用于2021年及以后的年度报告。")
    from gklint.blank import blank_report, to_markdown, to_text

    blocks = blank_report(org, year)
    target = opts["output_file"] or f"{org}{year}年政府信息公开工作年度报告.txt"
    if target == "-":
        console.write(sys.stdout, to_text(blocks), utf8=True)
        return EXIT_OK
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".md", ".docx"):
        raise UsageError(f"不支持的输出格式 {path.suffix or '（无扩展名）'}：请使用 .txt、.md 或 .docx。")
    if path.exists() and not opts["force"]:
        console.error(f"文件 {path} 已存在，未覆盖。请换一个文件名，或加 --force 覆盖。")
        return EXIT_ERROR
    if suffix == ".docx":
        data = _blank_docx(to_text(blocks))
        if data is None:
            return EXIT_ERROR
    else:
        data = (to_markdown(blocks) if suffix == ".md" else to_text(blocks)).encode("utf-8")
    from gklint.fix import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        console.error(f"无法写入 {path}：{os_reason(exc)}")
        return EXIT_ERROR
    console.write(
        sys.stderr, f"已生成空白报告 {path}。请把其中的【请填写：…】替换为实际内容，并核对表格数字。\n"
    )
    return EXIT_OK


def _blank_docx(text: str) -> bytes | None:
    """The blank report as Word, through the shared text → template .docx writer."""
    try:
        from gklint.docxwrite import report_to_docx
    except ImportError as exc:
        console.error(f"无法生成 Word 文件（{exc}）。请先生成 .txt 或 .md 版本，或安装 gklint[docx]。")
        return None
    return report_to_docx(text)


# --- server ---------------------------------------------------------------------------------


def cmd_server(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        console.write(
            sys.stdout,
            "用法：gklint server\n\n通过标准输入输出启动 gklint 语言服务器（LSP），供编辑器调用。\n",
        )
        return EXIT_OK
    try:
        from gklint.lsp.server import main as server_main
    except ImportError as exc:
        console.error(
            f"无法启动语言服务器：{exc}。请确认已安装 pygls 和 lsprotocol（pip install gklint 会一并安装）。"
        )
        return EXIT_ERROR
    result = server_main(argv)
    return int(result) if isinstance(result, int) else EXIT_OK
