"""The rule coder on sentences written for these tests (no geoparser: places are the geo stage's tests)."""
from datetime import datetime

import pytest

from frontwatch.events.coder import EventCoder
from frontwatch.model import Article

PUB = datetime(2020, 1, 29)


def code(text, country="SY", published=PUB):
    return EventCoder(None, country=country).code(Article("t", text, published))


def one(text, **kw):
    events = code(text, **kw)
    assert len(events) == 1, [(e.sub_event_type, e.evidence.text) for e in events]
    return events[0]


def test_capture_by_state_forces_is_government_regains_territory():
    e = one("Government troops captured the hilltop village on Monday after a day of fighting, state media said.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Government regains territory")
    assert (e.actor1.name, e.actor1.inter) == ("Military Forces of Syria", "State forces")
    assert str(e.event_date) == "2020-01-27" and e.time_precision == 1
    assert e.source == "state media"
    assert e.evidence.text.startswith("Government troops captured")


@pytest.mark.parametrize("text, sub", [
    ("Kurdish-led fighters took parts of the village of Marsa from the jihadists on Sunday.",
     "Non-state actor overtakes territory"),
    ("Militiamen took most of the town after the garrison withdrew overnight.", "Non-state actor overtakes territory"),
    ("Government forces established full control of Dalmo village after two days of fighting.",
     "Government regains territory"),
    ("The army has imposed complete control over the hill town of Kessab, state television said.",
     "Government regains territory"),
])
def test_part_of_a_place_taken_and_control_established_are_territory(text, sub):
    assert one(text).sub_event_type == sub


@pytest.mark.parametrize("text", [
    "Officials took most of the day to count the ballots.",
    "The minister took part of the blame for the delays.",
])
def test_a_part_of_something_else_taken_is_no_territory(text):
    assert not [e for e in code(text) if "territory" in e.sub_event_type]


@pytest.mark.parametrize("text", [
    "Jihadist fighters briefly seized the pumping station before the army drove them back at dusk.",
    "Tribal gunmen temporarily took over the border post of Wadi Safra on Friday, residents said.",
])
def test_a_place_held_briefly_is_a_clash_not_a_change_of_territory(text):
    assert [e.sub_event_type for e in code(text)][:1] == ["Armed clash"]


@pytest.mark.parametrize("text, country, sub", [
    ("Insurgents attacked a YPG vehicle near Amuda on Sunday.", "SY", "Armed clash"),
    ("Unidentified gunmen assassinated a QSD member near the hospital of Raqqa.", "SY", "Armed clash"),
    ("Gunmen opened fire on members of the Republican Guard in Nawa, killing one.", "SY", "Armed clash"),
    ("Gunmen killed a former QSD member in Raqqa.", "SY", "Attack"),          # a former member is a civilian
    ("Borana fighters attacked and killed three members of the Gabra clan near Marsabit.", "KE", "Attack"),  # a clan
])
def test_violence_against_what_an_armed_group_owns_is_a_battle(text, country, sub):
    assert [e.sub_event_type for e in code(text, country=country)][:1] == [sub]


def test_a_body_named_for_the_air_force_is_no_air_strike():
    subs = [e.sub_event_type for e in code("Gunmen attacked an air force intelligence checkpoint near Sahm on Friday.")]
    assert subs == ["Armed clash"]
    assert [e.sub_event_type for e in code("The air force bombed Kafr Zita on Monday.")] == ["Air/drone strike"]


def test_a_body_found_tells_a_killing_by_whom_it_does_not_say():
    e = one("The bodies of two regime soldiers were found near Khan Shaykhun on Sunday.")
    assert e.sub_event_type == "Armed clash"        # the dead were fighters
    assert (e.actor1.name, e.actor2.name) == ("Unidentified Armed Group (Syria)", "Military Forces of Syria")
    e = one("Police recovered the body of a shepherd from a well outside Korvan.")
    assert e.sub_event_type == "Attack" and e.actor1.name == "Unidentified Armed Group (Syria)"    # not the police


