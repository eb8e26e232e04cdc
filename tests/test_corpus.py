"""Every real report in ../shared/corpus lints without a crash and maps its tables.

Skips cleanly when ../shared is absent (a user's clone has no shared/ folder).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gklint.engine import lint_document
from gklint.model.report import TableStatus
from gklint.source import read_path
from helpers import SHARED

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(
    not (CORPUS / "index.jsonl").is_file(), reason="../shared/corpus is not present"
)


def _entries() -> list[dict[str, object]]:
    if not (CORPUS / "index.jsonl").is_file():
        return []
    return [
        json.loads(line)
        for line in (CORPUS / "index.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: str(e["file"]))
def test_corpus_report_parses(entry: dict[str, object]) -> None:
    path = CORPUS / str(entry["file"])
    result = lint_document(read_path(path))
    report = result.report
    assert report.year == entry["year"]
    codes = {d.code for d in result.diagnostics}
    if int(str(entry["year"])) < 2019:
        assert codes == {"GK003"}
        assert len([h for h in report.headings if h.top_level]) >= 5
        return
    assert set(report.sections) == {1, 2, 3, 4, 5, 6}
    assert report.template == entry["template"]
    for key in ("s2", "s3", "s4"):
        table = report.tables[key]
        assert table.status in (TableStatus.MAPPED, TableStatus.PARTIAL) or "GK401" in codes, key
    assert report.tables["s3"].status is TableStatus.MAPPED
    assert report.tables["s4"].status is TableStatus.MAPPED


EXPECTED = {
    # Real defects noted in shared/corpus/index.jsonl.
    "reports/r008.txt": {
        "GK304": 2,
        "GK407": 1,
        "GK502": 1,
    },  # 行政复议 total 0 (should be 11); 复议后起诉 0 (5)
    "reports/r009.txt": {"GK407": 1, "GK502": 1},
    "reports/r007.txt": {},
    "reports/r014.txt": {"GK003": 1},
    "seeds/000_89fc474536e2e148.txt": {},
    "seeds/001_76c8ceb17d7780b8.txt": {"GK107": 3},
    "seeds/002_19a6864ec5ce9982.txt": {"GK201": 1},
    "seeds/003_7d769ae862f72051.txt": {"GK201": 1},
    "seeds/004_1818abdbb8b09ee2.txt": {"GK104": 1, "GK404": 1},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_findings(name: str) -> None:
    result = lint_document(read_path(CORPUS / name))
    counts: dict[str, int] = {}
    for diag in result.diagnostics:
        counts[diag.code] = counts.get(diag.code, 0) + 1
    assert counts == EXPECTED[name]


def test_shanghai_2019_blank_cells_are_warnings_not_sum_errors() -> None:
    result = lint_document(read_path(CORPUS / "reports/r011.txt"))
    codes = [d.code for d in result.diagnostics]
    assert not [c for c in codes if c.startswith("GK3")]
    assert codes.count("GK402") >= 20
    assert "GK105" in codes  # 五、政府信息公开工作存在的主要问题及改进情况 (an accepted alias)


def test_no_seed_has_an_error() -> None:
    for path in sorted((CORPUS / "seeds").glob("*.txt")):
        result = lint_document(read_path(path))
        assert [d for d in result.diagnostics if d.severity.label == "error"] == [], path.name


def test_every_diagnostic_span_is_inside_the_text() -> None:
    for path in sorted(CORPUS.glob("*/*.txt")):
        result = lint_document(read_path(path))
        for diag in result.diagnostics:
            assert 0 <= diag.span.start <= diag.span.end <= len(result.document.text)
            assert diag.span.end > diag.span.start, (path.name, diag.code)


def test_copies_of_the_seeds_match_the_fixtures() -> None:
    fixtures = Path(__file__).parent / "fixtures"
    for path in sorted((CORPUS / "seeds").glob("*.txt")):
        assert (fixtures / path.name).read_bytes() == path.read_bytes()
