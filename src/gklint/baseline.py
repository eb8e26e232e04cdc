"""Fingerprints of findings and baseline files: report only what is new.

A reviewer who re-checks a resubmitted report wants the findings that were
not there last time. Line numbers are useless for that (a paragraph added at
the top shifts everything), so a finding's fingerprint is its rule code plus
the *content it concerns*, whitespace removed:

- a table cell: the relation and the cell's place in the template (row,
  column) plus the cell's text — moving the table keeps it, correcting the
  number (to another wrong one) makes it new;
- a finding that quotes the words it flags (a wrong title, heading,
  phrase): the sentence around them (the text between the nearest 。！？；
  on its line) plus the flagged words;
- a finding about something *absent* (no statistics window, a missing
  section) only points at a nearby place — usually the title — and does not
  quote it: its message, plus the flagged words when they are short, so that
  correcting the title does not make "no window" look new.

Identical fingerprints in one file (the same typo twice) are told apart by
their order. SARIF output uses the same fingerprint as `partialFingerprints`.

Baseline file (``--write-baseline``): UTF-8 JSON, one entry per finding::

    {"gklint-baseline": 1,
     "findings": [{"file": "报告.txt", "code": "GK301", "fingerprint": "…", "message": "…"}]}

Findings are matched per file (the path as given on the command line). A
file the baseline does not name is matched against the baseline's only file
when it records exactly one, so a single report's baseline also works for
its renamed resubmission (报告.txt → 报告-修改稿.txt).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gklint.diagnostics import Diagnostic
from gklint.oserror import reason as os_reason
from gklint.output import FileResult
from gklint.source.document import SourceDocument

FORMAT_VERSION = 1
_SENTENCE_END = "。！？；!?;"
_SPACE = re.compile(r"\s+")
_SHORT = 20  # flagged words longer than this are a place to point at (a title line), not the finding


class BaselineError(Exception):
    """The baseline file cannot be read or written (message is Chinese)."""


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def _sentence(doc: SourceDocument, start: int, end: int) -> str:
    """The sentence containing [start, end): bounded by sentence punctuation on the same line."""
    line = doc.line_of(start)
    line_start, line_end = doc.line_start(line), doc.line_end(line)
    text = doc.text
    lo = max((text.rfind(ch, line_start, start) for ch in _SENTENCE_END), default=-1)
    lo = line_start if lo < line_start else lo + 1
    his = [i for i in (text.find(ch, min(end, line_end), line_end) for ch in _SENTENCE_END) if i >= 0]
    hi = min(his) + 1 if his else line_end
    return text[lo:hi]


def context_key(doc: SourceDocument, diag: Diagnostic) -> str:
    """What a finding concerns, independent of where it is in the file."""
    flagged = doc.text[diag.span.start : diag.span.end]
    cell = diag.data.get("cell")
    if cell is not None:
        return f"cell|{diag.data.get('relation', '')}|{cell}|{_squeeze(flagged)}"
    words = _squeeze(flagged)
    if words and words in _squeeze(diag.message):
        return f"text|{_squeeze(_sentence(doc, diag.span.start, diag.span.end))}|{words}"
    return f"message|{_squeeze(diag.message)}|{words if len(words) <= _SHORT else ''}"


def fingerprints(doc: SourceDocument, diagnostics: Sequence[Diagnostic]) -> list[str]:
    """One stable fingerprint per diagnostic, in the same order."""
    seen: Counter[str] = Counter()
    out = []
    for diag in diagnostics:
        key = f"{diag.code}\x00{context_key(doc, diag)}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        seen[digest] += 1
        out.append(f"{digest}:{seen[digest]}")
    return out


# --- baseline files ----------------------------------------------------------------------------------


def _file_key(doc: SourceDocument) -> str:
    return Path(doc.display_name).as_posix()


def baseline_payload(results: Sequence[FileResult]) -> dict[str, Any]:
    findings = []
    for result in results:
        for diag, fp in zip(
            result.diagnostics, fingerprints(result.document, result.diagnostics), strict=True
        ):
            findings.append(
                {
                    "file": _file_key(result.document),
                    "code": diag.code,
                    "fingerprint": fp,
                    "message": diag.message,
                }
            )
    return {"gklint-baseline": FORMAT_VERSION, "findings": findings}


def write_baseline(path: Path, results: Sequence[FileResult]) -> int:
    """Record every finding in `results`; returns how many."""
    from gklint.fix import write_atomic

    payload = baseline_payload(results)
    data = (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise BaselineError(f"无法写入基线文件 {path}：{os_reason(exc)}") from exc
    return len(payload["findings"])


def load_baseline(path: Path) -> dict[str, Counter[str]]:
    """File → multiset of "code fingerprint" recorded in the baseline."""
    try:
        payload = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise BaselineError(f"找不到基线文件：{path}（可先用 --write-baseline {path} 生成）") from None
    except OSError as exc:
        raise BaselineError(f"无法读取基线文件 {path}：{os_reason(exc)}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"基线文件 {path} 不是有效的 JSON：{exc}") from exc
    if not isinstance(payload, dict) or payload.get("gklint-baseline") != FORMAT_VERSION:
        raise BaselineError(f'{path} 不是 gklint 基线文件（缺少 "gklint-baseline": {FORMAT_VERSION}）。')
    table: dict[str, Counter[str]] = {}
    for item in payload.get("findings", []):
        try:
            table.setdefault(str(item["file"]), Counter())[f"{item['code']} {item['fingerprint']}"] += 1
        except (KeyError, TypeError):
            raise BaselineError(f"基线文件 {path} 中有不完整的条目：{item!r}") from None
    return table


def filter_new(
    results: Sequence[FileResult], baseline: dict[str, Counter[str]]
) -> tuple[list[FileResult], int]:
    """Results without the findings recorded in `baseline`; also how many were hidden."""
    only = next(iter(baseline.values())) if len(baseline) == 1 else Counter()
    kept: list[FileResult] = []
    hidden = 0
    for result in results:
        known = Counter(baseline.get(_file_key(result.document), only))
        new = []
        for diag, fp in zip(
            result.diagnostics, fingerprints(result.document, result.diagnostics), strict=True
        ):
            key = f"{diag.code} {fp}"
            if known[key] > 0:
                known[key] -= 1
                hidden += 1
            else:
                new.append(diag)
        kept.append(FileResult(result.document, new))
    return kept, hidden
