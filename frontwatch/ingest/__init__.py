"""Readers: files, directories, URLs, RSS/Atom feeds and JSONL into Articles.

    from frontwatch.ingest import read
    for item in read("dispatches/"):
        if isinstance(item, InputError): print(item)   # one line, input named
        else: ...                                       # an Article

Bad input never raises: it becomes an `InputError` value and the next input is
read. Formats are recognized by content more than by extension. `published`
is always a naive UTC datetime (or None).
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from frontwatch.model import Article, InputError

from . import fetch as _fetch
from .readers import (
    Result,
    extract_html,
    read_feed,
    read_html,
    read_jsonl_bytes,
    read_jsonl_line,
    read_jsonl_stream,
    read_plain,
)
from .text import MAX_BYTES, DecodeError, decode, garbled, log, looks_binary, to_naive_utc

__all__ = ["read", "read_jsonl_line", "read_bytes", "Article", "InputError", "MAX_BYTES"]

_FEED_RE = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_RE = re.compile(rb"<(!doctype\s+html|html|head|body|article|div|p)[\s>]", re.I)
_XML_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml")


def read(source: str, *, stdin=None, published: datetime | date | None = None,
         fetch_links: bool | None = None, allow_private: bool = False) -> Iterator[Article | InputError]:
    """Articles (or InputErrors) from `source`: a file, a directory (recursive,
    sorted, hidden entries skipped), an http(s) URL (a page or an RSS/Atom feed),
    or `-` for JSONL on `stdin` (default sys.stdin).

    `published` is the default date for articles that carry none.
    `fetch_links`: fetch each feed entry's linked page (default: only for URL feeds).
    `allow_private`: let fetches reach loopback, private and link-local addresses (see fetch.py)."""
    default = to_naive_utc(published)
    try:
        if source == "-":
            yield from read_jsonl_stream(stdin if stdin is not None else sys.stdin, "<stdin>", default)
        elif re.match(r"https?://", source, re.I):
            yield from _read_url(source, default, True if fetch_links is None else fetch_links, allow_private)
        elif re.match(r"[a-z][a-z0-9+.-]*://", source, re.I):
            yield InputError(source, "refused: only http and https URLs are fetched (a local file is read "
                                     "by its path)")
        else:
            yield from _read_path(source, default, bool(fetch_links), allow_private)
    except Exception as exc:  # an edge: a bug in a reader must not stop the whole run
        log.exception("unexpected error reading %s", source)
        yield InputError(source, f"unexpected error: {type(exc).__name__}: {exc}".splitlines()[0])


def _read_path(source: str, default: datetime | None, fetch_links: bool,
               allow_private: bool = False) -> Iterator[Result]:
    path = Path(source).expanduser()
    if path.is_dir():
        files = list(_walk(path))
        if not files:
            yield InputError(source, "no files in directory")
        taken = 0
        for f in files:
            why = skip_reason(f)
            if why:
                log.warning("%s: skipped, %s", f, why)
                continue
            taken += 1
            yield from _read_file(f, default, fetch_links, allow_private=allow_private)
        if files and not taken:
            yield InputError(source, "no article files in directory (see the notes above)")
    else:
        yield from _read_file(path, default, fetch_links, name=source, allow_private=allow_private)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


# In a directory, articles are files with these extensions (or none, if their content is
# text); a file named on the command line is read whatever its name.
ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".json",
                    ".jsonl", ".ndjson", ".eml", ""}
_NOT_ARTICLES = re.compile(r"^(readme|license|licence|copying|changelog|changes|contributing|authors|notice|"
                           r"makefile|dockerfile|requirements)([._-]|$)", re.I)
_CODE_HEAD = re.compile(rb"^\s*(#!|<\?php|(from\s+\S+\s+)?import\s|def\s|class\s|function\s|"
                        rb"#include|package\s|using\s|const\s|var\s|let\s)")


def skip_reason(path: Path) -> str | None:
    """Why a file met while walking a directory is not an article (None: read it)."""
    if _NOT_ARTICLES.match(path.name):
        return "not an article (a project file such as a README or licence)"
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return f"not an article file ({path.suffix or 'no'} extension)"
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return None     # _read_file reports it
    if _CODE_HEAD.match(head):
        return "looks like source code, not an article"
    return None


def _read_file(path: Path, default: datetime | None, fetch_links: bool,
               name: str | None = None, allow_private: bool = False) -> Iterator[Result]:
    name = name or str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            yield InputError(name, "not a regular file")
            return
        if size > MAX_BYTES:
            yield InputError(name, f"file too large ({size / 1048576:.0f} MB > {MAX_BYTES // 1048576} MB)")
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield InputError(name, "no such file or directory")
        return
    except OSError as exc:
        yield InputError(name, f"unreadable: {exc.strerror or exc}")
        return
    yield from read_bytes(data, name, published=default, suffix=path.suffix.lower(),
                          fetch_links=fetch_links, allow_private=allow_private)


def read_bytes(data: bytes, source: str, *, published: datetime | None = None, suffix: str = "",
               content_type: str = "", charset: str | None = None, url: str | None = None,
               fetch_links: bool = False, allow_private: bool = False) -> Iterator[Result]:
    """Sniff the format of `data` and read it. `source` names it in errors."""
    if not data.strip():
        yield InputError(source, "empty file")
        return
    if looks_binary(data):
        yield InputError(source, "binary file, not text")
        return
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16/32 with a BOM: sniff and read it as UTF-8
        try:
            data = decode(data)[0].encode("utf-8")
        except DecodeError as exc:
            yield InputError(source, str(exc))
            return
        charset = "utf-8"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    kind = _sniff(head, suffix, content_type)
    if kind == "jsonl":
        yield from read_jsonl_bytes(data, source, published)
        return
    if kind == "feed":
        fetch_page = page_fetcher(allow_private) if fetch_links else None
        yield from read_feed(data, source, published=published, fetch_page=fetch_page)
        return
    if kind == "html" and not charset:
        m = re.search(rb"""<meta[^>]+charset=["']?([\w.:-]+)""", data[:8192], re.I)
        charset = m.group(1).decode("ascii", "replace") if m else None
    try:
        text, note = decode(data, charset)
    except DecodeError as exc:
        yield InputError(source, str(exc))
        return
    if garbled(text):
        yield InputError(source, "undecodable text (garbled after decoding; wrong encoding?)")
        return
    if note:
        log.warning("%s: %s", source, note)
    if kind == "html":
        yield from read_html(text, source, url=url, published=published)
    else:
        yield from read_plain(text, source, published)


