"""Store connections for the API: a small pool, no global lock.

Reads take a read-only connection from the pool and give it back; up to `size` requests read
at once (DuckDB and psycopg release the GIL while a query runs), and requests that wait for a
connection get one in the order they came (with 20 clients on 2 cores, letting newer requests
overtake tripled the p99 latency). Idle connections are kept
for `idle_seconds`, so a busy server does not pay an open (about 20 ms) per request.

DuckDB lets one process write a file while no other process has it open, so a pooled
connection must not starve `frontwatch ingest`: an ingest announces each short write batch
(store/duckdb.py, `writers_waiting`), and then the pool stops handing out connections, closes
the idle ones (a reaper thread does so within `REAP` seconds even when no request comes) and
lets in-flight requests finish; new requests wait (at most `writer_wait` seconds) until the
batch is written, then read the new data on fresh connections. A POST writes the same way, as
the one writer of this process.

PostgreSQL has no such lock: its pool just keeps connections.

Answers can be cached (`cached`), for DuckDB only: a read-only DuckDB instance sees the file as
it was when opened, and no writer can change the file while one of our connections is open. So
every answer is tagged with the *generation* of the connection it was read through (a new
generation starts whenever a connection is opened with none open), and an answer is reused only
for the same generation: exact, never stale. PostgreSQL data can change under an open
connection, so nothing is cached there.
"""
from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from frontwatch import config
from frontwatch.store import Store, StoreError, open_store

REAP = 0.2          # seconds between the reaper's looks


def _duckdb_path(db: str | None) -> str | None:
    url = str(db) if db is not None else config.default_db()
    lower = url.lower()
    if lower.startswith(("postgresql://", "postgres://")) or url == ":memory:":
        return None
    if lower.startswith("duckdb://"):
        url = url[len("duckdb://"):]
    return str(Path(url).expanduser())


class StorePool:
    def __init__(self, db: str | None, *, size: int = 8, idle_seconds: float = 2.0, writer_wait: float = 5.0):
        self.db = db
        self.size = size
        self.idle_seconds = idle_seconds
        self.writer_wait = writer_wait
        self.path = _duckdb_path(db)
        self.cond = threading.Condition()
        self.idle: list[tuple[float, Store]] = []
        self.busy = 0
        self.queue: deque[object] = deque()     # requests waiting for a connection, oldest first
        self.exclusive = False
        self.closed = False
        self.generation = 0
        self.cache: OrderedDict[tuple, object] = OrderedDict()
        self.cache_size = 512
        if self.path is not None:
            self.reaper = threading.Thread(target=self._reaper, name="frontwatch-store-reaper", daemon=True)
            self.reaper.start()
            _OPEN.add(self)

    # -- DuckDB writers of other processes --------------------------------
    def _writer_waits(self) -> bool:
        if self.path is None:
            return False
        from frontwatch.store.duckdb import writers_waiting

        return writers_waiting(self.path)

    def _drop_idle(self, older_than: float | None = None) -> None:
        """Close idle connections (all, or those unused since `older_than`); call under cond."""
        keep, drop = [], []
        for since, store in self.idle:
            (drop if older_than is None or since < older_than else keep).append((since, store))
        self.idle = keep
        for _, store in drop:
            store.close()

    def _reaper(self) -> None:
        while not self.closed:
            time.sleep(REAP)
            with self.cond:
                if self.idle:
                    if self._writer_waits():
                        self._drop_idle()
                    else:
                        self._drop_idle(time.monotonic() - self.idle_seconds)

    # -- reads ----------------------------------------------------------------
    def _acquire(self) -> Store:
        deadline = time.monotonic() + self.writer_wait
        ticket = object()
        with self.cond:
            self.queue.append(ticket)       # first come, first served: a request never waits behind later ones
            try:
                while True:
                    if self.closed:
                        raise StoreError("server is shutting down")
                    blocked = self.exclusive or (self._writer_waits() and time.monotonic() < deadline)
                    first = self.queue[0] is ticket
                    if blocked:
                        self._drop_idle()
                    elif first and self.idle:
                        self.busy += 1
                        return self.idle.pop()[1]
                    elif first and self.busy < self.size:
                        if not self.busy:
                            self.generation += 1        # no connection open: the file may have changed
                            self.cache.clear()
                        self.busy += 1
                        generation = self.generation
                        break
                    self.cond.wait(0.02)
            finally:
                self.queue.remove(ticket)
                self.cond.notify_all()
        try:
            store = open_store(self.db, read_only=True)
            store.generation = generation       # type: ignore[attr-defined]
            return store
        except BaseException:
            with self.cond:
                self.busy -= 1
                self.cond.notify_all()
            raise

    def _release(self, store: Store, reusable: bool) -> None:
        with self.cond:
            self.busy -= 1
            if reusable and not self.closed and not self.exclusive and not self._writer_waits():
                self.idle.append((time.monotonic(), store))
            else:
                store.close()
            self.cond.notify_all()

    @contextmanager
    def read(self) -> Iterator[Store]:
        store = self._acquire()
        reusable = False
        try:
            yield store
            reusable = True
        except StoreError:
            raise
        except Exception:
            reusable = True     # an HTTP error raised by the endpoint, not the connection's fault
            raise
        finally:
            self._release(store, reusable)

    def cached(self, store: Store, key: tuple, make: Callable[[], object]) -> object:
        """`make()`'s answer (read through `store`), reused while the data cannot have changed."""
        generation = getattr(store, "generation", None)
        if self.path is None or generation is None:
            return make()
        with self.cond:
            hit = self.cache.get((generation, key))
            if hit is not None:
                self.cache.move_to_end((generation, key))
                return hit
        value = make()
        with self.cond:
            if generation == self.generation:
                self.cache[(generation, key)] = value
                while len(self.cache) > self.cache_size:
                    self.cache.popitem(last=False)
        return value

    # -- writes ---------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Store]:
        """A read-write store, with every pooled DuckDB connection of this process closed first."""
        if self.path is None:
            with open_store(self.db, writer=True) as store:
                yield store
            return
        with self.cond:
            while self.exclusive:
                self.cond.wait(0.05)
            self.exclusive = True
            self._drop_idle()
            while self.busy:
                self.cond.wait(0.05)
        try:
            with open_store(self.db, writer=True) as store:
                yield store
        finally:
            with self.cond:
                self.exclusive = False
                self.cond.notify_all()

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self._drop_idle()
            self.cond.notify_all()
        reaper = getattr(self, "reaper", None)
        if reaper is not None and reaper is not threading.current_thread():
            reaper.join(5 * REAP)


# Pools not closed by their owner (an app never shut down) are closed when the interpreter exits, before
# daemon threads are stopped: a reaper stopped inside DuckDB's C++ close aborts the process ("FATAL:
# exception not rethrown", exit 134) after everything else went well.
_OPEN: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _close_open_pools() -> None:
    for pool in list(_OPEN):
        pool.close()
