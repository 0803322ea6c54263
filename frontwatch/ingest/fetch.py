"""HTTP(S) fetching for feeds and pages that strangers write: only http(s), no private
addresses, a timeout, a size cap, few redirects, no retries.

A feed is hostile input: its links may point at `file://` paths, at the machine itself or at
the network behind it (SSRF). So every URL, the first one and each redirect's, is checked:
the scheme must be http or https, and every address its host resolves to must be public. The
connection then goes to the address that was checked (no second DNS look-up that could answer
differently). Loopback, private, link-local (cloud metadata at 169.254.169.254), shared,
multicast, reserved and unspecified addresses are refused before any connection, unless the
caller passes `allow_private=True` (`--allow-private` on the command line).
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .text import MAX_BYTES

TIMEOUT = 20.0          # seconds per request, connection to last byte; tests lower it
MAX_REDIRECTS = 5
USER_AGENT = "frontwatch/0.1 (+offline conflict monitor)"
_METADATA_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}


class FetchError(Exception):
    """A URL that could not be fetched; str() is one line."""


class Refused(FetchError):
    """A URL refused by the guard, before any connection."""


@dataclass
class Response:
    url: str              # after redirects
    data: bytes
    content_type: str     # lower-case media type, e.g. "text/html"
    charset: str | None
    status: int = 200     # 304 (Not Modified, no data) when a conditional request found nothing new
    etag: str | None = None
    last_modified: str | None = None


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def resolve(host: str, port: int, allow_private: bool) -> list[tuple]:
    """getaddrinfo answers for `host`, all public unless `allow_private`; Refused otherwise."""
    if not host:
        raise Refused("refused: URL has no host")
    if host.lower().rstrip(".") in _METADATA_HOSTS and not allow_private:
        raise Refused(f"refused: {host} is a cloud metadata host (--allow-private to fetch it)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"fetch failed: cannot resolve {host}: {exc}") from None
    if not infos:
        raise FetchError(f"fetch failed: cannot resolve {host}")
    if not allow_private:
        for info in infos:
            ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if not _public(ip):
                raise Refused(f"refused: {host} resolves to a non-public address ({ip}); "
                              "--allow-private to fetch it")
    return infos


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path+query) of an http(s) URL; Refused for any other scheme."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(f"refused: bad URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise Refused(f"refused: only http and https URLs are fetched, not {scheme or 'a relative'} URL")
    if parts.username or parts.password:
        raise Refused("refused: URL carries credentials")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname or "", port or (443 if scheme == "https" else 80), path


class _Pinned(http.client.HTTPConnection):
    """An HTTP connection to an address already checked, whatever DNS says now."""

    def __init__(self, host, port, infos, timeout):
        super().__init__(host, port, timeout=timeout)
        self._infos = infos

    def connect(self):
        last = None
        for family, kind, proto, _, addr in self._infos:
            sock = socket.socket(family, kind, proto)
            sock.settimeout(self.timeout)
            try:
                sock.connect(addr)
                self.sock = self._wrap(sock)
                return
            except OSError as exc:
                sock.close()
                last = exc
        raise last or OSError("no address to connect to")

    def _wrap(self, sock):
        return sock


class _PinnedTLS(_Pinned):
    def _wrap(self, sock):
        return ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)


def _header_value(resp, name: str) -> str:
    return (resp.getheader(name) or "").strip()


def fetch(url: str, *, timeout: float | None = None, allow_private: bool = False,
          max_bytes: int = MAX_BYTES, etag: str | None = None, last_modified: str | None = None) -> Response:
    """GET `url` (following at most MAX_REDIRECTS redirects, each checked like the first).

    `etag` / `last_modified` (from an earlier Response) make the request conditional
    (If-None-Match / If-Modified-Since): an unchanged resource answers status 304 with no data."""
    limit = timeout if timeout is not None else TIMEOUT
    deadline = time.monotonic() + limit
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = check_url(url)
        infos = resolve(host, port, allow_private)
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"fetch failed: timed out after {limit:g} s")
        conn = (_PinnedTLS if scheme == "https" else _Pinned)(host, port, infos, left)
        try:
            headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity",
                       "Connection": "close"}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            if resp.status == 304:
                return Response(url=url, data=b"", content_type="", charset=None, status=304,
                                etag=_header_value(resp, "ETag") or etag,
                                last_modified=_header_value(resp, "Last-Modified") or last_modified)
            if resp.status in (301, 302, 303, 307, 308) and _header_value(resp, "Location"):
                url = urljoin(url, _header_value(resp, "Location"))
                continue
            if resp.status >= 400:
                raise FetchError(f"fetch failed: HTTP {resp.status} {resp.reason}")
            length = _header_value(resp, "Content-Length")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"larger than {max_bytes // (1024 * 1024)} MB")
            data = _read(resp, max_bytes, deadline, limit)
            ctype = resp.headers.get_content_type() or ""
            return Response(url=url, data=data, content_type=ctype.lower(),
                            charset=resp.headers.get_content_charset(), status=resp.status,
                            etag=_header_value(resp, "ETag") or None,
                            last_modified=_header_value(resp, "Last-Modified") or None)
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(f"fetch failed: timed out after {limit:g} s") from None
        except ssl.SSLError as exc:
            raise FetchError(f"fetch failed: TLS: {exc.reason or exc}") from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchError(f"fetch failed: {' '.join(str(exc).split()) or type(exc).__name__}") from None
        finally:
            conn.close()
    raise FetchError(f"fetch failed: more than {MAX_REDIRECTS} redirects")


def _read(resp, max_bytes: int, deadline: float, limit: float) -> bytes:
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"fetch failed: timed out after {limit:g} s")
        chunk = resp.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"larger than {max_bytes // (1024 * 1024)} MB")
        chunks.append(chunk)
