"""`frontwatch train --acled EXPORT.csv`: the type model learnt from a user's own ACLED export.

It is the same kind of model as the shipped one (events/learned.py: logistic regression
over sentence embeddings), fitted on the export's notes plus the team's example items,
and saved under FRONTWATCH_HOME; `extract` uses it from then on. ACLED's terms let a
licensee do this on their own machine; frontwatch never ships such weights.

It is stacked on the shipped model: the rules and the shipped model choose first, as
without training, and the new model may overrule their choice only from the confidence
where it was clearly right more often on the export's newest fifth, held out and coded the
same way (choose.calibrate). What the team's examples taught about news stays in the
shipped model; what the export teaches about the user's notes is added on top. The new
model may only choose, or overrule, types the export has notes of: a battles-only export
leaves every other type to the rules and the shipped model, exactly as before training.
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
                   code: Callable[[list[int], learned.TypeModel | None], list[str | None]],
                   progress=lambda s: None) -> tuple[learned.TypeModel, dict[str, float]]:
    """Fit on the older four fifths of an export (plus the shipped examples) and calibrate on the newest fifth, as
    the model will be used: on notes newer than those it learnt from; then refit on all notes with that calibration.
    The model is stacked on the shipped one: the shipped model (with the rules) chooses first, and the new model
    overrules that choice only from the confidence where it was clearly right more often on the held-out notes.
    `code(indexes, model)` gives the coder's main sub-event for each held-out index, with that type model (None:
    the rules alone). Returns the model and the held-out agreements of the rules alone, the rules with the shipped
    model, and the rules with both."""
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
        m.types, m.origin = own & m.types, "trained"
        return m

    model = fit(fit_idx)
    shipped = learned.load()
    held_gold = [labels[i] for i in held]
    ruled = code(held, None)
    first = code(held, shipped) if shipped else ruled
    held_probs = model.proba(vec[held], [texts[i] for i in held])
    calibrate(model, held_probs, held_gold, first)
    # notes always tell an event: how sure the model must be to add one is at least the shipped model's; dropping
    # one is the shipped model's choice, made before this one weighs in
    model.propose = max(model.propose, shipped.propose if shipped else learned.NEVER)
    model.veto = learned.NEVER if shipped else model.veto
    scores = {"rules": _share(ruled, held_gold), "shipped": _share(first, held_gold),
              "trained": agreement(model, held_probs, held_gold, first)}
    final = fit(list(range(len(texts))))
    final.trust, final.propose, final.veto = model.trust, model.propose, model.veto
    final.digest, final.base = examples.digest(), shipped
    return final, scores


def _share(found: list[str | None], gold: list[str]) -> float:
    return sum(f == g for f, g in zip(found, gold, strict=True)) / len(gold) if gold else 0.0


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
