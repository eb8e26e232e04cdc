"""Applying fixes: choose non-colliding edits, apply them, re-lint until nothing changes.

One implementation for every front end: the language server's "fix all" and
`gklint --fix/--diff` both pick edits with `select_edits` and apply them with
`apply_edits`. `fix_document` is the CLI's loop (as ruff's): fixes that
collide with an earlier one are left for the next round, after a re-lint has
recomputed their spans on the new text, so two overlapping fixes are never
merged into one edit that neither intended.

Writing back keeps what the user's file was: the same encoding, the same BOM
(`SourceDocument` keeps CRLF line endings in its text, so edits keep them
too), and an atomic replace so a crash mid-write leaves the original intact.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import glob
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from gklint.diagnostics import Applicability, Diagnostic, Edit

# As ruff (100 iterations): enough for one fix per round on every repetition of a mistake (a title
# pasted twenty times took 22 rounds), while a fix that keeps producing new fixes still ends.
MAX_ROUNDS = 100


class FixError(Exception):
    """A fixed text could not be written back (message is Chinese)."""


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.span.start < b.span.end and b.span.start < a.span.end:
        return True
    # Two insertions (or an insertion at a replacement's edge) at one point
    # would land in an order neither fix intended.
    return a.span.start == b.span.start


def select_fixes(diagnostics: Iterable[Diagnostic], *, unsafe: bool = False) -> list[Diagnostic]:
    """The diagnostics whose fixes can be applied together, skipping a whole fix if any of its edits collide.

    A fix's edits are taken all-or-nothing: half a fix can leave the report
    worse than either version. Skipped fixes remain as diagnostics, so the
    next round (after a re-lint) picks them up. Unsafe fixes (numbers) only
    when `unsafe` is true.
    """
    accepted: list[Edit] = []
    chosen: list[Diagnostic] = []
    for diag in diagnostics:
        fix = diag.fix
        if fix is None or not fix.edits:
            continue
        if fix.applicability is not Applicability.SAFE and not unsafe:
            continue
        if any(_overlaps(edit, other) for edit in fix.edits for other in accepted):
            continue
        if any(_overlaps(a, b) for i, a in enumerate(fix.edits) for b in fix.edits[i + 1 :]):
            continue
        accepted.extend(fix.edits)
        chosen.append(diag)
    return chosen


def select_edits(diagnostics: Iterable[Diagnostic], *, unsafe: bool = False) -> list[Edit]:
    """The edits of `select_fixes`, in text order."""
    edits = [edit for diag in select_fixes(diagnostics, unsafe=unsafe) if diag.fix for edit in diag.fix.edits]
    return sorted(edits, key=lambda e: (e.span.start, e.span.end))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (as chosen by `select_edits`) to `text`."""
    ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
    parts: list[str] = []
    cursor = 0
    for edit in ordered:
        if edit.span.start < cursor:
            raise ValueError(f"overlapping edits at {edit.span.start}")  # select_edits never yields these
        parts.append(text[cursor : edit.span.start])
        parts.append(edit.content)
        cursor = edit.span.end
    parts.append(text[cursor:])
    return "".join(parts)


class FixOutcome(NamedTuple):
    text: str  # the fixed text (the original text when nothing applied)
    applied: int  # fixes applied over all rounds
    diagnostics: list[Diagnostic]  # what remains after the last round
    # False when fixes were still applicable at the end (MAX_ROUNDS reached, or a fix would bring back
    # an earlier text): fixing the result again would change it, so the user must be told.
    converged: bool = True


Linter = Callable[[str], list[Diagnostic]]


def fix_text(
    text: str, lint: Linter, *, unsafe: bool = False, first: list[Diagnostic] | None = None
) -> FixOutcome:
    """Apply fixes round by round until none applies, the text stops changing or MAX_ROUNDS."""
    diagnostics = first if first is not None else lint(text)
    applied = 0
    seen = {text}
    for _ in range(MAX_ROUNDS):
        chosen = select_fixes(diagnostics, unsafe=unsafe)
        edits = [edit for diag in chosen if diag.fix for edit in diag.fix.edits]
        if not edits:
            return FixOutcome(text, applied, diagnostics)
        new_text = apply_edits(text, edits)
        if new_text in seen:  # a fix that undoes another: stop rather than oscillate
            break
        seen.add(new_text)
        applied += len(chosen)
        text = new_text
        diagnostics = lint(text)
    return FixOutcome(text, applied, diagnostics, converged=not select_fixes(diagnostics, unsafe=unsafe))


