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
    # GK705 (content rules): a 人民政府's report with no 工作考核/社会评议/责任追究 results outside 五
    # (条例 第五十条); each was checked by reading the report.
    "reports/r008.txt": {
        "GK304": 2,
        "GK407": 1,
        "GK502": 1,
        "GK705": 1,
    },  # 行政复议 total 0 (should be 11); 复议后起诉 0 (5)
    # GK601: "区政府办代表区政府受理政府信息公开申请17件" but 表三 本年新收 95 (the office acts for
    # the 区政府 whose report this is, so it is the same body and the same quantity).
    "reports/r009.txt": {"GK407": 1, "GK502": 1, "GK601": 1, "GK705": 1},
    "reports/r007.txt": {"GK705": 1},
    "reports/r014.txt": {"GK003": 1},
    "seeds/000_89fc474536e2e148.txt": {"GK705": 1},  # 考核/追究 only as a plan in 五 (domain §7.7 CNT-02)
    # 五 copied from 2019: "针对2019年…问题" (GK611), "2020年，我镇将…" (GK612) (domain §7.3 PER-04)
    "seeds/001_76c8ceb17d7780b8.txt": {"GK107": 3, "GK611": 1, "GK612": 1, "GK705": 1},
    # 六 is only "无" (GK701, domain CNT-05); 五 lists measures but no problem (GK704, CNT-03)
    "seeds/002_19a6864ec5ce9982.txt": {"GK201": 1, "GK701": 1, "GK704": 1, "GK705": 1},
    "seeds/003_7d769ae862f72051.txt": {"GK201": 1},
    # the preamble lists "其他情况" for 六、其他需要报告的事项 (GK706, domain STR-06)
    "seeds/004_1818abdbb8b09ee2.txt": {"GK104": 1, "GK404": 1, "GK705": 1, "GK706": 1},
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
    # Except seed 002's 六 that says only "无" where a 2023 report must account for 信息处理费 (GK701).
    for path in sorted((CORPUS / "seeds").glob("*.txt")):
        result = lint_document(read_path(path))
        errors = [d.code for d in result.diagnostics if d.severity.label == "error"]
        assert errors == (["GK701"] if path.name.startswith("002_") else []), path.name


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
