""""X in Y": a place written as lying in a division or city named right after it.

"Clashes in Al-Mallah in Aleppo" cannot be Malah in As-Suwayda, 420 km away, nor "Sur in Dar'a"
Sur in Oman: when the reading of X lies far outside the Y written right after "in" (or after a
comma, when Y is a division: "Pandi, Bulacan"; "Saraqib, Damascus" is a list), X is a place the
gazetteer lacks, and it is left unresolved, so that the event coder falls back to Y (ACLED codes
such an event at Y with a lower precision). Y must be resolved to a first-level division or a
settlement; "far" is beyond the reach of any division from Y's point
(a city named Y may stand for its province: "in Idlib").
"""
from __future__ import annotations

import re

from frontwatch.model import PlaceMention

from .resolve import LOCAL_FEATURES, km

_COMMA = re.compile(r"^\s*,\s*$")
_IN = re.compile(r"^\s*(?:,|in|in the|inside|within|of)\s*(?:the\s+)?"
                 r"(?:(?:northern|southern|eastern|western|central|north-?western|north-?eastern|"
                 r"south-?western|south-?eastern|rural)\s+)?$", re.I)
REACH_KM = 200      # Syrian governorates reach 100-250 km from their seat


def _far(p, y) -> bool:
    """Beyond any division's reach from Y's point: "in Idlib" may be the city or the province,
    and a city's point stands for its province in reports."""
    return km(p.latitude, p.longitude, y.latitude, y.longitude) > REACH_KM


def outside_their_area(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """`mentions` (in text order, resolved) without the local places that lie far outside the
    division or city written right after them."""
    out = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        p = m.place
        if (nxt is not None and p is not None and nxt.place is not None and p.latitude is not None
                and (p.feature or "").startswith(LOCAL_FEATURES) and p.population < 100_000
                and (nxt.place.feature == "A.ADM1" or (nxt.place.feature or "").startswith("P.")
                     and not _COMMA.match(text[m.end:nxt.start]))     # "Saraqib, Damascus": a list
                and _IN.match(text[m.end:nxt.start]) and _far(p, nxt.place)):
            continue
        out.append(m)
    return out
