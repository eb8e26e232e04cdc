"""GK201–GK203: the statistics window (统计期限) and its year."""

from __future__ import annotations

from collections.abc import Iterator

from gklint.checks.context import CheckContext
from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Span
from gklint.model.report import StatisticsWindow


def _range_fix(ctx: CheckContext, window: StatisticsWindow, year: int) -> Fix | None:
    """Rewrite both dates; the year is written only where the author wrote one.

    A date broken over two lines ("2021\n年1月1日") gets no fix: rewriting it whole would delete
    the line break, and a fix changes words, never the layout of the file.
    """
    dates = (window.end,) if window.open_start else (window.start, window.end)
    if any(_breaks_line(ctx.snippet(date.span)) for date in dates):
        return None
    start_text = f"{year}年1月1日" if window.start.year is not None else "1月1日"
    end_text = f"{year}年12月31日" if window.end.year is not None else "12月31日"
    if window.open_start:  # "数据截至…": only the end is written
        return Fix(f"改为“{end_text}”", (Edit(window.end.span, end_text),), Applicability.UNSAFE)
    return Fix(
        f"改为“{year}年1月1日至{'' if window.end.year is None else f'{year}年'}12月31日”",
        (Edit(window.start.span, start_text), Edit(window.end.span, end_text)),
        Applicability.UNSAFE,
    )


def _breaks_line(text: str) -> bool:
    return "\n" in text or "\r" in text


def _year_fix(window: StatisticsWindow, year: int) -> Fix:
    edits = tuple(
        Edit(date.year_span, str(year))
        for date in (window.start, window.end)
        if date.year_span is not None and date.year != year
    )
    return Fix(f"年份改为{year}年", edits, Applicability.SAFE)


def _check_window(ctx: CheckContext, window: StatisticsWindow) -> Iterator[Diagnostic]:
    report = ctx.report
    start_year = window.start.year
    end_year = window.end.year if window.end.year is not None else start_year
    written = " ".join(ctx.snippet(Span(window.start.span.start, window.end.span.end)).split())
    full_year = (window.start.month, window.start.day, window.end.month, window.end.day) == (1, 1, 12, 31)
    if not full_year or end_year != start_year:
        year = report.year if report.year is not None else start_year
        expected = f"{year}年1月1日至{year}年12月31日" if year is not None else "同一年的1月1日至12月31日"
        yield ctx.diagnostic(
            "GK202",
            f"统计期限“{written}”不是一个完整的报告年度，应为{expected}。",
            Span(window.start.span.start, window.end.span.end),
            fix=_range_fix(ctx, window, year) if year is not None else None,
            data={"expected": expected, "actual": written},
        )
        return
    if report.year is None or report.year_source == "window" or start_year == report.year:
        return
    primary = window.end if window.open_start else window.start
    span = primary.year_span or primary.span
    yield ctx.diagnostic(
        "GK203",
        f"统计期限的年份为{start_year}年，与报告年度{report.year}年不一致（统计期限应为{report.year}年1月1日至{report.year}年12月31日）。",
        span,
        fix=_year_fix(window, report.year),
        related=tuple(
            Related(date.year_span, "统计期限的结束年份")
            for date in (window.end,)
            if date is not primary and date.year_span is not None and date.year != report.year
        )
        + _title_related(ctx),
        data={"expected": report.year, "actual": start_year},
    )


def _title_related(ctx: CheckContext) -> tuple[Related, ...]:
    title = ctx.report.title
    if title is None or title.year_span is None:
        return ()
    return (Related(title.year_span, f"标题中的报告年度：{title.year}年"),)


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    report = ctx.report
    if not report.windows:
        if report.window_mentions:
            yield ctx.diagnostic(
                "GK201",
                "写了统计期限，但没有写明起止日期：应写明“自YYYY年1月1日至YYYY年12月31日”。",
                report.window_mentions[0],
            )
        else:
            where = report.title.span if report.title else Span(0, 0)
            year = report.year if report.year is not None else "YYYY"
            yield ctx.diagnostic(
                "GK201",
                f"没有写明数据统计期限，建议在开头说明“本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止”。",
                where,
            )
        return
    for window in report.windows:
        yield from _check_window(ctx, window)
