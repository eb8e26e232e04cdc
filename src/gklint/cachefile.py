"""gklint's cache folder and the marshal files kept in it (parsed rule data, compiled patterns, the
pairing index).

A cache file only ever saves time: reading one that is absent, unreadable or not marshal data gives
None (the caller recomputes), and a write that fails (read-only home, full disk) is silently skipped.
Writes go to a private temporary file renamed over the old one, so concurrent gklint processes (forked
workers, the editor and a CLI run) never see half a file; the last writer wins.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import time
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    """Where gklint caches; None when caching is switched off (`GKLINT_NO_CACHE`)."""
    if os.environ.get("GKLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("GKLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gklint"


def read_marshal(path: Path) -> Any:
    """The data marshalled in `path`, or None when it is absent, unreadable or not marshal data."""
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write_marshal(path: Path, data: Any) -> bool:
    """Marshal `data` into `path` atomically; False (and no stray temporary file) when it cannot."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(marshal.dumps(data))
        os.replace(partial, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return False
    return True
