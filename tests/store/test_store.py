"""The store's behaviour, on DuckDB and on PostgreSQL."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from frontwatch.model import Actor, Article, Event, Evidence, Place
from frontwatch.store import Store, StoreError, migrations, open_store
from frontwatch.store import base as store_base
from frontwatch.store.base import split_sql
from frontwatch.store.duckdb import DuckDBStore

SYR = Actor("Military Forces of Syria", "State forces", "government troops")
HTS = Actor("Hayat Tahrir al-Sham", "Rebel group", "HTS")
TUR = Actor("Military Forces of Turkey", "External/Other forces")
CIV = Actor("Civilians (Syria)", "Civilians")

SARAQIB = Place("Saraqib", 35.8646, 36.8006, "SY", "Idlib", "P.PPL", 163270, 30000, 1)
MAARAT = Place("Maarat al-Numan", 35.6436, 36.6697, "SY", "Idlib", "P.PPLA2", 170592, 58000, 1)
ALEPPO = Place("Aleppo", 36.2021, 37.1343, "SY", "Aleppo", "P.PPLA", 170063, 1600000, 1)
KOBANI = Place("Ain al-Arab", 36.8906, 38.3536, "SY", "Aleppo", None, None, 0, 2)
FIJI = Place("Taveuni", -16.85, 179.95, "FJ", "Northern", None, None, 0, 3)


def art(n: int, text: str | None = None, published=datetime(2020, 2, 1, 12)) -> Article:
    text = text or f"Article number {n}: fighting was reported across the province on that day."
    return Article(id=f"art{n}", text=text, published=published, title=f"Title {n}", outlet="Courier",
                   url=f"http://courier.example/{n}")


def ev(article: Article, start: int, sub: str = "Armed clash", etype: str = "Battles", **kw) -> Event:
    sentence = kw.pop("sentence", f"Sentence at {start}.")
    kw.setdefault("event_date", date(2020, 2, 1))
    return Event(article_id=article.id, event_type=etype, sub_event_type=sub,
                 evidence=Evidence(sentence, start, start + len(sentence)), **kw)


def full_event(a: Article) -> Event:
    return ev(a, 10, "Government regains territory", sentence="Government troops retook Saraqib.",
              event_date=date(2020, 3, 2), time_precision=2, actor1=SYR, actor2=HTS, place=SARAQIB,
              fatalities=4, fatalities_high=9, displaced=1200, source="SOHR; SANA", status="current",
              confidence=0.87, extra={"claims": ["SOHR"], "n": 2})


# -- basics ---------------------------------------------------------------

def test_round_trip(store):
    a = art(1)
    e1 = full_event(a)
    e2 = ev(a, 50, "Shelling/artillery/missile attack", "Explosions/Remote violence", actor1=TUR,
            place=None, event_date=None, status="background")
    assert store.add_article(a, [e1, e2]) is True
    assert store.has_article("art1") and not store.has_article("nope")
    assert store.article("art1") == a
    assert store.article("nope") is None
    assert store.articles() == [a]
    assert store.count() == {"articles": 1, "events": 2, "places": 1}
    assert store.event(e1.id) == e1 and store.event(e1.id).id == e1.id
    assert store.event(e2.id) == e2
    assert store.event("ev-missing") is None
    assert store.events() == [e1, e2]          # undated last
    assert store.places() == [SARAQIB]


def test_aware_published_stored_as_naive_utc(store):
    a = art(1, published=datetime(2020, 1, 29, 23, 30, tzinfo=timezone(timedelta(hours=-2))))
    store.add_article(a, [])
    assert store.article("art1").published == datetime(2020, 1, 30, 1, 30)


def test_reingest_adds_nothing(store):
    a = art(1)
    assert store.add_article(a, [full_event(a)])
    before = store.count()
    assert store.add_article(a, [full_event(a), ev(a, 99, place=ALEPPO)]) is False
    assert store.count() == before


def test_same_text_same_id_is_the_same_article(store):
    text = "Rebels   said  the town fell."
    a = Article(Article.content_id(text), text)
    b = Article(Article.content_id(" rebels said the TOWN fell.\n"), " rebels said the TOWN fell.\n")
    assert store.add_article(a, []) and not store.add_article(b, [])


def test_places_deduplicated(store):
    a, b = art(1), art(2)
    store.add_article(a, [ev(a, 0, place=SARAQIB), ev(a, 40, place=MAARAT), ev(a, 80, place=KOBANI)])
    renamed = replace(SARAQIB, name="Saraqeb")    # same GeoNames id, another spelling
    store.add_article(b, [ev(b, 0, place=renamed), ev(b, 40, place=KOBANI), ev(b, 80, place=SARAQIB)])
    assert store.count() == {"articles": 2, "events": 6, "places": 3}
    # the event keeps the name its article used
    assert {e.place.name for e in store.events(article_id="art2")} == {"Saraqeb", "Ain al-Arab", "Saraqib"}


def test_duplicate_event_in_one_article_stored_once(store):
    a = art(1)
    e = ev(a, 0, place=SARAQIB)
    assert store.add_article(a, [e, replace(e, fatalities=3)])
    assert store.count()["events"] == 1 and store.event(e.id).fatalities == 0


def test_event_of_another_article_refused(store):
    a, b = art(1), art(2)
    with pytest.raises(ValueError, match="belongs to article"):
        store.add_article(a, [ev(b, 0)])
    assert store.count()["articles"] == 0


# -- transactions ---------------------------------------------------------

@pytest.mark.parametrize("bad", [
    {"status": "rumoured"},              # CHECK constraint
    {"fatalities": "many"},              # type error inside the database
    {"confidence": 1.5},
    {"time_precision": 7},
])
def test_bad_value_rolls_back_whole_article(store, bad):
    store.add_article(art(9), [ev(art(9), 0, place=ALEPPO)])
    before = store.count()
    a = art(1)
    good = ev(a, 0, place=SARAQIB)
    with pytest.raises(Exception):  # noqa: B017 - each backend raises its own error class
        store.add_article(a, [good, ev(a, 40, place=MAARAT, **bad)])
    assert store.count() == before
    assert not store.has_article("art1") and store.event(good.id) is None
    # the connection is still usable and the article can be stored once fixed
    assert store.add_article(a, [good])
    assert store.count()["articles"] == before["articles"] + 1


def test_failure_after_events_rolls_back(store, monkeypatch):
    a = art(1)

    def boom(self, rows):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_evidence", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add_article(a, [full_event(a)])
    assert store.count() == {"articles": 0, "events": 0, "places": 0}
    monkeypatch.undo()
    assert store.add_article(a, [full_event(a)])
    assert store.count() == {"articles": 1, "events": 1, "places": 1}


# -- migrations -----------------------------------------------------------

def _versions(store):
    return [r[0] for r in store._execute("SELECT version FROM schema_version ORDER BY version").fetchall()]


def test_migrations_applied_once(store_url):
    expected = [v for v, _, _ in migrations("duckdb")]
    assert expected[0] == 1
    with open_store(store_url) as s:
        assert _versions(s) == expected
        s.add_article(art(1), [])
    with open_store(store_url) as s:
        assert _versions(s) == expected            # not applied again
        assert s._migrate() == []
        assert s.count()["articles"] == 1          # data untouched


def test_new_migration_applied_in_order_on_next_open(store_url, tmp_path, monkeypatch):
    with open_store(store_url) as s:
        s.add_article(art(1), [])
    mdir = tmp_path / "migrations"
    shutil.copytree(store_base.MIGRATIONS_DIR, mdir)
    (mdir / "900_notes.sql").write_text(
        "-- a note; with a semicolon in a comment\n"
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n"
        "INSERT INTO notes VALUES (1, 'it''s; fine');\n")
    (mdir / "901_dialect.duckdb.sql").write_text("CREATE TABLE only_duck (x INTEGER);")
    (mdir / "901_dialect.postgres.sql").write_text("CREATE TABLE only_pg (x INTEGER);")
    monkeypatch.setattr(store_base, "MIGRATIONS_DIR", mdir)
    with open_store(store_url) as s:
        assert _versions(s)[-2:] == [900, 901] and s.schema_version() == 901
        assert s._execute("SELECT body FROM notes").fetchall() == [("it's; fine",)]
        assert s._has_table("only_duck") == (s.dialect == "duckdb")
        assert s._has_table("only_pg") == (s.dialect == "postgres")
    with open_store(store_url) as s:
        assert _versions(s).count(900) == 1
        assert s.count()["articles"] == 1


def test_read_only_store_refuses_writes_and_stale_schema(store_url, tmp_path, monkeypatch):
    with open_store(store_url) as s:
        s.add_article(art(1), [])
    with open_store(store_url, read_only=True) as ro:
        assert ro.count()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            ro.add_article(art(2), [])
    mdir = tmp_path / "migrations"
    shutil.copytree(store_base.MIGRATIONS_DIR, mdir)
    (mdir / "950_more.sql").write_text("CREATE TABLE more (x INTEGER);")
    monkeypatch.setattr(store_base, "MIGRATIONS_DIR", mdir)
    with pytest.raises(StoreError, match="open it once read-write"):
        open_store(store_url, read_only=True)


def test_split_sql():
    assert split_sql("a; b ';' ; -- c;\n d \"x;y\";") == ["a", "b ';'", 'd "x;y"']


# -- queries --------------------------------------------------------------

@pytest.fixture
def filled(store):
    a1, a2, a3 = art(1), art(2), art(3)
    events = {
        "clash": ev(a1, 100, actor1=SYR, actor2=HTS, place=SARAQIB, event_date=date(2020, 2, 5),
                    sentence="Government troops clashed with HTS fighters east of Saraqib."),
        "shell": ev(a1, 10, "Shelling/artillery/missile attack", "Explosions/Remote violence", actor1=TUR,
                    place=MAARAT, event_date=date(2020, 2, 5), fatalities=3,
                    sentence="Turkish artillery shelled positions near Maarat al-Numan."),
        "retake": ev(a2, 0, "Government regains territory", actor1=SYR, place=MAARAT,
                     event_date=date(2020, 1, 28), sentence="The army retook Maarat al-Numan."),
        "protest": ev(a2, 60, "Peaceful protest", "Protests", actor1=CIV, place=ALEPPO,
                      event_date=date(2020, 2, 20), status="background",
                      sentence="Residents of Aleppo protested against the shelling."),
        "kobani": ev(a3, 5, place=KOBANI, event_date=date(2020, 3, 1), actor1=HTS,
                     sentence="Fighting was reported near Ain al-Arab."),
        "fiji": ev(a3, 90, "Peaceful protest", "Protests", place=FIJI, event_date=date(2020, 3, 2),
                   sentence="A protest was held on Taveuni."),
        "undated": ev(a3, 50, "Air/drone strike", "Explosions/Remote violence", place=ALEPPO,
                      event_date=None, sentence="A drone struck a car outside Aleppo."),
    }
    store.add_article(a1, [events["clash"], events["shell"]])
    store.add_article(a2, [events["retake"], events["protest"]])
    store.add_article(a3, [events["kobani"], events["fiji"], events["undated"]])
    return store, events


def names(result, events):
    by_id = {e.id: k for k, e in events.items()}
    return [by_id[e.id] for e in result]


def test_order_date_article_evidence_start(filled):
    store, evs = filled
    assert names(store.events(), evs) == ["retake", "shell", "clash", "protest", "kobani", "fiji", "undated"]


@pytest.mark.parametrize("kw, expected", [
    ({"start": date(2020, 2, 5)}, ["shell", "clash", "protest", "kobani", "fiji"]),
    ({"end": date(2020, 2, 5)}, ["retake", "shell", "clash"]),
    ({"start": date(2020, 2, 6), "end": date(2020, 3, 1)}, ["protest", "kobani"]),
    ({"start": "2020-03-02", "end": datetime(2020, 3, 2, 23)}, ["fiji"]),
    ({"bbox": (36.5, 35.5, 37.0, 36.0)}, ["retake", "shell", "clash"]),          # Idlib south
    ({"bbox": (36.0, 35.0, 39.0, 37.0)}, ["retake", "shell", "clash", "protest", "kobani", "undated"]),
    ({"bbox": (179.0, -20.0, -179.0, -10.0)}, ["fiji"]),                          # across 180°
    ({"event_type": "Protests"}, ["protest", "fiji"]),
    ({"event_type": ["Protests", "Battles"]}, ["retake", "clash", "protest", "kobani", "fiji"]),
    ({"sub_event_type": "Armed clash"}, ["clash", "kobani"]),
    ({"actor": "hayat tahrir"}, ["clash", "kobani"]),                            # actor1 or actor2
    ({"actor": "Syria"}, ["retake", "clash", "protest"]),
    ({"admin1": "aleppo"}, ["protest", "kobani", "undated"]),
    ({"text": "SHELL"}, ["shell", "protest"]),
    ({"text": "100%_"}, []),                                                     # no LIKE wildcards
    ({"status": "background"}, ["protest"]),
    ({"country": "fj"}, ["fiji"]),
    ({"event_type": "Battles", "admin1": "Idlib", "start": date(2020, 2, 1)}, ["clash"]),
    ({"limit": 2}, ["retake", "shell"]),
    ({"limit": 2, "offset": 2}, ["clash", "protest"]),
    ({"offset": 6}, ["undated"]),
    ({"limit": 0}, []),
])
def test_event_filters(filled, kw, expected):
    store, evs = filled
    assert names(store.events(**kw), evs) == expected


def test_events_reconstructed_whole(filled):
    store, evs = filled
    got = store.events(actor="HTS") + store.events(text="Government troops")
    assert evs["clash"] in got
    clash = store.event(evs["clash"].id)
    assert clash.actor1 == SYR and clash.actor2 == HTS and clash.place == SARAQIB
    assert clash.evidence == evs["clash"].evidence


def test_event_pages_are_slices_of_the_whole_order(filled):
    # a page is read in two steps (its ids, then their rows): it must equal that slice of the full order,
    # whole events included, under any filter
    store, _ = filled
    whole = store.events()
    assert len(whole) >= 3
    for limit in (1, 2, len(whole) + 1):
        for offset in range(len(whole) + 1):
            assert store.events(limit=limit, offset=offset) == whole[offset:offset + limit]
    hts = store.events(actor="HTS")
    assert store.events(actor="HTS", limit=1, offset=0) == hts[:1]
    assert store.events(actor="no such actor", limit=5) == []


def test_articles_paging(filled):
    store, _ = filled
    assert [a.id for a in store.articles()] == ["art1", "art2", "art3"]
    assert [a.id for a in store.articles(limit=1, offset=1)] == ["art2"]


# -- opening --------------------------------------------------------------

def test_open_store_urls(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTWATCH_HOME", str(tmp_path / "home"))
    with open_store() as s:
        assert s.url == str(tmp_path / "home" / "frontwatch.duckdb") and s.dialect == "duckdb"
    with open_store(f"duckdb://{tmp_path}/x/y.duckdb") as s:
        s.add_article(art(1), [])
    with open_store(str(tmp_path / "x" / "y.duckdb")) as s:
        assert s.count()["articles"] == 1
    with open_store(":memory:") as s:
        assert s.count()["articles"] == 0
    with pytest.raises(StoreError, match="unsupported store URL"):
        open_store("sqlite:///x.db")


def test_closed_store_raises(store):
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count()
    store.close()  # twice is fine


def test_duckdb_read_only_of_new_file_and_concurrent_readers(tmp_path):
    path = str(tmp_path / "new.duckdb")
    with open_store(path, read_only=True) as r1, open_store(path, read_only=True) as r2:
        assert r1.count() == r2.count() == {"articles": 0, "events": 0, "places": 0}


def test_duckdb_waits_for_lock_then_fails_clearly(tmp_path):
    path = str(tmp_path / "locked.duckdb")
    open_store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({path!r})\nprint('ready', flush=True)\ntime.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        t = time.monotonic()
        with pytest.raises(StoreError, match="cannot open DuckDB store"):
            DuckDBStore(path, lock_timeout=0.3)
        assert time.monotonic() - t < 5
    finally:
        holder.kill()
        holder.wait()
    with DuckDBStore(path, lock_timeout=5) as s:   # lock released: opens
        assert s.count()["articles"] == 0


def test_add_articles_is_one_transaction(store_url):
    """An ingest's batch: each article as add_article would store it, all or nothing."""
    with open_store(store_url) as s:
        assert s.add_article(art(1), [ev(art(1), 0)])
        assert s.add_articles([(art(2), [ev(art(2), 0)]), (art(1), [ev(art(1), 5)]), (art(3), [])]) == \
            [True, False, True]
        assert sorted(a.id for a in s.articles()) == ["art1", "art2", "art3"]
        assert s.count()["events"] == 2          # art1's second copy added nothing
        bad = ev(art(5), 0)                       # belongs to art5, given with art4: refused before writing
        with pytest.raises(ValueError):
            s.add_articles([(art(4), []), (art(4), [bad])])
        assert s.count()["articles"] == 3
        assert s.count_events() == 2 and s.count_events(event_type="Battles", start=date(2020, 1, 1)) == 2
        assert s.count_events(text="no such words") == 0
