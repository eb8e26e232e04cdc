"""The pre-commit hook, with the real `pre-commit` tool in a throw-away git repository.

`pre-commit try-repo` builds the hook's own virtualenv and pip-installs gklint
into it, as users get it. That install is the slow part, so:

- the checkout is snapshotted into one git repository with a single commit
  made with fixed dates, in a folder named by the sources' hash next to
  PRE_COMMIT_HOME: the same sources give the same revision, so pre-commit reuses the hook environment
  (both commits below, and later runs until the sources change) — a dirty
  checkout given to try-repo directly would get a new shadow commit, and a
  new install, on every call;
- PRE_COMMIT_HOME lives outside the clone (``$GKLINT_PRE_COMMIT_HOME``, default
  ``~/.cache/gklint-pre-commit``), so CI keeps the hook environments between runs,
  and pip's own cache keeps the wheels.

Skipped when git or pre-commit is missing, or the checkout is not a git repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gate_reports import broken_report
from helpers import clean_text

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None
    or not (ROOT / ".git").exists()  # the snapshot lists the checkout's files with git
    or subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True).returncode != 0,
    reason="needs git, a git checkout and pre-commit",
)


def _home() -> Path:
    return Path(os.environ.get("GKLINT_PRE_COMMIT_HOME") or Path.home() / ".cache" / "gklint-pre-commit")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(_home()),
        GIT_AUTHOR_DATE="2025-01-01T00:00:00+08:00",
        GIT_COMMITTER_DATE="2025-01-01T00:00:00+08:00",
        GIT_AUTHOR_NAME="审核",
        GIT_AUTHOR_EMAIL="a@example.invalid",
        GIT_COMMITTER_NAME="审核",
        GIT_COMMITTER_EMAIL="a@example.invalid",
        GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _snapshot(env: dict[str, str]) -> Path:
    """The checkout's files as they are now (tracked and new, not ignored), committed once.

    The folder is named by a hash of those files, built aside and renamed into place: test
    runs of different sources (or several at once on one machine) never touch each other's.
    """
    import hashlib
    import tempfile

    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode("utf-8")
        .split("\0")
    )
    names = sorted(
        name
        for name in filter(None, listed)
        if (ROOT / name).is_file() and not name.startswith("tests/corpus/")
    )
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode("utf-8") + b"\0" + (ROOT / name).read_bytes() + b"\0")
    parent = _home().parent / "gklint-pre-commit-snapshots"
    dest = parent / digest.hexdigest()[:16]
    if (dest / ".git").exists():
        return dest
    parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=parent))
    for name in names:
        target = building / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    _git(building, env, "init", "-q")
    _git(building, env, "add", "-A")
    assert _git(building, env, "commit", "-q", "-m", "snapshot").returncode == 0
    try:
        building.rename(dest)
    except OSError:  # another run finished the same snapshot first
        shutil.rmtree(building, ignore_errors=True)
    return dest


def _work_repo(tmp_path: Path, env: dict[str, str]) -> Path:
    work = tmp_path / "报告库"
    work.mkdir()
    _git(work, env, "init", "-q")
    (work / "说明.py").write_text("x = 1  # not a report: the hook must not look at it\n", encoding="utf-8")
    return work


def _pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_try_repo_fails_on_the_broken_report_only(tmp_path: Path) -> None:
    """`pre-commit try-repo <checkout> gklint`, as the README tells hook authors to test it."""
    env = _env(tmp_path)
    hook_repo = _snapshot(env)
    work = _work_repo(tmp_path, env)
    (work / "初稿.txt").write_text(broken_report(), encoding="utf-8")
    (work / "定稿.md").write_text(clean_text(), encoding="utf-8")  # no findings at all
    _git(work, env, "add", "-A")
    done = _pre_commit(work, env, "try-repo", str(hook_repo), "gklint", "--verbose")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Failed" in output and "GK303" in output and "初稿.txt:" in output
    assert "定稿.md:" not in output and "说明.py" not in output


def test_a_commit_with_a_broken_report_is_refused_and_a_clean_one_passes(tmp_path: Path) -> None:
    """The installed hook (.pre-commit-config.yaml + `pre-commit install`) on real `git commit`s."""
    env = _env(tmp_path)
    hook_repo = _snapshot(env)
    rev = _git(hook_repo, env, "rev-parse", "HEAD").stdout.strip()
    work = _work_repo(tmp_path, env)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: gklint\n", encoding="utf-8"
    )
    assert _pre_commit(work, env, "install").returncode == 0

    (work / "报告.txt").write_text(broken_report(), encoding="utf-8")
    _git(work, env, "add", "-A")
    refused = _git(work, env, "commit", "-m", "初稿")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "gklint" in output and "Failed" in output and "GK303" in output and "报告.txt:" in output
    assert "说明.py" not in output
    assert _git(work, env, "rev-parse", "--verify", "HEAD").returncode != 0  # nothing was committed

    (work / "报告.txt").write_text(clean_text(), encoding="utf-8")  # no findings at all
    _git(work, env, "add", "-A")
    passed = _git(work, env, "commit", "-m", "修改稿")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr
    assert _git(work, env, "log", "--format=%s").stdout.split() == ["修改稿"]


def test_the_hook_manifest_is_valid_and_names_the_report_types() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    import re

    from identify.identify import tags_from_filename

    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    files = re.compile(re.search(r"files: '(.*)'", text).group(1))  # type: ignore[union-attr]
    types_or = set(re.search(r"types_or: \[(.*)\]", text).group(1).split(", "))  # type: ignore[union-attr]
    for name in ("报告.txt", "报告.md", "报告.html", "报告.htm", "报告.pdf", "报告.DOCX"):
        assert files.search(name), name
        tags = tags_from_filename(name) or {"binary"}  # identify knows no Word tag: sniffed as binary
        assert tags & types_or, name
    for name in ("pyproject.toml", "a.py", "图.png", "README.rst"):
        assert not files.search(name), name
