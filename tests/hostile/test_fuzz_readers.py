"""Fuzzing each reader with Hypothesis: whatever the bytes, a reader yields Articles or one-line
InputErrors and never raises. `make test` runs a short pass (FRONTWATCH_FUZZ_EXAMPLES, default
25 per reader); `make fuzz` a long one."""
from __future__ import annotations

import json
import os

import pytest
from hostile_support import PROSE

from frontwatch import limits
from frontwatch.ingest import read_bytes, read_jsonl_line
from frontwatch.ingest.readers import read_feed, read_html, read_jsonl_bytes, read_plain
from frontwatch.ingest.text import DecodeError, decode
from frontwatch.model import Article, InputError

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXAMPLES = int(os.environ.get("FRONTWATCH_FUZZ_EXAMPLES", "25"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check(items) -> None:
    items = list(items)
    for item in items:
        assert isinstance(item, Article | InputError), item
        if isinstance(item, Article):
            assert item.text.strip() and len(item.text) <= limits.max_chars()
        else:
            assert "\n" not in str(item)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=20)
records = st.fixed_dictionaries({}, optional={
    "id": json_values, "text": st.text(max_size=300) | st.just(PROSE) | json_values,
    "published": st.text(max_size=30) | json_values, "title": json_values, "source": json_values,
    "url": json_values})
markup = st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->",
                                   "<html>", "<body>", "&amp;", "&#0;", "<meta charset='x'>", "<![CDATA[", "]]>",
                                   PROSE, "\x00", "\ufffd", "<title>", "</title>", "<a href='file:///x'>"]),
                  max_size=40).map("".join)


@fuzz
@given(st.text(max_size=500) | records.map(json.dumps))
def test_jsonl_line(line):
    check([read_jsonl_line(line, "fuzz.jsonl", 1)])


@fuzz
@given(st.lists(records.map(json.dumps) | st.text(max_size=80), max_size=6).map("\n".join).map(str.encode)
       | st.binary(max_size=400))
def test_jsonl_bytes(data):
    check(read_jsonl_bytes(data, "fuzz.jsonl"))


@fuzz
@given(st.binary(max_size=600) | markup.map(str.encode), st.sampled_from(["", ".txt", ".html", ".xml", ".jsonl"]))
def test_any_bytes(data, suffix):
    check(read_bytes(data, "fuzz" + suffix, suffix=suffix))


@fuzz
@given(st.text(max_size=600))
def test_plain(text):
    check(read_plain(text, "fuzz.txt"))


@fuzz
@given(markup)
def test_html(html):
    check(read_html(html, "fuzz.html"))


@fuzz
@given(st.lists(st.sampled_from(["<rss version='2.0'>", "<channel>", "<item>", "</item>", "<title>t</title>",
                                 "<link>file:///etc/passwd</link>", "<description>", "</description>", PROSE,
                                 "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>",
                                 "&lt;p&gt;", "<![CDATA[<b>x</b>]]>", "</channel></rss>"]), max_size=30)
       .map("".join))
def test_feed(feed):
    check(read_feed(feed.encode(), "fuzz.rss"))


@fuzz
@given(st.binary(max_size=600), st.none() | st.sampled_from(["utf-8", "latin-1", "bogus", "utf-16", "cp1252"]))
def test_decode(data, declared):
    try:
        text, note = decode(data, declared)
    except DecodeError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str)
