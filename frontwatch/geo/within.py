""""X in Y": a place written as lying in, near or in the countryside of a division or town named after it.

"Clashes in Al-Mallah in Aleppo" cannot be Malah in As-Suwayda, 420 km away, nor "Sur in Dar'a"
Sur in Oman, nor "Amiriyeh in the countryside of Ras al-Ain" an Amiriyah 300 km off in another
province: when the reading of X lies outside the Y written right after it, X is a place the
gazetteer lacks (or a namesake elsewhere), and it is left unresolved, so that the event coder falls
back to Y (ACLED codes such an event at Y with a lower precision).

What joins X to Y: "in", "inside", "within", "of", "near", "around", "outside", "close to", "west of",
optionally after the kind of place ("X village in", "X front near") and before a side and "countryside of"
("X in the western countryside of Y"); or a comma when Y is a division ("Pandi, Bulacan"; "Saraqib,
Damascus" is a list). Y must be resolved to a first-level division or a settlement. Outside means:
- Y a division, or a city big enough to stand for its province ("in Idlib", "northern Hama
  countryside"): X lies in another first-level division of the same country more than
  `BORDER_KM` from Y's point, or beyond any division's reach (`REACH_KM`) from it;
- Y a town: X lies more than `TOWN_KM` from it (a town's countryside is tens of kilometres).
"""
from __future__ import annotations

import re

from frontwatch.model import Place, PlaceMention

from .normalize import key2
from .resolve import LOCAL_FEATURES, km

_COMMA = re.compile(r"^\s*,\s*$")
_NAMES = re.compile(r"(?:\s*,?\s*(?:(?:and|or)\s+)?(?:(?:al|el|as|ash|ad|ar|at|az)[ -])?[A-Z][\w'’-]*"
                    r"(?:[ -](?:(?:al|el|as|ash|ad|ar|at|az|of)[ -])?[A-Z][\w'’-]*)*)+")
_LIST = re.compile(r"^\s*(?:,|,?\s*(?:and|or))\s*$")
_SIDE = r"(?:northern|southern|eastern|western|central|north-?western|north-?eastern|south-?western|south-?eastern|rural)"
_DIR = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_KIND = (r"(?:villages?|towns?|city|area|areas|district|sub-?district|camp|front|axis|road|highway|farms?|hills?|"
         r"point|neighbou?rhood|region|countryside|desert|plains?|valley|mountains?)")
_IN = re.compile(
    r"^\s*(?:" + _KIND + r"\s+){0,2}"
    r"(?:,|(?:,\s*)?(?:in|inside|within|of|near|around|outside|close\s+to|(?:to\s+the\s+)?" + _DIR + r"\s+of))\s*"
    r"(?:the\s+)?(?:" + _SIDE + r"\s+)?(?:(?:countryside|outskirts|suburbs|vicinity|environs)\s+of\s+)?"
    r"(?:the\s+)?(?:" + _SIDE + r"\s+)?(?:(?:town|city|village)\s+of\s+)?$", re.I)
REACH_KM = 200      # Syrian governorates reach 100-250 km from their seat
BORDER_KM = 40      # a place this close to Y may lie over a provincial border from it and still be "in" Y's area
TOWN_KM = 60        # "the countryside of a town", "near a town"
STANDS_FOR_PROVINCE = 100_000


def _other_division(p: Place, y: Place) -> bool:
    return bool(p.country and p.country == y.country and p.admin1 and y.admin1
                and key2(p.admin1) != key2(y.admin1))


def _far(p: Place, y: Place) -> bool:
    """X's reading `p` lies outside Y's (`y`) area: see the module's text. A city big enough to stand for a
    province is outside only a province of another country or another province of its own."""
    d = km(p.latitude, p.longitude, y.latitude, y.longitude)
    if p.country and y.country and p.country != y.country and d > BORDER_KM:
        return True
    if y.feature == "A.ADM1" or y.population >= STANDS_FOR_PROVINCE:
        return d > BORDER_KM and _other_division(p, y) or d > REACH_KM and p.population < STANDS_FOR_PROVINCE
    return d > TOWN_KM and p.population < STANDS_FOR_PROVINCE


def _local(p: Place | None) -> bool:
    return p is not None and p.latitude is not None and (p.feature or "").startswith(LOCAL_FEATURES)


def _container(text: str, m: PlaceMention, nxt: PlaceMention) -> bool:
    """`nxt` is written as the division or town that `m` lies in (or near)."""
    y = nxt.place
    if y is None or y.latitude is None or not (y.feature == "A.ADM1" or (y.feature or "").startswith("P.")):
        return False
    between = text[m.end:nxt.start]
    if _COMMA.match(between) and y.feature != "A.ADM1":      # "Saraqib, Damascus": a list
        return False
    if _IN.match(between):
        return True
    # "the villages of A, B, Tal C and D in Y": names the gazetteer lacks between A and "in Y"
    names = _NAMES.match(between)
    return bool(names and _IN.match(between[names.end():]) and re.search(r",|\band\b", names.group()))


def outside_their_area(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """`mentions` (in text order, resolved) without the local places that lie outside the
    division or town written right after them, or after the list they end ("the villages of A, B
    and C in Y")."""
    within: list[Place | None] = [None] * len(mentions)     # the Y each mention is written to lie in
    for i in range(len(mentions) - 2, -1, -1):
        m, nxt = mentions[i], mentions[i + 1]
        if _container(text, m, nxt):
            within[i] = nxt.place
        elif _LIST.match(text[m.end:nxt.start]) and _local(nxt.place):
            within[i] = within[i + 1]
    return [m for m, y in zip(mentions, within, strict=True)
            if not (y is not None and _local(m.place) and _far(m.place, y))]
