"""`--fix` never corrupts a file: properties over hostile reports, and what a crash, a read-only file,
a symbolic link or a cut-off file does to a fix.

The properties (tests/fixcheck.py, shared with bench/fuzz.py target "fix") run the real CLI on
mutated real reports in every encoding and line ending gklint writes back, and on Word files, with
the bounded budget of tests/test_properties.py (GKLINT_HYPOTHESIS_EXAMPLES searches harder).
"""

from __future__ import annotations

import codecs
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fixcheck
from gate_reports import TITLE_BAD, TITLE_OK, broken_report
from gklint import fix
from gklint.engine import lint_text
from helpers import fixture_text
from test_properties import _EXAMPLES, BUDGET

ROOT = Path(__file__).resolve().parents[1]
SMALL = settings(BUDGET, max_examples=_EXAMPLES or 120)
WORD = settings(BUDGET, max_examples=_EXAMPLES or 12)


# --- properties -------------------------------------------------------------------------------


@SMALL
@given(st.integers(0, 2**32))
def test_fix_keeps_everything_but_the_edits(seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        fixcheck.check_text_fix(Path(folder), fixcheck.text_case(random.Random(seed)))


@SMALL
@given(
    st.sampled_from(range(5)),
    st.text(max_size=80),
    st.sampled_from(fixcheck.ENCODINGS),
    st.sampled_from(fixcheck.NEWLINES),
    st.booleans(),
)
def test_fix_with_arbitrary_text_inserted(
    which: int, inserted: str, encoding: tuple[str, bytes], newline: str, unsafe: bool
) -> None:
    source = fixcheck.with_defects(fixcheck.reports()[which], random.Random(which))
    at = len(source) // 2
    text = fixcheck.with_newlines(source[:at] + inserted + source[at:], newline, random.Random(len(inserted)))
    codec, bom = encoding
    case = fixcheck.TextCase("报告.txt", bom + text.encode(codec, "replace"), unsafe)
    with tempfile.TemporaryDirectory() as folder:
        fixcheck.check_text_fix(Path(folder), case)


@WORD
@given(st.integers(0, 2**32))
def test_fix_never_writes_a_word_file_and_its_copy_holds_the_edits(seed: int) -> None:
    pytest.importorskip("docx")
    data, unsafe = fixcheck.docx_case(random.Random(seed))
    with tempfile.TemporaryDirectory() as folder:
        fixcheck.check_docx_fix(Path(folder), data, unsafe)


def test_the_properties_do_fix_something(tmp_path: Path) -> None:
    """The generator is not vacuous: about half the cases get fixes applied."""
    applied = 0
    for seed in range(40):
        fixcheck.clear(tmp_path)
        applied += bool(fixcheck.check_text_fix(tmp_path, fixcheck.text_case(random.Random(seed))))
    assert applied >= 12


# --- regressions found by the properties ------------------------------------------------------


def test_a_file_cut_mid_character_keeps_its_last_bytes(tmp_path: Path) -> None:
    """The fixer used to drop the incomplete character the reader set aside (GK010): data lost."""
    path = tmp_path / "报告.txt"
    tail = "尾".encode()[:2]
    path.write_bytes(broken_report().encode() + tail)
    result = fixcheck.run_cli("--fix", str(path))
    assert result.code == 1 and "GK010" in result.out  # still reported after the fix
    assert path.read_bytes() == broken_report().replace(TITLE_BAD, TITLE_OK).encode() + tail


def test_a_date_broken_over_two_lines_is_not_rewritten_whole() -> None:
    """GK202's fix rewrote "2021\\r\\n年1月1日" as one date, deleting the line break (fuzz seed 1201)."""
    text = fixture_text("001_76c8ceb17d7780b8.txt").replace(
        "自2020年1月1日起至2020年12月31日", "自2019\r\n年1月1日起至2020年12月31日"
    )
    (diag,) = [d for d in lint_text(text).diagnostics if d.code == "GK202"]
    assert diag.fix is None and "2019" in diag.message
    joined = text.replace("2019\r\n年", "2019年")
    (diag,) = [d for d in lint_text(joined).diagnostics if d.code == "GK202"]
    assert diag.fix is not None  # on one line the fix is still offered


# --- what a fix does to the file itself -------------------------------------------------------


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "真实文件.txt"
    target.write_text(broken_report(), encoding="utf-8")
    link = tmp_path / "报告.txt"
    link.symlink_to(target.name)
    result = fixcheck.run_cli("--fix", str(link))
    assert result.code == 1, result
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text(encoding="utf-8").startswith(TITLE_OK)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.txt", "真实文件.txt"]


def test_permissions_and_owner_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_text(broken_report(), encoding="utf-8")
    owner = (path.stat().st_uid, path.stat().st_gid)
    if os.geteuid() == 0:  # root fixing a colleague's file: it stays the colleague's
        owner = (65534, 65534)
        os.chown(path, *owner)
    path.chmod(0o2750)  # set-group-ID too: a change of owner clears it, so it must be restored after
    assert fixcheck.run_cli("--fix", str(path)).code == 1
    info = path.stat()
    assert path.read_text(encoding="utf-8").startswith(TITLE_OK)
    assert (info.st_mode & 0o7777, info.st_uid, info.st_gid) == (0o2750, *owner)


def test_a_read_only_file_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes(broken_report().encode("gb18030"))
    path.chmod(0o444)
    before = path.read_bytes()
    result = fixcheck.run_cli("--fix", str(path))
    assert result.code == 2
    assert "无法写回修复后的文件（没有访问权限），原文件未修改" in result.err
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["报告.txt"]


def test_a_read_only_folder_is_refused_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "报告.txt"
    path.write_text(broken_report(), encoding="utf-8")
    before = path.read_bytes()

    def no_write(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fix.tempfile, "mkstemp", no_write)
    result = fixcheck.run_cli("--fix", str(path))
    assert result.code == 2 and "没有访问权限" in result.err and "Permission denied" not in result.err
    assert path.read_bytes() == before


def test_a_really_read_only_folder(tmp_path: Path) -> None:
    """The same through the OS: a folder without write permission (as root: without the capability
    that overrides permissions, so the kernel refuses as it would for a clerk)."""
    path = tmp_path / "报告.txt"
    path.write_text(broken_report(), encoding="utf-8")
    tmp_path.chmod(0o555)  # the file itself is writable: only the folder is not
    before = path.read_bytes()
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("setpriv (util-linux) is needed to drop root's permission override")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "gklint", "--fix", str(path)],
            env=_env(),
            capture_output=True,
            check=False,
        )
    finally:
        tmp_path.chmod(0o755)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "没有访问权限" in err and "Traceback" not in err, err
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["报告.txt"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HOME": "/tmp"}


# --- a crash while writing ----------------------------------------------------------------------

# A child process replaces a 64 MB file through write_atomic and is killed with SIGKILL at a chosen
# moment: halfway through writing the temporary file, or with all of it written but not yet renamed.
_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from gklint import fix

    moment, target = sys.argv[1], Path(sys.argv[2])
    data = b"new " * (16 * 1024 * 1024)

    def stop_here() -> None:
        print("ready", flush=True)
        time.sleep(60)  # killed here

    if moment == "mid-write":
        real_fdopen = os.fdopen

        class Half:
            def __init__(self, handle):
                self.handle = handle
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                return self.handle.__exit__(*exc)
            def write(self, chunk):
                self.handle.write(chunk[: len(chunk) // 2])
                self.handle.flush()
                stop_here()
            def __getattr__(self, name):
                return getattr(self.handle, name)

        fix.os.fdopen = lambda fd, mode: Half(real_fdopen(fd, mode))
    else:
        real_fsync = os.fsync
        def synced_then_stop(fd):
            real_fsync(fd)
            stop_here()
        fix.os.fsync = synced_then_stop
    fix.write_atomic(target, data)
    """
)


@pytest.mark.parametrize("moment", ["mid-write", "before-rename"])
def test_kill_9_while_writing_leaves_the_original_intact(tmp_path: Path, moment: str) -> None:
    path = tmp_path / "报告.txt"
    original = ("原文" * 1_000_000).encode("gb18030")
    path.write_bytes(original)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, moment, str(path)], env=_env(), stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        (temp,) = fix.temp_files_of(path)
        assert temp.stat().st_size > 0  # it really was writing
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == original
    # What a kill -9 leaves cannot be cleaned up by the killed process: it is hidden, named after
    # the report, never linted as a report, and the next --fix points it out.
    (temp,) = fix.temp_files_of(path)
    assert temp.name.startswith(".报告.txt.") and temp.name.endswith(".gklint-tmp")
    path.write_text(broken_report(), encoding="utf-8")
    result = fixcheck.run_cli("--fix", "--format", "concise", str(tmp_path))
    assert result.code == 1 and ".gklint-tmp:" not in result.out
    assert f"提示：{temp} 是 gklint 上次写入被中断时留下的临时文件，可以删除。" in result.err
    assert path.read_text(encoding="utf-8").startswith(TITLE_OK)


def test_no_fixable_findings_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    text = broken_report().replace(TITLE_BAD, TITLE_OK)  # only the number (an unsafe fix) is wrong
    path.write_bytes(codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"))
    os.utime(path, ns=(fixcheck.OLD, fixcheck.OLD))
    before = path.read_bytes()
    result = fixcheck.run_cli("--fix", str(path))
    assert result.code == 1 and "没有可自动应用的修复" in result.err
    assert path.read_bytes() == before and path.stat().st_mtime_ns == fixcheck.OLD


def test_a_file_saved_meanwhile_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clerk saves in WPS while gklint is fixing: their edit wins, the fix is not written."""
    path = tmp_path / "报告.txt"
    path.write_text(broken_report(), encoding="utf-8")
    real_fix_text = fix.fix_text

    def saved_meanwhile(*args: object, **kwargs: object) -> fix.FixOutcome:
        outcome = real_fix_text(*args, **kwargs)  # type: ignore[arg-type]
        path.write_text(broken_report() + "\n刚刚补充的一段。", encoding="utf-8")
        return outcome

    monkeypatch.setattr(fix, "fix_text", saved_meanwhile)
    result = fixcheck.run_cli("--fix", str(path))
    assert result.code == 2 and "文件在检查期间被修改过" in result.err and "未写入修复" in result.err
    assert path.read_text(encoding="utf-8").endswith("刚刚补充的一段。")


def test_a_mistake_repeated_many_times_is_fixed_in_one_run(tmp_path: Path) -> None:
    """A title line pasted 22 times took one fix per round; after the old 10-round cap a second
    --fix changed the file again (fuzz target "fix", seed 160436)."""
    text = (Path(__file__).parent / "corpus" / "reports" / "c076.txt").read_text(encoding="utf-8")
    title = "天长市永丰镇2021年政府信息公开年度工作报告"
    assert text.startswith(title + "\n")
    path = tmp_path / "报告.txt"
    path.write_text(title * 22 + text[len(title) :], encoding="utf-8")
    result = fixcheck.run_cli("--fix", str(path))
    assert result.code == 1 and "没有收敛" not in result.err
    assert "已自动修复 22 个问题" in result.err
    before = path.read_bytes()
    assert "年度工作报告" not in before.decode("utf-8").split("\n")[0]
    fixcheck.run_cli("--fix", str(path))
    assert path.read_bytes() == before


def test_fixes_that_undo_each_other_are_reported_not_silently_half_done(tmp_path: Path) -> None:
    pack = tmp_path / "规则.toml"
    pack.write_text(
        "".join(
            f'[[rule]]\ncode = "BJ10{i}"\nname = "r{i}"\npattern = "{a}"\nmessage = "m"\n'
            f'replacement = "{b}"\napplicability = "safe"\n'
            for i, (a, b) in enumerate([("甲方", "乙方"), ("乙方", "甲方")], start=1)
        ),
        encoding="utf-8",
    )
    (tmp_path / "gklint.toml").write_text('rule-packs = ["规则.toml"]\n', encoding="utf-8")
    path = tmp_path / "报告.txt"
    path.write_text(broken_report().replace(TITLE_BAD, TITLE_OK) + "\n甲方\n", encoding="utf-8")
    result = fixcheck.run_cli("--fix", str(path))
    assert "自动修复没有收敛" in result.err and "请核对修复结果" in result.err
    outcome = fix.fix_text("甲方", lambda text: [] if text == "x" else _flip(text))
    assert not outcome.converged and outcome.text == "乙方"


def _flip(text: str) -> list[fix.Diagnostic]:
    from gklint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span

    other = "乙方" if text == "甲方" else "甲方"
    return [
        Diagnostic(
            "X", "m", Span(0, 2), Severity.ERROR, fix=Fix("f", (Edit(Span(0, 2), other),), Applicability.SAFE)
        )
    ]


def test_a_word_fix_changes_only_the_document_part_of_a_wps_file(tmp_path: Path) -> None:
    """python-docx's save rewrote every part of a WPS file (declarations, line breaks, folder entries)."""
    import io
    import zipfile

    template = Path(__file__).parent / "corpus" / "files" / "wps_template_2021_blank.docx"
    with zipfile.ZipFile(template) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info, content in members:
            if info.filename == "word/document.xml":  # a title with a fixable mistake (GK001)
                content = content.replace(
                    "政府信息公开工作年度报告格式模板".encode(),
                    "某县人民政府2022年政府信息公开工作报告".encode(),
                )
            target.writestr(info, content, info.compress_type)
    path = tmp_path / "报告.docx"
    path.write_bytes(out.getvalue())
    result = fixcheck.run_cli("--fix", str(path))
    copy = tmp_path / "报告.gklint-fixed.docx"
    assert "已把修复后的副本写入" in result.err, result.err
    assert fixcheck.changed_members(path.read_bytes(), copy.read_bytes()) == {"word/document.xml"}
    from gklint.source import read_path

    assert read_path(copy).text.lstrip().startswith("某县人民政府2022年政府信息公开工作年度报告")
