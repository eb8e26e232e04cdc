"""Last year's report for a report: given (`--previous`, `previous = …`) or found beside it.

Automatic pairing looks in the report's folder for a file of the same body (organisation
names normalised: spaces, brackets) for the year before. Every candidate goes through the
common reader entry point (`gklint.source.readers.read_path`), so a .docx, .pdf or saved
web page from last year pairs with this year's .txt. A folder is indexed once per process
and re-indexed when its listing or any file's mtime changes.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import NamedTuple

from gklint.checks.context import PreviousReport
from gklint.checks.organisation import normalised_organisation
from gklint.model.build import parse_report
from gklint.model.report import Report
from gklint.source.document import SourceDocument
from gklint.source.readers import ReadError, read_path, supported_suffixes


class _Entry(NamedTuple):
    org: str
    year: int
    path: Path


# Characters read for a candidate's title and year: web-page chrome can push the title a dozen lines down.
_HEAD = 3000

_INDEX: dict[Path, tuple[tuple[int, int], list[_Entry]]] = {}
_LOCK = threading.Lock()


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


def _org_year(report: Report) -> tuple[str, int] | None:
    if report.title is None or report.year is None or not report.title.org.strip():
        return None
    return normalised_organisation(report.title.org), report.year


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
    entries = []
    for path in files:
        try:
            doc = read_path(path)
        except ReadError:
            continue  # not a report we can read: it cannot be anyone's previous year
        found = _org_year(parse_report(doc.text[:_HEAD]))  # the title is near the top: parse only that
        if found is not None:
            entries.append(_Entry(found[0], found[1], path))
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
    found = _org_year(report)
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
    return PreviousReport(doc, parse_report(doc.text))
