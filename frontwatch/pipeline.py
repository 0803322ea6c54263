"""The library calls behind the CLI and the API: article in, events out.

    from frontwatch.pipeline import extract
    events = extract(article)          # list[Event], the article's main event first

Stages are joined here and nowhere else: ingest gives Articles, nlp parses,
geo places, events codes; the store and views take Events.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

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


def coder():
    from .events.coder import EventCoder

    return EventCoder(geoparser(), typer=type_model())


def extract(article: Article) -> list[Event]:
    return coder().code(article, nlp.parse(article.text))


def rule_sub_events(articles: list[Article], progress=lambda n=1: None) -> list[str | None]:
    """The rule coder's main sub-event type of each article, with no trained classifier: what
    `frontwatch train` weighs a classifier against."""
    from .events.coder import EventCoder

    rules = EventCoder(geoparser(), None)
    out = []
    for art, doc in zip(articles, nlp.parse_many([a.text for a in articles]), strict=True):
        events = rules.code(art, doc)
        out.append(events[0].sub_event_type if events else None)
        progress()
    return out


def extract_many(articles: Iterable[Article], batch_size: int = 32) -> Iterator[tuple[Article, list[Event]]]:
    """Events of many articles, parsed in batches (spaCy's pipe is several times faster)."""
    c = coder()
    pending: list[Article] = []

    def flush():
        from .events.coder import type_probs_many

        docs = list(nlp.parse_many([a.text for a in pending], batch_size=batch_size))
        probs = type_probs_many(c.typer, [a.text for a in pending], docs)
        for art, doc, pr in zip(pending, docs, probs, strict=True):
            yield art, c.code(art, doc, pr)
        pending.clear()

    for art in articles:
        pending.append(art)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
