"""Soak test of `frontwatch watch` (not part of `make test`): a local feed server with many feeds,
some failing (HTTP 500, timeouts, a broken feed), short intervals, new items arriving all along,
some of them the same story on two feeds. Runs N minutes, then reports the watcher's RSS growth
after warm-up and whether every item was stored exactly once.

    .venv/bin/python bench/soak.py --minutes 30          # the issue's figure
    .venv/bin/python bench/soak.py --minutes 10 --feeds 40 --every 2

Pass: RSS grows less than 10% from the end of warm-up (the first fifth of the run, at least two
minutes) to the end; every distinct story is one article; every feed entry is marked handled."""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "monitor"))
from feed_server import FeedServer, item  # noqa: E402

PLACES = ["Saraqeb", "Maarat al-Numan", "Ariha", "Jisr al-Shughur", "Kafr Nabl", "Khan Shaykhun", "Sarmin",
          "Atarib", "Darat Izza", "Taftanaz", "Binnish", "Idlib", "Aleppo", "Hama", "Latakia"]
TEMPLATES = [
    "Syrian government forces shelled {p} on {d}, killing {n} civilians, the Syrian Observatory for Human Rights "
    "said in report {i}.",
    "Clashes between government troops and rebel fighters near {p} left {n} fighters dead on {d}, a war monitor "
    "said in dispatch {i}.",
    "An air strike hit a market in {p} on {d}, killing {n} people, rescuers said in statement {i}.",
    "Some {n},000 people fled {p} in the past week as bombardment intensified, the UN said in update {i}.",
    "Rebels said they repelled an attack on {p} on {d} and that {n} attackers were killed, according to bulletin {i}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--feeds", type=int, default=40, help="feeds in all (a fifth of them failing)")
    ap.add_argument("--interval", type=float, default=2.0, help="seconds between polls of a feed")
    ap.add_argument("--every", type=float, default=3.0, help="seconds between two new items")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="fw-soak-"))
    srv = FeedServer().start()
    failing_modes = ["500", "timeout", "malformed"]
    n_bad = max(1, args.feeds // 5)
    bad = [srv.add_feed(f"/bad{i}.xml", mode=failing_modes[i % 3]) for i in range(n_bad)]
    for f in bad:
        f.delay = 3.0
    good = [srv.add_feed(f"/feed{i}.xml") for i in range(args.feeds - n_bad)]
    feeds_yaml = work / "feeds.yaml"
    lines = [f"interval: {args.interval}", "host_delay: 0", "max_backoff: 60", "feeds:"]
    for f in good + bad:
        lines.append(f"  - url: {srv.feed_url(f)}")
        if f in bad and f.mode == "timeout":
            lines.append("    timeout: 1")
    feeds_yaml.write_text("\n".join(lines) + "\n")
    db = work / "soak.duckdb"
    env = dict(os.environ, FRONTWATCH_HOME=str(work / "home"))
    proc = subprocess.Popen([str(Path(sys.executable).parent / "frontwatch"), "watch", "--feeds", str(feeds_yaml),
                             "--db", str(db), "--allow-private"], env=env, stdout=subprocess.DEVNULL,
                            stderr=open(work / "watch.log", "w"))
    texts: set[str] = set()
    entries = 0
    stop = threading.Event()

    def produce():
        nonlocal entries
        i = 0
        while not stop.wait(args.every):
            i += 1
            text = rnd.choice(TEMPLATES).format(p=rnd.choice(PLACES), d=rnd.choice(DAYS), n=rnd.randint(2, 60), i=i)
            targets = rnd.sample(good, 2 if rnd.random() < 0.2 else 1)       # a fifth on two outlets
            for k, f in enumerate(targets):
                srv.add_item(f, item(f"s{i}-{k}", f"Report {i}", text))
                entries += 1
            texts.add(text)

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    seconds = args.minutes * 60
    warm = max(120.0, seconds / 5)
    samples: list[tuple[float, int]] = []
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        if proc.poll() is not None:
            print(f"watch exited early ({proc.returncode}); see {work / 'watch.log'}", file=sys.stderr)
            return 1
        kb = rss_kb(proc.pid)
        if kb:
            samples.append((time.monotonic() - t0, kb))
        time.sleep(5)
    stop.set()
    producer.join()
    # let the watcher handle what is left, then stop it
    deadline = time.monotonic() + 300
    from frontwatch.store import StoreError, open_store

    def counts():
        try:
            with open_store(str(db), read_only=True) as s:
                a = s._execute("SELECT count(*), count(DISTINCT text) FROM articles").fetchone()
                m = s._execute("SELECT count(*) FROM watch_items").fetchone()[0]
            return a[0], a[1], m
        except StoreError:
            return None

    got = None
    while time.monotonic() < deadline:
        got = counts()
        if got and got[2] >= entries:
            break
        time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(120)
    got = counts()
    after = [kb for t, kb in samples if t >= warm]
    at_warm = statistics.median([kb for t, kb in samples if warm <= t < warm + 60] or after[:1])
    at_end = statistics.median([kb for t, kb in samples if t >= seconds - 60] or after[-1:])
    growth = (at_end - at_warm) / at_warm * 100 if at_warm else float("nan")
    log = (work / "watch.log").read_text().splitlines()
    result = {
        "minutes": args.minutes, "feeds": args.feeds, "failing_feeds": n_bad, "interval_s": args.interval,
        "items_posted": entries, "distinct_stories": len(texts),
        "articles_stored": got[0] if got else None, "distinct_texts_stored": got[1] if got else None,
        "entries_marked": got[2] if got else None,
        "rss_mb_end_of_warmup": round(at_warm / 1024, 1), "rss_mb_end": round(at_end / 1024, 1),
        "rss_mb_peak": round(max(kb for _, kb in samples) / 1024, 1), "rss_growth_pct": round(growth, 2),
        "feed_requests": sum(len(f.requests) for f in good + bad), "error_lines": sum(": fetch failed" in x or
                                                                                      "broken feed" in x for x in log),
        "watch_exit": rc, "work_dir": str(work),
    }
    ok = (got is not None and got[0] == got[1] == len(texts) and got[2] == entries and growth < 10 and rc == 0)
    result["pass"] = ok
    print(json.dumps(result, indent=1))
    srv.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
