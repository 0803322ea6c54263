"""The server backend: PostgreSQL through psycopg 3.

`postgresql://user:pass@host:port/db?schema=NAME` keeps the tables in schema
NAME (created if missing) instead of the role's default search_path."""
from __future__ import annotations

import re
from contextlib import contextmanager, nullcontext
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from .base import Store, StoreError, one_line

_PLACEHOLDER = re.compile(r"\?")


def redact(url: str) -> str:
    """The URL with its password hidden, for messages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def split_schema(url: str) -> tuple[str, str | None]:
    """Remove frontwatch's own `schema` query parameter from a libpq URL."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = [(k, v) for k, v in query if k != "schema"]
    return urlunsplit(parts._replace(query=urlencode(rest))), schema or None


class PostgresStore(Store):
    dialect = "postgres"
    _backend_errors = (psycopg.Error,)

    def __init__(self, url: str, *, read_only: bool = False, connect_timeout: int = 10):
        super().__init__(redact(url), read_only=read_only)
        conninfo, self.schema = split_schema(url)
        try:
            self._con = psycopg.connect(conninfo, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            msg = " ".join(str(exc).split()) or type(exc).__name__
            raise StoreError(f"{self.url}: cannot connect to PostgreSQL: {msg}") from None
        try:
            with nullcontext() if read_only else self._migration_guard():
                if self.schema:
                    if not read_only:
                        self._con.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                            sql.Identifier(self.schema)))
                    self._con.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))
                self._migrate()
            if read_only:
                self._con.execute("SET default_transaction_read_only = on")
        except psycopg.Error as exc:
            self.close()
            raise StoreError(f"{self.url}: cannot open PostgreSQL store: {one_line(exc)[:300]}") from None
        except BaseException:
            self.close()
            raise

    def _sql(self, query: str) -> str:
        # psycopg's placeholders are %s; a literal % must be doubled
        return _PLACEHOLDER.sub("%s", query.replace("%", "%%"))

    def _execute(self, query: str, params=()):
        params = list(params)
        if not params:  # no placeholders to translate: send as written
            return self._con.execute(query)
        return self._con.execute(self._sql(query), params)

    def _executemany(self, query: str, rows) -> None:
        if rows:
            with self._con.cursor() as cur:
                cur.executemany(self._sql(query), [list(r) for r in rows])

    @contextmanager
    def _migration_guard(self):
        # one session lock around the whole migration, CREATE TABLE IF NOT EXISTS schema_version included
        # (two fresh opens at once otherwise race on it: DuplicateTable / UniqueViolation)
        self._con.execute("SELECT pg_advisory_lock(hashtext('frontwatch.migrate'))")
        try:
            yield
        finally:
            self._con.execute("SELECT pg_advisory_unlock(hashtext('frontwatch.migrate'))")

    def _lock_migrations(self) -> None:
        # two processes opening a fresh database at once: the second waits, then finds the work done
        self._con.execute("SELECT pg_advisory_xact_lock(hashtext('frontwatch.migrations'))")

    def _lock_views(self) -> None:
        # held to the end of the transaction: the next writer's upkeep then sees this one's rows
        self._con.execute("SELECT pg_advisory_xact_lock(hashtext('frontwatch.views'))")
