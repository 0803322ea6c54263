"""The tables `watch` keeps (migration 005) on both backends: feed state, handled entries, alerts."""
from __future__ import annotations

from datetime import datetime

from frontwatch.model import Alert, Article, FeedState


def test_feed_state_and_entries_round_trip(store):
    store.save_watch([FeedState("http://a/f", '"v1"', "Tue, 01 Dec 2020 07:15:18 GMT")],
                     [("http://a/f", "k1", None), ("http://a/f", "k2", "art-1")])
    store.save_watch([FeedState("http://a/f", '"v2"', None, failures=3, last_error="HTTP 500")],
                     [("http://a/f", "k1", None), ("http://b/f", "k1", None)])        # k1 again: no error
    st = store.feed_states()["http://a/f"]
    assert (st.etag, st.last_modified, st.failures, st.last_error) == ('"v2"', None, 3, "HTTP 500")
    assert store.seen_items("http://a/f", ["k1", "k2", "k3"]) == {"k1", "k2"}
    assert store.seen_items("http://b/f", ["k1", "k2"]) == {"k1"}
    assert store.seen_items("http://a/f", [f"x{i}" for i in range(1200)]) == set()     # in chunks


def test_stored_urls(store):
    store.add_article(Article("a1", "Some text about Idlib.", url="http://a/item/1.html"), [])
    assert store.stored_urls(["http://a/item/1.html", "http://a/item/2.html", ""]) == {"http://a/item/1.html"}


def test_alerts_are_stored_once_and_delivered(store):
    now = datetime(2020, 3, 12, 9, 30)
    a = Alert("al-1", "r", "fatalities", "12 killed in Idlib", "summary", now, "Idlib", ("ev-1",),
              ({"sentence": "s", "article_id": "a1", "outlet": None, "url": None, "source": "SOHR"},))
    b = Alert("al-2", "r", "fatalities", "20 killed in Idlib", "summary", datetime(2020, 3, 13), "Idlib")
    assert store.add_alerts([a, b]) == [a, b]
    assert store.add_alerts([a]) == []
    assert [x.id for x in store.alerts()] == ["al-2", "al-1"]                # newest first
    assert store.alerts(limit=None)[1] == a                                   # the evidence round-trips
    assert [x.id for x in store.alerts(undelivered=True, limit=None)] == ["al-1", "al-2"]
    store.mark_delivered(["al-1"])
    assert [x.id for x in store.alerts(undelivered=True, limit=None)] == ["al-2"]
