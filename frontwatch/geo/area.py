"""The area a phrase points at, as opposed to the place it names.

"a village in the eastern countryside of Aleppo" names Aleppo but places the
event east of it. When the village itself is unknown, the best single point
for the event is the middle of the area described, not the anchor's centre:

- "the eastern countryside of X" / "X's eastern countryside" / "eastern X
  countryside" (X a town): a point `COUNTRYSIDE_KM` from X in that direction;
- "12 km east of X": that point;
- "southern Idlib" (X a first-level division): the middle of the division's
  populated places that lie on that side of its centre.

Only where the sentence names a place there ("Kafr Khasher village in ..."): a
report of "clashes in the eastern countryside of Homs" and nothing more is
coded by ACLED at Homs itself, the town chosen to represent the area.

Used for event locations only (`Geoparser.find(..., areas=True)`); toponym
resolution keeps the anchor's own coordinates.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace

from frontwatch.model import PlaceMention

from .normalize import key1

# How far "the countryside" of a town reaches, in km: villages said to be in a town's
# countryside lie mostly 10-50 km out.
COUNTRYSIDE_KM = 20.0     # and so within 25 km of the town, where ACLED codes a village it lacks

_BEARING = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
            "southwest": 225, "west": 270, "northwest": 315}
_SIDE = r"(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_RURAL_BEFORE = re.compile(rf"\b{_SIDE}\s+(?:rural\s+)?(?:countryside|rural\s+areas?|"
                           rf"hinterland)\s+of\s+(?:the\s+)?$", re.I)
_RURAL_AFTER = re.compile(rf"^(?:'s|’s)?\s+{_SIDE}\s+(?:countryside|rural\s+areas?|hinterland)\b", re.I)
_SIDE_BEFORE = re.compile(rf"\b{_SIDE}\s+(?:rural\s+)?$", re.I)
_COUNTRYSIDE_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:countryside|rural\s+areas?|hinterland)\b", re.I)
_DISTANCE = re.compile(rf"\b(\d+(?:\.\d+)?)\s*(km|kms|kilomet(?:er|re)s?|miles?)\s+(?:to\s+the\s+)?"
                       rf"{_SIDE}\s+of\s+(?:the\s+)?$", re.I)


# The sentence names the very place before the anchor: "Kafr Khasher village in the northern
# countryside of Aleppo", "the villages of X and Y in ...", "Kafr Sajna, 10 km west of ...".
_NAMED_PLACE = re.compile(r"(?:\b(?:villages?|towns?|hamlets?)\b[^.;]{0,80}|[A-Z][\w'’-]+,\s+(?:about\s+|some\s+)?"
                          r"\d[^.;]{0,30})$")


# Or a place the gazetteer lacks, written right before the area: "Madaya in southern Idleb countryside", "the
# Jbine area in northern Hama countryside"
_UNKNOWN_BEFORE = re.compile(rf"^\s+(?:(?:front|area|axis|farms?|village|town)\s+)?(?:in|near)\s+(?:the\s+)?"
                             rf"(?:{_SIDE}\s+)?(?:(?:rural\s+)?countryside\s+of\s+(?:the\s+)?)?$", re.I)


def _bearing(word: str) -> float:
    return _BEARING[word.lower().replace("-", "")]


def offset(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` away from (lat, lon) on `bearing` degrees (flat-earth, fine below 100 km)."""
    b = math.radians(bearing)
    dlat = km * math.cos(b) / 111.0
    dlon = km * math.sin(b) / (111.0 * max(0.1, math.cos(math.radians(lat))))
    return round(lat + dlat, 5), round(lon + dlon, 5)


