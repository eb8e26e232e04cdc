"""Generators of hostile and unlucky input, shared by tests/test_properties.py and bench/fuzz.py.

Mutations work on real reports (the seeds in tests/fixtures): what a clerk, a web archive or
an interrupted download does to a report, plus what an attacker would try. Every function
takes a `random.Random` so a failure is reproducible from its seed.
"""

from __future__ import annotations

import io
import itertools
import json
import random
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from gklint.engine import LintResult
from gklint.output import FileResult, json_output, text
from gklint.ruledata import catalog

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_FILES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "files"

# Characters and fragments that have broken parsers before, or could.
JUNK = [
    "|",
    "\t",
    " | ||",
    "一、",
    "（",
    "）",
    "2024年",
    "\u00a0",
    "\u3000",
    "\r",
    "\r\n",
    "\x0b",  # vertical tab: a line break for str.splitlines, not for LSP
    "\x0c",
    "\x1c",
    "\x85",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u0301",  # combining accent
    "𠀀",  # outside the BMP: two UTF-16 units
    "😀",
    "-",
    "/",
    "0",
    "第二十条第(",
    "第二十条第（一）项",
    "总计",
    "本年新收",
    "合计",
    "统计期限自2024年1月1日至2024年12月31日",
    "。一、",
    "三、收到和处理政府信息公开申请情况",
    "{match}",
    "%s",
    "\\",
    "**",
    "# ",
    "9" * 60,
    "-" * 40,
    "1.2.3.4.5",
    "+-+-",
]


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]


def huge_number(rng: random.Random) -> str:
    digits = rng.choice([30, 300, 5000, 50_000])
    body = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(digits - 1))
    if rng.random() < 0.2:
        body += "." + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 40)))
    return rng.choice(["", "-", "+"]) + body


def _replace_a_number(text: str, rng: random.Random) -> str:
    positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not positions:
        return text
    at = rng.choice(positions)
    end = at
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[:at] + huge_number(rng) + text[end:]


def _line_ops(lines: list[str], rng: random.Random) -> list[str]:
    i = rng.randrange(len(lines))
    op = rng.randrange(9)
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[rng.randrange(len(lines))])
    elif op == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 3:
        pos = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:pos] + rng.choice(JUNK) + lines[i][pos:]
    elif op == 4:
        lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
    elif op == 5:
        lines = lines[: max(1, i)]
    elif op == 6 and i + 1 < len(lines):  # two lines glued together
        lines[i : i + 2] = [lines[i] + rng.choice(["", " ", "\t", "|"]) + lines[i + 1]]
    elif op == 7:  # a block of lines moved elsewhere (sections shuffled)
        j = rng.randrange(len(lines))
        block = lines[i : i + rng.randint(1, 30)]
        del lines[i : i + len(block)]
        lines[j:j] = block
    elif len(lines[i]) < 2000:  # a line repeated (kept small: repeated mutations multiply)
        lines[i] = lines[i] * rng.randint(2, 50)
    return lines or [""]


def mutate(text: str, rng: random.Random) -> str:
    """A real report after a few unlucky edits."""
    kind = rng.randrange(10)
    if kind == 0:  # a web archive: the whole page on one line
        return text.replace("\r\n", " ").replace("\n", rng.choice([" ", "", "。", "\t"]))
    if kind == 1:  # other line breaks
        return text.replace("\n", rng.choice(["\r\n", "\r", "\x0b", "\u2028", "\x85", "\n\n"]))
    if kind == 2:  # cut anywhere
        return text[: rng.randint(0, len(text))]
    if kind == 3:
        for _ in range(rng.randint(1, 4)):
            text = _replace_a_number(text, rng)
        return text
    if kind == 4:  # random characters sprinkled in
        chars = list(text)
        for _ in range(rng.randint(1, 30)):
            chars.insert(rng.randint(0, len(chars)), rng.choice(JUNK))
        return "".join(chars)
    if kind == 5:  # the full-width / half-width and space variants of the same report
        table = {"|": "｜", " ": "\u3000", "(": "（", ")": "）", "1": "１", ":": "："}
        return "".join(table.get(ch, ch) if rng.random() < 0.5 else ch for ch in text)
    lines = text.split("\n")
    for _ in range(rng.randint(1, 8)):
        lines = _line_ops(lines, rng)
    return "\n".join(lines)


def random_text(rng: random.Random, size: int) -> str:
    """Structured noise: report vocabulary, numbers and separators in random order."""
    pieces: list[Callable[[], str]] = [
        lambda: rng.choice(JUNK),
        lambda: str(rng.randint(0, 10 ** rng.randint(1, 12))),
        lambda: rng.choice(["\n", " ", "\t", " | "]),
        lambda: rng.choice(
            ["予以公开", "不予公开", "行政复议", "行政诉讼", "政府信息公开工作年度报告", "主动公开"]
        ),
        lambda: chr(rng.randint(0x20, 0x2FFF)),
        lambda: "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(rng.randint(1, 8))),
    ]
    out: list[str] = []
    length = 0
    while length < size:
        piece = rng.choice(pieces)()
        out.append(piece)
        length += len(piece)
    return "".join(out)


