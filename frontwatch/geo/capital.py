""""The capital of X": a country's or a first-level division's seat, written through its area.

"A shootout north of the capital of Kabardino-Balkaria" happened at Nalchik, not anywhere in the
republic (whose point is its centre, 50-300 km from the seat). When the words right before a
resolved country or division are "capital of" (or "X's capital"), the mention takes the seat's
place: a country's national capital (GeoNames' PPLC), a division's seat from the `capital`
column of data/admin1.csv. A place whose seat is unknown keeps its own point.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from frontwatch.model import Place, PlaceMention

_DATA = Path(__file__).parent / "data"
_BEFORE = re.compile(r"\bcapital,?\s+of\s+(?:the\s+)?$", re.I)
_AFTER = re.compile(r"^(?:'s|’s)\s+capital\b", re.I)


def division_seats() -> dict[tuple[str, str], str]:
    """(country, division name or alias) -> the name of its seat, from data/admin1.csv."""
    seats: dict[tuple[str, str], str] = {}
    with open(_DATA / "admin1.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            seat = r["capital"].strip()
            if seat:
                for name in [r["name"], *r["aliases"].split("|")]:
                    if name.strip():
                        seats[(r["country"], name.strip().lower())] = seat
    return seats


def written_as_capital(text: str, m: PlaceMention) -> bool:
    """The mention is named as the area whose capital is meant."""
    return bool(_BEFORE.search(text[max(0, m.start - 40):m.start]) or _AFTER.match(text[m.end:m.end + 12]))


def seats_for(text: str, mentions: list[PlaceMention], seat_of) -> list[PlaceMention]:
    """`mentions` with each "capital of X" (X a resolved country or division) moved to X's seat.
    `seat_of(place) -> Place | None` finds the seat."""
    out = []
    for m in mentions:
        p = m.place
        if (p is not None and (p.feature or "") in ("A.PCLI", "A.ADM1") and written_as_capital(text, m)):
            seat: Place | None = seat_of(p)
            if seat is not None:
                m = PlaceMention(m.start, m.end, m.text, seat)
        out.append(m)
    return out
