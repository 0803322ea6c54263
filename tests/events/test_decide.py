"""Step 3, decide the type (events/decide.py): ACLED's hierarchy over cue kinds and actors, and the kind
adjustments that precede it, on short sentences written for these tests."""
import pytest

from frontwatch import nlp
from frontwatch.events.actors import find_actors
from frontwatch.events.cues import find_cues
from frontwatch.events.decide import adjust_kinds, decide
from frontwatch.events.nonevents import _act_cues
from frontwatch.model import Actor

ARMY = Actor("Military Forces of Syria", "State forces")
REBELS = Actor("Opposition Rebels (Syria)", "Rebel group")
RIOTERS = Actor("Rioters (Kenya)", "Rioters")
CIVILIANS = Actor("Civilians (Syria)", "Civilians")


@pytest.mark.parametrize("kinds, actors, civ, sub", [
    ({"territory"}, [ARMY, REBELS], False, "Government regains territory"),
    ({"territory"}, [REBELS, ARMY], False, "Non-state actor overtakes territory"),
    ({"territory", "transfer"}, [REBELS], False, "Non-violent transfer of territory"),
    ({"clash"}, [RIOTERS], False, "Mob violence"),                 # crowds fighting: disorder, no battle
    ({"clash"}, [ARMY, REBELS], False, "Armed clash"),
    ({"protest"}, [], False, "Peaceful protest"),
    ({"protest", "arrest"}, [], False, "Protest with intervention"),
    ({"protest", "riot"}, [], False, "Violent demonstration"),
    ({"protest", "force"}, [ARMY], False, "Excessive force against protesters"),
    ({"kill"}, [REBELS, CIVILIANS], True, "Attack"),
    ({"kill"}, [ARMY, REBELS], False, "Armed clash"),
    ({"kill", "air"}, [ARMY], True, "Air/drone strike"),
    ({"shelling", "kill"}, [ARMY], True, "Shelling/artillery/missile attack"),
    ({"sexual", "clash"}, [ARMY], True, "Sexual violence"),       # never part of a fight
    ({"disrupted"}, [ARMY], False, "Disrupted weapons use"),
    (set(), [ARMY], False, None),
])
def test_decide_follows_acleds_hierarchy(kinds, actors, civ, sub):
    assert decide(kinds, actors, civ) == sub


def adjusted(text, last_sub=None):
    s = next(nlp.parse(text).sents)
    cues = _act_cues(s, find_cues(s))
    return adjust_kinds(s, cues, find_actors(s.text, "SY"), last_sub)


def test_fire_on_a_teahouse_is_an_attack_on_civilians():
    kinds, civ = adjusted("Gunmen opened fire on a teahouse, killing three civilians.")
    assert kinds == {"kill"} and civ


def test_violence_against_men_on_duty_is_a_battle():
    kinds, civ = adjusted("Militants attacked a police post near the town.")
    assert kinds == {"kill", "clash"} and not civ


def test_one_mans_rampage_is_no_mob():
    kinds, _ = adjusted("A gunman went on a rampage, killing eight people.")
    assert kinds == {"kill"}


def test_police_who_come_to_the_attack_just_told_add_no_event():
    text = "Police intervened in the area."
    kinds, _ = adjusted(text)
    assert "intervention" in kinds
    assert adjusted(text, last_sub="Attack") is None
