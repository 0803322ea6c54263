"""Score the rule coder alone (no geoparser) on an ACLED file: a quick loop for coder work.

    python bench/coder_dev.py ../shared/data/acled/syria_battles_2017-2019.csv 500 [--show N]
"""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from datetime import datetime

from frontwatch import nlp
from frontwatch.events.coder import EventCoder
from frontwatch.model import Article


def main() -> None:
    path, limit = sys.argv[1], int(sys.argv[2])
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("notes", "").strip()][:limit]
    coder = EventCoder(None, country=sys.argv[sys.argv.index("--country") + 1] if "--country" in sys.argv else None)
    c, conf, shown = Counter(), Counter(), 0
    tp = fp = 0
    arts = [Article(r["event_id_cnty"], r["notes"], datetime.fromisoformat(r["event_date"])) for r in rows]
    for r, a, doc in zip(rows, arts, nlp.parse_many([a.text for a in arts]), strict=True):
        evs = coder.code(a, doc)
        types = [e.sub_event_type for e in evs]
        hit = [e for e in evs if e.sub_event_type == r["sub_event_type"]]
        tp += bool(hit)
        fp += len(set(types) - {r["sub_event_type"]})
        conf[(r["sub_event_type"], types[0] if types else None)] += 1
        e = hit[0] if hit else (evs[0] if evs else None)
        if e:
            c["date"] += str(e.event_date) == r["event_date"]
            gf = int(float(r["fatalities"] or 0))
            c["fat"] += gf == e.fatalities
            inter = {"1": "State forces", "2": "Rebel group", "3": "Political militia", "4": "Identity militia",
                     "5": "Rioters", "6": "Protesters", "7": "Civilians", "8": "External/Other forces"}
            gi = inter.get(r["inter1"].replace(".0", ""), r["inter1"])
            c["inter1"] += (e.actor1.inter if e.actor1 else None) == gi
            bad = (not hit) or gf != e.fatalities or (e.actor1.inter if e.actor1 else None) != gi
            if bad and shown < show:
                shown += 1
                print(json.dumps({"gold": [r["sub_event_type"], r["actor1"], gi, gf],
                                  "got": [types, e.actor1.name if e.actor1 else None, e.fatalities],
                                  "note": r["notes"][:300]}))
        elif shown < show:
            shown += 1
            print(json.dumps({"gold": [r["sub_event_type"], r["actor1"], r["fatalities"]], "got": None,
                              "note": r["notes"][:300]}))
    n = len(rows)
    p = tp / (tp + fp) if tp + fp else 0
    rec = tp / n
    print(json.dumps({"n": n, "type_f1": round(2 * p * rec / (p + rec), 4) if p + rec else 0,
                      "prec": round(p, 3), "rec": round(rec, 3),
                      **{k: round(v / n, 4) for k, v in c.items()}}))
    for (g, s), k in conf.most_common(15):
        print(f"{k:5d}  {g} -> {s}")


if __name__ == "__main__":
    main()
