"""The Starlette application behind `gklint serve`.

Routes (all answers Chinese; errors are JSON ``{"error": "…"}``):

    GET  /                 the page: drop files, see each problem in place
    GET  /rules/{code}     a rule's documentation page
    GET  /api/rules        every rule, with its documentation as HTML
    POST /api/lint         multipart files or a raw body → the CLI's JSON contract
    POST /api/review       multipart files → what the page shows (summary, findings, highlights)
    POST /api/report       multipart files → the self-contained HTML audit report (download)
    POST /api/annotate     one .docx → the same file with a Word comment per finding (download)
    GET  /healthz          "ok"

Safe by default: uploads are read into memory under a size limit, never
written to disk under a client-chosen name; each request has a time limit;
linting runs on worker threads under a concurrency limit so one large upload
cannot starve the rest; every response carries a Content-Security-Policy
that allows only this server's own script and style, so nothing taken from a
report can run.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import PurePath
from typing import Any, NamedTuple
from urllib.parse import quote

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gklint.settings import Settings
from gklint.web import service
from gklint.web.service import Upload, UploadError

log = logging.getLogger("gklint.web")

MB = 1024 * 1024

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class ServeOptions(NamedTuple):
    max_upload_bytes: int = 20 * MB
    time_limit: float = 60.0  # seconds per request
    max_files: int = 50  # files per request
    concurrency: int = max(2, (os.cpu_count() or 1) * 2)  # lint jobs at once
    settings: Settings = Settings()


class _TooLarge(Exception):
    pass


class SecurityHeaders:
    """Adds the CSP and friends to every response, error pages included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key.lower().encode() not in present:
                        headers.append((key.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


_LENGTH = re.compile(r"[0-9]{1,30}")  # ASCII digits only: str.isdigit() also accepts "²", which int() refuses


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it passes `limit` (Content-Length is not trusted)."""
    declared = request.headers.get("content-length", "").strip()
    if _LENGTH.fullmatch(declared) and int(declared) > limit:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _uploads(request: Request, options: ServeOptions, *, raw_allowed: bool) -> list[Upload]:
    body = await _read_body(request, options.max_upload_bytes)
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith("multipart/form-data"):
        replay = Request(request.scope, _replay(body))
        try:
            form = await replay.form(
                max_files=options.max_files,
                max_fields=options.max_files,
                max_part_size=options.max_upload_bytes,
            )
        except Exception as exc:  # python-multipart's errors vary by version; all mean "bad form"
            raise UploadError(_form_problem(exc, options)) from exc
        uploads = []
        for _, value in form.multi_items():
            if isinstance(value, str):
                continue
            uploads.append(Upload(value.filename or service.DEFAULT_NAME, await value.read()))
            await value.close()
        if not uploads:
            raise UploadError("没有收到文件。请选择或拖入报告文件（.docx、.txt、.md、.html、.pdf）。")
        return uploads
    if not raw_allowed:
        raise UploadError("请用 multipart/form-data 上传文件。")
    name = request.query_params.get("filename") or request.headers.get("x-filename")
    return [Upload(name or service.DEFAULT_NAME, body)]


def _form_problem(exc: Exception, options: ServeOptions) -> str:
    """What was wrong with an upload form, in Chinese (the parser's own words are English)."""
    detail = str(getattr(exc, "detail", exc))
    if detail.startswith(("Too many files", "Too many fields")):
        return f"一次最多上传 {options.max_files} 个文件，请分批上传。"
    if "exceeded maximum size" in detail:
        return f"上传的文件太大：每次最多 {options.max_upload_bytes / MB:g} MB。"
    if "boundary" in detail.lower():
        return "无法解析上传的表单：请求缺少 multipart 分隔符（boundary）。"
    return "无法解析上传的表单：multipart/form-data 格式不正确或不完整。请通过网页或按文档上传文件。"


Handler = Callable[[Request], Awaitable[Response]]


def create_app(options: ServeOptions | None = None) -> Starlette:
    options = options or ServeOptions()
    # python-multipart logs every malformed form it skips as an English warning; the client gets a
    # Chinese 422 already, and a flood of bad uploads must not flood the server's console.
    logging.getLogger("python_multipart").setLevel(logging.ERROR)
    limiter = anyio.CapacityLimiter(options.concurrency)

    async def in_worker(fn: Callable[..., Any], *args: Any) -> Any:
        """Run blocking work on a thread, within the request's time limit."""
        with anyio.fail_after(options.time_limit):
            return await anyio.to_thread.run_sync(fn, *args, limiter=limiter, abandon_on_cancel=True)

    def guarded(handler: Handler) -> Handler:
        """Turn every failure into a Chinese JSON error; the server keeps serving."""

        async def wrapped(request: Request) -> Response:
            try:
                return await handler(request)
            except _TooLarge:
                limit = options.max_upload_bytes / MB
                return _error(413, f"上传的文件太大：每次最多 {limit:g} MB。")
            except ClientDisconnect:  # the client went away mid-upload: nobody to answer, nothing to log
                return _error(400, "上传未完成：连接在发送文件时中断。")
            except UploadError as exc:
                return _error(422, str(exc))
            except TimeoutError:
                return _error(503, f"处理超时（超过 {options.time_limit:g} 秒），请稍后重试或分批上传。")
            except Exception:
                log.exception("gklint serve: request failed")
                return _error(500, "服务器处理这个文件时出错。请把文件反馈给 gklint 的开发者。")

        return wrapped

    def lint_all(uploads: list[Upload]) -> tuple[list[Any], list[tuple[str, str]]]:
        results, errors = [], []
        for upload in uploads:
            try:
                results.append(service.lint_upload(upload, options.settings))
            except UploadError as exc:
                errors.append((service.safe_name(upload.name), str(exc)))
        return results, errors

    async def index(request: Request) -> Response:
        page = resources.files("gklint.web").joinpath("static/index.html").read_text(encoding="utf-8")
        return HTMLResponse(page)

    async def api_lint(request: Request) -> Response:
        uploads = await _uploads(request, options, raw_allowed=True)
        results, errors = await in_worker(lint_all, uploads)
        if errors and not results:
            return _error(422, "；".join(message for _, message in errors))
        payload = service.contract(results)
        passed = not any(d["severity"] == "error" for d in payload)
        headers = {"X-Gklint-Result": "pass" if passed else "fail"}
        if errors:
            headers["X-Gklint-Unreadable"] = quote(" ".join(name for name, _ in errors))
        return JSONResponse(payload, headers=headers)

    async def api_review(request: Request) -> Response:
        uploads = await _uploads(request, options, raw_allowed=False)
        results, errors = await in_worker(lint_all, uploads)
        return JSONResponse(await in_worker(service.review, results, errors))

    async def api_report(request: Request) -> Response:
        uploads = await _uploads(request, options, raw_allowed=False)
        results, errors = await in_worker(lint_all, uploads)
        if not results:
            return _error(422, "；".join(message for _, message in errors) or "没有可检查的文件。")
        page = await in_worker(service.audit_page, results)
        return Response(page, media_type="text/html; charset=utf-8", headers=_attachment("审核结果.html"))

    async def api_annotate(request: Request) -> Response:
        uploads = await _uploads(request, options, raw_allowed=True)
        if len(uploads) != 1:
            raise UploadError("请一次上传一个 Word 文件（.docx）。")
        name, data = await in_worker(service.annotated_docx, uploads[0], options.settings)
        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return Response(data, media_type=media, headers=_attachment(name))

    async def api_rules(request: Request) -> Response:
        return JSONResponse(service.rules_payload())

    async def rule_page(request: Request) -> Response:
        code = str(request.path_params["code"]).upper()
        rule = next((r for r in service.rules_payload() if r["code"] == code), None)
        if rule is None:
            shown = "".join(ch for ch in code[:40] if ch.isprintable())  # echo nothing that is not text
            return PlainTextResponse(f"没有规则 {shown}", status_code=404)
        return HTMLResponse(_RULE_PAGE.format(code=rule["code"], body=rule["html"]))

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    static = StaticFiles(directory=str(resources.files("gklint.web").joinpath("static")))
    app = Starlette(
        exception_handlers={HTTPException: _http_problem},
        routes=[
            Route("/", index),
            Route("/rules/{code}", rule_page),
            Route("/api/rules", api_rules),
            Route("/api/lint", guarded(api_lint), methods=["POST"]),
            Route("/api/review", guarded(api_review), methods=["POST"]),
            Route("/api/report", guarded(api_report), methods=["POST"]),
            Route("/api/annotate", guarded(api_annotate), methods=["POST"]),
            Route("/healthz", healthz),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
            Mount("/static", static, name="static"),
        ],
    )
    app.add_middleware(SecurityHeaders)
    return app


_HTTP_PROBLEMS = {
    404: "没有这个页面或接口。",
    405: "这个接口不支持该请求方法（上传请用 POST）。",
}


async def _http_problem(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (unknown path, wrong method …) in Chinese: JSON under /api/, text elsewhere."""
    status = getattr(exc, "status_code", 400)
    message = _HTTP_PROBLEMS.get(status, "请求无效。")
    headers = dict(getattr(exc, "headers", None) or {})  # e.g. "Allow" of a 405
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    return PlainTextResponse(message, status_code=status, headers=headers)


def _attachment(name: str) -> dict[str, str]:
    # RFC 6266/5987: an ASCII fallback plus the UTF-8 name for browsers that read it.
    ascii_name = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "._-" else "_" for ch in name)
    suffix = PurePath(name).suffix
    fallback = ascii_name if ascii_name.strip("_.") else f"gklint{suffix}"
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"}


_RULE_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{code} — gklint 规则说明</title>
<link rel="stylesheet" href="../static/app.css"></head><body class="rule-page"><main>{body}
<p><a href="../">返回检查页面</a></p></main></body></html>"""
