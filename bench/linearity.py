"""Coding time against text length: the same kind of text at n and 2n characters, parse and code
timed apart. Linear work gives a ratio near 2 (issue 14: at most about 2.5); one 20,000-word
sentence is timed too. One JSON line.

    python bench/linearity.py [N]        (default N = 50000 characters)
"""
from __future__ import annotations

import json
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

from frontwatch import nlp, pipeline
from frontwatch.model import Article

DEMO = Path(__file__).resolve().parents[1] / "frontwatch" / "demo" / "dispatches.jsonl"


def corpus(n: int) -> str:
    texts = [json.loads(line)["text"] for line in DEMO.read_text().splitlines() if line.strip()]
    out, size, i = [], 0, 0
    while size < n:
        out.append(texts[i % len(texts)])
        size += len(out[-1]) + 2
        i += 1
    return "\n\n".join(out)[:n]


def timed(text: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    doc = nlp.parse(text)
    t1 = time.perf_counter()
    pipeline.coder().code(Article("bench", text, datetime(2020, 2, 1)), doc)
    return t1 - t0, time.perf_counter() - t1


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    timed(corpus(3000))         # load the model and the gazetteer first
    p1, c1 = timed(corpus(n))
    p2, c2 = timed(corpus(2 * n))
    words = "rebels attacked the army base near Idlib and killed soldiers while troops shelled villages".split()
    sentence = "In Syria " + " ".join(words[i % len(words)] for i in range(20_000)) + "."
    ps, cs = timed(sentence)
    print(json.dumps({
        "bench": "linearity", "chars": n,
        "parse_s": [round(p1, 2), round(p2, 2)], "code_s": [round(c1, 2), round(c2, 2)],
        "parse_ratio": round(p2 / p1, 2), "code_ratio": round(c2 / c1, 2),
        "total_ratio": round((p2 + c2) / (p1 + c1), 2),
        "sentence_20000_words_s": round(ps + cs, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
