"""End to end: the seed article and the demo corpus through the pipeline into a DuckDB store,
then the control and displacement views and their CLI commands on that store."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from ci_need import need
from click.testing import CliRunner
from home_support import frontwatch_home

from frontwatch.geo.normalize import key1
from frontwatch.model import Article

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    if not (SEED / "article.txt").exists():
        need(False, f"seed article {SEED / 'article.txt'} is absent")
    home = tmp_path_factory.mktemp("fwhome")
    with frontwatch_home(home):
        from frontwatch.demo import path as demo_path
        from frontwatch.pipeline import extract_many, geoparser
        from frontwatch.store import open_store

        geoparser.cache_clear()
        arts = [Article(id="seed", text=(SEED / "article.txt").read_text(encoding="utf-8"),
                        published=datetime(2020, 1, 29))]
        with open(demo_path(), encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                arts.append(Article(id=d["id"], text=d["text"], published=datetime.fromisoformat(d["published"]),
                                    title=d.get("title")))
        url = str(home / "t.duckdb")
        with open_store(url) as store:
            for art, events in extract_many(arts):
                store.add_article(art, events)
        yield url


def _row(rows, name):
    got = [r for r in rows if key1(r.place) == key1(name)]
    assert got, f"no control row for {name}: {[r.place for r in rows]}"
    assert len(got) == 1, got
    return got[0]


def test_control_requirements(db):
    from frontwatch.store import open_store
    from frontwatch.views.control import ControlIndex

    with open_store(db, read_only=True) as store:
        index = ControlIndex.build(store)
    gold = json.loads((SEED / "gold.json").read_text(encoding="utf-8"))["control"]
    for g in gold:
        row = _row(index.at(date.fromisoformat(g["at"])), g["place"])
        assert row.inter == g["inter"], (g, row)
    maarat = _row(index.at(date(2020, 1, 30)), "Maarat al-Numan")
    assert maarat.since == date(2020, 1, 29) and maarat.latitude and maarat.longitude
    assert _row(index.at(date(2020, 1, 1)), "Maarat al-Numan").since == date(2012, 1, 1)
    # the demo corpus goes on: Saraqib changed hands three times
    assert _row(index.at(date(2020, 2, 10)), "Saraqib").inter == "State forces"
    assert _row(index.at(date(2020, 2, 28)), "Saraqib").inter == "Rebel group"
    assert _row(index.at(date(2020, 3, 3)), "Saraqib").inter == "State forces"
    assert _row(index.at(date(2020, 3, 3)), "Saraqib").event_ids


def test_displacement_requirements(db):
    from frontwatch.store import open_store
    from frontwatch.views.displacement import ledger

    with open_store(db, read_only=True) as store:
        figs = [f for f in ledger(store) if f.article_id == "seed"]
    gold = json.loads((SEED / "gold.json").read_text(encoding="utf-8"))["displacement"]
    got = {f.figure: f for f in figs}
    for g in gold:
        f = got[g["figure"]]
        assert (f.kind, f.area, f.source) == (g["kind"], g["area"], g["source"])
        assert [f.period_start.isoformat(), f.period_end.isoformat()] == g["period"]
        assert f.qualifier == g.get("qualifier")
        assert f.consistent_with == g.get("consistent_with")


def test_cli_control_and_displacement(db):
    from frontwatch.views.cli import commands, control, displacement

    assert [c.name for c in commands] == ["control", "displacement", "events", "views"]
    runner = CliRunner()
    res = runner.invoke(control, ["--at", "2020-01-30", "--db", db, "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.output.splitlines()]
    # the contract's fields, plus where a place known by name only sits
    assert set(rows[0]) == {"place", "latitude", "longitude", "controller", "inter", "since", "event_ids",
                            "country", "admin1", "located"}
    assert any(key1(r["place"]) == key1("Maarat al-Numan") and r["inter"] == "State forces" for r in rows)
    res = runner.invoke(control, ["--at", "2020-01-30", "--db", db, "--format", "csv"])
    assert res.exit_code == 0 and res.output.startswith("place,latitude,longitude,controller,inter,since")
    res = runner.invoke(control, ["--at", "2020-01-30", "--db", db])
    assert res.exit_code == 0 and "Saraqib" in res.output
    res = runner.invoke(control, ["--at", "yesterday-ish", "--db", db])
    assert res.exit_code == 2 and "is not a date" in res.output
    res = runner.invoke(control, ["--db", db])
    assert res.exit_code == 2
    res = runner.invoke(displacement, ["--db", db, "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    figs = [json.loads(x) for x in res.output.splitlines()]
    seed = {f["figure"]: f for f in figs if f["article_id"] == "seed"}
    assert seed[383000]["kind"] == "cumulative" and seed[383000]["period"] == ["2019-12-01", "2020-01-29"]
    assert isinstance(seed[216000]["figure"], int)
    res = runner.invoke(displacement, ["--db", db, "--format", "csv"])
    assert res.exit_code == 0 and "383000" in res.output and "383,000" not in res.output.split("\n")[1]
    # a store path that does not exist is a typo, not an empty store: one line, nothing created
    missing = Path(db).parent / "empty" / "x.duckdb"
    res = runner.invoke(control, ["--at", "2020-01-30", "--db", str(missing), "--format", "jsonl"])
    assert res.exit_code == 1 and "no such store" in res.output and not missing.exists()
