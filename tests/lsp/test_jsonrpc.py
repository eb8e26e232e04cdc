"""Malformed and unexpected JSON-RPC traffic, over real stdio with the real server.

Every request gets exactly one answer (JSON-RPC 2.0 §5: an error object, with
the request's id or null when the id cannot be known); notifications and
responses are never answered; nothing is reported to the user as an internal
error and nothing prints a traceback.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from lsp_helpers import Session, Wire, codes, seed_text, with_window_2023
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient, client_capabilities

pytestmark = pytest.mark.asyncio(loop_scope="module")

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602
SERVER_NOT_INITIALIZED = -32002

_ids = itertools.count(1)


def _request(method: str, params: Any = None, **envelope: Any) -> tuple[int, dict[str, Any]]:
    msg_id = next(_ids)
    message = {"jsonrpc": "2.0", "id": msg_id, "method": method, **envelope}
    if params is not None:
        message["params"] = params
    return msg_id, message


def _hover(uri: str, position: Any) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": position}


@pytest.fixture
def wire(session: Session) -> Wire:
    client = session.client
    if not hasattr(client, "gklint_wire"):
        client.gklint_wire = Wire(client)  # type: ignore[attr-defined]
    return client.gklint_wire  # type: ignore[attr-defined,no-any-return]


def _user_visible_errors(session: Session) -> list[str]:
    return [
        m.message
        for m in session.client.log_messages
        if m.type == types.MessageType.Error or "内部错误" in m.message
    ]


async def _server_stderr(capfd: pytest.CaptureFixture[str]) -> str:
    """What the server wrote to stderr (the editor's output channel) during the test.

    pytest-lsp forwards it line by line from a task; a moment lets it catch up.
    """
    await asyncio.sleep(0.05)
    return capfd.readouterr().err


# Messages whose id cannot be known: answered with one error, id null.
UNANSWERABLE_ID = [
    ("invalid JSON", b'{"jsonrpc": "2.0", "id": 1, "method": ', PARSE_ERROR),
    ("not UTF-8", b'{"jsonrpc": "2.0", "method": "\xff"}', PARSE_ERROR),
    ("NaN is not JSON", b'{"jsonrpc": "2.0", "id": NaN, "method": "shutdown"}', PARSE_ERROR),
    ("nesting deeper than the decoder goes", b"[" * 100_000 + b"]" * 100_000, PARSE_ERROR),
    ("empty batch", b"[]", INVALID_REQUEST),
    ("batch", json.dumps([{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}]).encode(), INVALID_REQUEST),
    ("number", b"42", INVALID_REQUEST),
    ("string", b'"initialize"', INVALID_REQUEST),
    ("null", b"null", INVALID_REQUEST),
    ("empty object", b"{}", INVALID_REQUEST),
    (
        "object as id",
        json.dumps({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}).encode(),
        INVALID_REQUEST,
    ),
    (
        "fraction as id",
        json.dumps({"jsonrpc": "2.0", "id": 1.5, "method": "shutdown"}).encode(),
        INVALID_REQUEST,
    ),
    ("null id", json.dumps({"jsonrpc": "2.0", "id": None, "method": "shutdown"}).encode(), INVALID_REQUEST),
]


@pytest.mark.parametrize(
    ("body", "code"), [(b, c) for _, b, c in UNANSWERABLE_ID], ids=[n for n, _, _ in UNANSWERABLE_ID]
)
async def test_malformed_message_gets_one_error_with_null_id(
    session: Session, wire: Wire, body: bytes, code: int, capfd: pytest.CaptureFixture[str]
) -> None:
    mark = wire.send(body)
    await wire.settle()
    answers = wire.answers(mark)
    assert [(a["id"], a["error"]["code"]) for a in answers] == [(None, code)]
    assert _user_visible_errors(session) == []
    assert "Traceback" not in await _server_stderr(capfd)


# Notifications and responses: never answered, whatever is wrong with them.
SILENT = [
    ("unknown notification", {"jsonrpc": "2.0", "method": "gklint/nothing", "params": {}}),
    ("$/ notification", {"jsonrpc": "2.0", "method": "$/somethingNew", "params": {}}),
    (
        "notification without jsonrpc",
        {"method": "textDocument/didClose", "params": {"textDocument": {"uri": "x"}}},
    ),
    ("notification with bad params", {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": 5}),
    (
        "didOpen without text",
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {}}},
    ),
    (
        "didChange of a document never opened",
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": "untitled:never", "version": 2},
                "contentChanges": [{"text": "x"}],
            },
        },
    ),
    ("cancel of nothing", {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 987654}}),
    ("response to nothing", {"jsonrpc": "2.0", "id": 424242, "result": {"x": 1}}),
    ("error response with null id", {"jsonrpc": "2.0", "id": None, "error": {"code": 1, "message": "?"}}),
    ("response without jsonrpc", {"id": 5, "result": None}),
]


@pytest.mark.parametrize("message", [m for _, m in SILENT], ids=[n for n, _ in SILENT])
async def test_bad_notification_or_response_is_ignored(
    session: Session, wire: Wire, message: dict[str, Any], capfd: pytest.CaptureFixture[str]
) -> None:
    mark = wire.send(message)
    await wire.settle()
    assert wire.answers(mark) == []
    assert _user_visible_errors(session) == []
    assert await _server_stderr(capfd) == ""  # not even a warning: these are logged at debug level


def _invalid_params_requests(uri: str) -> list[tuple[str, str, Any]]:
    return [
        ("hover without params", "textDocument/hover", None),
        ("hover with a string position", "textDocument/hover", _hover(uri, "0:0")),
        ("hover with a string line", "textDocument/hover", _hover(uri, {"line": "3", "character": 0})),
        ("hover with a negative line", "textDocument/hover", _hover(uri, {"line": -1, "character": 0})),
        ("hover with a negative character", "textDocument/hover", _hover(uri, {"line": 0, "character": -5})),
        ("hover past uinteger", "textDocument/hover", _hover(uri, {"line": 2**40, "character": 0})),
        ("hover with a boolean line", "textDocument/hover", _hover(uri, {"line": True, "character": 0})),
        (
            "hover with an object URI",
            "textDocument/hover",
            {"textDocument": {"uri": {}}, "position": {"line": 0, "character": 0}},
        ),
        ("params as a scalar", "textDocument/hover", 5),
        (
            "code action with a garbage range",
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": [], "context": {}},
        ),
        ("unknown command", "workspace/executeCommand", {"command": "rm -rf /", "arguments": []}),
        (
            "command with bad arguments",
            "workspace/executeCommand",
            {"command": "gklint.ignoreInFile", "arguments": [{"a": 1}]},
        ),
        ("command without arguments", "workspace/executeCommand", {"command": "gklint.ignoreInFile"}),
    ]


async def test_invalid_params_get_invalid_params(
    session: Session, wire: Wire, workspace: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, with_window_2023(seed_text()))
    await session.published(uri, 1)
    for name, method, params in _invalid_params_requests(uri):
        msg_id, message = _request(method, params)
        mark = wire.send(message)
        await wire.settle()
        answers = wire.answers(mark)
        assert [(a["id"], a.get("error", {}).get("code")) for a in answers] == [(msg_id, INVALID_PARAMS)], (
            name
        )
    assert _user_visible_errors(session) == []
    assert await _server_stderr(capfd) == ""


async def test_envelope_errors_keep_the_request_id(session: Session, wire: Wire, workspace: Path) -> None:
    uri = (workspace / "report.txt").as_uri()
    cases = [
        (
            "no jsonrpc field",
            {"id": 9001, "method": "textDocument/hover", "params": _hover(uri, {"line": 0, "character": 0})},
            INVALID_REQUEST,
        ),
        ("jsonrpc 1.0", {"jsonrpc": "1.0", "id": 9002, "method": "shutdown"}, INVALID_REQUEST),
        ("method not a string", {"jsonrpc": "2.0", "id": 9003, "method": 7}, INVALID_REQUEST),
        (
            "unknown method",
            {"jsonrpc": "2.0", "id": 9004, "method": "gklint/unknown", "params": {}},
            METHOD_NOT_FOUND,
        ),
    ]
    for name, message, code in cases:
        mark = wire.send(message)
        await wire.settle()
        answers = wire.answers(mark)
        assert [(a["id"], a["error"]["code"]) for a in answers] == [(message["id"], code)], name
    assert _user_visible_errors(session) == []


async def test_positions_out_of_range_get_a_null_result(
    session: Session, wire: Wire, workspace: Path
) -> None:
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, with_window_2023(seed_text()))
    await session.published(uri, 1)
    for position in ({"line": 100_000, "character": 0}, {"line": 0, "character": 100_000}):
        hover = await session.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(**position),
            )
        )
        assert hover is None or isinstance(hover, types.Hover)
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=9_999, character=0), end=types.Position(line=99_999, character=7)
            ),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    # Past the end of the text: no diagnostic is there, only the file-wide fix-all remains.
    assert [a.kind for a in actions or [] if isinstance(a, types.CodeAction)] in (
        [],
        ["source.fixAll.gklint"],
    )
    assert _user_visible_errors(session) == []


async def test_unknown_command_is_invalid_params(session: Session) -> None:
    with pytest.raises(JsonRpcException) as raised:
        await session.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="gklint.noSuchCommand", arguments=[])
        )
    assert raised.value.code == INVALID_PARAMS
    assert _user_visible_errors(session) == []


GARBAGE_SETTINGS: list[Any] = [
    "x",
    [1, 2],
    {"gklint": {"debounce": "fast", "select": 3, "run": [1], "enable": "yes", "ignore": {"a": 1}}},
    {"gklint": {"debounce": 10**30}},
    {"gklint": {"debounce": -1.5}},
    {"gklint": None},
    json.loads('{"settings":' * 400 + "{}" + "}" * 400),
]


@pytest.mark.server()  # changes server-wide settings
async def test_garbage_configuration_is_ignored_and_linting_goes_on(
    session: Session, wire: Wire, workspace: Path
) -> None:
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, with_window_2023(seed_text()))
    assert "GK203" in codes(await session.published(uri, 1))
    for settings in GARBAGE_SETTINGS:
        mark = wire.send(
            {"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": settings}}
        )
        await wire.settle()
        assert wire.answers(mark) == []
    wire.send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": "garbage"})
    wire.send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration"})
    version = session.edit(uri, 0, 0, "　")
    assert "GK203" in codes(await session.published(uri, version))
    assert _user_visible_errors(session) == []


async def test_second_initialize_is_refused_and_documents_survive(
    session: Session, wire: Wire, workspace: Path
) -> None:
    uri = (workspace / "report.txt").as_uri()
    text = with_window_2023(seed_text())
    session.open(uri, text)
    await session.published(uri, 1)
    with pytest.raises(JsonRpcException) as raised:
        await session.client.initialize_async(
            types.InitializeParams(capabilities=client_capabilities("visual_studio_code"), root_uri=None)
        )
    assert raised.value.code == INVALID_REQUEST
    assert await wire.document_text(uri) == text
    version = session.edit(uri, 0, 0, "甲")
    assert "GK203" in codes(await session.published(uri, version))
    assert await wire.document_text(uri) == "甲" + text
    assert _user_visible_errors(session) == []


async def test_lifecycle_before_initialize_and_after_shutdown(bare_lsp: LanguageClient) -> None:
    client = bare_lsp
    wire = Wire(client)  # pytest-lsp refuses to send requests before initialize
    hover = _hover("untitled:x", {"line": 0, "character": 0})
    msg_id, message = _request("textDocument/hover", hover)
    wire.send(message)
    assert (await wire.answer(msg_id))["error"]["code"] == SERVER_NOT_INITIALIZED
    # A notification before initialize is dropped, not applied later.
    wire.send(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {
                    "uri": "untitled:early",
                    "languageId": "plaintext",
                    "version": 1,
                    "text": "x",
                }
            },
        }
    )
    await client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    assert await wire.document_text("untitled:early") is None
    await client.shutdown_async(None)
    msg_id, message = _request("textDocument/hover", hover)
    wire.send(message)
    assert (await wire.answer(msg_id))["error"]["code"] == INVALID_REQUEST
    msg_id, message = _request("shutdown")
    wire.send(message)
    assert (await wire.answer(msg_id))["error"]["code"] == INVALID_REQUEST
    assert [m.message for m in client.log_messages if m.type == types.MessageType.Error] == []


@pytest.mark.parametrize(("shutdown_first", "code"), [(True, 0), (False, 1)])
async def test_exit_ends_the_process(bare_lsp: LanguageClient, shutdown_first: bool, code: int) -> None:
    # Found while fuzzing: pygls's shutdown waited for the thread blocked reading
    # stdin, so a client that sent exit without closing the pipe waited forever;
    # and pygls's own client sends exit with "params": null.
    client = bare_lsp
    await client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    if shutdown_first:
        await client.shutdown_async(None)
    client.protocol.notify("exit", None)
    server = client._server
    assert server is not None
    assert await asyncio.wait_for(server.wait(), 10) == code


async def test_headers_are_read_as_the_base_protocol_says(session: Session, wire: Wire) -> None:
    # Header names are case-insensitive and Content-Type may come along; a blank
    # line between messages is tolerated. pygls's own reader matched only
    # "Content-Length: N" exactly and silently skipped anything else.
    body = json.dumps(
        {"jsonrpc": "2.0", "id": "hdr-1", "method": "gklint/documentText", "params": {"uri": "untitled:x"}}
    )
    raw = (
        b"\r\ncontent-length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
        % len(body)
        + body.encode()
    )
    writer = session.client.protocol.writer
    assert writer is not None
    writer.write(raw)
    assert (await wire.answer("hdr-1"))["result"] is None
