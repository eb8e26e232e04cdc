"""Word (.docx) reader benchmark (run by hand; figures go to bench/RESULTS.md, never into tests).

Against python-docx alone opening the same files and walking them (every body paragraph's text and every
table cell's text, through python-docx's own API) — the least any Word reader built on it must do.
Target ratio ≤ 1.5.
1. one .docx cold via the CLI vs `python -c` doing the python-docx walk of that file;
2. 200 .docx (the five seeds as drafters' Word files, tests/make_docx_fixtures.py, ×40) in one CLI call vs one
   Python process walking the same 200 files;
3. in-process: gklint's reader alone (text, grid, numbering, origins) and reader + lint vs the walk alone.

Usage: python bench/bench_docx.py [--runs N]
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

COPIES = 40

WALK = (
    "def walk(path):\n"
    "    d = docx.Document(path)\n"
    "    for block in d.iter_inner_content():\n"
    "        if isinstance(block, docx.table.Table):\n"
    "            for row in block.rows:\n"
    "                for cell in row.cells: cell.text\n"
    "        else: block.text\n"
)
WALK_ONE = "import sys, docx, docx.table\n" + WALK + "walk(sys.argv[1])"
WALK_MANY = (
    "import sys, pathlib, docx, docx.table\n"
    + WALK
    + "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()): walk(str(p))"
)


def _files(target: Path) -> list[Path]:
    from make_docx_fixtures import build

    seeds = build(target / "seeds")
    folder = target / "many"
    folder.mkdir()
    paths = []
    for i in range(COPIES):
        for n, seed in enumerate(seeds):
            path = folder / f"{i:02d}_{n}.docx"
            path.write_bytes(seed.read_bytes())
            paths.append(path)
    return paths


def _in_process(paths: list[Path]) -> tuple[float, float, float]:
    import docx
    import docx.table

    from gklint.engine import lint_document
    from gklint.source import read_path

    def walk(path: Path) -> None:
        d = docx.Document(str(path))
        for block in d.iter_inner_content():
            if isinstance(block, docx.table.Table):
                for row in block.rows:
                    for cell in row.cells:
                        _ = cell.text
            else:
                _ = block.text

    def best(fn) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(3):
            start = time.perf_counter()
            for path in paths:
                fn(path)
            times.append(time.perf_counter() - start)
        return min(times)

    return best(walk), best(read_path), best(lambda p: lint_document(read_path(p)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    gklint = _gklint_command()
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}; Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        paths = _files(Path(tmp))
        one = paths[0]
        many = paths[0].parent
        size = sum(p.stat().st_size for p in paths)
        walk_one = _time([sys.executable, "-c", WALK_ONE, str(one)], runs)
        cli_one = _time([*gklint, "-q", str(one)], runs)
        print(
            f"one .docx cold: python-docx walk {walk_one[0] * 1000:.0f} ms, gklint {cli_one[0] * 1000:.0f} ms "
            f"= {cli_one[0] / walk_one[0]:.2f}× (median; min {cli_one[1] / walk_one[1]:.2f}×)"
        )
        many_runs = max(3, runs // 3)
        walk_many = _time([sys.executable, "-c", WALK_MANY, str(many)], many_runs)
        cli_many = _time([*gklint, "-q", str(many)], many_runs)
        print(
            f"200 .docx ({size / 1e6:.2f} MB), one call: python-docx walk {walk_many[0]:.2f} s, gklint "
            f"{cli_many[0]:.2f} s = {cli_many[0] / walk_many[0]:.2f}× (median; min {cli_many[1] / walk_many[1]:.2f}×)"
        )
        walk, read, lint = _in_process(paths)
        n = len(paths)
        print(
            f"in-process, one core, per file: python-docx walk {walk / n * 1000:.1f} ms, gklint reader "
            f"{read / n * 1000:.1f} ms ({read / walk:.2f}×), reader + lint {lint / n * 1000:.1f} ms ({lint / walk:.2f}×)"
        )
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
