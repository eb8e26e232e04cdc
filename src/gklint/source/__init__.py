"""Source layer: bytes in any supported format → text with exact positions.

Every later stage works on `SourceDocument.text`; offsets are Python `str`
indices (Unicode code points) into that text, and only the output layer turns
them into (row, column) pairs or UTF-16 positions.
"""

from gklint.source.decode import DecodeError, decode_bytes
from gklint.source.document import SourceDocument
from gklint.source.readers import ReadError, read_path, read_stream, supported_suffixes, writes_back_as_text

__all__ = [
    "DecodeError",
    "ReadError",
    "SourceDocument",
    "decode_bytes",
    "read_path",
    "read_stream",
    "supported_suffixes",
    "writes_back_as_text",
]
