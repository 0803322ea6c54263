"""One feed, polled in two steps, both network only (the loop does the store and the coding):

1. `listing()`: a conditional GET of the feed (If-None-Match / If-Modified-Since from its stored
   validators); a 304 is "unchanged". RSS/Atom gives its entries; an HTML page gives its article
   links (same host, headline-like anchor text) as entries. Each entry has a key (guid, link).
2. `articles()`: for the entries the loop found new, the Article: the linked page's text (fetched
   through the same guard as `ingest`, and the host gate) or else the entry's own text.

Nothing here raises on bad input: a failure is a `Listing` with `error`, or an InputError item."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from frontwatch.ingest import fetch as _fetch
from frontwatch.ingest import page_fetcher
from frontwatch.ingest.readers import entry_article, entry_key, extract_html, make_article, parse_feed
from frontwatch.ingest.text import DecodeError, decode, looks_binary
from frontwatch.model import Article, FeedState, InputError

from .feeds import FeedSpec
from .schedule import HostGate

_FEED_HEAD = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_HEAD = re.compile(rb"<(!doctype\s+html|html|head|body)[\s>]", re.I)
MIN_ANCHOR_WORDS = 3        # a link whose text has fewer words is navigation, not a headline


@dataclass
class Entry:
    key: str
    link: str | None
    raw: Any                # a feedparser entry, or {"link", "title"} for a page of links


@dataclass
class Listing:
    feed: str
    status: str                       # "changed" | "unchanged" | "error"
    entries: list[Entry] = field(default_factory=list)
    kind: str = "feed"                # "feed" | "html"
    outlet: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


class Stopped(Exception):
    """The watch is stopping: the poll gives up between requests."""


def listing(spec: FeedSpec, state: FeedState | None, gate: HostGate, *, allow_private: bool = False,
            stop: threading.Event | None = None) -> Listing:
    if not gate.wait(spec.url, stop):
        raise Stopped()
    try:
        resp = _fetch.fetch(spec.url, timeout=spec.timeout, allow_private=allow_private,
                            etag=state.etag if state else None,
                            last_modified=state.last_modified if state else None)
    except _fetch.FetchError as exc:
        return Listing(spec.url, "error", error=str(exc))
    if resp.status == 304:
        return Listing(spec.url, "unchanged", etag=resp.etag, last_modified=resp.last_modified)
    got = Listing(spec.url, "changed", etag=resp.etag, last_modified=resp.last_modified)
    data = resp.data
    if not data.strip():
        got.status, got.error = "error", "empty response"
        return got
    if looks_binary(data):
        got.status, got.error = "error", "binary response, not a feed or a page"
        return got
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    is_html = spec.kind == "html" or (spec.kind == "auto" and not _FEED_HEAD.search(head)
                                      and (_HTML_HEAD.search(head) or resp.content_type == "text/html"))
    if is_html:
        return _links_page(got, data, resp, spec)
    outlet, entries, problem = parse_feed(data)
    if isinstance(entries, str):
        got.status, got.error = "error", entries
        return got
    usable = [e for e in entries if e.get("link") or e.get("summary") or e.get("content")]
    if problem and not usable:          # a broken document whose debris is no article: one error line
        got.status, got.error = "error", problem
        return got
    entries = usable
    got.outlet = spec.name or outlet
    got.entries = [Entry(entry_key(e), (e.get("link") or "").strip() or None, e) for e in entries]
    return got


def _links_page(got: Listing, data: bytes, resp: _fetch.Response, spec: FeedSpec) -> Listing:
    import lxml.html
    from lxml import etree

    got.kind = "html"
    try:
        text, _ = decode(data, resp.charset)
        doc = lxml.html.document_fromstring(text)
    except (DecodeError, etree.ParserError, ValueError) as exc:
        got.status, got.error = "error", f"unreadable HTML page: {' '.join(str(exc).split())[:200]}"
        return got
    host = (urlsplit(resp.url).hostname or "").lower()
    page = urldefrag(resp.url)[0]
    seen: set[str] = set()
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        url = urldefrag(urljoin(resp.url, href))[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() != host or url == page:
            continue
        title = " ".join(a.text_content().split())
        if len(title.split()) < MIN_ANCHOR_WORDS or url in seen:
            continue
        seen.add(url)
        got.entries.append(Entry(url, url, {"link": url, "title": title}))
    got.outlet = spec.name or host
    if not got.entries:
        got.status, got.error = "error", "HTML page has no article links"
    return got


def articles(spec: FeedSpec, got: Listing, entries: list[Entry], gate: HostGate, *,
             allow_private: bool = False, stop: threading.Event | None = None
             ) -> list[tuple[Entry, Article | InputError]]:
    """The articles of `entries` (new ones of `got`), in order; stops early (returns what it has)
    when `stop` is set."""
    fetch_page = page_fetcher(allow_private) if spec.fetch_links else None

    def gated(link: str) -> dict | None:            # the linked page, after the host's gap
        return fetch_page(link) if gate.wait(link, stop) else None

    out: list[tuple[Entry, Article | InputError]] = []
    for entry in entries:
        if stop is not None and stop.is_set():
            break
        where = f"{spec.url}#{entry.key}"
        if got.kind == "html":
            if not gate.wait(entry.link, stop):
                break
            out.append((entry, _page_article(entry, where, got.outlet, allow_private)))
        else:
            out.append((entry, entry_article(entry.raw, where, got.outlet,
                                             fetch_page=gated if fetch_page else None)))
    return out


def _page_article(entry: Entry, where: str, outlet: str | None, allow_private: bool) -> Article | InputError:
    try:
        resp = _fetch.fetch(entry.link, allow_private=allow_private)
    except _fetch.FetchError as exc:
        return InputError(entry.link, str(exc))
    if looks_binary(resp.data):
        return InputError(entry.link, "binary file, not text")
    try:
        text, _ = decode(resp.data, resp.charset)
    except DecodeError as exc:
        return InputError(entry.link, str(exc))
    got = extract_html(text, resp.url, entry.link)
    if got is None:
        return InputError(entry.link, "no extractable text in HTML")
    return make_article(where, got["text"], published=got["published"],
                        title=got["title"] or entry.raw.get("title"), outlet=got["outlet"] or outlet,
                        url=entry.link)
