"""Hand-run LSP fuzzer: random edit sequences and malformed traffic against the real server.

Starts one `python -m gklint.lsp` per position encoding (UTF-16, UTF-8,
UTF-32) and spreads `--sequences` edit sequences over them. A sequence opens
a document (a cut of a real report plus hostile characters, under a file or a
non-file URI), sends 5–30 didChange notifications — each with one to three
incremental changes (insertions, deletions, replacements containing "\\r",
"\\r\\n", "\\n", "\\v", "\\f", U+2028, astral characters, emoji…) at random
positions computed by an independent client-side model (bench/lsp_raw.py), now
and then a whole-text replacement or a raw position past the end — and after
every notification reads the server's copy back (`gklint/documentText`) and
compares it with the client's. Every tenth sequence also sends the whole
malformed-message catalogue and checks each answer. A failure is any
difference, a missing or wrong answer, an error-level log message, "内部错误"
or a traceback on stderr, or a server that stops answering.

    python bench/fuzz_lsp.py --sequences 1000                  # print the figures
    python bench/fuzz_lsp.py --sequences 1000 --results bench/RESULTS.md

Each failing sequence is printed with its seed; `--replay SEED --encoding E`
runs just that one, to turn it into a regression test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp_raw import REPO, RawServer, boundaries, check_hostile, hostile_messages, position, rss_mb

ENCODINGS = ("utf-16", "utf-8", "utf-32")
FIXTURES = sorted((REPO / "tests" / "fixtures").glob("*.txt"))
HEADING = "## Language server fuzzing"
PIECES = [
    "\r", "\n", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
    "𠀀", "😀", "👨‍👩‍👧", "🇨🇳", "中", "政府信息公开", "é", "a", "2024", "12,345", "　", "\t", "\ufeff", "\x00",
    "｜", "|", "一、总体情况", "2023年1月1日至2023年12月31日",
]  # fmt: skip
URI_KINDS = ["file", "untitled", "notebook", "odd"]


@dataclass
class Tally:
    sequences: int = 0
    notifications: int = 0
    changes: int = 0
    hostile: int = 0
    failures: list[str] = field(default_factory=list)


def random_text(rng: random.Random, reports: list[str]) -> str:
    report = rng.choice(reports)
    start = rng.randrange(len(report) // 2)
    body = report[start : start + rng.randrange(200, 3000)]
    sprinkled = list(body)
    for _ in range(rng.randrange(12)):
        sprinkled.insert(rng.randrange(len(sprinkled) + 1), rng.choice(PIECES))
    title = "某县人民政府2024年政府信息公开工作年度报告\n" if rng.random() < 0.7 else ""
    return title + "".join(sprinkled)


def make_uri(rng: random.Random, root: Path, number: int) -> str:
    kind = rng.choice(URI_KINDS)
    if kind == "file":
        return (root / f"报告 {number}.txt").as_uri()
    if kind == "untitled":
        return f"untitled:Untitled-{number}"
    if kind == "notebook":
        return f"vscode-notebook-cell:/home/clerk/笔记.ipynb#W{number}sZmlsZQ%3D%3D"
    return f"file:///tmp/%00odd-{number}.txt"


def random_change(rng: random.Random, text: str, encoding: str) -> tuple[dict[str, object], str]:
    """One contentChange and the client's text after it."""
    if rng.random() < 0.03:
        new = "".join(rng.choice(PIECES) for _ in range(rng.randrange(20)))
        return {"text": new}, new
    new_text = "".join(rng.choice(PIECES) for _ in range(rng.choice((0, 1, 1, 2, 3, 6))))
    if rng.random() < 0.05:
        # A position past the end of a line or of the text: both sides clamp (LSP).
        line_count = len(re.findall(r"\r\n|\r|\n", text)) + 1
        start = {"line": rng.randrange(line_count + 3), "character": rng.randrange(400)}
        start_offset = clamp(text, start, encoding)
        return {"range": {"start": start, "end": start}, "text": new_text}, text[
            :start_offset
        ] + new_text + text[start_offset:]
    offsets = boundaries(text)
    index = rng.randrange(len(offsets))
    end_index = min(len(offsets) - 1, index + rng.choice((0, 0, 1, 2, 5, 40)))
    start, end = offsets[index], offsets[end_index]
    rng_ = {"start": position(text, start, encoding), "end": position(text, end, encoding)}
    return {"range": rng_, "text": new_text}, text[:start] + new_text + text[end:]


def clamp(text: str, pos: dict[str, int], encoding: str) -> int:
    """A position past a line's or the text's end, as LSP says to read it (client side)."""
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    if pos["line"] >= len(starts):
        return len(text)
    start = starts[pos["line"]]
    match = re.compile(r"\r\n|\r|\n").search(text, start)
    line_end = match.start() if match else len(text)
    width = 0
    for i in range(start, line_end):
        if width >= pos["character"]:
            return i
        ch = text[i]
        width += (
            len(ch.encode("utf-8", "surrogatepass"))
            if encoding == "utf-8"
            else (2 if ord(ch) > 0xFFFF else 1)
            if encoding == "utf-16"
            else 1
        )
    return line_end


