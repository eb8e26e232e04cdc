"""Half-typed and mangled reports never crash the engine (the editor lints every keystroke)."""

from __future__ import annotations

import random

import pytest

from gklint.engine import lint_text
from helpers import SEED_2019, SEED_2020, SEED_2022, SEED_2023, SEED_2024, fixture_text
from hostile import mutate

SEEDS = [SEED_2024, SEED_2020, SEED_2023, SEED_2022, SEED_2019]


@pytest.mark.parametrize("seed", SEEDS)
def test_random_mutations_never_crash(seed: str) -> None:
    rng = random.Random(seed)
    text = fixture_text(seed)
    for _ in range(60):
        mutated = text
        for _ in range(rng.randint(1, 3)):
            mutated = mutate(mutated, rng)  # the same unlucky edits the property suite and bench/fuzz.py make
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
