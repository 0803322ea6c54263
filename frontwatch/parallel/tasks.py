"""The work a worker process does, as top-level functions a process pool or a Dask cluster can
call: code a batch of articles (the pipeline is loaded once per process, on first use), and for a
cluster writing to PostgreSQL, store the batch too.

Everything returned is plain typed data that pickles: `Coded`, `Failed` and `BatchResult`."""
from __future__ import annotations

import os
import resource
import signal
from dataclasses import dataclass, field

from frontwatch.model import Article


@dataclass(frozen=True)
class Failed:
    """An article whose coding failed: the exception's type name and message (exceptions themselves
    may not pickle)."""

    article: Article
    kind: str
    message: str


@dataclass
class BatchResult:
    """One batch's outcome, in input order, and who did it (for peak RSS per worker)."""

    items: list                       # Coded | Failed, in the batch's order
    pid: int = 0
    host: str = ""
    max_rss_mb: float = 0.0
    stored: dict = field(default_factory=dict)   # when the worker stored it: added/skipped/events/conflicts


@dataclass(frozen=True)
class Skipped:
    """An article a worker did not code because Ctrl-C came first (a re-run codes it)."""

    article: Article


class RemoteError(Exception):
    """A worker's exception, rebuilt from its type name and message."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def settings() -> dict[str, str]:
    """The environment a worker needs to code as this process would (limits, model choice)."""
    keep = ("FRONTWATCH_MAX_CHARS", "FRONTWATCH_MODEL", "FRONTWATCH_CHUNK_CHARS", "FRONTWATCH_MAX_SENT_TOKENS")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["FRONTWATCH_EMBED_THREADS"] = os.environ.get("FRONTWATCH_EMBED_THREADS", "1")   # a core per worker
    return env


def _apply(env: dict[str, str]) -> None:
    for k, v in env.items():
        os.environ[k] = v


_STOP = False


def _stop(signum, frame) -> None:
    global _STOP
    _STOP = True


def worker_init(env: dict[str, str], parent: int | None = None) -> None:
    """A pool worker: Ctrl-C finishes the articles being coded and skips the rest of the batch (the
    parent stores what is finished, then stops its workers); the worker ends when `parent` does (a
    parent killed outright cannot tell it); load the pipeline now, once."""
    signal.signal(signal.SIGINT, _stop)
    _apply(env)
    if parent is not None:
        import threading

        threading.Thread(target=_watch, args=(parent,), daemon=True, name="frontwatch-parent-watch").start()
    from frontwatch import pipeline

    pipeline.coder()


def _watch(parent: int) -> None:
    import time

    while True:
        time.sleep(1.0)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except OSError:
            pass


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def code_batch(articles: list[Article], env: dict[str, str] | None = None) -> BatchResult:
    """Code `articles` (events and control claims), in order; a failing article becomes a Failed."""
    import socket

    from frontwatch.pipeline import code_many

    _apply(env or {})
    failed: dict[str, Failed] = {}

    def on_error(article: Article, exc: Exception) -> None:
        failed[article.id] = Failed(article, type(exc).__name__, " ".join(str(exc).split()))

    done: dict = {}
    # the batch parsed and embedded at once (spaCy and the type model are several times faster per article in
    # batches); a stop is looked at after each article coded, so Ctrl-C waits for one parse of the batch at most
    for c in () if _STOP else code_many(articles, batch_size=max(1, len(articles)), on_error=on_error):
        done[c.article.id] = c
        if _STOP:
            break
    items = [done.get(a.id) or failed.get(a.id) or (Skipped(a) if _STOP else Failed(a, "RuntimeError", "no result"))
             for a in articles]
    return BatchResult(items, os.getpid(), socket.gethostname(), _rss_mb())


def code_and_store(articles: list[Article], db: str, env: dict[str, str] | None = None) -> BatchResult:
    """Code a batch and store it in `db` (the shared PostgreSQL store of a cluster) in one transaction.
    Idempotent: an article already stored (a re-run, or a task retried after its worker died) adds
    nothing, and an interrupted transaction leaves nothing."""
    from frontwatch.pipeline import Coded
    from frontwatch.store import open_store

    result = code_batch(articles, env)
    coded = [c for c in result.items if isinstance(c, Coded)]
    added: list[bool] = []
    conflicts: list[str] = []
    with open_store(db, writer=True) as store:
        if coded:
            added = store.add_articles([(c.article, c.events, c.control) for c in coded])
            for c, ok in zip(coded, added, strict=True):
                if not ok:
                    other = store.article(c.article.id)
                    if other is not None and Article.content_id(other.text) != Article.content_id(c.article.text):
                        conflicts.append(c.article.id)
    result.stored = {"added": sum(added), "skipped": len(added) - sum(added) - len(conflicts),
                     "events": sum(len(c.events) for c, ok in zip(coded, added, strict=True) if ok),
                     "conflicts": conflicts}
    # the client needs neither the texts nor the events back: keep the reply small
    result.items = [c if isinstance(c, Failed) else None for c in result.items]
    return result
