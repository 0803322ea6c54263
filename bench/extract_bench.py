"""Event extraction speed against spaCy NER alone on the same texts, in the same process.

    python bench/extract_bench.py [N]     (ACLED notes from ../shared, else the demo corpus)

Prints one JSON line: words/s of both, their ratio and peak RSS. Both sides are warmed first, then
timed in turn, ROUNDS times; the figure is each side's best round (the ratio of every round is printed
too). Ratios, not seconds, are the figure to compare across machines.
"""
from __future__ import annotations

import csv
import json
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

from frontwatch import nlp, pipeline
from frontwatch.demo import path as demo_path
from frontwatch.model import Article

ROUNDS = 3
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "acled" / "syria_battles_2017-2019.csv"


def articles(n: int) -> tuple[str, list[Article]]:
    if SHARED.exists():
        with open(SHARED, newline="", encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["notes"].strip()][:n]
        return SHARED.name, [Article(r["event_id_cnty"], r["notes"], datetime.fromisoformat(r["event_date"]))
                             for r in rows]
    lines = demo_path().read_text(encoding="utf-8").splitlines()
    recs = [json.loads(x) for x in lines if x.strip()]
    return "demo corpus", [Article(r["id"], r["text"], datetime.fromisoformat(r["published"])) for r in recs]


def cold_start(arts: list[Article]) -> float:
    """Seconds from starting `frontwatch extract` to its first event, in a new process (the pipeline, the
    gazetteer and the type model loading), on the first articles; the last item has no rule cue, so the type
    model is loaded and asked too (issue 12's cold start)."""
    import os
    import subprocess
    import tempfile

    fw = str(Path(sys.executable).parent / "frontwatch")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for a in arts[:4]:
            f.write(json.dumps({"id": a.id, "text": a.text, "published": a.published.isoformat()}) + "\n")
        f.write(json.dumps({"id": "cold-model", "published": "2020-05-01", "text":
                            "Hundreds of workers filled the square outside the ministry in Tunis on Friday, "
                            "chanting for unpaid wages to be settled before the holiday."}) + "\n")
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen([fw, "extract", f.name, "--workers", "1"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        first = proc.stdout.readline()
        took = time.perf_counter() - t0
        proc.communicate(timeout=300)
        return round(took, 2) if first.strip() else float("nan")
    finally:
        os.unlink(f.name)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    name, arts = articles(n)
    cold = cold_start(arts)
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts)
    nlp_full = nlp.load()
    pipeline.geoparser()        # load outside the timed part: both sides start warm
    with nlp_full.select_pipes(enable=["tok2vec", "ner"]):
        list(nlp_full.pipe(texts[:50]))
    # warm the coder as the NER side is warmed: its models, word lists and caches load at first use (about a
    # second: the cold start, reported on its own), not per article
    list(pipeline.extract_many(arts[:50], batch_size=64))
    ner_runs, full_runs, events = [], [], 0
    for _ in range(ROUNDS):     # the two sides in turn; each side's best round (a busy machine only adds time)
        with nlp_full.select_pipes(enable=["tok2vec", "ner"]):
            t0 = time.perf_counter()
            for _ in nlp_full.pipe(texts, batch_size=64):
                pass
            ner_runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        events = sum(len(ev) for _, ev in pipeline.extract_many(arts, batch_size=64))
        full_runs.append(time.perf_counter() - t0)
    ner, full = min(ner_runs), min(full_runs)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"benchmark": "extract_speed", "input": name, "articles": len(arts), "words": words,
                      "events": events, "ner_words_per_s": round(words / ner), "extract_words_per_s":
                      round(words / full), "extract_to_ner_time_ratio": round(full / ner, 2),
                      "rounds_ratio": [round(f / n, 2) for f, n in zip(full_runs, ner_runs, strict=True)],
                      "peak_rss_mb": round(rss), "cold_start_first_event_s": cold}))


if __name__ == "__main__":
    main()
