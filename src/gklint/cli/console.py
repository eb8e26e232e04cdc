"""Everything the CLI prints goes through here: encodable text, errors, colour, warnings, folder progress."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy understands this)
if TYPE_CHECKING:
    from typing import TextIO


def write(stream: TextIO, text: str, *, utf8: bool = False) -> None:
    """Write text; force UTF-8 bytes for machine formats, never crash on a narrow console encoding.

    Every byte gklint prints passes here. File names that are not valid UTF-8 reach us as
    lone surrogates; they are shown as \\xNN so the stream stays valid text (renderers that
    build JSON escape them themselves; "backslashreplace" keeps a stray one a valid JSON escape).
    """
    from gklint.safe_text import escape_surrogates

    buffer = getattr(stream, "buffer", None)
    if utf8 and buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8", errors="backslashreplace"))
        buffer.flush()
        return
    text = escape_surrogates(text)
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if buffer is not None:
            stream.flush()
            buffer.write(text.encode(encoding, errors="replace"))
        else:
            stream.write(text.encode(encoding, errors="replace").decode(encoding))
    stream.flush()


def error(message: str) -> None:
    write(sys.stderr, f"错误：{message}\n")


def use_colour(stream: TextIO, no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def show_warnings_on_stderr() -> None:
    """Rule-pack timeouts are logged; show them to the user in Chinese."""
    import logging

    logger = logging.getLogger("gklint")
    if not any(getattr(h, "_gklint_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("警告：%(message)s"))
        handler._gklint_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def is_user_error(exc: Exception) -> bool:
    """Bad configuration or rule packs: the user can fix these, so no "internal error" wording."""
    from gklint.config import ConfigError

    if isinstance(exc, ConfigError):
        return True
    # Only consult phrases if it was imported: importing it would pull in `regex`.
    phrases = sys.modules.get("gklint.checks.phrases")
    return phrases is not None and isinstance(exc, phrases.RulePackError)


class Progress:
    """ "已检查 12/300：路径" on one terminal line, rewritten in place; only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    @classmethod
    def for_stderr(cls) -> Progress | None:
        isatty = getattr(sys.stderr, "isatty", None)
        return cls(sys.stderr) if isatty is not None and isatty() else None

    def update(self, done: int, total: int, name: str) -> None:
        from gklint.output.text import display_width

        line = f"已检查 {done}/{total}：{name}"
        while display_width(line) > 78 and len(name) > 8:  # one terminal line, or \r cannot rewrite it
            name = "..." + name[len(name) // 4 :]
            line = f"已检查 {done}/{total}：{name}"
        write(self.stream, f"\r\x1b[K{line}")
        self.shown = True

    def close(self) -> None:
        if self.shown:
            write(self.stream, "\r\x1b[K")
