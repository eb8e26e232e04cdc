"""pytest-lsp fixtures: the real server over stdio.

Starting a server costs about a second (importing lsprotocol dominates), so
tests without special needs share one server per module, each in its own
folder with its own document URIs. A test that changes server-wide state or
needs other initializationOptions asks for its own server with a marker:

    @pytest.mark.server(debounce=300, client="neovim", settings={"run": "onSave"})

Test modules run on a module-scoped event loop (`pytestmark`) so the shared
client and the tests live on the same loop.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Union

import pytest
import pytest_lsp
from cattrs import Converter
from lsp_helpers import Session
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

# Both entry points are exercised: shared servers start the way the VS Code
# extension starts them, per-test servers through the package's __main__.
CLI_COMMAND = [sys.executable, "-m", "gklint", "server"]
MODULE_COMMAND = [sys.executable, "-m", "gklint.lsp"]

# Encoding each client negotiates: VS Code speaks UTF-16 only; Neovim 0.11
# lists utf-8 first, which pygls honours.
CLIENT_ENCODING = {"visual_studio_code": "utf-16", "neovim": "utf-8"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "server(**options): initializationOptions and client for the LSP fixture"
    )


def _publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.gklint_session.on_publish(params)  # type: ignore[attr-defined]


def _register(client: LanguageClient, params: types.RegistrationParams) -> None:
    client.gklint_session.registrations.extend(params.registrations)  # type: ignore[attr-defined]


def _converter() -> Converter:
    """pygls's converter, minus an lsprotocol quirk: it structures every code action
    that has a `command` as a bare Command, dropping its title's action (kind,
    diagnostics, the nested command). Editors tell them apart by the type of
    `command`, as the spec says; so does this client."""
    converter = default_converter()

    def command_or_action(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    converter.register_structure_hook(Union[types.Command, types.CodeAction], command_or_action)  # noqa: UP007
    return converter


def _make_client() -> LanguageClient:
    # pytest-lsp's own factory keeps only the latest publish per URI; the
    # debounce test needs every one, and features cannot be re-registered later.
    client = LanguageClient(converter_factory=_converter)
    features = {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _publish,
        types.CLIENT_REGISTER_CAPABILITY: _register,
    }
    register_lsp_features(client, features)
    return client


SHARED = ClientServerConfig(server_command=CLI_COMMAND, client_factory=_make_client)
OWN = ClientServerConfig(server_command=MODULE_COMMAND, client_factory=_make_client)


async def _initialize(client: LanguageClient, options: dict[str, Any], root: Path) -> Session:
    options = dict(options)
    client_name = options.pop("client", "visual_studio_code")
    debounce = options.pop("debounce", 0)
    settings = {"enable": True, "run": "onType", "select": [], "ignore": [], **options.pop("settings", {})}
    capabilities = client_capabilities(client_name)
    encoding = options.pop("encoding", None)
    if encoding is not None:  # a client that offers only this position encoding
        capabilities.general = types.GeneralClientCapabilities(position_encodings=[encoding])
    assert not options, f"unknown server options {options}"

    session = Session(client, encoding or CLIENT_ENCODING[client_name], root)
    client.gklint_session = session  # type: ignore[attr-defined]
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options={"settings": settings, "debounce": debounce},
        )
    )
    assert (result.capabilities.position_encoding or "utf-16") == session.encoding
    return session


@pytest_lsp.fixture(config=SHARED, scope="module")
async def shared_lsp(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("shared") / "工作区"
    root.mkdir()
    await _initialize(lsp_client, {}, root)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=OWN, loop_scope="module")
async def own_lsp(lsp_client: LanguageClient, request: pytest.FixtureRequest, tmp_path: Path):
    marker = request.node.get_closest_marker("server")
    root = tmp_path / "工作区"
    root.mkdir()
    await _initialize(lsp_client, dict(marker.kwargs) if marker else {}, root)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=OWN, loop_scope="module")
async def bare_lsp(lsp_client: LanguageClient):
    """A server nobody has initialized yet; the test drives the lifecycle itself."""
    yield
    # pytest-lsp's teardown waits for the process to end: exit (after shutdown, if
    # the test sent one) ends it; the test may have ended it already.
    with contextlib.suppress(Exception):
        lsp_client.exit(None)


def _own(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("server") is not None


@pytest.fixture
def session(request: pytest.FixtureRequest) -> Iterator[Session]:
    # pytest-lsp fixtures always hand out the client itself; the Session rides on it.
    client = request.getfixturevalue("own_lsp" if _own(request) else "shared_lsp")
    session: Session = client.gklint_session
    yield session
    session.close_all()  # a shared server must not keep linting this test's documents


_counter = itertools.count()


@pytest.fixture
def workspace(session: Session, request: pytest.FixtureRequest) -> Path:
    """The folder the test's files go in: the workspace root, or a fresh folder inside a shared one."""
    if _own(request):
        return session.root
    folder = session.root / f"测试{next(_counter)}"
    folder.mkdir()
    return folder
