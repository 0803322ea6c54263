"""Unit tests of the control and displacement views on hand-written sentences and hand-built events."""
from __future__ import annotations

import re
from datetime import date, datetime

from frontwatch.model import Actor, Article, Event, Evidence, Place, PlaceMention
from frontwatch.views.control import (
    ControlIndex,
    claims_from_events,
    control_at,
    find_captures,
    find_statements,
    place_key,
)
from frontwatch.views.displacement import Figure, figures_in, reconcile

FOO = Place("Foo", 35.1, 36.1, "SY", feature="P.PPL", geonameid=101)
BAR = Place("Bar", 35.2, 36.2, "SY", feature="P.PPL", geonameid=102)
BAZ = Place("Baz", 35.3, 36.3, "SY", feature="P.PPL", geonameid=103)
QUX = Place("Qux", 35.4, 36.4, "SY", feature="P.PPL", geonameid=104)
PROV = Place("Fooland", 35.5, 36.5, "SY", feature="A.ADM1", geonameid=105)
PLACES = {"Foo": FOO, "Bar": BAR, "Baz": BAZ, "Qux": QUX, "Fooland": PROV}


def mentions(text: str) -> list[PlaceMention]:
    rx = re.compile(r"\b(" + "|".join(PLACES) + r")\b")
    return [PlaceMention(m.start(), m.end(), m.group(0), PLACES[m.group(0)]) for m in rx.finditer(text)]


def claims(text: str, published=date(2020, 1, 29)):
    return find_statements(text, mentions(text), article_id="a", published=published)


# -- control statements ---------------------------------------------------------------------------

def test_rebel_held_adjective():
    (c,) = claims("Jets struck the rebel-held town of Foo on Monday.")
    assert (c.place, c.inter, c.since, c.published) == (FOO, "Rebel group", None, date(2020, 1, 29))


def test_had_been_in_rebel_hands_since_year_skips_the_province():
    (c,) = claims("The town of Foo in Fooland province, which had been in rebel hands since 2012, sits on the road.")
    assert c.place == FOO and c.inter == "Rebel group"
    assert c.since == date(2012, 1, 1)
    assert c.until_hint == date(2020, 1, 28)          # "had been": no longer true when published


def test_held_by_opposition_and_under_government_control():
    got = claims("Bar is held by opposition fighters. Baz has been under government control since 2016.")
    by = {c.place.name: c for c in got}
    assert by["Bar"].inter == "Rebel group"
    assert by["Baz"].inter == "State forces" and by["Baz"].controller == "Military Forces of Syria"
    assert by["Baz"].since == date(2016, 1, 1)


def test_outside_government_control_is_about_the_nearest_town():
    (c,) = claims("Now that troops hold Foo, their next target is likely to be Bar, the last major town on "
                  "the M5 highway that remains outside government control.")
    assert c.place == BAR and c.inter == "Rebel group"


def test_unresolved_name_in_between_blocks_a_wrong_attribution():
    assert claims("Troops hold Foo, and next is Zzyzx, the last town outside government control.") == []


def test_negated_statement_is_not_a_claim():
    assert claims("Foo is no longer in rebel hands.") == []


def test_control_of_takes_the_actor_before():
    (c,) = claims("Army units have taken full control of the town of Qux, state television said.")
    assert c.place == QUX and c.inter == "State forces"


def test_appositive_place_is_not_the_subject():
    (c,) = claims("Troops have taken Foo, the largest town in southern Bar, which had been held by the "
                  "opposition since 2012.")
    assert c.place == FOO and c.since == date(2012, 1, 1)


# -- captures told in the text ---------------------------------------------------------------------

def test_capture_active_and_passive_with_dates():
    text = ("In August, Syrian troops captured another town along the highway, Foo. "
            "Families from Bar, captured by the army in March 2019, were displaced twice. "
            "Their next target is likely to be Baz.")
    got = {c.place.name: c for c in find_captures(text, mentions(text), article_id="a",
                                                  published=date(2020, 1, 29))}
    assert set(got) == {"Foo", "Bar"}
    assert got["Foo"].inter == "State forces" and got["Foo"].since == date(2019, 8, 15)
    assert got["Bar"].inter == "State forces" and got["Bar"].since.year == 2019 and got["Bar"].since.month == 3


def test_capture_subject_is_first_actor_of_clause():
    text = "Syrian rebels supported by Turkish artillery recaptured the town of Foo on Thursday."
    (c,) = find_captures(text, mentions(text), published=date(2020, 2, 27))
    assert c.inter == "Rebel group" and c.since == date(2020, 2, 27)


# -- timeline logic --------------------------------------------------------------------------------

SYRIA_ARMY = Actor("Military Forces of Syria", "State forces")


def _event(place, day, sub="Government regains territory", actor=SYRIA_ARMY, text=None, aid="e1"):
    text = text or f"Government forces captured {place.name}."
    return Event(article_id=aid, event_type="Strategic developments", sub_event_type=sub,
                 evidence=Evidence(text, 0, len(text)), event_date=day, actor1=actor, place=place)


