"""Run `gklint serve` as a real process on a free 127.0.0.1 port for the HTTP and browser tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(*options: str) -> Iterator[str]:
    """`gklint serve OPTIONS` until the block ends; yields its base URL once /healthz answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gklint", "serve", "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/healthz", timeout=1).text == "ok":
                    break
            except httpx.TransportError:
                if proc.poll() is not None:
                    break
                time.sleep(0.05)
        else:
            raise AssertionError("gklint serve did not answer on /healthz")
        if proc.poll() is not None:
            raise AssertionError(f"gklint serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
