"""The `frontwatch watch` command as a process: SIGTERM stops it cleanly, and SIGKILL mid-poll
then a restart loses and doubles nothing (counted in the store)."""
from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from feed_server import item
from watch_support import frontwatch_bin

from frontwatch.store import StoreError, open_store

N_ITEMS = 14

TEXTS = [
    "Syrian government forces shelled the town of {place} on Monday, killing {n} civilians, the Syrian "
    "Observatory for Human Rights said.",
    "Clashes between government troops and rebel fighters near {place} left {n} fighters dead on Tuesday, "
    "a war monitor reported.",
]
PLACES = ["Saraqeb", "Maarat al-Numan", "Ariha", "Jisr al-Shughur", "Kafr Nabl", "Khan Shaykhun", "Sarmin"]


def items(n: int):
    return [item(f"n{i}", f"Report {i}", TEXTS[i % 2].format(place=PLACES[i % len(PLACES)], n=i + 2)
                 + f" Dispatch number {i}.") for i in range(n)]


def count(db: str) -> tuple[int, int]:
    """(articles, handled entries); the watcher holds the file only for short moments."""
    deadline = time.monotonic() + 120
    while True:
        try:
            with open_store(db, read_only=True) as s:
                a = s._execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
                b = s._execute("SELECT count(*) FROM watch_items").fetchone()[0]
            assert a[0] == a[1], "an article stored twice"
            return a[0], b
        except StoreError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def start(url: str, db: str, home) -> subprocess.Popen:
    env = dict(os.environ, FRONTWATCH_HOME=str(home))
    return subprocess.Popen([frontwatch_bin(), "watch", url, "--interval", "0.2", "--db", db, "--allow-private"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(cond, what: str, proc: subprocess.Popen, limit: float = 600):
    deadline = time.monotonic() + limit         # a hang guard, far above the need
    while not cond():
        if proc.poll() is not None:
            pytest.fail(f"watch exited ({proc.returncode}) before {what}: {proc.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"watch never got to {what}")
        time.sleep(0.1)


def test_sigterm_stops_cleanly(srv, tmp_path, _home):
    feed = srv.add_feed("/wire.xml", items(1))
    db = str(tmp_path / "s.duckdb")
    proc = start(srv.feed_url(feed), db, _home)
    wait_for(lambda: count(db)[0] == 1 if os.path.exists(db) else False, "the item stored", proc)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "stopped:" in err.splitlines()[-1]
    assert "Traceback" not in err


def test_sigkill_mid_poll_then_restart_loses_and_doubles_nothing(srv, tmp_path, _home):
    feed = srv.add_feed("/wire.xml", items(N_ITEMS))
    db = str(tmp_path / "s.duckdb")
    proc = start(srv.feed_url(feed), db, _home)
    # killed while the poll is under way: pages fetched, some articles stored, others not yet
    wait_for(lambda: len(srv.page_requests) >= N_ITEMS and os.path.exists(db) and count(db)[0] >= 1,
             "the first articles stored", proc)
    proc.kill()
    proc.wait(60)
    before, _ = count(db)
    with open_store(db, read_only=True) as s:
        stored_before = [r[0].split(srv.url, 1)[1] for r in s._execute("SELECT url FROM articles").fetchall()]
    proc = start(srv.feed_url(feed), db, _home)
    wait_for(lambda: count(db) == (N_ITEMS, N_ITEMS), "every item stored", proc)
    srv.add_item(feed, item("late", "Late report", "Turkish drones struck a convoy near Saraqeb on Friday, "
                                                   "killing 5 soldiers, state media said."))
    wait_for(lambda: count(db)[0] == N_ITEMS + 1, "the new item stored", proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert count(db) == (N_ITEMS + 1, N_ITEMS + 1)
    # what was stored before the kill was not fetched again (a page fetched but not yet stored is)
    assert before == len(stored_before) >= 1
    assert all(srv.page_requests.count(path) == 1 for path in stored_before), srv.page_requests


def test_bad_arguments_are_one_line(tmp_path, _home):
    env = dict(os.environ, FRONTWATCH_HOME=str(_home))
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - kind: fatalities\n")
    for args, part in [([], "no feeds to watch"),
                       (["http://a.example/f", "--alerts", str(bad)], "needs 'above'"),
                       (["--feeds", str(tmp_path / "missing.yaml")], "cannot read")]:
        proc = subprocess.run([frontwatch_bin(), "watch", *args], env=env, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode != 0 and part in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
