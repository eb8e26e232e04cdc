"""`gklint --fix` on hostile files, and what must hold afterwards: shared by tests/test_fix_properties.py
and bench/fuzz.py (target "fix").

Inputs are real reports (tests/fixtures, tests/corpus/reports), mutated with `hostile.mutate`, given
fixable defects, and written in every encoding gklint writes back (UTF-8 with and without BOM,
GB18030, UTF-16 LE/BE with BOM and LE without), with every line ending (\\n, \\r\\n, \\r, mixed),
sometimes cut in the middle of the last character; plus Word files and web pages / PDFs under their
own names. `check_text_fix` and `check_docx_fix` run the real CLI in-process (GKLINT_DEBUG=1, so an
internal error is an exception, not a message) and assert:

- `--diff` never touches the file; run on the file or on its folder (the parallel runner);
- a file with nothing applied is byte-identical and its mtime untouched; .html/.htm/.pdf never change;
- the fixed file decodes with the same encoding, BOM and cut-off tail, and its line endings are the
  original's, in order;
- its bytes are the original's outside the applied edits (the text is exactly the recorded edits
  applied round by round, and the bytes before the first and after the last edit are unchanged);
- the permission bits are kept and no temporary file is left beside it;
- fixing again changes nothing and does not touch the file (fixing twice equals fixing once);
- a .docx is never written: a `.gklint-fixed.docx` copy holds exactly the applied edits, differs from
  the original only in the main document part, and a second run refuses to overwrite it.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import random
import re
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

import hostile
from gklint import cli, docxfix
from gklint import fix as fixmod
from gklint.diagnostics import Edit
from gklint.source.decode import decode_bytes

CORPUS = Path(__file__).parent / "corpus" / "reports"

# (codec, BOM) of every encoding --fix writes back.
ENCODINGS: list[tuple[str, bytes]] = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("gb18030", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""),
]
NEWLINES = ["\n", "\r\n", "\r", "mixed"]
OLD = 1_000_000_000 * 10**9  # an mtime (ns) no write could produce by accident
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@cache
def reports() -> list[str]:
    return hostile.seed_texts() + [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]


def with_defects(text: str, rng: random.Random) -> str:
    """A report with some of the mistakes gklint fixes: title wording, window year, a wrong number."""
    if rng.random() < 0.8:
        text = text.replace("工作年度报告", "工作报告", 1)
    if rng.random() < 0.4:
        match = re.search(r"(20\d\d)(年1月1日)", text)
        if match:
            text = text[: match.start()] + str(int(match[1]) - 1) + match[2] + text[match.end() :]
    if rng.random() < 0.3:
        text = hostile._replace_a_number(text, rng) if rng.random() < 0.2 else _nudge_a_number(text, rng)
    return text


def _nudge_a_number(text: str, rng: random.Random) -> str:
    numbers = list(re.finditer(r"(?<![\d.])\d{1,4}(?![\d.])", text))
    if not numbers:
        return text
    m = rng.choice(numbers)
    return text[: m.start()] + str(int(m[0]) + rng.randint(1, 9)) + text[m.end() :]


def report_text(rng: random.Random) -> str:
    text = with_defects(rng.choice(reports()), rng)
    for _ in range(rng.choice([0, 0, 1, 2])):
        text = hostile.mutate(text, rng)
    return text


def with_newlines(text: str, newline: str, rng: random.Random) -> str:
    lines = text.split("\n")
    if newline != "mixed":
        return newline.join(lines)
    out = [lines[0]]
    for line in lines[1:]:
        out.append(rng.choice(["\n", "\r\n", "\r"]) + line)
    return "".join(out)


class TextCase(NamedTuple):
    name: str
    data: bytes
    unsafe: bool
    via_folder: bool = False  # `gklint --fix folder/` (the parallel runner) instead of the file


def text_case(rng: random.Random) -> TextCase:
    """A hostile report file for --fix: mutated real text, any written-back encoding and line ending."""
    text = with_newlines(report_text(rng), rng.choice(NEWLINES), rng)
    codec, bom = rng.choice(ENCODINGS)
    data = bom + text.encode(codec, "replace")  # (lone surrogates from the mutations become "?")
    if codec == "utf-8" and rng.random() < 0.15:  # an interrupted download: the last character cut
        data += "尾".encode()[: rng.randint(1, 2)]
    name = rng.choice(
        ["报告.txt"] * 6
        + ["报告.md", "report.TXT", "报告"]
        + ["报告.html", "报告.htm", "报告.pdf"] * (rng.random() < 0.5)
    )
    unsafe = rng.random() < 0.5
    return TextCase(name, data, unsafe, Path(name).suffix.lower() in (".txt", ".md") and rng.random() < 0.3)


class CliRun(NamedTuple):
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> CliRun:
    """The real CLI in-process; an internal error raises (GKLINT_DEBUG) instead of printing a message."""
    out, err = (
        io.TextIOWrapper(io.BytesIO(), encoding="utf-8"),
        io.TextIOWrapper(io.BytesIO(), encoding="utf-8"),
    )
    saved = sys.stdout, sys.stderr, os.environ.get("GKLINT_DEBUG")
    sys.stdout, sys.stderr = out, err
    os.environ["GKLINT_DEBUG"] = "1"
    try:
        code = cli.main(list(argv))
    finally:
        sys.stdout, sys.stderr = saved[0], saved[1]
        if saved[2] is None:
            del os.environ["GKLINT_DEBUG"]
        else:
            os.environ["GKLINT_DEBUG"] = saved[2]
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))
    return CliRun(code, texts[0], texts[1])


@contextlib.contextmanager
def recorded_rounds(module: object) -> Iterator[list[tuple[str, list[Edit]]]]:
    """Every call of `module.apply_edits` as (text before, edits), in order."""
    rounds: list[tuple[str, list[Edit]]] = []
    real = module.apply_edits  # type: ignore[attr-defined]

    def recording(text: str, edits: list[Edit]) -> str:
        edits = list(edits)
        rounds.append((text, edits))
        return real(text, edits)

    module.apply_edits = recording  # type: ignore[attr-defined]
    try:
        yield rounds
    finally:
        module.apply_edits = real  # type: ignore[attr-defined]


def _reference_apply(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[: edit.span.start] + edit.content + text[edit.span.end :]
    return text


def _write_old(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    os.utime(path, ns=(OLD, OLD))


def _codec(encoding: str, bom: bytes) -> str:
    return {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}.get(
        bom, {"utf-8-sig": "utf-8", "utf-16": "utf-16-le"}.get(encoding, encoding)
    )


def check_text_fix(folder: Path, case: TextCase) -> int:
    """Run --fix on `case` in the empty `folder` and assert the invariants; returns the fixes applied."""
    path = folder / case.name
    _write_old(path, case.data)
    mode = path.stat().st_mode
    options = ["--format", "concise", *(["--unsafe-fixes"] if case.unsafe else [])]
    target = str(folder if case.via_folder else path)
    preview = run_cli("--diff", *options, target)  # --diff shows the fixes and touches nothing
    assert path.read_bytes() == case.data and path.stat().st_mtime_ns == OLD, "--diff changed the file"
    assert preview.code in (0, 1, 2), preview
    argv = ["--fix", *options, target]
    with recorded_rounds(fixmod) as rounds:
        first = run_cli(*argv)
    after = path.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == [case.name], "a temporary file was left behind"
    assert path.stat().st_mode == mode, "permission bits changed"
    if not rounds or after == case.data:
        assert after == case.data, "bytes changed although no fix was applied"
        assert path.stat().st_mtime_ns == OLD, "a file without fixes was rewritten"
        assert first.code in (0, 1, 2), first
        if first.code == 2:  # only an unreadable file: never a write failure
            assert "无法" in first.err or "不是" in first.err or "不支持" in first.err, first.err
        return 0
    assert first.code in (0, 1), first
    assert Path(case.name).suffix.lower() not in (".html", ".htm", ".pdf"), "a web page or PDF was written"
    before = decode_bytes(case.data)
    fixed = decode_bytes(after)
    assert (fixed.encoding, fixed.bom, fixed.dropped_tail) == (
        before.encoding,
        before.bom,
        before.dropped_tail,
    )
    codec = _codec(before.encoding, before.bom)
    assert before.bom + before.text.encode(codec) + before.dropped_tail == case.data, (
        "decoding is not lossless"
    )
    # The text is the original with the recorded edits applied round by round (nothing else moved) …
    text = before.text
    keep_start, keep_end = len(text), len(text)  # characters unchanged at the start and at the end
    for seen, edits in rounds:
        assert seen == text
        keep_start = min([keep_start, *(e.span.start for e in edits)])
        keep_end = min([keep_end, *(len(seen) - e.span.end for e in edits)])
        text = _reference_apply(seen, edits)
    assert fixed.text == text
    # … so the bytes before the first edit and after the last one are the original bytes.
    head = len(before.bom + before.text[:keep_start].encode(codec))
    tail = len(before.text[len(before.text) - keep_end :].encode(codec) + before.dropped_tail)
    assert (
        after[:head] == case.data[:head] and after[len(after) - tail :] == case.data[len(case.data) - tail :]
    )
    assert _LINE_BREAK.findall(fixed.text) == _LINE_BREAK.findall(before.text), "line endings changed"
    if "自动修复没有收敛" in first.err:  # told: fixes that undo each other, or more than MAX_ROUNDS rounds
        return sum(len(edits) for _, edits in rounds)
    # Fixing twice equals fixing once: the second run finds nothing to write.
    written = path.stat().st_mtime_ns
    again = run_cli(*argv)
    assert again.code in (0, 1), again
    assert path.read_bytes() == after and path.stat().st_mtime_ns == written, (
        "a second --fix changed the file"
    )
    return sum(len(edits) for _, edits in rounds)


# --- Word ---------------------------------------------------------------------------------------


def docx_case(rng: random.Random) -> tuple[bytes, bool]:
    from gklint.docxwrite import report_to_docx

    text = with_defects(rng.choice(hostile.seed_texts() + reports()[:20]), rng)
    if rng.random() < 0.3:
        text = hostile.mutate(text, rng)
    # Word cannot hold control characters (XML 1.0): the writer of the test files would refuse them.
    text = "".join(
        ch for ch in text.replace("\r", "") if ch in "\n\t" or (ch.isprintable() or ch == "\u3000")
    )
    return report_to_docx(text), rng.random() < 0.5


def check_docx_fix(folder: Path, data: bytes, unsafe: bool) -> int:
    """--fix on a .docx: the original never changes; the copy holds exactly the applied edits."""
    from gklint.source.readers import read_bytes, read_path

    path = folder / "报告.docx"
    copy = docxfix.fixed_copy_path(path)
    _write_old(path, data)
    argv = ["--fix", "--format", "concise", *(["--unsafe-fixes"] if unsafe else []), str(path)]
    with recorded_rounds(docxfix) as rounds:
        first = run_cli(*argv)
    assert path.read_bytes() == data and path.stat().st_mtime_ns == OLD, "the .docx itself was touched"
    if not copy.exists():
        assert sorted(p.name for p in folder.iterdir()) == [path.name]
        assert first.code in (0, 1, 2), first
        return 0
    assert first.code in (0, 1), first
    assert sorted(p.name for p in folder.iterdir()) == sorted([path.name, copy.name])
    ((seen, edits),) = rounds
    assert seen == read_bytes(data, path).text
    assert read_path(copy).text == _reference_apply(seen, edits)
    assert changed_members(data, copy.read_bytes()) <= {"word/document.xml"}
    copy_bytes, copy_time = copy.read_bytes(), copy.stat().st_mtime_ns
    again = run_cli(*argv)
    assert again.code == 2 and "已存在，未覆盖" in again.err, again
    assert (
        path.read_bytes() == data and copy.read_bytes() == copy_bytes and copy.stat().st_mtime_ns == copy_time
    )
    return len(edits)


def changed_members(before: bytes, after: bytes) -> set[str]:
    """The zip members whose bytes differ (the member lists must be the same, in the same order)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(before)) as a, zipfile.ZipFile(io.BytesIO(after)) as b:
        assert a.namelist() == b.namelist()
        return {name for name in a.namelist() if a.read(name) != b.read(name)}


def clear(folder: Path) -> None:
    for item in folder.iterdir():
        item.unlink()
