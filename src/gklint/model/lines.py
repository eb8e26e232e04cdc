"""Split text into lines with their offsets (line terminators excluded)."""

from collections.abc import Iterator
from typing import NamedTuple


class Line(NamedTuple):
    number: int  # 0-based
    start: int
    end: int  # exclusive, before "\r\n" / "\n"
    text: str


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[Line]:
    """Lines of text[start:end]; `start` must be a line start or inside a line."""
    stop = len(text) if end is None else end
    number = text.count("\n", 0, start)
    pos = start
    while True:
        nl = text.find("\n", pos, stop)
        line_end = stop if nl == -1 else nl
        content_end = line_end - 1 if line_end > pos and text[line_end - 1] == "\r" else line_end
        yield Line(number, pos, content_end, text[pos:content_end])
        if nl == -1:
            break
        pos = nl + 1
        number += 1
