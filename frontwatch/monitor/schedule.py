"""When each feed is due. Pure bookkeeping over a clock the caller passes (tests use a fake one).

A feed is polled every `interval` seconds; after `n` failures in a row it waits
`backoff(interval, n)` instead: interval x 2^n, capped at `max_backoff` (never less than the interval).
Requests to one host keep at least `host_delay` seconds apart (`HostGate`), whichever feed or page
they are for."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from .feeds import FeedSpec


def backoff(interval: float, failures: int, max_backoff: float) -> float:
    """Seconds to wait before the next poll of a feed that failed `failures` times in a row."""
    if failures <= 0:
        return interval
    return max(interval, min(interval * (2 ** min(failures, 30)), max_backoff))


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class Scheduler:
    """Which feeds to poll now, and how long to sleep until the next one is due."""

    def __init__(self, feeds: tuple[FeedSpec, ...] | list[FeedSpec], *, max_backoff: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.max_backoff = max_backoff
        self.specs = {f.url: f for f in feeds}
        now = clock()
        self.next_at: dict[str, float] = {f.url: now for f in feeds}     # all due at start
        self.busy: set[str] = set()

    def due(self) -> list[FeedSpec]:
        """Feeds due now and not being polled, earliest first; they count as busy until `done`."""
        now = self.clock()
        out = sorted((t, url) for url, t in self.next_at.items() if t <= now and url not in self.busy)
        for _, url in out:
            self.busy.add(url)
        return [self.specs[url] for _, url in out]

    def done(self, url: str, failures: int) -> float:
        """A poll of `url` ended (`failures`: its consecutive failures now). Returns the delay set."""
        self.busy.discard(url)
        delay = backoff(self.specs[url].interval, failures, self.max_backoff)
        self.next_at[url] = self.clock() + delay
        return delay

    def sleep_for(self, cap: float = 1.0) -> float:
        """Seconds until the next idle feed is due (at most `cap`, never negative)."""
        idle = [t for url, t in self.next_at.items() if url not in self.busy]
        if not idle:
            return cap
        return max(0.0, min(cap, min(idle) - self.clock()))


class HostGate:
    """At most one request per `delay` seconds to each host, across threads."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.delay, self.clock, self.sleep = delay, clock, sleep
        self.lock = threading.Lock()
        self.next_ok: dict[str, float] = {}

    def wait(self, url: str, stop: threading.Event | None = None) -> bool:
        """Block until `url`'s host may be asked again; False if `stop` was set meanwhile."""
        host = host_of(url)
        with self.lock:
            now = self.clock()
            at = max(now, self.next_ok.get(host, now))
            self.next_ok[host] = at + self.delay
        wait = at - self.clock()
        if wait > 0:
            if stop is not None:
                return not stop.wait(wait)
            self.sleep(wait)
        return not (stop is not None and stop.is_set())
