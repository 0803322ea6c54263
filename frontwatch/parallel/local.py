"""`--workers N` on one machine: a pool of N processes, each loading the pipeline once.

The processes start from a fork server (a clean process, not a copy of this one with its threads)
and take batches of articles; results come back in input order (window.py). On Ctrl-C a worker
finishes the few articles it is coding and skips the rest of its batches; the parent stores every
finished article, then stops the pool."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from frontwatch.model import Article

from . import tasks
from .window import batches, in_order


def code_on_pool(articles: Iterable[Article], workers: int, *, batch: int = 16,
                 progress: Callable[..., None] = lambda n=1: None,
                 finished_first: bool = False) -> Iterator[tasks.BatchResult]:
    env = tasks.settings()
    ctx = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=tasks.worker_init,
                               initargs=(env, os.getpid()))
    interrupted = False

    def stop() -> None:
        nonlocal interrupted
        interrupted = True
        pool.shutdown(wait=False, cancel_futures=True)

    try:
        yield from in_order(batches(articles, batch), lambda chunk: pool.submit(tasks.code_batch, chunk, env),
                            2 * workers + 1, progress, finished_first=finished_first, on_interrupt=stop)
    finally:
        try:
            pool.shutdown(wait=True, cancel_futures=not interrupted)
        except KeyboardInterrupt:       # a second Ctrl-C: stop now
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            raise
