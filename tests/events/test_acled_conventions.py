"""ACLED's coding conventions on sentences written for these tests: who counts as a mob, a militia or a
civilian, which acts a riot or a fight absorbs, and what a note only mentions as context."""
from datetime import datetime

import pytest

from frontwatch.events.coder import EventCoder
from frontwatch.model import Article

PUB = datetime(2020, 1, 29)


def code(text, country="KE"):
    return EventCoder(None, country=country).code(Article("t", text, PUB))


def one(text, country="KE"):
    events = code(text, country)
    assert len(events) == 1, [(e.sub_event_type, e.evidence.text) for e in events]
    return events[0]


@pytest.mark.parametrize("text, sub", [
    # residents who kill are a mob, stone-throwing outside a demonstration is mob violence
    ("Residents of Itugu beat a suspected thief to death on Monday.", "Mob violence"),
    ("Youths threw stones at passing motorists in Kisumu on Monday.", "Mob violence"),
    # within a demonstration the same acts, or a clash with the police, make a riot
    ("Students protested over fees and threw stones at police in Eldoret on Monday.", "Violent demonstration"),
    ("Demonstrators clashed with police in Kisumu on Monday.", "Violent demonstration"),
    # what a protest is about is no violence at the protest
    ("Residents protested over the killing of a boda boda rider by police on Monday.", "Peaceful protest"),
    ("Protesters demanded the arrest of the governor in Nyeri on Monday.", "Peaceful protest"),
    # force against protesters is excessive when it kills, shoots or badly hurts; a beating is an intervention
    ("Police beat protesters with batons in Nairobi on Monday.", "Protest with intervention"),
    ("Police shot dead two protesters in Kisumu on Monday.", "Excessive force against protesters"),
    ("A protest was staged against the attacks on ODM politicians in Kisumu on Monday.", "Peaceful protest"),
    # weapons found or seized are a disrupted weapons use, not a bombing or a capture
    ("Police found a bomb on a bus in Nairobi on Monday.", "Disrupted weapons use"),
    ("Police seized firearms from suspects in Nairobi on Monday.", "Disrupted weapons use"),
    ("A police officer raped a girl in Kisumu on Monday.", "Sexual violence"),
    # an ambush on a bus is an attack on civilians; election violence is the setting of the killing
    ("Gunmen ambushed a bus near Lamu on Monday, killing three passengers.", "Attack"),
    ("Post-election violence continued in Kibera on Monday.", "Violent demonstration"),
    ("Post-election violence continued in Kibera on Monday, and a family of three was killed by unknown attackers.",
     "Attack"),
    # people who are no armed organisation fight as a mob; a rally they attack is no demonstration of theirs
    ("Political rivals clashed at a church meeting in Kisumu on Monday.", "Mob violence"),
    ("Fishermen clashed with police in Naivasha on Monday.", "Mob violence"),
    ("Youths threw stones at an ODM rally in Migori on Monday.", "Mob violence"),
    # killing suspected thieves or witches is mob justice
    ("Five suspected witches were burned to death in Kisii on Monday.", "Mob violence"),
    # police who shoot attackers join the fight
    ("Gunmen attacked a village near Lamu on Monday. Police intervened, shooting dead two of the attackers.",
     "Armed clash"),
    ("Residents of Nyamembe were beaten and assaulted by unknown men on Monday.", "Attack"),
    ("MRC attack police officers in Mombasa", "Armed clash"),
    # a crowd that goes somewhere to demand something demonstrates; a ransom demanded is no protest
    ("Farmers stormed the anti-corruption commission offices in Nairobi on Monday to demand a report.",
     "Peaceful protest"),
    ("Police officers in Kangemi flogged voters on Monday.", "Attack"),
    # police who disperse rioters put down a riot
    ("Police dispersed rioters with tear gas in Kisumu on Monday.", "Violent demonstration"),
    # victims named by what they are, and nothing arms them: an attack on civilians
    ("Unidentified attackers killed four pastoralists and stole livestock near Baragoi on Monday.", "Attack"),
    ("Gunmen shot dead two traders' relatives and a shop attendant in Garissa on Monday.", "Attack"),
    # victims named as an armed group: the police fought them
    ("Police shot dead five members of the Mungiki sect in Nairobi on Monday.", "Armed clash"),
    ("Three suspected SLDF militia were killed by police at Cheptais on Monday.", "Armed clash"),
    # a negation in another clause says nothing of the act
    ("An aid worker was shot dead in Garissa on Monday - the attack was not linked to robbery.", "Attack"),
    # an ambush on a bus is an attack, whatever number the parser hangs on the verb
    ("Three people were killed and four injured after a passenger bus was ambushed by Al Shabaab near Lamu "
     "on Monday.", "Attack"),
    # thieves who shoot someone did it; they are not a mob's victims
    ("A man was shot and injured by cattle thieves at Sosian on Monday.", "Attack"),
    ("Villagers beat to death a man accused of witchcraft in Kisii on Monday.", "Mob violence"),
])
def test_sub_event_type(text, sub):
    assert one(text).sub_event_type == sub


def test_party_supporters_who_attack_are_a_militia():
    e = one("ODM supporters attacked a rival candidate in Kisumu on Monday.")
    assert (e.sub_event_type, e.actor1.inter) == ("Attack", "Political militia")


def test_mob_is_rioters():
    e = one("Residents of Itugu beat a suspected thief to death on Monday.")
    assert e.actor1.name == "Rioters (Kenya)"


