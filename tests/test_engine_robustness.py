"""Half-typed and mangled reports never crash the engine (the editor lints every keystroke)."""

from __future__ import annotations

import random

import pytest

from gklint.engine import lint_text
from helpers import SEED_2019, SEED_2020, SEED_2022, SEED_2023, SEED_2024, fixture_text

SEEDS = [SEED_2024, SEED_2020, SEED_2023, SEED_2022, SEED_2019]
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
    "𠀀",
    "-",
    "/",
    "0",
    "第二十条第(",
    "总计",
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        choice = rng.randrange(6)
        i = rng.randrange(len(lines))
        if choice == 0:
            del lines[i]
        elif choice == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif choice == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif choice == 3:
            pos = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:pos] + rng.choice(JUNK) + lines[i][pos:]
        elif choice == 4:
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
        else:
            lines = lines[: max(1, i)]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_mutations_never_crash(seed: str) -> None:
    rng = random.Random(seed)
    text = fixture_text(seed)
    for _ in range(60):
        mutated = _mutate(text, rng)
        result = lint_text(mutated)
        for diag in result.diagnostics:
            assert 0 <= diag.span.start <= diag.span.end <= len(mutated), (diag.code, diag.span)
            if diag.fix is not None:
                for edit in diag.fix.edits:
                    assert 0 <= edit.span.start <= edit.span.end <= len(mutated)


@pytest.mark.parametrize("cut", [0, 1, 10, 100, 1000, 3000])
def test_every_prefix_of_a_report_lints(cut: int) -> None:
    text = fixture_text(SEED_2024)[:cut]
    lint_text(text)  # a report being typed from the top


@pytest.mark.parametrize(
    "text", ["", "\n\n\n", "一、", "|||||", "\t\t\t", "0 0 0 0", "一、总体情况\n二、\n三、\n四、\n五、\n六、"]
)
def test_degenerate_inputs(text: str) -> None:
    lint_text(text)
