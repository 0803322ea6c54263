"""The type model and the rules together: who may overrule whom, and what `train --acled` may learn."""
import csv

import numpy as np
import pytest

from frontwatch.events import classifier as clf
from frontwatch.events import learned
from frontwatch.events.choose import calibrate, choose
from frontwatch.events.examples import NONE

LABELS = ("Armed clash", "Attack", "Change to group/activity", "Headquarters or base established",
          "Grenade", "Disrupted weapons use", NONE)
KEYS = ("clash", "attack", "change", "base", "grenade", "disrupted", "none")


def fixed(types=LABELS[:-1]) -> learned.TypeModel:
    """A model whose probabilities the test sets directly, to check the arithmetic of choosing."""
    return learned.TypeModel(LABELS, np.zeros((len(LABELS), 2), np.float32), np.zeros(len(LABELS), np.float32),
                             types=frozenset(types))


def p(**kw) -> np.ndarray:
    row = np.array([kw.get(k, 0.0) for k in KEYS])
    return row / row.sum()


def test_calibration_trusts_the_model_only_where_it_beats_the_rules_clearly():
    m = fixed()
    probs = np.array([p(base=0.9, change=0.1)] * 20 + [p(base=0.55, change=0.45)] * 20)
    gold = ["Headquarters or base established"] * 20 + ["Change to group/activity"] * 20
    ruled = ["Change to group/activity"] * 40      # the rules call every item a change of activity
    calibrate(m, probs, gold, ruled)
    assert 0.55 < m.needs("Change to group/activity") <= 0.9     # confident answers are right, unsure ones wrong

    probs = np.array([p(base=0.9, change=0.1)] * 40)   # a base to all: right on 21 of 40
    gold = ["Headquarters or base established"] * 21 + ["Change to group/activity"] * 19
    calibrate(m, probs, gold, ruled)                    # a gain of two items is no clear gain
    assert m.needs("Change to group/activity") == learned.NEVER


def test_a_type_the_held_out_rows_say_nothing_about_keeps_the_shipped_calibration():
    m = fixed()
    shipped = {"Change to group/activity": 0.6, "Attack": 0.7}
    # the model agrees with the rules on every "change" row: no evidence either way, the shipped trust stands
    probs = np.array([p(change=0.9, base=0.1)] * 30)
    calibrate(m, probs, ["Change to group/activity"] * 30, ["Change to group/activity"] * 30, fallback=shipped)
    assert m.needs("Change to group/activity") == 0.6
    # rows where overruling is wrong: evidence against, the rules keep their type whatever was shipped
    probs = np.array([p(base=0.9, change=0.1)] * 30)
    calibrate(m, probs, ["Change to group/activity"] * 30, ["Change to group/activity"] * 30, fallback=shipped)
    assert m.needs("Change to group/activity") == learned.NEVER


def test_the_model_never_chooses_into_or_out_of_a_type_it_has_no_examples_of():
    m = fixed(types=("Armed clash", "Change to group/activity"))      # an export of those two only
    m.trust = {lab: 0.0 for lab in LABELS}
    m.propose = 0.5
    assert choose(m, "Grenade", p(change=0.99, grenade=0.01)).sub == "Grenade"                 # out of: no
    assert choose(m, "Change to group/activity", p(base=0.99, change=0.01)).sub == "Change to group/activity"
    assert choose(m, None, p(attack=0.99, clash=0.01)).sub is None          # nor a new event of an unknown type
    assert choose(m, None, p(clash=0.9, none=0.1)).sub == "Armed clash"


def test_specific_rules_and_untrusted_types_keep_their_type_and_agreement_is_said():
    m = fixed()
    m.trust = {"Change to group/activity": 0.8, "Armed clash": 0.0, "Grenade": 0.0, "Attack": learned.NEVER}
    c = choose(m, "Change to group/activity", p(base=0.9, change=0.1))
    assert (c.sub, c.by) == ("Headquarters or base established", "model") and c.confidence == pytest.approx(0.9)
    assert choose(m, "Change to group/activity", p(base=0.7, change=0.3)).sub == "Change to group/activity"
    assert choose(m, "Change to group/activity", p(base=0.9, change=0.1), specific=True).sub != \
        "Headquarters or base established"                              # a labelled item, a fight told
    assert choose(m, "Attack", p(change=0.99, attack=0.01)).sub == "Attack"    # never trusted on it
    assert choose(m, "Attack", p(attack=0.9, clash=0.1)).by == "rules+model"
    assert choose(m, None, p(none=0.9, attack=0.1)).sub is None        # the model sees no event
    assert choose(m, None, p(base=0.9, none=0.1), floor=0.95).sub is None      # a sentence of a long text