def _sniff(head: bytes, suffix: str, content_type: str) -> str:
    if suffix in (".jsonl", ".ndjson", ".json") or "json" in content_type:
        return "jsonl"
    if head[:1] == b"{" or re.match(rb"\[\s*[{\]]", head):
        return "jsonl"
    if _FEED_RE.search(head) and not re.search(rb"<html[\s>]", head, re.I):
        return "feed"
    if content_type in _XML_TYPES[:3]:
        return "feed"
    if content_type in ("text/html", "application/xhtml+xml") or _HTML_RE.search(head):
        return "html"
    if suffix in (".html", ".htm", ".xhtml") and b"<" in head:
        return "html"
    if suffix in (".rss", ".atom", ".xml") or content_type in _XML_TYPES:
        return "feed"
    return "text"


def _read_url(url: str, default: datetime | None, fetch_links: bool,
              allow_private: bool = False) -> Iterator[Result]:
    try:
        resp = _fetch.fetch(url, allow_private=allow_private)
    except _fetch.FetchError as exc:
        yield InputError(url, str(exc))
        return
    yield from read_bytes(resp.data, url, published=default, content_type=resp.content_type,
                          charset=resp.charset, url=resp.url, fetch_links=fetch_links,
                          allow_private=allow_private)


def page_fetcher(allow_private: bool = False):
    """For feed entries: fetch and extract the linked page; None lets the entry's summary stand.
    A link is checked like any URL: file://, loopback and private addresses are refused."""
    def fetch_page(link: str) -> dict | None:
        try:
            resp = _fetch.fetch(link, allow_private=allow_private)
        except _fetch.FetchError as exc:
            log.warning("%s: %s; using the feed entry's summary", link, exc)
            return None
        if looks_binary(resp.data):
            return None
        try:
            text, _ = decode(resp.data, resp.charset)
        except DecodeError:
            return None
        got = extract_html(text, resp.url, link)
        if got is None:
            log.warning("%s: no extractable text; using the feed entry's summary", link)
        return got
    return fetch_page