def random_bytes(rng: random.Random, size: int) -> bytes:
    """Bytes that are almost text: encodings mixed, cut, BOMs, NULs."""
    kind = rng.randrange(5)
    text = random_text(rng, size)
    if kind == 0:
        return rng.randbytes(size)
    if kind == 1:
        data = text.encode(rng.choice(["utf-8", "gb18030", "utf-16-le", "utf-16-be", "utf-16"]), "replace")
        return data[: rng.randint(0, len(data))]
    if kind == 2:
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 10)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == 3:
        return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]) + text.encode("utf-8")
    return text.encode("gb18030", "replace") + text.encode("utf-8")


# --- hostile files in the binary formats (shared with bench/fuzz.py and the web upload fuzzing) ---


@cache
def binaries() -> list[tuple[str, bytes]]:
    """(suffix, bytes) of real files in the binary formats gklint reads."""
    found: list[tuple[str, bytes]] = []
    try:
        from gklint.docxwrite import report_to_docx

        found += [(".docx", report_to_docx(t)) for t in seed_texts()[:3]]
    except Exception:  # pragma: no cover - the Word writer is optional here
        pass
    found += [(".html", p.read_bytes()) for p in sorted((FIXTURES / "html").glob("*.html"))]
    if SHARED_FILES.is_dir():
        found += [(".pdf", p.read_bytes()) for p in sorted(SHARED_FILES.glob("*.pdf"))]
    return found


def _zip_with(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return out.getvalue()


# "Billion laughs": nine levels of entities, each ten of the one before (10^9 characters).
_ENTITIES = b'<!ENTITY a "aaaaaaaaaa">' + b"".join(
    b'<!ENTITY %s "%s">' % (bytes([ord("b") + i]), b"&%s;" % bytes([ord("a") + i]) * 10) for i in range(8)
)
_BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [' + _ENTITIES + b"]>"
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
)


def _hostile_docx(rng: random.Random, original: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(original)) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    kind = rng.randrange(4)
    if kind == 0:
        entries["word/document.xml"] = _BILLION_LAUGHS
    elif kind == 1:  # deep nesting
        depth = rng.choice([1000, 100_000])
        entries["word/document.xml"] = (
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + b"<w:tbl><w:tr><w:tc>" * depth
            + b"</w:tc></w:tr></w:tbl>" * depth
            + b"</w:body></w:document>"
        )
    elif kind == 2:  # a zip bomb member: 200 MB of zeros compresses to ~200 KB
        entries["word/document.xml"] = b"<" + b"\x00" * rng.choice([10_000_000, 200_000_000])
    else:  # the XML cut or with flipped bytes
        xml = bytearray(entries.get("word/document.xml", b""))
        for _ in range(rng.randint(1, 20)):
            if xml:
                xml[rng.randrange(len(xml))] = rng.randrange(256)
        entries["word/document.xml"] = bytes(xml[: rng.randint(0, len(xml))])
    return _zip_with(entries)


def hostile_file(rng: random.Random) -> tuple[str, bytes] | None:
    """(suffix to name it by, bytes): a real Word/HTML/PDF file truncated, with flipped bytes, rebuilt
    with hostile XML (entity expansion, deep nesting, a zip bomb member) or under a misleading name;
    None when no binary file is at hand."""
    files = binaries()
    if not files:
        return None
    suffix, data = rng.choice(files)
    kind = rng.randrange(4)
    if kind == 0:
        data = data[: rng.randint(0, len(data))]
    elif kind == 1:
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 50)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        data = bytes(flipped)
    elif kind == 2 and suffix == ".docx":
        data = _hostile_docx(rng, data)
    elif kind == 2:
        data = data + rng.randbytes(rng.randint(1, 1000))
    # kind 3: the file as it is, under a misleading name
    name_suffix = rng.choice([suffix, suffix, ".txt", ".doc", ".htm"])
    return name_suffix, data


# --- invariants every lint result keeps ------------------------------------------------------


def check_result(result: LintResult) -> None:
    """Every diagnostic is a known rule pointing inside the text, with well-formed fixes."""
    rules = catalog()
    size = len(result.document.text)
    for diag in result.diagnostics:
        assert diag.code in rules or not diag.code.startswith("GK"), diag.code
        assert 0 <= diag.span.start <= diag.span.end <= size, (diag.code, diag.span, size)
        assert diag.message.strip(), diag.code
        for rel in diag.related:
            assert 0 <= rel.span.start <= rel.span.end <= size, (diag.code, rel.span, size)
        if diag.fix is not None:
            edits = sorted(diag.fix.edits, key=lambda e: e.span)
            for edit in edits:
                assert 0 <= edit.span.start <= edit.span.end <= size, (diag.code, edit.span, size)
            for a, b in itertools.pairwise(edits):
                assert a.span.end <= b.span.start, f"{diag.code}: overlapping edits in one fix"


def check_outputs(result: LintResult) -> None:
    """Text and JSON output render, encode as strict UTF-8, and JSON round-trips."""
    results = [FileResult(result.document, result.diagnostics)]
    text.render(results).encode("utf-8")
    text.render(results, source=False).encode("utf-8")
    assert len(json.loads(json_output.render(results).encode("utf-8"))) == len(result.diagnostics)
