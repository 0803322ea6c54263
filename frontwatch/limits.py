"""Bounds on the work one input may cost: every limit hit is one line naming the input.

Each limit has a default and an environment variable (the CLI's options set them too):

| limit | default | environment |
|---|---|---|
| characters of one article's text (longer texts are cut, with a note) | 200,000 | FRONTWATCH_MAX_CHARS |
| characters parsed by spaCy at once (longer texts are parsed in chunks, offsets kept) | 50,000 | FRONTWATCH_CHUNK_CHARS |
| tokens of one sentence (longer runs get a sentence break) | 250 | FRONTWATCH_MAX_SENT_TOKENS |
| bytes of HTML given to trafilatura (larger pages get a plain tag-stripping extraction) | 5,000,000 | FRONTWATCH_MAX_HTML |
| seconds trafilatura may spend on one page (then the plain extraction) | 20 | FRONTWATCH_HTML_SECONDS |

spaCy refuses texts over 1,000,000 characters; the defaults stay well under it, and the
chunking keeps any `FRONTWATCH_MAX_CHARS` a user sets safe.
"""
from __future__ import annotations

import os

_DEFAULTS = {
    "FRONTWATCH_MAX_CHARS": 200_000,
    "FRONTWATCH_CHUNK_CHARS": 50_000,
    "FRONTWATCH_MAX_SENT_TOKENS": 250,
    "FRONTWATCH_MAX_HTML": 5_000_000,
    "FRONTWATCH_HTML_SECONDS": 20,
}


def _get(name: str) -> int:
    raw = os.environ.get(name, "").strip()
    if raw:
        try:
            value = int(float(raw))
            if value > 0:
                return value
        except ValueError:
            pass
    return _DEFAULTS[name]


def max_chars() -> int:
    return _get("FRONTWATCH_MAX_CHARS")


def chunk_chars() -> int:
    return _get("FRONTWATCH_CHUNK_CHARS")


def max_sent_tokens() -> int:
    return _get("FRONTWATCH_MAX_SENT_TOKENS")


def max_html() -> int:
    return _get("FRONTWATCH_MAX_HTML")


def html_seconds() -> int:
    return _get("FRONTWATCH_HTML_SECONDS")


def cut_point(text: str, limit: int) -> int:
    """Where to cut `text` to at most `limit` characters: the last paragraph break, else
    sentence end, else space in the last tenth before the limit; else the limit itself."""
    if len(text) <= limit:
        return len(text)
    floor = limit - limit // 10
    for sep in ("\n", ". ", " "):
        at = text.rfind(sep, floor, limit)
        if at >= 0:
            return at + len(sep) if sep != "\n" else at
    return limit


def cut(text: str, limit: int | None = None) -> tuple[str, str | None]:
    """(text, note): `text` cut to the article limit, with a note saying so when it was."""
    limit = limit or max_chars()
    if len(text) <= limit:
        return text, None
    at = cut_point(text, limit)
    return text[:at].rstrip(), (f"text of {len(text):,} characters cut to {at:,} "
                                f"(limit {limit:,}, FRONTWATCH_MAX_CHARS or --max-chars)")
