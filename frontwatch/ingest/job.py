"""`frontwatch ingest` as a library call: read, leave out what is stored, code, store.

    from frontwatch.ingest.job import ingest
    tally = ingest(["news/", "feed.xml"], db=None, note=print)

The store is opened for short moments only, never while articles are being coded: read-only
once per batch of ids to look up, and read-write once per batch of coded articles to write
(the batch in one transaction: an interrupted ingest leaves no half article, and its re-run
stores what is missing). Between batches the DuckDB file is free, so `serve` keeps answering and a
second ingest into the same file interleaves its batches with this one; both complete and
the union is stored once.

An id is one text. A record whose id is already stored (or met earlier in the same run) with
a *different* text is a conflict: it is reported as an error naming the input and not stored
(the stored text stays; give the new text a new id, or none, to keep both). The same text
again is "already stored" and adds nothing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from frontwatch.model import Article, Event, InputError

BATCH = 8           # articles per write: a short hold of the DuckDB file (about 0.2 s)
LOOKUP = 32         # ids per look-up (read-only: it does not stop `serve` from reading)


@dataclass
class Tally:
    added: int = 0
    skipped: int = 0
    events: int = 0
    errors: list[InputError] = field(default_factory=list)


def _conflict(article: Article, where: str) -> InputError:
    return InputError(article.origin or article.id,
                      f"id {article.id!r} is already {where} with a different text: not stored "
                      "(conflict; give the new text its own id)")


def _open(db: str | None, *, read_only: bool = False):
    from frontwatch.store import open_store

    return open_store(db, read_only=read_only, writer=True)


def ingest(sources: Iterable[str], db: str | None = None, *, published: datetime | None = None,
           note: Callable[[str], None] = lambda line: None, progress: Callable[..., None] = lambda n=1: None,
           allow_private: bool = False, batch: int = BATCH) -> Tally:
    """Ingest `sources` into the store `db`. Bad inputs are counted in `tally.errors` and each is
    passed to `note` as one line; StoreError propagates (one line too)."""
    from frontwatch.ingest import read
    from frontwatch.pipeline import code_many

    with _open(db):         # create and migrate it, and say now if it cannot be opened
        pass
    tally = Tally()
    seen: dict[str, str] = {}       # id -> content id, this run

    def error(item: InputError) -> None:
        tally.errors.append(item)
        note(str(item))

    def items() -> Iterator[Article]:
        for source in sources:
            for item in read(source, published=published, allow_private=allow_private):
                if isinstance(item, InputError):
                    error(item)
                else:
                    yield item

    def fresh() -> Iterator[Article]:
        pending: list[Article] = []

        def check() -> Iterator[Article]:
            with _open(db, read_only=True) as store:
                stored = {a.id: store.article(a.id) for a in pending}
            for art in pending:
                known = seen.get(art.id)
                if known is None and stored[art.id] is not None:
                    known = Article.content_id(stored[art.id].text)
                if known is None:
                    seen[art.id] = Article.content_id(art.text)
                    yield art
                elif known == Article.content_id(art.text):
                    tally.skipped += 1
                else:
                    error(_conflict(art, "stored" if stored[art.id] is not None else "in this input"))
            pending.clear()

        for art in items():
            pending.append(art)
            if len(pending) >= LOOKUP:
                yield from check()
        if pending:
            yield from check()

    coded: list[tuple[Article, list[Event], object]] = []

    def write() -> None:
        with _open(db) as store:
            added = store.add_articles(coded)       # one transaction: all of the batch or none
            for (art, events, _), ok in zip(coded, added, strict=True):
                if ok:
                    tally.added += 1
                    tally.events += len(events)
                else:       # stored meanwhile by another process
                    other = store.article(art.id)
                    if other is not None and Article.content_id(other.text) != Article.content_id(art.text):
                        error(_conflict(art, "stored"))
                    else:
                        tally.skipped += 1
        coded.clear()

    for c in code_many(fresh()):
        coded.append((c.article, c.events, c.control))
        progress()
        if len(coded) >= batch:
            write()
    if coded:
        write()
    return tally
