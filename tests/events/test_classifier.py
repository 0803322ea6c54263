"""The optional classifier learnt from a user's ACLED export: where it may overrule the rules."""
from datetime import datetime

from frontwatch.events import classifier as clf
from frontwatch.model import Actor, Article, Event, Evidence

TOWNS = ["Kisumu", "Garissa", "Nakuru", "Eldoret", "Nyeri", "Kitui", "Lamu", "Wajir", "Embu", "Thika"]
PROTESTS = [f"Traders in {t} held a peaceful march over market fees on Monday." for t in TOWNS]
ATTACKS = [f"Gunmen shot dead a shopkeeper in {t} on Monday night." for t in TOWNS]


class Fixed:
    """A classifier whose answers the test sets, to check the calibration's arithmetic."""

    def __init__(self, answers):
        self.answers = answers

    def predict(self, text):
        return self.answers[text]


def test_calibration_trusts_the_classifier_only_where_it_beats_the_rules_clearly():
    texts = [f"note {i}" for i in range(40)]
    gold = ["Attack"] * 20 + ["Armed clash"] * 20
    ruled = ["Armed clash"] * 20 + ["Armed clash"] * 20         # the rules call every note a clash
    answers = {t: ("Attack", 0.9) if i < 20 else ("Attack", 0.55) for i, t in enumerate(texts)}
    trust = clf.calibrate(Fixed(answers), texts, gold, ruled)
    assert 0.55 < trust["Armed clash"] <= 0.9        # confident answers are right, unsure ones wrong

    answers = {t: ("Attack", 0.9) for t in texts}     # the classifier says "Attack" to all: half right
    gold = ["Attack"] * 21 + ["Armed clash"] * 19     # a gain of two notes is no clear gain
    assert clf.calibrate(Fixed(answers), texts, gold, ruled)["Armed clash"] == clf.NEVER


def test_a_calibrated_model_leaves_alone_the_types_it_was_not_trusted_on():
    model = clf.train(PROTESTS + ATTACKS, ["Peaceful protest"] * 10 + ["Attack"] * 10)
    text = "Gunmen shot dead a shopkeeper in Moyale on Monday night."
    event = Event(article_id="a", event_type="Protests", sub_event_type="Peaceful protest",
                  evidence=Evidence(text, 0, len(text)), actor1=Actor("Protesters (Kenya)", "Protesters"))
    article = Article("a", text, datetime(2020, 1, 1))
    model.threshold = 0.0
    assert model.refine(event, article).sub_event_type == "Attack"       # uncalibrated: the threshold
    model.trust = {"Peaceful protest": clf.NEVER}
    assert model.refine(event, article).sub_event_type == "Peaceful protest"
    model.trust = {"Peaceful protest": 0.0}
    assert model.refine(event, article).sub_event_type == "Attack"
