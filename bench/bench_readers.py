"""Web page and PDF reader benchmarks (run by hand; figures go to bench/RESULTS.md, never into tests).

HTML, against lxml parsing the same bytes and nothing else (target ratio ≤ 1.5):
1. one page cold via the CLI vs `python -c "import lxml.html; parse(page)"`;
2. 200 pages (the five seeds rendered as published pages by tests/seed_html.py, ×40) in one CLI call vs one
   Python process that lxml-parses the same 200 files;
3. in-process: the HTML reader alone (decode, parse, article, grids, origin map) vs lxml parsing alone.
PDF: the three real PDFs of ../shared/corpus/files cold via the CLI, vs pdfplumber alone opening each page and
finding its tables and text lines (what the reader needs from it).

Usage: python bench/bench_readers.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_cli import _gklint_command, _time

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures"
REAL_PAGE = SEEDS / "html" / "pingtan_2023.html"
PDFS = ROOT.parent / "shared" / "corpus" / "files"
COPIES = 40

# The baseline is lxml's fastest HTML parse (the C parser, no Python element classes) — what gklint uses.
LXML_ONE = (
    "import sys; from lxml import etree; etree.fromstring(open(sys.argv[1], 'rb').read(), etree.HTMLParser())"
)
LXML_MANY = (
    "import sys, pathlib; from lxml import etree; parser = etree.HTMLParser()\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()): etree.fromstring(p.read_bytes(), parser)"
)
PDFPLUMBER_ONE = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages: page.find_tables(); page.extract_text_lines()"
)


def _pages(target: Path) -> list[Path]:
    from seed_html import render_html

    rendered = [
        render_html(seed.read_text(encoding="utf-8")).encode("utf-8") for seed in sorted(SEEDS.glob("0*.txt"))
    ]
    paths = []
    for i in range(COPIES):
        for n, page in enumerate(rendered):
            path = target / f"{i:02d}_{n}.html"
            path.write_bytes(page)
            paths.append(path)
    return paths


def _in_process(paths: list[Path]) -> tuple[float, float, float]:
    from lxml import etree

    from gklint.engine import lint_document
    from gklint.source.html import read_html

    datas = [p.read_bytes() for p in paths]
    lint_document(read_html(datas[0], paths[0]))  # imports, regexes and rule data out of the timing
    start = time.perf_counter()
    docs = [read_html(data, path) for data, path in zip(datas, paths, strict=True)]
    reader = time.perf_counter() - start
    start = time.perf_counter()
    for doc in docs:
        lint_document(doc)
    lint = time.perf_counter() - start
    start = time.perf_counter()
    parser = etree.HTMLParser()
    for data in datas:
        etree.fromstring(data, parser)
    return reader, lint, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    gklint = _gklint_command()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average: {os.getloadavg()[0]:.2f}")

    one_lxml, _ = _time([sys.executable, "-c", LXML_ONE, str(REAL_PAGE)], args.runs)
    one_gk, _ = _time([*gklint, "--quiet", str(REAL_PAGE)], args.runs)
    print(
        f"one real page cold ({REAL_PAGE.stat().st_size / 1e3:.0f} kB): gklint {one_gk * 1000:.1f} ms, "
        f"lxml alone {one_lxml * 1000:.1f} ms, ratio {one_gk / one_lxml:.2f}x (target ≤ 1.5x)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        paths = _pages(Path(tmp))
        size = sum(p.stat().st_size for p in paths)
        runs = max(5, args.runs // 3)
        many_lxml, _ = _time([sys.executable, "-c", LXML_MANY, tmp], runs)
        many_gk, _ = _time([*gklint, "--quiet", "--exit-zero", tmp], runs)
        print(
            f"{len(paths)} pages ({size / 1e6:.2f} MB), one call: gklint {many_gk:.3f} s, lxml alone "
            f"{many_lxml:.3f} s, ratio {many_gk / many_lxml:.2f}x (target ≤ 1.5x)"
        )
        reader, lint, lxml_only = _in_process(paths)
        print(
            f"in-process, {len(paths)} pages: HTML reader {reader * 1000 / len(paths):.2f} ms/page, lxml parse "
            f"{lxml_only * 1000 / len(paths):.2f} ms/page, ratio {reader / lxml_only:.2f}x; "
            f"linting the extracted text {lint * 1000 / len(paths):.2f} ms/page"
        )
    for pdf in sorted(PDFS.glob("*.pdf")) if PDFS.is_dir() else []:
        plumber, _ = _time([sys.executable, "-c", PDFPLUMBER_ONE, str(pdf)], max(3, args.runs // 5))
        gk, _ = _time([*gklint, "--quiet", "--exit-zero", str(pdf)], max(3, args.runs // 5))
        print(
            f"{pdf.name} ({pdf.stat().st_size / 1e3:.0f} kB) cold: gklint {gk * 1000:.0f} ms, pdfplumber alone "
            f"{plumber * 1000:.0f} ms, ratio {gk / plumber:.2f}x"
        )


if __name__ == "__main__":
    main()
