"""The hand labels of tests/corpus/labels.jsonl, matched against what gklint reports now.

Shared by tests/test_real_corpus.py (the regression test) and bench/accuracy.py (the
published precision figures), so both judge a finding the same way.

A label names a finding by its code, an anchor (a quote of the text at the place) and the
1-based line it was on; a `message` prefix tells apart several findings of one code at one
place (three GK101 at the same heading). A diagnostic matches a label when the codes agree,
its message starts with the label's prefix, and the anchor is on the diagnostic's line (in a
very long line — a one-line extraction — near its span). When the anchor is no longer in the
text, the line number decides.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from gklint.diagnostics import Diagnostic
from gklint.engine import LintResult, lint_document
from gklint.source import read_path
from gklint.source.document import SourceDocument

CORPUS = Path(__file__).parent / "corpus"
NEAR = 300  # characters between an anchor and a span that still count as "at the place"
SHORT_LINE = 400  # in a line this short, the anchor anywhere on it is at the place
VERDICTS = ("true", "false", "excerpt")


class Entry(NamedTuple):
    id: str
    path: Path
    index: dict[str, object]
    labels: dict[str, list[dict[str, object]]]  # verdict → labels; also "missed"


def entries(corpus: Path = CORPUS) -> list[Entry]:
    """Every labelled report of the corpus; empty when the corpus is absent."""
    index_path, labels_path = corpus / "index.jsonl", corpus / "labels.jsonl"
    if not index_path.is_file() or not labels_path.is_file():
        return []
    index = {e["id"]: e for e in _jsonl(index_path)}
    found = []
    for row in _jsonl(labels_path):
        entry = index.get(row["id"])
        if entry is None:
            continue
        labels = {key: list(row.get(key, [])) for key in (*VERDICTS, "missed")}
        found.append(Entry(row["id"], corpus / str(entry["file"]), entry, labels))
    return found


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lint_entry(entry: Entry) -> LintResult:
    return lint_document(read_path(entry.path))


def matches(label: dict[str, object], diag: Diagnostic, doc: SourceDocument) -> bool:
    if diag.code != label.get("code"):
        return False
    prefix = label.get("message")
    if isinstance(prefix, str) and prefix and not diag.message.startswith(prefix):
        return False
    anchor = label.get("anchor")
    line = doc.line_of(diag.span.start)
    if isinstance(anchor, str) and anchor:
        at = doc.text.find(anchor)
        if at != -1:
            line_start, line_end = doc.line_start(line), doc.line_end(line)
            long_line = line_end - line_start > SHORT_LINE
            at = doc.text.find(anchor, line_start, line_end + len(anchor))
            while at != -1 and at < line_end:
                gap = max(at - diag.span.end, diag.span.start - (at + len(anchor)), 0)
                if not long_line or gap <= NEAR:
                    return True
                at = doc.text.find(anchor, at + 1, line_end + len(anchor))
            return False
    return line + 1 == label.get("line")


class Judged(NamedTuple):
    """Every finding of one report with its verdict, and the labels nothing matched."""

    findings: list[tuple[Diagnostic, str]]  # verdict: "true", "false", "excerpt" or "unlabelled"
    lost_true: list[dict[str, object]]  # true labels no finding matches any more
    present_false: list[tuple[dict[str, object], Diagnostic]]  # findings a false label matches


def judge(entry: Entry, result: LintResult) -> Judged:
    doc = result.document
    findings: list[tuple[Diagnostic, str]] = []
    for diag in result.diagnostics:
        verdict = next(
            (v for v in VERDICTS if any(matches(label, diag, doc) for label in entry.labels[v])),
            "unlabelled",
        )
        findings.append((diag, verdict))
    lost = [
        label for label in entry.labels["true"] if not any(matches(label, d, doc) for d in result.diagnostics)
    ]
    present = []  # one entry per finding, however many false labels it matches
    for diag in result.diagnostics:
        label = next((lb for lb in entry.labels["false"] if matches(lb, diag, doc)), None)
        if label is not None:
            present.append((label, diag))
    return Judged(findings, lost, present)


def describe(diag: Diagnostic, doc: SourceDocument) -> str:
    return f"{diag.code} 第{doc.line_of(diag.span.start) + 1}行 {diag.message[:60]}"


def codes_of(labels: Iterable[dict[str, object]]) -> list[str]:
    return [str(label.get("code")) for label in labels]
