"""Build the shipped type model from the team's example items:

    python -m frontwatch.events.build_model

Embeds every example, fits the logistic regression, and calibrates how far it may
overrule the rules on out-of-fold predictions (each fold's model scores examples it did
not learn from, and the rule coder codes the same examples). Deterministic: the same
examples give the same weights. Writes events/model/type_model.{npz,json}.
"""
from __future__ import annotations

import sys
from collections import Counter

import numpy as np

from . import examples, learned
from .choose import calibrate
from .embed import embedder

FOLDS = 5
MIN_EXAMPLES = 10       # a type with fewer examples is not learnt (its codebook line alone is no training)


def out_of_fold(vectors: np.ndarray, texts: list[str], labels: list[str], classes: tuple[str, ...],
                groups: list[str] | None = None) -> np.ndarray:
    """Each example's probabilities from a model that did not learn it: with `groups`, from a model that learnt
    only the other rounds of writing (the harder, more honest test: other hands, other style)."""
    from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

    probs = np.zeros((len(labels), len(classes)), dtype=np.float32)
    y = np.array(labels)
    if groups is not None and len(set(groups)) > 1:
        splits = LeaveOneGroupOut().split(vectors, y, groups)
    else:
        splits = StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(vectors, y)
    for fit_idx, held_idx in splits:
        m = learned.fit(vectors[fit_idx], [texts[i] for i in fit_idx], list(y[fit_idx]))
        p = m.proba(vectors[held_idx], [texts[i] for i in held_idx])
        for j, c in enumerate(m.labels):
            probs[held_idx, classes.index(c)] = p[:, j]
    return probs


def rule_types(texts: list[str]) -> list[str | None]:
    from ..model import Article
    from ..pipeline import main_sub_events

    return main_sub_events([Article(f"example-{i}", t) for i, t in enumerate(texts)])


def build(progress=print) -> learned.TypeModel:
    rows = examples.load_grouped()
    counts = Counter(lab for _, lab, _ in rows)
    rows = [r for r in rows if counts[r[1]] >= MIN_EXAMPLES]
    texts, labels, groups = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    progress(f"embedding {len(texts)} examples")
    vectors = embedder().encode(texts)
    model = learned.fit(vectors, texts, labels)
    progress("held-out predictions (one round of writing from the others) and the rules on the same examples")
    oof = out_of_fold(vectors, texts, labels, model.labels, groups)
    ruled = rule_types(texts)
    calibrate(model, oof, labels, ruled)
    acc = np.mean([model.labels[int(np.argmax(p))] == g for p, g in zip(oof, labels, strict=True)])
    racc = np.mean([(r or examples.NONE) == g for r, g in zip(ruled, labels, strict=True)])
    progress(f"held-out accuracy: the model alone {acc:.3f}, the rules alone {racc:.3f}")
    model.origin, model.digest = "shipped", examples.digest()
    return model


def main() -> None:
    model = build(lambda s: print(s, file=sys.stderr))
    learned.save(model)
    print(f"wrote {learned.WEIGHTS} and {learned.META}", file=sys.stderr)


if __name__ == "__main__":
    main()
