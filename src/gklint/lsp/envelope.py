"""Which incoming JSON-RPC messages the server serves, answers with an error, or ignores.

Decided before pygls sees a message, from the raw JSON value, so that every
request gets exactly one response and nothing malformed ever reaches a
handler (or the user's output channel as a traceback). The rules follow
JSON-RPC 2.0 (https://www.jsonrpc.org/specification §4–5) and the LSP
lifecycle (initialize once, nothing but exit after shutdown):

- not an object (a batch array, a scalar) or an object that is neither a
  request, a notification nor a response → Invalid Request with id null;
- a request with `jsonrpc` other than "2.0" → Invalid Request with its id;
  an unusable id (an object, a fraction, null) → Invalid Request with id null;
- anything that looks like a response is never answered (two peers
  answering each other's errors would loop forever);
- notifications are never answered: a bad one is dropped.

Nothing here imports pygls or lsprotocol.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeGuard

JSONRPC_VERSION = "2.0"

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002

INITIALIZE = "initialize"
SHUTDOWN = "shutdown"
EXIT = "exit"

MessageId = int | str


@dataclass(frozen=True)
class Request:
    id: MessageId
    method: str


@dataclass(frozen=True)
class Notification:
    method: str


@dataclass(frozen=True)
class Response:
    id: MessageId


@dataclass(frozen=True)
class Reject:
    """Not served. `answer` False: dropped silently; True: an error response with `id` (None → null)."""

    reason: str
    answer: bool = False
    id: MessageId | None = None
    code: int = INVALID_REQUEST


Message = Request | Notification | Response


def _valid_id(value: object) -> TypeGuard[MessageId]:
    # LSP ids are integer | string; JSON-RPC discourages null and fractions.
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def classify(raw: Any) -> Message | Reject:
    """What a decoded JSON value is, as JSON-RPC 2.0 sees it."""
    if isinstance(raw, list):
        return Reject("a JSON-RPC batch (LSP does not use batches)", answer=True)
    if not isinstance(raw, dict):
        return Reject(f"not a JSON-RPC object: {type(raw).__name__}", answer=True)
    has_id = "id" in raw
    msg_id = raw.get("id")
    if "method" not in raw:
        if "result" in raw or "error" in raw:
            if raw.get("jsonrpc") == JSONRPC_VERSION and _valid_id(msg_id):
                return Response(msg_id)
            return Reject("a malformed response")
        return Reject("neither a request, a notification nor a response", answer=True)
    method = raw["method"]
    answer_id = msg_id if _valid_id(msg_id) else None
    if not isinstance(method, str):
        return Reject("the method is not a string", answer=True, id=answer_id)
    if has_id and not _valid_id(msg_id):
        return Reject(f"{method}: the id is neither an integer nor a string", answer=True)
    if raw.get("jsonrpc") != JSONRPC_VERSION:
        return Reject(f'{method}: "jsonrpc" is not "2.0"', answer=has_id, id=answer_id)
    # null is taken as absent: pygls's own client sends "params": null for shutdown and exit.
    if raw.get("params") is not None and not isinstance(raw["params"], dict | list):
        return Reject(
            f"{method}: params are neither an object nor an array",
            answer=has_id,
            id=answer_id,
            code=INVALID_PARAMS,
        )
    if has_id and _valid_id(msg_id):
        return Request(msg_id, method)
    return Notification(method)


def decode(body: bytes) -> Any:
    """The JSON value of one message body; ValueError (or RecursionError) if it is not JSON.

    Strict: UTF-8 only, and no NaN/Infinity (Python accepts them, JSON does not).
    """

    def reject_constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(body.decode("utf-8"), parse_constant=reject_constant)


class Lifecycle:
    """The LSP lifecycle: what may be served before initialize and after shutdown."""

    def __init__(self) -> None:
        self.initialized = False
        self.shut_down = False

    def check(self, message: Request | Notification) -> Reject | None:
        method = message.method
        if isinstance(message, Notification):
            if method == EXIT or (self.initialized and not self.shut_down):
                return None
            return Reject(f"{method} notification outside the session")
        if self.shut_down:
            return Reject(f"{method} after shutdown", answer=True, id=message.id)
        if method == INITIALIZE:
            if self.initialized:
                return Reject("the server is already initialized", answer=True, id=message.id)
            return None
        if not self.initialized:
            return Reject(
                f"{method} before initialize", answer=True, id=message.id, code=SERVER_NOT_INITIALIZED
            )
        return None

    def dispatched(self, message: Request | Notification) -> None:
        """Record that `message` passed validation and goes to its handler."""
        if isinstance(message, Request):
            if message.method == INITIALIZE:
                self.initialized = True
            elif message.method == SHUTDOWN:
                self.shut_down = True
