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


# Formats people will try; until a reader exists, say what to do instead of "binary file".
_UNSUPPORTED = {
    ".docx": "暂不支持直接检查 Word 文件。请在 Word 中“另存为”纯文本（.txt，编码选 UTF-8）后再检查。",
    ".doc": "暂不支持直接检查 Word 文件。请在 Word 中“另存为”纯文本（.txt，编码选 UTF-8）后再检查。",
    ".wps": "暂不支持直接检查 WPS 文件。请在 WPS 中“另存为”纯文本（.txt）后再检查。",
    ".pdf": "暂不支持直接检查 PDF 文件。请把正文复制到文本文件（.txt）后再检查。",
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
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise ReadError(f"{path}：{_UNSUPPORTED[suffix]}")
    reader = _READERS.get(suffix, _read_text)
    return reader(data, path)


def read_stream(stream: BinaryIO, name: str = "-") -> SourceDocument:
    doc = _read_text(stream.read(), None)
    doc.display_name = name
    return doc
