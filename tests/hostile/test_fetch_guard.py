"""The fetch guard: only http(s), only public addresses (after DNS, on every redirect), bounded
responses. Every refusal is checked to happen before any connection; the only server is this
test's own, on 127.0.0.1, and no packet goes anywhere else."""
from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from frontwatch.ingest import fetch, read
from frontwatch.model import Article, InputError


@pytest.fixture
def connections(monkeypatch):
    """Every address fetch connects to; any address but 127.0.0.1 fails the test before a packet leaves."""
    seen: list[tuple] = []
    real = fetch._Pinned.connect

    def guarded(self):
        for info in self._infos:
            seen.append(info[4][:2])
            assert info[4][0] == "127.0.0.1", f"fetch tried to connect to {info[4]}"
        return real(self)
    monkeypatch.setattr(fetch._Pinned, "connect", guarded)
    return seen


@pytest.fixture
def fake_dns(monkeypatch):
    """Hostnames of the tests resolve here, never through the network."""
    table = {"intranet.example": "192.168.1.20", "metadata.example": "169.254.169.254",
             "v6.example": "fd00::1", "mapped.example": "::ffff:127.0.0.1", "public.example": "93.184.216.34"}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in table:
            ip = table[host]
            fam = socket.AF_INET6 if ":" in ip else socket.AF_INET
            addr = (ip, port, 0, 0) if fam == socket.AF_INET6 else (ip, port)
            return [(fam, socket.SOCK_STREAM, 6, "", addr)]
        assert host in ("127.0.0.1", "localhost", "::1") or host[0].isdigit(), f"unexpected DNS look-up {host}"
        return real(host, port, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "data:text/html,hi",
    "http://127.0.0.1/", "http://localhost:8000/", "http://[::1]/", "http://0.0.0.0/", "http://10.1.2.3/",
    "http://172.16.0.1/", "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/", "http://2130706433/", "http://0x7f.1/", "http://intranet.example/",
    "http://metadata.example/", "http://v6.example/", "http://mapped.example/", "http://metadata.google.internal/",
    "http://user:pw@public.example/",
])
def test_refused_before_any_connection(url, connections, fake_dns):
    with pytest.raises(fetch.Refused) as exc:
        fetch.fetch(url)
    assert "refused" in str(exc.value) and "\n" not in str(exc.value)
    assert connections == []


def test_read_names_the_url_and_goes_on(connections, fake_dns):
    items = list(read("http://intranet.example/feed.xml"))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert str(items[0]).startswith("http://intranet.example/feed.xml: refused:")
    assert isinstance(list(read("file:///etc/passwd"))[0], InputError)
    assert connections == []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        port = self.server.server_port
        routes = {
            "/to-metadata": "http://169.254.169.254/latest/meta-data/",
            "/to-private": "http://intranet.example/secret",
            "/to-file": "file:///etc/passwd",
            "/to-local": f"http://127.0.0.1:{port}/secret",
        }
        if self.path in routes:
            self.send_response(302)
            self.send_header("Location", routes[self.path])
            self.end_headers()
            return
        if self.path.startswith("/loop"):
            n = int(self.path[5:] or 0)
            self.send_response(301)
            self.send_header("Location", f"/loop{n + 1}")
            self.end_headers()
            return
        if self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()      # no Content-Length: the cap must hold while reading
            try:
                for _ in range(64):
                    self.wfile.write(b"x" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass                # the client stopped reading at its cap, as it should
            return
        if self.path == "/secret":
            body = b"internal secret page"
        else:
            body = b"not found"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def local():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def trust_test_server(monkeypatch):
    """Count this test's own 127.0.0.1 server as public, and nothing else: the redirects it sends
    are then judged as a public server's would be."""
    real = fetch._public
    monkeypatch.setattr(fetch, "_public", lambda ip: str(ip) == "127.0.0.1" or real(ip))


def test_loopback_needs_allow_private(local, connections):
    with pytest.raises(fetch.Refused):
        fetch.fetch(f"{local}/secret")
    assert connections == []
    assert fetch.fetch(f"{local}/secret", allow_private=True).data == b"internal secret page"


@pytest.mark.parametrize("path", ["/to-metadata", "/to-private", "/to-file"])
def test_every_redirect_is_checked(path, local, connections, fake_dns, trust_test_server):
    with pytest.raises(fetch.Refused):
        fetch.fetch(local + path)
    assert len(connections) == 1       # the first hop only; the redirect target was never contacted


def test_redirects_are_capped(local, connections):
    with pytest.raises(fetch.FetchError, match="more than 5 redirects"):
        fetch.fetch(f"{local}/loop0", allow_private=True)
    assert len(connections) == fetch.MAX_REDIRECTS + 1


def test_size_is_capped_while_reading(local, connections):
    with pytest.raises(fetch.FetchError, match="larger than 1 MB"):
        fetch.fetch(f"{local}/big", allow_private=True, max_bytes=1024 * 1024)


def test_feed_links_to_local_files_and_hosts_are_not_followed(tmp_path, local, connections, fake_dns):
    feed = tmp_path / "feed.rss"
    items = "".join(
        f"<item><title>Entry {i}</title><link>{link}</link><description>Rebels shelled the town of Saraqib "
        f"on Monday, killing {i + 2} civilians, a monitor said.</description></item>"
        for i, link in enumerate(["file:///etc/passwd", f"{local}/secret", "http://169.254.169.254/latest/",
                                  "http://intranet.example/"]))
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>{items}'
                    "</channel></rss>")
    got = list(read(str(feed), fetch_links=True))
    assert len(got) == 4 and all(isinstance(a, Article) for a in got)
    assert all("secret" not in a.text and "root:" not in a.text for a in got)
    assert all(a.text.startswith("Rebels shelled the town") for a in got)     # each entry's own summary
    assert connections == []
