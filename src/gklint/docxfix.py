"""`gklint --fix` for Word files: a fixed copy next to the original, never an edit in place.

Fixes are edits on the text gklint read from the .docx. For a body paragraph
(title, headings, the statistics-window sentence — where the safe fixes are)
that text is the paragraph's runs in order, so an edit maps back onto the
``w:t`` elements holding those characters: the new text goes into the first
one, the rest of the replaced characters are removed, and the runs' formatting
is kept. An edit that touches anything else — a table cell (its text is
cleaned and joined), list numbering Word generates, a tab or a line break —
is left alone and stays a finding for the clerk to fix in Word.

The copy is verified before it is written: read back, it must give exactly
the original text with the applied edits, or nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from gklint.diagnostics import Diagnostic, Edit
from gklint.fix import apply_edits, select_fixes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T, _TAB, _BR, _CR, _NB_HYPHEN = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"
_SKIPPED = (f"{W}del", f"{W}moveFrom", f"{W}delText", f"{W}instrText")
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"


class DocxFixError(Exception):
    """The fixed copy could not be made (message is Chinese)."""


class DocxFixOutcome(NamedTuple):
    data: bytes  # the fixed .docx
    applied: int  # fixes applied
    skipped: int  # applicable fixes left in the document (table cells, numbering, overlaps)


def fixed_copy_path(path: Path) -> Path:
    """报告.docx → 报告.gklint-fixed.docx, beside the original."""
    return path.with_name(f"{path.stem}.gklint-fixed{path.suffix}")


def _chars(element: Any, out: list[tuple[Any, int] | None]) -> None:
    """One entry per character of the paragraph text: (w:t element, index) or None (not editable)."""
    for child in element:
        tag = child.tag
        if tag == _T:
            out.extend((child, i) for i in range(len(child.text or "")))
        elif tag in (_TAB, _NB_HYPHEN):
            out.append(None)
        elif tag in (_BR, _CR):
            if child.get(f"{W}type") not in ("page", "column"):
                out.append(None)
        elif tag in _SKIPPED or tag == _ALTERNATE:
            continue
        else:
            _chars(child, out)


def _run_text(runs: list[tuple[Any, int] | None], shown: str) -> str:
    """The characters `runs` hold now, with `shown`'s character where a run holds none (tab, break).

    Each element's text is read once: lxml builds a new string on every `.text`, so reading it per
    character made a long one-line paragraph quadratic (fuzz target "fix", seed 540221: 25 s).
    """
    texts: dict[Any, str] = {}
    out = []
    for ch, c in zip(shown, runs, strict=True):
        if c is None:
            out.append(ch)
            continue
        node, index = c
        text = texts.get(node)
        if text is None:
            text = texts[node] = node.text or ""
        out.append(text[index] if index < len(text) else "")
    return "".join(out)


def _apply_to_paragraph(chars: list[tuple[Any, int] | None], start: int, end: int, content: str) -> bool:
    """Replace characters [start, end) of the paragraph by `content`; False when not possible."""
    covered = chars[start:end]
    if any(c is None for c in covered):
        return False
    if covered:
        anchor_node, anchor_index = covered[0]  # type: ignore[misc]
    else:  # an insertion: after the previous character, or before the next one
        before = chars[start - 1] if start > 0 else None
        after = chars[start] if start < len(chars) else None
        if before is not None:
            anchor_node, anchor_index = before[0], before[1] + 1
        elif after is not None:
            anchor_node, anchor_index = after
        else:
            return False
    # Remove the replaced characters node by node (right to left keeps indices valid), then insert.
    by_node: dict[Any, list[int]] = {}
    for node, index in covered:  # type: ignore[misc]
        by_node.setdefault(node, []).append(index)
    for node, indices in by_node.items():
        text = node.text or ""
        keep = set(range(len(text))) - set(indices)
        node.text = "".join(text[i] for i in sorted(keep))
    text = anchor_node.text or ""
    removed_before = sum(1 for i in by_node.get(anchor_node, []) if i < anchor_index)
    at = anchor_index - removed_before
    anchor_node.text = text[:at] + content + text[at:]
    if anchor_node.text != anchor_node.text.strip():
        anchor_node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return True


def fix_docx(
    data: bytes, path: Path | None, diagnostics: Iterable[Diagnostic], *, unsafe: bool
) -> DocxFixOutcome:
    """The .docx `data` with the applicable fixes of `diagnostics` (which were found in `data`) applied."""
    from gklint.source import ReadError
    from gklint.source.docx import read_docx, read_docx_with_anchors

    try:
        doc, anchors, document = read_docx_with_anchors(data, path)
    except ReadError as exc:
        raise DocxFixError(str(exc)) from exc
    if doc.origin is None:
        raise DocxFixError("无法确定文字在 Word 文件中的位置。")
    chosen = select_fixes(diagnostics, unsafe=unsafe)
    applied: list[Edit] = []
    done = skipped = 0
    # Right to left, so earlier offsets in the same paragraph stay valid.
    for diag in sorted(chosen, key=lambda d: -min(e.span.start for e in d.fix.edits) if d.fix else 0):
        assert diag.fix is not None
        plans = []
        for edit in diag.fix.edits:
            segment = next(
                (
                    seg
                    for seg in doc.origin.segments()
                    if seg[0] <= edit.span.start and edit.span.end <= seg[1]
                ),
                None,
            )
            if (
                segment is None
                or segment[2].kind != "paragraph"
                or segment[2].paragraph not in anchors.paragraphs
            ):
                break
            runs: list[tuple[Any, int] | None] = []
            _chars(anchors.paragraphs[segment[2].paragraph], runs)
            # What the runs hold must be the end of the paragraph's text; anything before it is list
            # numbering Word generates (not editable). A paragraph an earlier fix changed no longer
            # matches: its other fixes wait for the next run.
            label = segment[1] - segment[0] - len(runs)
            shown = doc.text[segment[0] + max(label, 0) : segment[1]]
            if label < 0 or shown != _run_text(runs, shown):
                break
            chars: list[tuple[Any, int] | None] = [None] * label
            chars += runs
            plans.append((chars, edit.span.start - segment[0], edit.span.end - segment[0], edit.content))
        if len(plans) != len(diag.fix.edits):
            skipped += 1
            continue
        for chars, start, end, content in sorted(plans, key=lambda plan: -plan[1]):
            if not _apply_to_paragraph(chars, start, end, content):
                raise DocxFixError("无法在 Word 文件中定位要修改的文字，未生成修复后的副本。")
        applied.extend(diag.fix.edits)
        done += 1
    fixed = _with_part(data, document.part.partname.lstrip("/"), document.part.blob)
    if read_docx(fixed, path).text != apply_edits(doc.text, applied):
        raise DocxFixError("修复后的 Word 文件与预期不一致，未生成修复后的副本。")
    return DocxFixOutcome(fixed, done, skipped)


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The package `data` with member `name` replaced by `content`, every other member copied as it was.

    Fixes only ever touch the main document part. Saving through python-docx would rewrite every
    part (XML declarations, line breaks, the folder entries WPS writes), so the copy would differ
    from the clerk's file in places no fix touched.
    """
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info), info.compress_type)
    return out.getvalue()