def test_a_handover_told_in_so_many_words_is_the_rules_to_decide():
    from frontwatch import nlp
    from frontwatch.events.cues import _told, find_cues

    doc = next(iter(nlp.parse_many(["The militia handed over the town of Sorel to government forces on Monday."])))
    cues = [c for s in doc.sents for c in find_cues(s)]
    assert [c.kind for c in cues] == ["handover"] and _told(cues[0])     # no type model may overrule it


def test_police_responding_with_tear_gas_is_crowd_control_not_a_battle():
    subs = [e.sub_event_type for e in code("Students protesting fee rises hurled stones at the police in Eldoret. "
                                            "Security forces responded with tear gas and water cannon.",
                                            country="KE")]
    assert "Armed clash" not in subs and subs[0] == "Violent demonstration"


def test_rioters_who_clash_with_foreign_troops_riot():
    # a foreign army is no armed group of the crowd's kind: rioters fighting it riot (ACLED: violent demonstration)
    assert [e.sub_event_type for e in code("Rioters clashed with IDF troops in Hebron on Friday.",
                                           country="PS")] == ["Violent demonstration"]


def test_a_verb_that_has_no_noun_reading_is_read_as_a_verb_in_a_caption():
    # spaCy tags "detain" in a caption's "Police detain protesters" as a noun; English has no noun "detain"
    text = "Police detain protesters during a rally against fuel prices in Abuja, Nigeria, Monday, Jan. 4, 2021"
    assert [e.sub_event_type for e in code(text, country="NG")] == ["Protest with intervention"]


@pytest.mark.parametrize("text, sub", [
    ("Hundreds of teachers formed a human chain outside the parliament in Dhaka on Monday.", "Peaceful protest"),
    ("Police baton-charged a human chain of garment workers in Gazipur and detained six of them.",
     "Protest with intervention"),
])
def test_a_human_chain_is_a_demonstration(text, sub):
    assert [e.sub_event_type for e in code(text, country="BD")][:1] == [sub]


def test_a_capitalised_plural_is_still_a_cue():
    # spaCy tags "Clashes" after a date as a proper noun whose lemma keeps the plural
    text = "On 4 June 2019, Clashes took place between regime forces and rebels in Kafr Nabudah."
    assert [e.sub_event_type for e in code(text)] == ["Armed clash"]


