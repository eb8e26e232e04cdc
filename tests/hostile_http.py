"""Hostile requests to `gklint serve`, and what every answer must be: shared by
tests/web/test_web_fuzz.py (bounded, hypothesis) and bench/fuzz.py (target "upload").

A request goes in-process through httpx's ASGI transport, so nothing listens on a port. The
uploads are the files of tests/hostile.py (random and almost-text bytes, real Word/HTML/PDF files
truncated or with flipped bytes, zip bombs, entity expansion, deep nesting) and real reports,
sent as a raw body or in multipart forms that may be malformed (no boundary, a wrong one, a part
cut off, too many parts, huge part headers, duplicate fields and parameters, bare LF line breaks,
flipped bytes), with a Content-Length that lies, a chunked body over the limit, a wrong
content type, a wrong method, and file names with path traversal, NUL, invalid UTF-8, CR/LF, or
thousands of characters.

The answer is always 200 or a 4xx (413 for size) — never a 5xx, never a traceback — with a Chinese
message (JSON `{"error": …}` under /api/), the success payload has the documented shape, nothing is
logged as a server failure, and a good upload sent afterwards gets exactly the CLI's findings.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote_from_bytes

import httpx

import hostile
from gklint.settings import Settings
from gklint.web import service
from gklint.web.app import ServeOptions, create_app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "example-report.txt"
LIMIT = 2 * 1024 * 1024  # the upload limit of the fuzzed app: big enough for the zip bombs to be read
ROUTES = ["/api/lint", "/api/lint", "/api/review", "/api/review", "/api/report", "/api/annotate"]
OK_STATUS = {200, 400, 404, 405, 413, 422}


class HostileRequest(NamedTuple):
    method: str
    path: str  # with its query string, already percent-encoded
    headers: list[tuple[bytes, bytes]]
    body: bytes | tuple[bytes, ...]  # a tuple is sent chunked, one chunk after another
    what: str  # for the failure message


class Answer(NamedTuple):
    status: int
    headers: httpx.Headers
    body: bytes


# --- what is uploaded -----------------------------------------------------------------------


def hostile_name(rng: random.Random) -> bytes:
    """A client-chosen file name, as raw bytes."""
    stem = rng.choice(
        [
            "报告".encode(),
            b"../../../etc/passwd",
            b"..\\..\\Windows\\win.ini",
            b"C:\\Users\\x\\Desktop\\report",
            b"/abs/path/report",
            b"a\x00b",
            b"\xff\xfe\xfd",
            "报告".encode("gb18030"),
            b"line\r\nX-Injected: 1",
            b"a" * rng.choice([255, 4000]),
            "长".encode() * 1500,
            b"",
            b".",
            b"..",
            b"\xe2\x80\xae" + b"txt.exe",  # right-to-left override
            b'quote"d',
        ]
    )
    return stem + rng.choice([b".txt", b".md", b".docx", b".html", b".pdf", b".doc", b".wps", b"", b".TXT"])


def hostile_content(rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    if kind == 0:
        return hostile.random_bytes(rng, rng.choice([0, 1, 100, 5000]))
    if kind == 1:
        found = hostile.hostile_file(rng)
        if found is not None:
            return found[1]
    if kind == 2:
        text = rng.choice(hostile.seed_texts())
        return hostile.mutate(text, rng).encode("utf-8", "replace")
    if kind == 3:
        return b""
    if kind == 4:  # an entity bomb in a web page
        return (
            b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(
                b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10) for i in range(8)
            )
            + b"]><html><body><p>&i;</p></body></html>"
        )
    return EXAMPLE.read_bytes()


def multipart(parts: list[tuple[bytes, bytes]], boundary: bytes, rng: random.Random) -> bytes:
    """A form with one file per (name, content), possibly mangled."""
    out = []
    for name, data in parts:
        disposition = b'form-data; name="file"; filename="' + name + b'"'
        if rng.random() < 0.1:  # duplicate parameters
            disposition += b'; filename="dup.txt"; name="other"'
        head = b"Content-Disposition: " + disposition + b"\r\nContent-Type: application/octet-stream\r\n"
        if rng.random() < 0.05:
            head += b"X-Huge: " + b"h" * rng.choice([10_000, 200_000]) + b"\r\n"
        out.append(b"--" + boundary + b"\r\n" + head + b"\r\n" + data + b"\r\n")
    if rng.random() < 0.1:  # a plain field, duplicated
        out.append(b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"\r\n\r\nvalue\r\n')
    body = b"".join(out) + b"--" + boundary + b"--\r\n"
    mangle = rng.randrange(8)
    if mangle == 0:  # a part cut off
        body = body[: rng.randint(0, len(body))]
    elif mangle == 1:  # bare LF line breaks
        body = body.replace(b"\r\n", b"\n")
    elif mangle == 2 and body:  # flipped bytes
        flipped = bytearray(body)
        for _ in range(rng.randint(1, 10)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        body = bytes(flipped)
    return body


def hostile_request(rng: random.Random) -> HostileRequest:
    route = rng.choice(ROUTES)
    headers: list[tuple[bytes, bytes]] = []
    kind = rng.randrange(10)
    if kind <= 1:  # a raw body, named in the query or a header
        body: bytes | tuple[bytes, ...] = hostile_content(rng)
        name = hostile_name(rng)[:3000]
        if rng.random() < 0.5:
            path = f"{route}?filename={quote_from_bytes(name)}"
        else:
            path, headers = route, [(b"x-filename", name.replace(b"\r", b"").replace(b"\n", b""))]
        what = f"raw body to {route}"
    elif kind <= 5:  # a multipart form
        boundary = rng.choice([b"gklint-fuzz", b"x", b"-" * 70, b"\xe6\x8a\xa5"])
        count = rng.choice([1, 1, 2, 5, rng.randint(40, 80)])
        parts = [(hostile_name(rng), hostile_content(rng) if i < 6 else b"x") for i in range(count)]
        body = multipart(parts, boundary, rng)
        declared = rng.choice(
            [
                b"multipart/form-data; boundary=" + boundary,
                b"multipart/form-data; boundary=" + boundary,
                b"multipart/form-data",  # no boundary
                b"multipart/form-data; boundary=wrong",
                b'Multipart/Form-Data; boundary="' + boundary + b'"',
                b"multipart/form-data; boundary=",
                b"multipart/form-data; boundary=" + boundary + b"; boundary=other",
            ]
        )
        path, headers = route, [(b"content-type", declared)]
        what = f"multipart ({count} parts) to {route} as {declared[:60]!r}"
    elif kind == 6:  # a Content-Length that lies
        body = hostile_content(rng)
        lie = rng.choice(
            [
                b"0",
                b"3",
                b"99999999999999999999999999",
                b"-1",
                b"\xc2\xb2",
                b"1e3",
                b" 12 ",
                b"abc",
                b"",
                b"+5",
            ]
        )
        path, headers = f"{route}?filename=a.txt", [(b"content-length", lie)]
        if rng.random() < 0.3:
            headers.append((b"content-length", b"1"))
        what = f"Content-Length {lie!r} to {route}"
    elif kind == 7:  # chunked, over the limit (or just under it)
        size = LIMIT + rng.choice([1, 100_000]) if rng.random() < 0.8 else LIMIT - 10
        chunk = rng.choice([1 << 16, 1 << 20])
        body = tuple(b"x" * min(chunk, size - i) for i in range(0, size, chunk))
        path = f"{route}?filename=big.txt"
        what = f"chunked {size} bytes to {route}"
    elif kind == 8:  # a wrong content type
        body = hostile_content(rng)
        declared = rng.choice(
            [
                b"application/json",
                b"text/plain",
                b"multipart/mixed; boundary=x",
                b"\xff\xfe",
                b";;;",
                b"x" * 5000,
            ]
        )
        path, headers = f"{route}?filename=a.txt", [(b"content-type", declared)]
        what = f"content type {declared[:40]!r} to {route}"
    else:  # a wrong method or path
        method = rng.choice(["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])
        path = rng.choice(
            [route, "/api/nothing", "/rules/" + quote_from_bytes(rng.randbytes(8)), "/static/../x"]
        )
        return HostileRequest(method, path, [], b"", f"{method} {path}")
    return HostileRequest("POST", path, headers, body, what)


# --- sending and judging --------------------------------------------------------------------


def new_app() -> httpx.AsyncClient:
    app = create_app(ServeOptions(max_upload_bytes=LIMIT, time_limit=120.0))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gklint.test")


async def send(client: httpx.AsyncClient, request: HostileRequest) -> Answer:
    content: bytes | AsyncIterator[bytes]
    if isinstance(request.body, tuple):
        chunks = request.body

        async def stream() -> AsyncIterator[bytes]:
            for chunk in chunks:
                yield chunk

        content = stream()
    else:
        content = request.body
    r = await client.request(request.method, request.path, headers=request.headers, content=content)
    return Answer(r.status_code, r.headers, r.content)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def check_answer(request: HostileRequest, answer: Answer) -> None:
    where = f"{request.what}: {answer.status} {answer.body[:300]!r}"
    assert answer.status in OK_STATUS, where
    assert b"Traceback" not in answer.body, where
    path = request.path.split("?")[0]
    if answer.status != 200:
        if path.startswith("/api/"):
            payload = json.loads(answer.body)
            assert list(payload) == ["error"] and _chinese(payload["error"]), where
        else:
            assert _chinese(answer.body.decode("utf-8")), where
        return
    assert request.method == "POST" and path.startswith("/api/"), where
    if path == "/api/lint":
        payload = json.loads(answer.body)
        assert isinstance(payload, list) and all(
            {"code", "message", "filename"} <= set(d) for d in payload
        ), where
        assert answer.headers["x-gklint-result"] in ("pass", "fail"), where
    elif path == "/api/review":
        payload = json.loads(answer.body)
        assert set(payload) == {"files", "errors", "rules"}, where
        assert all(_chinese(e["message"]) for e in payload["errors"]), where
    elif path == "/api/report":
        assert answer.headers["content-type"].startswith("text/html") and answer.body.startswith(
            b"<!DOCTYPE"
        ), where
    else:
        assert answer.body.startswith(b"PK"), where


@cache
def expected_findings() -> list[dict[str, object]]:
    """What the CLI's JSON says about the example report (uploaded as 报告.txt)."""
    result = service.lint_upload(service.Upload("报告.txt", EXAMPLE.read_bytes()), Settings())
    return json.loads(json.dumps(service.contract([result]), ensure_ascii=False))  # type: ignore[no-any-return]


async def check_still_serving(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/lint?filename=报告.txt", content=EXAMPLE.read_bytes())
    assert r.status_code == 200 and r.json() == expected_findings(), (
        "a good upload got a wrong answer afterwards"
    )


class _Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def no_server_errors() -> Iterator[None]:
    """Nothing is logged as a failed request (the 500 path logs a traceback)."""
    handler = _Failures()
    logger = logging.getLogger("gklint.web")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not handler.records, [r.getMessage() for r in handler.records]


def check_requests(requests: list[HostileRequest]) -> None:
    """Send `requests` to a fresh app alongside a good upload, judge every answer, then check a good
    upload still works."""

    async def judged(client: httpx.AsyncClient, request: HostileRequest) -> None:
        check_answer(request, await send(client, request))

    async def run() -> None:
        async with new_app() as client:
            # The hostile requests and a good one at the same time (one event loop, worker threads),
            # then the good one again: its findings never mix with theirs.
            await asyncio.gather(*(judged(client, r) for r in requests), check_still_serving(client))
            await check_still_serving(client)

    with no_server_errors():
        asyncio.run(run())
