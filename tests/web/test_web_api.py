"""`gklint serve`: the JSON API and the safety limits, in-process and over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from server_process import running_server

from gklint.web.app import CSP, ServeOptions, create_app
from helpers import SEED_2022, SEED_2023, clean_text, fixture_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "example-report.txt"


Client = httpx.AsyncClient


def _client(options: ServeOptions) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(options)), base_url="http://gklint.test"
    )


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with _client(ServeOptions(max_upload_bytes=200_000)) as c:
        yield c


def _codes(payload: list[dict]) -> list[str]:
    return [d["code"] for d in payload]


async def test_lint_raw_body_returns_the_json_contract(client: Client) -> None:
    body = EXAMPLE.read_bytes()
    r = await client.post("/api/lint?filename=报告.txt", content=body)
    assert r.status_code == 200
    assert r.headers["x-gklint-result"] == "fail"
    cli = subprocess.run(
        [sys.executable, "-m", "gklint", "--format", "json", "--stdin-filename", "报告.txt", "-"],
        input=body,
        capture_output=True,
        check=False,
    )
    assert r.json() == json.loads(cli.stdout)  # the same contract as the CLI


async def test_lint_multipart_several_files(client: Client) -> None:
    files = [
        ("file", ("a.txt", clean_text().encode(), "text/plain")),
        ("file", ("b.txt", EXAMPLE.read_bytes(), "text/plain")),
    ]
    r = await client.post("/api/lint", files=files)
    assert r.status_code == 200
    names = {d["filename"] for d in r.json()}
    assert names == {"b.txt"}  # the clean seed has no findings
    assert "GK203" in _codes(r.json())


async def test_review_payload_for_the_page(client: Client) -> None:
    r = await client.post(
        "/api/review", files=[("file", ("example.txt", EXAMPLE.read_bytes(), "text/plain"))]
    )
    assert r.status_code == 200
    data = r.json()
    (file,) = data["files"]
    assert file["org"] == "巫溪县通城镇人民政府" and not file["passed"]
    assert "".join(s["text"] for s in file["segments"]) == EXAMPLE.read_text(encoding="utf-8")
    gk203 = next(f for f in file["findings"] if f["code"] == "GK203")
    assert "规则说明" in gk203["explanation_html"] and 'href="rules/GK203"' in gk203["explanation_html"]
    assert "GK203" in data["rules"]


async def test_path_in_the_file_name_is_ignored(client: Client, tmp_path: Path) -> None:
    r = await client.post("/api/lint?filename=../../../etc/passwd.txt", content=EXAMPLE.read_bytes())
    assert r.status_code == 200
    assert {d["filename"] for d in r.json()} == {"passwd.txt"}
    r = await client.post(
        "/api/review", files=[("file", ("..\\..\\x\\报告.txt", EXAMPLE.read_bytes(), "text/plain"))]
    )
    assert r.json()["files"][0]["filename"] == "报告.txt"


async def test_report_derived_strings_are_escaped_in_the_explanation(client: Client) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "存在的主要问题和改进情况", "存在的主要问题和改进情况<script>alert(1)</script>", 1
    )
    r = await client.post("/api/review", files=[("file", ("x.txt", text.encode(), "text/plain"))])
    html = json.dumps(r.json(), ensure_ascii=False)
    assert "<script>alert(1)</script>" not in "".join(
        f["explanation_html"] for f in r.json()["files"][0]["findings"]
    )
    assert "alert(1)" in html  # still shown, as text


async def test_upload_size_limit(client: Client) -> None:
    r = await client.post("/api/lint?filename=big.txt", content=b"x" * 300_000)
    assert r.status_code == 413
    assert "太大" in r.json()["error"]

    # A lying Content-Length does not get past the limit either (chunked body).
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(30):
            yield b"y" * 10_000

    r = await client.post("/api/lint?filename=big.txt", content=chunks())
    assert r.status_code == 413


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("junk.txt", bytes(range(256)) * 50),
        ("empty.txt", b""),
        ("report.pdf", b"%PDF-1.4\n%broken"),
        ("bomb.docx", b"PK\x03\x04not really a zip"),
    ],
)
async def test_hostile_uploads_get_a_chinese_error_and_the_server_keeps_serving(
    client: Client, name: str, data: bytes
) -> None:
    r = await client.post(f"/api/lint?filename={name}", content=data)
    assert r.status_code in (422, 200), r.text
    if r.status_code == 422:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["error"])
    assert (await client.post("/api/lint?filename=a.txt", content=EXAMPLE.read_bytes())).status_code == 200


async def test_zip_bomb_disguised_as_docx(client: Client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<" + b"a" * 150_000)  # compresses to ~200 bytes
    r = await client.post("/api/lint?filename=bomb.docx", content=buffer.getvalue())
    assert r.status_code == 422
    assert (await client.get("/healthz")).text == "ok"


async def test_malformed_multipart(client: Client) -> None:
    r = await client.post(
        "/api/review",
        content=b"--x\r\nnot a part",
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert r.status_code == 422
    r = await client.post("/api/review", content=b"plain body")
    assert r.status_code == 422 and "multipart" in r.json()["error"]


async def test_security_headers_everywhere(client: Client) -> None:
    for r in (
        await client.get("/"),
        await client.get("/api/rules"),
        await client.post("/api/lint", content=b""),
    ):
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


async def test_page_has_no_inline_script(client: Client) -> None:
    page = (await client.get("/")).text
    assert '<script src="static/app.js" defer></script>' in page
    assert "<script>" not in page and " on" + "click=" not in page
    assert (await client.get("/static/app.js")).status_code == 200


async def test_rule_pages(client: Client) -> None:
    r = await client.get("/rules/GK301")
    assert r.status_code == 200 and "GK301" in r.text
    assert (await client.get("/rules/NOPE")).status_code == 404
    rules = (await client.get("/api/rules")).json()
    assert {"GK101", "GK301"} <= {r["code"] for r in rules}


async def test_audit_report_download(client: Client) -> None:
    files = [("file", ("example.txt", EXAMPLE.read_bytes(), "text/plain"))]
    r = await client.post("/api/report", files=files)
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E5%AE%A1%E6%A0%B8%E7%BB%93%E6%9E%9C.html" in r.headers["content-disposition"]
    assert "巫溪县通城镇人民政府" in r.text


async def test_annotate_needs_a_docx(client: Client) -> None:
    r = await client.post("/api/annotate?filename=a.txt", content=EXAMPLE.read_bytes())
    assert r.status_code == 422 and ".docx" in r.json()["error"]


async def test_time_limit() -> None:
    async with _client(ServeOptions(time_limit=0.000001)) as slow:
        r = await slow.post("/api/lint?filename=a.txt", content=EXAMPLE.read_bytes())
        assert r.status_code == 503 and "超时" in r.json()["error"]
        assert (await slow.get("/healthz")).text == "ok"


async def test_concurrent_requests_do_not_mix(client: Client) -> None:
    bodies = {
        "a.txt": EXAMPLE.read_bytes(),
        "b.txt": fixture_text(SEED_2023).encode(),
        "c.txt": fixture_text(SEED_2022).encode(),
    }
    expected = {
        name: (await client.post(f"/api/lint?filename={name}", content=body)).json()
        for name, body in bodies.items()
    }
    jobs = [name for name in bodies for _ in range(10)]

    async def call(name: str) -> tuple[str, list[dict]]:
        return name, (await client.post(f"/api/lint?filename={name}", content=bodies[name])).json()

    # Linting runs on worker threads: thirty requests in flight at once must not mix results.
    for name, payload in await asyncio.gather(*(call(name) for name in jobs)):
        assert payload == expected[name]


# --- a real server on 127.0.0.1 -------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--max-upload-mb", "1") as base:
        yield base


def test_real_server_lints_over_http(server: str) -> None:
    r = httpx.post(
        server + "/api/lint", params={"filename": "报告.txt"}, content=EXAMPLE.read_bytes(), timeout=30
    )
    assert r.status_code == 200 and "GK203" in _codes(r.json())
    r = httpx.post(
        server + "/api/lint", params={"filename": "big.txt"}, content=b"x" * (2 * 1024 * 1024), timeout=30
    )
    assert r.status_code == 413
    assert httpx.get(server + "/healthz").text == "ok"


def test_serve_binds_to_loopback_by_default(server: str) -> None:
    assert server.startswith("http://127.0.0.1:")
    out = subprocess.run(
        [sys.executable, "-m", "gklint", "serve", "--help"], capture_output=True, check=False
    ).stdout.decode()
    assert "默认 127.0.0.1" in out


def test_serve_rejects_bad_options() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "serve", "--port", "99999"], capture_output=True, check=False
    )
    assert proc.returncode == 2 and "端口" in proc.stderr.decode()


async def test_word_file_under_a_wrong_name_is_read_by_content(client: Client) -> None:
    from gklint.docxwrite import report_to_docx

    data = report_to_docx(EXAMPLE.read_text(encoding="utf-8"))
    r = await client.post("/api/lint?filename=报告.txt", content=data)
    assert r.status_code == 200
    assert {"GK203", "GK104"} <= set(_codes(r.json()))


async def test_huge_and_deeply_nested_xml_in_a_docx(client: Client) -> None:
    from gklint.docxwrite import report_to_docx

    original = report_to_docx(EXAMPLE.read_text(encoding="utf-8"))
    nested = b"<w:r>" * 200_000 + b"</w:r>" * 200_000
    entity_bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><d>&d;&d;</d>'
    )
    for payload in (nested, entity_bomb):
        buffer = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(original)) as src,
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst,
        ):
            for item in src.infolist():
                dst.writestr(item, payload if item.filename == "word/document.xml" else src.read(item))
        r = await client.post("/api/lint?filename=hostile.docx", content=buffer.getvalue())
        assert r.status_code == 422, r.text[:300]
        assert "Traceback" not in r.text
    assert (await client.get("/healthz")).text == "ok"
