"""The tables `watch` keeps in the store (migration 005): feed state, handled entries, alerts.

Keeping them in the store, not beside it, makes a restart exact: an entry is marked handled in
the same store its article went to, and a PostgreSQL team store carries its watcher's state."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from frontwatch.model import Alert, FeedState

from .errors import _locked


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _chunks(items: list, n: int = 500) -> list[list]:
    return [items[i:i + n] for i in range(0, len(items), n)]


class MonitorTables:
    """Methods of Store for the live monitor (mixed into Store; `_execute`, `_transaction` are its)."""

    # -- feeds ------------------------------------------------------------

    @_locked
    def feed_states(self) -> dict[str, FeedState]:
        rows = self._execute("SELECT feed, etag, last_modified, failures, last_error, last_ok FROM watch_feeds"
                             ).fetchall()
        return {r[0]: FeedState(*r) for r in rows}

    @_locked
    def save_watch(self, states: Iterable[FeedState] = (),
                   items: Iterable[tuple[str, str, str | None]] = ()) -> None:
        """Feed states and handled entries (feed, entry key, article id or None), in one transaction."""
        self._check_writable()
        states, items = list(states), list(items)
        if not states and not items:
            return
        now = _now()
        with self._transaction():
            for st in states:
                self._execute(
                    "INSERT INTO watch_feeds (feed, etag, last_modified, failures, last_error, last_ok, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed) DO UPDATE SET etag = excluded.etag, "
                    "last_modified = excluded.last_modified, failures = excluded.failures, "
                    "last_error = excluded.last_error, last_ok = excluded.last_ok, updated_at = excluded.updated_at",
                    [st.feed, st.etag, st.last_modified, st.failures, st.last_error, st.last_ok, now])
            for part in _chunks(items):
                self._execute("INSERT INTO watch_items (feed, item, article_id, seen_at) VALUES "
                              + ", ".join(["(?, ?, ?, ?)"] * len(part)) + " ON CONFLICT (feed, item) DO NOTHING",
                              [x for f, k, a in part for x in (f, k, a, now)])

    @_locked
    def seen_items(self, feed: str, keys: Sequence[str]) -> set[str]:
        """Which of `keys` (entry keys of `feed`) were handled before."""
        out: set[str] = set()
        for part in _chunks(list(keys)):
            rows = self._execute("SELECT item FROM watch_items WHERE feed = ? AND item IN ("
                                 + ", ".join("?" * len(part)) + ")", [feed, *part]).fetchall()
            out |= {r[0] for r in rows}
        return out

    @_locked
    def stored_urls(self, urls: Sequence[str]) -> set[str]:
        """Which of `urls` an article in the store came from."""
        out: set[str] = set()
        for part in _chunks([u for u in urls if u]):
            rows = self._execute("SELECT url FROM articles WHERE url IN (" + ", ".join("?" * len(part)) + ")",
                                 part).fetchall()
            out |= {r[0] for r in rows}
        return out

    # -- alerts -----------------------------------------------------------

    @_locked
    def add_alerts(self, alerts: Iterable[Alert]) -> list[Alert]:
        """Store alerts; returns those that were new (an id already stored is not raised again)."""
        self._check_writable()
        alerts = list({a.id: a for a in alerts}.values())
        if not alerts:
            return []
        new: set[str] = set()
        with self._transaction():
            for part in _chunks(alerts, 200):
                got = self._execute(
                    "INSERT INTO alerts (id, rule, kind, title, summary, area, body, raised_at) VALUES "
                    + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(part)) + " ON CONFLICT (id) DO NOTHING RETURNING id",
                    [x for a in part for x in (a.id, a.rule, a.kind, a.title, a.summary, a.area,
                                               json.dumps(a.to_json(), ensure_ascii=False), a.raised_at)]
                ).fetchall()
                new |= {r[0] for r in got}
        return [a for a in alerts if a.id in new]

    @_locked
    def alerts(self, *, limit: int | None = 100, undelivered: bool = False) -> list[Alert]:
        """Stored alerts, newest first (`undelivered`: those the webhook has not taken yet, oldest first)."""
        sql = "SELECT body FROM alerts"
        if undelivered:
            sql += " WHERE delivered_at IS NULL ORDER BY raised_at ASC, id"
        else:
            sql += " ORDER BY raised_at DESC, id"
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        return [alert_from_json(json.loads(r[0])) for r in self._execute(sql).fetchall()]

    @_locked
    def mark_delivered(self, ids: Sequence[str]) -> None:
        self._check_writable()
        now = _now()
        for part in _chunks(list(ids)):
            self._execute("UPDATE alerts SET delivered_at = ? WHERE id IN (" + ", ".join("?" * len(part)) + ")",
                          [now, *part])


def alert_from_json(d: dict) -> Alert:
    raised = datetime.fromisoformat(d["raised_at"].rstrip("Z"))
    return Alert(id=d["id"], rule=d["rule"], kind=d["kind"], title=d["title"], summary=d["summary"],
                 raised_at=raised, area=d.get("area"), event_ids=tuple(d.get("event_ids") or ()),
                 evidence=tuple(d.get("evidence") or ()))
