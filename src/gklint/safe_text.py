"""Text that is safe to print: file names of any bytes, and nothing that cannot be encoded.

On POSIX a file name is bytes. Python decodes it with the filesystem encoding and
"surrogateescape", so a name that is not valid UTF-8 (a GBK-named file copied from a
Windows share, a truncated download) arrives as a str with lone surrogates U+DC80–U+DCFF.
Such a str cannot be encoded as UTF-8: written to stdout it either crashes the run or,
in JSON, corrupts the whole document. Every output goes through `escape_surrogates`, which
shows each undecodable byte as ``\\xNN`` (as Python's repr and GNU ls do); JSON also carries
the exact bytes (`os_bytes`) so a tool can still open the file.
"""

import os
import re

from gklint.regexcache import compile_re

# U+DC80–U+DCFF come from surrogateescape (one undecodable byte each); any other lone
# surrogate can only come from a Windows name with unpaired UTF-16 — shown as \\uXXXX.
_SURROGATE = compile_re("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def escape_surrogates(text: str) -> str:
    """`text` with every lone surrogate written as an escape: always encodable as UTF-8."""
    if text.isascii():
        return text  # fast path: the common case costs one C scan
    return _SURROGATE.sub(_escape, text)


def has_surrogates(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def os_bytes(name: str) -> bytes:
    """The bytes the operating system gave for a file name decoded with surrogateescape."""
    try:
        return os.fsencode(name)
    except UnicodeEncodeError:  # an unpaired UTF-16 surrogate (Windows): keep it as WTF-8
        return name.encode("utf-8", "surrogatepass")
