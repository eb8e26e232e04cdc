"""Property-based tests (hypothesis): gklint holds up on arbitrary and mutated input.

Runs on every CI run with a bounded budget (`max_examples` per property, derandomized so
CI is reproducible); set GKLINT_HYPOTHESIS_EXAMPLES=2000 to search harder by hand, with
a random seed. bench/fuzz.py is the long-running sibling. Every reproducer either finds
becomes a plain regression test in tests/test_hostile_input.py or tests/test_hostile_cli.py.

Properties:
- decoding arbitrary bytes yields text or a Chinese DecodeError, nothing else;
- parsing and linting arbitrary text and mutated real reports never raises, and every
  diagnostic points inside the text with well-formed fixes;
- every output format renders and encodes as UTF-8; JSON round-trips;
- linting is deterministic;
- numbers of any length are summed exactly;
- rule-pack message templates insert values verbatim and interpret nothing;
- file names of any bytes print as valid UTF-8 and JSON keeps their exact bytes.
"""

from __future__ import annotations

import json
import os
import random
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile
from gklint.checks.message_template import TemplateError
from gklint.checks.message_template import parse as parse_template
from gklint.engine import LintResult, lint_document, lint_text
from gklint.exact import brief, difference, plain, total
from gklint.model.normalize import fold_chars, squeeze
from gklint.output import FileResult, json_output, text
from gklint.ruledata import catalog
from gklint.safe_text import escape_surrogates
from gklint.source.decode import DecodeError, decode_bytes
from gklint.source.document import SourceDocument

_EXAMPLES = int(os.environ.get("GKLINT_HYPOTHESIS_EXAMPLES", "0"))
BUDGET = settings(
    max_examples=_EXAMPLES or 200,
    deadline=None,  # speed is bench/'s business; CI machines are shared
    derandomize=not _EXAMPLES,
    database=None,  # nothing written into the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEEDS = hostile.seed_texts()
RULES = catalog()


def _lint_everything(source: str) -> LintResult:
    result = lint_text(source)
    hostile.check_result(result)
    hostile.check_outputs(result)
    return result


# --- decoding -----------------------------------------------------------------------------


@BUDGET
@given(st.binary(max_size=4000))
def test_decoding_arbitrary_bytes(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))  # a Chinese message
        return
    assert len(decoded.dropped_tail) <= 3
    if decoded.encoding in ("utf-8", "utf-8-sig"):
        assert decoded.bom + decoded.text.encode("utf-8") + decoded.dropped_tail == data


@BUDGET
@given(st.integers(0, 2**32), st.integers(1, 3000))
def test_decoding_almost_text(seed: int, size: int) -> None:
    test_decoding_arbitrary_bytes.hypothesis.inner_test(hostile.random_bytes(random.Random(seed), size))  # type: ignore[attr-defined]


@BUDGET
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=3000), st.integers(1, 2))
def test_utf8_cut_mid_character_is_read(body: str, cut: int) -> None:
    decoded = decode_bytes((body + "尾").encode("utf-8")[:-cut])
    if decoded.encoding == "utf-8":  # (text that happens to look like UTF-16 is read as such)
        assert decoded.text == body and decoded.dropped_tail == "尾".encode()[: 3 - cut]


# --- parse, lint, output --------------------------------------------------------------------


@BUDGET
@given(st.text(max_size=3000))
def test_lint_arbitrary_text(source: str) -> None:
    _lint_everything(source)


@BUDGET
@given(st.sampled_from(range(len(SEEDS))), st.integers(0, 2**32))
def test_lint_mutated_real_reports(which: int, seed: int) -> None:
    rng = random.Random(seed)
    source = SEEDS[which]
    for _ in range(rng.randint(1, 3)):
        source = hostile.mutate(source, rng)
    first = _lint_everything(source)
    again = lint_text(source)
    assert again.diagnostics == first.diagnostics  # deterministic


@BUDGET
@given(st.integers(0, 2**32), st.integers(10, 4000))
def test_lint_structured_noise(seed: int, size: int) -> None:
    _lint_everything(hostile.random_text(random.Random(seed), size))


