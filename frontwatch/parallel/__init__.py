"""Coding on every core, or on a Dask cluster: articles in, `Coded` articles out, in input order.

    from frontwatch.parallel import code_stream
    for coded in code_stream(articles, workers=4):          # or cluster="tcp://host:8786"
        ...

- `workers=1`: in this process (`pipeline.code_many`), on one core: the type model embeds on one thread.
- `workers=N`: N processes on this machine (local.py), each loading the pipeline once; an input of
  one batch or less is coded in this process (starting workers would cost more than it saves).
- `cluster=ADDRESS`: batches go to the workers of a Dask distributed scheduler (cluster.py).

The output is the same in every case: same order, same events, same ids. Batches are 16 articles;
at most 2N+1 are in flight, so memory stays flat on any input length."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from frontwatch.model import Article

from .tasks import BatchResult, Failed, RemoteError, Skipped

BATCH = 16              # articles per task on the local pool (a cluster's: cluster.BATCH)


WORKER_MB = 700         # a worker's peak resident memory, rounded up (spaCy, the gazetteer, the type model)


def default_workers() -> int:
    """The machine's cores (those this process may run on), but no more than its available memory holds."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, _available_mb() // WORKER_MB))


def _available_mb() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 1 << 20      # unknown: do not limit


@dataclass
class WorkerStats:
    """Peak resident memory per worker process, as the workers report it with each batch."""

    peak_rss_mb: dict[str, float] = field(default_factory=dict)

    def add(self, result: BatchResult) -> None:
        key = f"{result.host}:{result.pid}"
        self.peak_rss_mb[key] = max(self.peak_rss_mb.get(key, 0.0), result.max_rss_mb)


def results(articles: Iterable[Article], *, workers: int | None = None, cluster: str | None = None,
            progress: Callable[..., None] = lambda n=1: None, finished_first: bool = False,
            batch: int | None = None) -> Iterator[BatchResult] | None:
    """Batch results from a pool or a cluster; None when the articles are better coded in this process."""
    if cluster:
        from . import cluster as on_cluster

        return on_cluster.code_on_cluster(articles, cluster, batch=batch or on_cluster.BATCH, progress=progress,
                                          finished_first=finished_first)
    workers = default_workers() if workers is None else max(1, int(workers))
    if workers <= 1:
        return None
    from .local import code_on_pool

    return code_on_pool(articles, workers, batch=batch or BATCH, progress=progress, finished_first=finished_first)


def code_stream(articles: Iterable[Article], *, workers: int | None = None, cluster: str | None = None,
                on_error: Callable[[Article, Exception], None] | None = None,
                progress: Callable[..., None] = lambda n=1: None, finished_first: bool = False,
                stats: WorkerStats | None = None, batch: int | None = None) -> Iterator:
    """`Coded` articles in input order (see the module docstring). A failing article goes to
    `on_error(article, exc)` and is skipped; without `on_error` the error is raised.
    `finished_first`: on Ctrl-C, every finished batch is still given out, out of order (a store
    takes them in any order); otherwise only those in input order (an ordered output)."""
    from frontwatch.pipeline import code_many

    it = iter(articles)
    if workers == 1 and not cluster:
        # one worker is one core: the type model's embeddings too run on one thread (`--workers 2` gives each
        # worker process one); the library alone, and a short input under the default, use a spare core
        from frontwatch.events.embed import use_threads

        use_threads(1)
    if not cluster:
        batch = batch or BATCH
        workers = default_workers() if workers is None else max(1, int(workers))
        head = list(islice(it, workers * batch))
        # no more workers than the input has batches: a short input starts none, or fewer
        workers = min(workers, -(-len(head) // batch)) if len(head) < workers * batch else workers
        if len(head) <= batch:
            workers = 1
        it = chain(head, it)
    got = results(it, workers=workers, cluster=cluster, progress=progress, finished_first=finished_first,
                  batch=batch)
    if got is None:
        for coded in code_many(it, on_error=on_error):
            progress()
            yield coded
        return
    gap = False         # an article skipped at Ctrl-C: an ordered output ends there
    for result in got:
        if stats is not None:
            stats.add(result)
        for item in result.items:
            if isinstance(item, Skipped) or (gap and not finished_first):
                gap = True
                continue
            if isinstance(item, Failed):
                exc = RemoteError(item.kind, item.message)
                if on_error is None:
                    raise exc
                on_error(item.article, exc)
            else:
                yield item
