"""JSON-RPC classification and the LSP lifecycle, without a server (gklint.lsp.envelope)."""

from __future__ import annotations

from typing import Any

import pytest

from gklint.lsp.envelope import (
    INVALID_PARAMS,
    INVALID_REQUEST,
    SERVER_NOT_INITIALIZED,
    Lifecycle,
    Notification,
    Reject,
    Request,
    Response,
    classify,
    decode,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}},
            Request(1, "textDocument/hover"),
        ),
        ({"jsonrpc": "2.0", "id": "a", "method": "shutdown", "params": None}, Request("a", "shutdown")),
        ({"jsonrpc": "2.0", "method": "exit"}, Notification("exit")),
        ({"jsonrpc": "2.0", "id": 3, "result": None}, Response(3)),
        ({"jsonrpc": "2.0", "id": 3, "error": {"code": 1, "message": "x"}}, Response(3)),
    ],
)
def test_well_formed_messages(raw: Any, expected: object) -> None:
    assert classify(raw) == expected


@pytest.mark.parametrize(
    ("raw", "answer", "answer_id", "code"),
    [
        ([], True, None, INVALID_REQUEST),
        ([{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}], True, None, INVALID_REQUEST),
        (42, True, None, INVALID_REQUEST),
        (None, True, None, INVALID_REQUEST),
        ({}, True, None, INVALID_REQUEST),
        ({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}, True, None, INVALID_REQUEST),
        ({"jsonrpc": "2.0", "id": 1.5, "method": "shutdown"}, True, None, INVALID_REQUEST),
        ({"jsonrpc": "2.0", "id": True, "method": "shutdown"}, True, None, INVALID_REQUEST),
        ({"jsonrpc": "2.0", "id": 7, "method": 7}, True, 7, INVALID_REQUEST),
        ({"id": 7, "method": "shutdown"}, True, 7, INVALID_REQUEST),
        ({"jsonrpc": "1.0", "id": "x", "method": "shutdown"}, True, "x", INVALID_REQUEST),
        ({"jsonrpc": "2.0", "id": 8, "method": "textDocument/hover", "params": 5}, True, 8, INVALID_PARAMS),
        # Never answered: notifications, and anything that looks like a response.
        ({"method": "exit"}, False, None, INVALID_REQUEST),
        ({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": "x"}, False, None, INVALID_PARAMS),
        ({"jsonrpc": "2.0", "id": None, "error": {"code": 1, "message": "?"}}, False, None, INVALID_REQUEST),
        ({"id": 3, "result": 1}, False, None, INVALID_REQUEST),
    ],
)
def test_malformed_messages(raw: Any, answer: bool, answer_id: object, code: int) -> None:
    rejected = classify(raw)
    assert isinstance(rejected, Reject)
    assert (rejected.answer, rejected.id, rejected.code) == (answer, answer_id, code)


@pytest.mark.parametrize("body", [b"{", b'{"a": NaN}', b"Infinity", b"\xff\xfe{}", b"[" * 100_000])
def test_decode_refuses_what_is_not_json(body: bytes) -> None:
    with pytest.raises((ValueError, RecursionError)):
        decode(body)


def test_lifecycle() -> None:
    life = Lifecycle()
    hover, initialize, shutdown = (
        Request(1, "textDocument/hover"),
        Request(2, "initialize"),
        Request(3, "shutdown"),
    )
    did_open, exit_ = Notification("textDocument/didOpen"), Notification("exit")

    assert (refused := life.check(hover)) is not None and refused.code == SERVER_NOT_INITIALIZED
    assert (dropped := life.check(did_open)) is not None and not dropped.answer
    assert life.check(exit_) is None
    assert life.check(initialize) is None
    life.dispatched(initialize)
    assert life.check(hover) is None and life.check(did_open) is None
    assert (again := life.check(Request(4, "initialize"))) is not None
    assert (again.answer, again.id, again.code) == (True, 4, INVALID_REQUEST)
    life.dispatched(shutdown)
    assert (late := life.check(hover)) is not None and (late.answer, late.code) == (True, INVALID_REQUEST)
    assert life.check(did_open) is not None
    assert life.check(exit_) is None
