"""Persistence: one interface (Store), two backends (DuckDB file, PostgreSQL).

    from frontwatch.store import open_store
    with open_store() as store:                  # FRONTWATCH_HOME's DuckDB file
        store.add_article(article, events)       # one transaction; False if already stored
        store.events(start=date(2020, 1, 1), bbox=(35.5, 35.0, 37.5, 36.8))

URLs: None -> config.default_db(); a path, `duckdb:///abs/path`, `duckdb://rel/path`
or `:memory:` -> DuckDB; `postgresql://...` (or `postgres://`) -> PostgreSQL,
optionally `?schema=NAME`. Schema migrations (store/migrations/NNN_*.sql) are
applied in order on open and recorded in `schema_version`.
"""
from __future__ import annotations

from frontwatch import config

from .base import Store, StoreError, migrations

__all__ = ["open_store", "open_for_reading", "Store", "StoreError", "migrations"]


def open_for_reading(url: str | None) -> Store:
    """A store to read: a DuckDB path the user names must exist (a typo must not read as an empty
    store); the default store reads as empty before the first ingest."""
    if url is not None and "://" not in str(url).replace("duckdb://", "") and str(url) != ":memory:":
        from pathlib import Path

        path = Path(str(url).replace("duckdb://", "", 1)).expanduser()
        if not path.exists():
            raise StoreError(f"{url}: no such store (ingest something into it first)")
    return open_store(url, read_only=True)


def open_store(url: str | None = None, *, read_only: bool = False, writer: bool = False) -> Store:
    """Open (creating and migrating if needed) the store named by `url`.

    `read_only=True` for views: several processes may then read one DuckDB file
    at once; a read-only open never migrates (it fails if the schema is behind).
    `writer=True` for an ingest's short batches: it waits longer for the DuckDB lock and, unless
    read-only, announces itself to long-lived readers (see store/duckdb.py)."""
    if url is None:
        url = config.default_db()
    url = str(url)
    lower = url.lower()
    if lower.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore
        return PostgresStore(url, read_only=read_only)
    if lower.startswith("duckdb://"):
        url = url[len("duckdb://"):]
    elif "://" in url:
        raise StoreError(f"{url}: unsupported store URL (use a path, duckdb:///path or postgresql://...)")
    from .duckdb import DuckDBStore
    if writer:
        return DuckDBStore(url, read_only=read_only, writer=not read_only, lock_timeout=120.0)
    return DuckDBStore(url, read_only=read_only)
