"""Offset-preserving text folding for matching labels, headings and numbers.

Two levels:
- `fold_chars` maps characters one-to-one (full-width → half-width, NBSP and
  ideographic space → space, curly quotes → straight), so offsets in the result
  are offsets in the original.
- `squeeze` additionally drops all whitespace and returns where each kept
  character came from, for comparing labels that extraction broke apart
  ("商业 企业", "年度报 告").
"""

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from gklint.regexcache import compile_re

_FOLD: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,  # no-break space
        0x2002: 0x20,
        0x2003: 0x20,
        0x2009: 0x20,
        0x200B: 0x20,  # zero-width space: keep offsets, treat as blank
        0xFEFF: 0x20,
        0x201C: 0x22,  # “
        0x201D: 0x22,  # ”
        0x2018: 0x27,  # ‘
        0x2019: 0x27,  # ’
        0x3014: 0x28,  # 〔 stays distinct in document numbers, but labels never use it
        0x3015: 0x29,
        0x2014: 0x2D,  # — em dash
        0x2013: 0x2D,  # – en dash
        0x2212: 0x2D,  # − minus sign
    }
)
_FOLD_MAP = {chr(k): chr(v) for k, v in _FOLD.items()}
# str.translate with a sparse table takes a slow exception path for every unmapped
# character (~60x slower on Chinese text); substituting only the foldable ones is fast.
# A lone carriage return (a classic-Mac "CR" file, or a stray one) is a line break: folded to
# "\n", one-to-one, so every line-based step of the model sees the lines the author saw.
_FOLD_MAP["\r"] = "\n"
_FOLDABLE = compile_re("[" + "".join(re.escape(ch) for ch in _FOLD_MAP if ch != "\r") + "]|\r(?!\n)")


def _fold_match(match: re.Match[str]) -> str:
    return _FOLD_MAP[match.group()]


def fold_chars(text: str) -> str:
    """One-to-one character folding; `len(fold_chars(s)) == len(s)` always."""
    return _FOLDABLE.sub(_fold_match, text)


class Squeezed(NamedTuple):
    """Folded text without whitespace, with the origin offset of each character."""

    text: str
    origins: Sequence[int]  # a list, or a range when nothing was dropped
    end_origin: int

    def span_of(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) offsets of squeezed text[start:end]."""
        if start >= len(self.origins):
            return self.end_origin, self.end_origin
        raw_start = self.origins[start]
        raw_end = self.origins[end - 1] + 1 if end > start else raw_start
        return raw_start, raw_end


_WHITESPACE_RUN = compile_re(r"\s+")


@lru_cache(maxsize=32)  # the same table region is squeezed by the parser and by checks
def squeeze(folded: str, base: int = 0) -> Squeezed:
    """Drop whitespace from already-folded text (`fold_chars`), remembering origins.

    `base` is the offset of `folded[0]` in the document.
    """
    if not _WHITESPACE_RUN.search(folded):  # most headings and labels: nothing to drop
        return Squeezed(folded, range(base, base + len(folded)), base + len(folded))
    chars: list[str] = []
    origins: list[int] = []
    pos = 0
    for gap in _WHITESPACE_RUN.finditer(folded):
        if gap.start() > pos:
            chars.append(folded[pos : gap.start()])
            origins.extend(range(base + pos, base + gap.start()))
        pos = gap.end()
    if pos < len(folded):
        chars.append(folded[pos:])
        origins.extend(range(base + pos, base + len(folded)))
    return Squeezed("".join(chars), origins, base + len(folded))


@lru_cache(maxsize=8192)
def squeeze_text(text: str) -> str:
    """`squeeze(text).text` without building the origin map."""
    return "".join(fold_chars(text).split())


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """Canonical form of a table label for comparison with the template.

    Drops whitespace, folds width and quotes, treats "1、" like "1." and
    ignores a trailing colon or pipe left by the extraction.
    """
    # str.replace, not translate: a "label" can be a whole glued-together page.
    key = squeeze_text(text).replace("、", ".").replace("·", ".")
    key = key.rstrip(":|")
    if key.endswith(")"):
        # The printed form's filling note kept in the label: "规范性文件(指各行政机关印发的有正式文号的文件)".
        key = _FILLING_NOTE.sub("", key)
    return key


_FILLING_NOTE = compile_re(r"\((?:指|包括|含|注)[^()]*\)$")
