"""Lint many files on all cores: fork workers, each lints a share and pickles results back.

Auditing a folder of hundreds of reports should use every core. `os.fork`
inherits the parent's imported modules and parsed rule data, so a worker
starts in well under a millisecond; platforms without fork lint sequentially.
"""

from __future__ import annotations

import copyreg
import os
import pickle
import struct
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


Progress = Callable[[int, int], None]  # (jobs done, index of the job just done)
_INDEX = struct.Struct("=I")


def _drain(fd: int, done: int, progress: Progress, *, block: bool) -> int:
    """Report the job indices workers wrote to the progress pipe; returns the new done count."""
    os.set_blocking(fd, block)
    while True:
        try:
            data = os.read(fd, _INDEX.size * 256)
        except BlockingIOError:
            return done
        if not data:
            return done
        # Writes of 4 bytes are atomic (< PIPE_BUF), so records never interleave; a read may
        # still end mid-record when the pipe is drained non-blocking, so finish the record.
        while len(data) % _INDEX.size:
            os.set_blocking(fd, True)
            data += os.read(fd, _INDEX.size - len(data) % _INDEX.size)
            os.set_blocking(fd, block)
        for (index,) in _INDEX.iter_unpack(data):
            done += 1
            progress(done, index)


def run_all(
    jobs: Sequence[Job], work: Callable[[Job], Result], progress: Progress | None = None
) -> list[Result]:
    """`[work(job) for job in jobs]`, spread over forked workers; order is kept.

    An exception in a worker is re-raised in the parent, like the sequential loop.
    `progress`, if given, is called in this process after each job, whichever
    process did it (workers send the finished job's index through a pipe).
    """
    workers = worker_count(len(jobs))
    if workers == 1:
        out = []
        for i, job in enumerate(jobs):
            out.append(work(job))
            if progress is not None:
                progress(i + 1, i)
        return out
    shares = [list(range(i, len(jobs), workers)) for i in range(workers)]
    children: list[tuple[int, int, list[int]]] = []
    prog_r, prog_w = os.pipe() if progress is not None else (-1, -1)
    for share in shares[1:]:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: lint its share, send it back, leave without cleanup handlers
            os.close(read_fd)
            code = 0
            try:
                try:
                    if prog_r >= 0:
                        os.close(prog_r)
                    finished = []
                    for i in share:
                        finished.append(work(jobs[i]))
                        if prog_w >= 0:
                            os.write(prog_w, _INDEX.pack(i))
                    if prog_w >= 0:
                        # Closed before sending results: the parent reads progress until every
                        # worker has closed it, and must not wait on a worker blocked on a full pipe.
                        os.close(prog_w)
                    payload = pickle.dumps(("ok", finished), pickle.HIGHEST_PROTOCOL)
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
    done = 0
    if prog_w >= 0:
        os.close(prog_w)
    for i in shares[0]:
        results[i] = work(jobs[i])
        if progress is not None:
            done += 1
            progress(done, i)
            done = _drain(prog_r, done, progress, block=False)
    if progress is not None:
        _drain(prog_r, done, progress, block=True)
        os.close(prog_r)
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
