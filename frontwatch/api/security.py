"""What every response and every request body goes through: security headers, the body limit,
work off the event loop, and the API docs served from installed packages (no CDN)."""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

MAX_BODY = 2_000_000    # bytes of one POSTed article (the article limit is 200,000 characters)

# The dashboard loads its scripts and styles from this server, and its basemap too: nothing else is
# fetched unless the user configures a tile URL (`serve --tiles`), whose origin is then allowed for
# images. Leaflet positions its panes with inline styles.
def csp(tile_url: str | None = None) -> str:
    img = "'self' data:"
    origin = tile_origin(tile_url)
    if origin:
        img += f" {origin}"
    return (f"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src {img}; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def tile_origin(tile_url: str | None) -> str | None:
    """The CSP source of a tile URL template: `https://{s}.tile.example.org/{z}/{x}/{y}.png` ->
    `https://*.tile.example.org`."""
    if not tile_url:
        return None
    import re

    m = re.match(r"^(https?)://([^/]+)", tile_url.strip())
    if not m:
        return None
    host = re.sub(r"\{[a-z]+\}", "*", m.group(2))
    if not re.fullmatch(r"[A-Za-z0-9.*:-]+", host):
        return None
    return f"{m.group(1)}://{host}"


CSP = csp()
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}

DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>frontwatch API</title>
<link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/web/docs.js"></script>
</body></html>
"""


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware): adds HEADERS to every
    response that does not set them itself."""

    def __init__(self, app, tile_url: str | None = None):
        self.app = app
        headers = {**HEADERS, "content-security-policy": csp(tile_url)}
        self.extra = [(k.encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self.extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI, web_dir: Path, tile_url: str | None = None) -> None:
    app.add_middleware(SecurityHeaders, tile_url=tile_url)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    try:
        from swagger_ui_bundle import swagger_ui_path

        app.mount("/static/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")
    except ImportError:  # pragma: no cover - a pinned dependency
        pass


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed `limit` bytes
    (by its Content-Length, or while streaming it): a huge body is never held in memory."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise HTTPException(413, f"article too large (over {limit} bytes)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"article too large (over {limit} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def off_loop(fn, *args) -> asyncio.Future:
    """Run `fn(*args)` on a daemon thread: the event loop keeps serving, and a long computation
    never holds up the server's shutdown (SIGTERM) as a pool thread would."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle(setter, value):
        if not future.done():
            setter(value)

    def hand_over(setter, value):
        try:
            loop.call_soon_threadsafe(settle, setter, value)
        except RuntimeError:
            pass        # the server stopped meanwhile: nobody is waiting for the answer

    def run():
        try:
            result = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting request
            hand_over(future.set_exception, exc)
        else:
            hand_over(future.set_result, result)

    threading.Thread(target=run, name="frontwatch-work", daemon=True).start()
    return future
