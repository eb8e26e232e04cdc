"""The on-disk pairing index (gklint.pairindex): each candidate is read once per change, never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from factory import make_report, s3_values
from gklint import pairindex, pairing
from gklint.engine import lint_document
from gklint.source import readers
from gklint.source.readers import read_path

_HOUR_AGO = time.time_ns() - 3_600_000_000_000


def _carrying_two() -> str:
    """Last year's report that carried 2 applications over: this year's table then disagrees (GK801)."""
    values = s3_values()
    values["四、结转下年度继续办理"] = [2, 0, 0, 0, 0, 0, 2]
    values["（七）总计"] = [7, 2, 0, 0, 0, 0, 9]
    values["1.本机关不掌握相关政府信息"] = [1, 1, 0, 0, 0, 0, 2]
    return make_report(year=2023, s3=values)


def _settled(path: Path, text: str) -> Path:
    """Write `text` and date the file an hour back (a file changed just now is not stored: racy mtime)."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(_HOUR_AGO, _HOUR_AGO))
    return path


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    reports = tmp_path / "reports"
    reports.mkdir()
    _settled(reports / "2024年报.txt", make_report(year=2024))
    _settled(reports / "2023年报.txt", _carrying_two())
    _settled(reports / "说明.txt", "这不是年度报告。\n")
    return reports


def _run(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], Counter[str]]:
    """Lint this year's report as a fresh process would (no in-memory index): its codes and each file's reads."""
    monkeypatch.setattr(pairing, "_INDEX", {})
    monkeypatch.setattr(pairing, "_KNOWN", {})
    reads: Counter[str] = Counter()
    real = readers.read_bytes

    def counting(data: bytes, path: Path | None) -> object:
        reads[path.name if path is not None else "-"] += 1
        return real(data, path)

    monkeypatch.setattr(readers, "read_bytes", counting)
    doc = read_path(folder / "2024年报.txt")
    reads.clear()  # the report being linted is read by the caller, not by pairing
    codes = [d.code for d in lint_document(doc).diagnostics if d.code.startswith("GK8")]
    return codes, reads


