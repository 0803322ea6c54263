"""The store's one error type, and the lock-and-translate wrapper every Store method goes through."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps


class StoreError(Exception):
    """A store that cannot be opened or used as asked; str() is one line."""


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _locked(fn: Callable) -> Callable:
    """Serialize the call, and turn the backend's errors into a one-line StoreError."""
    @wraps(fn)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            if self._con is None:
                raise StoreError(f"{self.url}: store is closed")
            try:
                return fn(self, *args, **kwargs)
            except Exception as exc:
                if self._interrupted(exc):      # Ctrl-C caught by the database mid-query is still Ctrl-C
                    raise KeyboardInterrupt from None
                if not isinstance(exc, self._backend_errors):
                    raise
                raise StoreError(f"{self.url}: {fn.__name__} failed: {one_line(exc)[:300]}") from None
    return wrapper


