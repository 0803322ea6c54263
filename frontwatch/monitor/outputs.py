"""Where alerts go: JSON Lines on a stream (stdout), and a webhook POST with retries."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import TextIO

from frontwatch.model import Alert

from .rules import Webhook


class JsonlOut:
    def __init__(self, stream: TextIO):
        self.stream = stream

    def send(self, alert: Alert) -> None:
        self.stream.write(json.dumps(alert.to_json(), ensure_ascii=False) + "\n")
        self.stream.flush()


def _post(url: str, body: bytes, timeout: float) -> int:
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json", "User-Agent": "frontwatch-alerts"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:     # noqa: S310 - the user's own URL
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


class WebhookOut:
    """POST each alert as JSON to the configured URL: up to 1 + retries attempts, waiting 0.5 s, 1 s,
    2 s ... between them; a 2xx answer delivers it. What is not delivered stays pending in the store
    and is tried again at the next check (and after a restart)."""

    def __init__(self, hook: Webhook, *, note: Callable[[str], None] = lambda line: None,
                 post: Callable[[str, bytes, float], int] | None = None, sleep: Callable[[float], None] = time.sleep):
        self.hook, self.note, self.post, self.sleep = hook, note, post or _post, sleep

    def deliver(self, alerts: Sequence[Alert]) -> list[str]:
        """The ids delivered; stops at the first alert that cannot be (the endpoint is down)."""
        done = []
        for alert in alerts:
            if not self._one(alert):
                break
            done.append(alert.id)
        return done

    def _one(self, alert: Alert) -> bool:
        body = json.dumps(alert.to_json(), ensure_ascii=False).encode("utf-8")
        why = ""
        for attempt in range(self.hook.retries + 1):
            if attempt:
                self.sleep(min(0.5 * 2 ** (attempt - 1), 30.0))
            try:
                status = self.post(self.hook.url, body, self.hook.timeout)
            except (OSError, ValueError) as exc:
                why = " ".join(str(exc).split()) or type(exc).__name__
                continue
            if 200 <= status < 300:
                return True
            why = f"HTTP {status}"
            if 400 <= status < 500 and status not in (408, 429):
                break               # the endpoint refuses it: retrying will not help
        self.note(f"webhook {self.hook.url}: alert {alert.id} not delivered ({why}); kept for the next try")
        return False
