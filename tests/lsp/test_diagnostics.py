"""Push diagnostics: where they land, what they carry, when they change."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from lsp_helpers import (
    WINDOW,
    WINDOW_2023,
    Session,
    codes,
    only,
    seed_text,
    span_range,
    with_window_2023,
)
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _year_offset(text: str) -> int:
    return text.index(WINDOW_2023)


async def test_window_year_lands_exactly_under_2023(session: Session, workspace: Path) -> None:
    text = with_window_2023(seed_text())
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, text)
    diags = await session.published(uri, 1)

    gk203 = only(diags, "GK203")
    start = _year_offset(text)
    assert gk203.range == span_range(text, start, start + 4)
    assert (
        text.split("\n")[gk203.range.start.line][gk203.range.start.character : gk203.range.end.character]
        == "2023"
    )
    assert gk203.range.start.line == 4  # line 5 of the file
    assert gk203.severity == types.DiagnosticSeverity.Error
    assert gk203.source == "gklint"
    assert gk203.code_description is not None
    href = gk203.code_description.href
    assert href.startswith("file://") and href.endswith("/GK203.md")
    page = Path(unquote(urlparse(href).path)).read_text(encoding="utf-8")
    assert page.startswith("# GK203 statistics-window-year") and "## 检查什么" in page
    assert gk203.data["fix"] == "safe"
    # The end year and the title's year are pointed at, in the same document.
    related = {r.message: r.location for r in gk203.related_information or []}
    end_year = start + WINDOW_2023.index("至") + 1
    assert related["统计期限的结束年份"] == types.Location(
        uri=uri, range=span_range(text, end_year, end_year + 4)
    )
    title_year = text.index("2024")
    assert any(loc.range == span_range(text, title_year, title_year + 4) for loc in related.values())


async def test_clean_seed_has_no_window_year_diagnostic(session: Session, workspace: Path) -> None:
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, seed_text())
    assert "GK203" not in codes(await session.published(uri, 1))


ASTRAL = "𠀀😀"  # a CJK Extension-B character and an emoji: 2 UTF-16 units / 4 UTF-8 bytes each


@pytest.mark.parametrize(
    "client",
    [
        pytest.param("visual_studio_code", marks=pytest.mark.server(client="visual_studio_code"), id="utf16"),
        pytest.param("neovim", marks=pytest.mark.server(client="neovim"), id="utf8"),
    ],
)
async def test_astral_characters_before_the_span(session: Session, workspace: Path, client: str) -> None:
    base = with_window_2023(seed_text())
    start = _year_offset(base)
    line_start = base.rfind("\n", 0, start) + 1
    text = base[:line_start] + ASTRAL + base[line_start:]
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, text)
    gk203 = only(await session.published(uri, 1), "GK203")

    prefix = text[line_start : start + len(ASTRAL)]
    if session.encoding == "utf-8":
        expected = len(prefix.encode("utf-8"))
        assert expected == len(base[line_start:start].encode("utf-8")) + 8
    else:
        expected = len(prefix.encode("utf-16-le")) // 2
        assert expected == (start - line_start) + 4
    assert gk203.range.start == types.Position(line=4, character=expected)
    assert gk203.range.end.character - gk203.range.start.character == 4  # "2023" is ASCII in every encoding


async def test_fixing_the_text_removes_the_diagnostic(session: Session, workspace: Path) -> None:
    text = with_window_2023(seed_text())
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, text)
    assert "GK203" in codes(await session.published(uri, 1))

    start = _year_offset(text)
    version = session.edit(uri, start, start + len(WINDOW_2023), WINDOW)  # paste the corrected window
    assert "GK203" not in codes(await session.published(uri, version))


async def test_close_clears_diagnostics(session: Session, workspace: Path) -> None:
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, with_window_2023(seed_text()))
    assert await session.published(uri, 1)
    mark = session.mark()
    session.close(uri)
    assert await session.published(uri, after=mark) == []


async def test_markdown_report_is_linted(session: Session, workspace: Path) -> None:
    uri = (workspace / "年报.md").as_uri()
    session.open(uri, with_window_2023(seed_text()), language_id="markdown")
    assert "GK203" in codes(await session.published(uri, 1))


async def test_report_that_stops_looking_like_one_is_cleared(session: Session, workspace: Path) -> None:
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, with_window_2023(seed_text()))
    assert await session.published(uri, 1)
    version = session.replace_all(uri, "会议纪要\n今天讨论了食堂菜单。\n")
    assert await session.published(uri, version) == []


async def test_hover_shows_rule_doc_and_message(session: Session, workspace: Path) -> None:
    text = with_window_2023(seed_text())
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, text)
    gk203 = only(await session.published(uri, 1), "GK203")

    inside = types.Position(line=gk203.range.start.line, character=gk203.range.start.character + 2)
    hover = await session.client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=inside)
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    body = hover.contents.value
    assert "GK203" in body and "statistics-window-year" in body and "错误" in body
    assert gk203.message in body
    assert "#### 检查什么" in body  # the rule's Chinese doc, headings demoted to hover size
    assert hover.range == gk203.range

    outside = types.Position(line=0, character=0)
    nothing = await session.client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=outside)
    )
    assert nothing is None or "GK203" not in str(nothing.contents)


@pytest.mark.server(debounce=300)
async def test_rapid_changes_publish_once_for_the_final_version(session: Session, workspace: Path) -> None:
    text = with_window_2023(seed_text())
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, text)
    await session.published(uri, 1)
    mark = session.mark()

    start = _year_offset(text)
    end_year = start + WINDOW_2023.index("至") + 1
    # Five keystrokes over both years' last digits; only the last one leaves the window right.
    keystrokes = [
        (start + 3, "5"),
        (start + 3, "4"),
        (end_year + 3, "7"),
        (end_year + 3, "8"),
        (end_year + 3, "4"),
    ]
    versions = [session.edit(uri, at, at + 1, digit) for at, digit in keystrokes]
    final = await session.published(uri, versions[-1], after=mark)
    assert "GK203" not in codes(final)
    await asyncio.sleep(0.6)
    after = [p for p in session.log[mark:] if p.uri == uri]
    assert [p.version for p in after] == [versions[-1]]


@pytest.mark.server(settings={"run": "onSave"})
async def test_on_save_mode_waits_for_save(session: Session, workspace: Path) -> None:
    text = with_window_2023(seed_text())
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, text)
    assert "GK203" in codes(await session.published(uri, 1))
    mark = session.mark()

    start = _year_offset(text)
    session.edit(uri, start, start + len(WINDOW_2023), WINDOW)
    await asyncio.sleep(0.4)
    assert session.log[mark:] == []

    session.save(uri)
    assert "GK203" not in codes(await session.published(uri, 2))


@pytest.mark.server(settings={"enable": False})
async def test_disabled_publishes_nothing(session: Session, workspace: Path) -> None:
    uri = (workspace / "report.txt").as_uri()
    session.open(uri, with_window_2023(seed_text()))
    await asyncio.sleep(0.5)
    assert session.for_uri(uri) == []
