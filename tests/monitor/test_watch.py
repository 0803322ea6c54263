"""`watch` against feed servers on 127.0.0.1: new items, 304s, 500s, timeouts, broken feeds,
dedup across outlets, a restart that refetches nothing. Real fetching, coding and a DuckDB store."""
from __future__ import annotations

from feed_server import item

from frontwatch.monitor.feeds import FeedSpec, WatchConfig
from frontwatch.store import open_store

SARAQEB = item("s1", "Army takes Saraqeb",
               "Syrian government forces captured Saraqeb on Saturday after heavy clashes with HTS fighters, "
               "a war monitor said. At least 12 fighters were killed in the fighting.")
IDLIB = item("i1", "Airstrike on Idlib market",
             "An airstrike hit a market in Idlib city on Friday, killing 8 civilians, the Syrian Observatory "
             "for Human Rights said.")
MAARAT = item("m1", "Thousands flee Maarat al-Numan",
              "Some 40,000 people fled Maarat al-Numan in the past week as shelling intensified, the UN said.")


def config(*specs: FeedSpec, **kw) -> WatchConfig:
    kw.setdefault("host_delay", 0.0)
    return WatchConfig(feeds=tuple(specs), **kw)


def stored(db) -> list[tuple]:
    with open_store(db, read_only=True) as s:
        return s._execute("SELECT id, url FROM articles ORDER BY url").fetchall()


def test_new_items_between_polls_and_304s(srv, start_watch, tmp_path):
    db = str(tmp_path / "s.duckdb")
    feed = srv.add_feed("/wire.xml", [SARAQEB])
    run = start_watch(config(FeedSpec(srv.feed_url(feed), 0.1)), db)
    run.until(lambda: run.watch.tally.added == 1, "the first item stored")
    run.until(lambda: run.watch.tally.unchanged >= 2, "two polls answered 304")
    srv.add_item(feed, IDLIB)                       # appears between polls
    run.until(lambda: run.watch.tally.added == 2, "the new item stored")
    run.until(lambda: run.watch.tally.unchanged >= 4, "re-polls after it")
    tally = run.stop()
    assert tally.added == 2 and tally.skipped == 0 and tally.errors == 0
    rows = stored(db)
    assert [u for _, u in rows] == [f"{srv.url}/item/i1.html", f"{srv.url}/item/s1.html"]
    # every poll after the first was conditional, with the validators the server gave
    later = feed.requests[1:]
    assert later and all(r["if_none_match"] and r["if_modified_since"] for r in later)
    # each item page fetched once, however many polls
    assert sorted(srv.page_requests) == ["/item/i1.html", "/item/s1.html"]
    with open_store(db, read_only=True) as s:
        assert s.count_events() >= 2
        state = s.feed_states()[srv.feed_url(feed)]
    assert state.etag and state.failures == 0


def test_500s_and_timeouts_back_off_and_others_go_on(srv, start_watch, tmp_path):
    db = str(tmp_path / "s.duckdb")
    ok = srv.add_feed("/ok.xml", [SARAQEB])
    bad = srv.add_feed("/bad.xml", mode="500")
    slow = srv.add_feed("/slow.xml", mode="timeout")
    slow.delay = 5.0
    specs = (FeedSpec(srv.feed_url(bad), 0.1), FeedSpec(srv.feed_url(slow), 0.1, timeout=0.5),
             FeedSpec(srv.feed_url(ok), 0.1))
    run = start_watch(config(*specs, max_backoff=60), db)
    run.until(lambda: len(bad.requests) >= 3 and len(slow.requests) >= 2, "repeated failures")
    srv.add_item(ok, IDLIB)
    run.until(lambda: run.watch.tally.added == 2, "the healthy feed's items stored")
    run.stop()
    assert len(stored(db)) == 2
    bad_lines = [n for n in run.notes if n.startswith(srv.feed_url(bad))]
    slow_lines = [n for n in run.notes if n.startswith(srv.feed_url(slow))]
    assert all("HTTP 500" in n and "\n" not in n for n in bad_lines)
    assert all("timed out" in n for n in slow_lines)
    # one line per failure, each with its waiting time: 0.1 s doubled per failure in a row
    waits = [float(n.rsplit("next poll in ", 1)[1].split(" ")[0]) for n in bad_lines]
    failures = [int(n.split("(failure ", 1)[1].split(";")[0]) for n in bad_lines]
    assert failures == list(range(1, len(bad_lines) + 1))
    assert waits == sorted(waits)
    with open_store(db, read_only=True) as s:
        states = s.feed_states()
    assert states[srv.feed_url(bad)].failures == len(bad_lines)
    assert "HTTP 500" in states[srv.feed_url(bad)].last_error
    assert states[srv.feed_url(ok)].failures == 0


