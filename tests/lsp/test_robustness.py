"""Whatever the editor sends, the server keeps answering and stays quiet about non-reports."""

from __future__ import annotations

import asyncio
import itertools
import random
from pathlib import Path

import pytest
from lsp_helpers import Session, codes, seed_text, with_window_2023
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def _still_serving(session: Session, uri: str) -> None:
    # A request/response round trip proves the server loop is alive.
    await asyncio.wait_for(
        session.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=0, character=0),
            )
        ),
        timeout=10,
    )


def _internal_errors(session: Session) -> list[str]:
    return [m.message for m in session.client.log_messages if m.type == types.MessageType.Error]


async def test_non_report_gets_no_diagnostics_at_all(session: Session, workspace: Path) -> None:
    notes = (workspace / "notes.txt").as_uri()
    session.open(notes, "会议纪要\n一、总体情况还不错\n下周继续。\n")
    code = (workspace / "report.py").as_uri()
    session.open(code, seed_text(), language_id="python")  # a report's text, but not a text document
    await _still_serving(session, notes)
    await asyncio.sleep(0.3)
    assert session.for_uri(notes) == [] and session.for_uri(code) == []
    assert _internal_errors(session) == []


def _garbage(seed: int) -> str:
    rng = random.Random(seed)
    noise = bytes(rng.randrange(256) for _ in range(4000)).decode("latin-1")
    return noise + "\x00\x0c\u2028\r\r\n\ufeff" + "政府信息公开工作年度报告" + noise[::-1]


async def test_binary_garbage_does_not_crash(session: Session, workspace: Path) -> None:
    uri = (workspace / "garbage.txt").as_uri()
    session.open(uri, _garbage(1))  # contains the report phrase, so it is linted
    await session.published(uri, 1)
    for seed in range(2, 6):
        session.replace_all(uri, _garbage(seed))
    await session.published(uri, session.versions[uri])
    await _still_serving(session, uri)
    assert _internal_errors(session) == []


async def test_half_typed_report_does_not_crash(session: Session, workspace: Path) -> None:
    full = with_window_2023(seed_text())
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, full[:30])
    await asyncio.sleep(0)
    # Grow the report in uneven chunks, as if typed or pasted piece by piece,
    # cutting tables and headings in the middle.
    cuts = [*range(30, len(full), 397), len(full)]
    for start, end in itertools.pairwise(cuts):
        session.edit(uri, start, start, full[start:end])
    final = await session.published(uri, session.versions[uri])
    assert "GK203" in codes(final)
    await _still_serving(session, uri)
    assert _internal_errors(session) == []


async def test_requests_for_unknown_documents_are_harmless(session: Session, workspace: Path) -> None:
    uri = (workspace / "never-opened.txt").as_uri()
    await _still_serving(session, uri)
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
            ),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert not actions


async def test_untitled_document_is_linted(session: Session) -> None:
    uri = "untitled:Untitled-1"
    session.open(uri, with_window_2023(seed_text()))
    assert "GK203" in codes(await session.published(uri, 1))


NON_FILE_URIS = [
    "untitled:Untitled-2",
    "vscode-notebook-cell:/home/clerk/notes.ipynb#W0sZmlsZQ%3D%3D",
    "gitlens://abc/%E6%8A%A5%E5%91%8A.txt?ref=HEAD",
    "file:///tmp/%00report.txt",  # a NUL byte: no usable path
    "file://[broken/report.txt",  # not even parseable as a URL
    "zz:",
]


@pytest.mark.server()  # its own workspace root, whose gklint.toml must apply
async def test_non_file_documents_use_the_workspace_settings(session: Session, workspace: Path) -> None:
    (workspace / "gklint.toml").write_text('ignore = ["GK203"]\n', encoding="utf-8")
    text = with_window_2023(seed_text())
    for uri in NON_FILE_URIS:
        session.open(uri, text)
    for uri in NON_FILE_URIS:
        # Published at all: linted as a report, whatever the URI (a non-report gets
        # no publish); without GK203: under the workspace's gklint.toml, which
        # test_untitled_document_is_linted shows is what removes it.
        diags = await session.published(uri, 1)
        assert "GK203" not in codes(diags), uri
    # Requests on them work too, and ignoring a rule needs a file to write to.
    await _still_serving(session, NON_FILE_URIS[0])
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="gklint.ignoreInFile", arguments=[NON_FILE_URIS[0], "GK104"])
    )
    assert _internal_errors(session) == []
