"""Readers turn a file (or stdin) into a `SourceDocument`.

Plain text and Markdown are read as they are. The registry is keyed by file
suffix so Word and HTML readers can join without touching the callers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from gklint.source.decode import DecodeError, decode_bytes
from gklint.source.document import SourceDocument


class ReadError(Exception):
    """A file could not be read as a report (message is in Chinese)."""


Reader = Callable[[bytes, Path | None], SourceDocument]


def _read_text(data: bytes, path: Path | None) -> SourceDocument:
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        raise ReadError(str(exc)) from exc
    return SourceDocument(decoded.text, path=path, encoding=decoded.encoding, bom=decoded.bom)


_READERS: dict[str, Reader] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".text": _read_text,
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(_READERS)


def read_path(path: Path) -> SourceDocument:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(f"找不到文件：{path}") from exc
    except IsADirectoryError as exc:
        raise ReadError(f"这是一个目录，不是文件：{path}") from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    reader = _READERS.get(path.suffix.lower(), _read_text)
    return reader(data, path)


def read_stream(stream: BinaryIO, name: str = "-") -> SourceDocument:
    doc = _read_text(stream.read(), None)
    doc.display_name = name
    return doc
