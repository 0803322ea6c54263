"""Reading a news story whole: who only reports or reacts, the headline, weapons before generic blasts."""
from datetime import datetime

import pytest

from frontwatch.events.coder import EventCoder
from frontwatch.model import Article

PUB = datetime(2021, 3, 8)


@pytest.fixture(scope="module")
def rules():
    return lambda text, country="NG": EventCoder(None, country=country).code(Article("t", text, PUB))


def test_the_source_of_a_report_is_no_party(rules):
    [e] = rules("Three people were killed in an attack on a village in Borno, according to the army.")
    assert e.sub_event_type == "Attack"
    assert e.actor1 is None or e.actor1.inter != "State forces"


def test_who_condemns_an_attack_did_not_carry_it_out(rules):
    [e] = rules("The governor condemned the attack on the market in Maiduguri, which killed five traders.")
    assert e.sub_event_type == "Attack"
    assert e.actor1 is None or "governor" not in (e.actor1.surface or "").lower()


def test_a_speaker_who_says_it_acted_is_the_actor(rules):
    [e] = rules("The army said it killed 20 militants in an operation in the Sambisa forest on Sunday.")
    assert e.actor1 is not None and e.actor1.inter == "State forces"


def test_a_headline_is_the_story_told_again(rules):
    events = rules("Blast Kills Three in Market Town. KANDAHAR -- A roadside bomb exploded in the main bazaar on "
                   "Sunday, killing three traders and wounding nine, police said.", "AF")
    assert [e.sub_event_type for e in events] == ["Remote explosive/landmine/IED"]
    assert events[0].fatalities == 3


def test_a_named_weapon_beats_a_generic_blast(rules):
    [e] = rules("Seven soldiers were injured in a grenade explosion in Kupwara district on Tuesday.", "IN")
    assert e.sub_event_type == "Grenade"
    [e] = rules("A bomb exploded at a bus stop in Kaduna on Monday, killing four passengers.")
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_a_weapon_used_during_clashes_is_the_act_but_shelling_backs_the_fight(rules):
    [e] = rules("A grenade exploded during clashes between soldiers and rebels in Beni, wounding a girl.", "CD")
    assert e.sub_event_type == "Grenade"
    [e] = rules("Regime forces shelled the village during clashes between the army and rebels there.", "SY")
    assert e.sub_event_type == "Armed clash"


def test_names_and_gear_fire_no_cue(rules):
    # "assault" names the rifle, not an act
    assert rules("Officers found a collection of assault rifles in the boot of the car.") == []
    [e] = rules("Riot police fired tear gas at protesters in Abuja on Monday.")
    assert e.sub_event_type == "Protest with intervention"


def test_arrests_are_the_states(rules):
    [e] = rules("Ten opposition activists have been arrested in Kano on charges of buying firearms.")
    assert e.sub_event_type == "Arrests"
    assert e.actor1.inter == "State forces" and e.actor1.name == "Police Forces of Nigeria"


def test_the_wars_toll_is_no_figure_of_the_event_before_it(rules):
    [e] = rules("Government forces captured the town of Maarat al-Numan on Tuesday after weeks of shelling. "
                "The conflict has left more than 400,000 people dead and displaced half of the population.", "SY")
    assert e.sub_event_type == "Government regains territory" and e.fatalities == 0


def test_one_person_on_a_rampage_attacks_a_crowd_on_a_rampage_is_a_mob(rules):
    [lone] = rules("A gunman went on a rampage in a school in Winnenden, killing 15 people.", "DE")
    assert lone.sub_event_type == "Attack" and lone.fatalities == 15
    [mob] = rules("A mob went on a rampage in Jos, killing three traders and torching shops.")
    assert mob.sub_event_type == "Mob violence"


def test_fatally_shot_counts_the_dead(rules):
    [e] = rules("Police fatally shot four men in Kano on Friday after they fired at a checkpoint.")
    assert e.fatalities == 4
    [e] = rules("A trader was fatally stabbed in Onitsha on Sunday.")
    assert e.fatalities == 1
    [e] = rules("Gunmen shot and wounded four men in Kano on Friday.")
    assert e.fatalities == 0


@pytest.fixture(scope="module")
def placed():
    from frontwatch.pipeline import geoparser

    coder = EventCoder(geoparser())
    return lambda text: coder.code(Article("t", text, PUB))


def test_an_act_in_two_places_is_two_events_with_the_dead_shared(placed):
    events = placed("Airstrikes killed 10 civilians in Kafr Nabl and Maarat al-Numan on Sunday.")
    assert sorted(e.place.name for e in events) == ["Kafranbel", "Maarat al-Numan"]
    assert sorted(e.fatalities for e in events) == [5, 5]
    events = placed("Nine activists were arrested in Batumi and Tbilisi on Monday.")
    assert sorted(e.place.name for e in events) == ["Batumi", "Tbilisi"]
    [e] = placed("Clashes erupted in Idlib and its countryside on Monday.")     # a container: one place


def test_a_battle_that_ended_was_fought(rules):
    [e] = rules("A two-hour gun battle between the army and gunmen ended in 18 fatalities in Maiduguri on Saturday. "
                "Two soldiers and 16 gunmen were killed in the battle.")
    assert e.sub_event_type == "Armed clash"
    assert e.fatalities == 18            # the second sentence tells the same dead again
    assert rules("The governor vowed to end the fighting in Maiduguri.") == []


def test_small_figures_of_different_victims_add_up(placed):
    [e] = placed("On 5 March, 1 soldier was killed in an attack by gunmen on a checkpoint in Maiduguri. Also a "
                 "militant was killed.")
    assert e.fatalities == 2


