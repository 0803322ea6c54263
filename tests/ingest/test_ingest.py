"""Readers against hand-written fixtures; URLs against a local http.server."""
from __future__ import annotations

import io
import json
import threading
import time
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from frontwatch.ingest import fetch, read, read_jsonl_line
from frontwatch.ingest.text import MAX_BYTES, decode, not_english, parse_published
from frontwatch.model import Article, InputError

FIX = Path(__file__).parent / "fixtures"


def one(source, **kw):
    items = list(read(str(source), **kw))
    assert len(items) == 1, items
    return items[0]


def url_one(url):
    """A URL on the test's own loopback server: allowed explicitly (fetching refuses loopback by default)."""
    return one(url, allow_private=True)


def articles(items):
    return [x for x in items if isinstance(x, Article)]


def errors(items):
    return [x for x in items if isinstance(x, InputError)]


# -- files ----------------------------------------------------------------

def test_html_page():
    a = one(FIX / "page.html")
    assert isinstance(a, Article)
    assert a.title == "Shelling hits market in Maarat al-Numan"
    assert a.outlet == "Frontline Courier"
    assert a.published == datetime(2020, 1, 28, 7, 30)   # +02:00 -> naive UTC
    assert a.text.startswith("Artillery shells struck a crowded vegetable market")
    assert "killing at least six civilians" in a.text
    assert "All rights reserved" not in a.text and "About us" not in a.text
    assert a.id == Article.content_id(a.text)


def test_broken_html_is_an_error():
    e = one(FIX / "broken.html")
    assert isinstance(e, InputError)
    assert "no extractable text" in str(e) and "broken.html" in str(e)


def test_rss_one_article_per_entry():
    items = list(read(str(FIX / "feed.rss")))
    assert [a.title for a in items] == ["Government forces enter Khan Sheikhoun",
                                        "Protest in Idlib city against the offensive"]
    first = items[0]
    assert first.outlet == "Frontline Courier"
    assert first.url == "http://courier.example/khan-sheikhoun"
    assert first.published == datetime(2019, 8, 21, 14, 0)
    assert "<" not in first.text and "Khan Sheikhoun on Wednesday" in first.text
    assert "since 2014" in first.text


def test_atom_entry():
    a = one(FIX / "feed.atom")
    assert a.title == "Airstrikes on Saraqeb as front moves east"
    assert a.outlet == "Border Monitor"
    assert a.url == "http://monitor.example/saraqeb"
    assert a.published == datetime(2020, 2, 5, 13, 45)
    assert a.text.startswith("Warplanes struck the eastern edge of Saraqeb")


def test_broken_rss_is_an_error():
    e = one(FIX / "broken.rss")
    assert isinstance(e, InputError) and "broken feed" in e.message
    assert "\n" not in str(e)


def test_latin1_text_decoded_not_garbled(caplog):
    a = one(FIX / "latin1.txt")
    assert isinstance(a, Article)
    assert a.title == "Clashes near Tadef"
    assert "near the café at the entrance" in a.text and "\ufffd" not in a.text
    assert "not UTF-8" in caplog.text


def test_binary_file_is_an_error():
    e = one(FIX / "image.bin")
    assert isinstance(e, InputError) and e.message == "binary file, not text"


def test_empty_and_missing_files():
    assert one(FIX / "empty.txt").message == "empty file"
    e = one(FIX / "no-such-file.txt")
    assert isinstance(e, InputError) and "no such file" in str(e)


def test_non_english_text_is_an_error():
    e = one(FIX / "french.txt")
    assert isinstance(e, InputError) and "not English" in e.message


def test_plain_text_headers():
    a = one(FIX / "plain.txt")
    assert a.title == "Displacement rises in northwest"
    assert a.outlet == "Border Monitor"
    assert a.published == datetime(2020, 2, 17)
    assert a.text.startswith("Around 900,000 people")
    assert "Published:" not in a.text


