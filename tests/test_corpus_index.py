"""The real-report corpus in tests/corpus/ is well-formed: index, files and labels agree.

The corpus is the ground truth for the accuracy work (issue 6), so a broken entry (a missing
file, a duplicate id, a field with an unknown value, a label for a report that is not indexed)
must fail here rather than silently shrink what the accuracy test measures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus"
LEVELS = {"乡镇", "县级", "市级", "省级"}
KINDS = {"政府", "部门"}
TEMPLATES = {"2019", "2021"}
REQUIRED = {
    "id": str,
    "file": str,
    "source": str,
    "org": str,
    "level": str,
    "kind": str,
    "province": str,
    "year": int,
    "template": str,
    "layout": str,
    "complete": bool,
    "defects": list,
    "notes": str,
}
MIN_ENTRIES = 100
MIN_COMPLETE = 40
LABEL_VERDICTS = ("true", "false", "excerpt")


def _jsonl(name: str) -> list[dict[str, object]]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


ENTRIES = _jsonl("index.jsonl")


def test_corpus_has_enough_reports() -> None:
    assert len(ENTRIES) >= MIN_ENTRIES
    assert sum(1 for e in ENTRIES if e["complete"]) >= MIN_COMPLETE


def test_ids_and_files_are_unique() -> None:
    ids = [e["id"] for e in ENTRIES]
    files = [e["file"] for e in ENTRIES]
    assert len(set(ids)) == len(ids)
    assert len(set(files)) == len(files)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e["id"]))
def test_entry_fields_are_valid(entry: dict[str, object]) -> None:
    for key, kind in REQUIRED.items():
        assert isinstance(entry.get(key), kind), key
    assert entry["level"] in LEVELS
    assert entry["kind"] in KINDS
    assert entry["template"] in TEMPLATES
    year = entry["year"]
    assert isinstance(year, int) and 2019 <= year <= 2025
    # The template follows the year: 2019 format for 2019–2020 reports, 2021 format after,
    # unless the entry records that the report itself used the wrong one.
    expected = "2019" if year <= 2020 else "2021"
    defects = entry["defects"]
    assert isinstance(defects, list)
    kinds = {d["kind"] for d in defects}
    assert entry["template"] == expected or "outdated-label" in kinds
    for defect in defects:
        assert set(defect) >= {"kind", "where", "note"}
        assert all(isinstance(defect[k], str) and defect[k] for k in ("kind", "where", "note"))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e["id"]))
def test_report_file_is_readable_text(entry: dict[str, object]) -> None:
    path = CORPUS / str(entry["file"])
    text = path.read_text(encoding="utf-8")
    assert "\ufffd" not in text
    assert len(text.strip()) >= 200
    # Every report, complete or opening, states which report it is somewhere in its text.
    assert str(entry["year"]) in text


def test_labels_cover_exactly_the_indexed_reports() -> None:
    labels = _jsonl("labels.jsonl")
    assert [lab["id"] for lab in labels] == [e["id"] for e in ENTRIES]
    for lab in labels:
        for verdict in LABEL_VERDICTS:
            for item in lab.get(verdict, []):
                assert isinstance(item["code"], str) and item["code"].startswith("GK")
                assert isinstance(item["line"], int) and item["line"] >= 1
                assert isinstance(item["why"], str) and item["why"]
                assert isinstance(item["anchor"], str)
        for miss in lab.get("missed", []):
            assert miss["kind"] and miss["anchor"] and miss["why"]
