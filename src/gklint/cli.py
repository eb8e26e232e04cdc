"""The ``gklint`` command line.

    gklint [check] PATH...     检查报告（默认子命令；PATH 为 - 时读取标准输入）
    gklint rule CODE | --all   显示规则说明
    gklint server              启动语言服务器（供编辑器使用）
    gklint --version

Exit codes (as ruff): 0 = nothing at or above ``--fail-on``; 1 = problems
found; 2 = usage, input, configuration or internal error.

Start-up time matters (editors and pre-commit hooks run gklint per file), so
heavy modules are imported inside the functions that need them.
"""

from __future__ import annotations

import os
import sys

from gklint._cliargs import Opt, UsageError, format_options, parse
from gklint.oserror import reason as os_reason

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy understands this)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, TextIO

    from gklint.diagnostics import Diagnostic
    from gklint.output import FileResult
    from gklint.ruledata import RuleInfo
    from gklint.settings import Settings
    from gklint.source.document import SourceDocument

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2

_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv"})

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


# --- small helpers --------------------------------------------------------------------------


def _write(stream: TextIO, text: str, *, utf8: bool = False) -> None:
    """Write text; force UTF-8 bytes for machine formats, never crash on a narrow console encoding.

    Every byte gklint prints passes here. File names that are not valid UTF-8 reach us as
    lone surrogates; they are shown as \\xNN so the stream stays valid text (renderers that
    build JSON escape them themselves; "backslashreplace" keeps a stray one a valid JSON escape).
    """
    from gklint.safe_text import escape_surrogates

    buffer = getattr(stream, "buffer", None)
    if utf8 and buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8", errors="backslashreplace"))
        buffer.flush()
        return
    text = escape_surrogates(text)
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if buffer is not None:
            stream.flush()
            buffer.write(text.encode(encoding, errors="replace"))
        else:
            stream.write(text.encode(encoding, errors="replace").decode(encoding))
    stream.flush()


def _error(message: str) -> None:
    _write(sys.stderr, f"错误：{message}\n")