def test_plain_text_default_published_and_no_title(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("Fighters attacked a checkpoint on the edge of the town and two soldiers were killed, "
                 "a local official said.\nThe road was closed for the rest of the day.\n")
    a = one(p, published=date(2021, 3, 4))
    assert a.published == datetime(2021, 3, 4)
    assert a.title is None and a.text.startswith("Fighters attacked")


def test_too_large_file_refused_before_reading(tmp_path, monkeypatch):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:  # sparse: no 50 MB written to disk
        f.seek(MAX_BYTES + 10)
        f.write(b"x")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a too-large file"))
    e = one(p)
    assert isinstance(e, InputError) and "too large" in e.message


def test_jsonl_file_with_bad_line():
    items = list(read(str(FIX / "articles.jsonl")))
    assert [x.id for x in articles(items)][:2] == ["a1", "a2"]
    a1, a2, bad, a4 = items
    assert a1.outlet == "Frontline Courier" and a1.title == "Army takes Maarat al-Numan"
    assert a1.published == datetime(2020, 1, 29)
    assert a2.published == datetime(2020, 2, 3, 10, 15)
    assert isinstance(bad, InputError) and bad.line == 3
    assert str(bad).startswith(f"{FIX / 'articles.jsonl'}:3: bad JSON")
    assert a4.id == Article.content_id(a4.text) and a4.published is None


def test_directory_recursive_sorted_skips_hidden(tmp_path):
    text = "Clashes were reported in the {} district on Sunday, and residents said the fighting lasted hours."
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(text.format("northern"))
    (tmp_path / "a.txt").write_text(text.format("southern"))
    (tmp_path / ".hidden.txt").write_text(text.format("hidden"))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(text.format("git"))
    got = list(read(str(tmp_path)))
    assert ["southern" in got[0].text, "northern" in got[1].text] == [True, True]
    assert len(got) == 2


def test_stdin_jsonl():
    stdin = io.StringIO('{"id": "s1", "text": "Protesters gathered outside the governor\'s office in the city '
                        'on Friday to demand the release of detained students."}\n\n[1, 2]\n')
    items = list(read("-", stdin=stdin))
    assert items[0].id == "s1"
    assert str(items[1]) == "<stdin>:3: expected a JSON object, got list"


# -- JSONL lines ----------------------------------------------------------

TEXT = "Government forces shelled the village of Kafr Nabl on Sunday, killing two people."


@pytest.mark.parametrize("line, message", [
    ("{not json", "bad JSON"),
    ('"just a string"', "expected a JSON object, got str"),
    ('{"id": "x"}', "missing 'text'"),
    ('{"id": "x", "text": "   "}', "empty 'text'"),
    ('{"id": "x", "text": 5}', "'text' must be a string"),
    (json.dumps({"id": "x", "text": TEXT, "published": "last Tuesday"}), "bad published 'last Tuesday'"),
    (json.dumps({"id": "x", "text": TEXT, "published": 2020}), "bad published 2020"),
    (json.dumps({"id": "x", "text": TEXT, "title": ["a"]}), "'title' must be a string"),
])
def test_jsonl_line_errors(line, message):
    e = read_jsonl_line(line, "in.jsonl", 7)
    assert isinstance(e, InputError)
    assert str(e).startswith("in.jsonl:7: ") and message in str(e)
    assert "\n" not in str(e)


def test_jsonl_line_dates_and_text_kept_verbatim():
    raw = "  " + TEXT + "\n"
    a = read_jsonl_line(json.dumps({"id": 12, "text": raw, "published": "2020-01-29T23:30:00-02:00"}), "x", 1)
    assert a.id == "12" and a.text == raw            # offsets point into the given text
    assert a.published == datetime(2020, 1, 30, 1, 30)
    b = read_jsonl_line(json.dumps({"text": TEXT, "published": None}), "x", 1)
    assert b.published is None and b.id == Article.content_id(TEXT)


def test_ids_stable_across_whitespace_and_quotes():
    a = read_jsonl_line(json.dumps({"text": "Rebels  said \u201cthe town\u201d fell.\n"}), "x", 1)
    b = read_jsonl_line(json.dumps({"text": 'rebels said "the town"\tfell.'}), "x", 1)
    assert a.id == b.id


def test_ids_stable_between_file_formats(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT + "\n")
    (tmp_path / "b.txt").write_text("  " + TEXT.replace(" ", "   ") + "\r\n\r\n")
    x, y = read(str(tmp_path))
    assert x.id == y.id == Article.content_id(TEXT)


# -- helpers --------------------------------------------------------------

def test_decode_chain():
    assert decode("caf\u00e9".encode()) == ("caf\u00e9", None)
    assert decode(b"\xef\xbb\xbfhello") == ("hello", None)
    text, note = decode("The caf\u00e9 \u2014 \u201cclosed\u201d since the shelling began.".encode("cp1252"))
    assert text == "The caf\u00e9 \u2014 \u201cclosed\u201d since the shelling began." and "cp1252" in note


def test_language_check_is_conservative():
    assert not_english("Clashes in Idlib.") is None
    assert not_english("Военные заявили, что город полностью освобожден от боевиков") is not None
    assert not_english(TEXT * 3) is None


@pytest.mark.parametrize("value, expected", [
    ("2020-01-29", datetime(2020, 1, 29)),
    ("2020-01-29T10:00:00Z", datetime(2020, 1, 29, 10)),
    ("29 January 2020", datetime(2020, 1, 29)),
    ("Wed, 29 Jan 2020 10:00:00 +0100", datetime(2020, 1, 29, 9)),
    (date(2020, 1, 29), datetime(2020, 1, 29)),
    (None, None),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


# -- URLs -----------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        base = f"http://127.0.0.1:{self.server.server_port}"
        routes = {
            "/page.html": ("text/html; charset=utf-8", (FIX / "page.html").read_bytes()),
            "/broken.html": ("text/html", (FIX / "broken.html").read_bytes()),
            "/feed": ("application/rss+xml",
                      (FIX / "linked_feed.rss").read_text().replace("{base}", base).encode()),
            "/atom": ("application/atom+xml", (FIX / "feed.atom").read_bytes()),
            "/broken.rss": ("application/rss+xml", (FIX / "broken.rss").read_bytes()),
            "/latin1": ("text/plain; charset=iso-8859-1", (FIX / "latin1.txt").read_bytes()),
        }
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path not in routes:
            self.send_error(404, "Not Found")
            return
        ctype, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html_page(server):
    a = url_one(f"{server}/page.html")
    assert a.title == "Shelling hits market in Maarat al-Numan"
    assert a.outlet == "Frontline Courier" and a.url
    assert a.id == one(FIX / "page.html").id


def test_url_feed_fetches_linked_pages_and_falls_back_to_summary(server):
    page, convoy = read(f"{server}/feed", allow_private=True)
    # entry 1: the linked page's full text, not the feed's teaser
    assert "killing at least six civilians" in page.text and "teaser" not in page.text
    assert page.url == f"{server}/page.html" and page.outlet == "Local Wire"
    assert page.published == datetime(2020, 1, 27, 10)
    # entry 2: the page is a 404, so the entry summary stands
    assert convoy.text.startswith("An aid convoy was turned back")
    assert convoy.title == "Convoy turned back at the crossing"


def test_url_feed_without_link_fetching(server):
    page, _ = read(f"{server}/feed", fetch_links=False, allow_private=True)
    assert page.text == "Short teaser about a market that was shelled."


def test_url_atom_and_charset_header(server):
    assert url_one(f"{server}/atom").outlet == "Border Monitor"
    a = url_one(f"{server}/latin1")
    assert "café" in a.text


def test_url_errors(server, monkeypatch):
    assert "broken feed" in url_one(f"{server}/broken.rss").message
    assert "no extractable text" in url_one(f"{server}/broken.html").message
    e = url_one(f"{server}/nothing-here")
    assert str(e) == f"{server}/nothing-here: fetch failed: HTTP 404 Not Found"
    monkeypatch.setattr(fetch, "TIMEOUT", 0.3)
    t = time.monotonic()
    e = url_one(f"{server}/slow")
    assert "timed out after 0.3 s" in e.message and time.monotonic() - t < 1.4


def test_url_connection_refused():
    import socket
    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    e = url_one(f"http://127.0.0.1:{port}/x")
    assert isinstance(e, InputError) and e.message.startswith("fetch failed:")


def test_utf16_html_with_bom(tmp_path):
    p = tmp_path / "page16.htm"
    p.write_bytes((FIX / "page.html").read_text().encode("utf-16"))
    a = one(p)
    assert isinstance(a, Article) and a.title == "Shelling hits market in Maarat al-Numan"


def test_undecodable_jsonl_line(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_bytes(b'{"id": "ok", "text": "Clashes were reported."}\n{"id": "bad", "text": "caf\xe9"}\n')
    ok, bad = read(str(p))
    assert ok.id == "ok" and str(bad).endswith(":2: not UTF-8 (invalid continuation byte at byte 26)")