class AreaFinder:
    """Moves the point of a resolved mention to the area its context describes."""

    def __init__(self, gaz):
        self.gaz = gaz
        self._sides: dict[tuple, tuple[float, float] | None] = {}

    def _side_of_admin1(self, cc: str, a1code: str, lat: float, lon: float,
                        bearing: float) -> tuple[float, float] | None:
        key = (cc, a1code, lat, lon, bearing)     # the centre too: the answer depends on it
        if key not in self._sides:
            self._sides[key] = self._middle_of_side(cc, a1code, lat, lon, bearing)
        return self._sides[key]

    def _middle_of_side(self, cc: str, a1code: str, lat: float, lon: float,
                        bearing: float) -> tuple[float, float] | None:
        """Middle of the populated places of a division within 60° of `bearing` from its centre."""
        rows = self.gaz.con.execute(
            "SELECT lat, lon FROM places WHERE cc=? AND a1code=? AND feature LIKE 'P.%' AND lat IS NOT NULL",
            (cc, a1code)).fetchall()
        pts = []
        for plat, plon in rows:
            dy = plat - lat
            dx = (plon - lon) * math.cos(math.radians(lat))
            if abs(dx) + abs(dy) < 1e-6:
                continue
            b = math.degrees(math.atan2(dx, dy)) % 360
            if abs((b - bearing + 180) % 360 - 180) <= 60:
                pts.append((plat, plon))
        if len(pts) < 3:
            return None
        return (round(sum(p[0] for p in pts) / len(pts), 5), round(sum(p[1] for p in pts) / len(pts), 5))

    def area(self, text: str, m: PlaceMention, unknown: list[tuple[int, int]] = ()) -> PlaceMention:
        """`unknown`: the spans of the text's place names the gazetteer could not place."""
        p = m.place
        if p is None or p.latitude is None:
            return m
        before, after = text[max(0, m.start - 60):m.start], text[m.end:m.end + 40]
        if not (_NAMED_PLACE.search(text[max(0, m.start - 120):m.start])
                or any(0 <= m.start - e <= 80 and _UNKNOWN_BEFORE.match(text[e:m.start]) for _, e in unknown)):
            return m    # "clashes in the countryside of Hama": ACLED's point is Hama itself
        town = bool(p.feature and p.feature.startswith("P."))
        d = _DISTANCE.search(before)
        if d:
            km = float(d.group(1)) * (1.609 if d.group(2).lower().startswith("mile") else 1.0)
            if 0 < km <= 150:
                return self._moved(m, km, _bearing(d.group(3)), 2)
            return m
        side = None
        if town:
            r = _RURAL_BEFORE.search(before) or _RURAL_AFTER.match(after)
            if r is None:
                s = _SIDE_BEFORE.search(before)
                if s and _COUNTRYSIDE_AFTER.match(after):
                    r = s
            side = r.group(1) if r else None
            if side:
                return self._moved(m, COUNTRYSIDE_KM, _bearing(side), 2)
            # "southern Idlib": the province's south, when the town shares the province's name
            s = _SIDE_BEFORE.search(before)
            a1 = self._admin1(p.country, m.text) if s else None
            if a1:
                return self._side(m, a1, s.group(1))
        elif p.feature == "A.ADM1":
            s = _SIDE_BEFORE.search(before) or _RURAL_BEFORE.search(before) or _RURAL_AFTER.match(after)
            a1 = self._admin1(p.country, p.admin1) if s else None
            if a1:
                return self._side(m, a1, s.group(1))
        return m

    def _side(self, m: PlaceMention, a1: tuple, side: str) -> PlaceMention:
        code, lat, lon = a1
        pt = self._side_of_admin1(m.place.country, code, lat, lon, _bearing(side))
        if pt is None:
            return m
        return PlaceMention(m.start, m.end, m.text,
                            replace(m.place, latitude=pt[0], longitude=pt[1], precision=3))

    def _admin1(self, cc: str | None, name: str | None) -> tuple | None:
        """(code, lat, lon) of the country's first-level division called `name`."""
        if not cc or not name:
            return None
        k = key1(name)
        for code, a1name, lat, lon in self.gaz.con.execute(
                "SELECT code, name, lat, lon FROM admin1 WHERE cc=? AND lat IS NOT NULL", (cc,)):
            if key1(a1name) == k:
                return code, lat, lon
        return None

    @staticmethod
    def _moved(m: PlaceMention, km: float, bearing: float, precision: int) -> PlaceMention:
        p = m.place
        lat, lon = offset(p.latitude, p.longitude, km, bearing)
        return PlaceMention(m.start, m.end, m.text,
                            replace(p, latitude=lat, longitude=lon, precision=max(p.precision, precision)))