def _use_colour(stream: TextIO, no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _version() -> str:
    from gklint import __version__

    return f"gklint {__version__}"


# --- rules ----------------------------------------------------------------------------------


def _rules_for(settings: Settings) -> dict[str, RuleInfo]:
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


def _cmd_rule(argv: list[str]) -> int:
    from pathlib import Path

    from gklint.config import settings_for

    opts, args = parse(argv, RULE_OPTIONS)
    if opts["help"]:
        _write(sys.stdout, f"用法：gklint rule [选项] 规则代码或名称\n\n{format_options(RULE_OPTIONS)}\n")
        return EXIT_OK
    if not opts["all"] and len(args) != 1:
        raise UsageError("请指定一个规则代码（例如 gklint rule GK301），或使用 --all 显示全部规则。")
    config = Path(opts["config"]) if opts["config"] else None
    try:
        rules = _rules_for(settings_for(Path.cwd() / "-", explicit_config=config))
    except Exception as exc:
        # A broken config found by discovery should not hide the built-in docs.
        if config is not None or not _is_user_error(exc):
            raise
        from gklint.ruledata import catalog

        _write(sys.stderr, f"警告：{exc}（只显示内置规则）\n")
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
            _error(f"未知的规则 {wanted}{hint}。运行 gklint rule --all 查看全部规则。")
            return EXIT_ERROR
        chosen = [match]
    if opts["format"] == "json":
        import json

        payload: Any = [_rule_dict(r) for r in chosen] if opts["all"] else _rule_dict(chosen[0])
        _write(sys.stdout, json.dumps(payload, ensure_ascii=False, indent=2) + "\n", utf8=True)
    else:
        from gklint.ruledocs import rule_markdown

        _write(sys.stdout, "\n---\n\n".join(rule_markdown(r) for r in chosen))
    return EXIT_OK


# --- init -----------------------------------------------------------------------------------


def _cmd_init(argv: list[str]) -> int:
    import datetime
    from pathlib import Path

    opts, args = parse(argv, INIT_OPTIONS)
    if opts["help"]:
        _write(
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
        _write(sys.stdout, to_text(blocks), utf8=True)
        return EXIT_OK
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".md", ".docx"):
        raise UsageError(f"不支持的输出格式 {path.suffix or '（无扩展名）'}：请使用 .txt、.md 或 .docx。")
    if path.exists() and not opts["force"]:
        _error(f"文件 {path} 已存在，未覆盖。请换一个文件名，或加 --force 覆盖。")
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
        _error(f"无法写入 {path}：{os_reason(exc)}")
        return EXIT_ERROR
    _write(sys.stderr, f"已生成空白报告 {path}。请把其中的【请填写：…】替换为实际内容，并核对表格数字。\n")
    return EXIT_OK


def _blank_docx(text: str) -> bytes | None:
    """The blank report as Word, through the shared text → template .docx writer."""
    try:
        from gklint.docxwrite import report_to_docx
    except ImportError as exc:
        _error(f"无法生成 Word 文件（{exc}）。请先生成 .txt 或 .md 版本，或安装 gklint[docx]。")
        return None
    return report_to_docx(text)


# --- server ---------------------------------------------------------------------------------


def _cmd_server(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        _write(
            sys.stdout,
            "用法：gklint server\n\n通过标准输入输出启动 gklint 语言服务器（LSP），供编辑器调用。\n",
        )
        return EXIT_OK
    try:
        from gklint.lsp.server import main as server_main
    except ImportError as exc:
        _error(
            f"无法启动语言服务器：{exc}。请确认已安装 pygls 和 lsprotocol（pip install gklint 会一并安装）。"
        )
        return EXIT_ERROR
    result = server_main(argv)
    return int(result) if isinstance(result, int) else EXIT_OK


# --- check ----------------------------------------------------------------------------------


def _lint_all(
    pending: list[tuple[SourceDocument, Settings]], review: bool = False, progress: _Progress | None = None
) -> list[tuple[list[Diagnostic], dict[str, Any] | None]]:
    """Diagnostics per document, in order; many documents are spread over forked workers.

    With `review`, each worker also builds the reviewer's view of its reports (for the
    HTML audit page), so the model never has to cross the pipe or be parsed twice.
    `progress` (folder runs on a terminal) is told after each file.
    """
    from gklint.engine import lint_document

    def work(job: tuple[SourceDocument, Settings]) -> tuple[list[Diagnostic], dict[str, Any] | None]:
        result = lint_document(*job)
        if not review:
            return list(result.diagnostics), None
        from gklint.output.review import file_view

        return list(result.diagnostics), file_view(result.document, result.report, result.diagnostics)

    if len(pending) <= 1 and progress is None:  # editor / pre-commit: skip importing the runner (and pickle)
        return [work(job) for job in pending]
    from gklint.parallel import run_all

    folders = {
        doc.path.resolve().parent
        for doc, settings in pending
        if doc.path is not None and settings.pair_previous and settings.previous is None
    }
    if folders:  # last-year pairing (GK80x): index each folder once, before the workers fork
        from gklint.pairing import warm

        warm(folders)

    def report(done: int, index: int) -> None:
        if progress is not None:
            progress.update(done, len(pending), pending[index][0].display_name)

    return run_all(pending, work, report)


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


def _print_warnings_to_stderr() -> None:
    """Rule-pack timeouts are logged; show them to the user in Chinese."""
    import logging

    logger = logging.getLogger("gklint")
    if not any(getattr(h, "_gklint_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("警告：%(message)s"))
        handler._gklint_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def _read_reporting(path: Path) -> tuple[SourceDocument | None, str]:
    """(the document, "") or (None, the reader's Chinese message)."""
    from gklint.source import ReadError, read_path

    try:
        return read_path(path), ""
    except ReadError as exc:
        return None, str(exc)


class _CheckRun:
    """One `gklint check`: resolves settings per folder, reads inputs, collects results and errors."""

    def __init__(self, opts: dict[str, Any]) -> None:
        from pathlib import Path

        self.opts = opts
        self.explicit = Path(opts["config"]) if opts["config"] else None
        self.overrides = {
            k: opts[k]
            for k in ("select", "extend_select", "ignore", "year", "previous")
            if opts[k] is not None
        }
        self.results: list[FileResult] = []
        self.views: list[dict[str, Any]] = []  # reviewer views, for --format html
        self.result_settings: list[Settings] = []
        self.pending: list[tuple[SourceDocument, Settings]] = []
        self.rules: dict[str, RuleInfo] = {}
        self.errors: list[str] = []
        self._settings: dict[Path, Settings] = {}
        self._validated: set[int] = set()

    def settings_of(self, path: Path) -> Settings:
        from gklint.config import settings_for

        # One folder → one config → one Settings; avoids re-walking parents per file.
        # Files named the same way share a parent string, so most lookups skip resolve().
        cached = self._settings.get(path.parent)
        if cached is not None:
            return cached
        key = path.parent.resolve()
        if key not in self._settings:
            self._settings[key] = settings_for(path, explicit_config=self.explicit, overrides=self.overrides)
        self._settings[path.parent] = self._settings[key]
        return self._settings[key]

    def _validate(self, settings: Settings) -> None:
        """Selectors that match no rule are errors: a typo must not silently check nothing."""
        if id(settings) in self._validated:
            return
        self._validated.add(id(settings))
        from gklint.config import ConfigError, check_selectors, load_settings, unknown_selectors

        rules = _rules_for(settings)
        if settings.rule_packs:
            _print_warnings_to_stderr()
        if settings.config_path is not None:
            check_selectors(load_settings(settings.config_path), rules, str(settings.config_path))
        opts = self.opts
        bad = unknown_selectors(
            tuple((opts["select"] or []) + (opts["extend_select"] or []) + (opts["ignore"] or [])), rules
        )
        if bad:
            raise ConfigError(
                f"命令行参数中的 {'、'.join(bad)} 不匹配任何规则。运行 gklint rule --all 查看全部规则。"
            )
        self.rules.update(rules)

    def _lint(self, doc: SourceDocument, settings: Settings) -> None:
        self.pending.append((doc, settings))

    def finish(self, progress: _Progress | None = None) -> None:
        """Lint everything read so far, in parallel when it pays off; results keep input order."""
        from gklint.output import FileResult

        try:
            linted = _lint_all(self.pending, review=self.opts["format"] == "html", progress=progress)
        finally:
            if progress is not None:
                progress.close()
        for (doc, settings), (diags, view) in zip(self.pending, linted, strict=True):
            self.results.append(FileResult(doc, diags))
            self.result_settings.append(settings)
            if view is not None:
                self.views.append(view)
        self.pending = []

    def lint_paths(self, paths: list[Path]) -> None:
        """`lint_path` for each, in order; many Word, web-page or PDF files are read on all cores.

        Reading such a file (unzipping and walking a .docx, parsing a page, laying out a PDF) costs
        as much as linting it; in a folder run the reads were the part left on one core.
        """
        from gklint.source.readers import writes_back_as_text

        heavy = [path for path in paths if not writes_back_as_text(path)]
        if len(heavy) > 1:  # (one report: no need to import the runner)
            from gklint.parallel import run_all, worker_count

            if worker_count(len(heavy)) > 1:
                read = iter(run_all(heavy, _read_reporting))
                for path in paths:
                    self.lint_path(path, next(read) if not writes_back_as_text(path) else None)
                return
        for path in paths:
            self.lint_path(path)

    def lint_path(self, path: Path, read: tuple[SourceDocument | None, str] | None = None) -> None:
        """Lint one file; `read` is `_read_reporting(path)` when a worker has read it already."""
        settings = self.settings_of(path)
        self._validate(settings)
        doc, message = read if read is not None else _read_reporting(path)
        if doc is None:
            self.errors.append(message if str(path) in message else f"{path}：{message}")
            return
        doc.display_name = str(path)
        if settings.pair_previous and settings.previous is None:
            from gklint.pairing import remember  # indexing the folder for last year's report reuses this read

            remember(path, doc)
        self._lint(doc, settings)

    def lint_stdin(self) -> None:
        from pathlib import Path

        from gklint.source import ReadError, read_stream

        name = self.opts["stdin_filename"]
        path = Path(name) if name else Path.cwd() / "-"
        settings = self.settings_of(path)
        self._validate(settings)
        try:
            doc = read_stream(sys.stdin.buffer, name or "-")
        except ReadError as exc:
            self.errors.append(f"标准输入：{exc}")
            return
        if name:
            doc.path = path  # so per-file-ignores apply to the named file
        self._lint(doc, settings)

    def expand(self, arg: str) -> list[Path]:
        """The report files an argument stands for; records an error for a missing path."""
        from pathlib import Path

        path = Path(arg)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:  # e.g. a path inside a folder we may not enter
            self.errors.append(f"无法访问 {arg}：{os_reason(exc)}")
            return []
        if is_dir:
            errors_before = len(self.errors)
            found = self._walk(path)
            if not found and len(self.errors) == errors_before:
                # A CI gate must not pass when it checked nothing (a wrong path, a moved folder).
                from gklint.source import supported_suffixes

                kinds = "、".join(supported_suffixes())
                self.errors.append(
                    f"目录 {arg} 中没有找到可检查的报告文件（支持 {kinds}），没有检查任何内容。"
                    "请确认路径是否正确，或检查配置中的 exclude。"
                )
            return found
        if exists:
            return [path]  # named explicitly: checked even if `exclude` matches, as in ruff
        self.errors.append(f"找不到文件或目录：{arg}")
        return []

    def _walk(self, root: Path) -> list[Path]:
        from gklint.config import is_excluded
        from gklint.source import supported_suffixes

        suffixes = supported_suffixes()
        found: list[Path] = []

        def unreadable(exc: OSError) -> None:
            # os.walk skips a folder it cannot list; silently, a gate would pass unchecked files.
            self.errors.append(f"无法读取目录 {exc.filename or root}：{os_reason(exc)}，其中的报告没有检查。")

        for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
            here = type(root)(dirpath)
            kept = []
            for name in sorted(dirnames):
                sub = here / name
                if (
                    name.startswith(".")
                    or name in _SKIP_DIRS
                    or is_excluded(sub, self.settings_of(sub / "-"))
                ):
                    continue
                kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                file = here / name
                if (
                    file.suffix.lower() in suffixes
                    and not _is_office_byproduct(name)
                    and not is_excluded(file, self.settings_of(file))
                ):
                    found.append(file)
        return found


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


def annotated_path(path: Path) -> Path:
    """Where `报告.docx --annotate` writes: `报告.gklint.docx` in the same folder."""
    return path.with_name(f"{path.stem}.gklint.docx")


def _annotate_all(results: list[FileResult], force: bool) -> list[str]:
    """Write `<name>.gklint.docx` for every Word result; the errors, in Chinese."""
    from gklint.annotate import AnnotateError, annotate_document

    errors: list[str] = []
    for result in results:
        doc = result.document
        if doc.path is None:
            continue
        if doc.source_format != "docx":
            errors.append(
                f"{doc.display_name}：--annotate 需要 Word 文件（.docx），批注只能写入 Word 文档；"
                "请对 .docx 版本的报告使用 --annotate。"
            )
            continue
        target = annotated_path(doc.path)
        if target.exists() and not force:
            errors.append(f"{target} 已存在，未覆盖。如需覆盖，请加 --force；或先删除、改名该文件。")
            continue
        try:
            document, added = annotate_document(doc.path.read_bytes(), result)
            import io

            buffer = io.BytesIO()
            document.save(buffer)
            data = buffer.getvalue()
            if force:
                from gklint.fix import write_atomic

                write_atomic(target, data)
            else:
                with open(target, "xb") as handle:  # "x": never replaces a file created meanwhile
                    handle.write(data)
        except AnnotateError as exc:
            errors.append(f"{doc.display_name}：{exc}")
            continue
        except OSError as exc:
            errors.append(f"无法写入 {target}：{os_reason(exc)}")
            continue
        _write(sys.stderr, f"已写入带批注的文件 {target}（{added} 条批注）。\n")
    return errors


def _is_office_byproduct(name: str) -> bool:
    """Word's lock file of an open document (~$报告.docx) and gklint's own annotated and fixed copies."""
    return name.startswith("~$") or name.lower().endswith((".gklint.docx", ".gklint-fixed.docx"))


def _cmd_check(argv: list[str]) -> int:
    opts, args = parse(argv, CHECK_OPTIONS)
    if opts["help"]:
        _write(sys.stdout, _check_help())
        return EXIT_OK
    if not args:
        raise UsageError("请指定要检查的文件或目录，例如：gklint 报告.txt（用 - 读取标准输入）。")
    _check_combinations(opts, args)
    from pathlib import Path

    if opts["show_settings"]:
        from gklint.config import describe_settings

        for arg in args:
            explicit = Path(opts["config"]) if opts["config"] else None
            _write(sys.stdout, describe_settings(Path(arg), explicit_config=explicit))
        return EXIT_OK
    run = _CheckRun(opts)
    folders = False
    for arg in args:
        if arg == "-":
            run.lint_stdin()
        else:
            folders = folders or os.path.isdir(arg)
            run.lint_paths(run.expand(arg))
    progress = _Progress.for_stderr() if folders else None
    run.finish(progress)
    for message in run.errors:
        _error(message)
    if opts["diff"]:
        diff = _fix_all(run, opts, write=False)
        _deliver(diff, opts, utf8=True)
        if run.errors:
            return EXIT_ERROR
        return EXIT_PROBLEMS if diff else EXIT_OK
    if opts["fix"]:
        _fix_all(run, opts, write=True)
    results = run.results
    if opts["write_baseline"]:
        from gklint.baseline import write_baseline

        count = write_baseline(Path(opts["write_baseline"]), results)
        _write(sys.stderr, f"已把 {count} 个问题写入基线文件 {opts['write_baseline']}。\n")
        return EXIT_ERROR if run.errors else EXIT_OK
    if opts["baseline"]:
        from gklint.baseline import filter_new, load_baseline

        results, hidden = filter_new(results, load_baseline(Path(opts["baseline"])))
        if hidden and not opts["quiet"]:
            _write(sys.stderr, f"基线 {opts['baseline']} 中已记录的 {hidden} 个问题未显示。\n")
    if results or not run.errors or opts["format"] in _MACHINE_FORMATS:
        # When nothing could be read at all, a "未发现问题" line would only mislead.
        views = run.views
        if opts["format"] == "html" and (opts["fix"] or opts["baseline"]):
            views = _review_views(results, run.result_settings)  # the page shows what is left
        _emit(results, opts, run.rules, views)
    if opts["annotate"]:
        annotate_errors = _annotate_all(results, opts["force"])
        for message in annotate_errors:
            _error(message)
        if annotate_errors:
            return EXIT_ERROR
    if run.errors:
        return EXIT_ERROR
    return _exit_code(results, opts["fail_on"] or "error", opts["exit_zero"])


_MACHINE_FORMATS = ("json", "sarif", "github", "junit")


class _Progress:
    """ "已检查 12/300：路径" on one terminal line, rewritten in place; only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    @classmethod
    def for_stderr(cls) -> _Progress | None:
        isatty = getattr(sys.stderr, "isatty", None)
        return cls(sys.stderr) if isatty is not None and isatty() else None

    def update(self, done: int, total: int, name: str) -> None:
        from gklint.output.text import display_width

        line = f"已检查 {done}/{total}：{name}"
        while display_width(line) > 78 and len(name) > 8:  # one terminal line, or \r cannot rewrite it
            name = "..." + name[len(name) // 4 :]
            line = f"已检查 {done}/{total}：{name}"
        _write(self.stream, f"\r\x1b[K{line}")
        self.shown = True

    def close(self) -> None:
        if self.shown:
            _write(self.stream, "\r\x1b[K")


_FORMAT_NAMES = {"docx": "Word", "html": "网页", "pdf": "PDF"}


def _fix_all(run: _CheckRun, opts: dict[str, Any], *, write: bool) -> str:
    """Apply (write=True) or preview (write=False → the unified diff) the fixes of every result."""
    from gklint.engine import lint_document
    from gklint.fix import (
        MAX_ROUNDS,
        FixError,
        encode_like,
        fix_text,
        temp_files_of,
        unified_diff,
        write_back,
    )
    from gklint.output import FileResult
    from gklint.source import writes_back_as_text

    unsafe = bool(opts["unsafe_fixes"])
    diffs: list[str] = []
    fixed = files = 0
    for i, (result, settings) in enumerate(zip(run.results, run.result_settings, strict=True)):
        doc = result.document
        if not any(d.fix is not None for d in result.diagnostics):
            continue
        if (
            write
            and doc.path is not None
            and doc.source_format == "docx"
            and not doc.meta.get("converted_from")
        ):
            fixed_docx = _fix_word_copy(run, i, settings, unsafe)
            fixed += fixed_docx
            files += bool(fixed_docx)
            continue
        # A web page or PDF (also one sniffed under a .txt name) is linted as extracted text: never
        # write that text over the original file.
        if doc.path is not None and (doc.source_format != "text" or not writes_back_as_text(doc.path)):
            _write(
                sys.stderr,
                f"警告：{doc.display_name}：暂不能自动修复 {_FORMAT_NAMES.get(doc.source_format, doc.path.suffix)} "
                "文件，请按提示在原文件中修改。\n",
            )
            continue

        def lint(text: str, doc: SourceDocument = doc, settings: Settings = settings) -> list[Diagnostic]:
            return lint_document(_same_file(doc, text), settings).diagnostics

        outcome = fix_text(doc.text, lint, unsafe=unsafe, first=list(result.diagnostics))
        if not outcome.converged:
            _write(
                sys.stderr,
                f"警告：{doc.display_name}：自动修复没有收敛（修复之间相互冲突，或经过 {MAX_ROUNDS} 轮仍有可修复的问题），"
                "请核对修复结果。\n",
            )
        if outcome.text == doc.text:
            continue
        if not write:
            diffs.append(unified_diff(doc.text, outcome.text, doc.display_name))
            continue
        assert doc.path is not None  # stdin is refused with --fix
        for stale in temp_files_of(doc.path):
            _write(sys.stderr, f"提示：{stale} 是 gklint 上次写入被中断时留下的临时文件，可以删除。\n")
        try:
            read = encode_like(doc.text, doc.encoding, doc.bom, doc.dropped_tail)
            write_back(doc.path, read, encode_like(outcome.text, doc.encoding, doc.bom, doc.dropped_tail))
        except FixError as exc:
            run.errors.append(f"{doc.display_name}：{exc}")
            _error(f"{doc.display_name}：{exc}")
            continue
        except OSError as exc:
            message = f"{doc.display_name}：无法写回修复后的文件（{os_reason(exc)}），原文件未修改。"
            run.errors.append(message)
            _error(message)
            continue
        fixed += outcome.applied
        files += 1
        run.results[i] = FileResult(_same_file(doc, outcome.text), outcome.diagnostics)
    if write and not opts["quiet"]:
        if fixed:
            _write(sys.stderr, f"已自动修复 {fixed} 个问题（{files} 个文件）。\n")
        else:
            hint = "" if unsafe else "（改动数字的不安全修复需要加 --unsafe-fixes）"
            _write(sys.stderr, f"没有可自动应用的修复{hint}。\n")
    return "".join(diffs)


def _same_file(doc: SourceDocument, text: str) -> SourceDocument:
    """`doc` with another text: same path, encoding, BOM and cut-off tail (so GK010 stays reported)."""
    from gklint.source import SourceDocument

    return SourceDocument(
        text, doc.path, doc.encoding, doc.bom, doc.display_name, dropped_tail=doc.dropped_tail
    )


def _fix_word_copy(run: _CheckRun, index: int, settings: Settings, unsafe: bool) -> int:
    """--fix on a .docx: write the fixed copy beside it (never in place); returns the fixes applied."""
    from gklint.docxfix import DocxFixError, fix_docx, fixed_copy_path
    from gklint.engine import lint_document
    from gklint.fix import write_atomic
    from gklint.output import FileResult
    from gklint.source import ReadError, read_path

    doc = run.results[index].document
    assert doc.path is not None
    target = fixed_copy_path(doc.path)
    try:
        outcome = fix_docx(doc.path.read_bytes(), doc.path, run.results[index].diagnostics, unsafe=unsafe)
        if outcome.applied == 0:
            if outcome.skipped:
                _write(
                    sys.stderr,
                    f"警告：{doc.display_name}：这些修复涉及表格或自动编号，请在 Word 中手动修改。\n",
                )
            return 0
        if target.exists():
            raise DocxFixError(f"{target} 已存在，未覆盖。请删除或改名后重试。")
        write_atomic(target, outcome.data)
        fixed_doc = read_path(target)
    except (DocxFixError, ReadError, OSError) as exc:
        message = f"{doc.display_name}：无法生成修复后的 Word 副本（{os_reason(exc)}），原文件未修改。"
        run.errors.append(message)
        _error(message)
        return 0
    fixed_doc.display_name = str(target)
    run.results[index] = FileResult(fixed_doc, lint_document(fixed_doc, settings).diagnostics)
    note = f"（另有 {outcome.skipped} 处涉及表格或自动编号，请在 Word 中手动修改）" if outcome.skipped else ""
    _write(sys.stderr, f"{doc.display_name}：已把修复后的副本写入 {target}，原文件未改动{note}。\n")
    return outcome.applied


def _deliver(text: str, opts: dict[str, Any], *, utf8: bool) -> None:
    """Print to stdout, or with -o write the file atomically (UTF-8)."""
    target = opts["output_file"]
    if not target:
        _write(sys.stdout, text, utf8=utf8)
        return
    from pathlib import Path

    from gklint.fix import write_atomic

    try:
        write_atomic(Path(target), text.encode("utf-8"))
    except OSError as exc:
        from gklint.config import ConfigError

        raise ConfigError(f"无法写入输出文件 {target}：{os_reason(exc)}") from exc


def _review_views(results: list[FileResult], settings: list[Settings]) -> list[dict[str, Any]]:
    """Reviewer views of results changed by --fix or filtered by --baseline (re-parsed for the model)."""
    from gklint.engine import lint_document
    from gklint.output.review import file_view

    return [
        file_view(r.document, lint_document(r.document, s).report, r.diagnostics)
        for r, s in zip(results, settings, strict=True)
    ]


def _emit(
    results: list[FileResult], opts: dict[str, Any], rules: dict[str, RuleInfo], views: list[dict[str, Any]]
) -> None:
    fmt = opts["format"] or "text"
    if fmt == "html":
        from gklint.output.html_report import render_page
        from gklint.output.review import rule_counts

        _deliver(render_page(views, rule_counts(views)), opts, utf8=True)
        return
    if fmt == "json":
        if opts["statistics"]:
            from gklint.output.statistics import render_json as render_stats_json

            _deliver(render_stats_json(results, rules), opts, utf8=True)
        else:
            from gklint.output.json_output import render as render_json

            _deliver(render_json(results), opts, utf8=True)
        return
    if fmt == "sarif":
        from gklint.output.sarif import render as render_sarif

        _deliver(render_sarif(results, rules), opts, utf8=True)
        return
    if fmt == "github":
        from gklint.output.github import render as render_github

        _deliver(render_github(results), opts, utf8=True)
        return
    if fmt == "junit":
        from gklint.output.junit import render as render_junit

        _deliver(render_junit(results), opts, utf8=True)
        return
    from gklint.output.text import Style, render

    colour = not opts["output_file"] and _use_colour(sys.stdout, opts["no_color"])
    style = Style(colour=colour)
    if opts["statistics"]:
        from gklint.output.statistics import render_text as render_stats

        _deliver(render_stats(results, rules, style, show_summary=not opts["quiet"]), opts, utf8=False)
        return
    _deliver(
        render(results, style=style, source=fmt == "text", show_summary=not opts["quiet"]), opts, utf8=False
    )


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
            _write(sys.stdout, _version() + "\n")
            return EXIT_OK
        if first in ("-h", "--help", "help"):
            _write(sys.stdout, MAIN_HELP)
            return EXIT_OK
        if first == "rule":
            usage = "gklint rule 规则代码或名称 | gklint rule --all（运行 gklint rule --help 查看选项）"
            return _cmd_rule(args[1:])
        if first == "server":
            return _cmd_server(args[1:])
        if first == "init":
            usage = "gklint init --org 机关全称 [--year 年份] [-o 报告.txt|报告.md|报告.docx]"
            return _cmd_init(args[1:])
        if first == "serve":
            usage = "gklint serve [--host 地址] [--port 端口]（运行 gklint serve --help 查看选项）"
            from gklint.web.command import serve

            return serve(args[1:])
        return _cmd_check(args[1:] if first == "check" else args)
    except UsageError as exc:
        _error(f"{exc}\n用法：{usage}")
        return EXIT_ERROR
    except Exception as exc:
        if not _is_user_error(exc):
            raise
        _error(str(exc))
        return EXIT_ERROR


def _is_user_error(exc: Exception) -> bool:
    """Bad configuration or rule packs: the user can fix these, so no "internal error" wording."""
    from gklint.config import ConfigError

    if isinstance(exc, ConfigError):
        return True
    # Only consult phrases if it was imported: importing it would pull in `regex`.
    phrases = sys.modules.get("gklint.checks.phrases")
    return phrases is not None and isinstance(exc, phrases.RulePackError)


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
        _error(
            f"内部错误（{type(exc).__name__}：{exc}）。这是 gklint 的缺陷，请将所用命令和报告文件反馈给开发者；"
            "设置环境变量 GKLINT_DEBUG=1 可显示详细的错误信息。"
        )
        return EXIT_ERROR