async def run_sequence(
    server: RawServer,
    rng: random.Random,
    root: Path,
    number: int,
    reports: list[str],
    tally: Tally,
    label: str,
) -> None:
    uri = make_uri(rng, root, number)
    text = random_text(rng, reports)
    server.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": uri,
                "languageId": rng.choice(["plaintext", "markdown"]),
                "version": 1,
                "text": text,
            }
        },
    )
    version = 1
    for _ in range(rng.randrange(5, 31)):
        changes = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            change, text = random_change(rng, text, server.encoding)
            changes.append(change)
        version += 1
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes},
        )
        tally.notifications += 1
        tally.changes += len(changes)
        got = await server.document_text(uri)
        if got is None or got["text"] != text or got["version"] != version:
            tally.failures.append(
                f"{label}: text differs after version {version} ({uri}): server {got and got['text'][:80]!r}… client {text[:80]!r}…"
            )
            break
    if rng.random() < 0.3:
        await server.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": uri},
                "position": position(text, rng.choice(boundaries(text)), server.encoding),
            },
        )
    if number % 10 == 0:
        for item in hostile_messages(uri, 10_000_000 + number * 100):
            tally.hostile += 1
            problem = await check_hostile(server, item)
            if problem:
                tally.failures.append(f"{label}: {problem}")
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})


async def fuzz(
    encoding: str, seeds: list[int], tally: Tally, rss: dict[str, tuple[float, float, float]]
) -> None:
    root = Path(tempfile.mkdtemp(prefix="gklint-fuzz-"))
    reports = [p.read_text(encoding="utf-8") for p in FIXTURES]
    server = RawServer(encoding)
    await server.start(root, debounce=20)
    start_rss = rss_mb(server.pid)
    for seed in seeds:
        label = f"seed {seed} ({encoding})"
        try:
            await run_sequence(server, random.Random(seed), root, seed, reports, tally, label)
        except (TimeoutError, asyncio.TimeoutError):
            tally.failures.append(f"{label}: the server stopped answering")
            break
        tally.sequences += 1
        for problem in server.internal_errors():
            tally.failures.append(f"{label}: {problem.strip()[:300]}")
        server.logs.clear()
        server.stderr.clear()
    rss[encoding] = (start_rss, rss_mb(server.pid), rss_mb(server.pid, "VmHWM"))
    code = await server.stop()
    if code != 0:
        tally.failures.append(f"{encoding}: server exit code {code} after shutdown + exit")


def markdown(tally: Tally, seconds: float, rss: dict[str, tuple[float, float, float]], requested: int) -> str:
    memory = "; ".join(f"{enc} {a:.1f} → {b:.1f} MB (peak {c:.1f})" for enc, (a, b, c) in rss.items())
    return "\n".join(
        [
            HEADING,
            "",
            f"`python bench/fuzz_lsp.py --sequences {requested}` — {time.strftime('%Y-%m-%d')}; one server per position encoding, debounce 20 ms.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| edit sequences run (each: open, 5–30 didChange, compare the server's text after every one, close) | {tally.sequences} |",
            f"| didChange notifications / content changes | {tally.notifications} / {tally.changes} |",
            f"| malformed messages sent and their answers checked | {tally.hostile} |",
            f"| failures (text differs, wrong/missing answer, error log, traceback, hang) | **{len(tally.failures)}** |",
            f"| server RSS start → end per encoding | {memory} |",
            f"| wall time | {seconds:.0f} s |",
            "",
        ]
    )


def record(path: Path, section: str) -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(existing):
        updated = pattern.sub(lambda _: section + "\n", existing, count=1)
    else:
        updated = existing.rstrip("\n") + "\n\n" + section
    path.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


async def run_all(
    sequences: int, first_seed: int, only: str | None
) -> tuple[Tally, dict[str, tuple[float, float, float]]]:
    tally = Tally()
    rss: dict[str, tuple[float, float, float]] = {}
    encodings = [only] if only else list(ENCODINGS)
    seeds = list(range(first_seed, first_seed + sequences))
    await asyncio.gather(
        *(fuzz(enc, seeds[i :: len(encodings)], tally, rss) for i, enc in enumerate(encodings))
    )
    return tally, rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequences", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument("--replay", type=int, help="run only this seed")
    parser.add_argument("--encoding", choices=ENCODINGS, help="with --replay: the encoding it failed in")
    parser.add_argument("--results", type=Path, help="write the figures into this RESULTS.md")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.replay is not None:
        tally, rss = asyncio.run(run_all(1, args.replay, args.encoding or "utf-16"))
    else:
        tally, rss = asyncio.run(run_all(args.sequences, args.seed, None))
    section = markdown(tally, time.perf_counter() - started, rss, args.sequences)
    print(section)
    for failure in tally.failures:
        print("FAIL", failure)
    if args.results and args.replay is None:
        record(args.results, section)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