def test_capture_by_rebels_is_non_state_actor_overtakes_territory():
    e = one("Rebel fighters seized the town from government forces before dawn on Tuesday.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1.inter == "Rebel group" and e.actor2.inter == "State forces"


@pytest.mark.parametrize("text", [
    "Troops are expected to push toward the town of Saraqeb next week.",
    "Their next target is likely to be the last rebel-held town on the highway.",
    "The army denied shelling the village.",
    "No clashes were reported in the area on Monday.",
    "The war has killed more than 400,000 people since 2011.",
    "Officials warned that an offensive would displace thousands more.",
    "The two presidents met in Istanbul and called for a halt to the fighting.",
    "Rebel commanders said they would abide by the truce.",
])
def test_forecasts_denials_negations_and_tallies_are_not_events(text):
    assert code(text) == []


def test_air_strike_with_dead():
    e = one("Russian warplanes bombed a market in the town on Sunday, killing at least 12 civilians.")
    assert e.sub_event_type == "Air/drone strike"
    assert e.actor1.name == "Military Forces of Russia"
    assert e.fatalities == 12


def test_victims_joined_by_and_are_added_up():
    e = one("Rebel artillery shelled the city on Sunday, killing two children and a woman.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    assert e.fatalities == 3


def test_differing_reports_give_lowest_and_highest():
    e = code("Gunmen attacked a checkpoint on Monday and at least three soldiers were killed. "
             "A local official said five soldiers died.", country="KE")[0]
    assert (e.fatalities, e.fatalities_high) == (3, 5)


def test_no_fatalities_reported_is_zero():
    e = one("Clashes took place between regime forces and rebels near the airport. "
            "Neither injuries nor fatalities were reported.")
    assert e.sub_event_type == "Armed clash" and e.fatalities == 0


def test_clashes_with_shelling_are_one_armed_clash():
    e = one("Regime forces shelled the village while clashes took place between the army and rebels there.")
    assert e.sub_event_type == "Armed clash"
    assert e.actor1.inter == "State forces"


def test_earlier_events_told_as_context_are_background():
    e = one("In August, Syrian troops captured another town along the highway.")
    assert e.status == "background"
    assert (str(e.event_date), e.time_precision) == ("2019-08-15", 3)


@pytest.mark.parametrize("text,sub", [
    ("Hundreds of traders protested in the city centre on Monday over new taxes.", "Peaceful protest"),
    ("Police fired tear gas to disperse protesters who marched on parliament on Monday.",
     "Protest with intervention"),
    ("Protesters threw stones at police and burned tyres on the main road on Monday.", "Violent demonstration"),
    ("A roadside bomb killed two soldiers on the highway on Monday.", "Remote explosive/landmine/IED"),
    ("Unidentified gunmen kidnapped a local chief on Monday.", "Abduction/forced disappearance"),
    ("A suicide bomber blew himself up at a checkpoint on Monday, killing four policemen.", "Suicide bomb"),
])
def test_other_sub_event_types(text, sub):
    assert code(text, country="KE")[0].sub_event_type == sub


def test_displacement_figure_prefers_the_stated_total():
    events = code("Aid groups said 167,000 people had fled since the beginning of January, "
                  "bringing the total to more than 383,000 people.")
    [e] = [e for e in events if e.sub_event_type == "Displacement"]
    assert e.displaced == 383_000 and e.status == "current"


def test_a_notes_own_coding_decision_settles_the_figure():
    e = one("Clashes took place between regime forces and rebels near the dam. Unknown fatalities coded as 10.")
    assert e.fatalities == 10


def test_a_total_split_over_several_events_gives_this_events_share():
    e = code("Clashes took place between regime forces and rebels near the dam, killing 15 soldiers. "
             "Fatalities split between two events.")[0]
    assert e.fatalities == 8          # 15 / 2, the remainder to the first (ACLED)


def test_attempted_killings_kill_no_one():
    e = one("Unidentified gunmen tried to assassinate a rebel commander near the village on Monday.")
    assert e.fatalities == 0


def test_acronyms_only_in_capitals():
    e = one("On Monday, IS fighters clashed with the SDF near the dam. The situation is tense.")
    assert {e.actor1.name, e.actor2.name} == {"Islamic State (Syria)", "QSD: Syrian Democratic Forces"}


def test_an_armed_group_the_dictionary_lacks_is_named_as_itself():
    e = one("The Army of Free Tribes managed to control the dam after clashes with the Islamic State.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert (e.actor1.name, e.actor1.inter) == ("The Army of Free Tribes", "Rebel group")


def test_crowds_fighting_each_other_are_mob_violence():
    e = code("Rival party supporters clashed with stones and clubs outside the polling station on Monday.",
             country="KE")[0]
    assert e.sub_event_type == "Mob violence" and e.actor1.inter == "Rioters"


@pytest.mark.parametrize("text, actor1, actor2", [
    # the second side of "between X backed by Y and Z" is Z, no ally of X
    ("Fighting broke out near the airbase between regime forces backed by allied militias and the Islamic State "
     "on Monday.", "Military Forces of Syria", "Islamic State (Syria)"),
    # what the backed force's own verb acts on is its enemy, not a backer
    ("Regime forces backed by Hezbollah and the Russian military battled the Islamic State near Arran on Monday.",
     "Military Forces of Syria", "Islamic State (Syria)"),
    # "loyal to them against IS": IS is fought, not backing
    ("Clashes between regime forces and militiamen loyal to them against IS took place in Deir ez-Zor on Monday.",
     "Military Forces of Syria", "Islamic State (Syria)"),
    # the subject of "backed" is the one backed; its backers are not who took the town
    ("Syrian Democratic Forces backed by coalition warplanes were able to control the village of Jazrat on Monday.",
     "QSD: Syrian Democratic Forces", None),
])
def test_who_fought_whom_around_backers(text, actor1, actor2):
    e = code(text)[0]
    assert e.actor1.name == actor1
    if actor2:
        assert e.actor2 is not None and e.actor2.name == actor2


def test_the_subject_of_able_to_advance_is_who_advanced():
    e = one("The Islamic State was able to advance into the Ommal area of Deir ez-Zor on Monday.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1.name == "Islamic State (Syria)"