def test_a_second_run_reads_only_the_paired_report(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    codes, reads = _run(folder, monkeypatch)
    assert "GK801" in codes and reads["说明.txt"] == 1 and reads["2024年报.txt"] == 1
    again, reads = _run(folder, monkeypatch)
    assert again == codes
    assert reads == Counter({"2023年报.txt": 1})  # last year's report itself is always read afresh


def test_a_changed_or_touched_candidate_is_read_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(folder, monkeypatch)
    later = _HOUR_AGO + 60_000_000_000
    os.utime(folder / "说明.txt", ns=(later, later))  # touched: same bytes, new mtime
    _settled(folder / "2024年报.txt", make_report(year=2024) + "\n")  # edited: new size
    codes, reads = _run(folder, monkeypatch)
    assert "GK801" in codes
    assert reads == Counter({"2023年报.txt": 1, "说明.txt": 1, "2024年报.txt": 1})
    # Last year's report rewritten as another body's, keeping its old size and mtime: the stale entry
    # still names it, but it is read afresh for the checks, so GK800 says it is not last year's.
    stale = folder / "2023年报.txt"
    size = stale.stat().st_size
    other = _carrying_two().replace("某县某镇人民政府", "某县某乡人民政府")
    assert other != _carrying_two() and len(other.encode()) == size
    _settled(stale, other)
    codes, reads = _run(folder, monkeypatch)
    assert "GK800" in codes and reads == Counter({"2023年报.txt": 1})


def test_a_file_changed_just_now_is_not_stored(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "说明.txt").write_text("刚写的。\n", encoding="utf-8")  # mtime now: the next edit may keep it
    _run(folder, monkeypatch)
    _, reads = _run(folder, monkeypatch)
    assert reads["说明.txt"] == 1 and reads["2024年报.txt"] == 0


def test_a_read_that_may_succeed_later_is_not_remembered(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader library not installed yet (or a permission error) is not "not a report" forever."""
    real = readers.read_bytes

    def missing_library(data: bytes, path: Path | None) -> object:
        if path is not None and path.name == "说明.txt":
            raise readers.ReadError("需要安装读取库") from ImportError("no module")
        return real(data, path)

    monkeypatch.setattr(pairing, "_INDEX", {})
    monkeypatch.setattr(readers, "read_bytes", missing_library)
    lint_document(read_path(folder / "2024年报.txt"))
    _, reads = _run(folder, monkeypatch)
    assert reads["说明.txt"] == 1


def test_a_changed_fingerprint_invalidates_every_entry(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parser = tmp_path / "title.py"
    parser.write_text("# version 1\n", encoding="utf-8")
    real = pairindex._code_files
    monkeypatch.setattr(pairindex, "_code_files", lambda: [*real(), parser])
    monkeypatch.setattr(pairindex, "_fingerprint_memo", None)
    _run(folder, monkeypatch)
    assert _run(folder, monkeypatch)[1] == Counter({"2023年报.txt": 1})
    parser.write_text("# version 2\n", encoding="utf-8")  # same size, other bytes: a new parser
    monkeypatch.setattr(pairindex, "_fingerprint_memo", None)  # a new process computes it afresh
    _, reads = _run(folder, monkeypatch)
    assert reads["说明.txt"] == 1 and reads["2024年报.txt"] == 1
    assert _run(folder, monkeypatch)[1] == Counter({"2023年报.txt": 1})  # and the new table is kept


def test_the_real_fingerprint_covers_parser_readers_and_rules() -> None:
    names = {path.name for path in pairindex._code_files()}
    assert {"title.py", "build.py", "organisation.py", "pdf.py", "docx.py", "html.py", "readers.py"} <= names
    assert {"template.toml", "content.toml"} <= names
    assert all(path.is_file() for path in pairindex._code_files())


@pytest.mark.parametrize(
    "junk",
    [b"", b"\x00garbage", json.dumps({"x": 1}).encode(), b"\xe3" * 100],
    ids=["empty", "garbage", "json", "truncated"],
)
def test_a_corrupt_or_foreign_index_is_ignored_and_rebuilt(
    folder: Path, monkeypatch: pytest.MonkeyPatch, junk: bytes
) -> None:
    index = pairindex.index_file()
    assert index is not None
    index.parent.mkdir(parents=True)
    index.write_bytes(junk)
    codes, reads = _run(folder, monkeypatch)
    assert "GK801" in codes and reads["说明.txt"] == 1
    assert _run(folder, monkeypatch)[1] == Counter({"2023年报.txt": 1})


def test_entries_of_foreign_shape_are_skipped(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    _run(folder, monkeypatch)
    index = pairindex.index_file()
    assert index is not None
    fmt, fingerprint, table = marshal.loads(index.read_bytes())
    key = str((folder / "说明.txt").resolve())
    table[key] = ("not", "an", "entry")
    index.write_bytes(marshal.dumps((fmt, fingerprint, table)))
    _, reads = _run(folder, monkeypatch)
    assert reads == Counter({"2023年报.txt": 1, "说明.txt": 1})


def test_gklint_no_cache_keeps_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    assert pairindex.index_file() is None
    _run(folder, monkeypatch)
    codes, reads = _run(folder, monkeypatch)
    assert "GK801" in codes and reads["说明.txt"] == 1
    assert not (folder.parent / "cache" / "pairing-index.marshal").exists()


def test_an_unwritable_cache_folder_still_pairs(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(blocker / "cache"))  # cannot be created (root or not)
    codes, reads = _run(folder, monkeypatch)
    assert "GK801" in codes and reads["说明.txt"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_a_read_only_cache_folder_is_still_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(folder, monkeypatch)
    cache = folder.parent / "cache"
    cache.chmod(0o500)
    try:
        _settled(folder / "说明.txt", "改过了。\n")  # a change this run cannot store
        codes, reads = _run(folder, monkeypatch)
        assert "GK801" in codes and reads == Counter({"2023年报.txt": 1, "说明.txt": 1})
    finally:
        cache.chmod(0o700)


def test_deleted_files_are_dropped_and_the_table_is_bounded(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marshal

    _run(folder, monkeypatch)
    (folder / "说明.txt").unlink()
    _run(folder, monkeypatch)
    index = pairindex.index_file()
    assert index is not None
    table = marshal.loads(index.read_bytes())[2]
    assert sorted(Path(key).name for key in table) == ["2023年报.txt", "2024年报.txt"]
    monkeypatch.setattr(pairindex, "_MAX_ENTRIES", 1)
    _settled(folder / "新.txt", "新文件。\n")
    _run(folder, monkeypatch)
    assert len(marshal.loads(index.read_bytes())[2]) == 1


_CHILD = """
import sys
from collections import Counter
from pathlib import Path
from gklint import cli
from gklint.source import readers
reads = Counter()
real = readers.read_bytes
def counting(data, path):
    reads[path.name] += 1
    return real(data, path)
readers.read_bytes = counting
code = cli.main(["--no-color", "--select", "GK8", sys.argv[1]])
print("READS", sorted(reads.items()))
"""


def test_a_fresh_process_does_not_read_unchanged_candidates(folder: Path, tmp_path: Path) -> None:
    env = {**os.environ, "GKLINT_CACHE_DIR": str(tmp_path / "cache"), "GKLINT_NO_PARALLEL": "1"}
    env.pop("GKLINT_NO_CACHE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(pairing.__file__).parents[1]), str(Path(__file__).parent)])
    target = str(folder / "2024年报.txt")

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, target], env=env, capture_output=True, text=True, timeout=120
        )
        assert "GK801" in done.stdout, done.stdout + done.stderr
        return done.stdout.rsplit("READS", 1)[1].strip()

    assert run() == "[('2023年报.txt', 2), ('2024年报.txt', 1), ('说明.txt', 1)]"
    # The report linted (once, by the CLI) and last year's for the checks; 说明.txt is not opened.
    assert run() == "[('2023年报.txt', 1), ('2024年报.txt', 1)]"
