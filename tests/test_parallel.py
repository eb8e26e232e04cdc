"""The fork-based runner gives the same results, in order, as a plain loop."""

from __future__ import annotations

import os

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
