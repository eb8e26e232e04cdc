"""The gklint language server (pygls 2): push diagnostics, hover, code actions.

This is the only module in gklint that imports pygls; it wires requests and
notifications to plain-Python decisions in the sibling modules (which documents,
positions, fixes, hover text) and to `protocol.py`, which builds the
lsprotocol objects. Those can all be tested without a client.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import traceback
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import wraps
from pathlib import Path
from threading import Event
from typing import Any, TypeVar

import attrs
import cattrs
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError
from pygls.io_ import StdinAsyncReader, StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, default_converter
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage, JsonRPCResponseMessage
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from gklint import __version__, config
from gklint.engine import lint_document
from gklint.lsp import actions, envelope
from gklint.lsp.convert import PositionEncoder
from gklint.lsp.documents import Debouncer, should_lint
from gklint.lsp.envelope import Notification, Reject, Request, Response
from gklint.lsp.options import RUN_ON_SAVE, SECTION, ClientOptions, parse_options
from gklint.lsp.protocol import (
    Linted,
    LintRequest,
    Outcome,
    code_actions,
    hover_for,
    to_lsp,
)
from gklint.lsp.textsync import Change, DocumentStore
from gklint.ruledata import catalog
from gklint.settings import Settings
from gklint.source.document import SourceDocument

log = logging.getLogger("gklint.lsp")

CONFIG_FILE_NAMES = frozenset({config.GKLINT_TOML, config.PYPROJECT_TOML})
WATCH_REGISTRATION_ID = "gklint-config-watch"


class _Stale:
    """A newer edit arrived before this lint started; nothing was done."""


STALE = _Stale()


# A larger body is read and dropped unparsed: gklint's largest real input is a
# few MB, and reading a hostile Content-Length whole would exhaust memory.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
_DISCARD_CHUNK = 1024 * 1024

# Arguments each command takes, checked before dispatch so a malformed
# executeCommand gets InvalidParams instead of a traceback from pygls.
COMMAND_ARGUMENTS: dict[str, tuple[type, ...]] = {actions.IGNORE_COMMAND: (str, str)}


def uri_to_path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    try:
        fs_path = to_fs_path(uri)
    except Exception:  # a hostile URI ("file://[", …) is a document without a file
        log.debug("unusable file URI %r", uri, exc_info=True)
        return None
    if not fs_path or "\x00" in fs_path:
        return None
    return Path(fs_path)


def _strict(kind: type) -> Callable[[object, type], Any]:
    def structure(value: object, _: type) -> Any:
        # cattrs would call int("3"), int(1.5), str({...}), bool("false"): a
        # position given as a string must be invalid params, not line 3.
        if type(value) is not kind:
            raise TypeError(f"expected {kind.__name__}, got {value!r:.80}")
        return value

    return structure


def make_converter() -> cattrs.Converter:
    converter = default_converter()
    for kind in (int, str, bool):  # bool too, or the int hook would catch it (a subclass)
        converter.register_structure_hook(kind, _strict(kind))
    return converter


# A custom request, like rust-analyzer's viewFileText: the server's copy of an
# open document, so a test or fuzzer can check it matches the editor's byte
# for byte. Result: {"uri", "version", "text"}, or null if not open.
DOCUMENT_TEXT = "gklint/documentText"


@attrs.define
class DocumentTextRequest:
    id: int | str
    params: types.TextDocumentIdentifier
    method: str = DOCUMENT_TEXT
    jsonrpc: str = "2.0"


class GklintProtocol(LanguageServerProtocol):
    """pygls's LSP protocol with message validation and gklint's own document text.

    pygls structures a message while decoding its JSON (no id known yet, so a
    request with bad params gets no response at all), logs tracebacks for
    malformed traffic, lets a second initialize replace the workspace, and
    applies edits with `str.splitlines`. Here every raw message is first
    classified (`envelope`), answered with the right JSON-RPC error if it
    cannot be served, and logged once at debug level; open documents live in
    `GklintServer.documents` (see `textsync`).
    """

    _server: GklintServer

    def __init__(self, server: GklintServer, converter: cattrs.Converter) -> None:
        super().__init__(server, converter)
        self.lifecycle = envelope.Lifecycle()

    # --- incoming messages ----------------------------------------------

    def structure_message(self, data: dict[str, Any]) -> Any:
        # Called by pygls's reader as json.loads' object_hook: keep values raw,
        # handle_message structures them once it knows what they are.
        return data

    def receive(self, body: bytes) -> None:
        """One message body off the wire (used by `GklintServer.start_io`)."""
        try:
            raw = envelope.decode(body)
        except (ValueError, RecursionError) as exc:
            self.reject(Reject(f"not JSON: {exc}", answer=True, code=envelope.PARSE_ERROR))
            return
        self.handle_message(raw)

    def handle_message(self, message: Any) -> None:
        try:
            self._handle_raw(message)
        except Exception:
            # A bug of ours, not the client's: keep serving, say it once.
            log.exception("could not handle a message")

    def _handle_raw(self, raw: Any) -> None:
        kind = envelope.classify(raw)
        if isinstance(kind, Reject):
            self.reject(kind)
            return
        if isinstance(kind, Response):
            if kind.id not in self._request_futures:
                log.debug("ignored a response to %r: no such request", kind.id)
                return
            structured = self._structure_response(raw)
            if structured is not None:
                super().handle_message(structured)
            return
        rejected = self.lifecycle.check(kind) or self._check_method(kind)
        if rejected is not None:
            self.reject(rejected)
            return
        custom = DocumentTextRequest if kind.method == DOCUMENT_TEXT else None
        message_type = (
            custom
            or self.get_message_type(kind.method)
            or (JsonRPCRequestMessage if isinstance(kind, Request) else JsonRPCNotification)
        )
        try:
            structured = self._converter.structure(raw, message_type)
        except Exception as exc:
            self.reject(_invalid_params(kind, exc))
            return
        if kind.method == types.CANCEL_REQUEST and structured.params.id not in self._request_futures:
            log.debug("ignored $/cancelRequest for %r: not running", structured.params.id)
            return
        if kind.method == types.WORKSPACE_EXECUTE_COMMAND:
            rejected = _check_command(kind, structured.params)
            if rejected is not None:
                self.reject(rejected)
                return
        self.lifecycle.dispatched(kind)
        super().handle_message(structured)

    def _check_method(self, kind: Request | Notification) -> Reject | None:
        method = kind.method
        if method == types.CANCEL_REQUEST or method in self.fm.builtin_features or method in self.fm.features:
            return None
        if isinstance(kind, Request):
            return Reject(f"unknown method {method}", answer=True, id=kind.id, code=envelope.METHOD_NOT_FOUND)
        return Reject(f"unknown notification {method}")

    def _structure_response(self, raw: dict[str, Any]) -> Any:
        response_type: Any = (
            types.ResponseErrorMessage
            if "error" in raw
            else (self._result_types.pop(raw["id"], None) or JsonRPCResponseMessage)
        )
        try:
            return self._converter.structure(raw, response_type)
        except Exception as exc:
            log.debug("ignored a malformed response to %r: %s", raw.get("id"), exc)
            future = self._request_futures.pop(raw["id"], None)
            if future is not None and not future.done():
                future.set_exception(JsonRpcInternalError(f"malformed response: {exc}"))
            return None

    def reject(self, rejected: Reject) -> None:
        reason = rejected.reason if len(rejected.reason) <= 500 else f"{rejected.reason[:500]}…"
        log.debug("%s message: %s", "answered" if rejected.answer else "ignored", reason)
        if rejected.answer:
            # Written by hand: lsprotocol's ResponseErrorMessage drops a null id,
            # which JSON-RPC requires when the request's id is unknown.
            self._send_data(
                {
                    "jsonrpc": envelope.JSONRPC_VERSION,
                    "id": rejected.id,
                    "error": {"code": rejected.code, "message": reason},
                }
            )

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Any,
        callback: Any,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        # pygls keeps the future of every async notification handler (and of each
        # step of its built-in handlers) in _request_futures for good: ~1 KB per
        # keystroke, the growth a long session showed. Forget it once done.
        def done(future: Any) -> None:
            if self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)

        super()._execute_handler(msg_id, handler, done, args, kwargs)

    # --- documents ------------------------------------------------------

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        doc = params.text_document
        self._server.documents.open(doc.uri, doc.text, doc.version, doc.language_id)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        changes = [
            Change(change.text, _range_tuple(change.range))
            if isinstance(change, types.TextDocumentContentChangePartial)
            else Change(change.text)
            for change in params.content_changes
        ]
        ident = params.text_document
        if self._server.documents.change(ident.uri, ident.version, changes, self._server.encoding) is None:
            log.debug("ignored didChange for %s: not open", ident.uri)
            return
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        self._server.documents.close(params.text_document.uri)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


def _range_tuple(rng: types.Range) -> tuple[int, int, int, int]:
    return rng.start.line, rng.start.character, rng.end.line, rng.end.character


def _invalid_params(kind: Request | Notification, exc: Exception) -> Reject:
    detail = (
        "; ".join(str(e) for e in cattrs.transform_error(exc))
        if isinstance(exc, cattrs.BaseValidationError)
        else str(exc)
    )
    return Reject(
        f"{kind.method}: invalid params: {detail}",
        answer=isinstance(kind, Request),
        id=kind.id if isinstance(kind, Request) else None,
        code=envelope.INVALID_PARAMS,
    )


def _check_command(kind: Request | Notification, params: types.ExecuteCommandParams) -> Reject | None:
    wanted = COMMAND_ARGUMENTS.get(params.command)
    args = params.arguments or []
    if wanted is not None and len(args) == len(wanted) and all(map(isinstance, args, wanted)):
        return None
    reason = "unknown command" if wanted is None else "bad arguments for command"
    return Reject(
        f"{reason} {params.command!r}",
        answer=isinstance(kind, Request),
        id=kind.id if isinstance(kind, Request) else None,
        code=envelope.INVALID_PARAMS,
    )


class GklintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "gklint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=GklintProtocol,
            converter_factory=make_converter,
        )
        self.documents = DocumentStore()
        self.exit_code = 0
        self.options = ClientOptions()
        self.debouncer = Debouncer()
        self.results: dict[str, Linted] = {}
        self.published: set[str] = set()  # URIs holding non-cleared diagnostics
        self.reported_config_errors: set[str] = set()
        # Documents whose cached lint no longer counts although their text did not
        # change (the configuration did); a save must not skip re-linting them.
        self.stale: set[str] = set()
        # One worker: lints are CPU-bound under the GIL anyway, and a single
        # queue lets a lint skip itself when a newer edit is already waiting.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gklint-lint")

    # --- logging ------------------------------------------------------------

    def log_to_client(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        log.log(logging.ERROR if kind == types.MessageType.Error else logging.INFO, "%s", message)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # the transport may already be gone during shutdown
            log.debug("could not send log message", exc_info=True)

    def tell_user(self, message: str, kind: types.MessageType) -> None:
        self.log_to_client(message, kind)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def report_server_error(self, error: Exception, source: Any) -> None:
        if isinstance(error, JsonRpcException) and not isinstance(error, JsonRpcInternalError):
            # Already answered to the client as a JSON-RPC error: its mistake, not ours.
            log.debug("answered with an error: %r", error)
            return
        # pygls's default pops up "Error in server: …"; users cannot act on it,
        # so it goes to the log (the output channel) instead.
        self.log_to_client(f"gklint 内部错误：{error!r}", types.MessageType.Error)

    # --- transport ------------------------------------------------------------

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        """pygls's stdio server with gklint's message loop (see `read_messages`)."""
        self._stop_event = Event()
        reader = StdinAsyncReader(stdin or sys.stdin.buffer, self.thread_pool)
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(self.read_messages(reader))
        except BrokenPipeError:
            log.error("Connection to the client is lost! Shutting down the server.")
        except KeyboardInterrupt:
            pass
        except SystemExit as exc:  # the exit notification: 0 after shutdown, else 1
            self.exit_code = exc.code if isinstance(exc.code, int) else 1
        finally:
            self.shutdown()

    async def read_messages(self, reader: StdinAsyncReader) -> None:
        """Base-protocol framing: headers, a blank line, Content-Length bytes of JSON.

        pygls's own loop logs a traceback for a body that is not JSON and
        leaves the client without an answer; here every body goes to
        `GklintProtocol.receive`, which answers a parse error as JSON-RPC says.
        """
        assert self._stop_event is not None
        protocol: GklintProtocol = self.protocol  # type: ignore[assignment]
        while not self._stop_event.is_set():
            length: int | None = None
            while True:
                header = await reader.readline()
                if not header:
                    return  # the client closed the pipe
                if not header.strip():
                    if length is not None:
                        break
                    continue  # a blank line between messages
                name, _, value = header.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value) if value.strip().isdigit() else None
            assert length is not None
            if length > MAX_MESSAGE_BYTES:
                await self._discard(reader, length)
                protocol.reject(Reject(f"a {length}-byte message (limit {MAX_MESSAGE_BYTES})", answer=True))
                continue
            body = await reader.readexactly(length)
            if len(body) < length:
                return  # the pipe closed in the middle of a message
            protocol.receive(body)

    def shutdown(self) -> None:
        # pygls's shutdown waits for its thread pool, where one thread may sit
        # in a blocking read of stdin until the client closes the pipe.
        if self._stop_event is not None:
            self._stop_event.set()
        if self._thread_pool is not None:
            self._thread_pool.shutdown(wait=False, cancel_futures=True)
        self.executor.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    async def _discard(reader: StdinAsyncReader, length: int) -> None:
        while length > 0:
            chunk = await reader.readexactly(min(length, _DISCARD_CHUNK))
            if not chunk:
                return
            length -= len(chunk)

    # --- settings -----------------------------------------------------------

    @property
    def versioned_edits(self) -> bool:
        """Whether the client takes versioned documentChanges in workspace edits."""
        caps = self.client_capabilities.workspace
        return bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)

    @property
    def encoding(self) -> str:
        value = self.workspace.position_encoding
        return str(getattr(value, "value", value) or "utf-16")

    def workspace_roots(self) -> list[Path]:
        roots = []
        for folder in self.workspace.folders.values():
            path = uri_to_path(folder.uri)
            if path is not None:
                roots.append(path)
        if not roots and self.workspace.root_path:
            roots.append(Path(self.workspace.root_path))
        return roots

    def settings_for(self, path: Path | None) -> tuple[Settings, str | None]:
        """The config governing `path` with the editor's select/ignore on top, plus any config error.

        Not cached here: gklint.config caches parsed files keyed on mtime, so an
        edit made outside the editor is still picked up on the next keystroke.
        """
        if path is None:
            roots = self.workspace_roots()
            path = roots[0] / "未命名" if roots else None
        overrides = {"select": list(self.options.select) or None, "ignore": list(self.options.ignore) or None}
        error: str | None
        try:
            settings = config.settings_for(path)
        except config.ConfigError as exc:
            settings, error = Settings(), f"gklint 配置文件有误，已按默认设置检查：{exc}"
        except OSError as exc:
            settings, error = Settings(), f"无法读取 gklint 配置文件，已按默认设置检查：{exc}"
        else:
            error = None
        try:
            return config.apply_overrides(
                settings, overrides, "编辑器设置 gklint.select / gklint.ignore"
            ), error
        except config.ConfigError as exc:
            return settings, error or f"编辑器设置有误，已忽略：{exc}"

    def forget_settings(self) -> None:
        config.clear_cache()
        self.reported_config_errors.clear()

    # --- linting ------------------------------------------------------------

    def request_for(self, uri: str) -> LintRequest | None:
        doc = self.documents.get(uri)
        if doc is None:
            return None
        return LintRequest(uri, doc.version, doc.text, uri_to_path(uri), doc.language_id)

    def version_of(self, uri: str) -> int | None:
        doc = self.documents.get(uri)
        return doc.version if doc is not None else None

    def lint_sync(self, req: LintRequest, *, skip_stale: bool) -> Outcome | _Stale:
        """Runs on the worker thread; touches no pygls state, only reads the document's version."""
        if skip_stale and self.version_of(req.uri) != req.version:
            return STALE
        settings, error = self.settings_for(req.path)
        if not should_lint(
            req.text, uri=req.uri, path=req.path, language_id=req.language_id, settings=settings
        ):
            return Outcome(None, error)
        doc = SourceDocument(req.text, path=req.path)
        try:
            result = lint_document(doc, settings)
        except Exception as exc:
            if not settings.rule_packs:
                raise
            # A broken project rule pack is the user's to fix; meanwhile the
            # built-in rules still deserve to run.
            error = f"gklint 规则包有误，本次只用内置规则检查：{exc}"
            result = lint_document(doc, settings._replace(rule_packs=()))
        encoder = PositionEncoder(req.text, self.encoding)
        lsp = [to_lsp(diag, index, req, encoder) for index, diag in enumerate(result.diagnostics)]
        return Outcome(Linted(req, result, encoder, lsp), error)

    async def run_lint(self, req: LintRequest, *, skip_stale: bool) -> Outcome | _Stale:
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(
            self.executor, lambda: self.lint_sync(req, skip_stale=skip_stale)
        )
        if isinstance(outcome, Outcome) and outcome.config_error:
            self.report_config_error(outcome.config_error)
        return outcome

    def report_config_error(self, message: str) -> None:
        if message not in self.reported_config_errors:
            self.reported_config_errors.add(message)
            self.tell_user(message, types.MessageType.Error)

    async def lint_and_publish(self, uri: str) -> None:
        req = self.request_for(uri)
        if req is None or not self.options.enable:
            return
        cached = self.results.get(uri)
        if uri not in self.stale and cached is not None and cached.version == req.version:
            return  # e.g. a save right after typing stopped: already linted and published
        self.stale.discard(uri)
        try:
            outcome = await self.run_lint(req, skip_stale=True)
        except Exception:
            self.log_to_client(
                f"检查 {uri} 时出错（已跳过本次检查）：\n{traceback.format_exc()}", types.MessageType.Error
            )
            return
        if isinstance(outcome, _Stale):
            return
        if self.version_of(uri) != req.version:
            return  # closed or edited meanwhile: the newer run publishes
        if outcome.linted is None:
            self.results.pop(uri, None)
            self.clear(uri, req.version)
            return
        self.results[uri] = outcome.linted
        self.published.add(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=req.version, diagnostics=outcome.linted.lsp)
        )

    def clear(self, uri: str, version: int | None = None) -> None:
        if uri in self.published:
            self.published.discard(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=[])
            )

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        self.debouncer.schedule(uri, delay, lambda: self.lint_and_publish(uri))

    def relint_all(self) -> None:
        if not self.options.enable:
            self.debouncer.cancel_all()
            self.results.clear()
            for uri in list(self.published):
                self.clear(uri)
            return
        uris = self.documents.uris()
        self.stale.update(uris)
        for uri in uris:
            self.schedule(uri)

    async def current(self, uri: str) -> Linted | None:
        """The lint of the document as it is now (re-linted if the cache is behind)."""
        if not self.options.enable:
            return None
        req = self.request_for(uri)
        if req is None:
            return None
        cached = self.results.get(uri)
        if cached is not None and cached.version == req.version and uri not in self.stale:
            return cached
        outcome = await self.run_lint(req, skip_stale=False)
        return outcome.linted if isinstance(outcome, Outcome) else None

    def config_changed(self) -> None:
        self.forget_settings()
        self.relint_all()


