"""What the web service does with an upload, without any HTTP: read, lint, describe.

Kept apart from the Starlette wiring (`app.py`) so it can be tested directly
and so the request handlers stay thin. An upload is bytes plus the name the
browser sent; the name only chooses a reader and labels the result — it never
becomes a path on this machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import PurePath
from typing import Any, NamedTuple

from gklint.diagnostics import Diagnostic
from gklint.engine import LintResult, lint_document
from gklint.output import FileResult
from gklint.output.json_output import diagnostic_to_dict
from gklint.output.review import file_view, highlight_segments, rule_summaries
from gklint.ruledata import RuleInfo, catalog
from gklint.settings import Settings
from gklint.source import ReadError
from gklint.source.document import SourceDocument

DEFAULT_NAME = "报告.txt"


class Upload(NamedTuple):
    name: str  # as the client sent it; only its last component is ever used
    data: bytes


class UploadError(Exception):
    """The upload cannot be linted; the message is Chinese and safe to show."""


def safe_name(name: str | None) -> str:
    """The file's own name, without any folder the client put in front of it."""
    if not name:
        return DEFAULT_NAME
    base = PurePath(name.replace("\\", "/")).name.strip()
    # Control characters would only corrupt logs and headers.
    base = "".join(ch for ch in base if ch.isprintable())
    return base[:200] or DEFAULT_NAME


def read_upload(upload: Upload) -> SourceDocument:
    from gklint.source.readers import read_bytes

    name = safe_name(upload.name)
    if not upload.data:
        raise UploadError(f"{name}：文件是空的。")
    try:
        # PurePath, not Path: readers look at the suffix only; nothing touches the file system.
        doc = read_bytes(upload.data, PurePath(name))  # type: ignore[arg-type]
    except ReadError as exc:
        message = str(exc)
        raise UploadError(message if name in message else f"{name}：{message}") from exc
    doc.path = None  # no per-file-ignores or config lookups by a client-chosen name
    doc.display_name = name
    return doc


def lint_upload(upload: Upload, settings: Settings) -> LintResult:
    return lint_document(read_upload(upload), settings)


def contract(results: Sequence[LintResult]) -> list[dict[str, Any]]:
    """The CLI's `--format json` contract for these results."""
    return [diagnostic_to_dict(r.document, d) for r in results for d in r.diagnostics]


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    # html=False: raw HTML in a message (report text is quoted in messages) is shown as text.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown_html(text: str) -> str:
    return str(_markdown().render(text))


def rule_link(code: str) -> str:
    return f"rules/{code}"


def explanation_html(diag: Diagnostic, rules: Mapping[str, RuleInfo]) -> str:
    """The editor's hover for one finding, as HTML (links point at this service's rule pages)."""
    from gklint.lsp.render import hover_markdown

    return markdown_html(hover_markdown([diag], rules, link=rule_link))


def review(results: Sequence[LintResult], errors: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """Everything the page shows for a batch of uploads."""
    rules = catalog()
    files = []
    for result in results:
        view = file_view(result.document, result.report, result.diagnostics)
        for finding, diag in zip(view["findings"], result.diagnostics, strict=True):
            finding["explanation_html"] = explanation_html(diag, rules)
        view["format"] = result.document.source_format
        view["segments"] = highlight_segments(result.document.text, result.diagnostics)
        files.append(view)
    codes = [d.code for r in results for d in r.diagnostics]
    return {
        "files": files,
        "errors": [{"filename": name, "message": message} for name, message in errors],
        "rules": rule_summaries(rules, codes),
    }


def audit_page(results: Sequence[LintResult]) -> str:
    from gklint.output.html_report import render_page
    from gklint.output.review import rule_counts

    views = [file_view(r.document, r.report, r.diagnostics) for r in results]
    return render_page(views, rule_counts(views))


def annotated_docx(upload: Upload, settings: Settings) -> tuple[str, bytes]:
    """The uploaded Word file with one comment per finding: (download name, bytes)."""
    result = lint_upload(upload, settings)
    if result.document.source_format != "docx":
        raise UploadError("只有 Word 文件（.docx）可以生成带批注的版本。")
    from gklint.annotate import AnnotateError, annotate_bytes

    name = safe_name(upload.name)
    stem = name[: -len(PurePath(name).suffix)] if PurePath(name).suffix else name
    try:
        data = annotate_bytes(upload.data, FileResult(result.document, result.diagnostics))
    except AnnotateError as exc:  # e.g. a .doc converted by LibreOffice: comments need a real .docx
        raise UploadError(str(exc)) from exc
    return f"{stem}.gklint.docx", data


def rules_payload() -> list[dict[str, str]]:
    from gklint.ruledocs import rule_markdown

    return [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.label,
            "summary": r.summary,
            "html": markdown_html(rule_markdown(r)),
        }
        for r in sorted(catalog().values(), key=lambda r: r.code)
    ]
