"""Fit the candidate-ranking weights (frontwatch/geo/ranking.py) on gold-span corpora.

    .venv/bin/python bench/fit_ranking.py ../shared/data/geo/lgl.xml ../shared/data/geo/GeoVirus.xml [--write]

For each gold span with two or more candidates, one of them within 161 km of the gold point, the
candidate nearest the gold point is the answer: a conditional logit (softmax over the span's
candidates, L2 pull towards the hand weights) is fitted on each corpus alone and on both. Prints
acc@161km of the hand weights and of each fit on each corpus (fit on one, score the other: the
cross-corpus figures). --write saves the weights fitted on both to frontwatch/geo/data/ranking.json,
marked for use only if each single-corpus fit beats the hand weights on the other corpus.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "eval"))
from score import geo_docs, km  # noqa: E402

from frontwatch.geo import get_geoparser, ranking  # noqa: E402

L2 = float(__import__("os").environ.get("FIT_L2", "0.05"))


def examples(gp, docs):
    out = []
    for _, text, tops in docs:
        trace: list = []
        gp.resolve(text, [(s, e) for s, e, _, _ in tops], trace=trace)
        for (_, _, lat, lon), feats in zip(tops, trace, strict=True):
            if len(feats) < 2:
                continue
            d = [km(lat, lon, c.lat, c.lon) for c, _ in feats]
            best = int(np.argmin(d))
            if d[best] <= 161:
                out.append((np.array([x for _, x in feats], dtype=float), best))
    return out


def fit(data) -> tuple[float, ...]:
    hand = np.array(ranking.HAND)

    def loss(w):
        total, grad = 0.0, np.zeros_like(w)
        for x, y in data:
            z = x @ w
            z -= z.max()
            p = np.exp(z) / np.exp(z).sum()
            total -= np.log(p[y] + 1e-12)
            grad -= x[y] - p @ x
        n = len(data)
        return total / n + L2 * ((w - hand) ** 2).sum(), grad / n + 2 * L2 * (w - hand)

    res = minimize(loss, hand, jac=True, method="L-BFGS-B")
    return tuple(round(float(v), 4) for v in res.x)


def accuracy(gp, docs, w) -> float:
    ranking.use(w)
    gp.gaz._cache.clear()
    ok = n = 0
    for _, text, tops in docs:
        for (_, _, lat, lon), m in zip(tops, gp.resolve(text, [(s, e) for s, e, _, _ in tops]), strict=True):
            n += 1
            ok += m.place is not None and km(lat, lon, m.place.latitude, m.place.longitude) <= 161
    ranking.use(None)
    return round(ok / n, 4)


def main() -> None:
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    gp = get_geoparser()
    ranking.use(ranking.HAND)
    corpora = {Path(p).stem: geo_docs(p) for p in paths}
    data = {k: examples(gp, d) for k, d in corpora.items()}
    ranking.use(None)
    fits = {k: fit(v) for k, v in data.items()}
    fits["all"] = fit([x for v in data.values() for x in v])
    report = {"features": list(ranking.FEATURES), "hand": list(ranking.HAND),
              "examples": {k: len(v) for k, v in data.items()}, "acc_161km": {}}
    for name, w in [("hand", ranking.HAND), *fits.items()]:
        report["acc_161km"][name] = {k: accuracy(gp, d, w) for k, d in corpora.items()}
        print(json.dumps({"weights": name, "w": list(w), **report["acc_161km"][name]}))
    keys = list(corpora)
    cross_ok = len(keys) == 2 and all(
        report["acc_161km"][a][b] >= report["acc_161km"]["hand"][b] for a, b in (keys, keys[::-1]))
    if "--write" in sys.argv:
        ranking.PATH.write_text(json.dumps({**report, "weights": list(fits["all"]), "use": cross_ok,
                                            "fitted_on": keys}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {ranking.PATH} (use: {cross_ok})")


if __name__ == "__main__":
    main()
