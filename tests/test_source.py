"""Decoding and positions: GB18030/UTF-16/BOM input, CRLF, astral characters."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from gklint.lsp.convert import PositionEncoder
from gklint.source import DecodeError, ReadError, SourceDocument, decode_bytes, read_path
from gklint.source.document import Position

TEXT = "某镇人民政府2024年政府信息公开工作年度报告\n一、总体情况\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_decoding(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_ascii_heavy_utf16_without_bom() -> None:
    text = "2024 report 1 2 3\n" * 20 + TEXT
    assert decode_bytes(text.encode("utf-16-le")).text == text


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256))]
)
def test_binary_input_is_rejected_in_chinese(data: bytes) -> None:
    with pytest.raises(DecodeError, match=r"二进制|控制字符|编码"):
        decode_bytes(data)


def test_read_path_errors_are_chinese(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="找不到文件"):
        read_path(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match="目录"):
        read_path(tmp_path)


def test_positions_with_crlf_and_astral_characters() -> None:
    doc = SourceDocument("第一行\r\n𠀀年度报告\r\n")
    offset = doc.text.index("年度")
    pos = doc.position(offset)
    assert (pos.line, pos.column) == (1, 1)
    assert PositionEncoder(doc.text).to_client(offset) == (1, 2)  # U+20000 is two UTF-16 code units
    assert doc.line_text(0) == "第一行"
    assert doc.offset(1, 1) == offset


def test_rule_data_cache_round_trips_and_survives_corruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gklint import ruledata

    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    ruledata._builtin.cache_clear()
    fresh = ruledata._builtin("catalog.toml")
    files = list(tmp_path.glob("catalog.toml.*.marshal"))
    assert len(files) == 1
    ruledata._builtin.cache_clear()
    assert ruledata._builtin("catalog.toml") == fresh  # read back from the cache
    files[0].write_bytes(b"\x00garbage")
    ruledata._builtin.cache_clear()
    assert ruledata._builtin("catalog.toml") == fresh  # corrupt cache: re-parsed
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(blocker / "cache"))
    ruledata._builtin.cache_clear()
    assert ruledata._builtin("catalog.toml") == fresh  # unwritable cache: still works
    ruledata._builtin.cache_clear()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_count_every_kind_of_line_break(newline: str) -> None:
    # Old Mac files (lone CR) are still met; their findings must not all land on line 1.
    doc = SourceDocument(newline.join(["标题", "一、总体情况", "正文第三行"]))
    offset = doc.text.index("正文")
    assert doc.position(offset) == Position(2, 0)
    assert doc.line_text(1) == "一、总体情况" and doc.line_end(2) == len(doc.text)
    assert doc.offset(2, 2) == offset + 2


def test_mixed_line_breaks() -> None:
    doc = SourceDocument("a\rb\r\nc\nd")
    assert [doc.line_text(i) for i in range(4)] == ["a", "b", "c", "d"]
    assert doc.position(doc.text.index("d")) == Position(3, 0)
