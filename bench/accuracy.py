"""Accuracy of gklint on real reports: precision from hand labels, recall from mutations.

    PYTHONPATH=$PWD/src python bench/accuracy.py [--shared ../shared/corpus] [--quick]

Prints Markdown (bench/ACCURACY.md holds the latest run):

1. Precision on tests/corpus (hand labels, tests/corpus/labels.jsonl) and on ../shared/corpus
   (the findings tests/test_corpus.py asserts as real): per severity and category, true findings /
   all findings. A finding no label covers counts against precision (it is listed).
2. Reports with a false error.
3. Mutation recall per kind: every mutation of tests/mutators.py on every report it applies to
   (a report before 2019, or a part gklint did not recognise in the clean report, gives none),
   through every encoding and line ending. A crash counts as a miss and is listed.
4. Whether each clean report gives the same findings in every encoding and line ending.

`--quick` measures UTF-8/LF only.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus_labels import describe, entries, judge, lint_entry  # noqa: E402
from gklint.engine import LintResult, lint_document, lint_text  # noqa: E402
from gklint.source import read_path  # noqa: E402
from mutators import ENCODINGS, KINDS, LINE_ENDINGS, detected, encode, lint_bytes, mutations  # noqa: E402

Tally = dict[tuple[str, str], Counter[str]]  # (severity, category) → verdict counts


def _shared_expected() -> dict[str, dict[str, int]]:
    from test_corpus import EXPECTED  # the findings the suite asserts on ../shared/corpus

    return EXPECTED


def precision_tests_corpus(tally: Tally, false_errors: list[str], unlabelled: list[str]) -> int:
    count = 0
    for entry in entries():
        count += 1
        result = lint_entry(entry)
        for diag, verdict in judge(entry, result).findings:
            if verdict == "excerpt":
                continue  # only because the text is a cut opening
            tally[(diag.severity.label, diag.category)][verdict] += 1
            where = f"tests/corpus/{entry.index['file']}: {describe(diag, result.document)}"
            if verdict == "false" and diag.severity.label == "error":
                false_errors.append(where)
            if verdict == "unlabelled":
                unlabelled.append(where)
    return count


def precision_shared(shared: Path, tally: Tally, false_errors: list[str], unlabelled: list[str]) -> int:
    expected = _shared_expected()
    count = 0
    for path in sorted(shared.glob("*/*.txt")):
        name = f"{path.parent.name}/{path.name}"
        if name not in expected:
            continue
        count += 1
        result = lint_document(read_path(path))
        left = Counter(expected[name])
        for diag in result.diagnostics:
            verdict = "true" if left[diag.code] > 0 else "unlabelled"
            left[diag.code] -= 1
            tally[(diag.severity.label, diag.category)][verdict] += 1
            if verdict == "unlabelled":
                unlabelled.append(f"shared/{name}: {describe(diag, result.document)}")
    return count


def _bases(shared: Path | None) -> list[tuple[str, str]]:
    bases = [
        (f"fixtures/{p.name}", p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "tests/fixtures").glob("*.txt"))
    ]
    if shared is not None:
        bases += [
            (f"shared/reports/{p.name}", p.read_text(encoding="utf-8"))
            for p in sorted((shared / "reports").glob("*.txt"))
        ]
    bases += [
        (f"tests/corpus/{e.index['file']}", e.path.read_text(encoding="utf-8"))
        for e in entries()
        if e.index.get("complete")
    ]
    return [(name, text.replace("\r\n", "\n")) for name, text in bases]


def _lint_variant(text: str, encoding: str, ending: str) -> LintResult:
    return lint_bytes(encode(text, encoding, ending))


def recall(shared: Path | None, quick: bool) -> tuple[dict[str, Counter[str]], list[str], list[str], int]:
    """kind → {"applied", "found"}; misses; crashes; number of base reports."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    crashes: list[str] = []
    encodings = ENCODINGS[:1] if quick else ENCODINGS
    endings = ("LF",) if quick else tuple(LINE_ENDINGS)
    bases = _bases(shared)
    for name, text in bases:
        clean = lint_text(text)
        for mutation in mutations(text, clean.report):
            if detected(mutation, clean):
                continue  # the clean report already has it there: nothing to measure
            for encoding in encodings:
                for ending in endings:
                    counts[mutation.kind]["applied"] += 1
                    try:
                        found = detected(mutation, _lint_variant(mutation.text, encoding, ending), ending)
                    except Exception:  # a crash is a miss, and reported
                        crashes.append(
                            f"{name} {mutation.kind} {encoding}/{ending}: {traceback.format_exc(limit=1)}"
                        )
                        continue
                    if found:
                        counts[mutation.kind]["found"] += 1
                    else:
                        misses.append(f"{name} {mutation.kind} {encoding}/{ending}")
    return counts, misses, crashes, len(bases)


