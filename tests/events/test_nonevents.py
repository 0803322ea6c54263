"""Step 2, drop non-events (events/nonevents.py): acts planned, denied, tallied or told as a setting or a
grievance are dropped; acts that happened are kept."""
import pytest

from frontwatch import nlp
from frontwatch.events.cues import find_cues
from frontwatch.events.nonevents import _act_cues, is_realis, is_running_total


def sent(text):
    return next(nlp.parse(text).sents)


def acts(text):
    s = sent(text)
    return [(c.kind, c.head.text) for c in _act_cues(s, find_cues(s))]


def test_a_fight_vowed_to_end_did_not_happen_but_a_battle_that_ended_did():
    s = sent("Rebels vowed to end the fighting.")
    assert [is_realis(c) for c in find_cues(s)] == [False]
    s = sent("The battle ended in 18 deaths.")
    assert ("clash", "battle") in [(c.kind, c.head.text) for c in find_cues(s) if is_realis(c)]


@pytest.mark.parametrize("text", [
    "The army denied shelling the village.",
    "Troops are set to attack the town.",
    "Rebels will attack the town tomorrow.",
])
def test_denied_scheduled_and_future_acts_are_dropped(text):
    assert acts(text) == []


def test_a_war_toll_is_a_running_total_not_an_event():
    s = sent("The war has left 400,000 dead since 2011.")
    assert [is_running_total(s, c) for c in find_cues(s)] == [True]
    assert acts("The war has left 400,000 dead since 2011.") == []
    s = sent("Three soldiers were killed in an ambush on Monday.")
    assert not any(is_running_total(s, c) for c in find_cues(s))


def test_what_a_protest_is_about_is_no_act_at_it():
    found = acts("Residents protested against the shelling of their town.")
    assert ("protest", "protested") in found
    assert not any(k == "shelling" for k, _ in found)


def test_an_act_weeks_before_the_story_is_background():
    found = acts("The attack came just weeks after a gunman killed ten people at a mosque.")
    assert ("kill", "attack") in found
    assert ("kill", "killed") not in found


@pytest.mark.parametrize("text", [
    "Police arrested a dozen opposition activists in Harare ahead of planned protests against the election result.",
    "Security agents detained several union leaders on the eve of the demonstration in the capital.",
    "The security service continues to detain people who organise or take part in the demonstrations.",
])
def test_a_protest_that_is_the_time_or_reason_of_arrests_is_no_protest_broken_up(text):
    found = [k for k, _ in acts(text)]
    assert "arrest" in found and "protest" not in found


def test_protesters_arrested_at_their_protest_were_protesting():
    found = [k for k, _ in acts("Police detained 70 protesters during a rally against fuel prices in Lagos.")]
    assert "arrest" in found and "protest" in found
