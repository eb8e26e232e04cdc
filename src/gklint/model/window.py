"""Find the statistics-window sentence (统计期限自YYYY年1月1日至YYYY年12月31日).

Reports write the window in several ways; all of these are recognised:
"自2024年1月1日起至2024年12月31日止", "2024年1月1日至12月31日" (end year left out),
"2024年1月至12月" (months only), "2024.1.1—2024.12.31" (numeric dates) and
"2024年度" / "2024年全年" (the whole year named at once).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

from gklint.diagnostics import Span
from gklint.model.normalize import fold_chars
from gklint.model.report import DateRef, StatisticsWindow

# A Chinese date; the day may be left out ("1月至12月").
_CN_DATE = (
    r"(?:(?P<{p}y>\d{{4}})\s*年\s*)?(?P<{p}m>\d{{1,2}})\s*(?P<{p}mo>月)"
    r"(?:\s*(?P<{p}d>\d{{1,2}})\s*(?P<{p}j>[日号]))?"
)
# A numeric date: 2024.1.1, 2024-01-01, 2024/1/1 (the end date may omit the year).
_NUM_DATE = r"(?:(?P<{p}y>\d{{4}})\s*[./-]\s*)?(?P<{p}m>\d{{1,2}})\s*[./-]\s*(?P<{p}d>\d{{1,2}})"
_SEP = r"\s*(?:起)?\s*[,、]?\s*(?:至|到|~|-|—|－)\s*"
_LEAD = r"(?P<phrase>{phrases})[^。\n]{{0,40}}?(?:自|从|为|是|:)?\s*"
_WHOLE_YEAR = r"(?P<phrase>{phrases})[^。\n]{{0,20}}?(?P<y>\d{{4}})\s*(?:年度|年全年|年(?=\s*[。,;；)]))"

_MENTION = re.compile(r"统计(?:期限|时限|时间跨度|时间段|区间|周期)")


@cache
def _patterns(phrases: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    lead = _LEAD.format(phrases=alternatives)
    chinese = re.compile(lead + _CN_DATE.format(p="s") + _SEP + _CN_DATE.format(p="e"))
    numeric = re.compile(lead + r"(?=\d{4})" + _NUM_DATE.format(p="s") + _SEP + _NUM_DATE.format(p="e"))
    whole = re.compile(_WHOLE_YEAR.format(phrases=alternatives))
    return chinese, numeric, whole


def _date(match: re.Match[str], prefix: str, default_day: int) -> DateRef:
    groups = match.groupdict()
    y = groups.get(prefix + "y")
    year_span = Span(match.start(prefix + "y"), match.end(prefix + "y")) if y else None
    start = match.start(prefix + "y") if y else match.start(prefix + "m")
    if groups.get(prefix + "j"):
        end = match.end(prefix + "j")
    elif groups.get(prefix + "d"):
        end = match.end(prefix + "d")
    else:
        end = match.end(prefix + "mo")
    day = groups.get(prefix + "d")
    return DateRef(
        year=int(y) if y else None,
        month=int(match.group(prefix + "m")),
        day=int(day) if day else default_day,
        span=Span(start, end),
        year_span=year_span,
    )


def _whole_year(match: re.Match[str]) -> StatisticsWindow:
    year_span = Span(match.start("y"), match.end("y"))
    year = int(match.group("y"))
    start = DateRef(year=year, month=1, day=1, span=Span(year_span.start, match.end()), year_span=year_span)
    end = DateRef(year=None, month=12, day=31, span=Span(year_span.start, match.end()), year_span=None)
    return StatisticsWindow(start=start, end=end, span=Span(match.start("phrase"), match.end()))


def find_windows(
    text: str, phrases: tuple[str, ...], folded: str | None = None
) -> tuple[list[StatisticsWindow], list[Span]]:
    """All window sentences, and "统计期限" mentions that carry no readable dates."""
    folded = fold_chars(text) if folded is None else folded
    chinese, numeric, whole = _patterns(phrases)
    found: list[StatisticsWindow] = []
    # Accepted windows never overlap, so sorted by start they are sorted by end too:
    # an overlap test is one bisection (a scan of `found` per match was quadratic).
    starts: list[int] = []
    ends: list[int] = []

    def overlaps(span: Span) -> bool:
        i = bisect_left(starts, span.end)  # windows [0, i) start before span ends
        return i > 0 and ends[i - 1] > span.start

    def add(window: StatisticsWindow) -> None:
        i = bisect_left(starts, window.span.start)
        starts.insert(i, window.span.start)
        ends.insert(i, window.span.end)
        found.append(window)

    for pattern in (chinese, numeric):
        for match in pattern.finditer(folded):
            start, end = _date(match, "s", 1), _date(match, "e", 31)
            if match.group("phrase") == "涵盖" and (start.month, start.day) != (1, 1):
                continue  # "涵盖" is only a window when it spans a year
            span = Span(match.start("phrase"), end.span.end)
            if not overlaps(span):
                add(StatisticsWindow(start=start, end=end, span=span))
    for match in whole.finditer(folded):
        window = _whole_year(match)
        if not overlaps(window.span):
            add(window)
    found.sort(key=lambda w: w.span.start)

    def inside_window(at: int) -> bool:
        i = bisect_right(starts, at)
        return i > 0 and at < ends[i - 1]

    mentions = [Span(m.start(), m.end()) for m in _MENTION.finditer(folded) if not inside_window(m.start())]
    return found, mentions
