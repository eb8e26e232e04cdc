"""Word (.docx) input: the seed reports as a drafter's Word files, hostile files, numbering, origins."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from gklint.engine import lint_document
from gklint.source import ReadError, read_path
from gklint.source.numbering import chinese_number, format_number
from gklint.source.origin import Origin
from make_docx_fixtures import build, seeds

docx = pytest.importorskip("docx")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def word_seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {path.stem: path for path in build(tmp_path_factory.mktemp("word"))}


def _findings(path: Path) -> Counter[tuple[str, str]]:
    return Counter(
        (d.code, d.message) for d in lint_document(read_path(path)).diagnostics if d.code != "GK011"
    )


def _cells(path: Path) -> dict[str, dict[tuple[str, str], str]]:
    report = lint_document(read_path(path)).report
    return {key: {cell: c.text for cell, c in table.cells.items()} for key, table in report.tables.items()}


@pytest.mark.parametrize("seed", [p.stem for p in seeds()])
def test_word_version_has_the_same_findings_and_cells_as_the_text(
    word_seeds: dict[str, Path], seed: str
) -> None:
    text_path = ROOT / "tests" / "fixtures" / f"{seed}.txt"
    word = word_seeds[seed]
    assert _findings(word) == _findings(text_path)
    assert _cells(word) == _cells(text_path)
    doc = read_path(word)
    assert doc.source_format == "docx" and doc.origin is not None
    tracked = [d for d in lint_document(doc).diagnostics if d.code == "GK011"]
    assert len(tracked) == 1  # the one tracked change, said once


def test_auto_numbered_headings_are_recognised(word_seeds: dict[str, Path]) -> None:
    word = word_seeds["000_89fc474536e2e148"]
    xml = zipfile.ZipFile(word).read("word/document.xml").decode()
    assert "一、总体情况" not in xml and "<w:numPr>" in xml  # the numeral is Word's, not typed
    result = lint_document(read_path(word))
    assert sorted(result.report.sections) == [1, 2, 3, 4, 5, 6]
    assert "一、总体情况" in result.document.text


def test_merged_cells_count_once_in_the_grid(word_seeds: dict[str, Path]) -> None:
    doc = read_path(word_seeds["000_89fc474536e2e148"])
    assert doc.text.count("三、本年度办理结果") == 1
    assert doc.text.count("申请人情况") == 1
    assert doc.text.count("\n行政复议\t\t\t\t\t行政诉讼" + "\t" * 9 + "\n") == 1
    row = next(line for line in doc.text.splitlines() if line.startswith("\t\t2.重复申请"))
    assert row.count("\t") == 9  # 10 grid columns, the two merged label columns empty


def _set_cell(path: Path, table: int, row: int, column: int, text: str) -> Path:
    document = docx.Document(str(path))
    cell = document.tables[table - 1].cell(row - 1, column - 1)
    cell.paragraphs[0].runs[0].text = text
    out = path.with_name(path.stem + "-mutated.docx")
    document.save(str(out))
    return out


def test_changed_word_cell_is_reported_at_that_cell(word_seeds: dict[str, Path]) -> None:
    word = word_seeds["000_89fc474536e2e148"]
    document = docx.Document(str(word))
    s3 = document.tables[1]
    assert s3.cell(5, 1).text == "(一)予以公开" or s3.cell(5, 1).text == "（一）予以公开"
    value = int(s3.cell(5, 4).text)
    mutated = _set_cell(word, 2, 6, 5, str(value + 3))
    doc = read_path(mutated)
    sums = [d for d in lint_document(doc).diagnostics if d.code.startswith("GK30")]
    assert sums, "a changed cell must break a sum"
    assert doc.origin is not None
    origins = {doc.origin.at(d.span.start) for d in sums}
    expected = Origin(
        "cell", table=2, row=6, column=5, row_label="(一)予以公开", column_label="商业企业", section="三"
    )
    assert expected in origins


def test_cli_names_the_cell_in_words(word_seeds: dict[str, Path]) -> None:
    mutated = _set_cell(word_seeds["000_89fc474536e2e148"], 2, 6, 5, "99")
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "--format", "concise", str(mutated)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "第三部分表格（第2个表格）第6行第5列（“(一)予以公开”行，“商业企业”列）: GK30" in proc.stdout


def test_json_has_the_origin_object(word_seeds: dict[str, Path]) -> None:
    import json

    mutated = _set_cell(word_seeds["000_89fc474536e2e148"], 2, 6, 5, "99")
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "--format", "json", str(mutated)], capture_output=True
    )
    items = json.loads(proc.stdout)
    cell = next(i for i in items if i["code"].startswith("GK30") and i["origin"]["kind"] == "cell")
    assert {"table", "row", "column", "description"} <= set(cell["origin"])
    assert "location" in cell and "fix" in cell


# --- numbering ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (105, "一百零五"), (110, "一百一十")],
)
def test_chinese_counting(n: int, words: str) -> None:
    assert chinese_number(n) == words


@pytest.mark.parametrize(
    ("n", "fmt", "label"),
    [
        (3, "chineseCounting", "三"),
        (12, "chineseCountingThousand", "十二"),
        (3, "taiwaneseCountingThousand", "三"),
        (10, "ideographDigital", "一〇"),
        (2, "ideographTraditional", "乙"),
        (4, "decimal", "4"),
        (3, "decimalEnclosedCircle", "③"),
        (2, "chineseLegalSimplified", "贰"),
        (28, "upperLetter", "BB"),
        (9, "lowerRoman", "ix"),
        (5, "someFutureFormat", "5"),
    ],
)
def test_number_formats(n: int, fmt: str, label: str) -> None:
    assert format_number(n, fmt) == label


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbered_docx(tmp_path: Path) -> Path:
    """Headings numbered through a style (Heading 1 → numId), sub-items through the paragraph, restarts."""
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="7">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>'
            '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%3."/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="7"><w:abstractNumId w:val="7"/></w:num>'))
    heading = document.styles["Heading 1"]
    heading.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:numId w:val="7"/></w:numPr>')
    )

    def numbered(text: str, level: int) -> None:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>')
        )

    document.add_paragraph("标题", style="Heading 1")
    numbered("主动公开", 1)
    numbered("依申请公开", 1)
    numbered("甲项", 2)
    document.add_paragraph("第二部分", style="Heading 1")
    numbered("重新开始", 1)
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    return path


def test_list_labels_from_styles_and_paragraphs_with_restarts(tmp_path: Path) -> None:
    lines = [line for line in read_path(_numbered_docx(tmp_path)).text.splitlines() if line]
    assert lines == [
        "一、标题",
        "（一）主动公开",
        "（二）依申请公开",
        "1.\t甲项".replace("\t", ""),
        "二、第二部分",
        "（一）重新开始",
    ]


# --- structure that must not break parsing ----------------------------------------------------


def test_headers_footers_text_boxes_and_nested_tables(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉：某某县人民政府"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    p = document.add_paragraph("正文第一段")
    # A text box (DrawingML inside mc:AlternateContent, with its VML fallback) anchored in the paragraph.
    box = (
        f'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w="{W_NS}">'
        f'<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框文字</w:t></w:r></w:p>'
        f"</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框文字</w:t>"
        f"</w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>"
    )
    run = p.add_run()
    run._r.append(parse_xml(box))
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "外表"
    outer.cell(1, 1).text = "5"
    inner = outer.cell(1, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内表"
    inner.cell(0, 1).text = "7"
    document.add_paragraph("正文第二段")
    path = tmp_path / "structure.docx"
    document.save(str(path))
    doc = read_path(path)
    assert "页眉" not in doc.text and "— 1 —" not in doc.text
    assert "文本框文字" not in doc.text
    assert "正文第一段" in doc.text and "正文第二段" in doc.text
    assert "外表\t\n" in doc.text and "内表\t7" in doc.text
    assert doc.origin is not None
    inner_origin = doc.origin.at(doc.text.index("内表"))
    assert inner_origin is not None and inner_origin.table == 2
    assert doc.describe_origin(doc.text.index("正文第二段")) == "第2段"
    lint_document(doc)  # parses without error


def test_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    document = docx.Document()
    p = document.add_paragraph("共收到申请")
    p._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="a"><w:r><w:delText>3</w:delText></w:r></w:del>'
        )
    )
    p._p.append(parse_xml(f'<w:ins xmlns:w="{W_NS}" w:id="2" w:author="a"><w:r><w:t>5</w:t></w:r></w:ins>'))
    p.add_run("件。")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "保留"
    table.cell(1, 0).text = "删除的行"
    table.rows[1]._tr.get_or_add_trPr().append(parse_xml(f'<w:del xmlns:w="{W_NS}" w:id="3" w:author="a"/>'))
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    doc = read_path(path)
    assert "共收到申请5件。" in doc.text and "3" not in doc.text
    assert "删除的行" not in doc.text and "保留" in doc.text
    assert doc.meta["tracked_changes"] == "accepted"
    found = [d for d in lint_document(doc).diagnostics if d.code == "GK011"]
    assert len(found) == 1 and doc.describe_origin(found[0].span.start) == "第1段"


# --- hostile and wrong files --------------------------------------------------------------------


def _cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gklint", *args, str(path)], capture_output=True, text=True)


def _assert_clear_failure(path: Path, words: str) -> None:
    proc = _cli(path)
    assert proc.returncode == 2, proc.stderr
    assert words in proc.stderr and "Traceback" not in proc.stderr and "内部错误" not in proc.stderr


def test_truncated_docx(word_seeds: dict[str, Path], tmp_path: Path) -> None:
    data = word_seeds["000_89fc474536e2e148"].read_bytes()
    path = tmp_path / "截断.docx"
    path.write_bytes(data[: len(data) // 2])
    _assert_clear_failure(path, "已损坏")


def test_text_file_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "报告.docx"
    path.write_text("一、总体情况\n", encoding="utf-8")
    _assert_clear_failure(path, "不是 Word 文档")


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "表格.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    _assert_clear_failure(path, "缺少 word/document.xml")


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * (64 * 1024 * 1024) + b"/>")
    assert path.stat().st_size < 1024 * 1024
    _assert_clear_failure(path, "压缩炸弹")


def test_xml_entity_expansion_is_not_performed(word_seeds: dict[str, Path], tmp_path: Path) -> None:
    source = zipfile.ZipFile(word_seeds["000_89fc474536e2e148"])
    laughs = '<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    laughs += "]>"
    path = tmp_path / "实体.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                head_end = text.index("?>") + 2
                text = text[:head_end] + laughs + text[head_end:]
                text = (
                    text.replace("正文", "&j;", 1) if "正文" in text else text.replace("<w:t>", "<w:t>&j;", 1)
                )
                data = text.encode("utf-8")
            archive.writestr(item, data)
    try:
        doc = read_path(path)
    except ReadError as exc:
        assert "Word" in str(exc)  # refused cleanly is fine too
    else:
        assert len(doc.text) < 1_000_000  # 10^10 characters were never produced


def test_legacy_doc_without_libreoffice_explains_how_to_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "报告.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    monkeypatch.setenv("GKLINT_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(ReadError, match=r"另存为.*docx"):
        read_path(path)
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", str(path)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "GKLINT_SOFFICE": str(tmp_path / "no-such-soffice")},
    )
    assert proc.returncode == 2 and "另存为" in proc.stderr and "Traceback" not in proc.stderr
    wps = tmp_path / "报告.wps"
    wps.write_bytes(path.read_bytes())
    with pytest.raises(ReadError, match="WPS"):
        read_path(wps)


def test_folder_runs_pick_up_word_files_but_not_lock_or_annotated_files(
    word_seeds: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "报告们"
    folder.mkdir()
    (folder / "a.docx").write_bytes(word_seeds["000_89fc474536e2e148"].read_bytes())
    (folder / "~$a.docx").write_bytes(b"lock file of an open document")
    (folder / "a.gklint.docx").write_bytes(word_seeds["002_19a6864ec5ce9982"].read_bytes())
    (folder / "a.gklint-fixed.docx").write_bytes(word_seeds["002_19a6864ec5ce9982"].read_bytes())
    proc = _cli(folder, "--format", "concise")
    assert proc.returncode in (0, 1), proc.stderr
    assert "a.docx:第" in proc.stdout  # GK011 from the tracked change
    assert "~$" not in proc.stdout + proc.stderr and "a.gklint" not in proc.stdout


def test_docx_bytes_on_stdin_are_read_as_word(word_seeds: dict[str, Path]) -> None:
    data = word_seeds["000_89fc474536e2e148"].read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "--format", "concise", "-"], input=data, capture_output=True
    )
    assert proc.returncode in (0, 1) and "GK011" in proc.stdout.decode()


def test_reading_plain_text_does_not_import_python_docx() -> None:
    code = (
        "import sys; from pathlib import Path; from gklint.source import read_path; "
        f"read_path(Path({str(ROOT / 'tests' / 'fixtures' / '000_89fc474536e2e148.txt')!r})); "
        "assert 'docx' not in sys.modules and 'lxml' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_zipfile_used_for_checks_is_closed(word_seeds: dict[str, Path]) -> None:
    # The package check must not hold the data open (a folder run reads hundreds of files).
    from gklint.source.docx import _check_package

    _check_package(word_seeds["000_89fc474536e2e148"].read_bytes())
    assert io.BytesIO  # the check takes bytes, never a path: nothing to leak


def _rezip(source: Path, target: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, change.get(item.filename, old.read(item)))


def test_damaged_word_xml_is_a_read_error_or_a_document_never_a_crash(
    word_seeds: dict[str, Path], tmp_path: Path
) -> None:
    """Random damage inside the package's XML parts (what a bad copy or a broken converter leaves)."""
    import random

    source = word_seeds["001_76c8ceb17d7780b8"]
    parts = ["word/document.xml", "word/numbering.xml", "word/styles.xml", "[Content_Types].xml"]
    rng = random.Random(20261129)
    with zipfile.ZipFile(source) as archive:
        originals = {name: archive.read(name) for name in parts}
    outcomes = Counter()
    for i in range(40):
        name = parts[i % len(parts)]
        data = bytearray(originals[name])
        if i % 3 == 0:  # cut the part short
            data = data[: rng.randrange(len(data))]
        elif i % 3 == 1:  # drop a random element's closing tag
            at = data.find(b"</", rng.randrange(len(data)))
            if at != -1:
                end = data.find(b">", at)
                del data[at : end + 1]
        else:  # overwrite a few bytes
            for _ in range(5):
                data[rng.randrange(len(data))] = rng.randrange(256)
        target = tmp_path / f"damaged{i}.docx"
        _rezip(source, target, {name: bytes(data)})
        try:
            lint_document(read_path(target))
            outcomes["read"] += 1
        except ReadError as exc:
            assert "Word" in str(exc)
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0  # the test did damage something


def test_word_lock_file_named_explicitly_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "~$报告.docx"
    path.write_bytes(b"\x0cclerk name" + bytes(150))
    _assert_clear_failure(path, "临时锁定文件")
