"""Delivering a check's results: the chosen format (text, JSON, SARIF, HTML page…) to stdout or `-o`."""

from __future__ import annotations

import sys

from gklint.cli import console
from gklint.oserror import reason as os_reason

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy understands this)
if TYPE_CHECKING:
    from typing import Any

    from gklint.output import FileResult
    from gklint.ruledata import RuleInfo
    from gklint.settings import Settings


def deliver(text: str, opts: dict[str, Any], *, utf8: bool) -> None:
    """Print to stdout, or with -o write the file atomically (UTF-8)."""
    target = opts["output_file"]
    if not target:
        console.write(sys.stdout, text, utf8=utf8)
        return
    from pathlib import Path

    from gklint.fix import write_atomic

    try:
        write_atomic(Path(target), text.encode("utf-8"))
    except OSError as exc:
        from gklint.config import ConfigError

        raise ConfigError(f"无法写入输出文件 {target}：{os_reason(exc)}") from exc


def review_views(results: list[FileResult], settings: list[Settings]) -> list[dict[str, Any]]:
    """Reviewer views of results changed by --fix or filtered by --baseline (re-parsed for the model)."""
    from gklint.engine import lint_document
    from gklint.output.review import file_view

    return [
        file_view(r.document, lint_document(r.document, s).report, r.diagnostics)
        for r, s in zip(results, settings, strict=True)
    ]


def emit(
    results: list[FileResult], opts: dict[str, Any], rules: dict[str, RuleInfo], views: list[dict[str, Any]]
) -> None:
    fmt = opts["format"] or "text"
    if fmt == "html":
        from gklint.output.html_report import render_page
        from gklint.output.review import rule_counts

        deliver(render_page(views, rule_counts(views)), opts, utf8=True)
        return
    if fmt == "json":
        if opts["statistics"]:
            from gklint.output.statistics import render_json as render_stats_json

            deliver(render_stats_json(results, rules), opts, utf8=True)
        else:
            from gklint.output.json_output import render as render_json

            deliver(render_json(results), opts, utf8=True)
        return
    if fmt == "sarif":
        from gklint.output.sarif import render as render_sarif

        deliver(render_sarif(results, rules), opts, utf8=True)
        return
    if fmt == "github":
        from gklint.output.github import render as render_github

        deliver(render_github(results), opts, utf8=True)
        return
    if fmt == "junit":
        from gklint.output.junit import render as render_junit

        deliver(render_junit(results), opts, utf8=True)
        return
    from gklint.output.text import Style, render

    colour = not opts["output_file"] and console.use_colour(sys.stdout, opts["no_color"])
    style = Style(colour=colour)
    if opts["statistics"]:
        from gklint.output.statistics import render_text as render_stats

        deliver(render_stats(results, rules, style, show_summary=not opts["quiet"]), opts, utf8=False)
        return
    deliver(
        render(results, style=style, source=fmt == "text", show_summary=not opts["quiet"]), opts, utf8=False
    )
