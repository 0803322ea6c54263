"""One reader per format. Each takes decoded text (or bytes) plus the name of
its input and yields Article | InputError; none raises on bad input."""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from frontwatch import limits
from frontwatch.model import Article, InputError

from . import budget
from .text import clean_text, html_to_text, log, not_english, parse_published, to_naive_utc

Result = Article | InputError


def make_article(source: str, text: str, *, id: str | None = None, published: datetime | None = None,
                 title: str | None = None, outlet: str | None = None, url: str | None = None,
                 default_published: datetime | None = None, line: int | None = None,
                 check_language: bool = True) -> Result:
    """The one place an Article is built: empty and non-English checks, the size limit, id, dates.

    A text over the article limit (`frontwatch.limits`) is cut, with one line naming the input:
    the cut text is what is coded and stored (evidence offsets point into it)."""
    if not text or not text.strip():
        return InputError(source, "empty text", line)
    text, note = limits.cut(text)
    if note:
        log.warning("%s: %s", f"{source}:{line}" if line is not None else source, note)
    if check_language:
        reason = not_english(text)
        if reason:
            return InputError(source, reason, line)
    return Article(
        id=id or Article.content_id(text),
        text=text,
        published=to_naive_utc(published) or to_naive_utc(default_published),
        title=(title or "").strip() or None,
        outlet=(outlet or "").strip() or None,
        url=(url or "").strip() or None,
        origin=f"{source}:{line}" if line is not None else source,
    )


# -- JSONL ----------------------------------------------------------------

def _opt_str(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"'{key}' must be a string")
    return str(value)


def article_from_obj(obj: Any, source: str, lineno: int | None,
                     default_published: datetime | None = None) -> Result:
    if not isinstance(obj, dict):
        return InputError(source, f"expected a JSON object, got {type(obj).__name__}", lineno)
    text = obj.get("text")
    if text is None:
        return InputError(source, "missing 'text'", lineno)
    if not isinstance(text, str):
        return InputError(source, "'text' must be a string", lineno)
    if not text.strip():
        return InputError(source, "empty 'text'", lineno)
    try:
        published = parse_published(obj.get("published"))
        id_ = _opt_str(obj, "id")
        title, outlet, url = _opt_str(obj, "title"), _opt_str(obj, "source"), _opt_str(obj, "url")
    except ValueError as exc:
        return InputError(source, str(exc), lineno)
    # the text is kept exactly as given: evidence offsets point into it
    return make_article(source, text, id=id_, published=published, title=title, outlet=outlet, url=url,
                        default_published=default_published, line=lineno)


def read_jsonl_line(line: str, source: str, lineno: int, *, published: datetime | None = None) -> Result:
    """One JSONL line of CONTRACT's `extract` input -> Article, or InputError naming source:lineno."""
    if not line.strip():
        return InputError(source, "empty line", lineno)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(source, f"bad JSON: {exc.msg} (column {exc.colno})", lineno)
    except RecursionError:
        return InputError(source, "bad JSON: nested too deep", lineno)
    return article_from_obj(obj, source, lineno, published)


