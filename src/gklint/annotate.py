"""Findings written back into the Word file as comments (批注), the way reviewers mark a draft.

`annotate_bytes(data, result)` returns a copy of the .docx `data` with one Word
comment per diagnostic of `result`, anchored on the paragraph, heading or table
cell the diagnostic's origin names; author "gklint", text = code, the Chinese
message and the suggested fix. The original bytes are never modified; the CLI
(`gklint 报告.docx --annotate`) writes the copy next to the original as
`报告.gklint.docx`, and the web service offers it as a download.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from gklint.source.readers import ReadError

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from gklint.diagnostics import Diagnostic
    from gklint.output import FileResult
    from gklint.source.docx import DocxAnchors
    from gklint.source.origin import Origin

AUTHOR = "gklint"
INITIALS = "GK"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class AnnotateError(Exception):
    """The file cannot be annotated (message in Chinese)."""


def comment_text(diag: Diagnostic) -> list[str]:
    """The comment's paragraphs: "GK301 message", then the suggested fix when there is one."""
    lines = [f"{diag.code}（{diag.severity.chinese}）{diag.message}"]
    if diag.fix is not None:
        lines.append(f"建议修改：{diag.fix.message}")
    return lines


def _paragraph_of(element: Any, document: Document) -> Paragraph:
    """The paragraph to anchor on: the element itself (w:p) or the first paragraph in a cell (w:tc)."""
    from docx.text.paragraph import Paragraph

    if element.tag == f"{W}p":
        return Paragraph(element, document._body)
    paragraphs = [p for p in element.iter(f"{W}p")]
    with_text = next((p for p in paragraphs if "".join(p.itertext()).strip()), None)
    target = with_text if with_text is not None else paragraphs[0] if paragraphs else None
    if target is None:  # a cell always has a paragraph in valid WordprocessingML; be safe anyway
        target = element.makeelement(f"{W}p", {})
        element.append(target)
    return Paragraph(target, document._body)


def _runs(paragraph: Paragraph) -> list[Run]:
    """Runs to anchor a comment on; an empty paragraph (a blank cell) gets an empty run to hold it."""
    runs = [run for run in paragraph.runs]
    if not runs:
        runs = [paragraph.add_run("")]
    return runs


def _element_for(origin: Origin | None, anchors: DocxAnchors) -> Any:
    if origin is not None:
        if origin.kind == "paragraph" and origin.paragraph in anchors.paragraphs:
            return anchors.paragraphs[origin.paragraph]
        if origin.kind == "cell":
            key = (origin.table, origin.row, origin.column)
            if key in anchors.cells:
                return anchors.cells[key]
    # No origin (a finding about the whole document): the first paragraph, normally the title.
    return anchors.paragraphs[min(anchors.paragraphs)] if anchors.paragraphs else None


def annotate_document(data: bytes, result: FileResult) -> tuple[Document, int]:
    """The opened copy of `data` with the comments added, and how many were added."""
    from gklint.source.docx import read_docx_with_anchors

    if result.document.meta.get("converted_from"):
        raise AnnotateError(
            "批注只能写入 .docx 文件：请先在 Word 或 WPS 中把该文件另存为 .docx，再检查并加批注。"
        )
    try:
        doc, anchors, document = read_docx_with_anchors(data, result.document.path)
    except ReadError as exc:
        raise AnnotateError(str(exc)) from exc
    if doc.text != result.document.text or doc.origin is None:
        raise AnnotateError("文件在检查之后被修改过，请重新检查后再加批注。")
    added = 0
    for diag in result.diagnostics:
        element = _element_for(doc.origin.at(diag.span.start), anchors)
        if element is None:
            raise AnnotateError("文档中没有可以加批注的段落。")
        paragraph = _paragraph_of(element, document)
        first, *rest = comment_text(diag)
        comment = document.add_comment(_runs(paragraph), text=first, author=AUTHOR, initials=INITIALS)
        for line in rest:
            comment.add_paragraph(line)
        added += 1
    return document, added


def annotate_bytes(data: bytes, result: FileResult) -> bytes:
    """A copy of the .docx `data` with one comment per finding of `result` (which linted `data`)."""
    document, _ = annotate_document(data, result)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
