"""Test data and a live server for the API tests: a real uvicorn server on 127.0.0.1 over a temporary DuckDB store filled with hand-built events."""
from __future__ import annotations

import socket
import threading
import time
from datetime import date, datetime

import uvicorn

from frontwatch.model import Actor, Article, Event, Evidence, Place
from frontwatch.store import open_store

TOKEN = "test-token-123"
XSS = 'Residents said <script>window.pwned=1</script> and <img src=x onerror="window.pwned=2"> nothing more.'

SAA = Actor("Military Forces of Syria", "State forces", "government forces")
HTS = Actor("Hayat Tahrir al-Sham", "Rebel group", "HTS")
CIV = Actor("Civilians (Syria)", "Civilians", "civilians")


def _place(name: str, lat: float, lon: float, admin1: str = "Idlib") -> Place:
    return Place(name, lat, lon, "SY", admin1)


def _article(aid: str, day: date, text: str, title: str) -> Article:
    return Article(aid, text, datetime(day.year, day.month, day.day, 9), title, "Test Wire",
                   f"https://example.org/{aid}")


def _event(art: Article, etype: str, sub: str, sentence: str, day: date | None, place: Place | None,
           a1: Actor | None = None, a2: Actor | None = None, fatalities: int = 0, **kw) -> Event:
    start = art.text.index(sentence)
    return Event(art.id, etype, sub, Evidence(sentence, start, start + len(sentence)), event_date=day,
                 actor1=a1, actor2=a2, place=place, fatalities=fatalities, **kw)


MAARAT = _place("Maarat al-Numan", 35.6483, 36.67693)
SARAQEB = _place("Saraqeb", 35.8623, 36.8006)
IDLIB = _place("Idlib", 35.9306, 36.6339)
ALEPPO = _place("Aleppo", 36.2021, 37.1343, "Aleppo")


def sample_articles() -> list[tuple[Article, list[Event]]]:
    out = []
    t1 = ("Syrian government forces captured Maarat al-Numan on 20 January after clashes with HTS. "
          "At least 12 fighters were killed.")
    a1 = _article("a1", date(2020, 1, 21), t1, "Army takes Maarat al-Numan")
    out.append((a1, [
        _event(a1, "Battles", "Government regains territory",
               "Syrian government forces captured Maarat al-Numan on 20 January after clashes with HTS.",
               date(2020, 1, 20), MAARAT, SAA, HTS, fatalities=12, source="SOHR"),
    ]))
    t2 = "An airstrike hit a market in Idlib city on 24 January, killing 8 civilians."
    a2 = _article("a2", date(2020, 1, 24), t2, "Airstrike on Idlib market")
    out.append((a2, [_event(a2, "Explosions/Remote violence", "Air/drone strike", t2, date(2020, 1, 24), IDLIB,
                            SAA, CIV, fatalities=8)]))
    t3 = "Hundreds protested in Aleppo on 26 January against rising prices."
    a3 = _article("a3", date(2020, 1, 26), t3, "Protest in Aleppo")
    out.append((a3, [_event(a3, "Protests", "Peaceful protest", t3, date(2020, 1, 26), ALEPPO,
                            Actor("Protesters (Syria)", "Protesters", "Hundreds"))]))
    t4 = "HTS fighters retook Saraqeb on 30 January. Some 40,000 people fled the town."
    a4 = _article("a4", date(2020, 1, 30), t4, "Rebels retake Saraqeb")
    out.append((a4, [
        _event(a4, "Battles", "Non-state actor overtakes territory", "HTS fighters retook Saraqeb on 30 January.",
               date(2020, 1, 30), SARAQEB, HTS, SAA),
        _event(a4, "Displacement", "Displacement", "Some 40,000 people fled the town.", date(2020, 1, 30),
               SARAQEB, displaced=40000),
    ]))
    a5 = _article("a5", date(2020, 1, 28), XSS, "<b>Untrusted</b> title")
    out.append((a5, [_event(a5, "Violence against civilians", "Attack", XSS, date(2020, 1, 28), SARAQEB,
                            None, CIV, fatalities=1)]))
    t6 = "Fighting was reported near the front, without a date or a place."
    a6 = _article("a6", date(2020, 1, 29), t6, "Undated")
    out.append((a6, [_event(a6, "Battles", "Armed clash", t6, None, None, status="background")]))
    return out


def fill_store(path: str) -> None:
    with open_store(path) as store:
        for art, events in sample_articles():
            assert store.add_article(art, events)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


