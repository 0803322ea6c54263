"""Ctrl-C that DuckDB catches mid-query reaches frontwatch as KeyboardInterrupt (so `ingest` stores
what it coded and exits 130), while every other database error stays a one-line StoreError."""
from __future__ import annotations

import threading

import pytest

from frontwatch.store import StoreError
from frontwatch.store.duckdb import DuckDBStore
from frontwatch.store.errors import _locked


class _Busy(DuckDBStore):
    @_locked
    def long_count(self) -> int:
        return self._execute("SELECT count(*) FROM range(100000000000) a").fetchone()[0]

    @_locked
    def broken(self):
        return self._execute("SELECT * FROM no_such_table").fetchall()


def test_interrupt_mid_query_is_keyboard_interrupt(tmp_path):
    store = _Busy(str(tmp_path / "busy.duckdb"))
    try:
        timer = threading.Timer(0.3, store._con.interrupt)   # what DuckDB does when SIGINT lands in execute()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            store.long_count()
        timer.join()
        assert store.count()["articles"] == 0              # the connection still works afterwards
    finally:
        store.close()


def test_other_errors_stay_store_errors(tmp_path):
    store = _Busy(str(tmp_path / "busy.duckdb"))
    try:
        with pytest.raises(StoreError, match="broken failed: .*no_such_table"):
            store.broken()
    finally:
        store.close()


@pytest.mark.parametrize("exc,want", [(RuntimeError("Query interrupted"), True),
                                      (RuntimeError("out of memory"), False), (ValueError("interrupted"), False)])
def test_which_errors_are_interrupts(tmp_path, exc, want):
    store = DuckDBStore(str(tmp_path / "x.duckdb"))
    try:
        assert store._interrupted(exc) is want
    finally:
        store.close()
