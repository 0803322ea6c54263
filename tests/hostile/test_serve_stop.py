"""`frontwatch serve` stops promptly on SIGTERM even while a large posted article is being coded
(issue 14: a 930 KB POST held the server at 100% CPU for 8 minutes and ignored SIGTERM)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time

import httpx
from hostile_support import PROSE, frontwatch_bin


def test_sigterm_while_coding(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, FRONTWATCH_HOME=str(tmp_path), FRONTWATCH_TOKEN="t")
    srv = subprocess.Popen([frontwatch_bin(), "serve", "--port", str(port)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        body = json.dumps({"id": "big", "text": PROSE * (930_000 // len(PROSE))})
        threading.Thread(target=lambda: _post(url, body), daemon=True).start()
        time.sleep(3)
        start = time.monotonic()
        assert httpx.get(url + "/api/stats", timeout=10).status_code == 200     # still answering
        assert time.monotonic() - start < 3
        start = time.monotonic()
        srv.terminate()
        srv.wait(30)
        assert time.monotonic() - start < 10
    finally:
        if srv.poll() is None:
            srv.kill()


def _post(url: str, body: str) -> None:
    try:
        httpx.post(url + "/api/articles", content=body, headers={"Authorization": "Bearer t"}, timeout=120)
    except httpx.HTTPError:
        pass
