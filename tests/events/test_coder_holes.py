"""Behaviours the mutation probe of issue 14 found untested: each test here fails if the rule
it names is removed. No geoparser (places are the geo stage's tests)."""
from datetime import date, datetime

import pytest

from frontwatch.events.coder import EventCoder
from frontwatch.model import Article
from frontwatch.views.displacement import figures_in

PUB = datetime(2020, 1, 29)


def code(text, country="SY"):
    return EventCoder(None, country=country).code(Article("t", text, PUB))


def only(text):
    events = code(text)
    assert len(events) == 1, [(e.sub_event_type, e.evidence.text) for e in events]
    return events[0]


@pytest.mark.parametrize("text", [
    "Hezbollah fighters captured the town of Qusayr on Monday.",
    "Pro-government militias captured the village of Kafr Nabl on Monday.",
])
def test_capture_by_allies_of_the_state_is_government_regains_territory(text):
    assert only(text).sub_event_type == "Government regains territory"


def test_capture_with_no_named_capturer():
    e = only("The village of Kafr Nabl was captured on Monday.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1.name == "Unidentified Armed Group (Syria)" and e.actor1.inter == "Political militia"
    assert str(e.event_date) == "2020-01-27"


@pytest.mark.parametrize("text,total", [
    ("Three soldiers were killed in the attack. Two civilians were also killed in the attack.", 5),
    ("Two soldiers were killed in the clashes. Three rebels were killed as well.", 5),
])
def test_separately_reported_victims_are_added_up(text, total):
    assert only(text).fatalities == total


def test_default_displacement_kind_is_cumulative():
    # no total, no period, no "another"/"more": a figure of people who have fled is a running total
    (f,) = figures_in("Some 50,000 people have fled their homes in Idlib, the UN said.", article_id="x",
                      published=date(2020, 1, 29))
    assert (f.figure, f.kind, f.period_start, f.period_end) == (50000, "cumulative", None, date(2020, 1, 29))


def test_set_to_attack_is_a_plan_not_an_event():
    assert code("Rebels are set to attack the base on Monday.") == []
    assert code("Troops are poised to storm the town, commanders said.") == []
    assert code("Rebels attacked the base on Monday.") != []
