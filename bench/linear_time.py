"""Linear time: lint time per MB must stay flat from 10 KB to 10 MB, one-line and many-line alike.

Run by hand; the table goes into bench/RESULTS.md (never a timed assertion in a test).

Shapes (all built from the real seed reports in tests/fixtures):
- one-line report:  the seed reports with every line break replaced by a space (web archives glue
  whole pages into one line), repeated;
- one-line table:   a report head, then ONE line of "row label, numbers, prose" repeated (the shape
  that took ~7 s for 24 KB and never finished for 1 MB before issue 7);
- many-line report: the seed reports repeated as they are;
- many-line table:  a report head, then section 三's table rows (one cell per line) repeated.

Each measurement is the whole in-process pipeline a CLI run does after reading the file: decode,
parse, lint, and render the text output (which used to re-measure the line per diagnostic). The
clock is the process's CPU time by default (`--clock wall` for elapsed time): on the shared VM other
processes inflate elapsed time by a factor that changes from one size to the next.

Linear means time = fixed + per-byte·size. The fixed part (a whole report's checks and output,
a few milliseconds) dominates the 10 KB column; the "growth" column compares time per MB at the
largest size with 100 KB, where the fixed part no longer counts: ≈ 1.0 (or less) is linear.

Usage: python bench/linear_time.py [--max-mb 10] [--shapes "one-line table",...] [--clock cpu|wall]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gklint.engine import lint_document  # noqa: E402
from gklint.model.cells import classify  # noqa: E402
from gklint.model.normalize import label_key, squeeze, squeeze_text  # noqa: E402
from gklint.output import FileResult  # noqa: E402
from gklint.output.text import render  # noqa: E402
from gklint.source.readers import read_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
HEAD = "某县人民政府2024年政府信息公开工作年度报告\n本报告所列数据统计期限自2024年1月1日至2024年12月31日。\n"


def seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]


def _repeat(unit: str, size: int) -> str:
    """`unit` repeated until the UTF-8 encoding reaches `size` bytes (cut at a character)."""
    per_char = len(unit.encode("utf-8")) / len(unit)
    chars = int(size / per_char) + 1
    return (unit * (chars // len(unit) + 1))[:chars]


def _s3_rows() -> str:
    text = seeds()[0]
    start = text.index("三、收到和处理政府信息公开申请情况")
    end = text.index("四、政府信息公开行政复议")
    return text[start:end]


def one_line_report(size: int) -> str:
    return _repeat(" ".join(s.replace("\r", "").replace("\n", " ") for s in seeds()) + " ", size)


def one_line_table(size: int) -> str:
    unit = "（一）予以公开 6 1 0 0 0 0 7 这是一段说明文字，共计 12 件。"
    return HEAD + "三、收到和处理政府信息公开申请情况\n" + _repeat(unit, size - len(HEAD.encode()))


def many_line_report(size: int) -> str:
    return _repeat("\n".join(seeds()) + "\n", size)


def many_line_table(size: int) -> str:
    return HEAD + _repeat(_s3_rows(), size - len(HEAD.encode()))


SHAPES: dict[str, Callable[[int], str]] = {
    "one-line report": one_line_report,
    "one-line table": one_line_table,
    "many-line report": many_line_report,
    "many-line table": many_line_table,
}


def measure(text: str, clock: Callable[[], float] = time.perf_counter) -> tuple[float, int]:
    """Seconds for decode + parse + lint + text output; and the number of diagnostics."""
    data = text.encode("utf-8")
    for cached in (squeeze, squeeze_text, label_key, classify):
        cached.cache_clear()  # a repeated run of the same text would hit them; a new document would not
    gc.collect()
    started = clock()
    doc = read_bytes(data, Path("报告.txt"))
    result = lint_document(doc)
    render([FileResult(doc, result.diagnostics)])
    return clock() - started, len(result.diagnostics)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mb", type=float, default=10.0)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    sizes = [s for s in (10_000, 100_000, 1_000_000, 10_000_000) if s <= args.max_mb * 1_000_000]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load {load:.2f}, {args.clock} time")
    header = "| shape | " + " | ".join(f"{s // 1000:,} KB" for s in sizes) + " | growth |"
    print(header)
    print("|---" * (len(sizes) + 2) + "|")
    for name in args.shapes.split(","):
        make = SHAPES[name]
        per_mb = []
        cells = []
        for size in sizes:
            text = make(size)
            # Small inputs are repeated so timer noise does not dominate; the best run counts.
            runs = max(1, min(20, 200_000 // size))
            seconds, found = min(measure(text, clock) for _ in range(runs))
            mb = len(text.encode("utf-8")) / 1_000_000
            per_mb.append(seconds / mb)
            cells.append(f"{seconds / mb:.2f} s/MB ({seconds:.3f} s, {found} findings)")
        # Time per MB at the largest size over the one at 100 KB (past the fixed part).
        growth = per_mb[-1] / per_mb[min(1, len(per_mb) - 1)]
        print(f"| {name} | " + " | ".join(cells) + f" | {growth:.2f}× |", flush=True)


if __name__ == "__main__":
    main()
