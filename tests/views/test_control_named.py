"""Control timelines for places the gazetteer cannot place: captures read by name from the sentence."""
from __future__ import annotations

import json
import re
from datetime import date, datetime

from click.testing import CliRunner

from frontwatch.model import Actor, Article, Event, Evidence, Place, PlaceMention
from frontwatch.views.control import (
    ControlClaim,
    ControlIndex,
    claims_from_events,
    control_at,
    find_captures,
    named,
    named_objects,
    place_key,
)

HAMA = Place("Hama", 35.2, 36.7, "SY", admin1="Hama", feature="A.ADM1", precision=3)
ALEPPO = Place("Aleppo", 36.2, 37.16, "SY", admin1="Aleppo", feature="P.PPL", geonameid=170063)
ARMY = Actor("Military Forces of Syria", "State forces")
SDF = Actor("QSD: Syrian Democratic Forces", "Rebel group")


def _event(text, place, day=date(2019, 5, 8), actor=ARMY, sub="Government regains territory", aid="a"):
    return Event(article_id=aid, event_type="Strategic developments", sub_event_type=sub,
                 evidence=Evidence(text, 0, len(text)), event_date=day, actor1=actor, place=place)


def test_named_objects_lists_and_wordings():
    assert named_objects("QSD managed to control the villages of Nasiriyah, Umm Hajirah ,Bir Al-Dari and "
                         "Talaj on Ein Issa front.") == ["Nasiriyah", "Umm Hajirah", "Bir Al-Dari", "Talaj"]
    assert named_objects("The SDF controlled Dehlan, Birsan and Erier villages in Ar-Raqqa countryside.") == [
        "Dehlan", "Birsan", "Erier"]
    # the places included, not the valley they lie in
    assert named_objects("The army took over key areas of Wadi Barada, including Der Qanoon.") == ["Der Qanoon"]
    assert named_objects("Kafr Nabudah fell to government forces on Wednesday.") == ["Kafr Nabudah"]
    assert named_objects("Troops fought IS in Um Mayal near Khanasser, taking it over.") == ["Um Mayal"]
    # landmarks and possessors are not what was taken; fighting alone takes nothing
    assert named_objects("SDF fighters continue to advance in Raqqa countryside.") == []
    assert named_objects("Troops captured Aleppo's airport district.") == []
    assert named_objects("Clashes took place between the army and ISIS in Hazrma.") == []


def test_unplaced_village_gets_a_timeline_by_name():
    ev = _event("Regime forces captured Kafr Hud village in Hama countryside after clashes with rebels.", HAMA)
    (c,) = claims_from_events([ev])
    assert (c.place.name, c.place.latitude, c.place.admin1, c.near) == ("Kafr Hud", None, "Hama", HAMA)
    assert place_key(c.place) == "name:kafrhud|SY|Hama"
    (row,) = control_at(([ev], []), date(2019, 5, 9), finder=lambda text: [])
    assert (row.place, row.latitude, row.located, row.inter) == ("Kafr Hud", None, False, "State forces")
    assert row.to_json()["located"] is False and row.to_json()["admin1"] == "Hama"
    assert named([row], "Kafr Houd") == [row] and named([row], "Kafr Nabl") == []


def test_the_town_around_a_taken_village_does_not_change_hands():
    ev = _event("Syrian army and allies seized Umm al Amad village in Aleppo from ISIS.", ALEPPO)
    got = claims_from_events([ev])
    assert [c.place.name for c in got] == ["Umm al Amad"]


