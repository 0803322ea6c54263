"""An optional sub-event classifier learned from a user's ACLED export.

`frontwatch train --acled EXPORT.csv` fits TF-IDF (words and character
n-grams) + logistic regression on notes -> sub_event_type, on CPU in a minute
or two, and saves it under FRONTWATCH_HOME. The rule coder still finds the
events, their actors, places, dates and figures; the classifier only re-decides
the sub-event type of an event when it is confident, which is where the rules
are weakest (e.g. armed clash vs. attack in terse notes).
"""
from __future__ import annotations

import csv
import pickle
from dataclasses import dataclass, replace
from pathlib import Path

from .. import config
from ..model import Article, Event
from . import taxonomy

MODEL_FILE = "subevent-classifier.pkl"
FORMAT = 1


def model_path() -> Path:
    return config.home() / "models" / MODEL_FILE


@dataclass
class SubEventClassifier:
    pipeline: object
    labels: tuple[str, ...]
    threshold: float = 0.6

    def predict(self, text: str) -> tuple[str, float]:
        proba = self.pipeline.predict_proba([text])[0]
        best = int(proba.argmax())
        return self.pipeline.classes_[best], float(proba[best])

    def refine(self, event: Event, article: Article) -> Event:
        """Re-decide the sub-event type from the text; short articles are read whole."""
        text = article.text if len(article.text) < 1200 else event.evidence.text
        label, p = self.predict(text)
        if p < self.threshold or label == event.sub_event_type or event.sub_event_type == "Displacement":
            return event
        return replace(event, sub_event_type=label, event_type=taxonomy.event_type_of(label),
                       confidence=max(event.confidence, p))


def read_acled(path: str | Path) -> tuple[list[str], list[str]]:
    """(notes, sub_event_types) of an ACLED export; raises ValueError naming the file."""
    texts, labels = [], []
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
    if len(set(labels)) < 2:
        raise ValueError(f"{path}: needs notes of at least two sub-event types to learn from")
    return texts, labels


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
