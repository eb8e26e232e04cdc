"""gklint.regexcache: patterns rebuilt from the cache are the patterns `re.compile` makes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gklint import regexcache
from helpers import SEED_2020, fixture_text
from seed_html import render_html

SRC = Path(__file__).resolve().parents[1] / "src"

# Texts that exercise gklint's patterns: reports, table rows, dates, web-page chrome, odd bytes.
SAMPLES = [
    fixture_text(SEED_2020),
    "本报告所列数据统计期限自2023年1月1日起至2023年12月31日止。\n| 本年新收 | 3 | 0 |\n",
    "当前位置：首页 > 政务公开　发布时间：2024-01-20　【打印】【关闭】\n二〇二三年 十二 月",
    "行政复议0件，行政诉讼零件；收到申请１２件（含上年结转2件）。\t59572.0308万元\r\n",
]


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The module's state emptied and its file in tmp_path; restored afterwards."""
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(regexcache, "_table", None)
    monkeypatch.setattr(regexcache, "_used", set())
    monkeypatch.setattr(regexcache, "_dirty", False)
    yield tmp_path


def _same_behaviour(mine: re.Pattern[str], pattern: str, flags: int) -> None:
    reference = re.compile(pattern, flags)
    assert (mine.pattern, mine.flags, mine.groups, dict(mine.groupindex)) == (
        reference.pattern,
        reference.flags,
        reference.groups,
        dict(reference.groupindex),
    )
    for text in SAMPLES:
        assert [m.span() for m in mine.finditer(text)] == [m.span() for m in reference.finditer(text)]
        assert [m.groupdict() for m in mine.finditer(text)] == [
            m.groupdict() for m in reference.finditer(text)
        ]


def test_round_trip_through_the_file(fresh_cache: Path) -> None:
    patterns = [
        (r"(?P<n>(?<!\d)\d+)(?:件|起)", 0),
        (r"^\s*(一|二)、", re.M),
        ("[\u4e00-\u9fff]+", 0),
        (r"abc", re.I),
    ]
    for pattern, flags in patterns:
        regexcache.compile_re(pattern, flags)
    assert regexcache._dirty
    regexcache._save()
    files = list(fresh_cache.glob("patterns.*.marshal"))
    assert len(files) == 1
    regexcache._table, regexcache._used, regexcache._dirty = None, set(), False
    for pattern, flags in patterns:
        compiled = regexcache.compile_re(pattern, flags)
        _same_behaviour(compiled, pattern, int(flags))
    assert not regexcache._dirty  # every pattern came from the file
    assert regexcache.compile_re(rb"charset=([a-z]+)", re.I).search(b"CHARSET=gbk") is not None


def test_every_pattern_gklint_compiles_behaves_as_re_compile(fresh_cache: Path) -> None:
    """All patterns a fresh gklint process compiles (rules included), rebuilt from its file, match as re's do."""
    page = fresh_cache / "报告.html"
    page.write_text(render_html(fixture_text(SEED_2020)), encoding="utf-8")
    text = fresh_cache / "报告.txt"
    text.write_text(fixture_text(SEED_2020), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    for report in (page, text):
        proc = subprocess.run(
            [sys.executable, "-m", "gklint", "-q", "--exit-zero", str(report)],
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr.decode()
    table = regexcache._load()
    assert len(table) > 100  # the readers', the model's and the rules' patterns
    for (pattern, flags), entry in table.items():
        if isinstance(pattern, str):
            _same_behaviour(regexcache._build(pattern, entry), pattern, flags)


def test_a_bad_file_or_entry_falls_back_to_re(fresh_cache: Path) -> None:
    regexcache.compile_re(r"(\d+)件")
    regexcache._save()
    path = next(fresh_cache.glob("patterns.*.marshal"))
    path.write_bytes(b"\x00not marshal")
    regexcache._table = None
    _same_behaviour(regexcache.compile_re(r"(\d+)件"), r"(\d+)件", 0)
    regexcache._table = {(r"(\d+)件", 0): (0, [1, 2, 3], 0, {}, (None,))}  # invalid SRE code
    _same_behaviour(regexcache.compile_re(r"(\d+)件"), r"(\d+)件", 0)


def test_no_cache_means_plain_re_and_no_file(fresh_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    _same_behaviour(regexcache.compile_re(r"(?P<y>\d{4})年"), r"(?P<y>\d{4})年", 0)
    regexcache._save()
    assert not list(fresh_cache.iterdir())
