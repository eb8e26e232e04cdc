"""Readers turn a file (or stdin) into a `SourceDocument`.

Plain text and Markdown are read as they are. Word (and, when their readers
are registered, HTML and PDF) are recognised by content as well as by suffix
(`sniff`) and read into text for the one parser, with an origin map back to the
original file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from gklint.oserror import reason as os_reason
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
    return SourceDocument(
        decoded.text, path=path, encoding=decoded.encoding, bom=decoded.bom, dropped_tail=decoded.dropped_tail
    )


_READERS: dict[str, Reader] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".text": _read_text,
}


# Non-text formats. Each reader imports its heavy library (python-docx, lxml, pdfplumber) only when
# such a file is read, so linting a .txt stays as fast as before. A format is chosen by content
# first (WPS happily saves a .docx under a .doc name; a downloaded .pdf may be an HTML error page),
# then by suffix.


def _read_docx(data: bytes, path: Path | None) -> SourceDocument:
    from gklint.source.docx import read_docx

    return read_docx(data, path)


def _read_legacy_word(data: bytes, path: Path | None) -> SourceDocument:
    from gklint.source.legacy import read_legacy_word

    return read_legacy_word(data, path)


def _read_html(data: bytes, path: Path | None) -> SourceDocument:
    from gklint.source.html import read_html  # lxml is loaded only for web pages

    return read_html(data, path)


def _read_pdf(data: bytes, path: Path | None) -> SourceDocument:
    from gklint.source.pdf import read_pdf  # pdfplumber is loaded only for PDF files

    return read_pdf(data, path)


# format name → reader (a lazy wrapper like `_read_docx`); `_SUFFIX_FORMAT` names the suffixes.
_FORMATS: dict[str, Reader] = {
    "docx": _read_docx,
    "doc": _read_legacy_word,
    "html": _read_html,
    "pdf": _read_pdf,
}

_SUFFIX_FORMAT: dict[str, str] = {
    ".docx": "docx",
    ".docm": "docx",
    ".doc": "doc",
    ".wps": "doc",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}

# Formats people will try before a reader for them exists: say what to do instead of "binary file".
_UNSUPPORTED: dict[str, str] = {}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .doc, .wps, and encrypted .docx


def sniff(data: bytes) -> str | None:
    """The format the bytes are in, by content: "docx", "doc", "pdf", "html", or None (text)."""
    if data[:4] == b"PK\x03\x04":
        return "docx"  # any zip: the docx reader says clearly when it is not a Word document
    if data[:8] == _OLE2:
        return "doc"
    if data[:5] == b"%PDF-":
        return "pdf"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<meta")):
        return "html"
    return None


def supported_suffixes() -> tuple[str, ...]:
    return (*_READERS, *_SUFFIX_FORMAT)


def read_bytes(data: bytes, path: Path | None) -> SourceDocument:
    """Pick the reader for `data` (content first, then `path`'s suffix) and read it."""
    fmt = sniff(data)
    suffix = path.suffix.lower() if path is not None else ""
    if fmt is None or fmt not in _FORMATS:
        fmt = _SUFFIX_FORMAT.get(suffix)
    if fmt is not None and fmt in _FORMATS:
        return _FORMATS[fmt](data, path)
    if suffix in _UNSUPPORTED:
        raise ReadError(_UNSUPPORTED[suffix])
    return _READERS.get(suffix, _read_text)(data, path)


def writes_back_as_text(path: Path) -> bool:
    """Whether `path` is read as plain text, so `--fix` may write the fixed text back into it."""
    return (
        _READERS.get(path.suffix.lower(), _read_text) is _read_text
        and path.suffix.lower() not in _UNSUPPORTED
        and path.suffix.lower() not in _SUFFIX_FORMAT
    )


def read_path(path: Path) -> SourceDocument:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(f"找不到文件：{path}") from exc
    except IsADirectoryError as exc:
        raise ReadError(f"这是一个目录，不是文件：{path}") from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件 {path}：{os_reason(exc)}") from exc
    try:
        return read_bytes(data, path)
    except ReadError as exc:
        message = str(exc)
        raise ReadError(message if str(path) in message else f"{path}：{message}") from exc


def read_stream(stream: BinaryIO, name: str = "-") -> SourceDocument:
    path = Path(name) if name != "-" else None
    doc = read_bytes(stream.read(), path)
    doc.path = None
    doc.display_name = name
    return doc
