"""Progress on stderr for folder runs: shown on a terminal, silent otherwise (pipes, CI logs)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import FIXTURES

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "报告"
    reports.mkdir()
    for i, fixture in enumerate(sorted(FIXTURES.glob("*.txt")) * 4):
        (reports / f"{i:02d}.txt").write_bytes(fixture.read_bytes())
    return reports


def _run(args: list[str], cwd: Path, *, tty: bool, workers: bool = True) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "GKLINT_NO_PARALLEL")}
    env["PYTHONPATH"] = str(SRC)
    if not workers:
        env["GKLINT_NO_PARALLEL"] = "1"
    command = [sys.executable, "-m", "gklint", "--format", "concise", *args]
    if not tty:
        done = subprocess.run(command, capture_output=True, env=env, cwd=cwd, timeout=120)
        return done.returncode, done.stdout.decode(), done.stderr.decode()
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read().decode() if proc.stdout else ""
    code = proc.wait(timeout=120)
    os.close(master)
    return code, out, b"".join(chunks).decode()


@pytest.mark.parametrize("workers", [True, False])
def test_folder_run_on_a_terminal_shows_files_done_and_current_file(folder: Path, workers: bool) -> None:
    code, out, err = _run(["报告"], folder.parent, tty=True, workers=workers)
    assert code in (0, 1)
    assert len(list(folder.iterdir())) == 20
    assert "\r\x1b[K已检查 1/20：报告/" in err and "\r\x1b[K已检查 20/20：报告/" in err
    assert err.endswith("\r\x1b[K")  # the progress line is cleared before the results
    assert "已检查" not in out


def test_no_progress_when_stderr_is_not_a_terminal(folder: Path) -> None:
    code, _out, err = _run(["报告"], folder.parent, tty=False)
    assert code in (0, 1) and "已检查" not in err and "\r" not in err


def test_no_progress_for_a_single_named_file(folder: Path) -> None:
    _, _, err = _run(["报告/00.txt"], folder.parent, tty=True)
    assert "已检查" not in err