def test_a_malformed_feed_is_one_error_line(srv, start_watch, tmp_path):
    db = str(tmp_path / "s.duckdb")
    broken = srv.add_feed("/broken.xml", mode="malformed")
    ok = srv.add_feed("/ok.xml", [SARAQEB])
    run = start_watch(config(FeedSpec(srv.feed_url(broken), 30), FeedSpec(srv.feed_url(ok), 30)), db)
    run.until(lambda: run.watch.tally.added == 1 and run.watch.tally.errors == 1, "one poll of each")
    run.stop()
    lines = [n for n in run.notes if "broken.xml" in n]
    assert len(lines) == 1, lines
    assert lines[0].startswith(srv.feed_url(broken) + ": broken feed:")
    assert len(stored(db)) == 1


def test_same_story_from_two_outlets_is_stored_once(srv, start_watch, tmp_path):
    db = str(tmp_path / "s.duckdb")
    a = srv.add_feed("/a.xml", [SARAQEB])
    copy = item("other-guid", "Saraqeb falls", SARAQEB.text)
    b = srv.add_feed("/b.xml", [copy])
    specs = (FeedSpec(srv.feed_url(a), 30, fetch_links=False), FeedSpec(srv.feed_url(b), 30, fetch_links=False))
    run = start_watch(config(*specs), db)
    run.until(lambda: run.watch.tally.added + run.watch.tally.skipped == 2, "both entries handled")
    tally = run.stop()
    assert (tally.added, tally.skipped) == (1, 1)
    assert len(stored(db)) == 1
    assert srv.page_requests == []                  # fetch_links: false uses the entries' own text


def test_a_page_of_links(srv, start_watch, tmp_path):
    db = str(tmp_path / "s.duckdb")
    page = srv.add_feed("/news/", [SARAQEB, MAARAT], mode="html")
    run = start_watch(config(FeedSpec(srv.feed_url(page), 30)), db)
    run.until(lambda: run.watch.tally.added == 2, "both linked articles stored")
    run.stop()
    assert [u for _, u in stored(db)] == [f"{srv.url}/item/m1.html", f"{srv.url}/item/s1.html"]
    assert sorted(srv.page_requests) == ["/item/m1.html", "/item/s1.html"]      # not the 'Home' link


def test_a_restart_fetches_and_stores_nothing_twice(srv, start_watch, tmp_path):
    db = str(tmp_path / "s.duckdb")
    feed = srv.add_feed("/wire.xml", [SARAQEB, IDLIB])
    spec = FeedSpec(srv.feed_url(feed), 30)
    run = start_watch(config(spec), db)
    run.until(lambda: run.watch.tally.added == 2, "the items stored")
    run.stop()
    first_pages = list(srv.page_requests)
    srv.add_item(feed, MAARAT)
    again = start_watch(config(spec), db)
    again.until(lambda: again.watch.tally.added == 1, "the new item stored")
    tally = again.stop()
    assert tally.added == 1 and tally.skipped == 0
    assert srv.page_requests == first_pages + ["/item/m1.html"]
    assert len(stored(db)) == 3
    # and a third run over an unchanged feed asks conditionally and gets 304
    n = len(feed.requests)
    third = start_watch(config(spec), db)
    third.until(lambda: third.watch.tally.unchanged == 1, "a 304")
    third.stop()
    assert feed.requests[n]["if_none_match"]
    assert len(stored(db)) == 3


def test_a_feed_on_a_private_address_is_refused_without_allow_private(srv, start_watch, tmp_path):
    feed = srv.add_feed("/wire.xml", [SARAQEB])
    run = start_watch(config(FeedSpec(srv.feed_url(feed), 30)), str(tmp_path / "s.duckdb"), allow_private=False)
    run.until(lambda: run.watch.tally.errors >= 1, "the refusal")
    run.stop()
    notes = run.notes
    assert feed.requests == []                      # refused before any connection
    assert len(notes) == 1 and notes[0].startswith(srv.feed_url(feed) + ": refused:")
    assert "--allow-private" in notes[0]


def test_feed_lists_and_their_errors():
    import pytest

    from frontwatch.monitor.feeds import ConfigError, load

    with pytest.raises(ConfigError, match="no feeds to watch"):
        load()
    cfg = load(["https://a.example/feed"], None, 60)
    assert cfg.feeds[0].interval == 60 and cfg.host_delay == 1.0


def test_feeds_file(tmp_path):
    import pytest

    from frontwatch.monitor.feeds import ConfigError, load

    f = tmp_path / "feeds.yaml"
    f.write_text("interval: 120\nhost_delay: 0.5\nfeeds:\n  - https://a.example/rss\n"
                 "  - {url: 'https://b.example/news/', kind: html, interval: 30, name: B}\n")
    cfg = load(["https://a.example/rss"], f, None)
    assert [(s.url, s.interval, s.kind) for s in cfg.feeds] == [("https://a.example/rss", 120, "auto"),
                                                                ("https://b.example/news/", 30, "html")]
    assert load([], f, 10).feeds[0].interval == 10          # --interval replaces the file's default
    assert load([], f, 10).feeds[1].interval == 30          # not a feed's own
    f.write_text("feeds:\n  - {url: x, kind: gopher}\n")
    with pytest.raises(ConfigError, match="kind must be one of") as exc:
        load([], f)
    assert str(exc.value).startswith(str(f)) and "\n" not in str(exc.value)
    f.write_text("feeds: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load([], f)
