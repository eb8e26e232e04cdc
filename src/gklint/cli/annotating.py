"""`--annotate`: findings as Word comments in a copy beside each .docx (报告.docx → 报告.gklint.docx)."""

from __future__ import annotations

import sys

from gklint.cli import console
from gklint.oserror import reason as os_reason

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy understands this)
if TYPE_CHECKING:
    from pathlib import Path

    from gklint.output import FileResult


def annotated_path(path: Path) -> Path:
    """Where `报告.docx --annotate` writes: `报告.gklint.docx` in the same folder."""
    return path.with_name(f"{path.stem}.gklint.docx")


def annotate_all(results: list[FileResult], force: bool) -> list[str]:
    """Write `<name>.gklint.docx` for every Word result; the errors, in Chinese."""
    from gklint.annotate import AnnotateError, annotate_document

    errors: list[str] = []
    for result in results:
        doc = result.document
        if doc.path is None:
            continue
        if doc.source_format != "docx":
            errors.append(
                f"{doc.display_name}：--annotate 需要 Word 文件（.docx），批注只能写入 Word 文档；"
                "请对 .docx 版本的报告使用 --annotate。"
            )
            continue
        target = annotated_path(doc.path)
        if target.exists() and not force:
            errors.append(f"{target} 已存在，未覆盖。如需覆盖，请加 --force；或先删除、改名该文件。")
            continue
        try:
            document, added = annotate_document(doc.path.read_bytes(), result)
            import io

            buffer = io.BytesIO()
            document.save(buffer)
            data = buffer.getvalue()
            if force:
                from gklint.fix import write_atomic

                write_atomic(target, data)
            else:
                with open(target, "xb") as handle:  # "x": never replaces a file created meanwhile
                    handle.write(data)
        except AnnotateError as exc:
            errors.append(f"{doc.display_name}：{exc}")
            continue
        except OSError as exc:
            errors.append(f"无法写入 {target}：{os_reason(exc)}")
            continue
        console.write(sys.stderr, f"已写入带批注的文件 {target}（{added} 条批注）。\n")
    return errors
