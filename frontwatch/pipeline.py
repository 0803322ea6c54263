"""The library calls behind the CLI and the API: article in, events out.

    from frontwatch.pipeline import extract
    events = extract(article)          # list[Event], the article's main event first

Stages are joined here and nowhere else: ingest gives Articles, nlp parses,
geo places, events codes; the store and views take Events.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import nlp
from .model import Article, Event


@lru_cache(maxsize=1)
def geoparser():
    from .geo import get_geoparser

    return get_geoparser()


@lru_cache(maxsize=1)
def type_model():
    """The learned type model: the one `frontwatch train` fitted on the user's export if there is one, else
    the shipped one. FRONTWATCH_MODEL=rules turns it off (the rules alone)."""
    import os

    if os.environ.get("FRONTWATCH_MODEL", "").lower() == "rules":
        return None
    from .events import classifier, learned

    return classifier.load_trained() or learned.load()


class RowWise:
    """The type model with its probabilities computed one text at a time. A matrix product rounds a
    row's last bits differently with the number of rows (BLAS picks its kernels by shape), so without
    this an article's confidences would depend on which articles share its batch: on the batch size,
    on the number of workers, on what a resumed ingest skips. The sentence embeddings are already the
    same in any batch; one row at a time is also no slower here (the products are small)."""

    def __init__(self, model):
        self.model = model

    def proba(self, vectors, texts):
        import numpy as np

        rows = [self.model.proba(vectors[i:i + 1], texts[i:i + 1]) for i in range(len(texts))]
        return np.vstack(rows) if rows else self.model.proba(vectors, texts)

    def __getattr__(self, name):
        return getattr(self.model, name)


_CONFIGURED = object()


def coder(model=_CONFIGURED):
    """The event coder with the type model `model` (None: the rules alone; by default the one `type_model` gives)."""
    from .events.coder import EventCoder

    model = type_model() if model is _CONFIGURED else model
    return EventCoder(geoparser(), typer=RowWise(model) if model is not None else None)


def extract(article: Article) -> list[Event]:
    return coder().code(article, nlp.parse(article.text))


def main_sub_events(articles: list[Article], typer=None, progress=lambda n=1: None) -> list[str | None]:
    """The coder's main sub-event type of each article, with the type model `typer` (None: the rules alone):
    what `frontwatch train` weighs a new model against."""
    coding = coder(typer)
    out = []
    for art, doc in zip(articles, nlp.parse_many([a.text for a in articles]), strict=True):
        events = coding.code(art, doc)
        out.append(events[0].sub_event_type if events else None)
        progress()
    return out


_FAILED = object()


@dataclass(frozen=True)
class Coded:
    """One article as the coder leaves it for the store: its events, and what its text says about
    territorial control (views.control.TextClaims; None: the store finds it)."""

    article: Article
    events: list[Event]
    control: Any = None


def extract_many(articles: Iterable[Article], batch_size: int = 32,
                 on_error: Callable[[Article, Exception], None] | None = None
                 ) -> Iterator[tuple[Article, list[Event]]]:
    """Events of many articles, parsed in batches (spaCy's pipe is several times faster).
    `on_error`: called with an article whose coding failed, which is then skipped and the run
    goes on (without it the exception propagates)."""
    for art, _doc, events in _code_many(articles, batch_size, on_error):
        yield art, events


def code_many(articles: Iterable[Article], batch_size: int = 32,
              on_error: Callable[[Article, Exception], None] | None = None) -> Iterator[Coded]:
    """`extract_many`, plus each text's control claims found with the coder's own parse (what the store
    keeps its control view from). A text whose claims cannot be found leaves them to the store."""
    from .views.control import default_finder, text_claims

    for art, doc, events in _code_many(articles, batch_size, on_error):
        try:
            control = text_claims(art, default_finder(doc=doc))
        except Exception as exc:  # noqa: BLE001 - the store finds them again
            print(f"article {art.id!r}: control claims: {exc}; left to the store", file=sys.stderr)
            control = None
        yield Coded(art, events, control)


def _code_many(articles: Iterable[Article], batch_size: int,
               on_error: Callable[[Article, Exception], None] | None) -> Iterator[tuple[Article, Any, list[Event]]]:
    c = coder()
    pending: list[Article] = []

    def code_one(art: Article, doc, probs: dict | None = None) -> list[Event] | None:
        if on_error is None:
            return c.code(art, doc, probs)
        try:
            return c.code(art, doc, probs)
        except Exception as exc:  # noqa: BLE001 - one bad article never ends the run
            on_error(art, exc)
            return None

    def wanted(art: Article, doc) -> set[int]:
        try:
            return c.wants(art, doc)
        except Exception:  # noqa: BLE001 - coding the article will fail too, and say so
            if on_error is None:
                raise
            return set()

    def parsed(batch: list[Article]):
        if on_error is None:
            yield from zip(batch, nlp.parse_many([a.text for a in batch], batch_size=batch_size), strict=True)
            return
        try:
            docs = list(nlp.parse_many([a.text for a in batch], batch_size=batch_size))
        except Exception:  # noqa: BLE001 - parse one by one to name the article that fails
            docs = []
            for a in batch:
                try:
                    docs.append(nlp.parse(a.text))
                except Exception as exc:  # noqa: BLE001
                    on_error(a, exc)
                    docs.append(_FAILED)
        yield from ((a, d) for a, d in zip(batch, docs, strict=True) if d is not _FAILED)

    def flush():
        from .events.typed import TypeBatch

        pairs = list(parsed(pending))
        batch = TypeBatch(c.typer, [a.text for a, _ in pairs], [d for _, d in pairs])
        batch.prefetch([wanted(art, doc) for art, doc in pairs])
        probs = [batch.article(i) for i in range(len(pairs))]
        for (art, doc), pr in zip(pairs, probs, strict=True):
            events = code_one(art, doc, pr)
            if events is not None:
                yield art, doc, events
        pending.clear()

    for art in articles:
        pending.append(art)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
