"""Configuration: workspace files, editor settings, and re-linting when either changes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsp_helpers import Session, codes, seed_text, with_window_2023
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def _open_report(session: Session, workspace: Path, name: str = "report.txt") -> str:
    report = workspace / name
    text = with_window_2023(seed_text())
    report.write_text(text, encoding="utf-8")
    session.open(report.as_uri(), text)
    assert "GK203" in codes(await session.published(report.as_uri(), 1))
    return report.as_uri()


async def test_workspace_gklint_toml_applies(session: Session, workspace: Path) -> None:
    (workspace / "gklint.toml").write_text('ignore = ["GK203"]\n', encoding="utf-8")
    report = workspace / "report.txt"
    session.open(report.as_uri(), with_window_2023(seed_text()))
    diags = await session.published(report.as_uri(), 1)
    assert "GK203" not in codes(diags)


@pytest.mark.server()  # changes server-wide settings
async def test_did_change_configuration_relints(session: Session, workspace: Path) -> None:
    uri = await _open_report(session, workspace)
    mark = session.mark()
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"gklint": {"enable": True, "run": "onType", "select": [], "ignore": ["GK203"]}}
        )
    )
    assert "GK203" not in codes(await session.published(uri, after=mark))

    mark = session.mark()
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gklint": {"select": ["GK2"], "ignore": []}})
    )
    diags = await session.published(uri, after=mark)
    assert "GK203" in codes(diags)
    assert all(str(code).startswith("GK2") for code in codes(diags))


@pytest.mark.server(settings={"select": ["GK203"]})
async def test_init_select(session: Session, workspace: Path) -> None:
    uri = await _open_report(session, workspace)
    assert set(codes(session.for_uri(uri)[-1].diagnostics)) == {"GK203"}


async def test_config_file_change_on_disk_relints(session: Session, workspace: Path) -> None:
    uri = await _open_report(session, workspace)
    # The server asked to be told about config files (VS Code supports dynamic registration).
    assert any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in session.registrations)

    config = workspace / "gklint.toml"
    config.write_text('ignore = ["GK203"]\n', encoding="utf-8")
    mark = session.mark()
    session.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    assert "GK203" not in codes(await session.published(uri, after=mark))

    config.write_text("ignore = []\n", encoding="utf-8")
    mark = session.mark()
    session.client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config.as_uri()))
    )
    assert "GK203" in codes(await session.published(uri, after=mark))


async def test_broken_config_is_reported_and_defaults_apply(session: Session, workspace: Path) -> None:
    (workspace / "gklint.toml").write_text("ignore = [GK203\n", encoding="utf-8")
    report = workspace / "report.txt"
    session.open(report.as_uri(), with_window_2023(seed_text()))
    assert "GK203" in codes(await session.published(report.as_uri(), 1))
    shown = [m for m in session.client.messages if m.type == types.MessageType.Error]
    assert shown and "gklint.toml" in shown[0].message


@pytest.mark.server(settings={"select": "GK203", "run": "sometimes"})
async def test_wrongly_typed_settings_are_logged(session: Session, workspace: Path) -> None:
    uri = await _open_report(session, workspace)
    assert set(codes(session.for_uri(uri)[-1].diagnostics)) == {"GK203"}  # a bare string is accepted
    warnings = [m.message for m in session.client.log_messages if m.type == types.MessageType.Warning]
    assert any("gklint.run" in w for w in warnings)


async def test_include_glob_lints_a_document_that_does_not_look_like_a_report(
    session: Session, workspace: Path
) -> None:
    (workspace / "gklint.toml").write_text('include = ["草稿/*.txt"]\n', encoding="utf-8")
    (workspace / "草稿").mkdir()
    draft = workspace / "草稿" / "开头.txt"
    session.open(draft.as_uri(), "巫溪县通城镇人民政府\n一、总体情况\n")
    assert await session.published(draft.as_uri(), 1)  # the draft gets the missing-section errors

    elsewhere = workspace / "notes.txt"
    session.open(elsewhere.as_uri(), "巫溪县通城镇人民政府\n一、总体情况\n")
    await asyncio.sleep(0.4)
    assert session.for_uri(elsewhere.as_uri()) == []


async def test_broken_rule_pack_falls_back_to_builtin_rules(session: Session, workspace: Path) -> None:
    (workspace / "gklint.toml").write_text('rule-packs = ["本地规则.toml"]\n', encoding="utf-8")
    (workspace / "本地规则.toml").write_text('[[rule]]\ncode = "X1"\n', encoding="utf-8")
    report = workspace / "report.txt"
    session.open(report.as_uri(), with_window_2023(seed_text()))
    assert "GK203" in codes(await session.published(report.as_uri(), 1))
    shown = [m.message for m in session.client.messages if m.type == types.MessageType.Error]
    assert any("本地规则.toml" in m for m in shown)
