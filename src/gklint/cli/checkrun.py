"""One `gklint check` run's inputs: arguments → report files (folder walking, exclusions), reading
(many Word, web-page or PDF files on all cores), settings per folder, and linting in input order."""

from __future__ import annotations

import os
import sys

from gklint.cli import console
from gklint.cli.commands import rules_for
from gklint.oserror import reason as os_reason

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy understands this)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from gklint.cli.console import Progress
    from gklint.diagnostics import Diagnostic
    from gklint.output import FileResult
    from gklint.ruledata import RuleInfo
    from gklint.settings import Settings
    from gklint.source.document import SourceDocument

_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv"})


def lint_all(
    pending: list[tuple[SourceDocument, Settings]], review: bool = False, progress: Progress | None = None
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


def _read_reporting(path: Path) -> tuple[SourceDocument | None, str]:
    """(the document, "") or (None, the reader's Chinese message)."""
    from gklint.source import ReadError, read_path

    try:
        return read_path(path), ""
    except ReadError as exc:
        return None, str(exc)


class CheckRun:
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

        rules = rules_for(settings)
        if settings.rule_packs:
            console.show_warnings_on_stderr()
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

    def finish(self, progress: Progress | None = None) -> None:
        """Lint everything read so far, in parallel when it pays off; results keep input order."""
        from gklint.output import FileResult

        try:
            linted = lint_all(self.pending, review=self.opts["format"] == "html", progress=progress)
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


def _is_office_byproduct(name: str) -> bool:
    """Word's lock file of an open document (~$报告.docx) and gklint's own annotated and fixed copies."""
    return name.startswith("~$") or name.lower().endswith((".gklint.docx", ".gklint-fixed.docx"))
