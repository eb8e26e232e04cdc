"""GK001–GK003: the title and the report year."""

from __future__ import annotations

from collections.abc import Iterator

from gklint.checks.context import CheckContext
from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Span


def _document_start(ctx: CheckContext) -> Span:
    text = ctx.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    return Span(start, max(start, end - (1 if end > start and text[end - 1] == "\r" else 0)))


def empty_document(ctx: CheckContext) -> Iterator[Diagnostic]:
    """An empty file gets one clear message instead of every section reported missing."""
    yield ctx.diagnostic("GK001", "文件是空的，没有可检查的内容。", Span(0, 0))


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    report = ctx.report
    title = report.title
    if title is None:
        yield ctx.diagnostic(
            "GK001",
            "找不到报告标题：开头应有“<机关名称><年份>年政府信息公开工作年度报告”。",
            _document_start(ctx),
        )
    elif not title.phrase_ok:
        fix = None
        at = title.text.find("工作报告")
        if at != -1:
            span = Span(title.span.start + at, title.span.start + at + len("工作报告"))
            fix = Fix("改为“工作年度报告”", (Edit(span, "工作年度报告"),), Applicability.SAFE)
        yield ctx.diagnostic(
            "GK001",
            f"标题“{''.join(title.text.split())}”应包含“政府信息公开工作年度报告”字样。",  # one line, even if wrapped
            title.span,
            fix=fix,
        )
    elif title.year is None and report.year is not None:
        yield ctx.diagnostic("GK001", f"标题中没有写明报告年度（应为“{report.year}年”）。", title.span)

    if report.year is None:
        yield ctx.diagnostic(
            "GK002",
            "无法确定报告年度：标题和统计期限中都没有年份，表格格式和统计期限无法检查。可用 --year 指定。",
            title.span if title else _document_start(ctx),
        )
    elif report.year < ctx.template.first_supported_year:
        span = (
            title.year_span if title and title.year_span else (title.span if title else _document_start(ctx))
        )
        yield ctx.diagnostic(
            "GK003",
            f"报告年度为{report.year}年，早于2019年统一格式，gklint 不检查其章节和表格格式。",
            span,
        )
