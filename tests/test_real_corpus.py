"""The hand labels of tests/corpus/ as a regression test (issue 6).

For every labelled report: the findings labelled true must still be reported, the ones
labelled false must stay absent, and no report may crash. Matching is by code, message
prefix and anchor quote, falling back to the line (tests/corpus_labels.py).

A false finding that gklint still makes is listed in STILL_FALSE with the reason; the test
fails when such a finding disappears too, so the list only ever shrinks and stays true.
Skips cleanly when tests/corpus is absent.
"""

from __future__ import annotations

import pytest

from corpus_labels import Entry, describe, entries, judge, lint_entry

ENTRIES = entries()
pytestmark = pytest.mark.skipif(not ENTRIES, reason="tests/corpus is not present")

# Report id → how many of its false labels gklint still reports, and why they are not fixed yet.
STILL_FALSE: dict[str, tuple[int, str]] = {
    "c130": (
        2,
        "one-line text, cells separated by single spaces: 表二's header glued to 规章, 表三 not mapped",
    ),
    "c138": (
        3,
        "one-line archive text whose table cells are separated by single spaces: 表二/表三 rows not found",
    ),
    "c145": (2, "one-line text whose table cells are separated by single spaces: 表二/表三 partly not split"),
}


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_true_findings_stay_found(entry: Entry) -> None:
    result = lint_entry(entry)
    lost = judge(entry, result).lost_true
    assert lost == [], [f"{label['code']} 第{label.get('line')}行 {label.get('anchor')}" for label in lost]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_false_findings_stay_absent(entry: Entry) -> None:
    result = lint_entry(entry)
    present = judge(entry, result).present_false
    expected, _why = STILL_FALSE.get(entry.id, (0, ""))
    assert len(present) == expected, [describe(d, result.document) for _, d in present]


def test_still_false_names_labelled_reports() -> None:
    ids = {e.id for e in ENTRIES}
    assert set(STILL_FALSE) <= ids
