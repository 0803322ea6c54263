"""The learned sub-event model: logistic regression over sentence embeddings and word n-grams.

Features: the text's sentence embedding (embed.py) and TF-IDF weights of its words and
word pairs, with the vocabulary of the training text. The embedding carries meaning across
wordings; the n-grams carry the exact words a type is told in ("defused", "lobbed", "sit-in").
Both together beat either alone on examples written by other hands (build_model.py reports it).

The shipped model is fitted on the team's own example items (`examples.py`) by
`python -m frontwatch.events.build_model`, deterministically, and stored beside this file.
`frontwatch train --acled` fits the same kind of model on a user's export plus those
examples (`classifier.py`).

A model knows which types it has examples for (`types`); it never outputs another,
and `choose.py` never lets it overrule into or out of one it does not know.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .examples import NONE

HERE = Path(__file__).parent / "model"
WEIGHTS, META = HERE / "type_model.npz", HERE / "type_model.json"
NEVER = 1.01        # a confidence no model reaches: the rules keep their type
C = 16.0            # inverse regularisation of the logistic regression
WORDS_WEIGHT = 2.0  # the n-gram block's scale against the (unit) embedding
MIN_DF = 2
_TOKEN = re.compile(r"(?u)\b\w\w+\b")     # scikit-learn's default token pattern


def _vectorizer(vocabulary: dict[str, int] | None = None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), min_df=1 if vocabulary else MIN_DF, sublinear_tf=True,
                           vocabulary=vocabulary, dtype=np.float32)


@dataclass
class TypeModel:
    labels: tuple[str, ...]             # classes, NONE among them
    coef: np.ndarray                    # (classes, dim + vocabulary)
    intercept: np.ndarray               # (classes,)
    trust: dict[str, float] = field(default_factory=dict)   # rule type -> confidence needed to overrule it
    propose: float = NEVER              # confidence needed to code an event where the rules found none
    veto: float = NEVER                 # belief in "no event" from which a rule's event is dropped
    types: frozenset = frozenset()      # the sub-event types it may choose, into or out of
    origin: str = "shipped"
    digest: str = ""
    vocabulary: dict[str, int] = field(default_factory=dict)
    idf: np.ndarray | None = None
    # a user's model is stacked on the shipped one, its base: choose.choose lets the base choose first
    base: TypeModel | None = field(default=None, repr=False, compare=False)
    _tfidf: object = field(default=None, repr=False, compare=False)

    def _word_scores(self, texts: list[str], coef: np.ndarray) -> np.ndarray:
        """The n-gram block's scores (rows, classes): TF-IDF weights of the texts' words and word pairs, as
        scikit-learn's TfidfVectorizer computes them (lowercased, words of 2+ characters, sublinear tf, l2
        norm), against the fixed vocabulary, in NumPy: no scikit-learn import and no per-call overhead."""
        if self._tfidf is None:
            self._tfidf = np.ascontiguousarray(coef.T)       # (vocabulary, classes): rows gathered per text
        out = np.zeros((len(texts), coef.shape[0]), dtype=np.float32)
        for r, text in enumerate(texts):
            toks = _TOKEN.findall(text.lower())
            grams = Counter(toks)
            grams.update(f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False))
            idx = [j for g in grams if (j := self.vocabulary.get(g)) is not None]
            if not idx:
                continue
            counts = np.array([grams[g] for g in grams if g in self.vocabulary], dtype=np.float32)
            w = (1.0 + np.log(counts)) * self.idf[idx]
            out[r] = (w / np.linalg.norm(w)) @ self._tfidf[idx]
        return out

    def proba(self, vectors: np.ndarray, texts: list[str]) -> np.ndarray:
        """Probabilities (rows, classes) of texts whose embeddings are `vectors`; a stacked model's rows are its
        base's probabilities followed by its own (`split`)."""
        own = self._own_proba(vectors, texts)
        return own if self.base is None else np.hstack([self.base.proba(vectors, texts), own])

    def split(self, probs: np.ndarray | None) -> tuple[np.ndarray | None, np.ndarray | None]:
        """A stacked model's row of probabilities as (the base's, its own)."""
        if probs is None or self.base is None:
            return None, probs
        n = len(self.base.labels)
        return probs[:n], probs[n:]

    def _own_proba(self, vectors: np.ndarray, texts: list[str]) -> np.ndarray:
        dim = vectors.shape[1]
        z = vectors @ self.coef[:, :dim].T + self.intercept
        if self.vocabulary:
            z = z + WORDS_WEIGHT * self._word_scores(texts, self.coef[:, dim:])
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def best(self, probs: np.ndarray) -> tuple[str, float]:
        """The most likely type it may choose, and its probability (NONE when no event is likeliest)."""
        for i in np.argsort(-probs):
            lab = self.labels[int(i)]
            if lab == NONE or lab in self.types:
                return lab, float(probs[int(i)])
        return NONE, 1.0

    def needs(self, ruled: str) -> float:
        return self.trust.get(ruled, NEVER)


def fit(vectors: np.ndarray, texts: list[str], labels: list[str]) -> TypeModel:
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    tfidf = _vectorizer()
    words = tfidf.fit_transform(texts)
    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    lr.fit(hstack([csr_matrix(vectors), words * WORDS_WEIGHT]).tocsr(), labels)
    classes = tuple(str(c) for c in lr.classes_)
    vocab = {str(k): int(v) for k, v in tfidf.vocabulary_.items()}
    return TypeModel(classes, lr.coef_.astype(np.float32), lr.intercept_.astype(np.float32),
                     types=frozenset(c for c in classes if c != NONE), vocabulary=vocab,
                     idf=tfidf.idf_.astype(np.float32))


def save(model: TypeModel, weights: Path = WEIGHTS, meta: Path = META) -> None:
    weights.parent.mkdir(parents=True, exist_ok=True)
    words = sorted(model.vocabulary, key=model.vocabulary.get)
    np.savez_compressed(weights, coef=model.coef, intercept=model.intercept,
                        idf=model.idf if model.idf is not None else np.zeros(0, np.float32))
    meta.write_text(json.dumps({"labels": list(model.labels), "trust": model.trust, "propose": model.propose,
                                "veto": model.veto, "types": sorted(model.types), "origin": model.origin,
                                "digest": model.digest, "words": words, "stacked": model.base is not None},
                               indent=0, sort_keys=True) + "\n",
                    encoding="utf-8")


def load(weights: Path = WEIGHTS, meta: Path = META) -> TypeModel | None:
    """The model stored at `weights`/`meta`; a stacked one (trained on a user's export) with the shipped model as
    its base."""
    if not weights.exists() or not meta.exists():
        return None
    m = json.loads(meta.read_text(encoding="utf-8"))
    with np.load(weights) as w:
        coef, intercept, idf = w["coef"], w["intercept"], w["idf"]
    base = load() if m.get("stacked") and (weights, meta) != (WEIGHTS, META) else None
    return TypeModel(tuple(m["labels"]), coef, intercept, {k: float(v) for k, v in m["trust"].items()},
                     float(m["propose"]), float(m.get("veto", NEVER)), frozenset(m["types"]),
                     m.get("origin", "shipped"), m.get("digest", ""),
                     {w: i for i, w in enumerate(m.get("words", []))}, idf if len(idf) else None, base)
