"""Control view benchmark on ACLED notes.

Each row of an ACLED export becomes an Article (id = event_id_cnty, published = event_date,
text = notes), extracted and stored in a temporary DuckDB store. Then, for every gold
territory change (sub_event_type "Government regains territory" or "Non-state actor
overtakes territory"), the control view is asked who holds the place the day after, and its
actor category is compared with the gold inter1.

    .venv/bin/python bench/control_bench.py [--csv PATH] [--limit N]

Prints one JSON line: {"places": n, "accuracy": x, ...}; `places` counts gold changes
(place, date) scored, `accuracy` is correct / places (no answer counts as wrong),
`answered` how many got any answer. A view place matches a gold place within --radius-km, or
by name (any spelling) when the view knows it by name only (a village the gazetteer cannot
place). `accuracy_with_near` is a looser figure, reported apart: for gold changes ACLED itself
placed only near their location (geo_precision 2/3) and the view has no change of those days at
the location itself, it takes the side that took places around it on those days instead
(`near_answered` of them).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from frontwatch.geo.resolve import km

INTER = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia", 5: "Rioters",
         6: "Protesters", 7: "Civilians", 8: "External/Other forces"}
CHANGES = ("Government regains territory", "Non-state actor overtakes territory")
DEFAULT_CSV = str(Path(__file__).resolve().parents[1].parent / "shared" / "data" / "acled" / "syria_battles_2017-2019.csv")


def similar_name(a: str, b: str) -> bool:
    """The gold file and the notes transliterate independently ("Kafr Al-Awameed" / "Kafr Elawamid",
    "Qasmiyah" / "Al-Qasimiyya"): the same name key, or name keys that start alike and differ by a
    letter or two (not "Mran" / "Hamran", "Abu Wahl" / "Abu Twala")."""
    from difflib import SequenceMatcher

    from frontwatch.geo.normalize import key1, same_place_name

    if same_place_name(a, b):
        return True
    ka, kb = key1(a), key1(b)
    return ka[:1] == kb[:1] and SequenceMatcher(None, ka, kb).ratio() >= 0.8


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
    ap.add_argument("--store", default=None,
                    help="keep the extracted store at this DuckDB path and reuse it when it exists (re-run the "
                         "view alone while working on it; delete the file after changing the event coder)")
    ap.add_argument("--radius-km", type=float, default=3.0, help="a view place this close to the gold place matches")
    ap.add_argument("--name-radius-km", type=float, default=100.0,
                    help="a place known by name only matches a gold place of the same name when its report was "
                         "placed this close (its province or town)")
    ap.add_argument("--near-km", type=float, default=10.0,
                    help="for accuracy_with_near: a change of the same days this close to a gold place ACLED "
                         "itself placed only near (geo_precision 2 or 3)")
    ap.add_argument("--misses", action="store_true", help="print each unanswered or wrong gold change on stderr")
    ap.add_argument("--acled-places", action="store_true",
                    help="first add the export's places to the gazetteer of a temporary FRONTWATCH_HOME "
                         "(`frontwatch gazetteer add --acled`), so that its villages resolve")
    args = ap.parse_args(argv)
    tmp_home = None
    if args.acled_places:
        tmp_home = tempfile.TemporaryDirectory()
        _acled_home(Path(tmp_home.name), args.csv)

    from frontwatch.geo.normalize import key1, same_place_name
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
        url = args.store or str(Path(tmp) / "bench.duckdb")
        if not Path(url).exists():
            with open_store(url) as store:
                arts = (Article(id=r["event_id_cnty"], text=r["notes"] or "",
                                published=datetime.fromisoformat(r["event_date"])) for r in rows if r.get("notes"))
                for art, events in extract_many(arts):
                    store.add_article(art, events)
        t1 = time.time()
        with open_store(url, read_only=True) as store:
            index = ControlIndex.build(store)
    t2 = time.time()

    # per place: the place, and for a place known by name only where its reports were placed
    places = [(key, claims[0].place, next((c.near for c in claims if c.near is not None), None))
              for key, claims in index.by_place.items()]
    n = correct = answered = near_correct = near_answered = 0
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
        for key, p, near in places:
            if p.latitude is None:
                # known by name only: the same name (any spelling), reported in the same region
                if not similar_name(p.name, r["location"]) or \
                        (near is not None and km(glat, glon, near.latitude, near.longitude) > args.name_radius_km):
                    continue
                d = 0.0 if same_place_name(p.name, r["location"]) else args.radius_km / 2   # exact name first
            else:
                d = km(glat, glon, p.latitude, p.longitude)
                if d > args.radius_km:
                    # the same name placed elsewhere in the region (a namesake the geoparser chose)
                    if d > args.name_radius_km or not similar_name(p.name, r["location"]):
                        continue
                    d = args.radius_km if key1(p.name) == gname else args.radius_km * 2
            got = index.current(key, at)
            if got is not None:
                cands.append((d, got[0]))
        best = min(cands, key=lambda t: t[0])[1] if cands else None
        fresh = best is not None and best.since is not None and abs((best.since - at).days) <= 2
        near_inter = None
        if not fresh and float(r["geo_precision"] or 1) >= 2:
            # ACLED placed this change only near its location (precision 2/3: villages it could not
            # place), so the location's own older state is not what it is about: the side that took
            # places around it on those days, counted apart
            around = Counter()
            for key, p, near in places:
                where = p if p.latitude is not None else near
                if where is None or km(glat, glon, where.latitude, where.longitude) > args.near_km:
                    continue
                got = index.current(key, at)
                if got is not None and got[0].since is not None and abs((got[0].since - at).days) <= 2:
                    around[got[0].inter] += 1
            if around:
                near_inter = around.most_common(1)[0][0]
                near_answered += 1
        if best is None:
            near_correct += near_inter == gold
            if args.misses:
                print(json.dumps({"miss": "unanswered", "id": r["event_id_cnty"], "location": r["location"],
                                  "gold": gold, "notes": r["notes"]}), file=sys.stderr)
            continue
        answered += 1
        ok = best.inter == gold
        near_correct += (near_inter == gold) if near_inter is not None else ok
        if args.misses and not ok:
            print(json.dumps({"miss": "wrong", "id": r["event_id_cnty"], "location": r["location"], "gold": gold,
                              "got": [best.inter, best.controller, best.place.name, str(best.since)],
                              "gold_actor": r["actor1"], "notes": r["notes"], "evidence": best.evidence}),
                  file=sys.stderr)
        correct += ok
        pair = f"{gold} -> {best.inter}"
        confusion[pair] = confusion.get(pair, 0) + 1
    if tmp_home is not None:
        tmp_home.cleanup()
    out = {"acled_places": args.acled_places, "places": n, "accuracy": round(correct / n, 4) if n else None, "answered": answered,
           "accuracy_answered": round(correct / answered, 4) if answered else None,
           "accuracy_with_near": round(near_correct / n, 4) if n else None,
           "near_answered": near_answered, "rows": len(rows),
           "claims": sum(len(c) for c in index.by_place.values()), "extract_s": round(t1 - t0, 1),
           "view_s": round(t2 - t1, 1)}
    print(json.dumps(out))
    print(json.dumps({"confusion": dict(sorted(confusion.items(), key=lambda kv: -kv[1]))}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
