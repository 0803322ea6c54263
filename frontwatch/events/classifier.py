"""`frontwatch train --acled EXPORT.csv`: the type model learnt from a user's own ACLED export.

It is the same kind of model as the shipped one (events/learned.py: logistic regression
over sentence embeddings), fitted on the export's notes plus the team's example items,
and saved under FRONTWATCH_HOME; `extract` uses it from then on. ACLED's terms let a
licensee do this on their own machine; frontwatch never ships such weights.

How confident it must be is learnt, not set: training holds out the newest fifth of the
export, codes it with the rules, and lets the model overrule a rule-chosen type only from
the confidence where it was clearly right more often there (choose.calibrate); a rule type whose
held-out rows say nothing either way keeps the shipped model's calibration (on the team's examples), so
an export of notes does not silence what the examples taught about news. It may only
choose types the export has notes of: a battles-only export leaves every other type to
the rules.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .. import config
from . import examples, learned, taxonomy
from .choose import calibrate, choose
from .embed import embedder

NAME = "type-model"


def model_paths() -> tuple[Path, Path]:
    d = config.home() / "models"
    return d / f"{NAME}.npz", d / f"{NAME}.json"


def agreement(model: learned.TypeModel, probs: np.ndarray, gold: list[str], ruled: list[str | None]) -> float:
    """Share of notes whose type, as the rules and the model decide it together, is the gold one."""
    hits = sum(choose(model, r, p).sub == g for p, g, r in zip(probs, gold, ruled, strict=True))
    return hits / len(gold) if gold else 0.0


def fit_calibrated(texts: list[str], labels: list[str], dates: list[str],
                   rules: Callable[[list[int]], list[str | None]],
                   progress=lambda s: None) -> tuple[learned.TypeModel, float, float]:
    """Fit on the older four fifths of an export (plus the shipped examples) and calibrate on the newest fifth, as
    the model will be used: on notes newer than those it learnt from; then refit on all notes with that calibration.
    `rules` gives the rule coder's sub-event for each held-out index. Returns the model and the held-out agreement
    of the rules alone and of the rules with the model."""
    by_date = sorted(range(len(texts)), key=lambda i: (dates[i], i))
    cut = len(texts) - max(1, len(texts) // 5)
    fit_idx, held = sorted(by_date[:cut]), sorted(by_date[cut:])
    own = frozenset(labels)
    ex = list(examples.load())        # "none" among them: the model must still know text that tells no event
    progress(f"embedding {len(texts)} notes and {len(ex)} examples")
    vec = embedder().encode(texts)
    ex_vec = embedder().encode([t for t, _ in ex])
    ex_lab = [lab for _, lab in ex]
    ex_text = [t for t, _ in ex]

    def fit(idx: list[int]) -> learned.TypeModel:
        m = learned.fit(np.vstack([vec[idx], ex_vec]), [texts[i] for i in idx] + ex_text,
                        [labels[i] for i in idx] + ex_lab)
        m.types = own & m.types
        return m

    model = fit(fit_idx)
    ruled = rules(held)
    held_gold = [labels[i] for i in held]
    held_probs = model.proba(vec[held], [texts[i] for i in held])
    shipped = learned.load()
    calibrate(model, held_probs, held_gold, ruled, fallback=shipped.trust if shipped else None)
    # notes always tell an event: how sure the model must be to add or drop one is the shipped model's
    model.propose = max(model.propose, shipped.propose if shipped else learned.NEVER)
    model.veto = shipped.veto if shipped else learned.NEVER
    rules_alone = sum(r == g for r, g in zip(ruled, held_gold, strict=True)) / len(held)
    combined = agreement(model, held_probs, held_gold, ruled)
    final = fit(list(range(len(texts))))
    final.trust, final.propose, final.veto = model.trust, model.propose, model.veto
    final.origin, final.digest = "trained", examples.digest()
    return final, rules_alone, combined


def read_acled(path: str | Path) -> tuple[list[str], list[str], list[str]]:
    """(notes, sub_event_types, event_dates) of an ACLED export; raises ValueError naming the file."""
    texts, labels, dates = [], [], []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = {"notes", "sub_event_type"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: not an ACLED export (missing columns: {', '.join(sorted(missing))})")
        for row in reader:
            note, label = (row.get("notes") or "").strip(), (row.get("sub_event_type") or "").strip()
            if note and label in taxonomy.SUB_EVENT_TYPES:
                texts.append(note)
                labels.append(label)
                dates.append((row.get("event_date") or "").strip())
    if len(set(labels)) < 2:
        raise ValueError(f"{path}: needs notes of at least two sub-event types to learn from")
    return texts, labels, dates


def save(model: learned.TypeModel) -> Path:
    weights, meta = model_paths()
    learned.save(model, weights, meta)
    return weights


def load_trained() -> learned.TypeModel | None:
    """The model trained on the user's export, or None when the user has not trained one."""
    weights, meta = model_paths()
    return learned.load(weights, meta)