def read_jsonl_bytes(data: bytes, source: str, published: datetime | None = None) -> Iterator[Result]:
    """A JSONL file (or one JSON object / array). Lines are decoded one by one,
    so one bad line costs only itself."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        # one JSON document (an array, or a pretty-printed object) rather than JSON Lines?
        try:
            whole = json.loads(stripped.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            whole = exc
        except RecursionError:
            whole = ValueError("nested too deep")
        if isinstance(whole, list):
            for i, obj in enumerate(whole, 1):
                yield article_from_obj(obj, f"{source}[{i}]", None, published)
            return
        if isinstance(whole, dict):
            yield article_from_obj(whole, source, 1 if b"\n" not in stripped.strip() else None, published)
            return
        if stripped.startswith(b"[") and b"\n" not in stripped.strip():
            yield InputError(source, f"bad JSON: {whole}")
            return
        # not one JSON document: JSON Lines, where a bad line costs only itself
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(source, f"not UTF-8 ({exc.reason} at byte {exc.start})", lineno)
            continue
        yield read_jsonl_line(line, source, lineno, published=published)


def read_jsonl_stream(stream, source: str, published: datetime | None = None) -> Iterator[Result]:
    """JSONL from a text or binary stream (stdin), line by line."""
    for lineno, raw in enumerate(stream, 1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(source, f"not UTF-8 ({exc.reason} at byte {exc.start})", lineno)
                continue
        if lineno == 1:
            raw = raw.lstrip("\ufeff")
        if not raw.strip():
            continue
        yield read_jsonl_line(raw, source, lineno, published=published)


# -- plain text -----------------------------------------------------------

_HEADER = re.compile(r"^(published|date|dateline|title|headline|source|outlet|url|link)\s*:\s*(.*)$", re.I)
_HEADER_KEYS = {"published": "published", "date": "published", "dateline": "published",
                "title": "title", "headline": "title", "source": "outlet", "outlet": "outlet",
                "url": "url", "link": "url"}


def read_plain(text: str, source: str, published: datetime | None = None) -> Iterator[Result]:
    """Plain text. An optional header block (`Title:`, `Published:`/`Date:`,
    `Source:`, `URL:` lines, then a blank line) is read and removed; otherwise a
    short first line followed by a blank line (or by a capitalized line when it
    has no closing punctuation) is the title."""
    text = clean_text(text)
    lines = text.split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i])) and m.group(2).strip():
        meta.setdefault(_HEADER_KEYS[m.group(1).lower()], m.group(2).strip())
        i += 1
    if meta and (i == len(lines) or not lines[i].strip()):
        lines = lines[i:]
    else:
        meta = {}
    body = "\n".join(lines).strip()
    title = meta.get("title")
    if title is None:
        blines = body.split("\n")
        first = blines[0].strip()
        if len(blines) > 1 and 0 < len(first) <= 150:
            nxt = blines[1].strip()
            if not nxt or (first[-1] not in ".,;:" and (nxt[:1].isupper() or nxt[:1] in "\"'\u201c")):
                title = first
                body = "\n".join(blines[1:]).strip()
    date_value = None
    if "published" in meta:
        try:
            date_value = parse_published(meta["published"])
        except ValueError as exc:
            yield InputError(source, f"{exc} in header")
            return
    yield make_article(source, body, published=date_value, title=title, outlet=meta.get("outlet"),
                       url=meta.get("url"), default_published=published)


# -- HTML -----------------------------------------------------------------

MIN_LETTERS = 20  # less than this after extraction is navigation debris, not an article

_META_DATE = ("article:published_time", "og:published_time", "datePublished", "pubdate",
              "publishdate", "date", "dc.date", "dcterms.created", "sailthru.date")


def _meta_published(tree) -> datetime | None:
    """A full datetime from the page's meta tags, where the page gives one."""
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if key in {k.lower() for k in _META_DATE}:
            try:
                return parse_published(el.get("content"))
            except ValueError:
                continue
    for el in tree.xpath("//time[@datetime]"):
        try:
            return parse_published(el.get("datetime"))
        except ValueError:
            continue
    return None


def _plain(html: str, url: str | None, why: str, source: str | None) -> dict | None:
    """The budget's fallback: tag-stripped text, no metadata."""
    log.warning("%s: %s; text extracted without trafilatura", source or url or "<html>", why)
    text = budget.plain_text(html)
    if sum(ch.isalpha() for ch in text[:10000]) < MIN_LETTERS:
        return None
    return {"text": text, "title": None, "outlet": None, "url": url, "published": None}


def extract_html(html: str, url: str | None = None, source: str | None = None) -> dict | None:
    """trafilatura's main text and metadata, or None when there is no text to extract.

    Within a size and time budget (`frontwatch.limits`); past it, or when lxml cannot build a
    tree (100,000 nested elements), the page's text is taken by `budget.plain_text`."""
    import lxml.html
    import trafilatura
    from lxml import etree

    if len(html) > limits.max_html():
        return _plain(html, url, f"page of {len(html):,} characters over the HTML budget ({limits.max_html():,})", source)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return _plain(html, url, "lxml cannot parse the page", source)
    doc = None
    try:
        with budget.deadline(limits.html_seconds()):
            for recall in (False, True):
                try:
                    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                                      include_tables=False, favor_recall=recall)
                except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
                    log.debug("trafilatura failed on %s: %s", url, exc)
                    doc = None
                text = getattr(doc, "text", None) or ""
                if doc is not None and sum(ch.isalpha() for ch in text) >= MIN_LETTERS:
                    break
                doc = None
    except budget.OverBudget:
        return _plain(html, url, f"extraction took over {limits.html_seconds()} s", source)
    if doc is None:
        if _deep(tree):
            return _plain(html, url, "markup nested too deep for the extractor", source)
        return None
    published = _meta_published(tree)
    if published is None and getattr(doc, "date", None):
        try:
            published = parse_published(doc.date)
        except ValueError:
            published = None
    text = clean_text(doc.text)
    first, _, rest = text.partition("\n")
    if doc.title and rest.strip() and first.strip() == doc.title.strip():
        text = rest.strip()  # the headline is the title, not the body
    return {"text": text, "title": doc.title, "outlet": doc.sitename,
            "url": doc.url or url, "published": published}


