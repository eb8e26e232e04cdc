"""Fuzz gklint by hand: ≥ 100,000 generated inputs, 0 failures required (issue 7).

Each input is reproducible from (generator, seed). Generators:
- mutated-report:  a real report (tests/fixtures, tests/corpus/reports) after 1–3 unlucky edits
  (glued into one line, other line breaks, cut, shuffled, junk inserted, width variants…);
- huge-numbers:    a real report whose numbers are replaced by numbers of 30–50,000 digits;
- structured-text: report vocabulary, numbers and separators in random order;
- random-bytes:    bytes that are almost text (mixed encodings, cut, BOMs, flipped bytes) read
  as a .txt file;
- binary-formats:  Word (.docx written from a seed), HTML and PDF files truncated, with flipped
  bytes, or rebuilt with hostile XML (entity expansion, deep nesting) and zip bombs;
- pack-message:    rule-pack message templates (parse must reject or render verbatim);
- file-name:       file names of arbitrary bytes through the text and JSON outputs;
- fix:             `gklint --fix` on mutated real reports in every encoding and line ending it writes
                   back, and on Word files (tests/fixcheck.py: bytes outside the edits unchanged,
                   encoding/BOM/line endings kept, idempotent, untouched files keep their mtime,
                   .docx/.html/.pdf never written);
- upload:          hostile requests to `gklint serve` in-process (tests/hostile_http.py: the files above
                   as raw bodies and in malformed multipart forms, lying Content-Length, chunked bodies
                   over the limit, wrong content types and methods, hostile file names): always 200 or
                   a 4xx with a Chinese message, nothing logged as a failure, correct answers after.

A failure is any exception other than the reader's Chinese ReadError, an invariant broken
(tests/hostile.py: diagnostics inside the text, well-formed fixes, outputs valid UTF-8 and JSON),
or an input taking longer than --limit seconds. Failures are written to bench/fuzz-failures/
(generator, seed, traceback, the input) for turning into regression tests.

Usage: python bench/fuzz.py [--inputs 100000] [--seed 0] [--jobs 2] [--limit 20] [--targets fix,upload]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import signal
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import fixcheck  # noqa: E402
import hostile  # noqa: E402
import hostile_http  # noqa: E402
from gklint.checks.message_template import TemplateError  # noqa: E402
from gklint.checks.message_template import parse as parse_template  # noqa: E402
from gklint.engine import lint_document  # noqa: E402
from gklint.output import FileResult, json_output, text  # noqa: E402
from gklint.source.document import SourceDocument  # noqa: E402
from gklint.source.readers import ReadError, read_bytes  # noqa: E402

FAILURES = ROOT / "bench" / "fuzz-failures"


class InputTimeout(Exception):
    pass


@cache
def reports() -> list[str]:
    texts = hostile.seed_texts()
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "corpus" / "reports").glob("*.txt"))
    ]
    return texts


def _lint_and_render(doc: SourceDocument) -> int:
    result = lint_document(doc)
    hostile.check_result(result)
    hostile.check_outputs(result)
    return len(result.diagnostics)


def _read_and_lint(data: bytes, suffix: str) -> int:
    try:
        doc = read_bytes(data, Path("报告" + suffix))
    except ReadError as exc:
        assert str(exc).strip(), "empty ReadError message"
        return 0
    return _lint_and_render(doc)


# --- generators: (rng) -> (input size in bytes, work) -----------------------------------------


def gen_mutated_report(rng: random.Random) -> tuple[int, Callable[[], object]]:
    source = rng.choice(reports())
    for _ in range(rng.randint(1, 3)):
        source = hostile.mutate(source, rng)
    return len(source.encode("utf-8", "surrogatepass")), lambda: _lint_and_render(SourceDocument(source))


def gen_huge_numbers(rng: random.Random) -> tuple[int, Callable[[], object]]:
    source = rng.choice(hostile.seed_texts())
    for _ in range(rng.randint(1, 5)):
        source = hostile._replace_a_number(source, rng)
    return len(source.encode("utf-8")), lambda: _lint_and_render(SourceDocument(source))


def gen_structured_text(rng: random.Random) -> tuple[int, Callable[[], object]]:
    source = hostile.random_text(rng, rng.choice([10, 100, 1000, 10_000, 50_000]))
    return len(source.encode("utf-8", "surrogatepass")), lambda: _lint_and_render(SourceDocument(source))


def gen_random_bytes(rng: random.Random) -> tuple[int, Callable[[], object]]:
    data = hostile.random_bytes(rng, rng.choice([1, 10, 100, 1000, 10_000]))
    return len(data), lambda: _read_and_lint(data, rng.choice([".txt", ".md", ""]))


def gen_binary_formats(rng: random.Random) -> tuple[int, Callable[[], object]]:
    found = hostile.hostile_file(rng)
    if found is None:
        return gen_random_bytes(rng)
    name_suffix, data = found
    return len(data), lambda: _read_and_lint(data, name_suffix)


def gen_pack_message(rng: random.Random) -> tuple[int, Callable[[], object]]:
    alphabet = [
        "{",
        "}",
        "{{",
        "}}",
        "match",
        "section",
        "who",
        ":",
        "!",
        ".",
        "[0]",
        ">9",
        "文字",
        " ",
        "%s",
        "\\",
    ]
    template = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
    values = {
        "match": rng.choice(["{match}", "%s", "x" * 5, "{{"]),
        "section": "五、",
        "who": "}",
    }

    def work() -> object:
        try:
            parsed = parse_template(template, {"match", "section", "who"})
        except TemplateError as exc:
            assert str(exc).startswith("message"), exc
            return None
        rendered = parsed.render(values)
        expected = hostile_reference_render(template, values)
        assert rendered == expected, (template, rendered, expected)
        return rendered

    return len(template.encode()), work


def hostile_reference_render(template: str, values: dict[str, str]) -> str:
    out, i = [], 0
    while i < len(template):
        if template.startswith(("{{", "}}"), i):
            out.append(template[i])
            i += 2
        elif template[i] == "{":
            end = template.index("}", i)
            out.append(values[template[i + 1 : end]])
            i = end + 1
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


def gen_file_name(rng: random.Random) -> tuple[int, Callable[[], object]]:
    raw = bytes(b for b in rng.randbytes(rng.randint(1, 40)) if b not in (0, 47))
    name = os.fsdecode(raw or b"x")
    source = rng.choice(hostile.seed_texts())

    def work() -> object:
        doc = SourceDocument(source, path=Path(name), display_name=name)
        results = [FileResult(doc, lint_document(doc).diagnostics)]
        text.render(results).encode("utf-8")
        for item in json.loads(json_output.render(results).encode("utf-8")):
            exact = (
                bytes.fromhex(item["filename_bytes"])
                if "filename_bytes" in item
                else item["filename"].encode()
            )
            assert exact == os.fsencode(name), (item["filename"], raw)
        return None

    return len(raw), work


def gen_fix(rng: random.Random) -> tuple[int, Callable[[], object]]:
    if rng.random() < 0.05:
        data, unsafe = fixcheck.docx_case(rng)
        return len(data), lambda: _in_a_folder(lambda folder: fixcheck.check_docx_fix(folder, data, unsafe))
    case = fixcheck.text_case(rng)
    return len(case.data), lambda: _in_a_folder(lambda folder: fixcheck.check_text_fix(folder, case))


def gen_upload(rng: random.Random) -> tuple[int, Callable[[], object]]:
    request = hostile_http.hostile_request(rng)
    body = request.body if isinstance(request.body, bytes) else b"".join(request.body)
    return len(body), lambda: hostile_http.check_requests([request])


def _in_a_folder(work: Callable[[Path], object]) -> object:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="gklint-fuzz-") as folder:
        return work(Path(folder))


GENERATORS: dict[str, tuple[int, Callable[[random.Random], tuple[int, Callable[[], object]]]]] = {
    # name: (weight, generator)
    "mutated-report": (40, gen_mutated_report),
    "huge-numbers": (8, gen_huge_numbers),
    "structured-text": (20, gen_structured_text),
    "random-bytes": (15, gen_random_bytes),
    "binary-formats": (2, gen_binary_formats),
    "pack-message": (10, gen_pack_message),
    "file-name": (5, gen_file_name),
    "fix": (3, gen_fix),
    "upload": (2, gen_upload),
}
_WHEEL = [name for name, (weight, _) in GENERATORS.items() for _ in range(weight)]


def generator_for(seed: int) -> str:
    return _WHEEL[seed % len(_WHEEL)]


def _alarm(_signum: int, _frame: object) -> None:
    raise InputTimeout


def run_one(job: tuple[int, float]) -> tuple[str, int, int, float, str | None]:
    """(generator, seed, bytes, seconds, failure text or None)."""
    seed, limit = job
    name = generator_for(seed)
    rng = random.Random(seed)
    size, work = GENERATORS[name][1](rng)
    signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    failure = None
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        work()
    except InputTimeout:
        failure = f"took longer than {limit} s"
    except Exception:
        failure = traceback.format_exc(limit=-8)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return name, seed, size, time.perf_counter() - started, failure


def _save(name: str, seed: int, failure: str) -> None:
    FAILURES.mkdir(parents=True, exist_ok=True)
    (FAILURES / f"{name}-{seed}.txt").write_text(
        f"generator {name}, seed {seed}\nreproduce: python bench/fuzz.py --only {seed}\n\n{failure}",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="first seed; inputs use seed … seed+inputs-1",
    )
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds one input may take")
    parser.add_argument("--only", type=int, help="run the one input with this seed and show its failure")
    parser.add_argument(
        "--targets",
        help="comma-separated generators to run (default: all); seeds keep their generator, so "
        "--inputs counts only the seeds of these targets",
    )
    args = parser.parse_args()
    if args.only is not None:
        name, seed, size, seconds, failure = run_one((args.only, args.limit))
        print(f"{name} seed {seed}: {size} bytes, {seconds:.3f} s")
        print(failure or "ok")
        return
    targets = set(args.targets.split(",")) if args.targets else set(GENERATORS)
    if unknown := targets - set(GENERATORS):
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    seeds = (s for s in itertools.count(args.seed) if generator_for(s) in targets)
    jobs = [(s, args.limit) for s in itertools.islice(seeds, args.inputs)]
    tried: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    size: Counter[str] = Counter()
    seconds: dict[str, float] = defaultdict(float)
    slowest: dict[str, tuple[float, int]] = {}
    started = time.perf_counter()
    if args.jobs > 1:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(args.jobs)
        results = pool.imap_unordered(run_one, jobs, chunksize=50)
    else:
        results = map(run_one, jobs)
    # SIGTERM (or Ctrl-C) ends the run early but still prints the table of what was tried.
    signal.signal(signal.SIGTERM, _interrupt)
    done = 0
    try:
        for done, (name, seed, nbytes, took, failure) in enumerate(results, start=1):
            tried[name] += 1
            size[name] += nbytes
            seconds[name] += took
            if took > slowest.get(name, (0.0, 0))[0]:
                slowest[name] = (took, seed)
            if failure is not None:
                failed[name] += 1
                _save(name, seed, failure)
                print(
                    f"FAIL {name} seed {seed}: {failure.strip().splitlines()[-1]}",
                    flush=True,
                )
            if done % 5000 == 0:
                elapsed = time.perf_counter() - started
                print(
                    f"{done} inputs, {sum(failed.values())} failures, {elapsed:.0f} s",
                    flush=True,
                )
    except KeyboardInterrupt:
        print(f"stopped early after {done} inputs", flush=True)
    wall = time.perf_counter() - started
    print(
        f"\n{sum(tried.values())} inputs, {sum(failed.values())} failures, {wall:.0f} s wall, {args.jobs} jobs\n"
    )
    print("| generator | inputs | failures | input MB | time per MB | slowest input |")
    print("|---|---|---|---|---|---|")
    for name in GENERATORS:
        mb = size[name] / 1e6
        per_mb = f"{seconds[name] / mb:.2f} s" if mb > 0.001 else "–"
        took, seed = slowest.get(name, (0.0, 0))
        print(
            f"| {name} | {tried[name]:,} | {failed[name]} | {mb:.1f} | {per_mb} | {took:.2f} s (seed {seed}) |"
        )


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
