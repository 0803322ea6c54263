"""Decide the type: the rules' sub-event and the learned model's, combined.

The rules decide where they are specific: an item's label, a fight or a capture told
in so many words (ACLED's hierarchy puts Battles first), a weapon named (only the model
can tell that it was defused or intercepted), and the choices that turn on who the
actors are (a clash or an attack, a riot or a protest, who took the town), which the
rules read from the parse and the model cannot see. The model decides where the rules
have no type, and overrules a rule's type elsewhere only from the confidence calibrated
for that type on held-out text (`calibrate`). A model never chooses, and never overrules
into or out of, a type it has no examples of.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import taxonomy
from .examples import NONE
from .learned import NEVER, TypeModel

# A named weapon fixes the sub-event, but not whether the weapon was used.
WEAPON = frozenset({"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                    "Remote explosive/landmine/IED", "Grenade"})
WEAPON_NOT_USED = frozenset({"Disrupted weapons use"})
# Sub-events told apart by who acted on whom (armed or not, state or not, a crowd or a group, demonstrating or
# not): between two of these the rules, which read the actors, keep their choice.
BY_ACTORS = frozenset({"Armed clash", "Attack", "Mob violence", "Violent demonstration", "Peaceful protest",
                       "Protest with intervention", "Excessive force against protesters",
                       "Government regains territory", "Non-state actor overtakes territory"})
GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)     # the model overrules only what it believes more likely than not
MIN_PROPOSE = 0.5       # a new event needs at least this much belief
VETO_GRID = (0.8, 0.9, 0.95, 0.98)     # dropping a rule's event takes near certainty
MARGIN_ROWS, MARGIN_SHARE = 3, 0.05
ITEM_LEAST = 0.2        # a short item's fallback: its likeliest type, unless the model spreads its belief thin


@dataclass(frozen=True)
class Choice:
    sub: str | None
    confidence: float | None      # the model's probability of `sub`, when it weighed in
    by: str                       # "rules", "model", "rules+model" (both agree), "trained model" (a user's, stacked)


def choose(model: TypeModel | None, ruled: str | None, probs: np.ndarray | None, specific: bool = False,
           floor: float = 0.0, loose: bool = False) -> Choice:
    """The type of an occurrence the rules typed `ruled` (None: no event), given the model's probabilities for its
    text. A stacked model (a user's, on the shipped one) lets its base choose first, then weighs the base's choice
    as it would a rule's, with the trust calibrated for that on the user's held-out notes."""
    base = getattr(model, "base", None)
    if base is None or probs is None:
        return _choose(model, ruled, probs, specific, floor, loose)
    pb, pt = model.split(probs)
    first = _choose(base, ruled, pb, specific, floor, loose)
    top = _choose(model, first.sub, pt, specific, floor, loose)
    return first if top.sub == first.sub else Choice(top.sub, top.confidence, "trained model")


def _choose(model: TypeModel | None, ruled: str | None, probs: np.ndarray | None, specific: bool = False,
            floor: float = 0.0, loose: bool = False) -> Choice:
    """`floor`: the least confidence for the model to add an event or overrule the rules, whatever the calibration
    allows (a sentence read alone out of a long article is further from the examples than a short item).
    `loose`: the rules' weapon type is a guess from a blast with no weapon named, which the model may correct."""
    if model is None or probs is None:
        return Choice(ruled, None, "rules")
    label, p = model.best(probs)
    if ruled is None:
        if label != NONE and p >= max(model.propose, floor):
            return Choice(label, p, "model")
        return Choice(None, None, "rules")
    if label == ruled:
        return Choice(ruled, p, "rules+model")
    if not specific and NONE in model.labels and float(probs[model.labels.index(NONE)]) >= model.veto:
        return Choice(None, float(probs[model.labels.index(NONE)]), "model")    # a forecast, a reaction: no event
    own = float(probs[model.labels.index(ruled)]) if ruled in model.labels else None
    if specific or not _may_overrule(model, ruled, label, loose):
        return Choice(ruled, own, "rules")
    if p >= max(model.needs(ruled), floor):
        return Choice(label, p, "model")
    return Choice(ruled, own, "rules")


def item_event(model: TypeModel | None, probs: np.ndarray | None) -> Choice | None:
    """A short item in which the rules found no event: the model's reading of the whole item, when its likeliest
    label is an event type (above `none`, the label of forecasts, denials and reactions) and not a guess among
    many (ITEM_LEAST). An item is given to be coded; a sentence of a long article is not (no fallback there)."""
    if model is None or probs is None:
        return None
    if getattr(model, "base", None) is not None:
        pb, pt = model.split(probs)
        return _item_event(model.base, pb) or _item_event(model, pt)
    return _item_event(model, probs)


def _item_event(model: TypeModel, probs: np.ndarray) -> Choice | None:
    label, p = model.best(probs)
    if label == NONE or label not in model.types or p < ITEM_LEAST:
        return None
    return Choice(label, p, "model")


def _may_overrule(model: TypeModel, ruled: str, label: str, loose: bool = False) -> bool:
    return label != NONE and label in model.types and ruled in model.types and not taxonomy.absorbs(ruled, label) \
        and not (
        ruled in WEAPON and label not in WEAPON_NOT_USED and not loose) and not (
        ruled in BY_ACTORS and label in BY_ACTORS)


def _best_threshold(right, n: int, grid=GRID) -> float:
    best = max(grid, key=lambda t: (right(t), t))
    return best if right(best) - right(NEVER) >= max(MARGIN_ROWS, MARGIN_SHARE * n) else NEVER


def calibrate(model: TypeModel, probs: np.ndarray, gold: list[str], ruled: list[str | None],
              fallback: dict[str, float] | None = None) -> TypeModel:
    """Set `trust` (per rule type) and `propose` from held-out rows: probs (rows, classes), gold labels
    (a sub-event type or NONE) and the rules' type for each row (None: no event). `fallback`: the trust to keep
    for a rule type whose rows say nothing either way (overruling it at no confidence of the grid is right or wrong
    more often than keeping it): a user's export of battles says nothing about bombs, which the shipped model's
    calibration, on the team's examples, does."""
    picks = [model.best(p) for p in probs]
    trust: dict[str, float] = {}
    for r in sorted({r for r in ruled if r is not None}):
        rows = [(lab, p, g) for (lab, p), g, rr in zip(picks, gold, ruled, strict=True) if rr == r]
        if r not in model.types:
            continue

        def right(t: float, rows=rows, r=r) -> int:
            return sum((lab if p >= t and _may_overrule(model, r, lab) else r) == g for lab, p, g in rows)
        trust[r] = _best_threshold(right, len(rows))
        if trust[r] >= NEVER and fallback and r in fallback and all(right(t) == right(NEVER) for t in GRID):
            trust[r] = fallback[r]
    unruled = [(lab, p, g) for (lab, p), g, rr in zip(picks, gold, ruled, strict=True) if rr is None]

    def right_new(t: float) -> int:
        return sum((lab if p >= t and lab != NONE else NONE) == g for lab, p, g in unruled)
    propose = max(GRID, key=lambda t: (right_new(t), t))
    model.trust, model.propose = trust, max(propose, MIN_PROPOSE)
    none_at = model.labels.index(NONE) if NONE in model.labels else None
    if none_at is not None:
        ruled_rows = [(float(p[none_at]), g, r) for p, g, r in zip(probs, gold, ruled, strict=True) if r is not None]

        def right_veto(t: float) -> int:
            return sum((NONE if pn >= t else r) == g for pn, g, r in ruled_rows)
        model.veto = _best_threshold(right_veto, len(ruled_rows), VETO_GRID)
    return model
