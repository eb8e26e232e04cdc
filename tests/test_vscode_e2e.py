"""Opt-in end-to-end test of the VS Code extension in real VS Code (code-server).

Slow (about a minute, plus a one-off ~3 minute toolchain install), so it runs only
with GKLINT_E2E=1, after `bash tests/e2e_vscode/install.sh`. See
tests/e2e_vscode/README.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN_SH = Path(__file__).parent / "e2e_vscode" / "run.sh"


def test_vscode_extension_end_to_end() -> None:
    if os.environ.get("GKLINT_E2E") != "1":
        pytest.skip("VS Code e2e is opt-in: set GKLINT_E2E=1 (after running tests/e2e_vscode/install.sh)")
    env = dict(os.environ)
    # The interpreter running pytest is the one with this checkout's gklint installed.
    env.setdefault("GKLINT_PYTHON", sys.executable)
    proc = subprocess.run(
        ["bash", str(RUN_SH)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=900,
        check=False,
    )
    print(proc.stdout)
    tail = "\n".join(proc.stdout.splitlines()[-40:])
    assert proc.returncode == 0, f"tests/e2e_vscode/run.sh exited {proc.returncode}:\n{tail}"
