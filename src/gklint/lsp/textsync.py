"""Open documents' text, kept exactly as the editor has it.

pygls's own TextDocument splits the text with `str.splitlines`, which also
breaks lines at vertical tab, form feed, U+001C–U+001E, U+0085, U+2028 and
U+2029. LSP positions count only "\\n", "\\r\\n" and "\\r" as line ends, so
with one of those characters in a report (they come with text pasted from
PDFs) pygls applies an incremental edit to a different line than the editor
did, and every diagnostic after it drifts. The server therefore keeps its own
copy of each open document, updated here with `PositionEncoder`, which
follows the protocol's line breaks in the negotiated position encoding.

Nothing here imports pygls or lsprotocol.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gklint.lsp.convert import PositionEncoder


@dataclass(frozen=True)
class Change:
    """One entry of didChange's contentChanges; `range` None replaces the whole text.

    `range` is (start line, start character, end line, end character) in the
    negotiated encoding's units.
    """

    text: str
    range: tuple[int, int, int, int] | None = None


def apply_change(text: str, change: Change, encoding: str) -> str:
    if change.range is None:
        return change.text
    start_line, start_char, end_line, end_char = change.range
    encoder = PositionEncoder(text, encoding)
    start = encoder.to_offset(start_line, start_char)
    end = encoder.to_offset(end_line, end_char)
    if end < start:
        # A reversed range is a client bug; reading it as the span it names
        # keeps the text closest to what that client shows.
        start, end = end, start
    return text[:start] + change.text + text[end:]


def apply_changes(text: str, changes: Iterable[Change], encoding: str) -> str:
    """Apply contentChanges in order: each range refers to the text after the previous one."""
    for change in changes:
        text = apply_change(text, change, encoding)
    return text


@dataclass
class OpenDocument:
    uri: str
    text: str
    version: int
    language_id: str | None


class DocumentStore:
    """The open documents by the URI spelling the client used."""

    def __init__(self) -> None:
        self._docs: dict[str, OpenDocument] = {}

    def open(self, uri: str, text: str, version: int, language_id: str | None) -> OpenDocument:
        doc = self._docs[uri] = OpenDocument(uri, text, version, language_id)
        return doc

    def change(self, uri: str, version: int, changes: Iterable[Change], encoding: str) -> OpenDocument | None:
        """None if `uri` is not open (a client bug): there is no text to apply the edit to."""
        doc = self._docs.get(uri)
        if doc is None:
            return None
        doc.text = apply_changes(doc.text, changes, encoding)
        doc.version = version
        return doc

    def close(self, uri: str) -> OpenDocument | None:
        return self._docs.pop(uri, None)

    def get(self, uri: str) -> OpenDocument | None:
        return self._docs.get(uri)

    def __contains__(self, uri: object) -> bool:
        return uri in self._docs

    def __len__(self) -> int:
        return len(self._docs)

    def uris(self) -> list[str]:
        return list(self._docs)
