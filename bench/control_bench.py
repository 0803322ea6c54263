"""Control view benchmark on ACLED notes.

Each row of an ACLED export becomes an Article (id = event_id_cnty, published = event_date,
text = notes), extracted and stored in a temporary DuckDB store. Then, for every gold
territory change (sub_event_type "Government regains territory" or "Non-state actor
overtakes territory"), the control view is asked who holds the place the day after, and its
actor category is compared with the gold inter1.

    .venv/bin/python bench/control_bench.py [--csv PATH] [--limit N]

Prints one JSON line: {"places": n, "accuracy": x, ...}; `places` counts gold changes
(place, date) scored, `accuracy` is correct / places (no answer counts as wrong),
`answered` how many got any answer.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

INTER = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia", 5: "Rioters",
         6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
CHANGES = ("Government regains territory", "Non-state actor overtakes territory")
DEFAULT_CSV = str(Path(__file__).resolve().parents[1].parent / "shared" / "data" / "acled" / "syria_battles_2017-2019.csv")


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _acled_home(home: Path, acled_csv: str) -> None:
    """A FRONTWATCH_HOME sharing the current gazetteer index (symlinked when already built),
    plus the places of `acled_csv` as gazetteer additions."""
    import os

    from frontwatch import config
    from frontwatch.geo.additions import add_acled
    from frontwatch.geo.gazetteer import index_path

    current = index_path(config.home())
    target = index_path(home)
    if current.is_file() and not target.exists():
        target.symlink_to(current)
    os.environ["FRONTWATCH_HOME"] = str(home)
    add_acled(acled_csv, home)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", default=DEFAULT_CSV)
    ap.add_argument("--limit", type=int, default=None, help="only the first N rows")
    ap.add_argument("--radius-km", type=float, default=3.0, help="a view place this close to the gold place matches")
    ap.add_argument("--acled-places", action="store_true",
                    help="first add the export's places to the gazetteer of a temporary FRONTWATCH_HOME "
                         "(`frontwatch gazetteer add --acled`), so that its villages resolve")
    args = ap.parse_args(argv)
    tmp_home = None
    if args.acled_places:
        tmp_home = tempfile.TemporaryDirectory()
        _acled_home(Path(tmp_home.name), args.csv)

    from frontwatch.geo.normalize import key1
    from frontwatch.model import Article
    from frontwatch.pipeline import extract_many
    from frontwatch.store import open_store
    from frontwatch.views.control import ControlIndex

    with open(args.csv, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if args.limit:
        rows = rows[:args.limit]
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "bench.duckdb")
        with open_store(url) as store:
            arts = (Article(id=r["event_id_cnty"], text=r["notes"] or "",
                            published=datetime.fromisoformat(r["event_date"])) for r in rows if r.get("notes"))
            for art, events in extract_many(arts):
                store.add_article(art, events)
        t1 = time.time()
        with open_store(url, read_only=True) as store:
            index = ControlIndex.build(store)
    t2 = time.time()

    places = [(key, claims[0].place) for key, claims in index.by_place.items()]
    n = correct = answered = 0
    confusion: dict[str, int] = {}
    for r in rows:
        if r["sub_event_type"] not in CHANGES:
            continue
        gold = INTER.get(int(float(r["inter1"] or 0)))
        if gold is None:
            continue
        n += 1
        glat, glon = float(r["latitude"]), float(r["longitude"])
        gname = key1(r["location"])
        at = date.fromisoformat(r["event_date"]) + timedelta(days=1)
        cands = []
        for key, p in places:
            if p.latitude is None:
                continue
            d = km(glat, glon, p.latitude, p.longitude)
            if d <= args.radius_km or (key1(p.name) == gname and d <= 25):
                got = index.current(key, at)
                if got is not None:
                    cands.append((d, got[0]))
        if not cands:
            continue
        answered += 1
        best = min(cands, key=lambda t: t[0])[1]
        ok = best.inter == gold
        correct += ok
        pair = f"{gold} -> {best.inter}"
        confusion[pair] = confusion.get(pair, 0) + 1
    if tmp_home is not None:
        tmp_home.cleanup()
    out = {"acled_places": args.acled_places, "places": n, "accuracy": round(correct / n, 4) if n else None, "answered": answered,
           "accuracy_answered": round(correct / answered, 4) if answered else None, "rows": len(rows),
           "claims": sum(len(c) for c in index.by_place.values()), "extract_s": round(t1 - t0, 1),
           "view_s": round(t2 - t1, 1)}
    print(json.dumps(out))
    print(json.dumps({"confusion": dict(sorted(confusion.items(), key=lambda kv: -kv[1]))}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