# --- writing back ---------------------------------------------------------------------------------

_BOM_CODECS = {
    codecs.BOM_UTF8: "utf-8",
    codecs.BOM_UTF16_LE: "utf-16-le",
    codecs.BOM_UTF16_BE: "utf-16-be",
}


def encode_like(text: str, encoding: str, bom: bytes, tail: bytes = b"") -> bytes:
    """`text` in the file's original encoding, with its original BOM (or none).

    `tail` is what the reader left out at the end (`SourceDocument.dropped_tail`: an
    incomplete UTF-8 character of a cut-off file); it is written back unchanged, since
    bytes outside the fixes are never the fixer's business.
    """
    codec = _BOM_CODECS.get(bom) if bom else None
    if codec is None:
        codec = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le"}.get(encoding, encoding)
    try:
        return bom + text.encode(codec) + tail
    except UnicodeEncodeError as exc:
        raise FixError(
            f"修复后的文字“{exc.object[exc.start : exc.end]}”无法用原文件的编码 {encoding} 保存，文件未修改。"
        ) from exc


def _umask() -> int:
    current = os.umask(0)  # the only way to read it; set straight back
    os.umask(current)
    return current


TEMP_SUFFIX = ".gklint-tmp"  # ".报告.txt.k3j2x.gklint-tmp": hidden, named after its file, never linted


def temp_files_of(path: Path) -> list[Path]:
    """The temporary files `write_atomic` may have left beside `path` (only after a kill -9 or a power cut)."""
    target = Path(os.path.realpath(path))
    return sorted(target.parent.glob(f".{glob.escape(target.name)}.*{TEMP_SUFFIX}"))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: write a temporary file in the same folder, then rename over it.

    The rename is atomic on one file system, so readers (and a crash) see
    either the old file or the new one, never half of each; the data is on
    disk (fsync) before the rename. What the file was is kept:

    - a symbolic link is written through: its target gets the new bytes, the
      link stays a link (renaming over the link would turn it into a copy and
      leave the real file unfixed);
    - the permission bits, and the owner when the OS allows it;
    - a read-only file (no write bit at all) is refused with PermissionError,
      as an editor would, although renaming over it would succeed.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not info.st_mode & 0o222:
        raise PermissionError(errno.EACCES, "read-only file", str(path))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is None:
            os.chmod(tmp_name, 0o666 & ~_umask())  # a new file (e.g. -o): as open() would create it
        else:
            _keep_owner(tmp_name, info)  # first: a change of owner clears the set-id bits chmod restores
            os.chmod(tmp_name, info.st_mode & 0o7777)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _sync_folder(folder)


def write_back(path: Path, read: bytes, data: bytes) -> None:
    """Replace the report at `path` with `data`, if it still holds exactly the bytes gklint `read`.

    A clerk may save the file in Word/WPS while gklint runs (a pre-commit hook, a folder of
    reports): writing the fix then would silently throw their edit away. The same check refuses
    a file whose bytes would not survive the round trip (decoded text re-encoded ≠ the file), so a
    fix can only ever change the fixed characters.
    """
    if Path(path).read_bytes() != read:
        raise FixError(
            "文件在检查期间被修改过（或无法按原样写回），为免覆盖新的内容，未写入修复；请重新运行。"
        )
    write_atomic(path, data)


def _keep_owner(name: str, info: os.stat_result) -> None:
    chown, getuid = getattr(os, "chown", None), getattr(os, "getuid", None)  # POSIX only
    if chown is None or getuid is None or (info.st_uid, info.st_gid) == (getuid(), os.getgid()):
        return
    with contextlib.suppress(OSError):  # only root may give a file away; otherwise it stays the writer's
        chown(name, info.st_uid, info.st_gid)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX: the folder's entry is data of the folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of two texts, as `git diff` would show them (empty when equal)."""
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=name,
        tofile=name,
    )
    out = []
    for line in lines:
        # A last line without a newline would run into the next header.
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
