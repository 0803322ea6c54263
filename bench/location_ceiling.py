"""How well could any resolver place ACLED notes with the current gazetteer?

For each note, is some gazetteer place within R km of ACLED's point named in the
note (a 1-5 word run whose exact or transliteration key the gazetteer knows)? The
share of such notes bounds loc_<R>km from above, whatever the resolution method
(apart from lucky guesses). Run with FRONTWATCH_HOME pointing at a home with
`gazetteer add` additions to measure those.

    .venv/bin/python bench/location_ceiling.py GOLD.csv RADIUS_KM [LIMIT]
"""
from __future__ import annotations

import csv
import json
import re
import sys

from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.resolve import km

_WORD = re.compile(r"[\w'’`-]+")


def main() -> None:
    path, radius = sys.argv[1], float(sys.argv[2])
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("notes", "").strip()][:limit]
    gaz = Gazetteer()
    named = 0
    for r in rows:
        words = _WORD.findall(r["notes"])
        runs = {" ".join(words[i:i + n]) for n in range(1, 6) for i in range(len(words) - n + 1)}
        cands = gaz.candidates_many([s for s in runs if s[:1].isupper() or s[:2].lower() in ("al", "el", "ar", "as")],
                                    loose=False)
        lat, lon = float(r["latitude"]), float(r["longitude"])
        named += any(c.lat is not None and km(lat, lon, c.lat, c.lon) <= radius
                     for cs in cands.values() for c in cs)
    print(json.dumps({"notes": len(rows), "radius_km": radius, "named_place_within": round(named / len(rows), 4)}))


if __name__ == "__main__":
    main()