def test_communities_fight_as_identity_militias():
    e = one("Clashes between rival clans in Mandera left five people dead on Monday.")
    assert (e.sub_event_type, e.actor1.inter, e.fatalities) == ("Armed clash", "Identity militia", 5)
    e = one("Turkana herders clashed with Pokot raiders near Kainuk on Monday; five people were killed; "
            "the dead may include civilians.")
    assert {e.actor1.name, e.actor2.name} == {"Turkana Ethnic Militia (Kenya)", "Pokot Ethnic Militia (Kenya)"}


def test_riot_absorbs_police_shooting_and_attack_absorbs_arrests():
    e = one("Rioters set up barricades in Kisumu on Monday. Police shot dead two people during the riots.")
    assert (e.sub_event_type, e.actor2.name, e.fatalities) == ("Violent demonstration", "Police Forces of Kenya", 2)
    e = one("Gunmen shot dead a trader in Mombasa on Monday. Police later arrested two suspects.")
    assert e.sub_event_type == "Attack"


def test_unnamed_attacker_is_an_unidentified_armed_group():
    e = one("An unidentified sniper killed a government soldier in Tir Mallah.", "SY")
    assert (e.sub_event_type, e.actor1.name, e.actor1.inter) == (
        "Armed clash", "Unidentified Armed Group (Syria)", "Political militia")


def test_backers_are_not_the_sides_of_a_clash():
    e = one("Regime forces backed by allied militias clashed with the Islamic State around Rasafa.", "SY")
    assert (e.sub_event_type, e.actor1.name, e.actor2.name) == (
        "Armed clash", "Military Forces of Syria", "Islamic State (Syria)")
    e = one("Rebel forces backed by Islamist militias battled regime forces backed by allied militias in Hodr.", "SY")
    assert {e.actor1.name, e.actor2.name} == {"Military Forces of Syria", "Opposition Rebels (Syria)"}


def test_group_named_in_arabic_is_an_actor():
    e = one("Jaish al-Mujahideen clashed with Jabhat Fateh al Sham in the Maashorin area.", "SY")
    assert (e.actor1.name, e.actor1.inter) == ("Jaish al-Mujahideen", "Rebel group")


def test_the_dead_are_no_mob():
    e = one("Three people died in Kisumu on Monday.")
    assert (e.sub_event_type, e.actor1.inter, e.actor2.inter) == ("Attack", "Political militia", "Civilians")


def test_flight_from_violence_is_part_of_it():
    e = one("Raiders attacked Kapterit village on Monday and burnt 20 houses. About 300 residents fled their homes.")
    assert (e.sub_event_type, e.displaced) == ("Attack", 300)
    assert [x.sub_event_type for x in code("Gunmen robbed a bank in Mandera on Monday. The attackers fled into "
                                          "Somalia.")] == []


def test_a_ransom_demanded_is_no_protest():
    assert code("Kidnappers are demanding a ransom for the release of the trader.") == []


@pytest.mark.parametrize("text, sub, actor", [
    ("Movement of forces: Al Shabaab fighters were seen moving through Boni Forest on Monday.",
     "Change to group/activity", "Al Shabaab"),
    ("Property destruction: militants burnt a communications mast in Wajir on Monday.",
     "Looting/property destruction", None),
    ("Non-violent activity: youths in Kisumu armed themselves ahead of the vote on Monday.", "Other", None),
    ("Defusal: police dismantled an explosive device planted at a school in Garissa on Monday.",
     "Disrupted weapons use", "Police Forces of Kenya"),
    ("Armed clash: soldiers and militants exchanged fire near Lamu on Monday.", "Armed clash", None),
])
def test_an_items_label_names_its_act(text, sub, actor):
    event = one(text)
    assert event.sub_event_type == sub
    if actor:
        assert event.actor1 is not None and event.actor1.name.startswith(actor)


def test_a_dateline_or_a_place_is_no_label():
    event = one("Nairobi: Police shot dead two protesters in Kibera on Monday.")
    assert event.sub_event_type == "Excessive force against protesters"


def test_a_protest_that_turns_violent_in_the_next_sentence_is_one_riot():
    event = one("Students of Maseno School protested over fees in Kisumu on Monday. They set fire to two dormitories.")
    assert event.sub_event_type == "Violent demonstration"
    assert event.actor1.inter == "Rioters"
    # a road blocked is no violence of its own
    calm = one("Drivers protested over the state of the road in Makutano on Monday. They blocked the road for hours.")
    assert calm.sub_event_type == "Peaceful protest"


def test_a_demonstration_told_as_peaceful_is_no_riot_for_a_road_block():
    calm = one("Traders held a peaceful demonstration and blocked the road in Makutano on Monday.")
    assert calm.sub_event_type == "Peaceful protest"
    stones = one("Students held a peaceful march in Kisii on Monday, but some threw stones at police.")
    assert stones.sub_event_type == "Violent demonstration"


def test_some_marched_peacefully_but_others_fought_is_a_riot():
    mixed = one("Most traders marched peacefully in Nakuru on Monday, while others clashed with police near the bus "
                "station.")
    assert mixed.sub_event_type == "Violent demonstration"
    # told of the same marchers, a road they blocked does not make the peaceful march a riot
    calm = one("Traders marched peacefully in Nakuru on Monday and blocked the highway for two hours.")
    assert calm.sub_event_type == "Peaceful protest"
