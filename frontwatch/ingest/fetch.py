"""HTTP(S) fetching with the standard library: a timeout, a size cap, no retries."""
from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from .text import MAX_BYTES

TIMEOUT = 20.0  # seconds; tests lower it
USER_AGENT = "frontwatch/0.1 (+offline conflict monitor)"


class FetchError(Exception):
    """A URL that could not be fetched; str() is one line."""


@dataclass
class Response:
    url: str              # after redirects
    data: bytes
    content_type: str     # lower-case media type, e.g. "text/html"
    charset: str | None


def fetch(url: str, *, timeout: float | None = None) -> Response:
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    limit = timeout if timeout is not None else TIMEOUT
    try:
        with urllib.request.urlopen(req, timeout=limit) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise FetchError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            data = resp.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise FetchError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            return Response(url=resp.geturl(), data=data,
                            content_type=(resp.headers.get_content_type() or "").lower(),
                            charset=resp.headers.get_content_charset())
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"fetch failed: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"fetch failed: timed out after {limit:g} s") from None
        raise FetchError(f"fetch failed: {reason}") from None
    except TimeoutError:
        raise FetchError(f"fetch failed: timed out after {limit:g} s") from None
    except (OSError, ValueError) as exc:
        raise FetchError(f"fetch failed: {exc}") from None
