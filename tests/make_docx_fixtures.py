"""Build Word (.docx) versions of the seed reports the way a drafter's file looks.

    python tests/make_docx_fixtures.py OUT_DIR        # writes OUT_DIR/<seed>.docx for tests/fixtures/*.txt

Each .docx has the template's real tables (merged caption and header cells, the
merged 三、本年度办理结果 / （三）不予公开 label columns, the 行政复议/行政诉讼
header), top-level headings numbered by Word's list numbering (no "一、" in
their text) and one tracked change. The tests build them into a temporary
folder (`build`), so no binary is committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def seeds() -> list[Path]:
    return sorted(FIXTURES.glob("*.txt"))


def build(out_dir: Path, *, numbered_headings: bool = True, tracked_change: bool = True) -> list[Path]:
    from gklint.docxwrite import write_report_docx

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in seeds():
        target = out_dir / (seed.stem + ".docx")
        write_report_docx(
            seed.read_text(encoding="utf-8"),
            target,
            numbered_headings=numbered_headings,
            tracked_change=tracked_change,
        )
        written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for path in build(Path(sys.argv[1])):
        print(path)
