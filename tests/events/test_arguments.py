"""Step 4, fill the arguments: actors (events/arguments.py) on short sentences written for these tests."""
from frontwatch import nlp
from frontwatch.events.actors import find_actors
from frontwatch.events.arguments import _clash_rank, _crowd, _national, assign
from frontwatch.events.cues import find_cues
from frontwatch.model import Actor


def roles(text, country="SY", sub=None):
    s = next(nlp.parse(text).sents)
    cue = find_cues(s)[0]
    a1, a2 = assign(s, cue, find_actors(s.text, country), sub)
    return (a1.inter if a1 else None), (a2.inter if a2 else None)


def test_the_subject_acts_and_the_object_suffers():
    assert roles("Rebels attacked government forces near the town.") == ("Rebel group", "State forces")
    assert roles("Government forces attacked rebels near the town.") == ("State forces", "Rebel group")


def test_the_agent_of_a_passive_acts():
    assert roles("Government forces were attacked by rebels near the town.") == ("Rebel group", "State forces")


def test_who_reports_an_act_is_no_party_to_it():
    a1, a2 = roles("According to the army, rebels shelled the village.")
    assert a1 == "Rebel group" and a2 is None


def test_crowds_are_named_by_their_role():
    assert _national("Rioters", "Rioters", "KE") == Actor("Rioters (Kenya)", "Rioters")
    police = Actor("Police Forces of Kenya", "State forces")
    assert _crowd("Peaceful protest", "KE", None, None) == (Actor("Protesters (Kenya)", "Protesters"), None)
    assert _crowd("Excessive force against protesters", "KE", police, None) == (
        police, Actor("Protesters (Kenya)", "Protesters"))


def test_state_forces_come_first_in_a_clash():
    assert _clash_rank(Actor("Military Forces of Syria", "State forces")) < _clash_rank(
        Actor("Opposition Rebels (Syria)", "Rebel group"))


def test_arrests_are_the_states_and_a_capture_is_typed_by_the_capturer():
    from frontwatch.events.arguments import actors_for

    s = next(nlp.parse("Ten men were arrested in the market.").sents)
    a1, _, sub = actors_for(s, find_cues(s)[0], find_actors(s.text, "KE"), "Arrests", "KE")
    assert a1 == Actor("Police Forces of Kenya", "State forces") and sub == "Arrests"
    s = next(nlp.parse("Rebel fighters seized the town from government forces.").sents)
    a1, a2, sub = actors_for(s, find_cues(s)[0], find_actors(s.text, "SY"), "Government regains territory", "SY")
    assert (a1.inter, a2.inter, sub) == ("Rebel group", "State forces", "Non-state actor overtakes territory")
