"""The fork-based runner gives the same results, in order, as a plain loop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factory import make_report
from gklint import parallel
from gklint.engine import lint_text


def _lint(year: int) -> list[tuple[str, int]]:
    return [(d.code, d.span.start) for d in lint_text(make_report(year=year, window=None)).diagnostics]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_parallel_matches_sequential(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [2019 + (i % 6) for i in range(40)]
    monkeypatch.setattr(parallel, "worker_count", lambda n: 3)
    assert parallel.run_all(jobs, _lint) == [_lint(j) for j in jobs]


def _fail(n: int) -> int:
    if n == 7:
        raise ValueError("boom 7")
    return n


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_worker_exception_is_raised_in_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "worker_count", lambda n: 2)
    with pytest.raises(ValueError, match="boom 7"):
        parallel.run_all(list(range(10)), _fail)


def test_small_jobs_stay_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GKLINT_NO_PARALLEL", raising=False)
    assert parallel.worker_count(3) == 1
    monkeypatch.setenv("GKLINT_NO_PARALLEL", "1")
    assert parallel.worker_count(1000) == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_folder_of_web_pages_read_in_workers_reports_as_read_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pages read on several cores give the same output (findings, origins, order, read errors) as one core."""
    from gklint import cli
    from gklint.cli import checkrun
    from helpers import FIXTURES
    from seed_html import render_html

    seeds = sorted(FIXTURES.glob("0*.txt"))
    for i in range(4):
        for n, seed in enumerate(seeds):
            (tmp_path / f"{i}_{n}.html").write_text(
                render_html(seed.read_text(encoding="utf-8")), encoding="utf-8"
            )
    (tmp_path / "2_9.html").write_bytes(b"\x00\x01 not a page")  # a read error in the middle
    (tmp_path / "3_9.txt").write_text(seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    reads: list[str] = []
    real = checkrun._read_reporting
    monkeypatch.setattr(checkrun, "_read_reporting", lambda path: reads.append(path.name) or real(path))

    def run(workers: int) -> tuple[int, str, str]:
        monkeypatch.setattr(parallel, "worker_count", lambda n: workers)
        code = cli.main(["--no-color", "--output-format", "json", str(tmp_path)])
        out = capsys.readouterr()
        return code, out.out, out.err

    one = run(1)
    reads.clear()
    many = run(3)
    assert many == one and '"origin"' in one[1] and "2_9.html" in one[2]
    # The parent read the text file and its own share of the 21 pages; the workers read the rest.
    assert "3_9.txt" in reads and len(reads) < 21
