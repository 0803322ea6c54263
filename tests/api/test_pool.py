"""The API's store pool hands connections out first come, first served: with every connection busy,
waiting requests get one in the order they asked (a request overtaken again and again by newer ones
was the slow tail of /api/events under 20 clients)."""
from __future__ import annotations

import threading
import time

from frontwatch.api.pool import StorePool
from frontwatch.store import open_store


def test_waiting_reads_are_served_in_arrival_order(tmp_path):
    db = str(tmp_path / "pool.duckdb")
    open_store(db).close()
    pool = StorePool(db, size=1)
    order: list[int] = []

    def read(i: int) -> None:
        with pool.read() as store:
            assert store.count()["articles"] == 0
            order.append(i)
            time.sleep(0.005)

    threads = []
    try:
        with pool.read():                      # the one connection is busy
            for i in range(8):
                t = threading.Thread(target=read, args=(i,))
                t.start()
                threads.append(t)
                deadline = time.monotonic() + 10
                while len(pool.queue) < i + 1:     # queued before the next one asks
                    assert time.monotonic() < deadline, "a read did not queue"
                    time.sleep(0.001)
        for t in threads:
            t.join(30)
    finally:
        pool.close()
    assert order == list(range(8))
    assert not pool.queue


def test_pools_left_open_are_closed_at_exit(tmp_path):
    """A pool its app never closed is closed by the exit hook, its reaper stopped, before the interpreter
    stops daemon threads (one stopped inside DuckDB's close aborts the process)."""
    from frontwatch.api import pool as pool_module

    db = str(tmp_path / "exit.duckdb")
    open_store(db).close()
    pool = StorePool(db, size=2)
    with pool.read() as store:
        assert store.count()["articles"] == 0
    assert pool.idle and pool.reaper.is_alive()
    pool_module._close_open_pools()
    assert pool.closed and not pool.idle
    assert not pool.reaper.is_alive()
