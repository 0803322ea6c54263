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

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from frontwatch.model import Article, Event, InputError

BATCH = 8           # fewest articles per write (but for the last): a short hold of the DuckDB file
MAX_BATCH = 256     # most articles per write
WRITE_EVERY = 2.0   # seconds between writes while coding goes on: fewer, larger transactions
LOOKUP = 32         # ids per look-up (read-only: it does not stop `serve` from reading)


@dataclass
class Tally:
    added: int = 0
    skipped: int = 0
    events: int = 0
    errors: list[InputError] = field(default_factory=list)
    interrupted: bool = False


def _conflict(article: Article, where: str) -> InputError:
    return InputError(article.origin or article.id,
                      f"id {article.id!r} is already {where} with a different text: not stored "
                      "(conflict; give the new text its own id)")


def _open(db: str | None, *, read_only: bool = False):
    from frontwatch.store import open_store

    return open_store(db, read_only=read_only, writer=True)


def ingest(sources: Iterable[str], db: str | None = None, *, published: datetime | None = None,
           note: Callable[[str], None] = lambda line: None, progress: Callable[..., None] = lambda n=1: None,
           allow_private: bool = False, batch: int = BATCH, workers: int | None = 1, cluster: str | None = None,
           stats=None) -> Tally:
    """Ingest `sources` into the store `db`. Bad inputs are counted in `tally.errors` and each is
    passed to `note` as one line; StoreError propagates (one line too).

    `workers`: coding processes (None: the machine's cores); `cluster`: a Dask scheduler's address
    (frontwatch.parallel). Writes take what is coded, at least `batch` articles and at most
    MAX_BATCH, once WRITE_EVERY seconds have passed since the last one: a short hold of the store,
    few commits. Ctrl-C (KeyboardInterrupt) stores every article already coded, then goes on up."""
    from frontwatch.ingest import read

    def items() -> Iterator[Article | InputError]:
        for source in sources:
            yield from read(source, published=published, allow_private=allow_private)

    return ingest_items(items(), db, note=note, progress=progress, batch=batch, workers=workers, cluster=cluster,
                        stats=stats)


def ingest_items(results: Iterable[Article | InputError], db: str | None = None, *,
                 note: Callable[[str], None] = lambda line: None,
                 progress: Callable[..., None] = lambda n=1: None, batch: int = BATCH, workers: int | None = 1,
                 cluster: str | None = None, stats=None) -> Tally:
    """The ingest path for articles already read (as `read` yields them: an InputError is counted
    and noted): leave out what is stored, code the rest, store them in short batches. `watch`
    feeds each poll's new entries through here."""
    from frontwatch.parallel import code_stream

    with _open(db):         # create and migrate it, and say now if it cannot be opened
        pass
    tally = Tally()
    seen: dict[str, str] = {}       # id -> content id, this run

    def error(item: InputError) -> None:
        tally.errors.append(item)
        note(str(item))

    def items() -> Iterator[Article]:
        for item in results:
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

    def failed(article: Article, exc: Exception) -> None:
        kind = getattr(exc, "kind", type(exc).__name__)
        error(InputError(article.origin or article.id, f"article {article.id!r}: coding failed "
                                                       f"({kind}: {' '.join(str(exc).split())[:200]}); skipped"))

    if cluster and _is_postgres(db):
        return _ingest_on_cluster(fresh(), db, cluster, tally, failed, error, progress)

    coded: list[tuple[Article, list[Event], object]] = []
    last = time.monotonic()

    def write() -> None:
        nonlocal last
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
        last = time.monotonic()

    try:
        for c in code_stream(fresh(), workers=workers, cluster=cluster, on_error=failed, progress=progress,
                             finished_first=True, stats=stats):
            coded.append((c.article, c.events, c.control))
            if len(coded) >= MAX_BATCH or (len(coded) >= batch and time.monotonic() - last >= WRITE_EVERY):
                write()
    except KeyboardInterrupt:
        if coded:
            write()             # every article coded so far is stored
        tally.interrupted = True
        raise
    if coded:
        write()
    return tally


def _is_postgres(db: str | None) -> bool:
    return bool(db) and str(db).lower().startswith(("postgresql://", "postgres://"))


def _ingest_on_cluster(articles: Iterator[Article], db: str, cluster: str, tally: Tally, failed, error,
                       progress) -> Tally:
    """The cluster's workers code and store (each batch one transaction into the shared PostgreSQL)."""
    from frontwatch.parallel.cluster import store_on_cluster
    from frontwatch.parallel.tasks import Failed, RemoteError

    for result in store_on_cluster(articles, cluster, db, progress=progress):
        for item in result.items:
            if isinstance(item, Failed):
                failed(item.article, RemoteError(item.kind, item.message))
        tally.added += result.stored.get("added", 0)
        tally.skipped += result.stored.get("skipped", 0)
        tally.events += result.stored.get("events", 0)
        for aid in result.stored.get("conflicts", []):
            error(InputError(aid, f"id {aid!r} is already stored with a different text: not stored "
                                  "(conflict; give the new text its own id)"))
    return tally
