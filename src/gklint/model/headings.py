"""Find the top-level headings (一、…六、) and sub-headings.

A line only counts as a top-level heading when its words are a known heading
(canonical, alias, variant or 2008-era wording) or — for other wording — when
its numeral is the next expected one and it carries a keyword of that section.
That keeps table row labels ("一、本年新收…") and numbered lists inside
sections from being taken for headings.
"""

import re
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from gklint.diagnostics import Span
from gklint.model.lines import iter_lines
from gklint.model.normalize import Squeezed, fold_chars, squeeze, squeeze_text
from gklint.model.report import Heading, HeadingKind
from gklint.regexcache import compile_re
from gklint.ruledata import Template

NUMERALS = "一二三四五六七八九十"
_SUB = compile_re(
    r"[ \t]*(?:#{1,6}[ \t]*)?(?:(?:\*\*|__)[ \t]*)?(?:\(([一二三四五六七八九十]{1,3})\)|([0-9]{1,2})[.、])[ \t]*"
)
_TRAILING = ":：。.|| \t*_"  # "*"/"_": Markdown emphasis around a heading
_MAX_HEADING_CHARS = 40


def numeral_value(chars: str) -> int:
    if chars == "十":
        return 10
    if chars.startswith("十"):
        return 10 + NUMERALS.index(chars[1]) + 1
    if len(chars) == 2 and chars[1] == "十":
        return (NUMERALS.index(chars[0]) + 1) * 10
    return NUMERALS.index(chars[0]) + 1


class _Phrase(NamedTuple):
    """A known heading wording and the section it names."""

    key: str  # squeezed, folded
    section: int
    kind: HeadingKind


@cache
def _phrases(template: Template) -> tuple[_Phrase, ...]:
    phrases: list[_Phrase] = []
    for spec in template.sections:
        phrases.append(_Phrase(squeeze_text(spec.title), spec.number, HeadingKind.CANONICAL))
        phrases += [_Phrase(squeeze_text(a), spec.number, HeadingKind.ALIAS) for a in spec.aliases]
        phrases += [_Phrase(squeeze_text(v), spec.number, HeadingKind.VARIANT) for v in spec.variants]
        phrases += [_Phrase(squeeze_text(s), spec.number, HeadingKind.STALE) for s in spec.stale]
    phrases += [_Phrase(squeeze_text(h.text), 0, HeadingKind.STALE) for h in template.stale_headings]
    # Longest first, so "政府信息公开工作存在的主要问题及改进情况" wins over its suffix.
    phrases.sort(key=lambda p: len(p.key), reverse=True)
    return tuple(phrases)


def _known_prefix(key: str, phrases: tuple[_Phrase, ...]) -> _Phrase | None:
    for phrase in phrases:
        if key.startswith(phrase.key):
            return phrase
    return None


def _heading_from(
    text: str,
    folded: str,
    numeral: int,
    words_start: int,
    words_end: int,
    heading_start: int,
    template: Template,
    phrases: tuple[_Phrase, ...],
    expected_next: int,
    inline: bool,
    budget: int,
) -> Heading | None:
    # `words_end` excludes trailing ":。|" etc. (`_key_end`), so the key needs no rstrip --
    # and must get none: a key cut by the budget may end in such characters mid-line.
    sq = _head(folded, words_start, words_end, budget)
    key = sq.text
    if not key or any(key.startswith(squeeze_text(r)) for r in template.table_row_headings):
        return None
    phrase = _known_prefix(key, phrases)
    if phrase is not None:
        exact = key == phrase.key
        if not exact and not inline and len(key) <= _MAX_HEADING_CHARS and not _body_follows(key, phrase):
            phrase = None  # "四、…情况说明" style: words continue past the known heading
    if phrase is not None:
        start, end = sq.span_of(0, len(phrase.key))
        section, kind = phrase.section, phrase.kind
    elif inline:
        return None
    else:
        if len(key) > _MAX_HEADING_CHARS or "。" in key or numeral != expected_next or not 1 <= numeral <= 6:
            return None
        spec = template.section(numeral)
        if not any(word in key for word in spec.keywords):
            return None
        start, end = sq.span_of(0, len(key))
        section, kind = numeral, HeadingKind.VARIANT
    expected = template.section(section).title if section else ""
    return Heading(
        numeral=numeral,
        section=section,
        kind=kind,
        text=text[start:end],
        span=Span(heading_start, end),
        text_span=Span(start, end),
        expected=expected,
    )


