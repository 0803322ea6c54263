"""Step 1, find cues (events/cues.py): trigger words on short sentences written for these tests."""
import pytest

from frontwatch import nlp
from frontwatch.events.cues import find_cues


def kinds(text):
    return [(c.kind, c.head.text) for c in find_cues(next(nlp.parse(text).sents))]


def test_a_plain_act_is_one_cue_of_its_kind():
    assert kinds("Rebels shelled the village on Monday.") == [("shelling", "shelled")]
    assert kinds("Police arrested ten men in the market.") == [("arrest", "arrested")]


@pytest.mark.parametrize("text, absent", [
    ("Air Force Intelligence arrested two men.", "air"),          # a unit's name is no air strike
    ("Riot police dispersed the crowd.", "riot"),                 # "riot police" describes the police
    ("According to the army, rebels shelled the village.", "agreement"),     # "according" is no accord
])
def test_words_inside_names_and_descriptions_fire_no_cue(text, absent):
    assert absent not in [k for k, _ in kinds(text)]


def test_a_weapon_found_is_disrupted_weapons_use():
    assert kinds("Police found a bomb near the market.") == [("disrupted", "bomb")]


def test_an_ambush_on_a_bus_is_an_attack_not_a_fight():
    assert ("kill", "ambushed") in kinds("Gunmen ambushed a bus on the highway.")
    assert ("clash", "ambushed") in kinds("Rebels ambushed an army convoy on the highway.")


def test_a_violent_protest_is_a_riot():
    assert ("riot", "protests") in kinds("Violent protests broke out in the capital.")


def test_a_person_ousted_is_no_territory_taken():
    from frontwatch import nlp
    from frontwatch.events.cues import find_cues

    def kinds(text):
        return [c.kind for s in nlp.parse(text).sents for c in find_cues(s)]
    assert "territory" not in kinds("Pakistan to restore chief justice ousted by Musharraf.")
    assert "territory" in kinds("Rebels ousted government troops from the town of Kafr Nabl.")


def test_non_violent_names_no_riot():
    assert "riot" not in [k for k, _ in kinds("A non-violent demonstration was held in the square.")]
    assert "riot" in [k for k, _ in kinds("A violent demonstration was held in the square.")]


def test_live_ammunition_is_force_not_a_dispersal():
    assert ("force", "ammunition") in kinds("Soldiers used live ammunition against the crowd.")


@pytest.mark.parametrize("text", [
    "An exchange of shelling took place between the army and the rebels near the dam.",
    "Army and rebel gunners exchanged shelling across the river on Monday.",
    "Exchange of shelling between the two sides in the northern countryside.",
])
def test_fire_traded_both_ways_is_a_fight(text):
    assert "clash" in [k for k, _ in kinds(text)]
