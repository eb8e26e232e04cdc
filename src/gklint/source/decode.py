"""Decode report bytes: UTF-8 (± BOM), UTF-16 (BOM or detected), GB18030/GBK.

Drafts from government offices are often GBK/GB18030 or UTF-8 with a BOM; a
linter that guesses wrong shows mojibake or crashes, so detection is explicit
and the chosen encoding is remembered so `--fix` can write the same bytes back.
"""

import codecs
from typing import NamedTuple

from gklint.regexcache import compile_re


class DecodeError(Exception):
    """The input is binary or in no supported encoding (message is in Chinese)."""


class Decoded(NamedTuple):
    """Decoded text and the encoding (and BOM) it came in."""

    text: str
    encoding: str  # a Python codec name: "utf-8", "utf-8-sig", "utf-16", "gb18030"
    bom: bytes
    # An incomplete UTF-8 character at the very end (a download or copy cut short): these
    # bytes are not part of `text`; writing the file back must append them unchanged.
    dropped_tail: bytes = b""


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible(text: str) -> bool:
    """Mostly CJK, ASCII, punctuation and whitespace: what a report decodes to."""
    sample = text[:4096]
    if not sample:
        return False
    good = sum(
        1
        for ch in sample
        if (
            ch.isprintable()
            and (
                ch < "\u0370"
                or "\u3000" <= ch <= "\u9fff"
                or "\uff00" <= ch <= "\uffef"
                or "\u2000" <= ch <= "\u206f"
            )
        )
        or ch in "\t\r\n"
    )
    return good >= len(sample) * 0.95


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes (every line break has one) and text that reads as text."""
    if b"\x00" not in data or len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return codec
    return None


_CONTROL = compile_re("[\x00-\x08\x0e-\x1f\x7f]")  # not tab, newline, vertical tab, form feed, CR


def _is_binary(text: str) -> bool:
    """Control characters other than whitespace mean this is not a text report."""
    sample = text[:8192]
    return "\x00" in sample or len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def _cut_utf8(data: bytes, exc: UnicodeDecodeError) -> int | None:
    """Where valid UTF-8 ends when the only problem is a character cut off at the end.

    "unexpected end of data" at the last 1–3 bytes means the bytes start a multi-byte
    character that never finished; anything else (a bad byte mid-file) is not truncation.
    """
    if exc.reason == "unexpected end of data" and exc.end == len(data) and len(data) - exc.start <= 3:
        return exc.start
    return None


def _decode_utf8(data: bytes, bom: bytes) -> Decoded:
    """UTF-8 after an optional BOM, tolerating a character cut off at the end."""
    codec = "utf-8-sig" if bom else "utf-8"
    body = data[len(bom) :]
    try:
        return Decoded(body.decode("utf-8"), codec, bom)
    except UnicodeDecodeError as exc:
        cut = _cut_utf8(body, exc)
        if cut is None:
            raise
        return Decoded(body[:cut].decode("utf-8"), codec, bom, body[cut:])


def decode_bytes(data: bytes) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                if codec == "utf-8-sig":
                    return _decode_utf8(data, bom)
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"文件以 {codec} 字节序标记开头，但内容无法按该编码解码（第 {exc.start} 字节）。"
                ) from exc
            return Decoded(text, codec, bom)
    utf16 = _looks_utf16(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            if not _is_binary(text):
                return Decoded(text, utf16, b"")
    if b"\x00" in data:
        raise DecodeError("输入是二进制文件，不是文本格式的年度报告（请提供 .txt 或 .md 文件）。")
    for codec in ("utf-8", "gb18030"):
        try:
            decoded = _decode_utf8(data, b"") if codec == "utf-8" else Decoded(data.decode(codec), codec, b"")
        except UnicodeDecodeError:
            continue
        if _is_binary(decoded.text):
            raise DecodeError("输入包含大量控制字符，不是文本格式的年度报告。")
        return decoded
    raise DecodeError(
        "无法识别文件编码：支持 UTF-8、UTF-16 和 GB18030/GBK。请将文件另存为 UTF-8 编码后重试。"
    )
