"""Scale figures (issue 15), one JSON line each. Ratios are measured in one run; seconds are context.

    python bench/scale_bench.py workers NOTES.jsonl [--limit 1500] [--rounds 2]   # --workers 2 vs 1, LocalCluster
    python bench/scale_bench.py store NOTES.jsonl DB [--workers 2]  # ingest into DuckDB or PostgreSQL: notes/s, RSS
    python bench/scale_bench.py control DB [--samples 200]          # control --at / --place p50, library and CLI

NOTES.jsonl: `score.py prepare acled ../shared/data/acled/syria_battles_2017-2019.csv` (never in tests).
Throughput is counted from the first finished batch to the last (the pipeline's loading, which
every worker does once in parallel, is reported apart as `first_batch_s`); each setting runs `--rounds` times and
its best round counts (every round's figure is printed too)."""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

FW = str(Path(sys.executable).parent / "frontwatch")


def _articles(path: str, limit: int | None = None):
    from frontwatch.model import Article

    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append(Article(d["id"], d["text"], datetime.fromisoformat(d["published"])))
            if limit and len(out) >= limit:
                break
    return out


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _timed(arts, **kw) -> dict:
    """Code `arts` with frontwatch.parallel.code_stream(**kw): wall, first batch, steady throughput."""
    from frontwatch.parallel import WorkerStats, code_stream

    stamps: list[tuple[float, int]] = []
    t0 = time.perf_counter()
    stats = WorkerStats()
    n = 0

    def progress(k=1):
        stamps.append((time.perf_counter(), k))

    events = 0
    for c in code_stream(iter(arts), progress=progress, stats=stats, **kw):
        n += 1
        events += len(c.events)
    wall = time.perf_counter() - t0
    stamps.sort()
    first_t, first_n = stamps[0]
    steady = (n - first_n) / max(1e-9, stamps[-1][0] - first_t)
    return {"articles": n, "events": events, "wall_s": round(wall, 1), "first_batch_s": round(first_t - t0, 1),
            "steady_articles_per_s": round(steady, 2),
            "worker_peak_rss_mb": sorted(round(v) for v in stats.peak_rss_mb.values())}


def _best(runs: list[dict]) -> dict:
    """The round with the highest steady throughput (a busy machine only takes throughput away)."""
    best = dict(max(runs, key=lambda r: r["steady_articles_per_s"]))
    best["rounds_steady_articles_per_s"] = [r["steady_articles_per_s"] for r in runs]
    return best


def bench_workers(args) -> None:
    arts = _articles(args.notes, args.limit)
    ones, twos = [], []
    for _ in range(args.rounds):        # the two settings in turn, each one's best round
        ones.append(_timed(arts, workers=1))
        twos.append(_timed(arts, workers=2))
    one, two = _best(ones), _best(twos)
    one["peak_rss_mb_this_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps({"bench": "workers", "load_avg": _load(), "one": one, "two": two,
                      "steady_ratio": round(two["steady_articles_per_s"] / one["steady_articles_per_s"], 2),
                      "wall_ratio": round(one["wall_s"] / two["wall_s"], 2)}), flush=True)
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        dask = _best([_timed(arts, cluster=cluster.scheduler_address) for _ in range(args.rounds)])
    print(json.dumps({"bench": "local_cluster", "load_avg": _load(), "one_process": one, "cluster_2": dask,
                      "steady_ratio": round(dask["steady_articles_per_s"] / one["steady_articles_per_s"], 2),
                      "wall_ratio": round(one["wall_s"] / dask["wall_s"], 2)}), flush=True)


def bench_store(args) -> None:
    from frontwatch.ingest.job import ingest
    from frontwatch.parallel import WorkerStats
    from frontwatch.store import open_store

    stats = WorkerStats()
    t0 = time.perf_counter()
    tally = ingest([args.notes], args.db, workers=args.workers, stats=stats)
    wall = time.perf_counter() - t0
    with open_store(args.db, read_only=True) as store:
        counts = store.count()
        intervals = store._execute("SELECT count(*) FROM view_control").fetchone()[0]
        fused = store._execute("SELECT count(*) FROM view_fused").fetchone()[0]
    print(json.dumps({"bench": "store_ingest", "db": "postgresql" if "://" in args.db else "duckdb",
                      "load_avg": _load(), "workers": args.workers, "added": tally.added, "errors": len(tally.errors),
                      "wall_s": round(wall, 1), "notes_per_s": round(tally.added / wall, 2), **counts,
                      "control_intervals": int(intervals), "fused_events": int(fused),
                      "worker_peak_rss_mb": sorted(round(v) for v in stats.peak_rss_mb.values()),
                      "main_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}),
          flush=True)


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return round(1000 * xs[min(len(xs) - 1, int(p * len(xs)))], 1)


def bench_control(args) -> None:
    from frontwatch.store import open_store
    from frontwatch.views.control import control_at

    rng = random.Random(15)
    with open_store(args.db, read_only=True) as store:
        lo, hi = store._execute("SELECT min(valid_from), max(valid_from) FROM view_control").fetchone()
        names = [r[0] for r in store._execute("SELECT DISTINCT place FROM view_control").fetchall()]
        days = [lo + (hi - lo) * rng.random() for _ in range(args.samples)]
        days = [d if not hasattr(d, "date") else d for d in days]
        at_times, place_times, rows = [], [], 0
        for d in days:
            t = time.perf_counter()
            rows += len(control_at(store, d))
            at_times.append(time.perf_counter() - t)
        for d in days:
            name = rng.choice(names)
            t = time.perf_counter()
            control_at(store, d, place=name)
            place_times.append(time.perf_counter() - t)
    cli_at, cli_place = [], []
    for d in days[:args.cli]:
        t = time.perf_counter()
        subprocess.run([FW, "control", "--at", d.isoformat(), "--db", args.db, "--format", "jsonl"],
                       capture_output=True, check=True)
        cli_at.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([FW, "control", "--at", d.isoformat(), "--db", args.db, "--format", "jsonl", "--place",
                        rng.choice(names)], capture_output=True, check=True)
        cli_place.append(time.perf_counter() - t)
    print(json.dumps({"bench": "control", "db": "postgresql" if "://" in args.db else "duckdb", "load_avg": _load(),
                      "samples": len(days), "mean_rows_at": round(rows / len(days)), "places": len(names),
                      "at_p50_ms": _pct(at_times, 0.5), "at_p99_ms": _pct(at_times, 0.99),
                      "place_p50_ms": _pct(place_times, 0.5), "place_p99_ms": _pct(place_times, 0.99),
                      "cli_at_p50_ms": _pct(cli_at, 0.5), "cli_place_p50_ms": _pct(cli_place, 0.5)}), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    w = sub.add_parser("workers")
    w.add_argument("notes")
    w.add_argument("--limit", type=int, default=1500)
    w.add_argument("--rounds", type=int, default=2)
    s = sub.add_parser("store")
    s.add_argument("notes")
    s.add_argument("db")
    s.add_argument("--workers", type=int, default=2)
    c = sub.add_parser("control")
    c.add_argument("db")
    c.add_argument("--samples", type=int, default=200)
    c.add_argument("--cli", type=int, default=10)
    args = ap.parse_args()
    os.environ.setdefault("FRONTWATCH_HOME", tempfile.mkdtemp(prefix="fw-scale-"))
    {"workers": bench_workers, "store": bench_store, "control": bench_control}[args.what](args)


if __name__ == "__main__":
    main()
