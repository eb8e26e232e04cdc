"""Web page and PDF reader benchmarks (run by hand; figures go to bench/RESULTS.md, never into tests).

HTML, against two baselines on the same bytes (target ratio ≤ 1.5):
- "lxml parse": lxml's C HTML parser and nothing else (the issue's baseline);
- "lxml + walk": the parse plus the least any Python reader must do after it — one pass over the tree
  taking the text of every paragraph-like element and of every table cell (`WALK` below).
1. one page cold via the CLI vs `python -c` doing each baseline on that page;
2. 200 pages (the five seeds rendered as published pages by tests/seed_html.py, ×40) in one CLI call vs one
   Python process doing each baseline on the same 200 files;
3. in-process: the HTML reader alone (decode, parse, article, grids, origin map), and the lint of its text,
   vs each baseline.
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
# The fair baseline: parse, then one pass that reads every paragraph's and every table cell's text.
WALK = (
    "BLOCKS = {'p', 'h1', 'h2', 'h3', 'h4', 'li', 'td', 'th'}\n"
    "def walk(data, parser):\n"
    "    root = etree.fromstring(data, parser)\n"
    "    return [''.join(el.itertext()).strip() for el in root.iter() if el.tag in BLOCKS]\n"
)
WALK_ONE = (
    "import sys; from lxml import etree\n" + WALK + "walk(open(sys.argv[1], 'rb').read(), etree.HTMLParser())"
)
WALK_MANY = (
    "import sys, pathlib; from lxml import etree; parser = etree.HTMLParser()\n"
    + WALK
    + "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()): walk(p.read_bytes(), parser)"
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


def _in_process(paths: list[Path]) -> tuple[float, float, float, float]:
    """Seconds for all pages: the reader, the lint of its text, lxml parse alone, lxml + walk (best of 3)."""
    from lxml import etree

    from gklint.engine import lint_document
    from gklint.settings import Settings
    from gklint.source.html import read_html

    namespace: dict[str, object] = {"etree": etree}
    exec(WALK, namespace)  # the same walk as the subprocess baselines
    walk = namespace["walk"]
    datas = [p.read_bytes() for p in paths]
    lint_document(read_html(datas[0], paths[0]))  # imports, regexes and rule data out of the timing
    settings = Settings(pair_previous=False)  # the lint alone: pairing is the folder run's business

    def best(run) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(3):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    docs = [read_html(data, path) for data, path in zip(datas, paths, strict=True)]
    parser = etree.HTMLParser()
    return (
        best(lambda: [read_html(data, path) for data, path in zip(datas, paths, strict=True)]),
        best(lambda: [lint_document(doc, settings) for doc in docs]),
        best(lambda: [etree.fromstring(data, parser) for data in datas]),
        best(lambda: [walk(data, parser) for data in datas]),  # type: ignore[operator]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    gklint = _gklint_command()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average: {os.getloadavg()[0]:.2f}")

    one_lxml, _ = _time([sys.executable, "-c", LXML_ONE, str(REAL_PAGE)], args.runs)
    one_walk, _ = _time([sys.executable, "-c", WALK_ONE, str(REAL_PAGE)], args.runs)
    one_gk, _ = _time([*gklint, "--quiet", "--exit-zero", str(REAL_PAGE)], args.runs)
    print(
        f"one real page cold ({REAL_PAGE.stat().st_size / 1e3:.0f} kB): gklint {one_gk * 1000:.1f} ms; "
        f"lxml parse {one_lxml * 1000:.1f} ms ({one_gk / one_lxml:.2f}x); "
        f"lxml + walk {one_walk * 1000:.1f} ms ({one_gk / one_walk:.2f}x) (target ≤ 1.5x)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        paths = _pages(Path(tmp))
        size = sum(p.stat().st_size for p in paths)
        runs = max(5, args.runs // 3)
        many_lxml, _ = _time([sys.executable, "-c", LXML_MANY, tmp], runs)
        many_walk, _ = _time([sys.executable, "-c", WALK_MANY, tmp], runs)
        many_gk, _ = _time([*gklint, "--quiet", "--exit-zero", tmp], runs)
        print(
            f"{len(paths)} pages ({size / 1e6:.2f} MB), one call: gklint {many_gk:.3f} s; "
            f"lxml parse {many_lxml:.3f} s ({many_gk / many_lxml:.2f}x); "
            f"lxml + walk {many_walk:.3f} s ({many_gk / many_walk:.2f}x) (target ≤ 1.5x)"
        )
        reader, lint, lxml_only, walked = (t * 1000 / len(paths) for t in _in_process(paths))
        print(
            f"in-process per page: HTML reader {reader:.2f} ms, lint of its text {lint:.2f} ms; "
            f"lxml parse {lxml_only:.2f} ms (reader {reader / lxml_only:.1f}x), "
            f"lxml + walk {walked:.2f} ms (reader {reader / walked:.1f}x)"
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
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
