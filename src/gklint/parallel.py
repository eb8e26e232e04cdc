"""Lint many files on all cores: fork workers, each lints a share and pickles results back.

Auditing a folder of hundreds of reports should use every core. `os.fork`
inherits the parent's imported modules and parsed rule data, so a worker
starts in well under a millisecond; platforms without fork lint sequentially.
"""

from __future__ import annotations

import copyreg
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")

# Diagnostics default their `data` to a read-only empty mapping; let it cross the pipe.
copyreg.pickle(MappingProxyType, lambda proxy: (MappingProxyType, (dict(proxy),)))

MIN_JOBS_PER_WORKER = 8


def worker_count(jobs: int) -> int:
    if not hasattr(os, "fork") or os.environ.get("GKLINT_NO_PARALLEL"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, jobs // MIN_JOBS_PER_WORKER))


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def run_all(jobs: Sequence[Job], work: Callable[[Job], Result]) -> list[Result]:
    """`[work(job) for job in jobs]`, spread over forked workers; order is kept.

    An exception in a worker is re-raised in the parent, like the sequential loop.
    """
    workers = worker_count(len(jobs))
    if workers == 1:
        return [work(job) for job in jobs]
    shares = [list(range(i, len(jobs), workers)) for i in range(workers)]
    children: list[tuple[int, int, list[int]]] = []
    for share in shares[1:]:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: lint its share, send it back, leave without cleanup handlers
            os.close(read_fd)
            code = 0
            try:
                try:
                    payload = pickle.dumps(("ok", [work(jobs[i]) for i in share]), pickle.HIGHEST_PROTOCOL)
                except BaseException as exc:  # sent to the parent, which raises it
                    payload = pickle.dumps(("error", exc), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_fd, "wb") as pipe:
                    pipe.write(payload)
            except BaseException:
                code = 1
            finally:
                sys.stdout.flush()
                os._exit(code)
        os.close(write_fd)
        children.append((pid, read_fd, share))
    results: list[Result | None] = [None] * len(jobs)
    for i in shares[0]:
        results[i] = work(jobs[i])
    failure: BaseException | None = None
    for pid, read_fd, share in children:
        data = _read_all(read_fd)
        os.close(read_fd)
        os.waitpid(pid, 0)
        if not data:
            failure = failure or RuntimeError("gklint worker process exited without a result")
            continue
        status, value = pickle.loads(data)
        if status == "error":
            failure = failure or value
            continue
        for i, result in zip(share, value, strict=True):
            results[i] = result
    if failure is not None:
        raise failure
    return results  # type: ignore[return-value]
