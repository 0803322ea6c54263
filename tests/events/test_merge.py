"""Step 5, merge (events/merge.py): drafts of one article become its events by ACLED's rules."""
from datetime import date

from frontwatch.events import taxonomy
from frontwatch.events.merge import Figure, _Draft, _merge, _split_figures, fatalities_of
from frontwatch.model import Actor, Event, Evidence, Place

TOWN = Place("Saraqeb", 35.86, 36.8, "SY", "Idlib", "P.PPL", 1, 30000)
FAR = Place("Aleppo", 36.2, 37.16, "SY", "Aleppo", "P.PPLA", 2, 2000000)
ARMY = Actor("Military Forces of Syria", "State forces")


def draft(sub, place, day, si, figures=(), kinds=()):
    ev = Event("a", taxonomy.event_type_of(sub), sub, Evidence("s", 0, 1), event_date=day, place=place)
    return _Draft(ev, si, figures=list(figures), kinds=set(kinds))


def test_two_drafts_of_one_place_and_day_merge_into_the_higher_tactic():
    d = date(2020, 1, 27)
    a = draft("Shelling/artillery/missile attack", TOWN, d, 0, [Figure(2, None, False)], {"shelling"})
    b = draft("Armed clash", TOWN, d, 1, [Figure(3, None, False)], {"clash"})
    b.event.actor1 = ARMY
    events = _merge([a, b])
    assert len(events) == 1
    e = events[0]
    assert e.sub_event_type == "Armed clash" and e.actor1 == ARMY
    assert e.fatalities == 5


def test_other_days_or_places_stay_apart():
    d = date(2020, 1, 27)
    a = draft("Armed clash", TOWN, d, 0)
    assert len(_merge([a, draft("Armed clash", TOWN, date(2020, 1, 20), 1)])) == 2
    assert len(_merge([draft("Armed clash", TOWN, d, 0), draft("Armed clash", FAR, d, 1)])) == 2


def test_an_undated_retelling_at_a_named_villages_town_is_the_same_act():
    from dataclasses import replace

    d = date(2009, 3, 29)
    # "a bomb exploded in the village of Kveshi" (unknown village, placed at its district town, precision 2),
    # then, with no date of its own, "the explosive went off in a village of the Bolnisi district"
    village = replace(TOWN, name="Kveshi", geonameid=None, population=0, precision=2)
    first = draft("Remote explosive/landmine/IED", village, d, 0)
    again = draft("Remote explosive/landmine/IED", TOWN, date(2009, 3, 30), 3)
    again.dated = False
    events = _merge([first, again])
    assert len(events) == 1 and events[0].place.name == "Kveshi" and events[0].event_date == d
    # with a date of its own it is another act; so is an act of another type, or at another town
    dated = draft("Remote explosive/landmine/IED", TOWN, date(2009, 3, 30), 3)
    assert len(_merge([draft("Remote explosive/landmine/IED", village, d, 0), dated])) == 2
    other = draft("Armed clash", TOWN, date(2009, 3, 30), 3)
    other.dated = False
    assert len(_merge([draft("Remote explosive/landmine/IED", village, d, 0), other])) == 2
    far = draft("Remote explosive/landmine/IED", FAR, date(2009, 3, 30), 3)
    far.dated = False
    assert len(_merge([draft("Remote explosive/landmine/IED", village, d, 0), far])) == 2


def test_a_figure_told_for_several_places_is_shared_out_the_remainder_to_the_first():
    shares = _split_figures([Figure(7, None, False)], 3)
    assert [[f.value for f in s] for s in shares] == [[3], [2], [2]]
    assert _split_figures([Figure(7, None, False)], 1) == [[Figure(7, None, False)]]


def test_fatalities_follow_acleds_rules():
    assert fatalities_of([]) == (0, None)
    assert fatalities_of([Figure(1, None, False), Figure(1, None, False)]) == (2, None)     # told apart: added
    assert fatalities_of([Figure(18, None, False), Figure(18, None, False)]) == (18, None)  # told again: once
    assert fatalities_of([Figure(5, "a", False), Figure(9, "b", False)]) == (5, 9)         # lowest, and high
    assert fatalities_of([Figure(4, None, True), Figure(7, None, True)]) == (7, None)       # a toll restates
    assert fatalities_of([Figure(3, None, False), Figure(10, None, False, coded=True)]) == (10, None)


def test_finish_names_an_unknown_attacker_and_no_one_dies_at_a_peaceful_protest():
    from frontwatch.events.merge import finish

    attack = draft("Attack", TOWN, date(2020, 1, 27), 0).event
    protest = draft("Peaceful protest", FAR, date(2020, 1, 27), 1).event
    protest.fatalities = 2
    events = finish([attack, protest], "Gunmen killed a man. Residents protested.", None, "SY")
    assert events[0].actor1 == Actor("Unidentified Armed Group (Syria)", "Political militia")
    assert events[1].fatalities == 0


def test_weapons_found_where_a_fight_took_place_are_part_of_it():
    from frontwatch.events.coder import EventCoder
    from frontwatch.model import Article
    from frontwatch.pipeline import geoparser

    events = EventCoder(geoparser()).code(Article(
        "t", "Soldiers clashed with militants in a forest near Gwoza on Saturday, killing 12 of them. A collection of "
             "rifles and machine guns was found where the militants were hiding, the army said."))
    assert [e.sub_event_type for e in events] == ["Armed clash"]
    # found on their own, weapons are an event
    [e] = EventCoder(geoparser()).code(Article("t", "Police found a cache of rifles and grenades in a house in Gwoza."))
    assert e.sub_event_type == "Disrupted weapons use"


def test_a_calm_word_elsewhere_does_not_undo_a_fight_told_in_another_sentence():
    from frontwatch.events.merge import _joined_kinds

    # "Police clashed with hundreds of protesters. ... amid nationwide peaceful protests."
    assert _joined_kinds({"protest", "clash"}, {"protest", "calm"}) == {"protest", "clash"}
    assert _joined_kinds({"protest", "calm"}, {"pelting"}) == {"protest", "pelting"}
    # a road blocked is no fight: the march told as peaceful stays so
    assert _joined_kinds({"protest", "calm"}, {"disorder"}) == {"protest", "calm", "disorder"}
    # told as peaceful in the very sentence of the fight: decide's own reading stands
    assert _joined_kinds({"protest", "calm", "clash"}, {"protest", "calm"}) == {"protest", "calm", "clash"}
    d = date(2020, 1, 27)
    fight = draft("Violent demonstration", TOWN, d, 0, kinds={"protest", "clash"})
    calm = draft("Peaceful protest", TOWN, d, 1, kinds={"protest", "calm"})
    events = _merge([fight, calm])
    assert len(events) == 1 and events[0].sub_event_type == "Violent demonstration"
