"""The store's shared logic: schema migrations, inserts, queries. Written in the
SQL DuckDB and PostgreSQL agree on, with `?` placeholders; the backends
(duckdb.py, postgres.py) supply the connection and the few differences."""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from frontwatch.model import Actor, Article, Event, Evidence, Place

from .errors import StoreError, _locked, one_line  # noqa: F401 - re-exported
from .monitor import MonitorTables

log = logging.getLogger("frontwatch.store")

MIGRATIONS_DIR: Path = Path(str(resources.files("frontwatch.store") / "migrations"))
_MIGRATION_RE = re.compile(r"^(\d{3,})_([\w-]+?)(?:\.(duckdb|postgres))?\.sql$")


def migrations(dialect: str, directory: Path | None = None) -> list[tuple[int, str, str]]:
    """(version, name, sql) in version order for `dialect`. `NNN_name.sql` is for
    both dialects; `NNN_name.duckdb.sql` / `NNN_name.postgres.sql` for one; a
    version with a file for the other dialect only is an empty migration here."""
    directory = directory or MIGRATIONS_DIR
    found: dict[int, dict[str | None, tuple[str, Path]]] = {}
    for path in sorted(directory.iterdir()):
        m = _MIGRATION_RE.match(path.name)
        if m:
            found.setdefault(int(m.group(1)), {})[m.group(3)] = (m.group(2), path)
    out = []
    for version in sorted(found):
        files = found[version]
        if dialect in files:
            name, path = files[dialect]
            out.append((version, name, path.read_text(encoding="utf-8")))
        elif None in files:
            name, path = files[None]
            out.append((version, name, path.read_text(encoding="utf-8")))
        else:
            name = next(iter(files.values()))[0]
            out.append((version, name, ""))
    return out


