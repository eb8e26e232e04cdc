"""A bounded load test of `gklint serve` on 127.0.0.1 (bench/load_serve.py): 50 clients, 1,000 uploads.

Every answer must equal the expected one for the file sent (no error, no lost or mixed
result) and the server must still be serving afterwards. Latency and memory are printed
for bench/RESULTS.md, never asserted. Opt-in with GKLINT_E2E=1 (CI sets it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "load_serve.py"


def test_fifty_clients_thousand_uploads() -> None:
    if os.environ.get("GKLINT_E2E") != "1":
        pytest.skip("the load test is opt-in: set GKLINT_E2E=1")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--clients", "50", "--uploads", "1000", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(result)
    assert result["failure_count"] == 0, result["failures"]
    assert result["completed"] == 1000
    assert result["server_alive"]
    assert proc.returncode == 0
