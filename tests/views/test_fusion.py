"""views.fusion: events of different articles about one occurrence become one FusedEvent."""
from __future__ import annotations

import json
import random
from datetime import date, datetime

import pytest
from click.testing import CliRunner

from frontwatch.model import Actor, Article, Event, Evidence, Place
from frontwatch.views.fusion import FusionIndex, find, fuse, fused_for, link

GOV = Actor("Military Forces of Syria (2000-)", "State forces", "government forces")
HTS = Actor("Hayat Tahrir al-Sham", "Rebel group", "HTS")
REBELS = Actor("Opposition Rebels", "Rebel group", "rebels")
CIV = Actor("Civilians (Syria)", "Civilians", "civilians")

MAARAT = Place("Maarat al-Numan", 35.6435, 36.6697, "SY", "Idlib", "P.PPL", 169577, 58008, 1)
MAARAT_NEAR = Place("Maarat al-Numan", 35.66, 36.70, "SY", "Idlib", None, None, 0, 2)   # 3.3 km off
KAFRANBEL = Place("Kafranbel", 35.6136, 36.5619, "SY", "Idlib", "P.PPL", 169000, 15000, 1)  # 10.3 km
SARAQIB = Place("Saraqib", 35.8646, 36.8041, "SY", "Idlib", "P.PPL", 163000, 30000, 1)
REGAINS = "Government regains territory"


def _ev(art: str, text: str, sentence: str, day: date, *, place=MAARAT, a1=GOV, a2=HTS, fat=0, fat_high=None,
        sub=REGAINS, etype="Battles", source=None, status="current", extra=None) -> Event:
    start = text.index(sentence)
    return Event(article_id=art, event_type=etype, sub_event_type=sub,
                 evidence=Evidence(sentence, start, start + len(sentence)), event_date=day, actor1=a1, actor2=a2,
                 place=place, fatalities=fat, fatalities_high=fat_high, source=source, status=status,
                 extra=extra or {})


# Three outlets report the capture of Maarat al-Numan with 5, 7 and 12 dead; the first also reports
# a capture of Kafranbel (10.3 km away) the same day; a fourth article a capture of Maarat 5 days later.
S1 = "Syrian government forces captured Maarat al-Numan on Tuesday after clashes that killed five fighters."
S1b = "Troops also took the nearby town of Kafranbel on Tuesday."
T1 = f"{S1} {S1b} The offensive continues."
S2 = "Government troops seized Maarat al-Numan on Tuesday, the Observatory said; seven HTS fighters died."
T2 = f"Idlib offensive. {S2}"
S3 = "On Wednesday the army entered Maarat al-Numan, where at least 12 people were killed in the fighting."
T3 = f"Al Jazeera. {S3}"
S4 = "Government forces recaptured Maarat al-Numan on Sunday after a rebel counter-attack."
T4 = f"{S4} Fighting goes on."

ARTICLES = [
    Article("a1", T1, datetime(2020, 1, 29, 8), "Army takes Maarat", "Reuters"),
    Article("a2", T2, datetime(2020, 1, 29, 9), "Maarat falls", "AFP"),
    Article("a3", T3, datetime(2020, 1, 30, 7), "Maarat", "Al Jazeera"),
    Article("a4", T4, datetime(2020, 2, 3, 7), "Maarat again", "Enab Baladi"),
]
ARTS = {a.id: a for a in ARTICLES}


def _events() -> list[Event]:
    return [
        _ev("a1", T1, S1, date(2020, 1, 28), fat=5),
        _ev("a1", T1, S1b, date(2020, 1, 28), place=KAFRANBEL, a2=None),
        _ev("a2", T2, S2, date(2020, 1, 28), fat=7, source="Syrian Observatory for Human Rights",
            extra={"type_by": "model", "type_confidence": 0.83}),
        _ev("a3", T3, S3, date(2020, 1, 29), place=MAARAT_NEAR, a2=REBELS, fat=12),
        _ev("a4", T4, S4, date(2020, 2, 2), a2=REBELS),
    ]


def _by_location(fused):
    out: dict[str, list] = {}
    for f in fused:
        out.setdefault(f.place.name, []).append(f)
    return out


def _dump(fused) -> list[str]:
    return [json.dumps(f.to_json(), sort_keys=True, default=str) for f in fused]


def test_three_reports_fuse_into_one_event():
    fused = fuse(_events(), ARTS)
    assert len(fused) == 3
    maarat = [f for f in _by_location(fused)["Maarat al-Numan"] if len(f.claims) > 1]
    assert len(maarat) == 1
    f = maarat[0]
    assert [c.article_id for c in f.claims] == ["a1", "a2", "a3"]
    assert [c.outlet for c in f.claims] == ["Reuters", "AFP", "Al Jazeera"]
    assert f.claims[1].source == "Syrian Observatory for Human Rights"
    assert f.claims[2].sentence == S3
    assert (f.fatalities_low, f.fatalities_best, f.fatalities_high) == (5, 7, 12)
    assert f.low_sources == ["Reuters"]
    assert f.best_sources == ["AFP citing Syrian Observatory for Human Rights"]
    assert f.high_sources == ["Al Jazeera"]
    # two of three say the 28th: the most attested date wins
    assert f.event_date == date(2020, 1, 28)
    # the precise place (precision 1, a settlement) wins over the 3 km-off precision-2 one
    assert f.place == MAARAT
    assert f.actor1 == GOV and f.actor2 == HTS         # HTS twice, rebels once
    assert f.sub_event_type == REGAINS and f.event_type == "Battles"
    assert f.id.startswith("fx-")
    assert len(f.why) == 2
    assert "same sub-type" in f.why[0] and "dates 2020-01-28;" in f.why[0]
    assert "3.3 km apart" in f.why[1] and "dates 2020-01-28/2020-01-29" in f.why[1]
    assert "actors compatible" in f.why[1]