@cache
def _key_budget(template: Template, phrases: tuple[_Phrase, ...]) -> int:
    """Squeezed characters after a numeral that decide whether a line is a heading.

    Every test in `_heading_from` looks at most this far: the longest known phrase plus
    `_body_follows`' look-ahead, `_MAX_HEADING_CHARS`, the longest table-row heading.
    """
    longest_row = max((len(squeeze_text(r)) for r in template.table_row_headings), default=0)
    return max(len(phrases[0].key) + 9 if phrases else 0, _MAX_HEADING_CHARS, longest_row) + 1


def _head(folded: str, start: int, end: int, budget: int) -> Squeezed:
    """`squeeze(folded[start:end])`, cut after `budget` kept characters.

    Squeezing the whole rest of the line for every candidate was quadratic on a long
    line (a web page glued into one line has a candidate after every "。一、"). The
    window grows until it holds `budget` non-blank characters, so blanks cannot hide
    words; `end` must already exclude trailing `_TRAILING` characters, so a cut key and
    the whole key agree on every test.
    """
    size = budget * 2
    while True:
        stop = min(end, start + size)
        sq = squeeze(folded[start:stop], base=start)
        if stop == end or len(sq.text) >= budget:
            return sq
        size *= 4


def _key_end(folded: str, start: int, line_end: int) -> int:
    """`line_end` before any trailing `_TRAILING` characters and blanks."""
    end = line_end
    while end > start and (folded[end - 1] in _TRAILING or folded[end - 1].isspace()):
        end -= 1
    return end


def _body_follows(key: str, phrase: _Phrase) -> bool:
    """A known heading followed by body text on the same line ("五、…情况针对2019年…")."""
    rest = key[len(phrase.key) :]
    return bool(rest) and (rest[0].isdigit() or rest[0] in "(（" or len(rest) > 8)


# A top-level heading at a line start, one run into the text after a full stop
# ("…。一、概述2018年以来…", as in web pages flattened to one line), or one glued to
# whatever came before ("…采购总金额0元三、收到和处理…", a one-line extraction).
# No two adjacent "[ \t]*" runs: on a line of blanks they would split the run every way
# (quadratic backtracking).
_CANDIDATE = compile_re(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:(?:\*\*|__)[ \t]*)?(?P<top>[一二三四五六七八九十]{1,2})[ \t]*[、.][ \t]*"
    r"|[。；;][ \t]*(?P<inline>[一二三四五六七八九十]{1,2})、",
    re.MULTILINE,
)
# Searched only when the candidates above leave a section missing: most reports never pay for it.
_GLUED = compile_re(r"[一二三四五六七八九十]{1,2}、")


def _line_end(folded: str, pos: int) -> int:
    end = folded.find("\n", pos)
    end = len(folded) if end == -1 else end
    return end - 1 if end > pos and folded[end - 1] == "\r" else end


def find_headings(text: str, template: Template, folded: str | None = None) -> list[Heading]:
    phrases = _phrases(template)
    headings: list[Heading] = []
    expected_next = 1
    folded = fold_chars(text) if folded is None else folded
    budget = _key_budget(template, phrases)
    done_until = -1  # a line already taken as a heading is not searched for inline ones
    line_end = key_end = -1  # of the line the last candidate was on: computed once per line
    for match in _CANDIDATE.finditer(folded):
        if match.start() < done_until:
            continue
        inline = match.group("top") is None
        group = "inline" if inline else "top"
        numeral = numeral_value(match.group(group))
        if match.end() > line_end:
            line_end = _line_end(folded, match.end())
            key_end = _key_end(folded, match.end(), line_end)
        heading = _heading_from(
            text,
            folded,
            numeral,
            match.end(),
            max(match.end(), key_end),
            match.start(group),
            template,
            phrases,
            expected_next,
            inline=inline,
            budget=budget,
        )
        if heading is None:
            continue
        headings.append(heading)
        expected_next = max(expected_next, numeral + 1)
        if not inline:
            done_until = line_end
    if {h.section for h in headings if h.top_level} >= {1, 2, 3, 4, 5, 6}:
        return headings
    glued = _glued_headings(text, folded, template, phrases, budget, {h.span.start for h in headings})
    glued += _list_item_headings(text, folded, phrases, template)
    return _merge_glued(headings, glued) if glued else headings


