"""Structured table rows vs the text layout: what mapping a reader's recorded tables costs (run by hand).

`parse_report(text, tables=doc.tables)` (the rows a Word/HTML/PDF reader recorded, mapped by logical row and
column) against `parse_report(text)` (the same text re-split line by line) on the same documents: the five seed
reports as drafters' Word files and as published web pages, and the three real PDFs of ../shared/corpus/files
when present. CPU time (`time.process_time`), the two paths interleaved, median of the runs; figures go to
bench/RESULTS.md, never into tests.

Usage: python bench/bench_grid_tables.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from gklint.model.build import parse_report  # noqa: E402
from gklint.source import read_path  # noqa: E402
from gklint.source.document import SourceDocument  # noqa: E402
from gklint.source.readers import read_bytes  # noqa: E402
from make_docx_fixtures import build  # noqa: E402
from seed_html import render_html  # noqa: E402

PDFS = ROOT.parent / "shared" / "corpus" / "files"


def _documents(folder: Path) -> dict[str, list[SourceDocument]]:
    seeds = sorted((ROOT / "tests" / "fixtures").glob("0*.txt"))
    sets = {
        "Word seeds (5)": [read_path(path) for path in build(folder)],
        "web-page seeds (5)": [
            read_bytes(render_html(p.read_text(encoding="utf-8")).encode("utf-8"), Path("报告.html"))
            for p in seeds
        ],
    }
    pdfs = [PDFS / f"{name}.pdf" for name in ("r007", "r008", "r009")]
    if all(path.is_file() for path in pdfs):
        sets["real PDFs r007–r009"] = [read_path(path) for path in pdfs]
    return sets


def _per_document_ms(docs: list[SourceDocument], structured: bool, repeat: int = 10) -> float:
    start = time.process_time()
    for _ in range(repeat):
        for doc in docs:
            parse_report(doc.text, tables=doc.tables if structured else ())
    return (time.process_time() - start) / repeat / len(docs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sets = _documents(Path(folder))
    print("| documents | structured rows | text layout | ratio |")
    print("|---|---|---|---|")
    for name, docs in sets.items():
        rows, text = [], []
        for _ in range(args.runs):
            rows.append(_per_document_ms(docs, True))
            text.append(_per_document_ms(docs, False))
        r, t = statistics.median(rows), statistics.median(text)
        print(f"| {name} | {r:.2f} ms | {t:.2f} ms | {r / t:.2f}× |")


if __name__ == "__main__":
    main()
