"""Code actions: quick fixes, fix-all, and "ignore in this file" writing the config."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lsp_helpers import (
    WINDOW,
    Session,
    apply,
    codes,
    edits_for,
    only,
    seed_text,
    with_window_2023,
)
from lsprotocol import types

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from gklint.lsp.actions import FIX_ALL_KIND, IGNORE_COMMAND, UNSAFE_SUFFIX

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _quickfixes(actions: list[types.CodeAction], code: str) -> list[types.CodeAction]:
    return [
        a
        for a in actions
        if a.kind == types.CodeActionKind.QuickFix
        and a.edit is not None
        and any(d.code == code for d in a.diagnostics or [])
    ]


@pytest.mark.parametrize(
    "client",
    [
        pytest.param("visual_studio_code", marks=pytest.mark.server(client="visual_studio_code"), id="utf16"),
        pytest.param("neovim", marks=pytest.mark.server(client="neovim"), id="utf8"),
    ],
)
async def test_safe_quick_fix_removes_the_diagnostic(session: Session, workspace: Path, client: str) -> None:
    text = "𠀀" + with_window_2023(seed_text())  # astral char first: edits must survive the conversion
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, text)
    gk203 = only(await session.published(uri, 1), "GK203")

    fixes = _quickfixes(await session.code_actions(uri, [gk203]), "GK203")
    assert len(fixes) == 1
    fix = fixes[0]
    assert fix.is_preferred is True
    assert UNSAFE_SUFFIX not in fix.title
    assert fix.edit is not None
    fixed = apply(text, edits_for(fix.edit, uri), session.encoding)
    assert WINDOW in fixed

    version = session.replace_all(uri, fixed)
    assert "GK203" not in codes(await session.published(uri, version))


async def test_unsafe_fix_is_labelled_and_never_preferred(session: Session, workspace: Path) -> None:
    text = seed_text().replace(WINDOW, "2024年2月1日至2024年12月31日", 1)
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, text)
    gk202 = only(await session.published(uri, 1), "GK202")
    assert gk202.data["fix"] == "unsafe"

    fixes = _quickfixes(await session.code_actions(uri, [gk202]), "GK202")
    assert len(fixes) == 1
    assert fixes[0].title.endswith(UNSAFE_SUFFIX)
    assert not fixes[0].is_preferred
    assert fixes[0].edit is not None
    fixed = apply(text, edits_for(fixes[0].edit, uri))
    assert WINDOW in fixed


async def test_fix_all_applies_every_safe_fix(session: Session, workspace: Path) -> None:
    text = (
        with_window_2023(seed_text())
        .replace("五、存在的主要问题及改进情况", "五、存在的主要问题和改进情况")  # GK104, safe
        .replace("行政规范性文件 |\n1 |", "行政规范性文件 |\n1件 |")  # GK404, unsafe: must stay
    )
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, text)
    before = await session.published(uri, 1)
    safe = [d for d in before if d.data["fix"] == "safe"]
    assert len(safe) >= 2, codes(before)

    actions = await session.code_actions(uri, [], only=[types.CodeActionKind.SourceFixAll])
    assert [a.kind for a in actions] == [FIX_ALL_KIND]
    assert actions[0].edit is not None
    fixed = apply(text, edits_for(actions[0].edit, uri))
    assert WINDOW in fixed

    version = session.replace_all(uri, fixed)
    after = await session.published(uri, version)
    assert [d for d in after if d.data["fix"] == "safe"] == []
    assert codes(after) == [code for code in codes(before) if code not in codes(safe)]
    assert "GK404" in codes(after)


async def test_quick_fix_request_does_not_offer_fix_all_when_only_quickfix(
    session: Session, workspace: Path
) -> None:
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, with_window_2023(seed_text()))
    gk203 = only(await session.published(uri, 1), "GK203")
    actions = await session.code_actions(uri, [gk203], only=[types.CodeActionKind.QuickFix])
    assert actions and all(a.kind == types.CodeActionKind.QuickFix for a in actions)


async def _ignore_via_action(session: Session, uri: str, code: str) -> None:
    diag = only(session.for_uri(uri)[-1].diagnostics, code)
    actions = await session.code_actions(uri, [diag])
    ignores = [a for a in actions if a.title == f"在此文件中忽略 {code}"]
    assert len(ignores) == 1 and ignores[0].command is not None, [a.title for a in actions]
    assert ignores[0].command.command == IGNORE_COMMAND
    mark = session.mark()
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=ignores[0].command.command, arguments=ignores[0].command.arguments)
    )
    after = await session.published(uri, after=mark)
    assert code not in codes(after)


@pytest.mark.server()  # writes gklint.toml at the workspace root
async def test_ignore_in_file_creates_gklint_toml(session: Session, workspace: Path) -> None:
    folder = workspace / "2024年报"
    folder.mkdir()
    report = folder / "通城镇[定稿].txt"  # brackets must not become a glob character class
    text = with_window_2023(seed_text())
    report.write_text(text, encoding="utf-8")
    uri = report.as_uri()
    session.open(uri, text)
    await session.published(uri, 1)

    await _ignore_via_action(session, uri, "GK203")
    config = workspace / "gklint.toml"
    assert config.is_file()
    table = tomllib.loads(config.read_text(encoding="utf-8"))
    [(pattern, selectors)] = table["per-file-ignores"].items()
    assert selectors == ["GK203"]
    assert "2024年报/" in pattern

    # Another report in the same folder is not affected by that ignore.
    other = (folder / "另一份.txt").as_uri()
    session.open(other, text)
    assert "GK203" in codes(await session.published(other, 1))


async def test_ignore_in_file_edits_existing_pyproject(session: Session, workspace: Path) -> None:
    pyproject = workspace / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "年报"\n\n[tool.gklint]\nignore = ["GK104"]  # 保留注释\n', encoding="utf-8"
    )
    report = workspace / "report.txt"
    text = with_window_2023(seed_text())
    report.write_text(text, encoding="utf-8")
    session.open(report.as_uri(), text)
    await session.published(report.as_uri(), 1)

    await _ignore_via_action(session, report.as_uri(), "GK203")
    written = pyproject.read_text(encoding="utf-8")
    assert "# 保留注释" in written
    gk = tomllib.loads(written)["tool"]["gklint"]
    assert gk["per-file-ignores"] == {"report.txt": ["GK203"]}
    assert gk["ignore"] == ["GK104"]
    assert not (workspace / "gklint.toml").exists()
