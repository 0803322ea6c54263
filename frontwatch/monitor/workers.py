"""A few daemon threads for network work: a fetch that hangs until its timeout holds up one
worker, not the loop, and a stop never waits for it (daemon threads end with the process)."""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future


class Workers:
    def __init__(self, n: int = 4, name: str = "frontwatch-watch"):
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        for i in range(n):
            threading.Thread(target=self._run, name=f"{name}-{i}", daemon=True).start()

    def submit(self, fn: Callable, *args, **kwargs) -> Future:
        fut: Future = Future()
        self.jobs.put((fut, fn, args, kwargs))
        return fut

    def _run(self) -> None:
        while True:
            fut, fn, args, kwargs = self.jobs.get()
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - handed to the loop, which logs it per feed
                fut.set_exception(exc)
