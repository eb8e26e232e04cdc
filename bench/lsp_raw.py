"""A raw JSON-RPC client for the gklint language server, shared by bench/fuzz_lsp.py and bench/lsp_soak.py.

Raw because a fuzzer must be able to send what no well-behaved client library
would: invalid JSON, batches, scalars, requests without `jsonrpc`, ids that are
objects. It starts `python -m gklint.lsp` over stdio, answers the server's own
requests (registerCapability, configuration) with null, and records every
publishDiagnostics, logMessage/showMessage and line of stderr.

Also here: an LSP text model written independently of gklint.lsp (client-side
truth: offsets → positions, as an editor computes them) and the catalogue of
malformed messages with the answer JSON-RPC/LSP require for each.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 30.0


def rss_mb(pid: int, name: str = "VmRSS") -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(rf"^{name}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else float("nan")


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


@dataclass
class RawServer:
    encoding: str = "utf-16"
    command: list[str] = field(default_factory=lambda: [sys.executable, "-m", "gklint.lsp"])
    proc: asyncio.subprocess.Process | None = None
    responses: dict[Any, dict[str, Any]] = field(default_factory=dict)
    null_id_errors: list[dict[str, Any]] = field(default_factory=list)
    published: dict[str, tuple[int | None, list[Any]]] = field(default_factory=dict)
    logs: list[tuple[int, str]] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _waiters: dict[Any, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _publish_event: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def start(self, root: Path, *, initialize: bool = True, debounce: int = 0) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            *self.command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=REPO,
            limit=2**26,
        )
        self._tasks = [asyncio.create_task(self._read()), asyncio.create_task(self._read_stderr())]
        if initialize:
            reply = await self.request(
                "initialize",
                {
                    "processId": None,
                    "rootUri": root.as_uri(),
                    "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                    "capabilities": {"general": {"positionEncodings": [self.encoding]}},
                    "initializationOptions": {"settings": {"run": "onType"}, "debounce": debounce},
                },
            )
            negotiated = reply["result"]["capabilities"].get("positionEncoding", "utf-16")
            assert negotiated == self.encoding, (negotiated, self.encoding)
            self.notify("initialized", {})

    async def stop(self) -> int:
        assert self.proc is not None
        try:
            await self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            code = await asyncio.wait_for(self.proc.wait(), 10)
        except (TimeoutError, ConnectionError, asyncio.TimeoutError):
            self.proc.kill()
            code = await self.proc.wait()
        for task in self._tasks:
            task.cancel()
        return code

    # --- sending ----------------------------------------------------------

    def send_bytes(self, data: bytes) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(data)

    def send(self, message: Any) -> None:
        self.send_bytes(frame(json.dumps(message, ensure_ascii=False).encode("utf-8")))

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def next_id(self) -> int:
        return next(self._ids)

    def expect(self, msg_id: Any) -> asyncio.Future[dict[str, Any]]:
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        key = json.dumps(msg_id)
        if key in self.responses:
            fut.set_result(self.responses.pop(key))
        else:
            self._waiters[key] = fut
        return fut

    async def request(self, method: str, params: Any, *, timeout: float = TIMEOUT) -> dict[str, Any]:
        msg_id = self.next_id()
        fut = self.expect(msg_id)
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return await asyncio.wait_for(fut, timeout)

    async def document_text(self, uri: str) -> dict[str, Any] | None:
        reply = await self.request("gklint/documentText", {"uri": uri})
        return reply.get("result")

    async def wait_published(self, uri: str, version: int, timeout: float = TIMEOUT) -> list[Any]:
        async def wait() -> list[Any]:
            while True:
                got = self.published.get(uri)
                if got is not None and got[0] == version:
                    return got[1]
                self._publish_event.clear()
                await self._publish_event.wait()

        return await asyncio.wait_for(wait(), timeout)

    # --- receiving --------------------------------------------------------

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = await out.readline()
                if not line:
                    return
                if not line.strip():
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None, "a message without Content-Length"
            self._dispatch(json.loads(await out.readexactly(length)))

    async def _read_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            self.stderr.append(line.decode("utf-8", "replace"))

    def _dispatch(self, msg: dict[str, Any]) -> None:
        method = msg.get("method")
        if method is not None and "id" in msg:  # the server asks us something
            result: Any = None
            if method == "workspace/configuration":
                result = [None for _ in msg.get("params", {}).get("items", [])]
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        elif method == "textDocument/publishDiagnostics":
            params = msg["params"]
            self.published[params["uri"]] = (params.get("version"), params["diagnostics"])
            self._publish_event.set()
        elif method in ("window/logMessage", "window/showMessage"):
            self.logs.append((msg["params"]["type"], msg["params"]["message"]))
        elif method is None:
            if msg.get("id") is None:
                self.null_id_errors.append(msg)
                return
            key = json.dumps(msg["id"])
            waiter = self._waiters.pop(key, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(msg)
            else:
                self.responses[key] = msg

    def internal_errors(self) -> list[str]:
        """Anything that would alarm a user: error-level log lines, tracebacks, 内部错误."""
        found = [text for kind, text in self.logs if kind == 1 or "内部错误" in text]
        found += [line for line in self.stderr if "Traceback" in line or "内部错误" in line]
        return found


# --- the client-side text model ---------------------------------------------

_BREAK = re.compile(r"\r\n|\r|\n")


def units(chunk: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(chunk.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(chunk)
    return len(chunk.encode("utf-16-le", "surrogatepass")) // 2


def line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def position(text: str, offset: int, encoding: str) -> dict[str, int]:
    """The LSP position of a code-point offset, as an editor computes it."""
    starts = line_starts(text)
    line = max(i for i, start in enumerate(starts) if start <= offset)
    return {"line": line, "character": units(text[starts[line] : offset], encoding)}


def boundaries(text: str) -> list[int]:
    """Offsets a position can name: not between the "\\r" and "\\n" of a CRLF."""
    return [
        i for i in range(len(text) + 1) if not (0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n")
    ]


# --- malformed traffic --------------------------------------------------------

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602


@dataclass(frozen=True)
class Hostile:
    """A message and the answer it must get: None (no answer), or an error code, with its id or null."""

    name: str
    body: bytes
    code: int | None = None
    id: Any = None
    result: bool = False  # answered with a (null or real) result, not an error


def _json(message: Any) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode("utf-8")


def hostile_messages(uri: str, start_id: int) -> list[Hostile]:
    """One of each kind of malformed traffic; request ids from `start_id` on."""
    ids = itertools.count(start_id)
    doc = {"uri": uri}

    def req(method: str, params: Any = None, **extra: Any) -> tuple[int, bytes]:
        msg_id = next(ids)
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method, **extra}
        if params is not None:
            message["params"] = params
        return msg_id, _json(message)

    out: list[Hostile] = [
        Hostile("invalid JSON", b'{"jsonrpc": "2.0", "id": ', PARSE_ERROR),
        Hostile("not UTF-8", b'{"jsonrpc": "2.0", "method": "\xff\xfe"}', PARSE_ERROR),
        Hostile("NaN", b'{"jsonrpc": "2.0", "id": NaN, "method": "x"}', PARSE_ERROR),
        Hostile("deep nesting", b"[" * 100_000 + b"]" * 100_000, PARSE_ERROR),
        Hostile("empty batch", b"[]", INVALID_REQUEST),
        Hostile("batch", _json([{"jsonrpc": "2.0", "id": "b1", "method": "shutdown"}]), INVALID_REQUEST),
        Hostile("scalar number", b"42", INVALID_REQUEST),
        Hostile("scalar string", b'"initialize"', INVALID_REQUEST),
        Hostile("null", b"null", INVALID_REQUEST),
        Hostile("empty object", b"{}", INVALID_REQUEST),
        Hostile(
            "object id",
            _json({"jsonrpc": "2.0", "id": {"a": 1}, "method": "textDocument/hover"}),
            INVALID_REQUEST,
        ),
        Hostile("fraction id", _json({"jsonrpc": "2.0", "id": 1.5, "method": "shutdown"}), INVALID_REQUEST),
        Hostile(
            "method not a string", _json({"jsonrpc": "2.0", "id": "m", "method": 7}), INVALID_REQUEST, "m"
        ),
        Hostile("unknown notification", _json({"jsonrpc": "2.0", "method": "gklint/nothing", "params": {}})),
        Hostile("$/ notification", _json({"jsonrpc": "2.0", "method": "$/somethingNew", "params": {}})),
        Hostile(
            "bad notification params",
            _json({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": 5}),
        ),
        Hostile(
            "didChange unopened",
            _json(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didChange",
                    "params": {
                        "textDocument": {"uri": uri + ".never", "version": 2},
                        "contentChanges": [{"text": "x"}],
                    },
                }
            ),
        ),
        Hostile(
            "cancel unknown", _json({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 999999}})
        ),
        Hostile("stray response", _json({"jsonrpc": "2.0", "id": 424242, "result": {"x": 1}})),
        Hostile(
            "stray error response",
            _json({"jsonrpc": "2.0", "id": None, "error": {"code": 1, "message": "?"}}),
        ),
        Hostile(
            "config string",
            _json({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": "x"}),
        ),
        Hostile(
            "config garbage",
            _json(
                {
                    "jsonrpc": "2.0",
                    "method": "workspace/didChangeConfiguration",
                    "params": {
                        "settings": {"gklint": {"debounce": "fast", "select": 3, "run": [1], "enable": "yes"}}
                    },
                }
            ),
        ),
        Hostile(
            "config deep",
            _json(
                {
                    "jsonrpc": "2.0",
                    "method": "workspace/didChangeConfiguration",
                    "params": {"settings": json.loads('{"settings":' * 500 + "1" + "}" * 500)},
                }
            ),
        ),
    ]
    for name, params, code in [
        ("hover without params", None, INVALID_PARAMS),
        ("hover string position", {"textDocument": doc, "position": "0:0"}, INVALID_PARAMS),
        (
            "hover string line",
            {"textDocument": doc, "position": {"line": "3", "character": 0}},
            INVALID_PARAMS,
        ),
        ("hover negative", {"textDocument": doc, "position": {"line": -1, "character": 0}}, INVALID_PARAMS),
        ("hover huge", {"textDocument": doc, "position": {"line": 2**40, "character": 0}}, INVALID_PARAMS),
        ("hover bool", {"textDocument": doc, "position": {"line": True, "character": 0}}, INVALID_PARAMS),
        (
            "hover uri object",
            {"textDocument": {"uri": {"x": 1}}, "position": {"line": 0, "character": 0}},
            INVALID_PARAMS,
        ),
        ("params scalar", 5, INVALID_PARAMS),
        ("codeAction garbage", {"textDocument": doc, "range": [], "context": {}}, INVALID_PARAMS),
        ("unknown command", {"command": "rm -rf", "arguments": []}, INVALID_PARAMS),
        ("command bad args", {"command": "gklint.ignoreInFile", "arguments": [{"a": 1}]}, INVALID_PARAMS),
    ]:
        method = (
            "workspace/executeCommand"
            if "command" in name
            else ("textDocument/codeAction" if "codeAction" in name else "textDocument/hover")
        )
        msg_id, body = req(method, params)
        out.append(Hostile(name, body, code, msg_id))
    msg_id = next(ids)
    out.append(
        Hostile(
            "no jsonrpc field",
            _json(
                {
                    "id": msg_id,
                    "method": "textDocument/hover",
                    "params": {"textDocument": doc, "position": {"line": 0, "character": 0}},
                }
            ),
            INVALID_REQUEST,
            msg_id,
        )
    )
    msg_id, body = req("gklint/unknownRequest", {})
    out.append(Hostile("unknown method", body, METHOD_NOT_FOUND, msg_id))
    msg_id, body = req("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    out.append(Hostile("second initialize", body, INVALID_REQUEST, msg_id))
    for name, position in [
        ("hover past the end", {"line": 100_000, "character": 5}),
        ("hover past the line", {"line": 0, "character": 100_000}),
    ]:
        msg_id, body = req("textDocument/hover", {"textDocument": doc, "position": position})
        out.append(Hostile(name, body, None, msg_id, result=True))
    return out


async def check_hostile(server: RawServer, item: Hostile) -> str | None:
    """Send one hostile message; None if the server answered as required, else what went wrong."""
    before = len(server.null_id_errors)
    fut = server.expect(item.id) if item.id is not None else None
    server.send_bytes(frame(item.body))
    # A round trip after it: the server handles messages in order, so once
    # this is answered any answer to `item` has arrived too.
    await server.request("gklint/documentText", {"uri": "untitled:probe"})
    if item.id is not None:
        assert fut is not None
        try:
            # A valid request (a hover) may still be linting on the worker
            # thread: answers to those need not come in order.
            reply = await asyncio.wait_for(fut, TIMEOUT)
        except (TimeoutError, asyncio.TimeoutError):
            return f"{item.name}: no response within {TIMEOUT:.0f} s"
        if item.result:
            return None if "result" in reply else f"{item.name}: expected a result, got {reply}"
        code = reply.get("error", {}).get("code")
        return None if code == item.code else f"{item.name}: expected error {item.code}, got {reply}"
    new = server.null_id_errors[before:]
    if item.code is None:
        return None if not new else f"{item.name}: expected no answer, got {new}"
    if len(new) != 1 or new[0]["error"]["code"] != item.code:
        return f"{item.name}: expected one error {item.code} with id null, got {new}"
    return None
