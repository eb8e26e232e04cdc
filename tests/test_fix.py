"""--fix, --unsafe-fixes and --diff on text files: bytes kept, atomic, idempotent, numbers only when asked."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from gate_reports import CELL_BAD, CELL_OK, TITLE_BAD, TITLE_OK, broken_report
from gklint import cli, config, fix
from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)
    config.clear_cache()


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str, *, encoding: str = "utf-8", newline: str = "\n", bom: bytes = b"") -> Path:
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    return path


def test_fix_applies_safe_fixes_only_and_reports_what_remains(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "报告.txt", broken_report())
    code, out, err = run(capsys, "--fix", "--format", "concise", path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(TITLE_OK + "\n")
    assert f"\n{CELL_BAD}\n" in text  # a number: never without --unsafe-fixes
    assert "已自动修复 1 个问题（1 个文件）" in err
    assert "GK001" not in out and "GK303" in out and "GK302" in out
    assert code == 1


def test_unsafe_fixes_also_change_numbers_and_a_shared_cell_is_edited_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "报告.txt", broken_report())
    code, out, err = run(capsys, "--fix", "--unsafe-fixes", "--select", "GK0,GK3", path)
    text = path.read_text(encoding="utf-8")
    # GK302 and GK303 both fix the same cell: applied once (the other is left for the
    # next round, which finds nothing left to do) — never "1212".
    assert f"\n{CELL_OK}\n" in text and "1212" not in text
    assert text.startswith(TITLE_OK)
    assert code == 0 and "未发现问题" in out
    assert "已自动修复 2 个问题" in err


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [
        ("gb18030", "\r\n", b""),
        ("utf-8", "\r\n", codecs.BOM_UTF8),
        ("utf-16-le", "\r\n", codecs.BOM_UTF16_LE),
        ("utf-16-be", "\n", codecs.BOM_UTF16_BE),
        ("utf-8", "\n", b""),
    ],
)
def test_fix_keeps_encoding_bom_and_line_endings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, encoding: str, newline: str, bom: bytes
) -> None:
    path = write(tmp_path / "报告.txt", broken_report(), encoding=encoding, newline=newline, bom=bom)
    code, _, _ = run(capsys, "--fix", "--unsafe-fixes", path)
    expected = broken_report().replace(TITLE_BAD, TITLE_OK).replace(f"\n{CELL_BAD}\n", f"\n{CELL_OK}\n")
    assert path.read_bytes() == bom + expected.replace("\n", newline).encode(encoding)
    # Idempotent: a second run changes nothing at all.
    before = path.read_bytes()
    run(capsys, "--fix", "--unsafe-fixes", path)
    assert path.read_bytes() == before
    code, out, _ = run(capsys, "--diff", "--unsafe-fixes", path)
    assert (code, out) == (0, "")


def test_diff_prints_a_unified_diff_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "报告.txt", broken_report(), encoding="gb18030", newline="\r\n")
    before = path.read_bytes()
    code, out, _ = run(capsys, "--diff", path.name)
    assert path.read_bytes() == before
    assert code == 1
    assert out.startswith("--- 报告.txt\n+++ 报告.txt\n@@ -1,")
    assert f"-{TITLE_BAD}\r\n+{TITLE_OK}\r\n" in out
    assert CELL_OK not in out  # the number needs --unsafe-fixes
    code, out, _ = run(capsys, "--diff", "--unsafe-fixes", path.name)
    assert f"-{CELL_BAD}\r\n+{CELL_OK}\r\n" in out and code == 1


def test_diff_on_stdin_and_fix_on_stdin_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "--fix", "-")
    assert code == 2 and "--fix 不能用于标准输入" in err
    code, _, err = run(capsys, "--unsafe-fixes", "x.txt")
    assert code == 2 and "--unsafe-fixes 需要与 --fix 或 --diff 一起使用" in err


def test_a_crash_while_writing_leaves_the_original_intact(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "报告.txt", broken_report(), encoding="gb18030", newline="\r\n")
    before = path.read_bytes()
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fix.os, "fsync", disk_full)
    code, _, err = run(capsys, "--fix", path)
    assert code == 2 and "原文件未修改" in err and "Traceback" not in err
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["报告.txt"]  # the temporary file was removed


def test_write_atomic_never_exposes_half_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    path.chmod(0o640)

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # killed between writing the temporary file and the rename

    monkeypatch.setattr(fix.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        fix.write_atomic(path, b"new content")
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    monkeypatch.undo()
    fix.write_atomic(path, b"new content")
    assert path.read_bytes() == b"new content" and path.stat().st_mode & 0o777 == 0o640


def test_text_that_the_original_encoding_cannot_hold_is_not_written() -> None:
    with pytest.raises(fix.FixError, match="无法用原文件的编码"):
        fix.encode_like("€", "gbk", b"")


def _diag(start: int, end: int, content: str, safe: bool = True) -> Diagnostic:
    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
    return Diagnostic(
        "GK999",
        "m",
        Span(start, end),
        Severity.ERROR,
        fix=Fix("f", (Edit(Span(start, end), content),), applicability),
    )


def test_overlapping_fixes_are_applied_in_rounds_never_merged() -> None:
    text = "2023年1月1日"

    def lint(current: str) -> list[Diagnostic]:
        # Two rules want the same year changed (one to 2024, one to 2025) and a third
        # wants the overlapping span "3年"; only non-colliding edits may be taken together.
        found = []
        if current.startswith("2023"):
            found += [_diag(0, 4, "2024"), _diag(0, 4, "2025"), _diag(3, 5, "3 年")]
        return found

    outcome = fix.fix_text(text, lint)
    assert outcome.text == "2024年1月1日"
    assert outcome.applied == 1 and outcome.diagnostics == []


def test_fix_loop_stops_on_oscillation_and_after_max_rounds() -> None:
    def flip(current: str) -> list[Diagnostic]:
        return [_diag(0, 1, "b" if current == "a" else "a")]

    assert fix.fix_text("a", flip).text == "b"  # a → b, and b → a would repeat: stop

    def grow(current: str) -> list[Diagnostic]:
        return [_diag(len(current), len(current), "x")]

    assert fix.fix_text("", grow).text == "x" * fix.MAX_ROUNDS


def test_select_edits_skips_a_fix_whose_own_edits_collide() -> None:
    bad = Diagnostic(
        "GK999",
        "m",
        Span(0, 2),
        Severity.ERROR,
        fix=Fix("f", (Edit(Span(0, 2), "a"), Edit(Span(1, 3), "b")), Applicability.SAFE),
    )
    assert fix.select_edits([bad, _diag(5, 6, "z")]) == [Edit(Span(5, 6), "z")]
    assert fix.select_edits([_diag(0, 1, "q", safe=False)]) == []
    assert fix.select_edits([_diag(0, 1, "q", safe=False)], unsafe=True) == [Edit(Span(0, 1), "q")]


def test_word_input_is_not_fixed_in_place(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert fix.apply_edits("abc", []) == "abc"
    from gklint.source import writes_back_as_text

    assert writes_back_as_text(Path("a.txt")) and writes_back_as_text(Path("a.MD"))
    assert not writes_back_as_text(Path("a.docx")) and not writes_back_as_text(Path("a.pdf"))
    assert not writes_back_as_text(Path("a.html")) and not writes_back_as_text(Path("a.htm"))


def test_write_atomic_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    # An output file (-o 审核结果.html) must be readable by colleagues like any file the user creates,
    # not private like the temporary file it was written through.
    old = os.umask(0o022)
    try:
        fix.write_atomic(tmp_path / "审核结果.html", b"<html></html>")
    finally:
        os.umask(old)
    assert (tmp_path / "审核结果.html").stat().st_mode & 0o777 == 0o644


def test_word_fix_writes_a_fixed_copy_beside_the_original(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("docx")
    from gklint.docxwrite import report_to_docx
    from gklint.source import read_path

    example = Path(__file__).resolve().parents[1] / "examples" / "example-report.txt"
    text = example.read_text(encoding="utf-8")
    original = tmp_path / "报告.docx"
    original.write_bytes(report_to_docx(text))
    before = original.read_bytes()
    code, out, err = run(capsys, "--fix", "--unsafe-fixes", "--format", "concise", original.name)
    copy = tmp_path / "报告.gklint-fixed.docx"
    assert original.read_bytes() == before  # never in place
    assert "已把修复后的副本写入 报告.gklint-fixed.docx，原文件未改动" in err
    assert "另有 1 处涉及表格或自动编号" in err  # the number in a table cell is left for Word
    fixed = read_path(copy)
    assert "统计时限自2024年1月1日至2024年12月31日" in fixed.text
    assert "五、存在的主要问题及改进情况" in fixed.text
    # The findings reported are the copy's: only the table cell is left.
    assert [line.split(": ")[1].split(" ")[0] for line in out.splitlines()[:-1]] == ["GK303"]
    assert code == 1
    # A second run does not overwrite the copy (the clerk may have edited it).
    copy_bytes = copy.read_bytes()
    code, _, err = run(capsys, "--fix", original.name)
    assert code == 2 and "已存在，未覆盖" in err and copy.read_bytes() == copy_bytes
