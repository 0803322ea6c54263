"""The embedded backend: one DuckDB file, opened per command.

DuckDB lets one process write a file, or several processes read it
(`read_only=True`). Opening waits up to `lock_timeout` seconds for a lock
held by another process before giving up with a StoreError."""
from __future__ import annotations

import time
from pathlib import Path

import duckdb

from .base import Store, StoreError, log


class DuckDBStore(Store):
    dialect = "duckdb"

    def __init__(self, path: str, *, read_only: bool = False, lock_timeout: float = 10.0):
        memory = path in ("", ":memory:")
        super().__init__(":memory:" if memory else str(Path(path).expanduser()), read_only=read_only)
        if memory and read_only:
            raise StoreError(":memory: store cannot be read-only")
        if not memory:
            file = Path(self.url)
            if not file.exists():
                file.parent.mkdir(parents=True, exist_ok=True)
                if read_only:  # a view on a store that was never written: create it empty first
                    DuckDBStore(self.url, lock_timeout=lock_timeout).close()
        self._con = self._connect(lock_timeout)
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    def _connect(self, lock_timeout: float):
        deadline = time.monotonic() + lock_timeout
        delay = 0.05
        while True:
            try:
                return duckdb.connect(self.url, read_only=self.read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise StoreError(f"{self.url}: cannot open DuckDB store: "
                                     f"{str(exc).splitlines()[0]}") from None
                log.debug("%s is locked; retrying", self.url)
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
            except duckdb.Error as exc:
                raise StoreError(f"{self.url}: cannot open DuckDB store: {str(exc).splitlines()[0]}") from None
