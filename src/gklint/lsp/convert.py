"""Code-point offsets ↔ LSP positions in the negotiated encoding.

gklint spans count code points; LSP columns count UTF-16 code units by
default (UTF-8 or UTF-32 if negotiated). A CJK Extension-B character or an
emoji is one code point but two UTF-16 units and four UTF-8 bytes, so every
column on a line after one must be re-counted or the squiggle drifts.

LSP lines end at "\\n", "\\r\\n" or "\\r" only — not at the other characters
`str.splitlines` breaks on (form feed, U+2028 …), which do turn up in text
pasted from PDFs. The index here follows the protocol, not Python.
"""

from __future__ import annotations

import bisect
import re

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _units(chunk: str, encoding: str) -> int:
    if encoding == UTF32 or chunk.isascii():
        return len(chunk)
    # surrogatepass: a lone surrogate from a half-decoded file must not raise.
    if encoding == UTF8:
        return len(chunk.encode("utf-8", "surrogatepass"))
    return len(chunk.encode("utf-16-le", "surrogatepass")) // 2


class PositionEncoder:
    """Converts between offsets into `text` and (line, character) in `encoding`."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding if encoding in (UTF8, UTF16, UTF32) else UTF16
        self._index: tuple[list[int], list[int]] | None = None

    def _lines(self) -> tuple[list[int], list[int]]:
        # Built on first use: most lints of a clean report convert nothing.
        if self._index is None:
            starts = [0]
            ends: list[int] = []  # line content end, terminator excluded
            for match in _LINE_BREAK.finditer(self.text):
                ends.append(match.start())
                starts.append(match.end())
            ends.append(len(self.text))
            self._index = (starts, ends)
        return self._index

    @property
    def line_count(self) -> int:
        return len(self._lines()[0])

    def line_text(self, line: int) -> str:
        starts, ends = self._lines()
        return self.text[starts[line] : ends[line]]

    def to_client(self, offset: int) -> tuple[int, int]:
        starts, ends = self._lines()
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(starts, offset) - 1
        # An offset inside a "\r\n" terminator is reported at the line's end.
        offset = min(offset, ends[line])
        return line, _units(self.text[starts[line] : offset], self.encoding)

    def to_offset(self, line: int, character: int) -> int:
        """Inverse of `to_client`; clamps past-the-end lines and columns, as LSP requires.

        A column inside a character (half a surrogate pair, part of a UTF-8
        sequence; no real client sends one) counts as the end of that character.
        """
        starts, ends = self._lines()
        if line < 0:
            return 0
        if line >= len(starts):
            return len(self.text)
        start, end = starts[line], ends[line]
        return start + column_to_index(self.text[start:end], max(character, 0), self.encoding)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def column_to_index(content: str, character: int, encoding: str) -> int:
    """The code-point index in one line's `content` of a column in `encoding` units.

    Linear in C, not a Python loop per character: a web archive glued into
    one line can be a megabyte long and every keystroke converts a column.
    """
    if encoding == UTF32 or content.isascii():
        return min(character, len(content))
    if encoding == UTF8:
        data = content.encode("utf-8", "surrogatepass")
        if character >= len(data):
            return len(content)
        cut = character
        while cut < len(data) and data[cut] & 0xC0 == 0x80:  # a continuation byte: finish the character
            cut += 1
        return len(data[:cut].decode("utf-8", "surrogatepass"))
    # UTF-16: the first k characters take k units plus one per astral character
    # among them; find the smallest k reaching `character` by bisection.
    astral = [m.start() for m in _ASTRAL.finditer(content)]
    if not astral:
        return min(character, len(content))
    low, high = 0, len(content)
    while low < high:
        mid = (low + high) // 2
        if mid + bisect.bisect_left(astral, mid) >= character:
            high = mid
        else:
            low = mid + 1
    return low
