"""`--fix` and `--diff`: fixes applied to (or previewed for) every result; a Word report gets a fixed copy."""

from __future__ import annotations

import sys

from gklint.cli import console
from gklint.oserror import reason as os_reason

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy understands this)
if TYPE_CHECKING:
    from typing import Any

    from gklint.cli.checkrun import CheckRun
    from gklint.diagnostics import Diagnostic
    from gklint.settings import Settings
    from gklint.source.document import SourceDocument

_FORMAT_NAMES = {"docx": "Word", "html": "网页", "pdf": "PDF"}


def fix_all(run: CheckRun, opts: dict[str, Any], *, write: bool) -> str:
    """Apply (write=True) or preview (write=False → the unified diff) the fixes of every result."""
    from gklint.engine import lint_document
    from gklint.fix import (
        MAX_ROUNDS,
        FixError,
        encode_like,
        fix_text,
        temp_files_of,
        unified_diff,
        write_back,
    )
    from gklint.output import FileResult
    from gklint.source import writes_back_as_text

    unsafe = bool(opts["unsafe_fixes"])
    diffs: list[str] = []
    fixed = files = 0
    for i, (result, settings) in enumerate(zip(run.results, run.result_settings, strict=True)):
        doc = result.document
        if not any(d.fix is not None for d in result.diagnostics):
            continue
        if (
            write
            and doc.path is not None
            and doc.source_format == "docx"
            and not doc.meta.get("converted_from")
        ):
            fixed_docx = _fix_word_copy(run, i, settings, unsafe)
            fixed += fixed_docx
            files += bool(fixed_docx)
            continue
        # A web page or PDF (also one sniffed under a .txt name) is linted as extracted text: never
        # write that text over the original file.
        if doc.path is not None and (doc.source_format != "text" or not writes_back_as_text(doc.path)):
            console.write(
                sys.stderr,
                f"警告：{doc.display_name}：暂不能自动修复 {_FORMAT_NAMES.get(doc.source_format, doc.path.suffix)} "
                "文件，请按提示在原文件中修改。\n",
            )
            continue

        def lint(text: str, doc: SourceDocument = doc, settings: Settings = settings) -> list[Diagnostic]:
            return lint_document(_same_file(doc, text), settings).diagnostics

        outcome = fix_text(doc.text, lint, unsafe=unsafe, first=list(result.diagnostics))
        if not outcome.converged:
            console.write(
                sys.stderr,
                f"警告：{doc.display_name}：自动修复没有收敛（修复之间相互冲突，或经过 {MAX_ROUNDS} 轮仍有可修复的问题），"
                "请核对修复结果。\n",
            )
        if outcome.text == doc.text:
            continue
        if not write:
            diffs.append(unified_diff(doc.text, outcome.text, doc.display_name))
            continue
        assert doc.path is not None  # stdin is refused with --fix
        for stale in temp_files_of(doc.path):
            console.write(sys.stderr, f"提示：{stale} 是 gklint 上次写入被中断时留下的临时文件，可以删除。\n")
        try:
            read = encode_like(doc.text, doc.encoding, doc.bom, doc.dropped_tail)
            write_back(doc.path, read, encode_like(outcome.text, doc.encoding, doc.bom, doc.dropped_tail))
        except FixError as exc:
            run.errors.append(f"{doc.display_name}：{exc}")
            console.error(f"{doc.display_name}：{exc}")
            continue
        except OSError as exc:
            message = f"{doc.display_name}：无法写回修复后的文件（{os_reason(exc)}），原文件未修改。"
            run.errors.append(message)
            console.error(message)
            continue
        fixed += outcome.applied
        files += 1
        run.results[i] = FileResult(_same_file(doc, outcome.text), outcome.diagnostics)
    if write and not opts["quiet"]:
        if fixed:
            console.write(sys.stderr, f"已自动修复 {fixed} 个问题（{files} 个文件）。\n")
        else:
            hint = "" if unsafe else "（改动数字的不安全修复需要加 --unsafe-fixes）"
            console.write(sys.stderr, f"没有可自动应用的修复{hint}。\n")
    return "".join(diffs)


def _same_file(doc: SourceDocument, text: str) -> SourceDocument:
    """`doc` with another text: same path, encoding, BOM and cut-off tail (so GK010 stays reported)."""
    from gklint.source import SourceDocument

    return SourceDocument(
        text, doc.path, doc.encoding, doc.bom, doc.display_name, dropped_tail=doc.dropped_tail
    )


def _fix_word_copy(run: CheckRun, index: int, settings: Settings, unsafe: bool) -> int:
    """--fix on a .docx: write the fixed copy beside it (never in place); returns the fixes applied."""
    from gklint.docxfix import DocxFixError, fix_docx, fixed_copy_path
    from gklint.engine import lint_document
    from gklint.fix import write_atomic
    from gklint.output import FileResult
    from gklint.source import ReadError, read_path

    doc = run.results[index].document
    assert doc.path is not None
    target = fixed_copy_path(doc.path)
    try:
        outcome = fix_docx(doc.path.read_bytes(), doc.path, run.results[index].diagnostics, unsafe=unsafe)
        if outcome.applied == 0:
            if outcome.skipped:
                console.write(
                    sys.stderr,
                    f"警告：{doc.display_name}：这些修复涉及表格或自动编号，请在 Word 中手动修改。\n",
                )
            return 0
        if target.exists():
            raise DocxFixError(f"{target} 已存在，未覆盖。请删除或改名后重试。")
        write_atomic(target, outcome.data)
        fixed_doc = read_path(target)
    except (DocxFixError, ReadError, OSError) as exc:
        message = f"{doc.display_name}：无法生成修复后的 Word 副本（{os_reason(exc)}），原文件未修改。"
        run.errors.append(message)
        console.error(message)
        return 0
    fixed_doc.display_name = str(target)
    run.results[index] = FileResult(fixed_doc, lint_document(fixed_doc, settings).diagnostics)
    note = f"（另有 {outcome.skipped} 处涉及表格或自动编号，请在 Word 中手动修改）" if outcome.skipped else ""
    console.write(sys.stderr, f"{doc.display_name}：已把修复后的副本写入 {target}，原文件未改动{note}。\n")
    return outcome.applied
