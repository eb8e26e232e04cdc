"""Find the statistics-window sentence (统计期限自YYYY年1月1日至YYYY年12月31日)."""

from __future__ import annotations

import re

from gklint.diagnostics import Span
from gklint.model.normalize import fold_chars
from gklint.model.report import DateRef, StatisticsWindow

_DATE = r"(?:(?P<{p}y>\d{{4}})\s*年\s*)?(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*(?P<{p}j>[日号])"
_SEP = r"\s*(?:起)?\s*[,、]?\s*(?:至|到|~|-|—|－)\s*"


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(
        rf"(?P<phrase>{alternatives})[^。\n]{{0,40}}?(?:自|从|为|是|:)?\s*"
        + _DATE.format(p="s")
        + _SEP
        + _DATE.format(p="e")
    )


_MENTION = re.compile(r"统计(?:期限|时限|时间跨度|时间段|区间|周期)")


def _date(match: re.Match[str], prefix: str) -> DateRef:
    y = match.group(prefix + "y")
    year_span = Span(match.start(prefix + "y"), match.end(prefix + "y")) if y else None
    start = match.start(prefix + "y") if y else match.start(prefix + "m")
    return DateRef(
        year=int(y) if y else None,
        month=int(match.group(prefix + "m")),
        day=int(match.group(prefix + "d")),
        span=Span(start, match.end(prefix + "j")),
        year_span=year_span,
    )


def find_windows(
    text: str, phrases: tuple[str, ...], folded: str | None = None
) -> tuple[list[StatisticsWindow], list[Span]]:
    """All window sentences, and "统计期限" mentions that carry no readable dates."""
    folded = fold_chars(text) if folded is None else folded
    windows: list[StatisticsWindow] = []
    covered: list[Span] = []
    for match in _pattern(phrases).finditer(folded):
        start, end = _date(match, "s"), _date(match, "e")
        if match.group("phrase") == "涵盖" and not (start.month == 1 and start.day == 1):
            continue  # "涵盖" is only a window when it spans a year
        span = Span(match.start("phrase"), end.span.end)
        windows.append(StatisticsWindow(start=start, end=end, span=span))
        covered.append(span)
    mentions = [
        Span(m.start(), m.end())
        for m in _MENTION.finditer(folded)
        if not any(c.start <= m.start() < c.end for c in covered)
    ]
    return windows, mentions