def test_other_town_same_day_and_later_capture_stay_apart():
    by = _by_location(fuse(_events(), ARTS))
    assert [len(f.claims) for f in by["Kafranbel"]] == [1]              # 10.3 km > 10 km
    maarat = sorted(by["Maarat al-Numan"], key=lambda f: f.event_date)
    assert [(f.event_date, len(f.claims)) for f in maarat] == [(date(2020, 1, 28), 3), (date(2020, 2, 2), 1)]
    assert maarat[1].why == ["single report"]


def test_tie_on_dates_takes_earliest_and_median_is_lower():
    evs = [e for e in _events() if e.article_id in ("a2", "a3")]
    (f,) = fuse(evs, ARTS)
    assert f.event_date == date(2020, 1, 28)
    assert (f.fatalities_low, f.fatalities_best, f.fatalities_high) == (7, 7, 12)


def test_zero_is_no_figure_and_article_ranges_count():
    e1 = _ev("a1", T1, S1, date(2020, 1, 28), fat=0)
    e2 = _ev("a2", T2, S2, date(2020, 1, 28), fat=7, fat_high=9)
    (f,) = fuse([e1, e2], ARTS)
    assert (f.fatalities_low, f.fatalities_best, f.fatalities_high) == (7, 7, 9)


def test_rules_that_forbid_a_merge():
    base = _ev("a1", T1, S1, date(2020, 1, 28), fat=5)
    same_article = _ev("a1", T1, S1b, date(2020, 1, 28))
    assert link(base, same_article) is None
    other_actor = _ev("a2", T2, S2, date(2020, 1, 28), a1=CIV, a2=None)
    assert link(base, other_actor) is None
    other_type = _ev("a2", T2, S2, date(2020, 1, 28), sub="Armed clash")
    assert link(base, other_type) is None
    background = _ev("a2", T2, S2, date(2020, 1, 28), status="background")
    assert link(base, background) is None
    far = _ev("a2", T2, S2, date(2020, 1, 28), place=SARAQIB)
    assert link(base, far) is None
    three_days = _ev("a2", T2, S2, date(2020, 1, 31))
    assert link(base, three_days) is None
    # allowed: same inter, one actor missing, no coordinates but the same name
    ok = _ev("a2", T2, S2, date(2020, 1, 30), a1=GOV, a2=REBELS,
             place=Place("Ma'arrat al-Nu'man", None, None))
    assert link(base, Event(**{**ok.__dict__, "place": Place("Maarat al-Numan", None, None)})) is not None
    assert link(base, _ev("a2", T2, S2, date(2020, 1, 28), a1=None)) is not None
    transfer = _ev("a2", T2, S2, date(2020, 1, 28), sub="Non-violent transfer of territory",
                   etype="Strategic developments")
    assert "territory types at the same place" in link(base, transfer)


def test_never_two_events_of_one_article_in_a_cluster():
    # a2 has two sentences about Maarat; a1's single event links both, but only one may join it
    s2b = "Government troops seized Maarat al-Numan on Tuesday"
    evs = [_ev("a1", T1, S1, date(2020, 1, 28)), _ev("a2", T2, S2, date(2020, 1, 28)),
           _ev("a2", T2, s2b, date(2020, 1, 28))]
    fused = fuse(evs, ARTS)
    assert sorted(len(f.claims) for f in fused) == [1, 2]
    for f in fused:
        arts = [c.article_id for c in f.claims]
        assert len(arts) == len(set(arts))


def test_no_unbounded_chaining():
    # 28 Jan ~ 30 Jan ~ 1 Feb are pairwise linked in a chain but span 4 days
    evs = [_ev("a1", T1, S1, date(2020, 1, 28)), _ev("a2", T2, S2, date(2020, 1, 30)),
           _ev("a3", T3, S3, date(2020, 2, 1))]
    fused = fuse(evs, ARTS)
    assert [len(f.claims) for f in fused] == [2, 1]


def test_deterministic_under_shuffles():
    want = _dump(fuse(_events(), ARTS))
    rng = random.Random(5)
    for _ in range(20):
        evs = _events()
        rng.shuffle(evs)
        assert _dump(fuse(evs, ARTS)) == want


