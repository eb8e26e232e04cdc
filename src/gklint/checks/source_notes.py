"""GK01x: facts about how the file was read that the reader must know (tracked changes accepted, …).

Readers record such facts in `SourceDocument.meta`; they become diagnostics here so
they are selectable, configurable and shown in every output like any finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from gklint.checks.context import CheckContext
from gklint.diagnostics import Diagnostic, Span


def _span(value: str, text_length: int) -> Span:
    try:
        start, end = (int(part) for part in value.split(":", 1))
    except ValueError:
        return Span(0, 0)
    start = max(0, min(start, text_length))
    return Span(start, max(start, min(end, text_length)))


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    meta = ctx.doc.meta
    if meta.get("tracked_changes") == "accepted":
        span = _span(meta.get("tracked_changes_span", "0:0"), len(ctx.text))
        # Point at the first changed paragraph, without its line break.
        end = ctx.text.find("\n", span.start, span.end)
        if end > span.start:
            span = Span(span.start, end)
        yield ctx.diagnostic(
            "GK011",
            "文档中有未处理的修订（修订模式下的插入和删除）。gklint 按“接受全部修订”后的文字检查；"
            "定稿前请在 Word 中“审阅 → 接受所有修订”，确认无误后再发布。",
            span,
        )