@BUDGET
@given(st.sampled_from(range(len(SEEDS))), st.text(min_size=1, max_size=200))
def test_lint_real_report_with_arbitrary_text_inserted(which: int, inserted: str) -> None:
    source = SEEDS[which]
    at = len(source) * 2 // 3
    _lint_everything(source[:at] + inserted + source[at:])


# --- numbers of any length ------------------------------------------------------------------

_BIG = st.integers(min_value=0, max_value=10**400)


@BUDGET
@given(st.lists(_BIG, min_size=4, max_size=4), st.integers(-(10**60), 10**60))
def test_long_table_sums_are_exact(parts: list[int], delta: int) -> None:
    """Section 四's 行政复议: 总计 = the four results; the finding appears exactly when they differ."""
    from test_hostile_input import S4_FIRST_VALUE_LINE

    lines = SEEDS[0].split("\n")
    total_value = sum(parts) + delta
    if total_value < 0:
        return
    for i, value in enumerate([*parts, total_value]):
        lines[S4_FIRST_VALUE_LINE + i] = f"{value} |"
    result = _lint_everything("\n".join(lines))
    found = [d for d in result.diagnostics if d.code == "GK304" and d.data.get("relation") == "R5"]
    if delta == 0:
        assert found == []
    else:
        (diag,) = found
        assert diag.data["residual"] == str(delta)
        assert len(diag.message) < 600  # long numbers are abbreviated in the message


@BUDGET
@given(st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=3), max_size=8))
def test_exact_sum_and_text(values: list[Decimal]) -> None:
    result = total(values)
    assert difference(result, result) == 0
    assert Decimal(plain(result)) == result
    assert len(brief(plain(result))) <= 40


# --- rule-pack messages ---------------------------------------------------------------------

_NAMES = st.sampled_from(["match", "section", "who", "年份"])


@BUDGET
@given(st.text(max_size=60), st.dictionaries(_NAMES, st.text(max_size=30)))
def test_message_templates_interpret_nothing(template: str, values: dict[str, str]) -> None:
    allowed = {"match", "section", "who", "年份"}
    try:
        parsed = parse_template(template, allowed)
    except TemplateError:
        return
    rendered = parsed.render(lambda name: values.get(name, ""))
    # Reference: the literal text with {{ }} unescaped and each placeholder replaced verbatim.
    assert len(rendered) <= len(template) + sum(len(values.get(n, "")) for n in parsed.names) * len(template)
    assert rendered == _reference_render(template, values)


def _reference_render(template: str, values: dict[str, str]) -> str:
    out, i = [], 0
    while i < len(template):
        if template.startswith("{{", i) or template.startswith("}}", i):
            out.append(template[i])
            i += 2
        elif template[i] == "{":
            end = template.index("}", i)
            out.append(values.get(template[i + 1 : end], ""))
            i = end + 1
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


# --- file names -----------------------------------------------------------------------------


@BUDGET
@given(st.binary(min_size=1, max_size=60).filter(lambda b: b"\x00" not in b and b"/" not in b))
def test_any_file_name_prints_as_utf8_and_json_keeps_the_bytes(name: bytes) -> None:
    decoded = os.fsdecode(name)
    doc = SourceDocument(SEEDS[2], path=Path(decoded), display_name=decoded)
    result = lint_document(doc)
    results = [FileResult(doc, result.diagnostics)]
    text.render(results).encode("utf-8")
    escape_surrogates(decoded).encode("utf-8")
    for item in json.loads(json_output.render(results).encode("utf-8")):
        assert bytes.fromhex(item.get("filename_bytes", item["filename"].encode().hex())) == name


# --- offset-preserving folding --------------------------------------------------------------


@BUDGET
@given(st.text(max_size=500))
def test_folding_keeps_offsets(source: str) -> None:
    folded = fold_chars(source)
    assert len(folded) == len(source)
    sq = squeeze(folded)
    for i, ch in enumerate(sq.text):
        start, end = sq.span_of(i, i + 1)
        assert folded[start:end] == ch