# --- handlers ---------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


def guarded(handler: F) -> F:
    """Any exception is logged to the client and the server keeps serving."""

    @wraps(handler)
    async def wrapper(ls: GklintServer, *args: Any) -> Any:
        try:
            return await handler(ls, *args)
        except Exception:
            ls.log_to_client(
                f"gklint 内部错误（{handler.__name__}）：\n{traceback.format_exc()}", types.MessageType.Error
            )
            return None

    return wrapper  # type: ignore[return-value]


def _is_config_uri(uri: str) -> bool:
    return uri.rsplit("/", 1)[-1] in CONFIG_FILE_NAMES


def create_server() -> GklintServer:
    server = GklintServer()

    @server.feature(types.INITIALIZE)
    @guarded
    async def initialize(ls: GklintServer, params: types.InitializeParams) -> None:
        parsed = parse_options(params.initialization_options)
        ls.options = parsed.options
        for warning in parsed.warnings:
            ls.log_to_client(warning, types.MessageType.Warning)

    @server.feature(types.INITIALIZED)
    @guarded
    async def initialized(ls: GklintServer, params: types.InitializedParams) -> None:
        ls.log_to_client(f"gklint {__version__} 语言服务器已启动（位置编码 {ls.encoding}）。")
        caps = ls.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps else None
        if watched is None or not watched.dynamic_registration:
            return
        # Editors only forward events for files they were asked to watch; without
        # this, editing gklint.toml outside an open report would go unnoticed.
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in sorted(CONFIG_FILE_NAMES)]
        await ls.client_register_capability_async(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id=WATCH_REGISTRATION_ID,
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                    )
                ]
            )
        )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded
    async def did_open(ls: GklintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded
    async def did_change(ls: GklintServer, params: types.DidChangeTextDocumentParams) -> None:
        if ls.options.run == RUN_ON_SAVE:
            return
        ls.schedule(params.text_document.uri, ls.options.debounce_seconds)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded
    async def did_save(ls: GklintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if _is_config_uri(uri):
            ls.log_to_client(f"配置文件已保存，重新检查：{uri}")
            ls.config_changed()
        elif uri in ls.documents:
            ls.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded
    async def did_close(ls: GklintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.debouncer.cancel(uri)
        ls.results.pop(uri, None)
        ls.stale.discard(uri)
        ls.clear(uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded
    async def did_change_configuration(ls: GklintServer, params: types.DidChangeConfigurationParams) -> None:
        raw = params.settings
        caps = ls.client_capabilities.workspace
        if not raw and caps is not None and caps.configuration:
            # Pull-style clients send an empty notification and expect us to ask.
            values = await ls.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
            raw = {SECTION: values[0]} if values and isinstance(values[0], dict) else None
        if raw:
            parsed = parse_options(raw, ls.options)
            ls.options = parsed.options
            for warning in parsed.warnings:
                ls.log_to_client(warning, types.MessageType.Warning)
        ls.config_changed()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded
    async def did_change_watched_files(ls: GklintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(_is_config_uri(change.uri) for change in params.changes):
            ls.config_changed()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    @guarded
    async def did_change_folders(ls: GklintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.config_changed()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded
    async def hover(ls: GklintServer, params: types.HoverParams) -> types.Hover | None:
        linted = await ls.current(params.text_document.uri)
        if linted is None:
            return None
        return hover_for(linted, params.position, catalog())

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    @guarded
    async def code_action(ls: GklintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        linted = await ls.current(params.text_document.uri)
        if linted is None:
            return None
        return code_actions(linted, params, versioned=ls.versioned_edits) or None

    @server.feature(DOCUMENT_TEXT)
    async def document_text(ls: GklintServer, params: types.TextDocumentIdentifier) -> dict[str, Any] | None:
        doc = ls.documents.get(params.uri)
        return None if doc is None else {"uri": doc.uri, "version": doc.version, "text": doc.text}

    @server.command(actions.IGNORE_COMMAND)
    async def ignore_in_file(ls: GklintServer, uri: str, code: str) -> None:
        try:
            await _ignore_in_file(ls, uri, code)
        except Exception:
            ls.log_to_client(
                f"gklint 内部错误（忽略规则）：\n{traceback.format_exc()}", types.MessageType.Error
            )
            ls.tell_user(f"未能在配置中忽略 {code}，详情见 gklint 日志。", types.MessageType.Error)

    @server.feature(types.SHUTDOWN)
    async def shutdown(ls: GklintServer, params: None) -> None:
        ls.debouncer.cancel_all()
        ls.executor.shutdown(wait=False, cancel_futures=True)

    return server


async def _ignore_in_file(ls: GklintServer, uri: str, code: str) -> None:
    path = uri_to_path(uri)
    if path is None:
        ls.tell_user("未保存的文档无法写入忽略配置，请先保存文件。", types.MessageType.Warning)
        return
    try:
        governing = config.find_config(path)
    except config.ConfigError:
        governing = None  # a broken pyproject.toml: write a gklint.toml next to the reports instead
    target = actions.ignore_target(path, governing, ls.workspace_roots())
    try:
        await asyncio.to_thread(config.add_per_file_ignore, target.config_path, target.relative_glob, code)
    except config.ConfigError as exc:
        ls.tell_user(f"未能写入 {target.config_path}：{exc}", types.MessageType.Error)
        return
    ls.log_to_client(f"已在 {target.config_path} 中为 {target.relative_glob} 忽略 {code}。")
    ls.config_changed()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gklint server", description="gklint 语言服务器（标准输入输出）")
    parser.add_argument("--stdio", action="store_true", help="使用标准输入输出通信（默认）")
    parser.add_argument("--log-level", default="WARNING", help="写到标准错误的日志级别（默认 WARNING）")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    server = create_server()
    server.start_io()
    # The thread reading stdin may still be blocked in read() if the client
    # sent exit without closing the pipe; the interpreter's normal exit would
    # wait for it forever, so leave directly once everything is flushed.
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(server.exit_code)
