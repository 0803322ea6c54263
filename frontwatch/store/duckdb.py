"""The embedded backend: one DuckDB file, opened per command.

DuckDB lets one process write a file, or several processes read it
(`read_only=True`). Opening waits up to `lock_timeout` seconds for a lock
held by another process before giving up with a StoreError.

Writers announce themselves: a writer (`writer=True`, as `frontwatch ingest` opens it for
each short batch) leaves a file named by its process id in `<store>.writers/` from before
it connects until it closes. Long-lived readers (the API's pooled connection) check
`writers_waiting()` and let go of the file when a writer waits, so a write never starves
behind a busy server."""
from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

from .base import Store, StoreError, log


class DuckDBStore(Store):
    dialect = "duckdb"
    _backend_errors = (duckdb.Error,)

    def _interrupted(self, exc: Exception) -> bool:
        # DuckDB answers SIGINT during a query with InterruptException, or a bare RuntimeError
        # "Query interrupted" (seen with 2.0 when the signal lands in execute())
        return isinstance(exc, duckdb.InterruptException) or (
            type(exc) is RuntimeError and "interrupted" in str(exc).lower())

    def __init__(self, path: str, *, read_only: bool = False, lock_timeout: float = 10.0,
                 writer: bool = False):
        memory = path in ("", ":memory:")
        self._intent: Path | None = None
        super().__init__(":memory:" if memory else str(Path(path).expanduser()), read_only=read_only)
        if memory and read_only:
            raise StoreError(":memory: store cannot be read-only")
        if not memory:
            file = Path(self.url)
            if not file.exists():
                file.parent.mkdir(parents=True, exist_ok=True)
                if read_only:  # a view on a store that was never written: create it empty first
                    DuckDBStore(self.url, lock_timeout=lock_timeout).close()
        if writer and not memory and not read_only:
            self._intent = _announce(self.url)
        try:
            self._con = self._connect(lock_timeout, 0.05 if writer else 0.5)
        except BaseException:
            self._withdraw()
            raise
        try:
            key = None if memory else _check_key(self.url, read_only)
            if key is None or key not in _CHECKED:     # once per file and process: a schema never goes back
                self._migrate()
                if key is not None:
                    _CHECKED.add(key)
        except duckdb.Error as exc:
            self.close()
            raise StoreError(f"{self.url}: cannot migrate DuckDB store: {str(exc).splitlines()[0]}") from None
        except BaseException:
            self.close()
            raise

    def _connect(self, lock_timeout: float, max_delay: float = 0.5):
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
                delay = min(delay * 2, max_delay)
            except duckdb.Error as exc:
                raise StoreError(f"{self.url}: cannot open DuckDB store: {str(exc).splitlines()[0]}") from None

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._withdraw()

    def _withdraw(self) -> None:
        if self._intent is not None:
            try:
                self._intent.unlink()
            except OSError:
                pass
            self._intent = None


# (store file, read_only) pairs whose schema this process has migrated or checked: a later open skips
# the check (it costs more than the open itself, and an ingest opens its store once per batch)
_CHECKED: set[tuple] = set()


def _check_key(path: str, read_only: bool) -> tuple | None:
    """The file itself (a store deleted and made anew is another file) and the migrations it was checked
    against."""
    from . import base

    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path, read_only, st.st_dev, st.st_ino, str(base.MIGRATIONS_DIR))


def _writers_dir(path: str) -> Path:
    return Path(os.path.abspath(path) + ".writers")


def _announce(path: str) -> Path | None:
    try:
        d = _writers_dir(path)
        d.mkdir(exist_ok=True)
        mark = d / f"{os.getpid()}-{time.monotonic_ns()}"
        mark.touch()
        return mark
    except OSError:
        return None     # a read-only directory: no announcement, the lock retry still works


def writers_waiting(path: str) -> bool:
    """Whether a live writer process waits for (or holds) the store file `path`."""
    d = _writers_dir(str(Path(path).expanduser()))
    try:
        marks = list(os.scandir(d))
    except OSError:
        return False
    for m in marks:
        pid = m.name.split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            try:
                os.unlink(m.path)       # left by a killed writer
            except OSError:
                pass
            continue
        except OSError:
            pass
        if int(pid) != os.getpid():
            return True
    return False
