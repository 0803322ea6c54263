"""The candidate ranking is a linear model over named terms; its weights can be swapped."""
import json

from frontwatch.geo import ranking


def test_packaged_fit_is_used_only_when_it_wins_across_corpora():
    assert len(ranking.HAND) == len(ranking.FEATURES)
    if not ranking.PATH.exists():
        assert ranking.weights() == ranking.HAND
        return
    d = json.loads(ranking.PATH.read_text(encoding="utf-8"))
    assert d["features"] == list(ranking.FEATURES) and len(d["weights"]) == len(ranking.FEATURES)
    a, b = d["fitted_on"]
    acc = d["acc_161km"]
    wins = acc[a][b] >= acc["hand"][b] and acc[b][a] >= acc["hand"][a]
    assert d["use"] == wins
    assert ranking.weights() == (tuple(d["weights"]) if wins else ranking.HAND)


def test_weights_decide_between_readings(gp):
    text = "Storms hit Dallas, Tyler and Paris on Monday; Sherman was spared."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Dallas", "Tyler", "Paris", "Sherman")]
    near_only = (0.0,) * (len(ranking.FEATURES) - 1) + (1.0,)
    picks = {}
    try:
        for name, w in (("hand", ranking.HAND), ("near", near_only)):
            ranking.use(w)
            trace: list = []
            out = gp.resolve(text, spans, trace=trace)
            for m, feats in zip(out, trace, strict=True):
                if len(feats) > 1:      # the pick is the best-scored candidate under these weights
                    best = max(feats, key=lambda cx, w=w: ranking.score(w, cx[1]))[0]
                    assert (m.place.latitude, m.place.longitude) == (round(best.lat, 5), round(best.lon, 5))
            picks[name] = out[2].place
    finally:
        ranking.use(None)
    assert picks["hand"].country == "US" and picks["hand"].admin1 == "Texas"