def test_an_act_weeks_before_the_story_is_background(rules):
    events = rules("The shooting happened just weeks after a man killed 10 people in Kano.")
    assert all(e.fatalities != 10 or e.status != "current" for e in events)


def test_an_undated_sentence_goes_on_the_story_just_told(placed):
    events = placed("On Saturday, protesters threw stones at police in Abuja, injuring 20 officers. On Sunday, "
                    "about 1,700 protesters gathered peacefully in Abuja and police detained 70 of them. The day "
                    "before, the demonstration had turned violent when protesters tried to drag away police buses.")
    by_day = {e.event_date.weekday(): e.sub_event_type for e in events}
    assert by_day.get(6) == "Protest with intervention"          # Sunday's protest is not made a riot


def test_a_village_the_gazetteer_does_not_know_keeps_its_own_event(placed):
    events = placed("Heavy fighting hit Tskhinvali on Thursday. The Georgian-controlled village of Zarbeti came under "
                    "attack late on Thursday. Kvemo Chala, a Georgian town a stone's throw from Tskhinvali, also came "
                    "under fire on Thursday.")
    names = {e.place.name for e in events if e.place}
    assert {"Zarbeti", "Kvemo Chala"} <= names
    stand_in = next(e.place for e in events if e.place and e.place.name == "Zarbeti")
    assert stand_in.precision == 2 and stand_in.latitude is not None      # placed near the town it lies by


# One sentence, one event, its sub-event type by ACLED's rules: (why, text, country, type).
ONE_EVENT = [
    ("poisonous gas is a chemical weapon",
     "Militants fired mortar rounds containing poisonous gases at army positions near Mosul.", "IQ", "Chemical weapon"),
    ("fire on protesters is excessive force whoever fired",
     "Soldiers opened fire on protesters in Kaduna on Monday, wounding twelve.", "NG",
     "Excessive force against protesters"),
    ("protesters killed by gunfire",
     "Four protesters died from gunfire overnight during a demonstration outside the governor's office in Kano.", "NG",
     "Excessive force against protesters"),
    ("the crowd fought first: a riot, though the police then fired",
     "Protesters threw stones at police in Kano, who opened fire on the crowd, killing two.", "NG",
     "Violent demonstration"),
    ("tear gas is no lethal force", "Police fired tear gas at protesters in Abuja on Saturday.", "NG",
     "Protest with intervention"),
    ("live ammunition at a crowd is lethal force, whether or not anyone is named dead",
     "Police broke up a sit-in by teachers in Port Harcourt with live ammunition on Thursday.", "NG",
     "Excessive force against protesters"),
    ("serious injuries in a dispersal are excessive force",
     "Dozens of marchers suffered serious injuries when police dispersed the rally in Jos.", "NG",
     "Excessive force against protesters"),
    ("deaths in a crackdown on a protest are excessive force",
     "Two students died on Monday as the authorities cracked down on a protest at the university in Ibadan.", "NG",
     "Excessive force against protesters"),
    ("a non-violent demonstration broken up is an intervention, no riot",
     "Police broke up a non-violent demonstration by nurses in Enugu with tear gas.", "NG",
     "Protest with intervention"),
    ("shooting at the unarmed is an attack", "Gunmen opened fire on a teahouse in Maiduguri on Friday.", "NG", "Attack"),
    ("shooting at a post is a battle", "Gunmen opened fire on an army checkpoint near Maiduguri, killing two soldiers.",
     "NG", "Armed clash"),
    ("shooting at a patrol is a battle", "Militants opened fire on a police patrol in Maiduguri.", "NG", "Armed clash"),
    ("protesters who pull down walls riot",
     "Protesters pulled down the concrete walls around the parliament during a demonstration in Abuja.", "NG",
     "Violent demonstration"),
    ("the police blocking a crowd intervene",
     "Around 300 police buses blocked protesters from entering the square in front of City Hall in Abuja on Sunday.",
     "NG", "Protest with intervention"),
    ("a crowd blocking and burning riots", "Protesters blocked the highway in Kano and burned tyres on Sunday.", "NG",
     "Violent demonstration"),
    ("an arsenal seized is no capture",
     "Soldiers seized a huge arsenal of rifles, shotguns and grenade launchers from a house in Kaduna.", "NG",
     "Disrupted weapons use"),
    ("an attack on a checkpoint is a battle",
     "Militants attacked a checkpoint in Borno, killing 12 security force members.", "NG", "Armed clash"),
    ("terrorists are armed", "Soldiers killed scores of terrorists in the Sambisa forest.", "NG", "Armed clash"),
    ("an attack on a bus is an attack", "Gunmen attacked a bus in Kaduna, killing five passengers.", "NG", "Attack"),
    ("weapons seized in a passive list",
     "Seven revolvers, a carbine and 85 rounds of live cartridges were seized from the suspects in Kano, a police "
     "officer said.", "NG", "Disrupted weapons use"),
    ("weapons seized in a list", "Soldiers seized two landmines, six TNT sticks and 2,000 rounds of ammunition from a "
     "cache near Gombe.", "NG", "Disrupted weapons use"),
]


@pytest.mark.parametrize("why,text,country,sub", ONE_EVENT, ids=[row[0] for row in ONE_EVENT])
def test_one_event_of_its_type(rules, why, text, country, sub):
    [e] = rules(text, country)
    assert e.sub_event_type == sub, why


def test_the_dead_of_an_attack_on_a_post_or_on_protesters_are_counted(rules):
    [e] = rules("Militants attacked a checkpoint in Borno, killing 12 security force members.")
    assert e.fatalities == 12
    [e] = rules("Four protesters died from gunfire overnight during a demonstration outside the governor's office in "
                "Kano.")
    assert e.fatalities == 4