def _glued_headings(
    text: str, folded: str, template: Template, phrases: tuple[_Phrase, ...], budget: int, taken: set[int]
) -> list[Heading]:
    """Known headings glued to whatever came before ("…采购总金额0元三、收到和处理…")."""
    found: list[Heading] = []
    line_end = key_end = -1
    for match in _GLUED.finditer(folded):
        if match.start() in taken:
            continue
        numeral = numeral_value(match.group()[:-1])
        if match.end() > line_end:
            line_end = _line_end(folded, match.end())
            key_end = _key_end(folded, match.end(), line_end)
        words_end = max(match.end(), key_end)
        heading = _heading_from(
            text,
            folded,
            numeral,
            match.end(),
            words_end,
            match.start(),
            template,
            phrases,
            0,
            inline=True,
            budget=budget,
        ) or _near_heading(text, folded, numeral, match.end(), words_end, match.start(), template, budget)
        heading = heading or _reworded_heading(
            text, folded, numeral, match.end(), words_end, match.start(), template, budget
        )
        if heading is not None and heading.section == numeral:  # "详见5五、…": not its section's numeral
            found.append(heading)
    return found


# A heading numbered by an HTML list, whose numeral the extraction lost: "- 总体情况".
_LIST_ITEM = compile_re(r"^[ \t]*[-*•][ \t]+(?P<words>[^\n]{2,40}?)[ \t\r]*$", re.MULTILINE)


def _list_item_headings(
    text: str, folded: str, phrases: tuple[_Phrase, ...], template: Template
) -> list[Heading]:
    """List items whose words are exactly a section's title; the order check of `_merge_glued` applies."""
    found = []
    for match in _LIST_ITEM.finditer(folded):
        sq = squeeze(folded[match.start("words") : match.end("words")], base=match.start("words"))
        phrase = next((p for p in phrases if p.key == sq.text and p.section), None)
        if phrase is None or phrase.kind not in (HeadingKind.CANONICAL, HeadingKind.ALIAS):
            continue
        start, end = sq.span_of(0, len(sq.text))
        found.append(
            Heading(
                numeral=phrase.section,  # the list's own numbering, lost with the markup
                section=phrase.section,
                kind=phrase.kind,
                text=text[start:end],
                span=Span(match.start(), end),
                text_span=Span(start, end),
                expected=template.section(phrase.section).title,
            )
        )
    return found


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _variant(text: str, numeral: int, heading_start: int, words: Span, template: Template) -> Heading:
    """A glued heading recognised as its own section's, reworded (GK104 reports the wording)."""
    return Heading(
        numeral=numeral,
        section=numeral,
        kind=HeadingKind.VARIANT,
        text=text[words.start : words.end],
        span=Span(heading_start, words.end),
        text_span=words,
        expected=template.section(numeral).title,
    )


def _near_heading(
    text: str,
    folded: str,
    numeral: int,
    words_start: int,
    words_end: int,
    heading_start: int,
    template: Template,
    budget: int,
) -> Heading | None:
    """A glued heading with a typo ("…0000000 四、政府信息公开行政法复议、行政诉讼情况…").

    In a one-line text no line end says where a heading stops, so an unknown wording cannot
    be read as a heading; one within a few edits of its own section's title still can.
    """
    if not 1 <= numeral <= 6:
        return None
    title = squeeze_text(template.section(numeral).title)
    allowed = len(title) // 8  # 2 edits in a 17-character title, none in "总体情况"
    if allowed == 0:
        return None
    sq = _head(folded, words_start, max(words_start, words_end), budget)
    best: tuple[int, int] | None = None
    for length in range(len(title) - allowed, min(len(title) + allowed, len(sq.text)) + 1):
        distance = _edit_distance(sq.text[:length], title)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, length)
    if best is None:
        return None
    start, end = sq.span_of(0, best[1])
    return _variant(text, numeral, heading_start, Span(start, end), template)


_WORDS_STOP = compile_re(r"[\d。，,;；:：(（]")


