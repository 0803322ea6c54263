"""How the candidate terms of `resolve.resolve_mentions` combine into one score: a linear model.

score(candidate) = sum(weight_i * term_i) over FEATURES:

- `prior`: feature class, population, admin-word hint and name-match quality (`resolve.prior`)
- `qualifier`: a place written after a comma contains it (1) or does not (-0.25)
- `country_share`, `admin1_share`: share of the document's other mentions in its country / division
- `contained`: inside a division the document names
- `list_kind`: next to a place of its kind in a list ("California, Alaska and Oregon")
- `state_concentration`, `coherent_state`: the division most of the document points to
- `near`: exp(-km / 150) to the nearest other local place of the document

`HAND` are the weights tuned by hand on LGL (issue 3). `data/ranking.json`, when present, holds
weights fitted by `bench/fit_ranking.py` (a conditional logit over each mention's candidates, on
LGL and GeoVirus together, with the cross-corpus figures beside them); they are used when it
records that they beat the hand weights on the corpus they were not fitted on.
"""
from __future__ import annotations

import json
from functools import lru_cache
from operator import mul
from pathlib import Path

FEATURES = ("prior", "qualifier", "country_share", "admin1_share", "contained", "list_kind",
            "state_concentration", "coherent_state", "near")
HAND = (1.0, 4.0, 4.0, 1.5, 1.5, 2.5, 3.0, 2.0, 2.0)
PATH = Path(__file__).parent / "data" / "ranking.json"

_override: tuple[float, ...] | None = None


@lru_cache(maxsize=1)
def _fitted() -> tuple[float, ...] | None:
    if not PATH.exists():
        return None
    d = json.loads(PATH.read_text(encoding="utf-8"))
    if d.get("features") != list(FEATURES) or not d.get("use"):
        return None
    return tuple(float(x) for x in d["weights"])


def weights() -> tuple[float, ...]:
    return _override or _fitted() or HAND


def use(w: tuple[float, ...] | None) -> None:
    """Score with `w` from now on in this process (None: back to the packaged weights); for fitting."""
    global _override
    _override = tuple(w) if w is not None else None


def score(w: tuple[float, ...], x: tuple[float, ...]) -> float:
    return sum(map(mul, w, x))
