"""How well could any resolver place ACLED notes with the current gazetteer?

For each note, is some gazetteer place within R km of ACLED's point named in the
note (a 1-5 word run whose exact or transliteration key the gazetteer knows)? The
share of such notes bounds loc_<R>km from above, whatever the resolution method
(apart from lucky guesses). Run with FRONTWATCH_HOME pointing at a home with
`gazetteer add` additions to measure those.

    .venv/bin/python bench/location_ceiling.py GOLD.csv RADIUS_KM [LIMIT] [--loose]

--loose also counts vowel-slot (key2) and consonant-skeleton (key3) matches inside the note's
country, as the resolver reads them when a document is about one country (chance matches too).
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
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    loose = "--loose" in sys.argv      # also slot and skeleton (key2, key3) matches in the note's country
    path, radius = args[0], float(args[1])
    limit = int(args[2]) if len(args) > 2 else None
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("notes", "").strip()][:limit]
    gaz = Gazetteer()
    codes = {name.lower(): cc for cc, name in gaz.con.execute("SELECT cc, name FROM places WHERE feature='A.PCLI'")}
    named = 0
    for r in rows:
        words = _WORD.findall(r["notes"])
        runs = {" ".join(words[i:i + n]) for n in range(1, 6) for i in range(len(words) - n + 1)}
        cands = gaz.candidates_many([s for s in runs if s[:1].isupper() or s[:2].lower() in ("al", "el", "ar", "as")],
                                    loose=False, all_levels=loose)
        lat, lon = float(r["latitude"]), float(r["longitude"])
        if loose:   # as the resolver reads the loose keys: only in the document's country
            cc = codes.get(r.get("country", "").strip().lower())
            cands = {n: [c for c in cs if c.lvl < 2 or c.cc == cc] for n, cs in cands.items()}
        named += any(c.lat is not None and km(lat, lon, c.lat, c.lon) <= radius
                     for cs in cands.values() for c in cs)
    print(json.dumps({"notes": len(rows), "radius_km": radius, "loose": loose,
                      "named_place_within": round(named / len(rows), 4)}))


if __name__ == "__main__":
    main()