def _reworded_heading(
    text: str,
    folded: str,
    numeral: int,
    words_start: int,
    words_end: int,
    heading_start: int,
    template: Template,
    budget: int,
) -> Heading | None:
    """A glued heading that starts like its section's title but ends in other words
    ("…000 五、存在的主要问题及明年工作计划2024年，…"): its words run to the first digit or
    punctuation. Taken only when at least half the title (6 characters or more) is written."""
    if not 1 <= numeral <= 6:
        return None
    title = squeeze_text(template.section(numeral).title)
    sq = _head(folded, words_start, max(words_start, words_end), budget)
    common = 0
    for a, b in zip(sq.text, title, strict=False):
        if a != b:
            break
        common += 1
    if common < max(6, len(title) // 2):
        return None
    stop = _WORDS_STOP.search(sq.text, common)
    length = stop.start() if stop is not None else len(sq.text)
    if length > _MAX_HEADING_CHARS:
        return None
    start, end = sq.span_of(0, length)
    return _variant(text, numeral, heading_start, Span(start, end), template)


def _merge_glued(headings: list[Heading], glued: list[Heading]) -> list[Heading]:
    """Add the headings glued to the text before them that fit the order of the others.

    A glued heading is taken only for a section no other heading names, and only where
    its numeral lies between its neighbours' ("…元三、收到和处理…" between 二 and 四), so a
    reference to a heading inside a paragraph stays text.

    Linear in the headings: the neighbours' numerals come from prefix maxima and suffix
    minima over `headings` (sorted by position); only the few glued headings taken (at most
    one per section) are scanned per candidate. A scan of every heading per candidate was
    quadratic on a long text with many headings.
    """
    top = [h for h in headings if h.top_level]
    starts = [h.span.start for h in top]
    max_before = list(accumulate((h.numeral for h in top), max, initial=0))  # [i]: max of top[:i]
    min_after = list(accumulate((h.numeral for h in reversed(top)), min, initial=99))[
        ::-1
    ]  # [i]: min of top[i:]
    sections = {h.section for h in top}
    taken: list[Heading] = []
    for candidate in glued:
        if candidate.section in sections:
            continue
        at = candidate.span.start
        before = max([max_before[bisect_left(starts, at)], *(h.numeral for h in taken if h.span.start < at)])
        after = min([min_after[bisect_right(starts, at)], *(h.numeral for h in taken if h.span.start > at)])
        if before < candidate.numeral < after:
            taken.append(candidate)
            sections.add(candidate.section)
    return sorted([*headings, *taken], key=lambda h: h.span.start) if taken else list(headings)


def find_subheadings(
    text: str, template: Template, start: int, end: int, folded: str | None = None
) -> list[Heading]:
    """Sub-headings ("（八）…", "3.…") whose words are a 2008-era part or a top-level title."""
    phrases = _phrases(template)
    found: list[Heading] = []
    folded = fold_chars(text) if folded is None else folded
    for line in iter_lines(folded, start, end):  # folded: a lone CR is a line break too
        match = _SUB.match(folded[line.start : line.end])
        if not match:
            continue
        words_start = line.start + match.end()
        sq = squeeze(folded[words_start : line.end], base=words_start)
        key = sq.text.rstrip(_TRAILING)
        phrase = _known_prefix(key, phrases)
        if phrase is None or phrase.kind not in (HeadingKind.STALE, HeadingKind.CANONICAL, HeadingKind.ALIAS):
            continue
        if len(key) - len(phrase.key) > 2:
            continue  # a sentence that merely begins with the phrase
        if phrase.kind is not HeadingKind.STALE and phrase.section in (1, 2, 5, 6):
            continue  # only 三/四 are copied into 一 as sub-parts
        s, e = sq.span_of(0, len(phrase.key))
        numeral = match.group(1) or match.group(2)
        found.append(
            Heading(
                numeral=numeral_value(numeral) if numeral and not numeral.isdigit() else int(numeral or 0),
                section=phrase.section,
                kind=phrase.kind,
                text=text[s:e],
                span=Span(line.start + match.start(), e),
                text_span=Span(s, e),
                expected=template.section(phrase.section).title if phrase.section else "",
                top_level=False,
            )
        )
    return found
