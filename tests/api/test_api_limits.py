"""Work limits of POST /api/articles: coding runs off the event loop (reads keep being answered
meanwhile), gives up with 503 after CODE_SECONDS, and a known id with another text is a 409."""
from __future__ import annotations

import threading
import time

import httpx
import pytest
from api_support import TOKEN

from frontwatch.api import app as app_module

AUTH = {"Authorization": f"Bearer {TOKEN}"}
PROSE = ("Syrian government forces shelled villages near Idlib on Sunday and rebels attacked an army post "
         "near Saraqib, a war monitor said.\n")


@pytest.fixture(scope="module")
def writable(make_server):
    return make_server("limits", token=TOKEN)


def test_reads_are_answered_while_an_article_is_coded(writable):
    article = {"id": "slow-1", "published": "2020-02-03", "text": PROSE * 150}     # ~20,000 characters
    done: dict = {}

    def post():
        with httpx.Client(base_url=writable.url, timeout=120, headers=AUTH) as c:
            done["r"] = c.post("/api/articles", json=article)

    t = threading.Thread(target=post)
    t.start()
    time.sleep(0.3)
    worst = 0.0
    with httpx.Client(base_url=writable.url, timeout=30) as c:
        while t.is_alive():
            start = time.monotonic()
            assert c.get("/api/stats").status_code == 200
            worst = max(worst, time.monotonic() - start)
            time.sleep(0.05)
    t.join()
    assert done["r"].status_code == 200 and done["r"].json()["added"] is True, done["r"].text
    assert worst < 3.0, worst      # the event loop never waited for the coding


def test_coding_time_limit_and_conflict(writable, monkeypatch):
    monkeypatch.setattr(app_module, "CODE_SECONDS", 0.01)
    with httpx.Client(base_url=writable.url, timeout=60, headers=AUTH) as c:
        r = c.post("/api/articles", json={"id": "slow-2", "text": PROSE * 40})
        assert r.status_code == 503 and "took over" in r.json()["detail"]
        monkeypatch.setattr(app_module, "CODE_SECONDS", 60.0)
        deadline = time.monotonic() + 60
        while True:     # the abandoned coding still holds its slot until it ends
            r = c.post("/api/articles", json={"id": "ok-3", "text": PROSE})
            if r.status_code != 503 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert r.status_code == 200, r.text
        again = c.post("/api/articles", json={"id": "ok-3", "text": PROSE + "Another report."})
        assert again.status_code == 409 and "different text" in again.json()["detail"]
        assert c.post("/api/articles", json={"id": "ok-3", "text": PROSE}).json()["added"] is False
