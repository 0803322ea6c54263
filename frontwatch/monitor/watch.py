"""The watch loop: one thread owns the store and the coder; a few workers do the network.

    from frontwatch.monitor.watch import Watch
    Watch(config, db, note=print).run(stop_event)      # until stop_event is set

Each round: poll the feeds that are due (workers), leave out the entries handled before (the
store's `watch_items`, and articles already stored from the same URL), fetch the new ones'
articles (workers), ingest them through the same path as `frontwatch ingest` (content ids: the
same text from two outlets is stored once), then mark the entries handled and save the feed's
validators, in that order: a kill between the two leaves entries unmarked, which the next run
finds already stored (by URL or by content id) and marks without storing anything twice."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from frontwatch.model import Article, FeedState, InputError

from . import poll
from .feeds import FeedSpec, WatchConfig
from .schedule import HostGate, Scheduler
from .workers import Workers

CHUNK = 8       # articles per ingest call: a stop waits for at most one chunk's coding


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Round:
    """Counts of one watch run (for the closing line and the tests)."""

    polls: int = 0
    unchanged: int = 0
    errors: int = 0
    added: int = 0
    skipped: int = 0
    alerts: int = 0
    article_errors: list[str] = field(default_factory=list)


class Watch:
    def __init__(self, config: WatchConfig, db: str | None = None, *, allow_private: bool = False,
                 note: Callable[[str], None] = print, alerter=None, workers: int = 4,
                 clock: Callable[[], float] = time.monotonic):
        self.config, self.db, self.allow_private = config, db, allow_private
        self.note, self.alerter, self.clock = note, alerter, clock
        self.gate = HostGate(config.host_delay)
        self.sched = Scheduler(config.feeds, max_backoff=config.max_backoff, clock=clock)
        self.workers = Workers(workers)
        self.states: dict[str, FeedState] = {}
        self.tally = Round()
        self._alerts_due = alerter is not None       # once at start: what the store already shows
        self._last_alert = float("-inf")

    # -- store ------------------------------------------------------------
    def _store(self, read_only: bool = False):
        from frontwatch.store import open_store

        return open_store(self.db, read_only=read_only, writer=True)

    # -- the loop -----------------------------------------------------------
    def run(self, stop: threading.Event) -> Round:
        with self._store() as store:        # create or migrate it; say now if it cannot be opened
            self.states = store.feed_states()
        pending: dict[Future, tuple[str, FeedSpec, object]] = {}
        while not stop.is_set():
            for spec in self.sched.due():
                fut = self.workers.submit(poll.listing, spec, self.states.get(spec.url), self.gate,
                                          allow_private=self.allow_private, stop=stop)
                pending[fut] = ("listing", spec, None)
            timeout = self.sched.sleep_for(0.5)
            done, _ = wait(list(pending), timeout=timeout, return_when=FIRST_COMPLETED) if pending else \
                (set(), None)
            if not pending:
                stop.wait(timeout)
            for fut in done:
                stage, spec, got = pending.pop(fut)
                if stop.is_set():
                    break
                try:
                    nxt = self._listing_done(spec, fut, stop) if stage == "listing" else \
                        self._articles_done(spec, got, fut, stop)
                except Exception as exc:  # noqa: BLE001 - a store or coder failure costs this poll only
                    self._failed(spec, f"{type(exc).__name__}: {exc}".splitlines()[0])
                    nxt = None
                if nxt is not None:
                    pending[nxt[0]] = ("articles", spec, nxt[1])
            if not stop.is_set():
                self._check_alerts()
        return self.tally

    # -- one feed -------------------------------------------------------------
    def _state(self, url: str) -> FeedState:
        return self.states.get(url) or FeedState(url)

    def _failed(self, spec: FeedSpec, error: str) -> None:
        st = replace(self._state(spec.url), failures=self._state(spec.url).failures + 1, last_error=error)
        self.states[spec.url] = st
        delay = self.sched.done(spec.url, st.failures)
        self.tally.errors += 1
        self.note(f"{spec.label}: {error} (failure {st.failures}; next poll in {delay:.0f} s)")
        try:
            with self._store() as store:
                store.save_watch([st])
        except Exception as exc:  # noqa: BLE001 - the failure count is kept in memory meanwhile
            self.note(f"{spec.label}: cannot save its state: {str(exc).splitlines()[0]}")

    def _ok(self, spec: FeedSpec, got: poll.Listing | None, items: list[tuple[str, str, str | None]],
            complete: bool) -> None:
        old = self._state(spec.url)
        st = FeedState(spec.url, old.etag, old.last_modified, 0, None, _now())
        if got is not None and complete:        # validators only once every new entry was handled
            st.etag, st.last_modified = got.etag, got.last_modified
        changed = (st.etag, st.last_modified, st.failures) != (old.etag, old.last_modified, old.failures)
        if changed or items or old.last_ok is None:
            with self._store() as store:
                store.save_watch([st], items)
        self.states[spec.url] = st
        self.sched.done(spec.url, 0)

    def _listing_done(self, spec: FeedSpec, fut: Future, stop: threading.Event):
        self.tally.polls += 1
        try:
            got: poll.Listing = fut.result()
        except poll.Stopped:
            return None
        if got.status == "error":
            self._failed(spec, got.error or "error")
            return None
        if got.status == "unchanged":
            self.tally.unchanged += 1
            self._ok(spec, None, [], True)
            return None
        entries, keys = [], set()
        for e in got.entries:
            if e.key not in keys:
                keys.add(e.key)
                entries.append(e)
        with self._store(read_only=True) as store:
            seen = store.seen_items(spec.url, [e.key for e in entries])
            fresh = [e for e in entries if e.key not in seen]
            stored = store.stored_urls([e.link for e in fresh if e.link])
        marks = [(spec.url, e.key, None) for e in fresh if e.link in stored]
        new = [e for e in fresh if e.link not in stored]
        if not new:
            self._ok(spec, got, marks, True)
            return None
        take = new[:self.config.max_new]
        if marks:
            with self._store() as store:
                store.save_watch([], marks)
        job = self.workers.submit(poll.articles, spec, got, take, self.gate,
                                  allow_private=self.allow_private, stop=stop)
        return job, (got, len(take) == len(new))

    def _articles_done(self, spec: FeedSpec, ctx, fut: Future, stop: threading.Event):
        from frontwatch.ingest.job import ingest_items

        got, complete = ctx
        results: list[tuple[poll.Entry, Article | InputError]] = fut.result()
        marks: list[tuple[str, str, str | None]] = []
        added = skipped = errors = 0
        handled = 0
        for i in range(0, len(results), CHUNK):
            if stop.is_set():
                break
            part = results[i:i + CHUNK]
            tally = ingest_items([item for _, item in part], self.db, note=self._article_error)
            added += tally.added
            skipped += tally.skipped
            errors += len(tally.errors)
            chunk = [(spec.url, entry.key, item.id if isinstance(item, Article) else None)
                     for entry, item in part       # a page that could not be fetched now is tried next poll
                     if not (isinstance(item, InputError) and item.message.startswith("fetch failed"))]
            with self._store() as store:       # mark this chunk now: a kill before the next loses nothing
                store.save_watch([], chunk)
            marks += chunk
            handled += len(part)
        complete = complete and handled == len(results) and len(marks) == len(results)
        self.tally.added += added
        self.tally.skipped += skipped
        if added:
            self._alerts_due = self.alerter is not None
        self.note(f"{spec.label}: {handled} new entr{'y' if handled == 1 else 'ies'}: {added} article(s) stored, "
                  f"{skipped} already stored, {errors} error(s)")
        self._ok(spec, got, [], complete and not stop.is_set())
        return None

    def _article_error(self, line: str) -> None:
        self.tally.article_errors.append(line)
        self.note(line)

    # -- alerts -----------------------------------------------------------
    def _check_alerts(self) -> None:
        if not self._alerts_due or self.clock() - self._last_alert < self.config.alert_every:
            return
        self._alerts_due = False
        self._last_alert = self.clock()
        try:
            self.tally.alerts += self.alerter.check()
        except Exception as exc:  # noqa: BLE001 - alerts never stop the watch
            self.note(f"alerts: {type(exc).__name__}: {exc}".splitlines()[0])
