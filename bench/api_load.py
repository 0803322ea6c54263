"""Load on the API: /api/events at N concurrent clients on loopback, on a quiet store and while
`frontwatch ingest` writes into the same DuckDB file. One JSON line per phase.

    python bench/api_load.py [--clients 20] [--seconds 20] [--ingest 300]

Goals (issue 14): quiet, at least 150 requests/s with p99 under 300 ms; during an ingest, p99
under 1 s and no 5xx. The clients run in this process (threads, one keep-alive connection
each) on the same 2 cores as the server, so the figures are a floor. Not a timed test: run it
by hand or from `make bench`."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
# FRONTWATCH_CMD="python -m frontwatch.cli" (say) measures another checkout the same way
FW = os.environ.get("FRONTWATCH_CMD", str(Path(sys.executable).parent / "frontwatch")).split()
DEMO = ROOT / "frontwatch" / "demo" / "dispatches.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(url: str, clients: int, stop: threading.Event, seconds: float,
           request=lambda i, n: ("/api/events", {"limit": 50, "offset": (i * 7 + n) % 40})) -> dict:
    lat: list[float] = []
    codes: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        with httpx.Client(base_url=url, timeout=30) as c:
            n = 0
            while not stop.is_set():
                n += 1
                t = time.perf_counter()
                try:
                    path, params = request(i, n)
                    r = c.get(path, params=params)
                    code = r.status_code
                except httpx.HTTPError as exc:
                    with lock:
                        errors.append(type(exc).__name__)
                    continue
                dt = time.perf_counter() - t
                with lock:
                    lat.append(dt)
                    codes[code] = codes.get(code, 0) + 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    stop.wait(seconds)
    stop.set()
    for th in threads:
        th.join(35)
    wall = time.perf_counter() - t0
    lat.sort()

    def pct(p: float) -> float:
        return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else float("nan")
    return {"requests": len(lat), "seconds": round(wall, 1), "req_per_s": round(len(lat) / wall, 1),
            "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": pct(1.0),
            "status": {str(k): v for k, v in sorted(codes.items())},
            "http_5xx": sum(v for k, v in codes.items() if k >= 500), "client_errors": len(errors)}


def synthetic(path: Path, n: int) -> None:
    demo = [json.loads(line) for line in DEMO.read_text().splitlines() if line.strip()]
    with open(path, "w") as f:
        for i in range(n):
            a = dict(demo[i % len(demo)])
            a["id"] = f"load-{i}"
            a["text"] = f"Update {i}. " + a["text"]
            f.write(json.dumps(a) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--ingest", type=int, default=300, help="articles the concurrent ingest writes")
    ap.add_argument("--db", default=None, help="an existing store: /api/control and /api/events on it, no ingest")
    args = ap.parse_args()
    if args.db:
        return on_store(args)
    tmp = Path(tempfile.mkdtemp(prefix="fw-load-"))
    env = dict(os.environ, FRONTWATCH_HOME=str(tmp))
    db = str(tmp / "store.duckdb")
    subprocess.run([*FW, "ingest", str(DEMO), "--db", db], env=env, check=True, capture_output=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*FW, "serve", "--db", db, "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        quiet = hammer(url, args.clients, threading.Event(), args.seconds)
        print(json.dumps({"bench": "api_events", "phase": "quiet", "clients": args.clients, **quiet}), flush=True)
        synthetic(tmp / "more.jsonl", args.ingest)
        ingest = subprocess.Popen([*FW, "ingest", str(tmp / "more.jsonl"), "--db", db], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(8)       # past the model's loading: the ingest is writing batches from here on
        stop = threading.Event()
        during = hammer(url, args.clients, stop, args.seconds)
        still = ingest.poll() is None
        err = ingest.communicate(timeout=1800)[1]
        counts = httpx.get(url + "/api/stats", timeout=30).json()["counts"]
        print(json.dumps({"bench": "api_events", "phase": "during_ingest", "clients": args.clients,
                          "ingest_still_running_at_end": still, "ingest_exit": ingest.returncode,
                          "ingest_summary": err.strip().splitlines()[-1] if err.strip() else "",
                          "articles_after": counts["articles"], **during}), flush=True)
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)


def on_store(args) -> None:
    """/api/control (a day drawn from the store's timelines) and /api/events (a page of a date range)
    on an existing store (issue 15: the 15,672-note Syria store), read-only."""
    import random
    from datetime import date, timedelta

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.setdefault("FRONTWATCH_HOME", tempfile.mkdtemp(prefix="fw-load-"))
    server = subprocess.Popen([*FW, "serve", "--db", args.db, "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/api/stats", timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not start")
            time.sleep(0.5)
        first = date(2017, 1, 1)
        rng = random.Random(15)

        def day() -> str:
            return (first + timedelta(days=rng.randrange(0, 1050))).isoformat()

        phases = {
            "control": lambda i, n: ("/api/control", {"at": day()}),
            "events": lambda i, n: ("/api/events", {"start": day(), "limit": 50, "offset": (i * 7 + n) % 40}),
        }
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        for name, request in phases.items():
            got = hammer(url, args.clients, threading.Event(), args.seconds, request)
            print(json.dumps({"bench": f"api_{name}", "phase": "store", "db": args.db if "://" not in args.db
                              else "postgresql", "clients": args.clients, "load_avg": load, **got}), flush=True)
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
