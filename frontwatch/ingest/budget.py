"""Time and size budgets for the HTML extractor, and the plain extraction it falls back to.

trafilatura is the best extractor for news pages but its time grows fast on huge or
pathological markup (a 44 MB page ran past 300 s; 100,000 nested divs defeat lxml).
Pages over `limits.max_html()` bytes, or that take trafilatura longer than
`limits.html_seconds()`, get `plain_text`: tags stripped in one linear pass."""
from __future__ import annotations

import html as _html
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .text import clean_text


class OverBudget(BaseException):
    """Raised inside the budgeted call when its time is up (a BaseException, so that a
    library's `except Exception` cannot swallow it)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block after `seconds` (main thread only; elsewhere no limit:
    the API's worker threads bound the work by body size instead)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise OverBudget()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_DROP = re.compile(r"<(script|style|noscript|template|svg)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|blockquote|section|article|header|footer|pre|table)\b[^>]*>",
                    re.I)
_TAG = re.compile(r"<[^>]{0,2000}>")


def plain_text(html: str) -> str:
    """The visible text of a page by regular expressions: no tree, so no depth limit, and time
    linear in the page's size. Navigation debris stays; it is the price of a page too big or too
    odd for the real extractor."""
    body = html
    m = re.search(r"<body\b[^>]*>", body, re.I)
    if m:
        body = body[m.end():]
    body = _DROP.sub(" ", body)
    body = _BLOCK.sub("\n", body)
    body = _TAG.sub(" ", body)
    text = _html.unescape(body)
    return clean_text("\n".join(" ".join(line.split()) for line in text.split("\n")))
