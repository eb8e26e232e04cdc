"""Precision and recall of the content rules (GK6xx–GK9xx) on real reports.

Run from the repository root:

    PYTHONPATH=src python bench/content_accuracy.py [--verbose]

Precision: every content finding on the real-report corpus (tests/fixtures seeds,
../shared/corpus/reports, tests/corpus/reports) is either listed in TRUE_FINDINGS below —
each checked by reading the report — or counted as a false positive. Findings on opening-only
excerpts (tests/corpus index `complete: false`) that exist only because the text is cut
(GK70x on missing sections) are counted apart as "excerpt".

Recall: defects injected into the real reports, each expected to give one finding:
- prose: a number in the text that equals 表三's 本年新收 / （七）总计 (found by a plain regex,
  independent of gklint's own sentence reader) is changed by +1 → GK601;
- fee: section 六 of a 2021+ report that mentions the fee is replaced by "无。" → GK701;
- copied: this year's 五 replaced by last year's 五 (real consecutive reports, and each report
  paired with itself a year earlier) → GK804;
- carry-over: a previous-year report built from the report itself (title year − 1, its
  结转下年度 row set to this year's 上年结转 row) gives no GK801; then one cell shifted by 1 → GK801.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections import Counter
from pathlib import Path

from gklint.checks.figures import S3_ROWS
from gklint.engine import lint_document
from gklint.model.build import parse_report
from gklint.source.document import SourceDocument
from gklint.source.readers import read_path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus" / "reports"
LOCAL = ROOT / "tests" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
CONTENT = ("GK6", "GK7", "GK8", "GK9")

# (file name, code) → why the finding is right. Checked by reading each report.
TRUE_FINDINGS: dict[tuple[str, str], str] = {
    (
        "r009.txt",
        "GK601",
    ): "区政府办代表区政府受理申请17件; 表三 本年新收 95 (same body: the office acts for the 区政府)",
    ("001_76c8ceb17d7780b8.txt", "GK611"): "五: 针对2019年…问题 in a 2020 report (copied from 2019)",
    ("001_76c8ceb17d7780b8.txt", "GK612"): "五: 2020年，我镇将采取有效措施 in a 2020 report",
    ("002_19a6864ec5ce9982.txt", "GK701"): "六 is only 无 in a 2023 report",
    (
        "002_19a6864ec5ce9982.txt",
        "GK704",
    ): "五 lists 进一步完善/强化/提升 measures, no problem stated (domain CNT-03)",
    (
        "004_1818abdbb8b09ee2.txt",
        "GK706",
    ): "preamble lists 其他情况 for 六、其他需要报告的事项 (domain STR-06)",
    ("c119.txt", "GK612"): "2021 report, 五（二）改进措施: 2021年，我局将坚持… (future tense about 2021)",
    ("c126.txt", "GK901"): "投资促进局 (a department) 2025 report, page 发布时间 2026-04-17: after 1月31日",
    ("c128.txt", "GK701"): "2023 report, 六 is 无。 (and the sign-off)",
    ("c136.txt", "GK701"): "2025 report, 六 is 无。",
    (
        "c145.txt",
        "GK804",
    ): "经济发展局 2020 一: 7 of 9 sentences as in its 2019 report (paired in tests/corpus/reports)",
    ("c007.txt", "GK707"): "2022 report cites only 国办公开办函〔2019〕60号",
    **{
        (f"{c}.txt", "GK707"): "2021+ report cites only 《…年度报告有关事项的通知》 (the 2019 notice)"
        for c in ("c066", "c067", "c069", "c071", "c072", "c101", "c103", "c125", "c126", "c144", "c146")
    },
}
# GK705 (人民政府 without 考核/评议/追究 results) is a claim that words are absent; each
# finding on a complete report was checked by reading the report's 一 and 六.
GK705_CHECKED = {
    "000_89fc474536e2e148.txt", "001_76c8ceb17d7780b8.txt", "002_19a6864ec5ce9982.txt",
    "004_1818abdbb8b09ee2.txt", "r007.txt", "r008.txt", "r009.txt", "c006.txt",
}  # fmt: skip


def corpus() -> list[tuple[Path, bool]]:
    """(path, complete) for every real report available."""
    files = [(p, True) for p in sorted(FIXTURES.glob("*.txt"))]
    if SHARED.is_dir():
        files += [(p, True) for p in sorted(SHARED.glob("*.txt"))]
    index = LOCAL / "index.jsonl"
    if index.is_file():
        for line in index.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            files.append((LOCAL / entry["file"], bool(entry.get("complete", True))))
    return files


def precision(verbose: bool) -> tuple[Counter[str], Counter[str], Counter[str], list[str]]:
    true, false, excerpt = Counter[str](), Counter[str](), Counter[str]()
    unverified: list[str] = []
    for path, complete in corpus():
        result = lint_document(read_path(path))
        for diag in result.diagnostics:
            if not diag.code.startswith(CONTENT):
                continue
            key = (path.name, diag.code)
            if key in TRUE_FINDINGS or (diag.code == "GK705" and path.name in GK705_CHECKED):
                true[diag.code] += 1
            elif not complete and diag.code in ("GK701", "GK702", "GK703", "GK704", "GK705", "GK706"):
                excerpt[diag.code] += 1
            else:
                false[diag.code] += 1
                line = result.document.text.count("\n", 0, diag.span.start) + 1
                unverified.append(f"{path.name}:{line}: {diag.code} {diag.message[:90]}")
    if verbose:
        print("\n".join(unverified))
    return true, false, excerpt, unverified


_NUMBER_AFTER = re.compile(r"(?:申请|申请数|依申请公开)[^\d。；;\n|]{0,8}?(\d+)\s*件")


def _table_value(text: str, role: str) -> tuple[str, int] | None:
    report = parse_report(text)
    table = report.tables.get("s3")
    if table is None or table.schema not in S3_ROWS:
        return None
    cell = table.cells.get((S3_ROWS[table.schema][role], "C7"))
    if cell is None or cell.value is None:
        return None
    return role, int(cell.value)


def inject_prose(path: Path) -> list[tuple[str, bool]]:
    """Each prose number equal to 本年新收/（七）总计 changed by +1: caught by GK601?"""
    text = read_path(path).text
    outcomes = []
    for role in ("received", "total"):
        found = _table_value(text, role)
        if found is None or found[1] == 0:
            continue
        for m in _NUMBER_AFTER.finditer(text):
            line = text[text.rfind("\n", 0, m.start()) + 1 : text.find("\n", m.end())]
            if int(m.group(1)) != found[1] or "|" in line or "\t" in line:
                continue
            mutated = text[: m.start(1)] + str(found[1] + 1) + text[m.end(1) :]
            hits = [
                d for d in lint_document(SourceDocument(mutated)).diagnostics
                if d.code == "GK601" and d.span.start <= m.start(1) < d.span.end + 1
            ]  # fmt: skip
            outcomes.append((f"{path.name}:{role}:{m.group(0)}", bool(hits)))
    return outcomes


def inject_fee(path: Path) -> list[tuple[str, bool]]:
    text = read_path(path).text
    report = parse_report(text)
    six = report.sections.get(6)
    if six is None or report.year is None or report.year < 2021:
        return []
    body = text[six.body.start : six.body.end]
    if "费" not in body:
        return []
    mutated = text[: six.body.start] + "\n无。\n" + text[six.body.end :]
    codes = [d.code for d in lint_document(SourceDocument(mutated)).diagnostics]
    return [(f"{path.name}:fee", "GK701" in codes)]


def _with_year(text: str, year: int, previous: int) -> str:
    report = parse_report(text)
    if report.title is None or report.title.year_span is None:
        return text
    span = report.title.year_span
    return text[: span.start] + str(previous) + text[span.end :]


def inject_copied(this: Path, last: Path | None) -> list[tuple[str, bool]]:
    """Last year's 五 put in place of this year's: GK804 on section 五?"""
    text = read_path(this).text
    report = parse_report(text)
    if report.year is None or 5 not in report.sections:
        return []
    # without a real last year, the report itself a year earlier
    last_text = _with_year(text, report.year, report.year - 1) if last is None else read_path(last).text
    last_report = parse_report(last_text)
    if 5 not in last_report.sections:
        return []
    five, old = report.sections[5].body, last_report.sections[5].body
    mutated = text[: five.start] + last_text[old.start : old.end] + text[five.end :]
    result = lint_document(SourceDocument(mutated), previous=SourceDocument(last_text))
    hit = any(d.code == "GK804" and d.data.get("section") == 5 for d in result.diagnostics)
    eligible = sum(1 for _ in re.finditer("[。；;]", last_text[old.start : old.end]))
    if eligible < 3:
        return []  # fewer than three sentences: below the rule's minimum by design
    return [(f"{this.name}<-{last.name if last else 'itself'}:五", hit)]


def inject_carry_over(path: Path) -> list[tuple[str, bool]]:
    """A consistent previous year built from the report; then one carried cell shifted."""
    text = read_path(path).text
    report = parse_report(text)
    table = report.tables.get("s3")
    if report.year is None or table is None or table.schema not in S3_ROWS or report.title is None:
        return []
    rows = S3_ROWS[table.schema]
    edits = []
    for column in ("C1", "C2", "C3", "C4", "C5", "C6", "C7"):
        carried = table.cells.get((rows["carried"], column))
        forward = table.cells.get((rows["forward"], column))
        if carried is None or forward is None or carried.value is None or forward.value is None:
            return []
        edits.append((forward.span, carried.text.strip(" |\t")))
    last = text
    for span, value in sorted(edits, reverse=True):
        last = last[: span.start] + value + last[span.end :]
    last = _with_year(last, report.year, report.year - 1)

    def carry_codes(previous: str) -> list[str]:
        result = lint_document(SourceDocument(text), previous=SourceDocument(previous))
        return [d.code for d in result.diagnostics if d.code in ("GK800", "GK801")]

    baseline = carry_codes(last)
    span, value = edits[0]
    # edits[0] is C1 of 结转下年度 in `last`; its offset did not move (edits applied from the end)
    shifted = last[: span.start] + str(int(value) + 1) + last[span.start + len(value) :]
    return [
        (f"{path.name}:carry-baseline", baseline == []),
        (f"{path.name}:carry-shift", carry_codes(shifted) == ["GK801"]),
    ]


def inject_deadline(path: Path) -> list[tuple[str, bool]]:
    """A sign-off date on time gives nothing; one after the deadline gives GK901."""
    doc = read_path(path)
    text = doc.text
    report = parse_report(text)
    if report.year is None or report.year < 2019 or not report.sections:
        return []
    if doc.meta.get("published") or re.search(r"发布(?:时间|日期)", text[:2000]):
        return []  # the page's own 发布时间 comes first; a sign-off date added below would not be read

    def late(date: str) -> bool:
        signed = text.rstrip("\n") + f"\n\n{date}\n"
        return any(d.code == "GK901" for d in lint_document(SourceDocument(signed)).diagnostics)

    on_time, after = late(f"{report.year + 1}年1月15日"), late(f"{report.year + 1}年4月15日")
    if not after and not on_time:
        return []  # a township or a body of unclear kind: no national deadline applies
    return [(f"{path.name}:on-time", not on_time), (f"{path.name}:late", after)]


def recall(verbose: bool) -> dict[str, tuple[int, int]]:
    families: dict[str, list[tuple[str, bool]]] = {
        "prose": [], "fee": [], "copied": [], "carry-over": [], "deadline": []
    }  # fmt: skip
    complete = [p for p, c in corpus() if c]
    for path in complete:
        families["prose"] += inject_prose(path)
        families["fee"] += inject_fee(path)
        families["copied"] += inject_copied(path, None)
        families["carry-over"] += inject_carry_over(path)
        families["deadline"] += inject_deadline(path)
    chain = ["c003", "c004", "c005", "c001", "c036", "c037"]
    if (LOCAL / "reports").is_dir():
        for last, this in itertools.pairwise(chain):
            families["copied"] += inject_copied(
                LOCAL / "reports" / f"{this}.txt", LOCAL / "reports" / f"{last}.txt"
            )
    out = {}
    for family, outcomes in families.items():
        caught = sum(1 for _, ok in outcomes if ok)
        out[family] = (caught, len(outcomes))
        if verbose:
            for name, ok in outcomes:
                if not ok:
                    print(f"missed {family}: {name}")
    return out


def main() -> int:
    verbose = "--verbose" in sys.argv
    true, false, excerpt, _ = precision(verbose)
    codes = sorted(set(true) | set(false) | set(excerpt))
    print("Precision on the real corpus (content rules):")
    print("| code | true | false | excerpt-only |")
    print("|---|---|---|---|")
    for code in codes:
        print(f"| {code} | {true[code]} | {false[code]} | {excerpt[code]} |")
    t, f = sum(true.values()), sum(false.values())
    print(
        f"\nall content findings on complete text: {t} true, {f} false -> precision {t / max(t + f, 1):.3f}"
    )
    warnings_t = sum(v for k, v in true.items() if k not in ("GK701", "GK703", "GK801", "GK707", "GK800"))
    warnings_f = sum(v for k, v in false.items() if k not in ("GK701", "GK703", "GK801", "GK707", "GK800"))
    print(
        f"warnings only: {warnings_t} true, {warnings_f} false -> precision {warnings_t / max(warnings_t + warnings_f, 1):.3f}"
    )
    print("\nRecall on injected defects:")
    print("| defect | caught | injected | recall |")
    print("|---|---|---|---|")
    total_c = total_n = 0
    for family, (caught, n) in recall(verbose).items():
        total_c, total_n = total_c + caught, total_n + n
        print(f"| {family} | {caught} | {n} | {caught / max(n, 1):.3f} |")
    print(f"| all | {total_c} | {total_n} | {total_c / max(total_n, 1):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
