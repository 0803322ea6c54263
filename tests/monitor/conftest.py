"""Monitor fixtures: loopback feed servers, a watch run in a thread or as a subprocess."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from feed_server import FeedServer
from home_support import frontwatch_home

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"



@pytest.fixture(scope="session", autouse=True)
def _home(tmp_path_factory):
    """One FRONTWATCH_HOME for the monitor tests (the gazetteer index is shared from the cache)."""
    with frontwatch_home(tmp_path_factory.mktemp("fwhome-monitor")) as home:
        yield home


@pytest.fixture
def srv():
    server = FeedServer().start()
    yield server
    server.stop()


class Running:
    """A Watch run in a thread; `until(cond)` waits for a condition, then `stop()`."""

    def __init__(self, watch):
        self.watch = watch
        self.stop_event = threading.Event()
        self.result = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.error: BaseException | None = None
        self.thread.start()

    def _run(self):
        try:
            self.result = self.watch.run(self.stop_event)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test
            self.error = exc

    def until(self, cond, what: str, limit: float = 300.0) -> None:
        """Wait for `cond()` (a hang guard, not a timing check: `limit` is far above any real need)."""
        deadline = time.monotonic() + limit
        while not cond():
            if self.error is not None:
                raise self.error
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"watch never got to: {what}; notes: {self.watch_notes[-10:]}")
            time.sleep(0.05)

    @property
    def watch_notes(self) -> list[str]:
        return getattr(self.watch, "_test_notes", [])

    def stop(self):
        self.stop_event.set()
        self.thread.join(120)
        assert not self.thread.is_alive(), "watch did not stop"
        if self.error is not None:
            raise self.error
        return self.result


@pytest.fixture
def start_watch():
    """start_watch(config, db, **kw) -> Running; its notes are in .notes."""
    runs: list[Running] = []

    def start(config, db, **kw):
        from frontwatch.monitor.watch import Watch

        notes: list[str] = []
        w = Watch(config, db, note=notes.append, **{"allow_private": True, **kw})
        w._test_notes = notes
        r = Running(w)
        r.notes = notes
        runs.append(r)
        return r

    yield start
    for r in runs:
        if r.thread.is_alive():
            r.stop_event.set()
            r.thread.join(120)

