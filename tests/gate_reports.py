"""Reports with known, fixable defects for the gate tests (formats, --fix, baselines, pre-commit)."""

from __future__ import annotations

from helpers import SEED_2022, fixture_text

TITLE_OK = "重庆市九龙坡区人民政府办公室2022年政府信息公开工作年度报告"
TITLE_BAD = "重庆市九龙坡区人民政府办公室2022年政府信息公开工作报告"  # GK001, safe fix
CELL_OK, CELL_BAD = "12 |", "13 |"  # 予以公开/自然人: GK302 + GK303, unsafe fix (a number)


def clean_report() -> str:
    return fixture_text(SEED_2022)


def broken_report() -> str:
    """The 2022 seed with a wrong title (safe fix) and one wrong table cell (unsafe fix)."""
    text = clean_report()
    assert text.startswith(TITLE_OK)
    text = TITLE_BAD + text[len(TITLE_OK) :]
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("(一)予以公开 |"))
    cell = next(i for i in range(start + 1, len(lines)) if lines[i].strip())
    assert lines[cell] == CELL_OK
    lines[cell] = CELL_BAD
    return "\n".join(lines)
