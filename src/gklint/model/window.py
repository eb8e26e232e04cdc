"""Find the statistics-window sentence (统计期限自YYYY年1月1日至YYYY年12月31日).

A grammar rather than a list of sentences: a *date range* (two dates joined by a
connector) counts as the window when the words before it, in the same sentence,
name a period. The pieces:

- a date: "2024年1月1日", "2024 年 1 月", "二〇二四年一月一日", "2024.1.1", "2024-01-01";
  the end date may leave out its year ("2024年1月1日至12月31日");
- a range: [自|从|由|为|是|:] DATE [起|开始] [,、] (至|到|~|-|—) DATE [止],
  or months only ("2024年1月至12月", "2024年1-12月"), or the whole year at once
  ("2024年度", "2024年全年"), or only the end ("本报告所列数据截至2024年12月31日");
- the context, looked for in the same sentence before the range (rules/template.toml
  `[window]`): a period noun (统计期限, 统计时间, 报告期, 时间范围, 数据时限, …) makes any
  range the window; a weak word (数据, 本报告) only a range that covers a whole year or
  sits in the opening before the first heading. So "数据显示，2024年1月至9月…" in the body
  is not taken for a wrong window.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

from gklint.diagnostics import Span
from gklint.model.normalize import fold_chars
from gklint.model.report import DateRef, StatisticsWindow
from gklint.regexcache import compile_re

_CN_DIGITS = "〇○零一二三四五六七八九"
_YEAR = r"(?:(?:19|20)\d{2}|[二][〇○零][〇○零一二三四五六七八九]{2})"
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# A Chinese date; the year and the day may be left out ("至12月31日", "1月至12月").
_CN_DATE = (
    r"(?:(?P<{p}y>" + _YEAR + r")\s*年\s*)?(?P<{p}m>" + _NUM + r")\s*(?P<{p}mo>月)份?"
    r"(?:\s*(?P<{p}d>" + _NUM + r")\s*(?P<{p}j>[日号]))?"
)
# A numeric date: 2024.1.1, 2024-01-01, 2024/1/1 (the end date may omit the year).
_NUM_DATE = r"(?:(?P<{p}y>(?:19|20)\d{2})\s*[./-]\s*)?(?P<{p}m>\d{1,2})\s*[./-]\s*(?P<{p}d>\d{1,2})"


def _named(pattern: str, prefix: str) -> str:
    """A date pattern with its groups named for the start ("s") or the end ("e")."""
    return pattern.replace("{p}", prefix)


_SEP = (
    r"\s*(?:起|开始)?\s*[,、]?\s*"
    r"(?:至|到|~|-{1,2}|－|(?:截止|截至|结束)(?:日期|时间)?(?:为|是|:)?)\s*"  # "…1月1日,截止日期为…"
)
# A sentence ends at 。；!? or a blank line; the context is searched back to there.
_SENTENCE_END = compile_re(r"[。;!?]|\n[ \t\r]*\n")
_LOOKBACK = 60


def _cn_number(chars: str) -> int:
    if chars.isdigit():
        return int(chars)
    if "十" not in chars:
        return int("".join(str(_CN_DIGITS.index(c) - 2 if c in "一二三四五六七八九" else 0) for c in chars))
    tens, _, units = chars.partition("十")
    return (int(_cn_number(tens)) if tens else 1) * 10 + (_cn_number(units) if units else 0)


def _cn_year(chars: str) -> int:
    return (
        int("".join(str(max(0, _CN_DIGITS.index(c) - 2)) for c in chars))
        if not chars.isdigit()
        else int(chars)
    )


class _Grammar:
    """The compiled patterns for one set of context words (rules/template.toml `[window]`)."""

    def __init__(self, phrases: tuple[str, ...], weak: tuple[str, ...], until: tuple[str, ...]) -> None:
        def alternatives(words: tuple[str, ...]) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

        start_cn = _named(_CN_DATE, "s").replace(r")\s*年\s*)?", r")\s*年\s*)", 1)  # the start names its year
        self.ranges = (
            compile_re(start_cn + _SEP + _named(_CN_DATE, "e")),
            compile_re(_named(_NUM_DATE, "s").replace(")?", ")", 1) + _SEP + _named(_NUM_DATE, "e")),
            # "2024年1-12月", "2024年1月-12月"
            compile_re(
                r"(?P<sy>"
                + _YEAR
                + r")\s*年\s*(?P<sm>"
                + _NUM
                + r")\s*(?P<smo>月)?"
                + _SEP
                + r"(?P<em>"
                + _NUM
                + r")\s*(?P<emo>月)份?"
            ),
        )
        self.whole = compile_re(r"(?P<y>" + _YEAR + r")\s*(?:年度|年全年|年(?=\s*[。,;)]))")
        self.until = compile_re(r"(?:" + alternatives(until) + r")\s*" + _named(_CN_DATE, "e"))
        self.strong = compile_re(alternatives(phrases))
        self.weak = compile_re(alternatives(weak))


@cache
def _grammar(phrases: tuple[str, ...], weak: tuple[str, ...], until: tuple[str, ...]) -> _Grammar:
    return _Grammar(phrases, weak, until)


def _date(match: re.Match[str], prefix: str, default_day: int) -> DateRef:
    groups = match.groupdict()
    y = groups.get(prefix + "y")
    year_span = Span(match.start(prefix + "y"), match.end(prefix + "y")) if y else None
    start = match.start(prefix + "y") if y else match.start(prefix + "m")
    if groups.get(prefix + "j"):
        end = match.end(prefix + "j")
    elif groups.get(prefix + "d"):
        end = match.end(prefix + "d")
    elif groups.get(prefix + "mo"):
        end = match.end(prefix + "mo")
    else:
        end = match.end(prefix + "m")
    day = groups.get(prefix + "d")
    return DateRef(
        year=_cn_year(y) if y else None,
        month=_cn_number(match.group(prefix + "m")),
        day=_cn_number(day) if day else default_day,
        span=Span(start, end),
        year_span=year_span,
    )


def _context(folded: str, at: int) -> tuple[int, str]:
    """Where the sentence holding `at` starts, and its words before `at`."""
    lo = max(0, at - _LOOKBACK)
    before = folded[lo:at]
    cut = 0
    for cut_match in _SENTENCE_END.finditer(before):
        cut = cut_match.end()
    return lo + cut, before[cut:]


class _Finder:
    def __init__(self, folded: str, grammar: _Grammar, opening_end: int) -> None:
        self.folded = folded
        self.grammar = grammar
        self.opening_end = opening_end
        self.found: list[StatisticsWindow] = []
        # Accepted windows never overlap, so sorted by start they are sorted by end too:
        # an overlap test is one bisection (a scan of `found` per match was quadratic).
        self.starts: list[int] = []
        self.ends: list[int] = []

    def _overlaps(self, span: Span) -> bool:
        i = bisect_left(self.starts, span.end)  # windows [0, i) start before span ends
        return i > 0 and self.ends[i - 1] > span.start

    def inside(self, at: int) -> bool:
        i = bisect_right(self.starts, at)
        return i > 0 and at < self.ends[i - 1]

    def _lead(self, at: int, whole_year: bool) -> int | None:
        """Start of the words that make the range at `at` the window, or None when nothing does."""
        sentence_start, before = _context(self.folded, at)
        # The nearest period noun before the range names it.
        strong = max(self.grammar.strong.finditer(before), key=lambda m: m.start(), default=None)
        if strong is not None:
            if strong.group() == "涵盖" and not whole_year:
                return None  # "涵盖" is only a window when it spans a year
            return sentence_start + strong.start()
        weak = self.grammar.weak.search(before)
        if weak is not None and (whole_year or at < self.opening_end):
            return sentence_start + weak.start()
        return None

    def _add(self, lead: int, start: DateRef, end: DateRef, open_start: bool = False) -> None:
        span = Span(lead, end.span.end)
        if not self._overlaps(span):
            i = bisect_left(self.starts, span.start)
            self.starts.insert(i, span.start)
            self.ends.insert(i, span.end)
            self.found.append(StatisticsWindow(start=start, end=end, span=span, open_start=open_start))

    def ranges(self) -> None:
        for pattern in self.grammar.ranges:
            for match in pattern.finditer(self.folded):
                start, end = _date(match, "s", 1), _date(match, "e", 31)
                if not (1 <= start.month <= 12 and 1 <= end.month <= 12):
                    continue
                whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
                lead = self._lead(match.start(), whole_year)
                if lead is not None:
                    self._add(lead, start, end)

    def whole_years(self) -> None:
        for match in self.grammar.whole.finditer(self.folded):
            sentence_start, before = _context(self.folded, match.start())
            strong = self.grammar.strong.search(before)
            weak = self.grammar.weak.search(before)
            if strong is None and (weak is None or "数据" not in before or match.start() >= self.opening_end):
                continue
            lead = sentence_start + (strong or weak).start()  # type: ignore[union-attr]
            year_span = Span(match.start("y"), match.end("y"))
            year = _cn_year(match.group("y"))
            start = DateRef(
                year=year, month=1, day=1, span=Span(year_span.start, match.end()), year_span=year_span
            )
            end = DateRef(
                year=None, month=12, day=31, span=Span(year_span.start, match.end()), year_span=None
            )
            self._add(lead, start, end)

    def untils(self) -> None:
        """ "本报告所列数据截至2024年12月31日": only the end is written; the start is 1 January."""
        for match in self.grammar.until.finditer(self.folded):
            end = _date(match, "e", 31)
            if end.year is None:
                continue
            sentence_start, before = _context(self.folded, match.start())
            weak = self.grammar.weak.search(before)
            if (
                weak is None
                or "数据" not in before
                or not ("报告" in before or match.start() < self.opening_end)
            ):
                continue
            start = DateRef(year=end.year, month=1, day=1, span=end.span, year_span=None)
            self._add(sentence_start + weak.start(), start, end, open_start=True)


_MENTION = compile_re(r"统计(?:期限|时限|时间跨度|时间段|区间|周期)")


def find_windows(
    text: str,
    phrases: tuple[str, ...],
    folded: str | None = None,
    *,
    weak: tuple[str, ...] = ("数据", "本报告"),
    until: tuple[str, ...] = ("截至",),
    opening_end: int = 0,
) -> tuple[list[StatisticsWindow], list[Span]]:
    """All window sentences, and "统计期限" mentions that carry no readable dates.

    `opening_end` is where the first heading starts: before it, weak context words suffice.
    """
    folded = fold_chars(text) if folded is None else folded
    finder = _Finder(folded, _grammar(phrases, weak, until), opening_end)
    finder.ranges()
    finder.whole_years()
    finder.untils()
    found = sorted(finder.found, key=lambda w: w.span.start)
    mentions = [Span(m.start(), m.end()) for m in _MENTION.finditer(folded) if not finder.inside(m.start())]
    return found, mentions