def stability(shared: Path | None) -> list[str]:
    """Clean reports whose findings change with the encoding or the line ending."""
    changed = []
    for name, text in _bases(shared):
        reference = Counter(d.code for d in lint_text(text).diagnostics)
        for encoding in ENCODINGS:
            for ending in LINE_ENDINGS:
                got = Counter(d.code for d in _lint_variant(text, encoding, ending).diagnostics)
                if got != reference:
                    extra = dict((got - reference).items())
                    lost = dict((reference - got).items())
                    changed.append(f"{name} {encoding}/{ending}: +{extra} -{lost}")
    return changed


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    shared = args.shared if (args.shared / "index.jsonl").is_file() else None
    started = time.perf_counter()

    tally: Tally = defaultdict(Counter)
    false_errors: list[str] = []
    unlabelled: list[str] = []
    n_corpus = precision_tests_corpus(tally, false_errors, unlabelled)
    n_shared = precision_shared(shared, tally, false_errors, unlabelled) if shared else 0

    print(f"## Precision ({n_corpus} reports of tests/corpus, {n_shared} of ../shared/corpus)\n")
    print("| severity | category | true | false | unlabelled | precision (true / all) |")
    print("|---|---|---:|---:|---:|---:|")
    by_severity: dict[str, Counter[str]] = defaultdict(Counter)
    for (severity, category), verdicts in sorted(tally.items()):
        by_severity[severity].update(verdicts)
        total = sum(verdicts.values())
        print(
            f"| {severity} | {category} | {verdicts['true']} | {verdicts['false']} | {verdicts['unlabelled']} "
            f"| {_ratio(verdicts['true'], total)} |"
        )
    for severity, verdicts in sorted(by_severity.items()):
        total = sum(verdicts.values())
        print(
            f"| **{severity}** | **all** | {verdicts['true']} | {verdicts['false']} | {verdicts['unlabelled']} "
            f"| **{_ratio(verdicts['true'], total)}** |"
        )
    reports_with_false_error = sorted({line.split(":")[0] for line in false_errors})
    print(f"\nReports with a false error: **{len(reports_with_false_error)}**")
    for line in false_errors:
        print(f"- {line}")
    if unlabelled:
        print("\nFindings no label covers (counted as not true):")
        for line in unlabelled:
            print(f"- {line}")

    counts, misses, crashes, n_bases = recall(shared, args.quick)
    variants = (
        "UTF-8/LF only" if args.quick else f"{len(ENCODINGS)} encodings × {len(LINE_ENDINGS)} line endings"
    )
    print(f"\n## Mutation recall ({n_bases} base reports, {variants})\n")
    print("| kind | applied | found | recall |")
    print("|---|---:|---:|---:|")
    applied = found = 0
    for kind in KINDS:
        c = counts.get(kind, Counter())
        applied += c["applied"]
        found += c["found"]
        print(f"| {kind} | {c['applied']} | {c['found']} | {_ratio(c['found'], c['applied'])} |")
    print(f"| **all** | {applied} | {found} | **{_ratio(found, applied)}** |")
    print(f"\nCrashes: **{len(crashes)}**")
    for line in crashes:
        print(f"- {line}")
    if misses:
        print("\nMissed:")
        for line in misses:
            print(f"- {line}")
    if not args.quick:
        changed = stability(shared)
        print(
            f"\n## Clean reports in every encoding and line ending\n\nReports whose findings change: **{len(changed)}**"
        )
        for line in changed:
            print(f"- {line}")
    print(f"\n(measured in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
