"""The pygls-free pieces of the server, checked directly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from gklint.lsp.actions import apply_edits, ignore_target, safe_fix_edits
from gklint.lsp.convert import PositionEncoder
from gklint.lsp.documents import Debouncer, looks_like_report, should_lint
from gklint.lsp.options import ClientOptions, parse_options
from gklint.settings import Settings

LINE = "甲😀乙𠀀丙2023"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-16", 1 + 2 + 1 + 2 + 1), ("utf-8", 3 + 4 + 3 + 4 + 3), ("utf-32", 5)],
)
def test_columns_after_astral_characters(encoding: str, expected: int) -> None:
    text = "第一行\r\n" + LINE + "\n"
    offset = text.index("2023")
    enc = PositionEncoder(text, encoding)
    assert enc.to_client(offset) == (1, expected)
    assert enc.to_offset(1, expected) == offset


def test_lines_break_only_where_lsp_says() -> None:
    text = "a\x0cb\u2028c\rd\r\ne\nf"
    enc = PositionEncoder(text)
    assert [enc.line_text(i) for i in range(enc.line_count)] == ["a\x0cb\u2028c", "d", "e", "f"]
    assert enc.to_client(text.index("d")) == (1, 0)
    assert enc.to_client(text.index("\r\n") + 1) == (1, 1)  # inside the terminator → end of line
    assert enc.to_offset(9, 0) == len(text)
    assert enc.to_offset(0, 99) == text.index("\r")


def test_lone_surrogate_does_not_raise() -> None:
    enc = PositionEncoder("x\ud800y", "utf-8")
    assert enc.to_client(3) == (0, 5)


def _diag(
    start: int, end: int, content: str, applicability: Applicability = Applicability.SAFE
) -> Diagnostic:
    fix = Fix("改", (Edit(Span(start, end), content),), applicability)
    return Diagnostic("GK203", "m", Span(start, end), Severity.ERROR, fix=fix)


def test_safe_fix_edits_skip_unsafe_and_colliding_fixes() -> None:
    text = "2023年1月1日至2023年12月31日"
    diags = [
        _diag(0, 4, "2024"),
        _diag(0, 4, "2025"),  # collides with the first: dropped whole
        _diag(10, 14, "2024"),
        _diag(5, 6, "2", Applicability.UNSAFE),
    ]
    edits = safe_fix_edits(diags)
    assert [e.content for e in edits] == ["2024", "2024"]
    assert apply_edits(text, edits) == "2024年1月1日至2024年12月31日"


def test_ignore_target_prefers_governing_config(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "a[1]").mkdir(parents=True)
    doc = root / "a[1]" / "报告*.txt"
    created = ignore_target(doc, None, [tmp_path, root])
    assert created.config_path == (root / "gklint.toml").resolve()
    assert created.relative_glob == "a[[]1]/报告[*].txt"
    existing = ignore_target(doc, root / "a[1]" / "pyproject.toml", [root])
    assert existing.config_path == root / "a[1]" / "pyproject.toml"
    assert existing.relative_glob == "报告[*].txt"


def test_report_detection() -> None:
    assert looks_like_report("某某县2024年政府信息公开工作\n年度报告")
    assert looks_like_report("一、总体情况\n……\n二、 主动公开政府信息情况\n六、其他需要报告的事项")
    assert not looks_like_report("一、总体情况\n二、主动公开政府信息情况")
    settings = Settings()
    args = {"uri": "file:///x/a.py", "path": Path("/x/a.py"), "settings": settings}
    assert not should_lint("政府信息公开工作年度报告", language_id="python", **args)
    assert should_lint("政府信息公开工作年度报告", language_id="plaintext", **args)


def test_option_parsing_accepts_both_envelopes() -> None:
    init = parse_options({"settings": {"run": "onSave", "select": ["GK2"]}, "debounce": 0})
    assert init.options == ClientOptions(run="onSave", select=("GK2",), debounce_ms=0)
    changed = parse_options({"gklint": {"ignore": ["GK104"], "interpreter": []}}, init.options)
    assert changed.options == ClientOptions(run="onSave", select=("GK2",), ignore=("GK104",), debounce_ms=0)
    bad = parse_options({"settings": {"enable": "yes", "debounce": -1}})
    assert bad.options == ClientOptions() and len(bad.warnings) == 2


async def test_debouncer_runs_only_the_last_job() -> None:
    ran: list[int] = []
    debouncer = Debouncer()

    def job(n: int):  # type: ignore[no-untyped-def]
        async def run() -> None:
            ran.append(n)

        return run

    for n in range(5):
        debouncer.schedule("doc", 0.05, job(n))
    await asyncio.sleep(0.15)
    assert ran == [4]
    assert not debouncer.pending("doc")


async def test_finished_handlers_are_forgotten() -> None:
    # pygls kept the future of every async notification handler (and of each
    # step of its generator built-ins) in _request_futures forever: ~1 KB per
    # keystroke, the memory growth of long sessions.
    from gklint.lsp.server import create_server

    protocol = create_server().protocol
    done: list[object] = []

    async def handler(value: int) -> int:
        await asyncio.sleep(0)
        return value

    for n in range(50):
        protocol._execute_handler(f"notification-{n}", handler, done.append, args=(n,))
    await asyncio.sleep(0.05)
    assert len(done) == 50
    assert protocol._request_futures == {}
