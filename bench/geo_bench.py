"""Geoparser benchmark runner: JSONL in -> JSONL out, with speed and memory figures.

    python bench/geo_bench.py IN.jsonl OUT.jsonl [--no-spacy-baseline]

IN is `score.py prepare geo GOLD.xml` output (gold spans given) or plain
{"id","text"} records (then the geoparser finds its own places). Prints one
JSON line to stderr: words/s, the ratio to spaCy NER alone on the same texts,
the cold-load time of the geo stage and peak RSS.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--no-spacy-baseline", action="store_true")
    args = ap.parse_args(argv)
    with open(args.inp, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    words = sum(len((r.get("text") or "").split()) for r in recs)

    t0 = time.perf_counter()
    from frontwatch.geo import geoparse_record, get_geoparser

    get_geoparser()
    cold = time.perf_counter() - t0
    rss_after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    t0 = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(geoparse_record(r), ensure_ascii=False) + "\n")
    geo_s = time.perf_counter() - t0
    peak_geo = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    res = {"records": len(recs), "words": words, "geo_seconds": round(geo_s, 3),
           "geo_words_per_s": round(words / geo_s) if geo_s else None,
           "cold_load_s": round(cold, 3), "rss_after_load_mb": round(rss_after_load),
           "peak_rss_geo_mb": round(peak_geo)}
    if not args.no_spacy_baseline:
        from frontwatch import nlp

        pipe = nlp.load()
        texts = [r.get("text") or "" for r in recs]
        t0 = time.perf_counter()
        for _ in pipe.pipe(texts, batch_size=32):
            pass
        sp_s = time.perf_counter() - t0
        res["spacy_seconds"] = round(sp_s, 3)
        res["spacy_words_per_s"] = round(words / sp_s) if sp_s else None
        res["speed_ratio_vs_spacy"] = round(sp_s / geo_s, 2) if geo_s else None
        res["peak_rss_total_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(res), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
