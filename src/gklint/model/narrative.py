"""The report's prose as sentences: whitespace-free, folded, each character mapped back.

Content rules (prose against tables, years in the narrative, copied text) read
sentences, not lines: PDF extractions wrap a sentence over several lines
("受理政府\\n信息公开申请 17 件"), so a sentence is built from the squeezed text
(`gklint.model.normalize.squeeze`) and every match in it maps back to the
original offsets. Table rows ("|"- or tab-separated, or mostly digits) are not
prose and are left out.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from gklint.diagnostics import Span
from gklint.model.normalize import Squeezed, squeeze
from gklint.model.report import Report
from gklint.regexcache import compile_re

# A sentence ends at 。！？； (folded to ! ? ;) — and a numbered line ("（二）", "二、", "1.",
# "一是") starts a new one even when the line before has no full stop (headings).
_SENTENCE_END = compile_re(r"[。!?;]")
_NUMBERED_LINE = compile_re(
    r"[ \t]*(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+[.、]|[一二三四五六七八九十]是)"
)
_TABLE_ROW = compile_re(r"[|\t]")
_NUMBERS_ONLY = compile_re(r"[\d.\s%/-]+")


class Sentence(NamedTuple):
    """One sentence of prose: its folded, whitespace-free text and where it came from."""

    text: str
    section: int  # 0 = the preamble before 一, otherwise the template section number
    source: Squeezed  # the region it was cut from
    start: int  # index of text[0] in source.text

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """Original offsets of text[start:end]."""
        stop = len(self.text) if end is None else end
        return Span(*self.source.span_of(self.start + start, self.start + stop))


def _is_table_line(line: str) -> bool:
    if _TABLE_ROW.search(line.strip()):  # PDF text lines end in stray tabs; a row has them inside
        return True
    return bool(line.strip()) and _NUMBERS_ONLY.fullmatch(line) is not None  # a grid row: "0 0 1"


def _prose_region(folded: str, region: Span, skip: list[Span]) -> str:
    """The region's folded text with table lines blanked (same length, so offsets hold)."""
    chunk = list(folded[region.start : region.end])
    pos = region.start
    for line in folded[region.start : region.end].split("\n"):
        end = pos + len(line)
        inside_table = any(s.start <= pos < s.end for s in skip)
        if inside_table or _is_table_line(line):
            for i in range(pos - region.start, end - region.start):
                chunk[i] = " "
        pos = end + 1
    return "".join(chunk)


def _line_breaks(folded: str, region: Span) -> list[int]:
    """Offsets of lines in the region that start with a list/heading number."""
    starts = []
    pos = region.start
    for line in folded[region.start : region.end].split("\n"):
        if _NUMBERED_LINE.match(line):
            starts.append(pos + len(line) - len(line.lstrip(" \t")))
        pos += len(line) + 1
    return starts


def _regions(report: Report) -> list[tuple[int, Span]]:
    tops = sorted((s.heading.span.start, n, s.body) for n, s in report.sections.items())
    regions: list[tuple[int, Span]] = []
    first = tops[0][0] if tops else report.text_length
    pre_start = report.title.span.end if report.title is not None and report.title.span.end <= first else 0
    regions.append((0, Span(pre_start, first)))
    regions.extend((number, body) for _, number, body in tops)
    return regions


def split_sentences(folded: str, report: Report) -> list[Sentence]:
    """Every prose sentence of the report, in text order, tagged with its section."""
    skip = [t.region for t in report.tables.values() if t.cells]
    sentences: list[Sentence] = []
    for number, region in _regions(report):
        if region.end <= region.start:
            continue
        prose = _prose_region(folded, region, skip)
        sq = squeeze(prose, base=region.start)
        origins = sq.origins
        cuts = {m.end() for m in _SENTENCE_END.finditer(sq.text)}
        for at in _line_breaks(folded, region):
            cuts.add(bisect.bisect_left(origins, at))
        begin = 0
        for cut in [*sorted(cuts), len(sq.text)]:
            if cut > begin:
                piece = sq.text[begin:cut]
                if piece.strip("。!?;"):
                    sentences.append(Sentence(piece, number, sq, begin))
                begin = cut
    return sentences


_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNIT = {"十": 10, "百": 100, "千": 1000}


_COUNT_DIGITS = 12


def chinese_number(text: str) -> int | None:
    """Parse 17, 十七, 二十三, 一百零五, 两千, 零 → int; None when it is not a number.

    Only what reports write for counts (below 100 000); "万" is a unit.
    """
    if text.isdecimal():
        # A count in a sentence has a few digits; thousands of them are a glued table or junk,
        # and int() of them would hit Python's conversion limit.
        return int(text) if len(text) <= _COUNT_DIGITS else None
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _UNIT:
            section += (1 if digit is None else digit) * _UNIT[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)
