"""The folder index of last-year pairing, kept on disk so each candidate is parsed once per change.

Finding last year's report reads every report in the folder for its title and year; for a PDF or
Word file that read is most of a run (bench/RESULTS.md, "PDF"), and a clerk's Downloads folder
holds dozens. This file in gklint's cache folder (`cachefile.cache_dir()`) remembers, for each
candidate's resolved path, the size and mtime it had when read and what it was: (normalised
organisation, year) or `None` ("not a report"). Only this index is cached: the document finally
paired is always read afresh, so the cache can only change which file is paired if an entry were
stale, and three things keep entries fresh:

- an entry is used only when the file's size and mtime are unchanged; a file changed less than
  `_SETTLE_NS` before it was stamped is not stored (its mtime may not change again on the next
  edit within the file system's clock tick — git's "racily clean" problem);
- the whole file is keyed on gklint's version, the interpreter and a fingerprint of the code and
  rule data that compute title, year and organisation (`_fingerprint`), so a changed parser or
  reader never reuses another parser's answers;
- a file that cannot be read as this kind of table (corrupt, foreign, another format) is ignored
  and rebuilt.

Writes go to a temporary file then `os.replace`, so concurrent gklint processes (parallel
workers, editor and command line) see either the old or the new table, never a mixture; the last
writer wins, which costs at most a re-read. Nothing here raises: no cache folder
(`GKLINT_NO_CACHE`), a read-only one, or any OS error means the folder is simply read as before.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from gklint.cachefile import cache_dir, read_marshal, write_marshal

# What an entry says about a file: (normalised organisation, year), or None for "not a report".
Found = tuple[str, int] | None
Stamp = tuple[int, int]  # size, mtime_ns

_FORMAT = 1  # bump when the layout of the file below changes
_MAX_ENTRIES = 5000  # a few hundred folders of reports; beyond that the least recently seen go
_SETTLE_NS = 2_000_000_000  # a file changed this recently may change again within its mtime tick

# Third-party readers whose output the answers depend on (PDF text extraction, Word, web pages).
_LIBRARIES = ("pdfplumber", "pdfminer", "docx", "lxml")

_fingerprint_memo: str | None = None


def _code_files() -> list[Path]:
    """The sources whose behaviour decides a candidate's title, year and organisation.

    Generously the whole reader (`source/`) and model (`model/`) packages rather than the exact
    import graph of `title_and_year`, which would silently go stale when someone adds an import;
    the price is only that an unrelated model edit re-reads a folder once.
    """
    from gklint.ruledata import rules_dir

    package = Path(__file__).parent
    files = [*sorted((package / "source").glob("*.py")), *sorted((package / "model").glob("*.py"))]
    files += [package / "checks" / "organisation.py", package / "pairing.py", Path(__file__)]
    files += [package / "ruledata.py", rules_dir() / "template.toml", rules_dir() / "content.toml"]
    return files


def _fingerprint() -> str:
    """A hash of the bytes of `_code_files()` and the reader libraries' stamps, once per process.

    The bytes rather than mtimes for gklint's own files: a checkout or copy that keeps mtimes
    (`cp -p`, unpacked archives, a rebase touching a file twice within one clock tick) must still
    invalidate, and reading and hashing these ~30 files (~280 kB) takes about 1 ms, once per process.
    For the libraries (large packages) the size and mtime of their `__init__` suffice: an upgrade
    or reinstall rewrites it; `find_spec` locates it without importing the library.
    """
    global _fingerprint_memo
    if _fingerprint_memo is not None:
        return _fingerprint_memo
    from importlib.util import find_spec

    try:  # the C module itself: `hashlib` would also load OpenSSL (~5 ms of start-up)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - interpreters without it
        from hashlib import blake2b

    from gklint import __version__

    digest = blake2b(digest_size=16)
    digest.update(f"{_FORMAT}|{__version__}|{sys.version}|{sys.implementation.cache_tag}".encode())
    for path in _code_files():
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0missing"
        digest.update(path.name.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    for name in _LIBRARIES:
        try:
            spec = find_spec(name)
            origin = spec.origin if spec is not None else None
            stat = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            stat = None
        digest.update(f"|{name}:{stat.st_size if stat else -1}:{stat.st_mtime_ns if stat else -1}".encode())
    _fingerprint_memo = digest.hexdigest()
    return _fingerprint_memo


def index_file() -> Path | None:
    """The on-disk index, or None when gklint's cache is switched off."""
    folder = cache_dir()
    return None if folder is None else folder / "pairing-index.marshal"


def _valid(entry: Any) -> bool:
    """An entry as `store` writes it: (size, mtime_ns, last seen, organisation or None, year or None)."""
    if not (isinstance(entry, tuple) and len(entry) == 5):
        return False
    size, mtime, seen, org, year = entry
    if not all(type(v) is int for v in (size, mtime, seen)):
        return False
    return (org is None and year is None) or (type(org) is str and type(year) is int)


class PairIndex:
    """The on-disk table, loaded once for one folder's indexing and saved back if it changed."""

    def __init__(self) -> None:
        self.path = index_file()
        self.table: dict[str, tuple[int, int, int, str | None, int | None]] = {}
        self.dirty = False
        self.now = time.time_ns()
        if self.path is not None:
            self.table = self._load(self.path)

    @staticmethod
    def _load(path: Path) -> dict[str, tuple[int, int, int, str | None, int | None]]:
        data = read_marshal(path)  # None when absent, unreadable or not marshal data: start afresh
        if not (
            isinstance(data, tuple) and len(data) == 3 and data[0] == _FORMAT and isinstance(data[2], dict)
        ):
            return {}
        if data[1] != _fingerprint():
            return {}  # another gklint, interpreter or parser wrote it: its answers are not ours
        return {key: entry for key, entry in data[2].items() if isinstance(key, str) and _valid(entry)}

    def lookup(self, key: str, stamp: Stamp) -> tuple[bool, Found]:
        """(True, what the file was) when it was indexed with exactly this size and mtime."""
        entry = self.table.get(key)
        if entry is None or (entry[0], entry[1]) != stamp:
            return False, None
        if self.now - entry[2] > 86_400_000_000_000:  # refresh "last seen" at most daily: fewer writes
            self.table[key] = (entry[0], entry[1], self.now, entry[3], entry[4])
            self.dirty = True
        org, year = entry[3], entry[4]
        return True, (org, year) if org is not None and year is not None else None

    def store(self, key: str, stamp: Stamp, found: Found) -> None:
        if self.path is None:
            return
        if self.now - stamp[1] < _SETTLE_NS:
            self.table.pop(key, None)  # still settling: its next edit may keep this mtime
            return
        org, year = found if found is not None else (None, None)
        self.table[key] = (stamp[0], stamp[1], self.now, org, year)
        self.dirty = True

    def forget_others(self, folder: Path, present: set[str]) -> None:
        """Drop the entries of files in `folder` that are no longer there (deleted or renamed)."""
        for key in [k for k in self.table if k not in present and os.path.dirname(k) == str(folder)]:
            del self.table[key]
            self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        table = self.table
        if len(table) > _MAX_ENTRIES:  # keep the most recently seen files
            newest = sorted(table.items(), key=lambda item: item[1][2], reverse=True)[:_MAX_ENTRIES]
            table = dict(newest)
        # A read-only or full cache folder: index in memory only, as before.
        write_marshal(self.path, (_FORMAT, _fingerprint(), table))
        self.dirty = False
