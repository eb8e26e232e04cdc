"""pytest-lsp fixtures: the real server over stdio, one process per test.

Per-test server options come from a marker:

    @pytest.mark.server(debounce=300, run="onSave", client="neovim", settings={...})
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import Session
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER_COMMAND = [sys.executable, "-m", "gklint.lsp"]

# Encoding each client negotiates: VS Code speaks UTF-16 only; Neovim 0.11
# lists utf-8 first, which pygls honours.
CLIENT_ENCODING = {"visual_studio_code": "utf-16", "neovim": "utf-8"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "server(**options): initializationOptions and client for the LSP fixture"
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "工作区"
    root.mkdir()
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def lsp(lsp_client: LanguageClient, request: pytest.FixtureRequest, workspace: Path):
    marker = request.node.get_closest_marker("server")
    options = dict(marker.kwargs) if marker else {}
    client_name = options.pop("client", "visual_studio_code")
    debounce = options.pop("debounce", 0)
    settings = {"enable": True, "run": "onType", "select": [], "ignore": [], **options.pop("settings", {})}
    assert not options, f"unknown server options {options}"

    session = Session(lsp_client, CLIENT_ENCODING[client_name])

    @lsp_client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        session.on_publish(params)

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(client: LanguageClient, params: types.RegistrationParams) -> None:
        session.registrations.extend(params.registrations)

    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(client_name),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name=workspace.name)],
            initialization_options={"settings": settings, "debounce": debounce},
        )
    )
    lsp_client.gklint_session = session  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def session(lsp: LanguageClient) -> Session:
    # pytest-lsp fixtures always hand out the client itself; the Session rides on it.
    return lsp.gklint_session  # type: ignore[attr-defined]
