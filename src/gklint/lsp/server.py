"""The gklint language server (pygls 2): push diagnostics, hover, code actions.

This is the only module in gklint that imports pygls; it wires requests and
notifications to plain-Python decisions in the sibling modules (which documents,
positions, fixes, hover text) and to `protocol.py`, which builds the
lsprotocol objects. Those can all be tested without a client.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from gklint import __version__, config
from gklint.engine import lint_document
from gklint.lsp import actions
from gklint.lsp.convert import PositionEncoder
from gklint.lsp.documents import Debouncer, should_lint
from gklint.lsp.options import RUN_ON_SAVE, SECTION, ClientOptions, parse_options
from gklint.lsp.protocol import (
    Linted,
    LintRequest,
    Outcome,
    code_actions,
    hover_for,
    to_lsp,
)
from gklint.ruledata import catalog
from gklint.settings import Settings
from gklint.source.document import SourceDocument

log = logging.getLogger("gklint.lsp")

CONFIG_FILE_NAMES = frozenset({config.GKLINT_TOML, config.PYPROJECT_TOML})
WATCH_REGISTRATION_ID = "gklint-config-watch"


class _Stale:
    """A newer edit arrived before this lint started; nothing was done."""


STALE = _Stale()


def uri_to_path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    fs_path = to_fs_path(uri)
    return Path(fs_path) if fs_path else None


class GklintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "gklint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.options = ClientOptions()
        self.debouncer = Debouncer()
        self.results: dict[str, Linted] = {}
        self.published: set[str] = set()  # URIs holding non-cleared diagnostics
        # Open documents by the URI spelling the client used (pygls keys its own
        # store by the unquoted form, which must not leak into our notifications),
        # with the newest version seen; the worker thread reads it to skip stale lints.
        self.latest: dict[str, int] = {}
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
        # pygls's default pops up "Error in server: …"; users cannot act on it,
        # so it goes to the log (the output channel) instead.
        self.log_to_client(f"gklint 内部错误：{error!r}", types.MessageType.Error)

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
        if uri not in self.latest:
            return None
        doc = self.workspace.get_text_document(uri)
        return LintRequest(uri, doc.version or 0, doc.source, uri_to_path(uri), doc.language_id)

    def lint_sync(self, req: LintRequest, *, skip_stale: bool) -> Outcome | _Stale:
        """Runs on the worker thread; touches no pygls state except reading `latest`."""
        if skip_stale and self.latest.get(req.uri) != req.version:
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
        if self.latest.get(uri) != req.version:
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
        self.stale.update(self.latest)
        for uri in list(self.latest):
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
        doc = params.text_document
        ls.latest[doc.uri] = doc.version
        ls.schedule(doc.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded
    async def did_change(ls: GklintServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.latest[uri] = params.text_document.version
        if ls.options.run == RUN_ON_SAVE:
            return
        ls.schedule(uri, ls.options.debounce_seconds)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded
    async def did_save(ls: GklintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if _is_config_uri(uri):
            ls.log_to_client(f"配置文件已保存，重新检查：{uri}")
            ls.config_changed()
        elif uri in ls.latest:
            ls.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded
    async def did_close(ls: GklintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.debouncer.cancel(uri)
        ls.latest.pop(uri, None)
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
    create_server().start_io()
    return 0
