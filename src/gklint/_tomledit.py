"""Reading TOML: `loads` with a clear error for absurdly nested input.

(The module once held a hand-written, comment-preserving TOML editor; the
editor's "ignore in this file" action now edits with tomlkit, see
`gklint.config.add_per_file_ignore`. Only the reader is left, under its old
name because config and rule data import it.)
"""

from __future__ import annotations

import sys
from typing import Any


class TomlNestingError(ValueError):
    """Arrays or inline tables nested deeper than the parser can follow."""


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; raises ValueError (tomllib.TOMLDecodeError, TomlNestingError) when invalid."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except RecursionError:
        # tomllib recurses once per nesting level: "a = [[[[…" thousands deep is no
        # configuration anyone writes, and must be a clear error, not an internal one.
        raise TomlNestingError("数组或内联表的嵌套层数过多（超过解析器的限制），请检查文件内容") from None
