"""The server's copy of a document stays byte-identical to the editor's.

Two layers: a property test of `gklint.lsp.textsync` against a reference text
model written here from the LSP specification (no code shared with the
server), and the real server over stdio, whose text is read back with the
`gklint/documentText` request after edits in each position encoding.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsp_helpers import WINDOW, WINDOW_2023, Session, Wire, codes, offset_of, seed_text, with_window_2023

from gklint.lsp.textsync import Change, DocumentStore, apply_changes

ENCODINGS = ("utf-16", "utf-8", "utf-32")

# Everything Python's str.splitlines breaks at, LSP's three line ends, astral
# characters (two UTF-16 units, four UTF-8 bytes), a ZWJ emoji sequence, CJK.
PIECES = (
    "\r", "\n", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
    "𠀀", "😀", "👨‍👩‍👧", "中文", "é", "a", "2024", " ", "\t", "\ufeff",
)  # fmt: skip


# --- the reference model: LSP text positions, straight from the specification -----


def ref_lines(text: str) -> list[tuple[int, int]]:
    """(start, end-of-content) of each line; only "\\r\\n", "\\r" and "\\n" end a line."""
    lines, start, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\r" or ch == "\n":
            lines.append((start, i))
            i += 2 if text[i : i + 2] == "\r\n" else 1
            start = i
        else:
            i += 1
    lines.append((start, len(text)))
    return lines


def ref_width(ch: str, encoding: str) -> int:
    if encoding == "utf-32":
        return 1
    if encoding == "utf-8":
        return len(ch.encode("utf-8"))
    return 2 if ord(ch) > 0xFFFF else 1


def ref_offset(text: str, line: int, character: int, encoding: str) -> int:
    """Past the last line → end of text; past the line's end → the line's end;
    inside a character (half a surrogate pair) → after that character."""
    lines = ref_lines(text)
    if line >= len(lines):
        return len(text)
    start, end = lines[line]
    units = 0
    for i in range(start, end):
        if units >= character:
            return i
        units += ref_width(text[i], encoding)
    return end


def ref_position(text: str, offset: int, encoding: str) -> tuple[int, int]:
    for number, (start, end) in enumerate(ref_lines(text)):
        if start <= offset <= end:
            return number, sum(ref_width(ch, encoding) for ch in text[start:offset])
    raise AssertionError(f"offset {offset} is inside a line break")


def ref_boundaries(text: str) -> list[int]:
    """Offsets an editor can name with a position (not between "\\r" and "\\n")."""
    return [i for i in range(len(text) + 1) if not (text[i - 1 : i + 1] == "\r\n" and 0 < i < len(text))]


# --- property: random edit sequences, both models agree --------------------------

fragments = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)
# An edit: where (two picks among the valid offsets), what to insert, and whether
# to send raw (line, character) numbers instead, possibly past the end or
# inside a surrogate pair, as a buggy client might.
edits = st.tuples(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    fragments,
    st.booleans(),
    st.integers(0, 40),
    st.integers(0, 40),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    initial=fragments,
    steps=st.lists(st.lists(edits, min_size=1, max_size=3), max_size=12),
    encoding=st.sampled_from(ENCODINGS),
)
def test_edit_sequences_match_the_reference_model(
    initial: str, steps: list[list[tuple[int, int, str, bool, int, int]]], encoding: str
) -> None:
    store = DocumentStore()
    store.open("untitled:doc", initial, 1, "plaintext")
    expected = initial
    for version, batch in enumerate(steps, start=2):
        changes = []
        for a, b, new_text, raw, raw_line, raw_char in batch:  # one didChange, several contentChanges
            if raw:
                rng = (raw_line % 5, raw_char, raw_line % 7, raw_char + raw_line % 3)
                start = ref_offset(expected, rng[0], rng[1], encoding)
                end = ref_offset(expected, rng[2], rng[3], encoding)
                start, end = min(start, end), max(start, end)
            else:
                offsets = ref_boundaries(expected)
                start, end = sorted((offsets[a % len(offsets)], offsets[b % len(offsets)]))
                rng = (*ref_position(expected, start, encoding), *ref_position(expected, end, encoding))
            changes.append(Change(new_text, rng))
            expected = expected[:start] + new_text + expected[end:]
        doc = store.change("untitled:doc", version, changes, encoding)
        assert doc is not None
        assert doc.text == expected
        assert doc.version == version


def test_full_replacement_and_mixed_changes() -> None:
    text = apply_changes("a\vb\nc", [Change("x\u2028y\rz"), Change("!", (1, 0, 1, 1))], "utf-16")
    assert text == "x\u2028y\r!"


def test_vertical_tab_does_not_shift_the_edit() -> None:
    # pygls's TextDocument counts "\v" as a line break and edits line 1 = "b";
    # for the editor line 1 is "c".
    assert apply_changes("a\vb\nc", [Change("X", (1, 0, 1, 1))], "utf-16") == "a\vb\nX"


@pytest.mark.parametrize(
    ("encoding", "character", "expected"),
    [("utf-16", 2, "😀X!"), ("utf-8", 4, "😀X!"), ("utf-32", 1, "😀X!"), ("utf-16", 1, "😀X!")],
)
def test_astral_columns(encoding: str, character: int, expected: str) -> None:
    # utf-16 column 1 is inside the surrogate pair: taken as after the character.
    assert apply_changes("😀!", [Change("X", (0, character, 0, character))], encoding) == expected


def test_reversed_range_is_read_as_the_span_it_names() -> None:
    assert apply_changes("abcdef", [Change("", (0, 4, 0, 1))], "utf-16") == "aef"


def test_change_to_a_document_not_open_is_refused() -> None:
    assert DocumentStore().change("untitled:x", 2, [Change("x")], "utf-16") is None


# --- the real server over stdio ------------------------------------------------------

HOSTILE_PREFIX = "甲\v乙\f丙\u2028丁\u2029戊\x85己\x1c庚\x1d辛\x1e壬\r癸\r\n子𠀀😀\n"

BY_ENCODING = [pytest.param(enc, marks=pytest.mark.server(encoding=enc), id=enc) for enc in ENCODINGS]


@pytest.fixture
def wire(session: Session) -> Wire:
    return Wire(session.client)


pytestmark_async = pytest.mark.asyncio(loop_scope="module")


@pytestmark_async
@pytest.mark.parametrize("encoding", BY_ENCODING)
async def test_server_text_and_diagnostics_follow_the_editor(
    session: Session, wire: Wire, workspace: Path, encoding: str
) -> None:
    assert session.encoding == encoding
    uri = (workspace / "report.txt").as_uri()
    rng = random.Random(f"textsync-{encoding}")
    session.open(uri, HOSTILE_PREFIX + with_window_2023(seed_text())[:1500])
    for _ in range(60):
        offsets = ref_boundaries(session.texts[uri])
        index = rng.randrange(len(offsets))
        start, end = offsets[index], offsets[min(len(offsets) - 1, index + rng.randrange(6))]
        session.edit(uri, start, end, "".join(rng.choice(PIECES) for _ in range(rng.randrange(4))))
    assert await wire.document_text(uri) == session.texts[uri]

    # Then the bug users saw: an edit below the separators landed on another
    # line, so the diagnostics drifted from the text on screen.
    text = HOSTILE_PREFIX + seed_text()
    version = session.replace_all(uri, text)
    assert "GK203" not in codes(await session.published(uri, version))
    window_at = text.index(WINDOW)  # the copy-from-last-year slip, typed as an incremental edit
    version = session.edit(uri, window_at, window_at + len(WINDOW), WINDOW_2023)
    diags = await session.published(uri, version)
    now = session.texts[uri]
    assert await wire.document_text(uri) == now
    window = [d for d in diags if d.code == "GK203"]
    assert window, codes(diags)
    start, end = (
        offset_of(now, window[0].range.start, encoding),
        offset_of(now, window[0].range.end, encoding),
    )
    assert "2023" in now[start:end]