def _deep(tree, limit: int = 200) -> bool:
    """Whether the tree is cut short by lxml's depth limit (libxml2 stops nesting at 256)."""
    el, depth = tree, 0
    while depth <= limit:
        kids = [k for k in el if isinstance(k.tag, str)]
        if not kids:
            return False
        el, depth = kids[-1], depth + 1
    return True


def read_html(html: str, source: str, *, url: str | None = None,
              published: datetime | None = None) -> Iterator[Result]:
    got = extract_html(html, url, source)
    if got is None:
        yield InputError(source, "no extractable text in HTML")
        return
    outlet = got["outlet"] or (urlparse(got["url"]).hostname if got["url"] else None)
    yield make_article(source, got["text"], published=got["published"], title=got["title"],
                       outlet=outlet, url=got["url"], default_published=published)


# -- RSS / Atom -----------------------------------------------------------

def _entry_published(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            return datetime(*st[:6])  # feedparser normalizes to UTC
    return None


def _entry_text(entry) -> str:
    for c in entry.get("content") or []:
        text = html_to_text(c.get("value"))
        if text:
            return text
    return html_to_text(entry.get("summary") or entry.get("description"))


def entry_key(entry) -> str:
    """What names a feed entry across polls: its id (guid), else its link, else a hash of its
    title and text. `watch` remembers these to fetch and store each entry once."""
    import hashlib

    for key in ("id", "link"):
        value = (entry.get(key) or "").strip()
        if value:
            return value[:2000]
    blob = f"{entry.get('title', '')}|{_entry_text(entry)}"
    return "sha:" + hashlib.sha256(blob.encode("utf-8", "replace")).hexdigest()[:24]


def parse_feed(data: bytes | str):
    """(outlet title, entries, problem) of an RSS/Atom document; entries is an InputError message
    when it has none. `problem` says why a feed that still gave entries is broken (else None)."""
    import feedparser

    feed = feedparser.parse(data)
    entries = feed.get("entries") or []
    problem = f"broken feed: {feed.get('bozo_exception')}".splitlines()[0] if feed.get("bozo") else None
    if not entries:
        return None, problem or "feed has no entries", problem
    return (feed.feed.get("title") or "").strip() or None, entries, problem


def entry_article(entry, where: str, outlet: str | None, *, published: datetime | None = None,
                  fetch_page: Callable[[str], dict | None] | None = None) -> Result:
    """One feed entry as an Article: its linked page's text when `fetch_page` gets it, else the
    entry's own content or summary."""
    link = entry.get("link")
    page = fetch_page(link) if (fetch_page and link) else None
    text = page["text"] if page else _entry_text(entry)
    if not text:
        return InputError(where, f"entry {entry.get('title', '')!r} has no text")
    return make_article(where, text,
                        published=_entry_published(entry) or (page or {}).get("published"),
                        title=html_to_text(entry.get("title")) or (page or {}).get("title"),
                        outlet=outlet or (page or {}).get("outlet"), url=link,
                        default_published=published)


def read_feed(data: bytes | str, source: str, *, published: datetime | None = None,
              fetch_page: Callable[[str], dict | None] | None = None) -> Iterator[Result]:
    """One Article per entry. With `fetch_page` (URL feeds), each entry's linked
    page is fetched and extracted, the entry's own content being the fallback."""
    outlet, entries, _ = parse_feed(data)
    if isinstance(entries, str):
        yield InputError(source, entries)
        return
    for i, entry in enumerate(entries, 1):
        yield entry_article(entry, f"{source}#{i}", outlet, published=published, fetch_page=fetch_page)
