"""Which open documents gklint lints, and the per-document debounce scheduler.

Nothing here imports pygls or lsprotocol: the rules are plain functions over
text, URIs and settings so they can be unit-tested without a client.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from gklint.selection import path_matches
from gklint.settings import Settings

REPORT_PHRASE = "政府信息公开工作年度报告"
TOP_HEADINGS: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
MIN_HEADINGS = 3
LANGUAGE_IDS = frozenset({"plaintext", "markdown"})
SUFFIXES = frozenset({".txt", ".md", ".markdown"})

# Reports are often pasted from PDFs with a line break or full-width space in
# the middle of the title ("…公开工作\n年度报告"), so matching ignores all of it.
_WHITESPACE = re.compile(r"\s+")


def looks_like_report(text: str) -> bool:
    if REPORT_PHRASE in text:
        return True  # the common case, without copying a 30 KB document on every keystroke
    compact = _WHITESPACE.sub("", text)
    if REPORT_PHRASE in compact:
        return True
    found = 0
    for heading in TOP_HEADINGS:
        if heading in compact:
            found += 1
            if found >= MIN_HEADINGS:
                return True
    return False


def is_text_kind(language_id: str | None, path: Path | None, uri: str) -> bool:
    """Plain text or Markdown, judged by the client's language id or the file suffix."""
    if language_id in LANGUAGE_IDS:
        return True
    name = path.name if path is not None else uri.rsplit("/", 1)[-1]
    return Path(name).suffix.lower() in SUFFIXES


def _relative_to_root(path: Path, settings: Settings) -> str | None:
    if settings.root is None:
        return None
    try:
        return path.resolve().relative_to(settings.root.resolve()).as_posix()
    except (ValueError, OSError):
        return None


def matches_globs(path: Path | None, settings: Settings, globs: tuple[str, ...]) -> bool:
    if path is None or not globs:
        return False
    rel = _relative_to_root(path, settings)
    if rel is None:
        return False
    return any(path_matches(glob, rel) for glob in globs)


def should_lint(
    text: str, *, uri: str, path: Path | None, language_id: str | None, settings: Settings
) -> bool:
    """The server's whole notion of "is this a report": anything else is left silent."""
    if matches_globs(path, settings, settings.exclude):
        return False
    if matches_globs(path, settings, settings.include):
        return True
    return is_text_kind(language_id, path, uri) and looks_like_report(text)


class Debouncer:
    """At most one pending run per key; scheduling again cancels the previous one.

    Cancelling only stops a run that is still waiting or awaiting; a lint
    already inside a worker thread finishes, and the caller's version check
    throws its result away.
    """

    def __init__(self) -> None:
        self._pending: dict[str, asyncio.Task[None]] = {}

    def schedule(self, key: str, delay: float, job: Callable[[], Awaitable[None]]) -> asyncio.Task[None]:
        self.cancel(key)

        async def run() -> None:
            if delay > 0:
                await asyncio.sleep(delay)
            await job()

        task = asyncio.ensure_future(run())
        self._pending[key] = task
        task.add_done_callback(lambda done: self._forget(key, done))
        return task

    def _forget(self, key: str, task: asyncio.Task[None]) -> None:
        if self._pending.get(key) is task:
            del self._pending[key]

    def cancel(self, key: str) -> None:
        task = self._pending.pop(key, None)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> None:
        for key in list(self._pending):
            self.cancel(key)

    def pending(self, key: str) -> bool:
        return key in self._pending
