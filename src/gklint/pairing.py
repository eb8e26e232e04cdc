"""Last year's report for a report: given (`--previous`, `previous = …`) or found beside it.

Automatic pairing looks in the report's folder for a file of the same body (organisation
names normalised: spaces, brackets) for the year before. Every candidate goes through the
common reader entry point (`gklint.source.readers.read_path`), so a .docx, .pdf or saved
web page from last year pairs with this year's .txt. A folder is indexed once per process
and re-indexed when its listing changes; each file's title and year also persist across runs in
gklint's cache folder (`gklint.pairindex`, keyed on the file's size and mtime and on the parser's
fingerprint), so a file is parsed once per change, not once per run. The file finally paired is
always read afresh. A file the CLI has already read for linting (`remember`) is not read a
second time for the index or as last year's report.
"""

from __future__ import annotations

import _thread
from pathlib import Path
from typing import Literal, NamedTuple

from gklint.checks.context import PreviousReport
from gklint.checks.organisation import normalised_organisation
from gklint.model.build import parse_report, title_and_year
from gklint.model.report import Report, Title
from gklint.source.document import SourceDocument
from gklint.source.readers import ReadError, read_path, supported_suffixes


class _Entry(NamedTuple):
    org: str
    year: int
    path: Path


# Characters read for a candidate's title and year: web-page chrome can push the title a dozen lines down.
_HEAD = 3000

_INDEX: dict[Path, tuple[tuple[int, int], list[_Entry]]] = {}
_LOCK = _thread.allocate_lock()  # threading.Lock without importing threading (start-up)

# Resolved path → (size and mtime when read, the document read from it). Only the CLI fills it, with
# documents it read from disk (an editor's buffer may differ from the file, so the LSP never does).
_KNOWN: dict[Path, tuple[tuple[int, int], SourceDocument]] = {}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def remember(path: Path, doc: SourceDocument) -> None:
    """`doc` was just read from `path` by `read_path`: index and pair it without reading it again.

    A folder run reads every report anyway; without this, indexing the folder read each one twice
    (for a web page the reader is most of the work), and a single report was read again to index it.
    """
    stamp = _stamp(path)
    if stamp is not None:
        with _LOCK:
            _KNOWN[path.resolve()] = (stamp, doc)


def _read(path: Path) -> SourceDocument:
    """`read_path(path)`, or the document already read from it if the file has not changed since."""
    with _LOCK:
        known = _KNOWN.get(path)
    if known is not None and known[0] == _stamp(path):
        return known[1]
    return read_path(path)


def _signature(folder: Path) -> tuple[int, int] | None:
    """The folder's mtime: it changes when a file is added, removed or renamed.

    An edit inside a file keeps it; the index only holds each file's body and year, which an
    edit rarely changes, and the paired file itself is always read afresh.
    """
    try:
        stat = folder.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_ino


def _org_year(title: Title | None, year: int | None) -> tuple[str, int] | None:
    if title is None or year is None or not title.org.strip():
        return None
    return normalised_organisation(title.org), year


def _candidate(path: Path) -> tuple[str, int] | Literal[False] | None:
    """The file's (organisation, year), None if it is not a report, False if that cannot be said now."""
    try:
        doc = _read(path)
    except ReadError as exc:
        # Not a report we can read: it cannot be anyone's previous year. Unless the cause may pass
        # (permissions, a file still being written, a reader library not installed yet): then it
        # is not remembered as "not a report".
        cause = exc.__cause__
        while cause is not None and not isinstance(cause, OSError | ImportError):
            cause = cause.__cause__
        return False if cause is not None else None
    return _org_year(*title_and_year(doc.text[:_HEAD]))  # the title is near the top: read only that


def _index(folder: Path) -> list[_Entry]:
    sig = _signature(folder)
    if sig is None:
        return []
    with _LOCK:
        cached = _INDEX.get(folder)
        if cached is not None and cached[0] == sig:
            return cached[1]
    suffixes = set(supported_suffixes())
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes and p.is_file())
    except OSError:
        return []
    from gklint.pairindex import PairIndex

    stored = PairIndex()  # each file's answer from earlier runs, while its size and mtime are unchanged
    entries = []
    for path in files:
        key, stamp = str(path.resolve()), _stamp(path)
        if stamp is None:
            continue  # vanished since the listing
        known, found = stored.lookup(key, stamp)
        if not known:
            answer = _candidate(path)
            if answer is False:
                continue  # unreadable for now (see `_candidate`): not a candidate, not remembered
            found = answer
            stored.store(key, stamp, found)
        if found is not None:
            entries.append(_Entry(found[0], found[1], path))
    stored.forget_others(folder.resolve(), {str(path.resolve()) for path in files})
    stored.save()
    with _LOCK:
        _INDEX[folder] = (sig, entries)
    return entries


def warm(folders: set[Path]) -> None:
    """Index these folders now, so that forked workers inherit the index instead of each building it."""
    for folder in folders:
        _index(folder)


def find_previous(doc: SourceDocument, report: Report) -> Path | None:
    """The file in doc's folder that is the same body's report for the year before, if exactly one."""
    if doc.path is None:
        return None
    found = _org_year(report.title, report.year)
    if found is None:
        return None
    org, year = found
    folder = doc.path.resolve().parent
    here = doc.path.resolve()
    matches = [
        e.path for e in _index(folder) if e.org == org and e.year == year - 1 and e.path.resolve() != here
    ]
    return matches[0] if len(matches) == 1 else None


def load_previous(path: Path) -> PreviousReport:
    """Read and parse last year's report (raises ReadError with a Chinese message)."""
    doc = read_path(path)
    return PreviousReport(doc, parse_report(doc.text, tables=doc.tables))


def load_found(path: Path) -> PreviousReport:
    """`load_previous` for a file `find_previous` found: the CLI may have read it already."""
    doc = _read(path)
    if doc.path != path:  # the CLI's copy: name it as `read_path(path)` would
        from copy import copy

        doc = copy(doc)
        doc.path, doc.display_name, doc.meta = path, str(path), dict(doc.meta)
    return PreviousReport(doc, parse_report(doc.text, tables=doc.tables))
