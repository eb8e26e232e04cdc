"""Test-side helpers for driving the gklint server through pytest-lsp.

Position arithmetic here is deliberately written independently of
gklint.lsp.convert (plain `str.encode`), so the tests check the server's
conversion rather than repeat it.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = FIXTURES / "000_89fc474536e2e148.txt"
WINDOW = "2024年1月1日至2024年12月31日"
WINDOW_2023 = "2023年1月1日至2023年12月31日"
TIMEOUT = 10.0


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def with_window_2023(text: str) -> str:
    """The classic copy-from-last-year slip: the statistics window still says 2023 (GK203)."""
    assert WINDOW in text
    return text.replace(WINDOW, WINDOW_2023, 1)


def units(chunk: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(chunk.encode("utf-8"))
    if encoding == "utf-32":
        return len(chunk)
    return len(chunk.encode("utf-16-le")) // 2


def line_starts(text: str) -> list[int]:
    """Where each LSP line starts: after "\r\n", "\r" or "\n", and nothing else
    (not \v, \f, U+2028 …, which `str.splitlines` would also break at)."""
    starts = [0]
    i = 0
    while i < len(text):
        if text[i] == "\r" and text[i + 1 : i + 2] == "\n":
            i += 2
            starts.append(i)
            continue
        if text[i] in "\r\n":
            starts.append(i + 1)
        i += 1
    return starts


def position(text: str, offset: int, encoding: str = "utf-16") -> types.Position:
    starts = line_starts(text)
    line = bisect.bisect_right(starts, offset) - 1
    return types.Position(line=line, character=units(text[starts[line] : offset], encoding))


def span_range(text: str, start: int, end: int, encoding: str = "utf-16") -> types.Range:
    return types.Range(start=position(text, start, encoding), end=position(text, end, encoding))


def offset_of(text: str, pos: types.Position, encoding: str = "utf-16") -> int:
    starts = line_starts(text)
    if pos.line >= len(starts):
        return len(text)
    start = starts[pos.line]
    end = starts[pos.line + 1] if pos.line + 1 < len(starts) else len(text)
    line = text[start:end]
    line = line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith(("\r", "\n")) else line
    for i in range(len(line) + 1):
        if units(line[:i], encoding) >= pos.character:
            return start + i
    return start + len(line)


def edits_for(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    found: list[types.TextEdit] = []
    if edit.changes:
        found.extend(edit.changes.get(uri, []))
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        if change.text_document.uri == uri:
            found.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    return found


def apply(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    spans = sorted(
        (
            (offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), e.new_text)
            for e in edits
        ),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


@dataclass
class Published:
    uri: str
    version: int | None
    diagnostics: list[types.Diagnostic]
    at: float


class Session:
    """A client plus a full log of publishDiagnostics (pytest-lsp keeps only the latest)."""

    def __init__(self, client: LanguageClient, encoding: str, root: Path) -> None:
        self.client = client
        self.encoding = encoding
        self.root = root
        self.log: list[Published] = []
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.registrations: list[types.Registration] = []

    def on_publish(self, params: types.PublishDiagnosticsParams) -> None:
        self.log.append(Published(params.uri, params.version, list(params.diagnostics), time.perf_counter()))

    def for_uri(self, uri: str) -> list[Published]:
        return [p for p in self.log if p.uri == uri]

    def open(self, uri: str, text: str, language_id: str = "plaintext") -> None:
        self.versions[uri] = 1
        self.texts[uri] = text
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)
            )
        )

    def replace_all(self, uri: str, text: str) -> int:
        version = self.versions[uri] = self.versions[uri] + 1
        self.texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return version

    def edit(self, uri: str, start: int, end: int, new_text: str) -> int:
        """An incremental change, as editors send while typing."""
        old = self.texts[uri]
        version = self.versions[uri] = self.versions[uri] + 1
        self.texts[uri] = old[:start] + new_text + old[end:]
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=span_range(old, start, end, self.encoding), text=new_text
                    )
                ],
            )
        )
        return version

    def close(self, uri: str) -> None:
        self.texts.pop(uri, None)
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    def close_all(self) -> None:
        for uri in list(self.texts):
            self.close(uri)

    def save(self, uri: str) -> None:
        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    async def wait_for(self, predicate, timeout: float = TIMEOUT) -> Published:  # type: ignore[no-untyped-def]
        deadline = time.perf_counter() + timeout
        seen = 0
        while True:
            for item in self.log[seen:]:
                if predicate(item):
                    return item
            seen = len(self.log)
            if time.perf_counter() > deadline:
                raise AssertionError(f"no matching publishDiagnostics within {timeout}s; got {self.log!r}")
            await asyncio.sleep(0.005)

    async def published(
        self, uri: str, version: int | None = None, *, after: int = 0
    ) -> list[types.Diagnostic]:
        """Diagnostics of the first publish for `uri` (at `version`, if given) past log index `after`."""
        start = after

        def match(p: Published) -> bool:
            return p.uri == uri and (version is None or p.version == version) and self.log.index(p) >= start

        return (await self.wait_for(match)).diagnostics

    def mark(self) -> int:
        return len(self.log)

    async def code_actions(
        self, uri: str, diagnostics: list[types.Diagnostic], only: list[str] | None = None
    ) -> list[types.CodeAction]:
        rng = (
            diagnostics[0].range
            if diagnostics
            else types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
            )
        )
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=rng,
                context=types.CodeActionContext(diagnostics=diagnostics, only=only),
            )
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]


def codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return [str(d.code) for d in diagnostics]


def only(diagnostics: list[types.Diagnostic], code: str) -> types.Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, f"expected one {code}, got {codes(diagnostics)}"
    return found[0]


SETTLE = "settle-"


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Wire:
    """Raw bytes to the server, and every message it sends back as plain JSON.

    The pygls client under pytest-lsp can only send well-formed messages and
    drops answers it did not ask for (an error with id null), so malformed
    traffic goes straight to the server's stdin and a spy on the client's
    decoder keeps a copy of each top-level message.
    """

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.received: list[dict[str, Any]] = []
        self._settles = 0
        original = client.protocol.structure_message

        def spy(data: dict[str, Any]) -> Any:
            if "jsonrpc" in data and ("result" in data or "error" in data or "method" in data):
                self.received.append(dict(data))
            return original(data)

        client.protocol.structure_message = spy  # type: ignore[method-assign]

    def send(self, body: bytes | dict[str, Any] | list[Any]) -> int:
        """Send one message; returns the index in `received` from which its answers count."""
        if not isinstance(body, bytes):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        mark = len(self.received)
        writer = self.client.protocol.writer
        assert writer is not None
        writer.write(frame(body))
        return mark

    async def settle(self) -> None:
        """A round trip: the server answers in order, so earlier answers have arrived."""
        self._settles += 1
        request = self.client.protocol.send_request_async(
            "gklint/documentText", {"uri": "untitled:settle"}, msg_id=f"{SETTLE}{self._settles}"
        )
        await asyncio.wait_for(request, TIMEOUT)

    async def answer(self, msg_id: int | str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The response to the request with `msg_id`, once it arrives."""
        deadline = time.perf_counter() + timeout
        while True:
            for m in self.received:
                if "method" not in m and m.get("id") == msg_id:
                    return m
            if time.perf_counter() > deadline:
                raise AssertionError(f"no response to {msg_id!r} within {timeout}s")
            await asyncio.sleep(0.005)

    def answers(self, mark: int) -> list[dict[str, Any]]:
        """Responses received since `mark`, without the settle round trips."""
        return [
            m for m in self.received[mark:] if "method" not in m and not str(m.get("id")).startswith(SETTLE)
        ]

    async def document_text(self, uri: str) -> str | None:
        result = await self.client.protocol.send_request_async("gklint/documentText", {"uri": uri})
        if result is None:
            return None
        return result["text"] if isinstance(result, dict) else result.text
