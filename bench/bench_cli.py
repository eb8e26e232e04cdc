"""CLI benchmarks (run by hand; figures go to bench/RESULTS.md, never into tests).

1. One report, cold: `gklint examples/example-report.txt` vs a bare `python -c pass`
   (target: ≤ 2× the bare interpreter's wall time).
2. Throughput: the five seed reports copied ×40 (200 reports, ~1.9 MB), linted
   in-process and by one CLI call (target: ≤ 0.6 s on 2 cores).

Usage: python bench/bench_cli.py [--runs N]
Uses hyperfine when installed (apt-get install hyperfine), else a timing loop.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "examples" / "example-report.txt"
COPIES = 40


def _gklint_command() -> list[str]:
    script = Path(sys.executable).with_name("gklint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gklint"]


def _time(command: list[str], runs: int) -> tuple[float, float]:
    """Median and min wall time in seconds (exit status 1 = problems found is expected)."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(
                [
                    "hyperfine",
                    "-N",
                    "--warmup",
                    "3",
                    "--runs",
                    str(runs),
                    "-i",
                    "--export-json",
                    out.name,
                    " ".join(f"'{c}'" for c in command),
                ],
                check=True,
                capture_output=True,
            )
            result = json.loads(Path(out.name).read_text())["results"][0]
            return result["median"], result["min"]
    samples = []
    for _ in range(runs + 3):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    samples = samples[3:]
    return statistics.median(samples), min(samples)


def _corpus(target: Path) -> list[Path]:
    paths = []
    for i in range(COPIES):
        for seed in sorted(SEEDS.glob("*.txt")):
            path = target / f"{i:02d}_{seed.name}"
            path.write_bytes(seed.read_bytes())
            paths.append(path)
    return paths


def _in_process(paths: list[Path]) -> float:
    from gklint.engine import lint_document
    from gklint.source import read_path

    lint_document(read_path(paths[0]))  # warm the rule data cache
    start = time.perf_counter()
    for path in paths:
        lint_document(read_path(path))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    gklint = _gklint_command()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    cpu = (
        next(
            (
                ln.split(":", 1)[1].strip()
                for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")
            ),
            "?",
        )
        if Path("/proc/cpuinfo").exists()
        else "?"
    )
    print(f"cpu: {cpu}")

    bare_median, bare_min = _time([sys.executable, "-c", "pass"], args.runs)
    one_median, one_min = _time([*gklint, "--quiet", str(EXAMPLE)], args.runs)
    print(f"python -c pass:        median {bare_median * 1000:7.1f} ms  (min {bare_min * 1000:.1f})")
    print(
        f"gklint one report:     median {one_median * 1000:7.1f} ms  (min {one_min * 1000:.1f})  ratio {one_median / bare_median:.2f}x (target ≤ 2x)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        paths = _corpus(Path(tmp))
        size = sum(p.stat().st_size for p in paths)
        seconds = _in_process(paths)
        print(
            f"in-process:            {len(paths)} reports, {size / 1e6:.2f} MB in {seconds:.3f} s ({seconds / len(paths) * 1000:.2f} ms/report)"
        )
        many_median, many_min = _time([*gklint, "--quiet", "--exit-zero", tmp], max(5, args.runs // 4))
        print(
            f"gklint one CLI call:   {len(paths)} reports in median {many_median:.3f} s (min {many_min:.3f}) (target ≤ 0.6 s)"
        )


if __name__ == "__main__":
    main()