@pytest.mark.parametrize("order", [["a1", "a2", "a3", "a4"], ["a4", "a3", "a2", "a1"], ["a3", "a1", "a4", "a2"]])
def test_incremental_equals_batch(order):
    evs = _events()
    want = _dump(fuse(evs, ARTS))
    idx = FusionIndex()
    for art in order:
        changed = idx.add([e for e in evs if e.article_id == art], [ARTS[art]])
        assert changed            # every add touches at least its own events
    assert _dump(idx.fused()) == want
    f = idx.get(evs[0].id)
    assert f is not None and idx.get(f.id) is f and len(f.claims) == 3
    # re-adding is a no-op
    assert idx.add(evs, ARTICLES) == []
    assert _dump(idx.fused()) == want


def test_fused_id_is_stable_and_grows_with_membership():
    one = fuse([e for e in _events() if e.article_id in ("a1", "a2")], ARTS)
    two = fuse([e for e in _events() if e.article_id in ("a1", "a2")], ARTS)
    assert [f.id for f in one] == [f.id for f in two]
    full = {f.id for f in fuse(_events(), ARTS)}
    assert not ({f.id for f in one if len(f.claims) == 2} & full)   # a new report makes a new id


@pytest.fixture()
def db(tmp_path) -> str:
    from frontwatch.store import open_store

    url = str(tmp_path / "t.duckdb")
    evs = _events()
    with open_store(url) as store:
        for a in ARTICLES:
            assert store.add_article(a, [e for e in evs if e.article_id == a.id])
    return url


def test_store_round_trip(db):
    from frontwatch.store import open_store

    with open_store(db, read_only=True) as store:
        fused = fused_for(store)
        assert _dump(fused) == _dump(fuse(_events(), ARTS))
        big = next(f for f in fused if len(f.claims) == 3)
        assert find(store, big.id) == big
        assert find(store, big.claims[2].event_id) == big
        assert find(store, big.id[:10]) == big
        assert find(store, "ev-nope") is None


def _cli():
    from frontwatch.views.cli import commands

    (events,) = [c for c in commands if c.name == "events"]
    assert {c.name for c in commands} >= {"control", "displacement", "events"}
    return events


def test_cli_show(db):
    from frontwatch.store import open_store

    with open_store(db, read_only=True) as store:
        big = next(f for f in fused_for(store) if len(f.claims) == 3)
    runner = CliRunner()
    r = runner.invoke(_cli(), ["show", big.id, "--db", db])
    assert r.exit_code == 0, r.output
    assert big.id in r.output and "best 7, low 5, high 12" in r.output
    assert r.output.count("outlet:") == 3 and "Al Jazeera" in r.output
    assert "Syrian Observatory for Human Rights" in r.output and S2 in r.output
    assert "why:" in r.output
    # who chose each claim's type survives the store and is said
    assert r.output.count("chosen by the rules") == 2
    assert "chosen by the type model (model p=0.83)" in r.output
    r = runner.invoke(_cli(), ["show", big.claims[0].event_id, "--db", db, "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["id"] == big.id and len(d["claims"]) == 3 and d["fatalities_high"] == 12


def test_cli_show_unknown_id(db):
    r = CliRunner().invoke(_cli(), ["show", "ev-0000000000000000", "--db", db])
    assert r.exit_code != 0
    assert "no such event" in r.output and len(r.output.strip().splitlines()) == 1


def test_cli_list(db):
    runner = CliRunner()
    r = runner.invoke(_cli(), ["list", "--db", db, "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert len(rows) == 3 and sorted(x["n_claims"] for x in rows) == [1, 1, 3]
    r = runner.invoke(_cli(), ["list", "--db", db, "--raw", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    assert len(r.output.splitlines()) == 5
    r = runner.invoke(_cli(), ["list", "--db", db], env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    assert "Fused events" in r.output and "Kafranbel" in r.output


def test_region_level_and_two_day_rules():
    idlib_region = Place("Idlib", 35.83, 36.67, "SY", "Idlib", "A.ADM1", 99000, 0, 3)
    idlib_town = Place("Idlib", 35.9306, 36.6339, "SY", "Idlib", "P.PPL", 169388, 98000, 1)
    region = _ev("a1", T1, S1, date(2020, 1, 28), place=idlib_region, sub="Armed clash")
    town = _ev("a2", T2, S2, date(2020, 1, 28), place=idlib_town, sub="Armed clash")
    assert link(region, town) is None                           # region-level vs a town: never
    region2 = _ev("a2", T2, S2, date(2020, 1, 28), place=idlib_region, sub="Armed clash")
    assert "same sub-type" in link(region, region2)             # two region-level reports, same day
    assert link(region, _ev("a2", T2, S2, date(2020, 1, 29), place=idlib_region, sub="Armed clash")) is None
    # two days apart with only "one missing" / "same inter" actors: not enough
    d0 = _ev("a1", T1, S1, date(2020, 1, 28), a1=None, a2=HTS)
    assert link(d0, _ev("a2", T2, S2, date(2020, 1, 30), a1=GOV, a2=REBELS)) is None
    assert link(d0, _ev("a2", T2, S2, date(2020, 1, 29), a1=GOV, a2=REBELS)) is not None
    assert link(d0, _ev("a2", T2, S2, date(2020, 1, 30), a1=GOV, a2=HTS)) is not None
