"""An optional sub-event classifier learned from a user's ACLED export.

`frontwatch train --acled EXPORT.csv` fits TF-IDF (words and character
n-grams) + logistic regression on notes -> sub_event_type, on CPU in a minute
or two, and saves it under FRONTWATCH_HOME. The rule coder still finds the
events, their actors, places, dates and figures; the classifier only re-decides
the sub-event type of an event when it is confident, which is where the rules
are weakest (e.g. armed clash vs. attack in terse notes).

How confident it must be is learnt, not set: training holds out the latest
fifth of the export, codes it with the rules, and lets the classifier overrule
a rule-chosen type only from the confidence where it was clearly right more
often there. A classifier that does not beat the rules on newer notes changes
nothing.
"""
from __future__ import annotations

import csv
import pickle
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .. import config
from ..model import Article, Event
from . import taxonomy

MODEL_FILE = "subevent-classifier.pkl"
FORMAT = 1


def model_path() -> Path:
    return config.home() / "models" / MODEL_FILE


# Confidences at which the classifier may overrule the rules; NEVER keeps the rules' choice.
GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
NEVER = 1.01
MARGIN_NOTES, MARGIN_SHARE = 3, 0.05


@dataclass
class SubEventClassifier:
    pipeline: object
    labels: tuple[str, ...]
    threshold: float = 0.6
    # the rules' sub-event -> the confidence the classifier needs to overrule it, learnt on held-out notes;
    # None before calibration (then `threshold` for all)
    trust: dict[str, float] | None = None

    def needs(self, ruled: str) -> float:
        trust = getattr(self, "trust", None)     # models saved before calibration existed lack the field
        return self.threshold if trust is None else trust.get(ruled, NEVER)

    def predict(self, text: str) -> tuple[str, float]:
        proba = self.pipeline.predict_proba([text])[0]
        best = int(proba.argmax())
        return self.pipeline.classes_[best], float(proba[best])

    def refine(self, event: Event, article: Article) -> Event:
        """Re-decide the sub-event type from the text; short articles are read whole."""
        text = article.text if len(article.text) < 1200 else event.evidence.text
        label, p = self.predict(text)
        if p < self.needs(event.sub_event_type) or label == event.sub_event_type or event.sub_event_type == "Displacement":
            return event
        return replace(event, sub_event_type=label, event_type=taxonomy.event_type_of(label),
                       confidence=max(event.confidence, p))


def calibrate(model: SubEventClassifier, texts: list[str], gold: list[str],
              ruled: list[str | None]) -> dict[str, float]:
    """For each sub-event the rules chose on held-out notes, the classifier confidence from which its own label
    is right more often than the rules'. The rules are better on some types and worse on others: where the
    classifier never helps, it never overrules (NEVER); ties go to the rules."""
    by_rule: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
    for text, g, r in zip(texts, gold, ruled, strict=True):
        if r is not None:
            by_rule[r].append((*model.predict(text), g))
    trust = {}
    for r, rows in by_rule.items():
        def right(t: float, r=r, rows=rows) -> int:
            return sum((label if p >= t else r) == g for label, p, g in rows)
        best = max(GRID, key=lambda t: (right(t), t))
        # a few notes' gain on one slice is noise: overrule only for a clear margin
        trust[r] = best if right(best) - right(NEVER) >= max(MARGIN_NOTES, MARGIN_SHARE * len(rows)) else NEVER
    return trust


def agreement(model: SubEventClassifier, texts: list[str], gold: list[str], ruled: list[str | None]) -> float:
    """Share of notes whose rule-chosen sub-event, refined by `model`, is the gold one."""
    hits = 0
    for text, g, r in zip(texts, gold, ruled, strict=True):
        if r is None:
            continue
        label, p = model.predict(text)
        hits += (label if p >= model.needs(r) else r) == g
    return hits / len(texts) if texts else 0.0


def fit_calibrated(texts: list[str], labels: list[str], dates: list[str],
                   rules: Callable[[list[int]], list[str | None]]) -> tuple[SubEventClassifier, float, float]:
    """Fit on the older four fifths of an export and calibrate on the newest fifth, as the model will be used: on
    notes newer than those it learnt from. `rules` gives the rule coder's sub-event for each held-out index.
    Returns the model and the held-out agreement of the rules alone and of the rules with it."""
    by_date = sorted(range(len(texts)), key=lambda i: (dates[i], i))
    cut = len(texts) - max(1, len(texts) // 5)
    fit, held = sorted(by_date[:cut]), sorted(by_date[cut:])
    model = train([texts[i] for i in fit], [labels[i] for i in fit])
    ruled = rules(held)
    held_texts, held_gold = [texts[i] for i in held], [labels[i] for i in held]
    model.trust = calibrate(model, held_texts, held_gold, ruled)
    rules_alone = sum(r == g for r, g in zip(ruled, held_gold, strict=True)) / len(held)
    return model, rules_alone, agreement(model, held_texts, held_gold, ruled)


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


def train(texts: list[str], labels: list[str]) -> SubEventClassifier:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=200_000)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True,
                                  max_features=200_000)),
    ])
    pipe = make_pipeline(features, LogisticRegression(max_iter=2000, C=8.0, class_weight=None))
    pipe.fit(texts, labels)
    return SubEventClassifier(pipe, tuple(sorted(set(labels))))


def save(model: SubEventClassifier, path: Path | None = None) -> Path:
    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        pickle.dump({"format": FORMAT, "model": model}, f)
    tmp.replace(path)
    return path


def load_trained(path: Path | None = None) -> SubEventClassifier | None:
    """The trained classifier, or None when the user has not trained one (the default coder)."""
    path = path or model_path()
    if not path.exists():
        return None
    with open(path, "rb") as f:
        data = pickle.load(f)  # noqa: S301 - a file this program wrote into the user's own data dir
    return data["model"] if data.get("format") == FORMAT else None
