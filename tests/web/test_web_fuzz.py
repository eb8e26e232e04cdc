"""`gklint serve` under hostile uploads: properties (tests/hostile_http.py, shared with bench/fuzz.py
target "upload") with the bounded budget of tests/test_properties.py, and the regressions they found.

Every answer is 200 or a 4xx with a Chinese message (JSON under /api/), never a 5xx or a traceback,
nothing is logged as a failed request, and the app keeps giving the CLI's findings afterwards.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hostile_http
from hostile_http import HostileRequest, check_requests
from test_properties import _EXAMPLES, BUDGET

REQUESTS = settings(BUDGET, max_examples=_EXAMPLES or 40)


@REQUESTS
@given(st.lists(st.integers(0, 2**32), min_size=1, max_size=3))
def test_hostile_requests_get_a_chinese_4xx_or_a_correct_answer(seeds: list[int]) -> None:
    check_requests([hostile_http.hostile_request(random.Random(seed)) for seed in seeds])


@REQUESTS
@given(
    st.binary(max_size=3000), st.sampled_from(["/api/lint", "/api/review", "/api/report", "/api/annotate"])
)
def test_arbitrary_bytes_as_a_multipart_body(body: bytes, route: str) -> None:
    check_requests(
        [
            HostileRequest(
                "POST", route, [(b"content-type", b"multipart/form-data; boundary=x")], body, "bytes"
            )
        ]
    )


@REQUESTS
@given(st.binary(min_size=1, max_size=300))
def test_arbitrary_file_names(name: bytes) -> None:
    body = hostile_http.multipart([(name, hostile_http.EXAMPLE.read_bytes())], b"b", random.Random(0))
    check_requests(
        [
            HostileRequest(
                "POST", "/api/review", [(b"content-type", b"multipart/form-data; boundary=b")], body, "name"
            )
        ]
    )


def test_the_generator_covers_every_kind_of_request() -> None:
    whats = {hostile_http.hostile_request(random.Random(seed)).what.split(" ")[0] for seed in range(300)}
    assert {"raw", "multipart", "Content-Length", "chunked", "content", "GET"} <= whats


# --- regressions ----------------------------------------------------------------------------


def _one(method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> hostile_http.Answer:
    async def run() -> hostile_http.Answer:
        async with hostile_http.new_app() as client:
            return await hostile_http.send(client, HostileRequest(method, path, headers, body, ""))

    with hostile_http.no_server_errors():
        return asyncio.run(run())


def test_a_content_length_of_unicode_digits_is_ignored_not_a_500() -> None:
    """ "²".isdigit() is true but int("²") raises: the size check answered 500 with a logged traceback."""
    answer = _one("POST", "/api/lint?filename=a.txt", [(b"content-length", "²".encode("latin-1"))], b"text")
    assert answer.status == 200


@pytest.mark.parametrize(
    ("method", "path", "status", "message"),
    [
        ("GET", "/api/lint", 405, "不支持该请求方法"),
        ("POST", "/api/nothing", 404, "没有这个页面或接口"),
    ],
)
def test_wrong_method_or_path_under_api_is_chinese_json(
    method: str, path: str, status: int, message: str
) -> None:
    answer = _one(method, path, [], b"")
    assert answer.status == status and message in json.loads(answer.body)["error"]


def test_outside_the_api_an_unknown_page_is_chinese_text() -> None:
    answer = _one("GET", "/static/nothing.js", [], b"")
    assert answer.status == 404 and answer.body.decode() == "没有这个页面或接口。"
    answer = _one("GET", "/rules/%00%1b[2J", [], b"")
    assert answer.status == 404 and "\x00" not in answer.body.decode() and "\x1b" not in answer.body.decode()


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        (b"multipart/form-data", b"--x\r\n", "缺少 multipart 分隔符"),
        (
            b"multipart/form-data; boundary=y",
            b"--x\r\nContent-Disposition: form-data\r\n\r\nz\r\n--x--\r\n",
            "格式不正确",
        ),
        (
            b"multipart/form-data; boundary=x",
            b"".join(
                b'--x\r\nContent-Disposition: form-data; name="f"; filename="%d.txt"\r\n\r\nz\r\n' % i
                for i in range(60)
            )
            + b"--x--\r\n",
            "一次最多上传 50 个文件",
        ),
    ],
)
def test_form_problems_are_said_in_chinese_only(content_type: bytes, body: bytes, message: str) -> None:
    """The multipart parser's English ("400: Missing boundary in multipart.") used to be shown to clerks."""
    answer = _one("POST", "/api/review", [(b"content-type", content_type)], body)
    error = json.loads(answer.body)["error"]
    assert answer.status == 422 and message in error
    assert not any(
        "a" <= ch.lower() <= "z"
        for ch in error.replace("multipart", "").replace("boundary", "").replace("form-data", "")
    )


def test_multipart_content_type_is_case_insensitive() -> None:
    body = hostile_http.multipart(
        [("报告.txt".encode(), hostile_http.EXAMPLE.read_bytes())], b"b", random.Random(0)
    )
    answer = _one("POST", "/api/lint", [(b"content-type", b"Multipart/Form-Data; boundary=b")], body)
    assert answer.status == 200 and json.loads(answer.body) == hostile_http.expected_findings()


def test_a_client_that_disconnects_mid_upload_is_not_a_server_error() -> None:
    """A dropped connection used to be logged as a failed request with a traceback."""
    from gklint.web.app import create_app

    app = create_app()
    sent: list[dict[str, object]] = []
    messages = iter(
        [{"type": "http.request", "body": b"half a rep", "more_body": True}, {"type": "http.disconnect"}]
    )

    async def receive() -> dict[str, object]:
        return next(messages)

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/lint",
        "raw_path": b"/api/lint",
        "query_string": b"filename=a.txt",
        "root_path": "",
        "headers": [],
        "server": ("test", 80),
        "client": ("test", 1),
    }
    with hostile_http.no_server_errors():
        asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 400


def test_malformed_forms_do_not_flood_the_server_log(caplog: pytest.LogCaptureFixture) -> None:
    """python-multipart logged an English warning for every malformed form ("Did not find CR at end
    of boundary"); the client's Chinese 422 says it all."""
    caplog.set_level(logging.DEBUG)
    for body in (b"--x\r\nContent-Disposition: form-data\r\n\r\nz\r\n--y", b"--xz", b"\xff" * 100):
        answer = _one("POST", "/api/review", [(b"content-type", b"multipart/form-data; boundary=x")], body)
        assert answer.status == 422
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
