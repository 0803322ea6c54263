"""The views kept at write time (store/views.py), on both backends: the demo corpus and the seed
article, coded once, stored in shuffled order and in batches of random size, give the same control
timelines and fused events as a rebuild from scratch, and as the views computed from the events."""
from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from home_support import frontwatch_home

from frontwatch.model import Article
from frontwatch.store import open_store

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "article.txt"


@pytest.fixture(scope="module", autouse=True)
def _real_place_finder():
    """The views kept at write time are compared with a rebuild: both must read places with the geoparser,
    even when the API tests (run earlier in the session) put a stand-in finder in its place."""
    from frontwatch.views import control

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(control, "default_finder", getattr(control, "_before_api_tests", control.default_finder))
        yield


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    home = tmp_path_factory.mktemp("fwhome")
    with frontwatch_home(home):
        from frontwatch.demo import path as demo_path
        from frontwatch.pipeline import code_many, geoparser

        geoparser.cache_clear()
        arts = []
        if SEED.exists():
            arts.append(Article(id="seed", text=SEED.read_text(encoding="utf-8"), published=datetime(2020, 1, 29)))
        with open(demo_path(), encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                arts.append(Article(id=d["id"], text=d["text"], published=datetime.fromisoformat(d["published"]),
                                    title=d.get("title"), outlet=d.get("source")))
        yield [(c.article, c.events, c.control) for c in code_many(arts)]


def _tables(store) -> dict:
    out = {}
    for table, order in (("view_control_claims", "article_id, seq"), ("view_control", "place_key, valid_from"),
                         ("view_fusion", "event_id"), ("view_fused", "id")):
        out[table] = sorted(tuple(r) for r in store._execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall())
    return out


def _days(store) -> list[date]:
    first = min(r[0] for r in store._execute("SELECT valid_from FROM view_control").fetchall())
    return [first + timedelta(days=k) for k in range(0, (date(2020, 4, 1) - first).days, 3)] + [date(2030, 1, 1)]


def test_shuffled_ingest_equals_rebuild(store, coded):
    from frontwatch.views.control import ControlIndex, control_at, named
    from frontwatch.views.fusion import fuse, fused_for
    from frontwatch.views.records import fused_json

    items = list(coded)
    random.Random(15).shuffle(items)
    i = 0
    rng = random.Random(7)
    while i < len(items):
        k = rng.randint(1, 6)
        store.add_articles(items[i:i + k])
        i += k
    store.add_articles(items[:3])                   # again: adds nothing, changes no view
    incremental = _tables(store)
    assert incremental["view_control"] and incremental["view_fused"]
    assert len(incremental["view_fusion"]) == store.count()["events"]
    merged = [r for r in incremental["view_fused"] if json.loads(r[3])["n_claims"] > 1]
    assert merged, "the demo corpus has occurrences told by several dispatches"

    # the views computed from the stored events, as before they were kept
    index = ControlIndex.build(store)
    for day in _days(store):
        assert control_at(store, day) == index.at(day), day
        # the API's answer, each row's JSON built by the database, says the same in the same order
        assert [json.loads(r) for r in store.control_json(day)] == [r.to_json() for r in store.control_view(day)]
    assert any(store.control_json(day) for day in _days(store))
    assert [fused_json(f) for f in fused_for(store)] == [fused_json(f) for f in fuse(store.events(), store.articles())]
    saraqeb = control_at(store, date(2020, 2, 28), place="Saraqeb")      # any spelling: Saraqib
    assert saraqeb and saraqeb == named(index.at(date(2020, 2, 28)), "Saraqeb")

    got = store.rebuild_views()
    assert got["articles"] == len(items)
    assert _tables(store) == incremental


def test_store_from_before_the_views_is_stale_until_rebuilt(store_url, coded):
    """A store that held articles when migration 003 came is read the old way until rebuilt."""
    from frontwatch.views.control import ControlIndex, control_at

    with open_store(store_url) as store:
        store.add_articles(coded[:10])
        store._execute("INSERT INTO view_state (name, value) VALUES ('views', 'stale')")
        assert not store.views_ready()
        day = date(2020, 3, 3)
        store.add_articles(coded[10:])              # no upkeep while stale
        assert store.count()["events"] > len(store._execute("SELECT * FROM view_fusion").fetchall())
        want = ControlIndex.build(store).at(day)
        assert control_at(store, day) == want       # computed from the events
        store.rebuild_views()
        assert store.views_ready()
        assert control_at(store, day) == want       # read from the view
