""""X in Y": a place written as lying in, near or in the countryside of a division or town named after it.

"Clashes in Al-Mallah in Aleppo" cannot be Malah in As-Suwayda, 420 km away, nor "Sur in Dar'a"
Sur in Oman, nor "Amiriyeh in the countryside of Ras al-Ain" an Amiriyah 300 km off in another
province: when the reading of X lies outside the Y written right after it, X is a place the
gazetteer lacks (or a namesake elsewhere), and it is left unresolved, so that the event coder falls
back to Y (ACLED codes such an event at Y with a lower precision).

What joins X to Y: "in", "inside", "within", "of", "near", "around", "outside", "close to", "on the
outskirts of", "(to the) west of", optionally after one or two words of the kind of place ("X village area
in", "X front near", "X desert in") and before a side, "countryside of" or "the town of"; or a comma when Y
is a division ("Pandi, Bulacan"; "Saraqib, Damascus" is a list). The last village of a list carries the
list ("the villages of A, B and C in Y"). Y must be resolved to a first-level division or a settlement.
Outside means:
- X lies in another country than Y (more than `BORDER_KM` off): "Sanaa in As-Sweida";
- X is written as near Y ("near", "west of", "on the outskirts of") and lies over `NEAR_KM` from it;
- Y a division, or a city big enough to stand for its province ("in Idlib", "northern Hama
  countryside"): X lies in another first-level division of the same country more than
  `BORDER_KM` from Y's point, or beyond any division's reach (`REACH_KM`) from it;
- Y a town: X lies more than `TOWN_KM` from it (a town's countryside is tens of kilometres).
A city that stands for a province itself is checked only against provinces, unless read by a looser
spelling than its name ("Humayd" read as Hama).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from frontwatch.model import Place, PlaceMention

from .normalize import key1, key2
from .resolve import LOCAL_FEATURES, km

_COMMA = re.compile(r"^\s*,\s*$")
_NAMES = re.compile(r"(?:\s*,?\s*(?:(?:and|or)\s+)?(?:(?:al|el|as|ash|ad|ar|at|az)[ -])?[A-Z][\w'’-]*"
                    r"(?:[ -](?:(?:al|el|as|ash|ad|ar|at|az|of)[ -])?[A-Z][\w'’-]*)*)+")
_NEAR = re.compile(r"\b(?:near|around|outside|close\s+to|outskirts|vicinity|environs|suburbs|(?:north|south|east|west)\w*"
                   r"\s+of)\b", re.I)
_LIST = re.compile(r"^\s*(?:,|,?\s*(?:and|or))\s*$")
_SIDE = r"(?:northern|southern|eastern|western|central|north-?western|north-?eastern|south-?western|south-?eastern|rural)"
_DIR = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_KIND = (r"(?:villages?|towns?|city|areas?|(?:sub-?)?districts?|camp|front|axis|road|highway|farms?|hills?|"
         r"points?|neighbou?rhoods?|quarters?|regions?|countryside|desert|plains?|valley|mountains?)")
_IN = re.compile(
    r"^\s*(?:" + _KIND + r"\s+){0,2}"
    r"(?:,|(?:,\s*)?(?:in|inside|within|of|near|around|outside|close\s+to|on\s+the\s+(?:outskirts|edges?|fringes?)\s+of|"
    r"(?:to\s+the\s+)?" + _DIR + r"\s+of))\s*"
    r"(?:the\s+)?(?:" + _SIDE + r"\s+)?(?:(?:countryside|outskirts|suburbs|vicinity|environs)\s+of\s+)?"
    r"(?:the\s+)?(?:" + _SIDE + r"\s+)?(?:(?:town|city|village)\s+of\s+)?$", re.I)
REACH_KM = 200      # Syrian governorates reach 100-250 km from their seat
BORDER_KM = 40      # a place this close to Y may lie over a provincial border from it and still be "in" Y's area
TOWN_KM = 60        # "the countryside of a town", "in a town's district"
NEAR_KM = 35        # "near Y", "north of Y", "on the outskirts of Y"
STANDS_FOR_PROVINCE = 100_000


def _other_division(p: Place, y: Place) -> bool:
    return bool(p.country and p.country == y.country and p.admin1 and y.admin1
                and key2(p.admin1) != key2(y.admin1))


def _far(m: PlaceMention, y: Place, near: bool) -> bool:
    """The reading of X (`m`) lies outside Y's (`y`) area: see the module's text. A city big enough to stand for
    a province, read by its own name, is outside only a province of another country or another province of its
    own. `near`: X is written as near Y ("near", "north of", "on the outskirts of")."""
    p = m.place
    d = km(p.latitude, p.longitude, y.latitude, y.longitude)
    small = p.population < STANDS_FOR_PROVINCE or key1(m.text) != key1(p.name)    # "Humayd" read as Hama
    if p.country and y.country and p.country != y.country and d > BORDER_KM:
        return True
    if near and d > NEAR_KM:
        return True
    if y.feature == "A.ADM1" or y.population >= STANDS_FOR_PROVINCE:
        return d > BORDER_KM and _other_division(p, y) or d > REACH_KM and small
    return d > TOWN_KM and small


def _local(p: Place | None) -> bool:
    return p is not None and p.latitude is not None and (p.feature or "").startswith(LOCAL_FEATURES)


def _container(text: str, m: PlaceMention, nxt: PlaceMention) -> str | None:
    """How `nxt` is written as the division or town that `m` lies in ("in") or near ("near"), or None."""
    y = nxt.place
    if y is None or y.latitude is None or not (y.feature == "A.ADM1" or (y.feature or "").startswith("P.")):
        return None
    between = text[m.end:nxt.start]
    if _COMMA.match(between) and y.feature != "A.ADM1":      # "Saraqib, Damascus": a list
        return None
    join = between
    if not _IN.match(between):
        # "the villages of A, B, Tal C and D in Y": names the gazetteer lacks between A and "in Y"
        names = _NAMES.match(between)
        if not (names and _IN.match(between[names.end():]) and re.search(r",|\band\b", names.group())):
            return None
        join = between[names.end():]
    return "near" if _NEAR.search(join) else "in"


def outside_their_area(text: str, mentions: list[PlaceMention],
                       inside: Callable[[PlaceMention], list[Place]] | None = None) -> list[PlaceMention]:
    """`mentions` (in text order, resolved) without the local places that lie outside the
    division or town written right after them, or after the list they end ("the villages of A, B
    and C in Y"). `inside(m)`: the other readings of m's name (any key level the caller trusts); the
    one that does lie in Y, if any, takes the place of the reading outside ("Madaya in southern Idleb
    countryside" is not the famous Madaya of Rif Dimashq but the Idlib village a looser spelling meets)."""
    within: list[tuple[Place, bool] | None] = [None] * len(mentions)     # the Y each mention is written in/near
    for i in range(len(mentions) - 2, -1, -1):
        m, nxt = mentions[i], mentions[i + 1]
        join = _container(text, m, nxt)
        if join:
            within[i] = (nxt.place, join == "near")
        elif _LIST.match(text[m.end:nxt.start]) and _local(nxt.place):
            within[i] = within[i + 1]
    out = []
    for m, y in zip(mentions, within, strict=True):
        if y is None or not _local(m.place) or not _far(m, *y):
            out.append(m)
            continue
        there = [p for p in (inside(m) if inside else ()) if _local(p) and p.country == y[0].country
                 and not _far(PlaceMention(m.start, m.end, m.text, p), *y)]
        if there:
            out.append(PlaceMention(m.start, m.end, m.text, there[0]))
    return out