def test_name_only_claim_joins_the_located_place_of_that_name():
    located = Place("Kafr Hud", 35.30, 36.50, "SY", admin1="Hama", feature="P.PPL", geonameid=7)
    by_name = Place("Kafr Houd", None, None, "SY", admin1="Hama")
    kw = dict(until_hint=None, evidence="", article_id="a", published=None, kind="event")
    index = ControlIndex([
        ControlClaim(located, "Rebel group", "Opposition Rebels", since=date(2019, 1, 1), **kw),
        ControlClaim(by_name, "State forces", "Military Forces of Syria", since=date(2019, 5, 8), **kw)])
    assert list(index.by_place) == ["gn:7"]
    (row,) = index.at(date(2019, 5, 9))
    assert (row.place, row.latitude, row.inter, row.located) == ("Kafr Hud", 35.30, "State forces", True)
    # a same-named place in another province stays apart
    other = Place("Kafr Hud", None, None, "SY", admin1="Idlib")
    index = ControlIndex([ControlClaim(located, "Rebel group", "x", since=date(2019, 1, 1), **kw),
                          ControlClaim(other, "State forces", "y", since=date(2019, 5, 8), **kw)])
    assert len(index.by_place) == 2


def test_captures_in_text_by_name_and_across_sentences():
    text = ("Rebel forces backed by Islamist militias battled regime forces in Ruwayssat Rashu in Latakia. "
            "Rebel forces took it over. Government forces, backed by Hezbollah, took the town of Mansura "
            "from ISIS.")
    latakia = Place("Latakia", 35.5, 35.8, "SY", admin1="Latakia", feature="A.ADM1")
    mentions = [PlaceMention(m.start(), m.end(), m.group(0), latakia) for m in re.finditer("Latakia", text)]
    got = {c.place.name: c for c in find_captures(text, mentions, article_id="a", published=date(2017, 2, 1))}
    assert set(got) == {"Ruwayssat Rashu", "Mansura"}
    assert got["Ruwayssat Rashu"].inter == "Rebel group" and got["Ruwayssat Rashu"].near == latakia
    # the helper named after "backed by" is not the one who took the town
    assert got["Mansura"].inter == "State forces" and got["Mansura"].near is None


def test_cli_asks_about_a_place_by_name(tmp_path):
    from frontwatch.store import open_store
    from frontwatch.views.cli import control

    db = str(tmp_path / "t.duckdb")
    text = "Syrian Democratic Forces took control of Abu Wahl village in Raqqa countryside."
    raqqa = Place("Raqqa", 35.95, 39.01, "SY", admin1="Raqqa", feature="P.PPL", precision=2)
    with open_store(db) as store:
        store.add_article(Article("a", text, published=datetime(2017, 2, 7)),
                          [_event(text, raqqa, day=date(2017, 2, 7), actor=SDF,
                                  sub="Non-state actor overtakes territory")])
    res = CliRunner().invoke(control, ["--at", "2017-02-08", "--db", db, "--format", "jsonl",
                                       "--place", "Abu Wahel"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.output.splitlines()]
    assert [(r["place"], r["latitude"], r["inter"], r["located"]) for r in rows] == [
        ("Abu Wahl", None, "Rebel group", False)]


def test_who_took_it_the_subject_not_the_helper_nor_a_name_with_army_in_it():
    def taker(text):
        (c,) = find_captures(text, [], article_id="a", published=date(2017, 2, 1))
        return c.inter

    # coordinated subjects: the first; helpers after "backed by": never
    assert taker("Syrian regime forces and Hezbollah captured Ain Al-Khadra village.") == "State forces"
    assert taker("Government forces, backed by Hezbollah, took the town of Mansura.") == "State forces"
    # "the Euphrates Shield controlled Big Sukariyeh town": the actor right before the verb
    assert taker("Syrian army jets shelled the Euphrates Shield controlled Big Sukariyeh town.") == "Rebel group"
    # "army"/"military" inside another group's name is not a state's forces: no claim rather than a wrong one
    assert find_captures("The military council of Menbij regained control over Tall Turin.", [],
                         published=date(2017, 3, 2)) == []


def test_event_whose_actor_is_a_misread_generic_word_gives_no_claim():
    text = "The military council of Menbij regained control over Tall Turin."
    ev = _event(text, None, actor=Actor("Military Forces of Syria", "State forces", surface="military"))
    assert claims_from_events([ev]) == []