def test_a_stacked_model_weighs_its_base_choice_as_it_would_a_rule():
    base = fixed()
    base.trust = {"Change to group/activity": 0.8}
    top = fixed(types=("Armed clash", "Headquarters or base established", "Change to group/activity"))
    top.trust = {"Headquarters or base established": 0.6}
    top.base = base
    row = np.concatenate([p(base=0.9, change=0.1), p(change=0.7, base=0.3)])
    assert top.split(row)[0] == pytest.approx(p(base=0.9, change=0.1))
    # the base overrules the rules' change into a base; the top, trusted from 0.6 on that, puts the change back
    c = choose(top, "Change to group/activity", row)
    assert (c.sub, c.by) == ("Change to group/activity", "trained model") and c.confidence == pytest.approx(0.7)
    # not sure enough: the base's choice stands, with its own confidence
    row = np.concatenate([p(base=0.9, change=0.1), p(change=0.55, base=0.45)])
    c = choose(top, "Change to group/activity", row)
    assert (c.sub, c.by) == ("Headquarters or base established", "model") and c.confidence == pytest.approx(0.9)
    # a type the top has no notes of is the base's and the rules' alone
    row = np.concatenate([p(grenade=0.9, change=0.1), p(clash=0.99, grenade=0.01)])
    assert choose(top, "Grenade", row).sub == "Grenade"


def test_a_trained_model_is_saved_stacked_and_loads_on_the_shipped_one(tmp_path):
    top = fixed()
    top.base = learned.load()
    weights, meta = tmp_path / "type-model.npz", tmp_path / "type-model.json"
    learned.save(top, weights, meta)
    back = learned.load(weights, meta)
    assert back.base is not None and back.base.labels == learned.load().labels
    assert back.labels == top.labels
    top.base = None                     # saved alone (a model from before stacking), it loads alone
    learned.save(top, weights, meta)
    assert learned.load(weights, meta).base is None


def test_the_rules_keep_what_turns_on_actors_and_weapons_but_not_whether_a_weapon_was_used():
    m = fixed()
    m.trust = {lab: 0.0 for lab in LABELS}
    assert choose(m, "Armed clash", p(attack=0.99, clash=0.01)).sub == "Armed clash"      # who was hit: the parse
    assert choose(m, "Grenade", p(change=0.99, grenade=0.01)).sub == "Grenade"            # the weapon named
    assert choose(m, "Grenade", p(disrupted=0.9, grenade=0.1)).sub == "Disrupted weapons use"   # but defused


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
    seen = []

    def code(held, typer):      # the rules (typer None) and the shipped model (a typer) agree with the gold here
        seen.append(typer)
        return [labels[i] for i in held]
    model, scores = clf.fit_calibrated(texts, labels, dates, code)
    assert model.types == {"Armed clash", "Government regains territory"}
    assert seen[0] is None and seen[1].origin == "shipped" and model.base is not None
    assert set(scores) == {"rules", "shipped", "trained"} and all(0 <= v <= 1 for v in scores.values())
    texts = ["A roadside bomb went off under a minibus near Saraqib, killing four passengers.",
             "Regime soldiers fought rebels on the edge of Sarmin."]
    probs = model.proba(clf.embedder().encode(texts), texts)
    for ruled in ("Remote explosive/landmine/IED", "Attack", "Shelling/artillery/missile attack", "Air/drone strike"):
        for row in probs:
            # the trained part never moves a type it has no notes of: the choice is the shipped model's
            assert choose(model, ruled, row) == choose(model.base, ruled, model.split(row)[0])
            assert ruled == "Attack" or choose(model, ruled, row).sub == ruled      # a weapon named stays
    # a bomb the rules missed: the shipped model's reading (a roadside bomb), which the battles model leaves alone
    assert choose(model, None, probs[0]) == choose(model.base, None, model.split(probs[0])[0])
    assert choose(model, None, probs[0]).sub in (None, "Remote explosive/landmine/IED")
