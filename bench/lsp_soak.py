"""Language-server memory over a long hostile session (hand-run, not a test).

Drives `python -m gklint.lsp` over stdio for `--rounds` rounds; each round
opens a report (file or untitled URI), types 25 incremental edits into it
with hostile characters, hovers, asks for code actions, sends the whole
catalogue of malformed messages from bench/lsp_raw.py and garbage settings,
and closes it; three more documents stay open all session and are edited
every round. The server's RSS is sampled every `--every` rounds.

    python bench/lsp_soak.py                         # figures on stdout
    python bench/lsp_soak.py --trace 8               # also: what grew, by tracemalloc (slower)
    python bench/lsp_soak.py --src /tmp/old/src      # the same session against another checkout

With --trace the server runs in this file's --serve mode: tracemalloc starts
after the first sample, and at the end the server writes the allocation
sites still alive from after that point, largest first; that is how the
growth fixed in GklintProtocol._execute_handler was found.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lsp_raw import REPO, RawServer, boundaries, frame, hostile_messages, position, rss_mb

SEED = REPO / "tests" / "fixtures" / "000_89fc474536e2e148.txt"
PIECES = ["\r", "\n", "\r\n", "\v", "\f", "\u2028", "𠀀", "😀", "中", "a", "2024", "　"]
# What the server before issue 7 handled correctly (it lost edits after \v, \f,
# U+2028 and astral characters): for a like-for-like memory comparison.
PLAIN_PIECES = ["\n", "中", "a", "2024", "　"]


def serve(top: int, out: Path) -> None:
    """Run the server; the first SIGUSR1 starts tracemalloc, the next writes what is still alive.

    Tracing starts only after warm-up: under tracemalloc, importing lsprotocol
    alone takes minutes, and what was allocated after warm-up and is still
    alive at the end is exactly the growth.
    """
    import tracemalloc

    def dump(*_: object) -> None:
        if not tracemalloc.is_tracing():
            tracemalloc.start(12)
            return
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen *>")]
        )
        traced = tracemalloc.get_traced_memory()[0] / 2**20
        lines = [f"top {top} allocation sites alive since warm-up (traced total {traced:.1f} MB)"]
        for stat in snapshot.statistics("traceback")[:top]:
            lines.append(f"{stat.size / 1024:.0f} KiB in {stat.count} blocks")
            lines.extend(f"    {frame_}" for frame_ in stat.traceback.format()[-8:])
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")

    signal.signal(signal.SIGUSR1, dump)
    from gklint.lsp.server import main

    main([])


async def session(
    rounds: int, every: int, command: list[str], env_src: str | None, trace: Path | None, hostile: bool
) -> dict[str, object]:
    root = Path(tempfile.mkdtemp(prefix="gklint-soak-"))
    seed = SEED.read_text(encoding="utf-8")
    if env_src:
        os.environ["PYTHONPATH"] = env_src
    server = RawServer("utf-16", command=command)
    await server.start(root, debounce=0)
    rng = random.Random(7)
    pieces = PIECES if hostile else PLAIN_PIECES
    samples: list[tuple[int, float]] = [(0, rss_mb(server.pid))]
    kept = [(root / f"常开{i}.txt").as_uri() for i in range(3)]
    texts: dict[str, str] = {}
    versions: dict[str, int] = {}

    def open_doc(uri: str, text: str) -> None:
        texts[uri], versions[uri] = text, 1
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}},
        )

    def edit(uri: str) -> None:
        text = texts[uri]
        offsets = boundaries(text) if len(text) < 4000 else list(range(len(text) - 200, len(text) + 1))
        start = rng.choice(offsets)
        end = start if rng.random() < 0.6 else min(len(text), start + rng.randrange(1, 4))
        if end not in offsets:
            end = start
        new = "".join(rng.choice(pieces) for _ in range(rng.randrange(3)))
        versions[uri] += 1
        server.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": versions[uri]},
                "contentChanges": [
                    {
                        "range": {
                            "start": position(text, start, "utf-16"),
                            "end": position(text, end, "utf-16"),
                        },
                        "text": new,
                    }
                ],
            },
        )
        texts[uri] = text[:start] + new + text[end:]

    for uri in kept:
        open_doc(uri, seed)
    started = time.perf_counter()
    next_id = 1_000_000
    for number in range(1, rounds + 1):
        uri = (root / f"报告{number}.txt").as_uri() if number % 2 else f"untitled:Untitled-{number}"
        open_doc(uri, seed[: rng.randrange(2000, len(seed))] + "政府信息公开工作年度报告")
        for _ in range(25):
            edit(uri)
        for kept_uri in kept:
            edit(kept_uri)
        # A version superseded before publishing times out: fine for a soak.
        with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
            await server.wait_published(
                uri, versions[uri], timeout=30
            )  # a stale version superseded before publishing: fine for a soak
        for _ in range(3):
            await server.request(
                "textDocument/hover",
                {
                    "textDocument": {"uri": uri},
                    "position": {"line": rng.randrange(40), "character": rng.randrange(30)},
                },
            )
        await server.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 50, "character": 0}},
                "context": {"diagnostics": []},
            },
        )
        for item in hostile_messages(uri, next_id) if hostile else []:
            # Left out so that the session also runs against the server before
            # issue 7 (--src): it replaced its workspace on a second initialize
            # and shut down on a shutdown request whose id was 1.5.
            if item.name not in ("second initialize", "fraction id"):
                server.send_bytes(frame(item.body))
        next_id += 100
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        texts.pop(uri)
        await server.request(
            "textDocument/hover", {"textDocument": {"uri": kept[0]}, "position": {"line": 0, "character": 0}}
        )
        if number % every == 0 or number == rounds:
            samples.append((number, rss_mb(server.pid)))
            print(
                f"round {number}: RSS {samples[-1][1]:.1f} MB ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
            if trace is not None and number in (every, rounds):
                os.kill(server.pid, signal.SIGUSR1)
                await asyncio.sleep(1)
                for _ in range(300 if number == rounds else 0):  # snapshotting takes a while
                    if trace.exists():
                        break
                    await asyncio.sleep(1)
    peak = rss_mb(server.pid, "VmHWM")
    await server.stop()
    return {
        "samples": samples,
        "peak": peak,
        "seconds": time.perf_counter() - started,
        "problems": server.internal_errors(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--every", type=int, default=50)
    parser.add_argument("--src", help="PYTHONPATH for the server (another checkout's src)")
    parser.add_argument(
        "--no-hostile", action="store_true", help="edits and requests only, no malformed messages"
    )
    parser.add_argument(
        "--trace", type=int, metavar="TOP", help="run the server under tracemalloc and report the TOP growths"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trace-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.trace or 8, args.trace_out)
        return 0
    trace_out = None
    command = [sys.executable, "-m", "gklint.lsp"]
    if args.trace:
        trace_out = Path(tempfile.mkdtemp(prefix="gklint-trace-")) / "growth.txt"
        command = [
            sys.executable,
            __file__,
            "--serve",
            "--trace",
            str(args.trace),
            "--trace-out",
            str(trace_out),
        ]
    result = asyncio.run(session(args.rounds, args.every, command, args.src, trace_out, not args.no_hostile))
    samples = result["samples"]
    assert isinstance(samples, list)
    print("rounds → RSS MB: " + ", ".join(f"{n}: {mb:.1f}" for n, mb in samples))
    print(f"peak RSS (VmHWM) {float(result['peak']):.1f} MB; {float(result['seconds']):.0f} s")  # type: ignore[arg-type]
    print(f"internal errors / tracebacks seen by the client: {len(result['problems'])}")  # type: ignore[arg-type]
    if trace_out is not None and trace_out.exists():
        print(trace_out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
