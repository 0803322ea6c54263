""""The capital of X": a country's or a first-level division's seat, written through its area.

"A shootout north of the capital of Kabardino-Balkaria" happened at Nalchik, not anywhere in the
republic (whose point is its centre, 50-300 km from the seat). When the words right before a
resolved country or division are "capital of" (or "X's capital"), the mention takes the seat's
place: a country's national capital (GeoNames' PPLC), a division's seat from the `capital`
column of data/admin1.csv. A place whose seat is unknown keeps its own point.
"""
from __future__ import annotations

import re
from functools import cache

from frontwatch.model import Place, PlaceMention

from .build import _read_csv, _split

_BEFORE = re.compile(r"\bcapital,?\s+of\s+(?:the\s+)?$", re.I)
_AFTER = re.compile(r"^(?:'s|’s)\s+capital\b", re.I)


@cache
def division_seats() -> dict[tuple[str, str], str]:
    """(country, division name or alias, lower case) -> the name of its seat, from data/admin1.csv."""
    return {(r["country"], name.lower()): r["capital"].strip() for r in _read_csv("admin1.csv")
            if r["capital"].strip() for name in [r["name"], *_split(r["aliases"])]}


def written_as_capital(text: str, m: PlaceMention) -> bool:
    """The mention is named as the area whose capital is meant."""
    return bool(_BEFORE.search(text[max(0, m.start - 40):m.start]) or _AFTER.match(text[m.end:m.end + 12]))


def seats_for(text: str, mentions: list[PlaceMention], seat_of) -> list[PlaceMention]:
    """`mentions` with each "capital of X" moved to X's seat. `seat_of(place) -> Place | None` finds the seat of
    a country or a division (None for other places, or a seat unknown)."""
    out = []
    for m in mentions:
        seat: Place | None = seat_of(m.place) if m.place is not None and written_as_capital(text, m) else None
        out.append(m if seat is None else PlaceMention(m.start, m.end, m.text, seat))
    return out