def test_statement_then_capture_event_overrides():
    art = Article("a", "The town of Foo, which had been in rebel hands since 2012, is empty.",
                  published=datetime(2020, 1, 20))
    ev = _event(FOO, date(2020, 1, 28), aid="b")
    src = ([ev], [art])
    finder = mentions
    before = control_at(src, date(2020, 1, 1), finder=finder)
    after = control_at(src, date(2020, 1, 30), finder=finder)
    assert [(r.place, r.inter, r.since) for r in before] == [("Foo", "Rebel group", date(2012, 1, 1))]
    assert [(r.place, r.inter, r.since, r.event_ids) for r in after] == [
        ("Foo", "State forces", date(2020, 1, 28), (ev.id,))]
    assert control_at(src, date(2011, 6, 1), finder=finder) == []


def test_statement_persists_until_a_later_event_and_timeline_spans():
    art = Article("a", "Bar is held by opposition fighters.", published=datetime(2020, 1, 10))
    ev1 = _event(BAR, date(2020, 2, 5), aid="b")
    ev2 = _event(BAR, date(2020, 2, 27), sub="Non-state actor overtakes territory",
                 actor=Actor("Opposition Rebels (Syria)", "Rebel group"), text="Rebels retook Bar.", aid="c")
    index = ControlIndex.build(([ev1, ev2], [art]), finder=mentions)
    assert index.at(date(2020, 2, 1))[0].inter == "Rebel group"
    assert index.at(date(2020, 2, 10))[0].inter == "State forces"
    assert index.at(date(2020, 3, 1))[0].inter == "Rebel group"
    spans = index.timeline()[place_key(BAR)]
    assert [(s.inter, s.since) for s in spans] == [("Rebel group", date(2020, 1, 10)),
                                                   ("State forces", date(2020, 2, 5)),
                                                   ("Rebel group", date(2020, 2, 27))]


def test_events_about_surroundings_or_province_do_not_count():
    aleppo = Place("Aleppo", 36.2, 37.16, "SY", feature="P.PPL", geonameid=170063)
    evs = [_event(aleppo, date(2020, 1, 29), text="Troops captured a major suburb west of Aleppo."),
           _event(aleppo, date(2020, 1, 29), text="Troops pushed into the western suburbs of Aleppo."),
           _event(FOO, date(2020, 1, 29), text="Troops take strategic town in Foo province"),
           _event(FOO, date(2020, 1, 29), text="Troops captured another town, Zzyzx."),
           _event(aleppo, date(2020, 1, 30), text="Troops captured Aleppo's airport district."),
           _event(BAR, date(2020, 1, 29), text="Troops captured Bar on Wednesday.")]
    got = claims_from_events(evs)
    assert [c.place.name for c in got if c.place.latitude is not None] == ["Aleppo", "Bar"]
    # the unplaced town the sentence names gets a timeline under its name, not Foo's
    (named,) = [c for c in got if c.place.latitude is None]
    assert named.place.name == "Zzyzx" and named.near == FOO and named.inter == "State forces"


def test_place_key_geonameid_or_rounded_coordinates():
    assert place_key(FOO) == "gn:101"
    a = Place("Maarat al-Numan", 35.64831, 36.67693)
    b = Place("Maarat al-Numan", 35.6491, 36.6751)
    assert place_key(a) == place_key(b)


# -- displacement ledger -------------------------------------------------------------------------

def test_figures_kinds_periods_and_consistency():
    text = ("A relief body, the Foo Response Coordination Group, said that as of the end of December more "
            "than 216,000 people had fled their homes in Fooland. In a new statement, the group said 167,000 "
            "had fled since the beginning of January, bringing the total to more than 383,000 people. "
            "The province is home to some 3 million people, many of them internally displaced. "
            "The offensive has displaced hundreds of thousands.")
    figs = reconcile(figures_in(text, article_id="x", published=date(2020, 1, 29)))
    got = [(f.figure, f.kind, f.period_start, f.period_end, f.qualifier, f.area) for f in figs]
    assert got == [
        (216000, "increment", date(2019, 12, 1), date(2019, 12, 31), "more than", "Fooland"),
        (167000, "increment", date(2020, 1, 1), date(2020, 1, 29), None, "Fooland"),
        (383000, "cumulative", date(2019, 12, 1), date(2020, 1, 29), "more than", "Fooland"),
    ]
    assert {f.source for f in figs} == {"Foo Response Coordination Group"}
    assert figs[2].consistent_with == "216000 + 167000"
    assert figs[0].consistent_with is None


def test_between_dates_is_an_increment_and_mismatch_is_not_consistent():
    text = ("More than 235,000 people fled their homes in northwest Syria between 12 and 25 December, the "
            "UN Office for the Coordination of Humanitarian Affairs (OCHA) said.")
    (f,) = figures_in(text, published=date(2019, 12, 27))
    assert (f.figure, f.kind, f.period_start, f.period_end) == (235000, "increment", date(2019, 12, 12),
                                                                date(2019, 12, 25))
    assert "OCHA" in f.source and f.area == "northwest Syria"
    mk = dict(area="Idlib", qualifier=None, source="G", sentence="", article_id="a", published=date(2020, 2, 1),
              period_start=None, period_end=None)
    figs = [Figure(figure=100, kind="increment", **mk), Figure(figure=200, kind="increment", **mk),
            Figure(figure=350, kind="cumulative", **mk)]
    assert reconcile(figs)[2].consistent_with is None
    figs[2] = Figure(figure=300, kind="cumulative", **mk)
    assert reconcile(figs)[2].consistent_with == "100 + 200"
    other = [*figs[:2], Figure(figure=300, kind="cumulative", **{**mk, "source": "Other"})]
    assert reconcile(other)[2].consistent_with is None
