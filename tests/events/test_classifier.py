"""The type model and the rules together: who may overrule whom, and what `train --acled` may learn."""
import csv

import numpy as np
import pytest

from frontwatch.events import classifier as clf
from frontwatch.events import learned
from frontwatch.events.choose import calibrate, choose
from frontwatch.events.examples import NONE

LABELS = ("Armed clash", "Attack", "Peaceful protest", NONE)


def fixed(types=("Armed clash", "Attack", "Peaceful protest")) -> learned.TypeModel:
    """A model whose probabilities the test sets directly, to check the arithmetic of choosing."""
    return learned.TypeModel(LABELS, np.zeros((4, 2), np.float32), np.zeros(4, np.float32),
                             types=frozenset(types))


def p(**kw) -> np.ndarray:
    row = np.array([kw.get("clash", 0.0), kw.get("attack", 0.0), kw.get("protest", 0.0), kw.get("none", 0.0)])
    return row / row.sum()


def test_calibration_trusts_the_model_only_where_it_beats_the_rules_clearly():
    m = fixed()
    probs = np.array([p(attack=0.9, clash=0.1)] * 20 + [p(attack=0.55, clash=0.45)] * 20)
    gold = ["Attack"] * 20 + ["Armed clash"] * 20
    ruled = ["Armed clash"] * 40             # the rules call every note a clash
    calibrate(m, probs, gold, ruled)
    assert 0.55 < m.needs("Armed clash") <= 0.9      # confident answers are right, unsure ones wrong

    probs = np.array([p(attack=0.9, clash=0.1)] * 40)   # "Attack" to all: right on 21 of 40
    gold = ["Attack"] * 21 + ["Armed clash"] * 19        # a gain of two notes is no clear gain
    calibrate(m, probs, gold, ruled)
    assert m.needs("Armed clash") == learned.NEVER


def test_the_model_never_chooses_into_or_out_of_a_type_it_has_no_examples_of():
    m = fixed(types=("Armed clash",))            # a battles-only export
    m.trust = {"Armed clash": 0.0, "Attack": 0.0}
    m.propose = 0.5
    assert choose(m, "Attack", p(clash=0.99, attack=0.01)).sub == "Attack"             # out of: no
    assert choose(m, "Armed clash", p(attack=0.99, clash=0.01)).sub == "Armed clash"   # into: no
    assert choose(m, None, p(attack=0.99, clash=0.01)).sub is None                     # nor a new event of it
    assert choose(m, None, p(clash=0.9, none=0.1)).sub == "Armed clash"


def test_specific_rules_and_untrusted_types_keep_their_type_and_agreement_is_said():
    m = fixed()
    m.trust = {"Armed clash": 0.8, "Peaceful protest": learned.NEVER}
    c = choose(m, "Armed clash", p(attack=0.9, clash=0.1))
    assert (c.sub, c.by) == ("Attack", "model") and c.confidence == pytest.approx(0.9)
    assert choose(m, "Armed clash", p(attack=0.7, clash=0.3)).sub == "Armed clash"     # below its trust
    assert choose(m, "Armed clash", p(attack=0.9, clash=0.1), specific=True).sub == "Armed clash"
    assert choose(m, "Peaceful protest", p(attack=0.99, protest=0.01)).sub == "Peaceful protest"
    assert choose(m, "Attack", p(attack=0.9, clash=0.1)).by == "rules+model"
    assert choose(m, None, p(none=0.9, attack=0.1)).sub is None        # the model sees no event


def _export(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["event_date", "sub_event_type", "notes"])
        w.writerows((f"2019-{1 + i // 28:02d}-{1 + i % 28:02d}", label, note) for i, (label, note) in enumerate(rows))


@pytest.mark.slow
def test_a_battles_only_export_leaves_every_other_type_to_the_rules(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTWATCH_HOME", str(tmp_path / "home"))
    towns = ["Saraqib", "Kafr Nabl", "Maarat al-Numan", "Khan Shaykhun", "Jisr al-Shughur", "Ariha", "Sarmin",
             "Binnish", "Taftanaz", "Maarat Misrin", "Kafr Takharim", "Salqin"]
    rows = []
    for t in towns:
        rows += [("Armed clash", f"Regime forces and rebels exchanged fire near {t}; two fighters were killed."),
                 ("Armed clash", f"Rebels attacked a regime checkpoint at {t} and fought the soldiers for hours."),
                 ("Government regains territory", f"Regime forces recaptured {t} from the rebels after fighting.")]
    export = tmp_path / "battles.csv"
    _export(export, rows)
    texts, labels, dates = clf.read_acled(export)
    model, rules_alone, combined = clf.fit_calibrated(texts, labels, dates, lambda held: [labels[i] for i in held])
    assert model.types == {"Armed clash", "Government regains territory"}
    assert 0 <= rules_alone <= 1 and 0 <= combined <= 1
    texts = ["A roadside bomb went off under a minibus near Saraqib, killing four passengers.",
             "Regime soldiers fought rebels on the edge of Sarmin."]
    probs = model.proba(clf.embedder().encode(texts), texts)
    for ruled in ("Remote explosive/landmine/IED", "Attack", "Shelling/artillery/missile attack", "Air/drone strike"):
        assert choose(model, ruled, probs[0]).sub == ruled
        assert choose(model, ruled, probs[1]).sub == ruled
    assert choose(model, None, probs[0]).sub in (None, "Armed clash", "Government regains territory")