def split_sql(script: str) -> list[str]:
    """Statements of a SQL script: split on `;` outside quotes and `--` comments."""
    out, buf, i, n = [], [], 0, len(script)
    while i < n:
        ch = script[i]
        if ch == "-" and script.startswith("--", i):
            j = script.find("\n", i)
            i = n if j < 0 else j
            continue
        if ch in ("'", '"'):
            j = i + 1
            while j < n:
                if script[j] == ch:
                    if j + 1 < n and script[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            buf.append(script[i:j + 1])
            i = j + 1
            continue
        if ch == ";":
            stmt = "".join(buf).strip()
            if stmt:
                out.append(stmt)
            buf = []
        else:
            buf.append(ch)
        i += 1
    stmt = "".join(buf).strip()
    if stmt:
        out.append(stmt)
    return out


def _naive_utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _as_date(value: date | datetime | str | None) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(value)


def _one_or_many(column: str, value: str | Sequence[str]) -> tuple[str, list]:
    if isinstance(value, str):
        return f"{column} = ?", [value]
    values = list(value)
    return f"{column} IN ({', '.join('?' * len(values))})", values


_ARTICLE_COLS = "id, text, published, title, outlet, url"
_EVENT_INSERT = (
    "INSERT INTO events (id, article_id, seq, event_date, time_precision, event_type, sub_event_type, "
    "actor1, inter1, actor1_surface, actor2, inter2, actor2_surface, place_id, location, admin1, "
    "country, latitude, longitude, geo_precision, fatalities, fatalities_high, displaced, source, "
    "status, confidence, extra) VALUES ")


def _parts(rows: list, width: int, max_params: int = 30000) -> list[list]:
    """`rows` in slices small enough for one statement's parameters (PostgreSQL allows 65,535)."""
    step = max(1, max_params // width)
    return [rows[i:i + step] for i in range(0, len(rows), step)]
_EVENT_SELECT = """
SELECT e.id, e.article_id, e.event_type, e.sub_event_type, e.event_date, e.time_precision,
       e.actor1, e.inter1, e.actor1_surface, e.actor2, e.inter2, e.actor2_surface,
       e.location, e.latitude, e.longitude, e.country, e.admin1, p.feature, p.geonameid, p.population,
       e.geo_precision, e.fatalities, e.fatalities_high, e.displaced, e.source, e.status,
       e.confidence, e.extra, v.text, v."start", v."end"
FROM events e
LEFT JOIN places p ON p.id = e.place_id
LEFT JOIN evidence v ON v.event_id = e.id AND v.seq = 0
"""
_EVENT_ORDER = ' ORDER BY e.event_date ASC NULLS LAST, e.article_id, v."start", e.seq, e.id'
# A page's ids first: sorting narrow rows, then reading the page's full rows, is about twice as fast as sorting
# every matching row with its evidence text (the filters use only e. and v. columns).
_EVENT_PAGE = 'SELECT e.id FROM events e LEFT JOIN evidence v ON v.event_id = e.id AND v.seq = 0'


class Store(MonitorTables):
    """Articles and the events found in them. Use as a context manager, or close().

    One instance is safe to share between threads (calls are serialized)."""

    dialect = "?"
    _backend_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, url: str, *, read_only: bool = False):
        self.url = url
        self.read_only = read_only
        self._lock = threading.RLock()
        self._con: Any = None

    # -- backend hooks ----------------------------------------------------

    def _sql(self, sql: str) -> str:
        return sql

    def _interrupted(self, exc: Exception) -> bool:
        """Whether `exc` is the backend's report of a Ctrl-C that reached it during a query."""
        return False

    def _execute(self, sql: str, params: Sequence = ()):
        return self._con.execute(self._sql(sql), list(params))

    def _executemany(self, sql: str, rows: list[Sequence]) -> None:
        if rows:
            self._con.executemany(self._sql(sql), [list(r) for r in rows])

    def _lock_migrations(self) -> None:
        """Serialize concurrent migrators (PostgreSQL); DuckDB's file lock already does."""

    def _lock_views(self) -> None:
        """Inside a write's transaction: serialize the views' upkeep between concurrent writers
        (PostgreSQL, e.g. the workers of a cluster); DuckDB has one writer at a time already."""

    # -- lifecycle --------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                try:
                    self._con.close()
                finally:
                    self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}{' read-only' if self.read_only else ''}>"

    @contextmanager
    def _transaction(self):
        self._execute("BEGIN")
        try:
            yield
        except BaseException:
            self._execute("ROLLBACK")
            raise
        else:
            self._execute("COMMIT")

    # -- migrations -------------------------------------------------------

    def schema_version(self) -> int:
        """The highest migration applied (0 for an empty database)."""
        with self._lock:
            if not self._has_table("schema_version"):
                return 0
            row = self._execute("SELECT max(version) FROM schema_version").fetchone()
            return int(row[0] or 0)

    def _has_table(self, name: str) -> bool:
        row = self._execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = "
            + self._current_schema_sql, [name]).fetchone()
        return bool(row[0])

    _current_schema_sql = "current_schema()"

    def _migrate(self, directory: Path | None = None) -> list[int]:
        """Apply the pending migrations in order, each in its own transaction. Returns their versions."""
        todo = migrations(self.dialect, directory)
        latest = todo[-1][0] if todo else 0
        if self.read_only:
            current = self.schema_version()
            if current < latest:
                raise StoreError(f"{self.url}: store schema is version {current}, this frontwatch needs "
                                 f"{latest}; open it once read-write (e.g. `frontwatch ingest`) to migrate")
            return []
        with self._migration_guard():
            return self._apply(todo, latest)

    @contextmanager
    def _migration_guard(self):
        """Held around the whole migration (PostgreSQL: a session advisory lock, so that processes
        opening a fresh database at once take turns instead of racing to create its tables)."""
        yield

    def _apply(self, todo: list[tuple[int, str, str]], latest: int) -> list[int]:
        applied_now = []
        self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                      "name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)")
        for version, name, script in todo:
            with self._transaction():
                self._lock_migrations()
                done = self._execute("SELECT 1 FROM schema_version WHERE version = ?", [version]).fetchone()
                if done:
                    continue
                for stmt in split_sql(script):
                    self._execute(stmt)
                self._execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                              [version, name, datetime.now(UTC).replace(tzinfo=None)])
            log.info("%s: applied migration %03d_%s", self.url, version, name)
            applied_now.append(version)
        current = self.schema_version()
        if current > latest:
            log.warning("%s: store schema version %d is newer than this frontwatch (%d)", self.url,
                        current, latest)
        return applied_now

    # -- writing ----------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.url}: store is open read-only")

    @staticmethod
    def place_id(place: Place) -> str:
        """Places are one row each: by GeoNames id where known, else by name, country,
        admin1 and coordinates (to ~10 m). A point near a known place or in its area ("southern Idlib
        countryside", precision 2 or 3) is a row of its own beside the place's own point."""
        lat = "" if place.latitude is None else f"{place.latitude:.4f}"
        lon = "" if place.longitude is None else f"{place.longitude:.4f}"
        if place.geonameid and place.precision <= 1:
            key = f"gn:{place.geonameid}"
        elif place.geonameid:
            key = f"gn:{place.geonameid}|{lat}|{lon}|{place.precision}"
        else:
            key = "|".join([" ".join(place.name.lower().split()), (place.country or "").upper(),
                            (place.admin1 or "").lower(), lat, lon])
        return "pl-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    @_locked
    def add_article(self, article: Article, events: Iterable[Event], control: Any = None) -> bool:
        """Store an article and its events in one transaction, and bring the views up to date (see
        `add_articles`). False, and nothing changed, if the article is already stored; on any error
        nothing is written."""
        self._check_writable()
        rows = self._prepare(article, events)
        with self._transaction():
            ok = self._insert_article(article, *rows)
            if ok:
                from . import views

                views.maintain(self, [(article, control)])
            return ok

    @_locked
    def add_articles(self, items: Iterable[tuple]) -> list[bool]:
        """Several articles, each as `add_article` would store it (False: already stored), in one
        transaction: one commit for an ingest's batch, and on any error nothing of it is written.

        An item is `(article, events)` or `(article, events, text_claims)`: the control claims of the
        article's text (`views.control.text_claims`, found by the coder with its parse at hand); without
        them the views' upkeep (store/views.py) finds them, parsing the text again."""
        self._check_writable()
        items = [tuple(item) for item in items]
        controls = [item[2] if len(item) > 2 else None for item in items]
        prepared = [(item[0], self._prepare(item[0], item[1])) for item in items]
        now = datetime.now(UTC).replace(tzinfo=None)
        out: list[bool] = []
        firsts: dict[str, int] = {}
        for i, (article, _) in enumerate(prepared):
            firsts.setdefault(article.id, i)
        with self._transaction():
            # a few multi-row statements for the whole batch: DuckDB spends milliseconds per statement,
            # so the file is held a fraction of the time one statement per row would take
            added = set()
            rows = [[a.id, a.title, a.outlet, a.url, _naive_utc(a.published), a.text, now]
                    for i, (a, _) in enumerate(prepared) if firsts[a.id] == i]
            for part in _parts(rows, 7):
                got = self._execute(
                    "INSERT INTO articles (id, title, outlet, url, published, text, ingested_at) VALUES "
                    + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(part)) + " ON CONFLICT (id) DO NOTHING RETURNING id",
                    [x for row in part for x in row]).fetchall()
                added |= {r[0] for r in got}
            places: dict[str, list] = {}
            events, evidence = [], []
            for i, (article, (place_rows, event_rows, evidence_rows)) in enumerate(prepared):
                ok = article.id in added and firsts[article.id] == i
                out.append(ok)
                if ok:
                    for row in place_rows:
                        places.setdefault(row[0], row)
                    events += event_rows
                    evidence += evidence_rows
            for part in _parts(list(places.values()), 9):
                self._execute("INSERT INTO places (id, name, country, admin1, latitude, longitude, geonameid, "
                              "feature, population) VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(part))
                              + " ON CONFLICT (id) DO NOTHING", [x for row in part for x in row])
            for part in _parts(events, 27):
                self._execute(_EVENT_INSERT + ", ".join(["(" + ", ".join("?" * 27) + ")"] * len(part)),
                              [x for row in part for x in row])
            for part in _parts(evidence, 5):
                self._execute('INSERT INTO evidence (event_id, seq, text, "start", "end") VALUES '
                              + ", ".join(["(?, ?, ?, ?, ?)"] * len(part)), [x for row in part for x in row])
            from . import views

            views.maintain(self, [(article, control) for (article, _), control, ok
                                  in zip(prepared, controls, out, strict=True) if ok])
        return out

    # -- views kept at write time (store/views.py) ------------------------

    @_locked
    def views_ready(self) -> bool:
        """False for a store made before the views existed, until `rebuild_views`."""
        from . import views

        return not views.stale(self)

    @_locked
    def rebuild_views(self, finder: Callable | None = None, progress: Callable[..., None] = lambda n=1: None
                      ) -> dict[str, int]:
        """Recompute the control and fusion views from the articles and events, in one transaction."""
        from . import views

        self._check_writable()
        with self._transaction():
            return views.rebuild(self, finder, progress)

    @_locked
    def control_view(self, at: date, place: str | None = None) -> list:
        """Who holds each place on `at` (ControlRows), read from the kept timelines."""
        from . import views

        return views.control_rows(self, _as_date(at), place)

    @_locked
    def control_json(self, at: date) -> list[str]:
        """`control_view(at)` as JSON objects (ControlRow.to_json), each built by the database."""
        from . import views

        return views.control_json(self, _as_date(at))

    @_locked
    def fused_view(self) -> list:
        """Every fused event (FusedEvents), read from the kept fusion view."""
        from . import views

        return views.fused_events(self)

    @_locked
    def fused_lookup(self, ident: str):
        """The kept fused event with this id or member event id (or a unique prefix), or None."""
        from . import views

        return views.fused_event(self, ident.strip())

    def _prepare(self, article: Article, events: Iterable[Event]) -> tuple[list, list, list]:
        events = list(events)
        for ev in events:
            if ev.article_id != article.id:
                raise ValueError(f"event {ev.id} belongs to article {ev.article_id!r}, not {article.id!r}")
        places: dict[str, Place] = {}
        event_rows, evidence_rows, seen = [], [], set()
        for seq, ev in enumerate(events):
            if ev.id in seen:
                log.warning("article %s: duplicate event %s (same type, evidence and place) skipped",
                            article.id, ev.id)
                continue
            seen.add(ev.id)
            pid = None
            if ev.place is not None:
                pid = self.place_id(ev.place)
                places.setdefault(pid, ev.place)
            event_rows.append(self._event_row(ev, seq, pid))
            evidence_rows.append([ev.id, 0, ev.evidence.text, ev.evidence.start, ev.evidence.end])
        place_rows = [[pid, p.name, p.country, p.admin1, p.latitude, p.longitude, p.geonameid, p.feature,
                       p.population or 0] for pid, p in places.items()]
        return place_rows, event_rows, evidence_rows

    def _insert_article(self, article: Article, place_rows: list, event_rows: list, evidence_rows: list) -> bool:
        """Inside a transaction: False, writing nothing, if the article is already stored."""
        got = self._execute(
            "INSERT INTO articles (id, title, outlet, url, published, text, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
            [article.id, article.title, article.outlet, article.url, _naive_utc(article.published),
             article.text, datetime.now(UTC).replace(tzinfo=None)]).fetchone()
        if got is None:
            return False
        self._insert_places(place_rows)
        self._insert_events(event_rows)
        self._insert_evidence(evidence_rows)
        return True

    @staticmethod
    def _event_row(ev: Event, seq: int, place_id: str | None) -> list:
        p, a1, a2 = ev.place, ev.actor1, ev.actor2
        return [
            ev.id, ev.article_id, seq, ev.event_date, ev.time_precision, ev.event_type, ev.sub_event_type,
            a1.name if a1 else None, a1.inter if a1 else None, a1.surface if a1 else None,
            a2.name if a2 else None, a2.inter if a2 else None, a2.surface if a2 else None,
            place_id, p.name if p else None, p.admin1 if p else None, p.country if p else None,
            p.latitude if p else None, p.longitude if p else None, p.precision if p else None,
            ev.fatalities, ev.fatalities_high, ev.displaced, ev.source, ev.status, ev.confidence,
            json.dumps(ev.extra, sort_keys=True, default=str) if ev.extra else None,
        ]

    def _insert_places(self, rows: list[list]) -> None:
        for row in rows:  # one by one: ON CONFLICT with executemany is not portable
            self._execute("INSERT INTO places (id, name, country, admin1, latitude, longitude, geonameid, "
                          "feature, population) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                          "ON CONFLICT (id) DO NOTHING", row)

    def _insert_events(self, rows: list[list]) -> None:
        self._executemany(_EVENT_INSERT + "(" + ", ".join("?" * 27) + ")", rows)

    def _insert_evidence(self, rows: list[list]) -> None:
        self._executemany('INSERT INTO evidence (event_id, seq, text, "start", "end") VALUES (?, ?, ?, ?, ?)',
                          rows)

    # -- reading ----------------------------------------------------------

    @_locked
    def has_article(self, article_id: str) -> bool:
        return self._execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    @_locked
    def article(self, article_id: str) -> Article | None:
        row = self._execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id = ?", [article_id]).fetchone()
        return Article(*row) if row else None

    @_locked
    def articles(self, *, limit: int | None = None, offset: int = 0) -> list[Article]:
        """All articles, oldest published first (undated last)."""
        sql = f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY published ASC NULLS LAST, id"
        sql += self._paging(limit, offset)
        return [Article(*row) for row in self._execute(sql).fetchall()]

    @_locked
    def count(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "places"):
            out[table] = int(self._execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out

    @_locked
    def places(self) -> list[Place]:
        """Every distinct place some stored event happened at, by name."""
        rows = self._execute("SELECT name, latitude, longitude, country, admin1, feature, geonameid, population "
                             "FROM places ORDER BY name, id").fetchall()
        return [Place(name=r[0], latitude=r[1], longitude=r[2], country=r[3], admin1=r[4], feature=r[5],
                      geonameid=r[6], population=r[7] or 0) for r in rows]

    @_locked
    def event(self, event_id: str) -> Event | None:
        row = self._execute(_EVENT_SELECT + " WHERE e.id = ?", [event_id]).fetchone()
        return self._event_from_row(row) if row else None

    @_locked
    def events(self, *, start: date | None = None, end: date | None = None,
               bbox: tuple[float, float, float, float] | None = None,
               event_type: str | Sequence[str] | None = None,
               sub_event_type: str | Sequence[str] | None = None,
               actor: str | None = None, admin1: str | None = None, text: str | None = None,
               status: str | None = None, country: str | None = None, article_id: str | None = None,
               limit: int | None = None, offset: int = 0) -> list[Event]:
        """Stored events matching every filter given, ordered by event date (undated
        last), article, evidence offset.

        start/end: inclusive event_date range (undated events never match one);
        bbox: (min_lon, min_lat, max_lon, max_lat), min_lon > max_lon crosses the antimeridian;
        event_type/sub_event_type: exact, or a sequence of alternatives;
        actor: case-insensitive substring of actor1 or actor2; admin1: case-insensitive equality;
        text: case-insensitive substring of the evidence sentence, location, actors or source;
        status: 'current' or 'background'; country: alpha-2."""
        where, params = self._event_filters(start, end, bbox, event_type, sub_event_type, actor, admin1, text,
                                            status, country, article_id)
        cond = " WHERE " + " AND ".join(where) if where else ""
        if limit is None:
            sql = _EVENT_SELECT + cond + _EVENT_ORDER + self._paging(limit, offset)
            return [self._event_from_row(r) for r in self._execute(sql, params).fetchall()]
        ids = [r[0] for r in self._execute(_EVENT_PAGE + cond + _EVENT_ORDER + self._paging(limit, offset),
                                           params).fetchall()]
        if not ids:
            return []
        rows = self._execute(_EVENT_SELECT + " WHERE e.id IN (" + ", ".join("?" * len(ids)) + ")", ids).fetchall()
        at = {event_id: k for k, event_id in enumerate(ids)}
        return [self._event_from_row(r) for r in sorted(rows, key=lambda r: at[r[0]])]

    @_locked
    def count_events(self, *, start: date | None = None, end: date | None = None,
                     bbox: tuple[float, float, float, float] | None = None,
                     event_type: str | Sequence[str] | None = None,
                     sub_event_type: str | Sequence[str] | None = None,
                     actor: str | None = None, admin1: str | None = None, text: str | None = None,
                     status: str | None = None, country: str | None = None, article_id: str | None = None) -> int:
        """How many events `events()` would give for the same filters, counted in SQL."""
        where, params = self._event_filters(start, end, bbox, event_type, sub_event_type, actor, admin1, text,
                                            status, country, article_id)
        sql = "SELECT count(*) FROM events e LEFT JOIN evidence v ON v.event_id = e.id AND v.seq = 0"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(self._execute(sql, params).fetchone()[0])

    @staticmethod
    def _event_filters(start, end, bbox, event_type, sub_event_type, actor, admin1, text, status, country,
                       article_id) -> tuple[list[str], list]:
        where: list[str] = []
        params: list = []
        if start is not None:
            where.append("e.event_date >= ?")
            params.append(_as_date(start))
        if end is not None:
            where.append("e.event_date <= ?")
            params.append(_as_date(end))
        if bbox is not None:
            min_lon, min_lat, max_lon, max_lat = (float(x) for x in bbox)
            where.append("e.latitude BETWEEN ? AND ?")
            params += [min_lat, max_lat]
            if min_lon <= max_lon:
                where.append("e.longitude BETWEEN ? AND ?")
            else:
                where.append("(e.longitude >= ? OR e.longitude <= ?)")
            params += [min_lon, max_lon]
        for column, value in (("e.event_type", event_type), ("e.sub_event_type", sub_event_type),
                              ("e.status", status), ("e.article_id", article_id)):
            if value is not None:
                clause, values = _one_or_many(column, value)
                where.append(clause)
                params += values
        if country is not None:
            where.append("upper(e.country) = upper(?)")
            params.append(country)
        if admin1 is not None:
            where.append("lower(e.admin1) = lower(?)")
            params.append(admin1)
        if actor:
            where.append("(strpos(lower(coalesce(e.actor1, '')), lower(?)) > 0 "
                         "OR strpos(lower(coalesce(e.actor2, '')), lower(?)) > 0)")
            params += [actor, actor]
        if text:
            cols = ("v.text", "e.location", "e.actor1", "e.actor2", "e.source")
            where.append("(" + " OR ".join(f"strpos(lower(coalesce({c}, '')), lower(?)) > 0" for c in cols) + ")")
            params += [text] * len(cols)
        return where, params

    @staticmethod
    def _paging(limit: int | None, offset: int) -> str:
        sql = ""
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        if offset:
            sql += f" OFFSET {max(0, int(offset))}"
        return sql

    @staticmethod
    def _event_from_row(r: Sequence) -> Event:
        (eid, article_id, event_type, sub_event_type, event_date, time_precision,
         actor1, inter1, surface1, actor2, inter2, surface2,
         location, lat, lon, country, admin1, feature, geonameid, population,
         geo_precision, fatalities, fatalities_high, displaced, source, status,
         confidence, extra, ev_text, ev_start, ev_end) = r
        place = None
        if location is not None:
            place = Place(name=location, latitude=lat, longitude=lon, country=country, admin1=admin1,
                          feature=feature, geonameid=geonameid, population=population or 0,
                          precision=geo_precision if geo_precision is not None else 1)
        event = Event(
            article_id=article_id, event_type=event_type, sub_event_type=sub_event_type,
            evidence=Evidence(ev_text or "", ev_start or 0, ev_end or 0),
            event_date=event_date, time_precision=time_precision,
            actor1=Actor(actor1, inter1 or "", surface1 or "") if actor1 is not None else None,
            actor2=Actor(actor2, inter2 or "", surface2 or "") if actor2 is not None else None,
            place=place, fatalities=fatalities, fatalities_high=fatalities_high, displaced=displaced,
            source=source, status=status, confidence=confidence,
            extra=json.loads(extra) if extra else {},
        )
        if event.id != eid:  # the id is derived; a mismatch means the row was edited by hand
            log.warning("stored event %s now hashes to %s", eid, event.id)
        return event
