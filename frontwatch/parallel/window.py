"""Batches in flight on workers, results back in input order, whatever order they finish in.

Works with any futures that have `result()`, `done()`, `cancel()`, `cancelled()` and
`add_done_callback()`: concurrent.futures (the local process pool) and Dask's."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from frontwatch.model import Article

from .tasks import BatchResult


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def in_order(chunks: Iterable[list[Article]], submit: Callable[[list[Article]], object], window: int,
             progress: Callable[..., None] = lambda n=1: None, *, finished_first: bool = False,
             on_interrupt: Callable[[], None] = lambda: None) -> Iterator[BatchResult]:
    """Submit `chunks` keeping at most `window` in flight; yield their results in input order.
    `progress(n)` is called as each batch of n articles finishes, on whatever worker.

    Ctrl-C (KeyboardInterrupt): batches not started are cancelled, the running ones are waited for, and
    what finished is still yielded before the interrupt goes on: every batch when `finished_first`
    (a store takes them in any order), else only the unbroken run in input order (an ordered output).
    `on_interrupt()` is called before that wait (a pool stops taking new work)."""
    pending: deque = deque()

    def counted(fut, n: int):
        fut.add_done_callback(lambda f: None if f.cancelled() else progress(n))
        return fut

    try:
        for chunk in chunks:
            pending.append(counted(submit(chunk), len(chunk)))
            while len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except KeyboardInterrupt:
        for f in pending:
            f.cancel()
        on_interrupt()
        while pending:
            f = pending.popleft()
            if f.cancelled():
                if finished_first:
                    continue
                break
            try:
                result = f.result()
            except Exception:  # noqa: BLE001 - a batch that failed while stopping: nothing to store
                if finished_first:
                    continue
                break
            yield result
        raise
