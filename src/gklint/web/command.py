"""`gklint serve`: options, settings and the uvicorn run loop (Chinese messages)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from gklint._cliargs import Opt, UsageError, format_options, parse

SERVE_OPTIONS: tuple[Opt, ...] = (
    Opt(
        ("--host",),
        "host",
        "value",
        "监听地址（默认 127.0.0.1，只有本机可以访问；局域网访问请用 0.0.0.0 并配合反向代理）",
        "地址",
    ),
    Opt(("--port",), "port", "int", "端口（默认 8000）", "端口"),
    Opt(("--max-upload-mb",), "max_upload_mb", "int", "每次上传的大小上限，单位 MB（默认 20）", "MB"),
    Opt(("--timeout",), "timeout", "int", "每个请求的处理时限，单位秒（默认 60）", "秒"),
    Opt(("--config",), "config", "value", "检查时使用的配置文件（默认查找当前目录的 gklint.toml）", "文件"),
    Opt(("--root-path",), "root_path", "value", "经反向代理挂在子路径下时的路径前缀，例如 /gklint", "路径"),
    Opt(("-h", "--help"), "help", "flag", "显示本帮助"),
)

HELP = (
    "用法：gklint serve [选项]\n\n"
    "启动网页版检查服务：在浏览器中打开显示的地址，拖入报告文件即可查看问题。\n"
    "另提供 JSON 接口 POST /api/lint（上传文件，返回与 --format json 相同的结果）。\n\n"
)


def serve(argv: list[str], out: TextIO = sys.stdout) -> int:
    opts, args = parse(argv, SERVE_OPTIONS)
    if opts["help"]:
        out.write(HELP + f"选项：\n{format_options(SERVE_OPTIONS)}\n")
        return 0
    if args:
        raise UsageError(f"gklint serve 不接受文件参数：{' '.join(args)}")
    try:
        import uvicorn

        from gklint.web.app import MB, ServeOptions, create_app
    except ImportError as exc:
        raise UsageError(
            f'网页服务需要额外的组件（{exc.name or exc}）。请运行：pip install "gklint[serve]"'
        ) from None
    from gklint.config import settings_for

    host = opts["host"] or "127.0.0.1"
    port = 8000 if opts["port"] is None else opts["port"]
    if not 0 <= port <= 65535:
        raise UsageError(f"端口 {port} 无效（0–65535）。")
    for name in ("max_upload_mb", "timeout"):
        if opts[name] is not None and opts[name] <= 0:
            raise UsageError(f"--{name.replace('_', '-')} 必须是正整数。")
    config = Path(opts["config"]) if opts["config"] else None
    settings = settings_for(Path.cwd() / "-", explicit_config=config)
    options = ServeOptions(
        max_upload_bytes=(opts["max_upload_mb"] or 20) * MB,
        time_limit=float(opts["timeout"] or 60),
        settings=settings,
    )
    shown = f"[{host}]" if ":" in host else host
    out.write(f"gklint 网页服务已启动：http://{shown}:{port}{opts['root_path'] or ''}/ （按 Ctrl+C 停止）\n")
    out.flush()
    uvicorn.run(
        create_app(options),
        host=host,
        port=port,
        root_path=opts["root_path"] or "",
        log_level="warning",
        proxy_headers=True,
        server_header=False,
        # Bound what a slow or hostile client can hold open.
        timeout_keep_alive=5,
        limit_concurrency=200,
    )
    return 0
