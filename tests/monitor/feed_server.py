"""A feed server for the monitor tests and the soak bench: http.server on 127.0.0.1 in a thread.

    srv = FeedServer().start()
    feed = srv.add_feed("/a.xml", items=[item("a1", "Title", "Text ...")])
    feed.items.append(...)                  # a new item appears for the next poll
    feed.mode = "500" | "timeout" | "malformed" | "ok"
    feed.requests                           # (path, headers) of every request it answered

Every feed answers with an ETag and a Last-Modified that change only when its items change, and
304 to a conditional request that matches. Item pages are served at /item/<id>.html."""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Item:
    id: str
    title: str
    text: str
    published: str = "Wed, 29 Jan 2020 09:00:00 GMT"


def item(id: str, title: str, text: str, published: str = "Wed, 29 Jan 2020 09:00:00 GMT") -> Item:
    return Item(id, title, text, published)


@dataclass
class Feed:
    path: str
    items: list[Item] = field(default_factory=list)
    mode: str = "ok"                    # ok | 500 | timeout | malformed | html
    delay: float = 30.0                 # seconds a "timeout" feed stalls
    requests: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def version(self) -> str:
        blob = "|".join(f"{i.id}:{i.title}:{i.text}" for i in self.items) + self.mode
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def body(self, base: str) -> bytes:
        if self.mode == "malformed":
            return b"<?xml version='1.0'?><rss><channel><title>broken</title><item><title>unclosed"
        if self.mode == "html":
            links = "".join(f'<li><a href="/item/{escape(i.id)}.html">{escape(i.title)}</a></li>' for i in self.items)
            return (f"<!doctype html><html><head><title>News</title></head><body><nav><a href='/'>Home</a></nav>"
                    f"<ul>{links}</ul></body></html>").encode()
        entries = "".join(
            f"<item><title>{escape(i.title)}</title><link>{base}/item/{escape(i.id)}.html</link>"
            f"<guid>{escape(i.id)}</guid><pubDate>{i.published}</pubDate>"
            f"<description>{escape(i.text)}</description></item>" for i in self.items)
        return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Test Wire {self.path}"
                f"</title><link>{base}</link><description>t</description>{entries}</channel></rss>").encode()


class FeedServer:
    def __init__(self):
        self.feeds: dict[str, Feed] = {}
        self.pages: dict[str, Item] = {}
        self.page_requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                feed = server.feeds.get(path)
                if feed is not None:
                    return server._feed(self, feed)
                if path.startswith("/item/") and path[6:-5] in server.pages:
                    server.page_requests.append(path)
                    it = server.pages[path[6:-5]]
                    paras = "".join(f"<p>{escape(p)}</p>" for p in it.text.split("\n\n"))
                    body = (f"<!doctype html><html><head><title>{escape(it.title)}</title></head><body>"
                            f"<article><h1>{escape(it.title)}</h1>{paras}</article></body></html>").encode()
                    return server._send(self, 200, body, "text/html; charset=utf-8")
                server._send(self, 404, b"not found", "text/plain")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> FeedServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def add_feed(self, path: str, items: list[Item] = (), mode: str = "ok") -> Feed:
        feed = Feed(path, list(items), mode)
        self.feeds[path] = feed
        for it in items:
            self.pages[it.id] = it
        return feed

    def add_item(self, feed: Feed, it: Item) -> None:
        self.pages[it.id] = it
        with feed.lock:
            feed.items.append(it)

    def feed_url(self, feed: Feed) -> str:
        return self.url + feed.path

    @staticmethod
    def _send(h, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        if body:
            h.wfile.write(body)

    def _feed(self, h, feed: Feed) -> None:
        with feed.lock:
            feed.requests.append({"path": feed.path, "if_none_match": h.headers.get("If-None-Match"),
                                  "if_modified_since": h.headers.get("If-Modified-Since")})
            mode, version = feed.mode, feed.version()
            body = feed.body(self.url)
        if mode == "500":
            return self._send(h, 500, b"oops", "text/plain")
        if mode == "timeout":
            time.sleep(feed.delay)
            return self._send(h, 200, b"", "application/rss+xml")
        etag = f'"{version}"'
        stamp = formatdate(1_600_000_000 + int(version[:6], 16) % 10_000_000, usegmt=True)
        if h.headers.get("If-None-Match") == etag:
            return self._send(h, 304, b"", "application/rss+xml", {"ETag": etag, "Last-Modified": stamp})
        ctype = "text/html; charset=utf-8" if mode == "html" else "application/rss+xml; charset=utf-8"
        self._send(h, 200, body, ctype, {"ETag": etag, "Last-Modified": stamp})
