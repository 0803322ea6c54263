"""`--cluster tcp://HOST:8786`: batches of articles to the workers of a Dask distributed scheduler.

Each worker process loads the pipeline once (on its first batch) and codes batches of
`BATCH` articles; results come back to this process in input order (window.py). With a PostgreSQL store,
`store_on_cluster` has each worker store its own batch (one transaction per batch, idempotent:
an article already stored adds nothing), so the client only reads the input and counts.

Dask gives the robustness: a batch whose worker dies is run again on another worker (the
scheduler's `allowed-failures`), and a batch whose task fails (a PostgreSQL hiccup) is retried
twice. Neither loses nor doubles a row: the batch's transaction either committed (the re-run finds
its articles stored) or left nothing. Workers should run one thread each (`--nthreads 1`): spaCy
and the type model are CPU-bound, so one process per core is the unit of parallelism."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from frontwatch.model import Article

from . import tasks
from .window import batches, in_order

# articles per task: each task costs the scheduler and the network a round trip (a LocalCluster of 2 coded
# 163-177 notes/s with 16, 189-193 with 64)
BATCH = 64


class ClusterError(Exception):
    """The scheduler cannot be reached or used; str() is one line."""


def connect(address: str, timeout: float = 30.0):
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ClusterError(f"--cluster needs the 'distributed' package ({exc})") from None
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"{address}: cannot reach the Dask scheduler ({' '.join(str(exc).split())[:200]})") from None


def _window(client) -> int:
    try:
        n = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
    except Exception:  # noqa: BLE001 - any answer will do
        n = 1
    return 2 * max(1, n) + 1


def code_on_cluster(articles: Iterable[Article], address: str, *, batch: int = BATCH,
                    progress: Callable[..., None] = lambda n=1: None,
                    finished_first: bool = False) -> Iterator[tasks.BatchResult]:
    """Coded batches (tasks.code_batch on the cluster), in input order."""
    env = tasks.settings()
    client = connect(address)
    try:
        yield from in_order(batches(articles, batch),
                            lambda chunk: client.submit(tasks.code_batch, chunk, env, pure=False, retries=2),
                            _window(client), progress, finished_first=finished_first)
    finally:
        client.close()


def store_on_cluster(articles: Iterable[Article], address: str, db: str, *, batch: int = BATCH,
                     progress: Callable[..., None] = lambda n=1: None) -> Iterator[tasks.BatchResult]:
    """Batches coded and stored by the workers themselves (tasks.code_and_store) into `db`."""
    env = tasks.settings()
    client = connect(address)
    try:
        yield from in_order(batches(articles, batch),
                            lambda chunk: client.submit(tasks.code_and_store, chunk, db, env, pure=False, retries=2),
                            _window(client), progress, finished_first=True)
    finally:
        client.close()
