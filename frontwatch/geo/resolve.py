"""Toponym resolution: rank gazetteer candidates by prior and document context.

Score of a candidate = feature prior + population + name-match quality
+ document context, recomputed a few rounds from the other mentions' current
choices (leave-one-out): the share of the document in the candidate's
country and first-level division, admin1/country qualifiers written next to
the name ("Alexandria, La.", "Pandi, Bulacan", "in Idlib province"), and the
distance to the other local places of the document.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from . import ranking
from .gazetteer import Cand, Gazetteer, _top_level
from .normalize import SLOTS, key0, key1, level_trusted, slots_trusted

ADMIN_WORDS = {
    "province": "admin", "governorate": "admin", "state": "admin", "oblast": "admin",
    "region": "admin", "prefecture": "admin", "department": "admin", "territory": "admin",
    "county": "adm2", "parish": "adm2", "borough": "adm2", "district": "adm2",
    "municipality": "adm2",
    "city": "city", "town": "city", "village": "city", "villages": "city", "township": "city",
    "countryside": "city",
}

_DIRECTIONS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
# text right before the name -> (hint, precision)
_BEFORE = [
    (re.compile(r"\b(?:the\s+)?(?:town|city|village|hamlet|suburb|neighbou?rhood)s?\s+of\s+$", re.I), "city", 1),
    (re.compile(r"\b(?:province|governorate|state|region|district|county|oblast)\s+of\s+$", re.I), "admin", 1),
    (re.compile(r"\b(?:countryside|outskirts|suburbs|environs|vicinity)\s+of\s+$", re.I), "city", 2),
    (re.compile(rf"\b{_DIRECTIONS}\s+of\s+$", re.I), None, 2),
    (re.compile(r"\b(?:near|nearby|outside|around|close\s+to|near\s+to)\s+$", re.I), None, 2),
    (re.compile(r"\bkm\s+(?:\w+\s+)?(?:from|of)\s+$", re.I), None, 2),
    (re.compile(rf"\b(?:{_DIRECTIONS}|northern|southern|eastern|western|north-?western|north-?eastern|"
                r"south-?western|south-?eastern|central|rural)\s+$", re.I), None, 3),
]
_AFTER = [
    (re.compile(r"^(?:'s|’s)?\s+(province|governorate|state|oblast|prefecture|region|department)\b", re.I), "admin", None),
    (re.compile(r"^\s+(county|parish|district|borough)\b", re.I), "adm2", None),
    (re.compile(r"^(?:'s|’s)?\s+(?:\w+ern\s+)?(countryside|outskirts|suburbs?|environs|vicinity)\b", re.I), "city", 2),
    # "Deir ez-Zor city", "Hama city": the city, not the province of the same name
    (re.compile(r"^\s+(city|town|village)\b", re.I), "city", None),
    # "on Hazrama front", "the Ein Issa front": fighting near X
    (re.compile(r"^\s+(fronts?|frontline|axis)\b", re.I), None, 2),
]
_QUALIFIER = re.compile(r"^\s*,\s*((?:[A-Z][\w.'’-]*\.?)(?:\s+[A-Z][\w.'’-]*\.?){0,3})")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    lookup: str
    hint: str | None = None
    precision: int = 1
    cands: list[Cand] = field(default_factory=list)
    qual: list[Cand] = field(default_factory=list)     # places written right after ", "
    full: str | None = None     # the surface before an admin word was stripped ("Kansas City")
    choice: Cand | None = None
    score: float = 0.0
    sponsor: bool = False       # "backed by Turkey": named as an ally, no vote for the document's country


_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
_LEADING_THE = re.compile(r"^(?:the)\s+", re.I)


def full_surface(s: str) -> str:
    return _LEADING_THE.sub("", _POSSESSIVE.sub("", s.strip()))


def clean_surface(s: str) -> tuple[str, str | None]:
    """Strip articles, possessives and admin suffix words; return (lookup text, hint)."""
    t = s.strip()
    t = _LEADING_THE.sub("", _POSSESSIVE.sub("", t))
    hint = None
    words = t.split()
    if len(words) > 1 and words[-1].lower() in ADMIN_WORDS:
        hint = ADMIN_WORDS[words[-1].lower()]
        if hint == "adm2" and words[-1].lower() in ("county", "parish", "borough"):
            pass  # keep: US counties are indexed with their suffix
        else:
            t = " ".join(words[:-1])
    return t, hint


def context_cues(text: str, start: int, end: int) -> tuple[str | None, int]:
    before = text[max(0, start - 40):start]
    after = text[end:end + 40]
    hint, prec = None, 1
    for rx, h, p in _BEFORE:
        if rx.search(before):
            hint = hint or h
            prec = max(prec, p)
            break
    for rx, h, p in _AFTER:
        if rx.search(after):
            hint = hint or h
            if p:
                prec = max(prec, p)
            break
    return hint, prec


def base_precision(c: Cand) -> int:
    f = c.feature
    if f.startswith(("A.PCL", "L.CONT", "A.ADM1", "L.RGN", "H.SEA", "H.OCN", "H.GULF", "L.PEN", "H.STRT",
                     "H.BAY", "H.CHN", "T.DSRT")):
        return 3
    if f.startswith(("A.ADM2", "A.ADM3", "T.MTS", "T.VAL", "R.RD", "H.STM", "V.FRST", "L.AREA")):
        return 2
    return 1


def prior(c: Cand, hint: str | None) -> float:
    f = c.feature
    pop = max(c.pop, 0)
    if f.startswith("A.PCL"):
        s = 8.0
    elif f == "L.CONT":
        s = 6.5
    elif f == "A.ADM1":
        s = 6.0 + 0.1 * math.log10(pop + 1)
    elif f.startswith("P.PPLC"):
        s = 2.0 + 0.8 * math.log10(pop + 10)
    elif f.startswith("P."):
        s = 1.0 + 0.8 * math.log10(max(pop, 300) + 1)
        if f.startswith("P.PPLA"):
            s += 0.3
    elif f == "A.ADM2":
        # curated counties (English shires: exact points) vs US counties placed at a town (1) or
        # at the state centre (2)
        s = 4.8 if c.approx == 0 and c.pid < 1_000_000_000 else (3.2 if c.approx < 2 else 2.6)
    elif f.startswith("A."):
        s = 2.5
    elif c.pid < 1_000_000_000:
        # curated regions, seas, mountains, camps: named because they matter
        s = 5.0 if f.startswith(("L.", "H.SEA", "H.OCN", "H.GULF", "H.STRT", "H.BAY", "H.CHN", "H.STM",
                                 "T.MTS", "T.DSRT")) else 3.5
    elif c.geonameid is None:   # ACLED locations the user added: places named in conflict reports
        s = 3.5
    else:   # from GeoNames dumps the user added
        s = 1.5 + 0.4 * math.log10(pop + 1)
    if hint == "admin":
        s += 3.0 if f in ("A.ADM1",) else (1.5 if f.startswith("A.") else -2.0)
    elif hint == "adm2":
        s += 3.0 if f.startswith("A.ADM2") else (1.0 if f.startswith("A.") else -1.5)
    elif hint == "city":
        s += 1.5 if f.startswith("P.") else -1.0
    s += 6.0 * math.log(c.quality)
    return s


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _contains(outer: Cand, inner: Cand) -> bool:
    if outer.feature.startswith("A.PCL"):
        return inner.cc == outer.cc and inner.pid != outer.pid
    if outer.feature == "A.ADM1":
        return inner.cc == outer.cc and inner.a1code is not None and inner.a1code == outer.a1code \
            and inner.pid != outer.pid
    return False


# Feature classes of places that belong to one locality (settlements, sites, districts, rivers).
LOCAL_FEATURES = ("P.", "A.ADM2", "A.ADM3", "S.", "T.", "H.STM", "R.", "V.")


def _base_scores(text: str, mentions: list[Mention]) -> dict:
    """(prior, qualifier term) of each candidate; the first choice of each mention by both."""
    base = {}
    w = ranking.weights()
    for m in mentions:
        for c in m.cands:
            qual = (1.0 if any(_contains(q, c) for q in m.qual) else -0.25) if m.qual else 0.0
            base[(id(m), c.pid)] = (prior(c, m.hint), qual)
        m.choice = max(m.cands, key=lambda c: ranking.score(w, base[(id(m), c.pid)])) if m.cands else None
    return base


def document_focus(mentions: list[Mention], votes: dict[str, float] | None = None
                   ) -> tuple[str | None, bool]:
    """The document's country: readings (exact or transliteration keys, not skeletons) of
    countries and first-level divisions vote 1.5, cities of 100,000+ by their own name 1,
    other places 0.5; demonyms, country names and one-country armed groups in the text
    (`votes`) as given. Each name votes once: a town named fourteen times ("Dublin Arts
    Council", "Dublin Singers") is one place, and must not outvote the state named once. A focus
    needs half a vote and a strict plurality; it is strong (it may shut out small places abroad)
    with 1.5 votes and twice the runner-up's."""
    v: dict[str, float] = dict(votes or {})
    per_name: dict[tuple[str, str], float] = {}
    for m in mentions:
        c = m.choice
        if c is None or not c.cc or c.lvl > 1 or m.sponsor:
            continue
        if c.feature.startswith("A.PCL") or c.feature == "A.ADM1" or m.hint == "admin":
            w = 1.5
        else:   # a big city read through an alternate name ("Rashid" = Rosetta) counts as small
            w = 1.0 if c.pop >= 100_000 and c.quality >= 0.99 else 0.5
        k = (key1(m.lookup), c.cc)
        per_name[k] = max(per_name.get(k, 0.0), w)
    for (_, cc), w in per_name.items():
        v[cc] = v.get(cc, 0.0) + w
    if not v:
        return None, False
    ranked = sorted(v.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if n < 0.5 or second >= n:
        return None, False
    return top, n >= 1.5 and n >= 2 * second


SPELLING_SLACK = 0.1    # loose readings spelled this much less like the mention than the closest one drop out
HAMLET = 5_000     # a place abroad this small yields to a same-name place of the document's country


def focus_filter(cands: list[Cand], focus: str, focus_a1: set, strong: bool = True) -> list[Cand]:
    """Candidates a mention may take in a document about `focus`: the in-focus readings of
    the strictest key level that has one (small places reached by a loose key only inside
    the first-level divisions the document names, if it names any), plus exact-key readings abroad by a place's own name (or any
    reading of a country, region or sea, or a big city by its English name: "Mecca" for Makkah).
    Loose keys and alternate names of small places never leave the focus country."""
    inside = [c for c in cands if c.cc == focus and level_trusted(c.lvl, focus)]
    if inside and focus_a1:
        # the document names its first-level division(s): a small place elsewhere in the
        # country reached only by a loose key is another name; better unresolved (the event falls
        # back to the division) than placed hundreds of km away
        inside = [c for c in inside if c.lvl == 0 or (c.cc, c.a1code) in focus_a1 or not c.a1code
                  or not c.feature.startswith(LOCAL_FEATURES) or c.pop >= 5_000]
    if inside:
        top = min(c.lvl for c in inside)
        inside = [c for c in inside if c.lvl == top]
    abroad = [c for c in cands if c.cc != focus and c.lvl == 0
              and (c.quality >= 0.99 or not c.feature.startswith(LOCAL_FEATURES) or c.pop >= 100_000)]
    if strong and any(c.feature.startswith(LOCAL_FEATURES) for c in inside):
        # a village of the focus country beats a same-name village abroad ("near Arbin" in a
        # Syrian report is not Arbin in Savoie); only a big city abroad stays a contender. A weak
        # focus ("Hamilton" read in Ontario beside one "Butler County") may be wrong itself
        abroad = [c for c in abroad if not c.feature.startswith(LOCAL_FEATURES) or c.pop >= 100_000]
    elif slots_trusted(focus) and any(c.feature.startswith(LOCAL_FEATURES) and c.lvl == 0 for c in inside):
        # in a report about a country whose names are romanized from Arabic script, where villages of one name
        # recur across borders, even a weak focus outweighs a hamlet abroad of the very same name ("the town of
        # Kirkat" in a report the caller places in Syria is not Kirkat of Turkey, population 540). Not elsewhere:
        # a weak focus on England would take Winchester, Indiana to Hampshire
        abroad = [c for c in abroad if not c.feature.startswith(LOCAL_FEATURES) or c.pop >= HAMLET]
    if inside and inside[0].lvl > 0 and any(c.feature.startswith("A.PCL") for c in abroad):
        # a country named exactly ("Britain") is not a looser spelling of a place in the focus
        # country ("Bretagne")
        inside = []
    elif inside and inside[0].lvl >= SLOTS and any(c.quality >= 0.99 and (
            c.pop >= 100_000 or not c.feature.startswith(LOCAL_FEATURES)) for c in abroad):
        # nor is a big city or a region named exactly ("Gaza" in a report about Egypt is not Giza)
        inside = []
    return inside + abroad


def _closest_spellings(name: str, cands: list[Cand]) -> list[Cand]:
    """Among readings by a loose key only, those whose own name is spelled most like the mention ("Kabani":
    Kabanah, not Kobane, another name of Ayn al Arab 230 km away, though the vowel-slot key meets both): a
    loose key is a guess, and the closer spelling is the better one."""
    if len(cands) < 2 or min(c.lvl for c in cands) < SLOTS:
        return cands
    k = key1(name)
    sim = {c.pid: SequenceMatcher(None, k, key1(c.name)).ratio() for c in cands}
    best = max(sim.values())
    # closest first: where the ranking finds two readings equal, the closer spelling is taken
    return sorted((c for c in cands if sim[c.pid] >= best - SPELLING_SLACK), key=lambda c: -sim[c.pid])


def _country_by_name(cands: list[Cand]) -> list[Cand]:
    """A country by its own name ("Mexico") is the country, not a place that has the name only
    as an alternate ("Mexico" for Mexico City)."""
    if any(c.feature.startswith("A.PCL") and c.quality >= 0.99 for c in cands):
        return [c for c in cands if c.quality >= 0.99]
    return cands


def _division_by_name(cands: list[Cand]) -> list[Cand]:
    """A first-level division by its own name ("Ontario", "New York", "New Brunswick") is the
    division, not a town elsewhere that shares the name nor a city that has it only as an
    alternate name (New York City); a town of that name inside it stays a contender ("Idlib")."""
    adm = [c for c in cands if c.feature == "A.ADM1" and c.quality >= 0.99]
    if not adm:
        return cands
    return [c for c in cands if not c.feature.startswith(LOCAL_FEATURES) or c.quality >= 0.99
            and any(c.cc == a.cc and c.a1code == a.a1code for a in adm)]


_LIST_SEP = re.compile(r"^\s*(?:[,;/]|,?\s*(?:and|or|&))\s*$", re.I)
LIST_WEIGHT = 2.5


def _word_span(text: str, s: int, e: int) -> tuple[int, int]:
    """A given span widened to whole words and stripped of trailing punctuation (gold spans
    may be off by a character); offsets out of the text are clamped to it."""
    e = max(0, min(e, len(text)))
    s = max(0, min(s, e))
    while s > 0 and text[s - 1].isalnum():
        s -= 1
    while e > s + 1 and not text[e - 1].isalnum() and text[e - 1] != ".":
        e -= 1
    while e < len(text) and text[e].isalnum():
        e += 1
    return s, e


def list_neighbours(text: str, mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Mentions written next to each other in a list ("California, Alaska, Washington and
    Oregon"): the items of a list are usually the same kind of place."""
    spans = {id(m): _word_span(text, m.start, m.end) for m in mentions}
    ordered = sorted(mentions, key=lambda m: spans[id(m)][0])
    nb: dict[int, list[Mention]] = {}
    for a, b in zip(ordered, ordered[1:], strict=False):
        if _LIST_SEP.match(text[spans[id(a)][1]:spans[id(b)][0]]):
            nb.setdefault(id(a), []).append(b)
            nb.setdefault(id(b), []).append(a)
    return nb


CONC_WEIGHT = 3.0
CONC_MIN = 2


def a1_evidence(mentions: list[Mention]) -> list[tuple[str, tuple, int]]:
    """(name key, first-level division, weight) for each mention that places the document in
    one division of a country whatever its reading there: a division named (2), a qualifier
    ("Paris, Tenn.", 2), or a name whose exact readings in that country all lie in one division
    (1). Ambiguous names give none, so a wrong first guess cannot make its own evidence."""
    ev = []
    for m in mentions:
        k = key1(m.lookup)
        for q in m.qual:
            if q.feature == "A.ADM1" and q.a1code:
                ev.append((k, (q.cc, q.a1code), 2))
        by_cc: dict[str, set] = {}
        adm1 = set()
        for c in m.cands:
            if c.quality < 0.99 or not c.cc or not c.a1code:
                continue
            if c.feature == "A.ADM1":
                adm1.add((c.cc, c.a1code))
            elif c.feature.startswith(LOCAL_FEATURES):
                by_cc.setdefault(c.cc, set()).add(c.a1code)
        if len(adm1) == 1:
            ev.append((k, next(iter(adm1)), 2))
        elif not adm1:
            for cc, a1s in by_cc.items():
                if len(a1s) == 1:
                    ev.append((k, (cc, next(iter(a1s))), 1))
    return ev


def concentrated_a1(ev: list[tuple[str, tuple, int]], exclude: str | None = None) -> set[tuple]:
    """First-level divisions the document concentrates in: per country, the division with at
    least two votes of evidence (`a1_evidence`, leaving out the name `exclude`) and a majority
    of that country's votes. Global news, spread over many divisions, has none."""
    per_a1: dict[tuple, dict[str, int]] = {}
    for k, a1, w in ev:
        if k == exclude:
            continue
        d = per_a1.setdefault(a1, {})
        d[k] = max(d.get(k, 0), w)
    tot = {a1: sum(d.values()) for a1, d in per_a1.items()}
    per_cc: dict[str, int] = {}
    for a1, n in tot.items():
        per_cc[a1[0]] = per_cc.get(a1[0], 0) + n
    return {a1 for a1, n in tot.items() if n >= CONC_MIN and n > 0.5 * per_cc[a1[0]]}


def coherent_a1(mentions: list[Mention], exclude: str) -> tuple | None:
    """The first-level division where most of the document's other names have a local place
    ("Columbus", "Platte County", "Norfolk": Nebraska), counting each name once whether or not
    it is ambiguous: at least two names, one more than any other division."""
    cover: dict[tuple, set] = {}
    for m in mentions:
        k = key1(m.lookup)
        if k == exclude:
            continue
        for c in m.cands:
            if c.quality >= 0.99 and c.a1code and c.feature.startswith(LOCAL_FEATURES):
                cover.setdefault((c.cc, c.a1code), set()).add(k)
    ranked = sorted(((len(v), a1) for a1, v in cover.items()), reverse=True)
    if not ranked or ranked[0][0] < 2 or (len(ranked) > 1 and ranked[1][0] >= ranked[0][0]):
        return None
    return ranked[0][1]


COH_WEIGHT = 2.0


_PART_PREFIX = re.compile(r"^(?:north|south|east|west|northern|southern|eastern|western|central|"
                          r"greater|upper|lower|downtown|[nsew]\.)\s+(\S.*)$", re.I)
_OF_PREFIX = re.compile(r"^(?:town|city|village|port|township)\s+of\s+(\S.*)$", re.I)
_WHOLE_SUFFIX = re.compile(r"^(\S.*?)\s+(?:valley|harbou?r|twp\.?|township)$", re.I)
_CO_SUFFIX = re.compile(r"^(\S.*?)\s+co\.?$", re.I)
# inhabitants to place: "Ohioans", "Minnesotans", "Richmondites", "New Londoners", "Texan"
_INHABITANTS = [("ans", ""), ("ns", ""), ("ites", ""), ("ers", ""), ("an", "as")]


def fallback_names(name: str) -> list[tuple[str, int, bool]]:
    """Other names to try, in order, for a name the gazetteer lacks: (name, precision, is an
    inhabitants' word). "North Dallas", "Greater Mumbai" and "Boston Harbor" are parts or
    surroundings of the place named inside them (precision 2); "Loudon Co." is Loudon County;
    "Town of Groton" is Groton; "Ohioans" live in Ohio."""
    out = []
    if m := _CO_SUFFIX.match(name):
        out.append((f"{m.group(1)} County", 1, False))
    for rx, prec in ((_OF_PREFIX, 1), (_PART_PREFIX, 2), (_WHOLE_SUFFIX, 2)):
        if m := rx.match(name):
            out.append((m.group(1), prec, False))
    if name[:1].isupper() and len(name) > 5:
        out += [(name[:-len(a)] + b, 1, True) for a, b in _INHABITANTS if name.endswith(a)]
    return out


def _fallback(gaz: Gazetteer, mentions: list[Mention], every: dict[int, list[Cand]]) -> None:
    """Candidates for mentions the gazetteer has nothing for but a consonant skeleton ("North
    Dallas" ~ Dallesport), from `fallback_names`: only exact readings, and for an inhabitants'
    word only a country, division or town."""
    todo = {id(m): fallback_names(m.lookup) for m in mentions if all(c.lvl >= 2 for c in m.cands)}
    names = [n for alts in todo.values() for n, _, _ in alts]
    if not names:
        return
    found = gaz.candidates_many(names, all_levels=True)
    for m in mentions:
        for n, prec, people in todo.get(id(m), ()):
            cs = [c for c in found.get(n, ()) if c.lat is not None and c.lvl == 0 and c.quality >= 0.99
                  and (not people or c.feature.startswith(("A.PCL", "A.ADM1", "P.")))]
            if cs:
                every[id(m)] = cs
                m.cands, m.lookup, m.precision = cs, n, max(m.precision, prec)
                break


def resolve_mentions(gaz: Gazetteer, text: str, mentions: list[Mention], rounds: int = 3,
                     votes: dict[str, float] | None = None, trace: dict | None = None) -> None:
    """Fill `choice` of each mention in place. `votes`: country votes from outside the
    mentions (demonyms in the text). `trace`: filled with id(mention) -> (mention, [(candidate,
    feature vector)]) of the last round, for fitting `ranking` (bench/fit_ranking.py)."""
    w = ranking.weights()
    # candidates, batched
    fulls = [m.full if m.full is not None else full_surface(m.text) for m in mentions]
    names = [m.lookup for m in mentions] + [f for f, m in zip(fulls, mentions, strict=True) if f != m.lookup]
    quals = {}
    for m in mentions:
        q = _QUALIFIER.match(text[m.end:m.end + 60])
        if q:
            quals[id(m)] = q.group(1).rstrip(".,") if not q.group(1).endswith(".") else q.group(1)
    allc = gaz.candidates_many(names + list(quals.values()), all_levels=True)
    every: dict[int, list[Cand]] = {}
    for m, f in zip(mentions, fulls, strict=True):
        if f != m.lookup and any(c.lvl < 2 for c in _top_level(allc.get(f, []))):
            # "Kansas City", "Iowa City", "Charles City" are names in their own right
            m.lookup, m.hint = f, None
        every[id(m)] = [c for c in allc[m.lookup] if c.lat is not None]
        m.cands = _top_level(every[id(m)])
        m.cands = _division_by_name(_country_by_name(m.cands))
        for hint, kind in (("city", "P."), ("admin", "A.ADM1")):
            # "Al-Raqqah city": the settlement, "Hamma province": the division (not Hamma
            # Bouziane), even when only a looser key reaches it
            found = [c for c in every[id(m)] if c.feature.startswith(kind) and c.lvl <= 1]
            if m.hint == hint and found and not any(c.feature.startswith(kind) for c in m.cands):
                top = min(c.lvl for c in found)
                m.cands = m.cands + [c for c in found if c.lvl == top]
        if id(m) in quals:
            m.qual = [c for c in _top_level(allc.get(quals[id(m)], [])) if c.feature in ("A.ADM1",) or
                      c.feature.startswith("A.PCL") or c.feature == "A.ADM2"]
    _fallback(gaz, mentions, every)
    base = _base_scores(text, mentions)
    focus, strong = document_focus(mentions, votes)
    if focus is not None:
        focus_a1 = {(m.choice.cc, m.choice.a1code) for m in mentions if m.choice is not None
                    and m.choice.feature == "A.ADM1" and m.choice.cc == focus and m.choice.a1code}
        for m in mentions:
            kept = focus_filter(every[id(m)], focus, focus_a1, strong)
            if m.hint == "city":
                kept += [c for c in m.cands if c.feature.startswith("P.") and c.cc == focus and c not in kept]
            m.cands = _closest_spellings(m.lookup, _division_by_name(_country_by_name(kept)))
            if any(c.feature == "A.ADM1" and c.cc == focus and c.quality >= 0.99 for c in m.cands):
                # "Georgia" in a US report is the state, not the country
                m.cands = [c for c in m.cands if not (c.feature.startswith("A.PCL") and c.cc != focus)]
        base = _base_scores(text, mentions)
    else:
        # no focus country: a consonant skeleton alone is too weak to place a town anywhere
        # in the world ("Kabsh" -> Kobe, "Mermen" -> Murmansk); such names stay unresolved
        changed = False
        for m in mentions:
            keep = [c for c in m.cands if c.lvl < 2 or not c.feature.startswith(LOCAL_FEATURES)]
            if len(keep) != len(m.cands):
                m.cands, changed = keep, True
        if changed:
            base = _base_scores(text, mentions)

    admin_mentions = [m for m in mentions if m.choice and m.choice.feature == "A.ADM1"]
    ev = a1_evidence(mentions)
    nbrs = list_neighbours(text, mentions)
    for _ in range(rounds):
        changed = False
        for m in mentions:
            if len(m.cands) <= 1:
                continue
            k = key1(m.lookup)
            others = [o for o in mentions if o is not m and o.choice is not None and key1(o.lookup) != k]
            if not others:
                continue
            cc_count: dict[str, float] = {}
            a1_count: dict[tuple, float] = {}
            for o in others:
                c = o.choice
                if c.cc:
                    cc_count[c.cc] = cc_count.get(c.cc, 0) + 1
                if c.a1code and not c.feature.startswith("A.PCL"):
                    a1_count[(c.cc, c.a1code)] = a1_count.get((c.cc, c.a1code), 0) + 1
            n = len(others)
            local = [o.choice for o in others if o.choice.feature.startswith(LOCAL_FEATURES) and o.choice.approx < 2]
            adm = [o.choice for o in admin_mentions if o is not m]
            kinds = {o.choice.feature[:5] for o in nbrs.get(id(m), ()) if o.choice is not None
                     and o.choice.feature.startswith(("A.ADM1", "A.PCL"))}
            conc = concentrated_a1(ev, k)
            if conc:
                # only to choose among same-name local places of one country ("Paris" in Texas or
                # Tennessee), never over a state or country of that name or a place abroad
                top_c = max(m.cands, key=lambda c: ranking.score(w, base[(id(m), c.pid)]))
                if any(c.quality >= 0.99 and (not c.feature.startswith(LOCAL_FEATURES) or c.feature == "P.PPLC")
                       for c in m.cands):
                    conc = set()
                else:
                    conc = {a for a in conc if a[0] == top_c.cc}
            # a division named in the text (state concentration) or a qualifier speaks louder
            coh = coherent_a1(mentions, k) if not (conc or admin_mentions or m.qual) else None
            best, best_s = None, -1e9
            feats = []
            for c in m.cands:
                # the terms of `ranking.FEATURES`, unweighted; `ranking.weights()` combines them
                cc_share = 0.0
                if c.cc:
                    cc_share = cc_count.get(c.cc, 0) / n
                elif cc_count and c.feature.startswith(("L.", "H.")):
                    # an ocean or a region spans countries: as much at home in the document as its
                    # main country ("Pacific" the ocean vs Pacific, Missouri in a US report)
                    cc_share = max(cc_count.values()) / n
                a1_share = a1_count.get((c.cc, c.a1code), 0) / n if c.a1code else 0.0
                contained = 1.0 if any(_contains(a, c) for a in adm) else 0.0
                listed = 1.0 if c.feature[:5] in kinds else 0.0
                conc_t = coh_t = near = 0.0
                if conc and (c.cc, c.a1code) in conc and c.feature.startswith(LOCAL_FEATURES) \
                        and c.quality >= 0.99:
                    conc_t = 1.0
                elif coh and (c.cc, c.a1code) == coh and c.feature.startswith(LOCAL_FEATURES) and c.quality >= 0.99:
                    coh_t = 1.0
                if local and c.feature.startswith(LOCAL_FEATURES) and c.lat is not None:
                    d = min(km(c.lat, c.lon, o.lat, o.lon) for o in local)
                    near = math.exp(-d / 150.0)
                x = (*base[(id(m), c.pid)], cc_share, a1_share, contained, listed, conc_t, coh_t, near)
                feats.append((c, x))
                s = ranking.score(w, x)
                if s > best_s:
                    best, best_s = c, s
            if trace is not None:
                trace[id(m)] = (m, feats)
            if best is not m.choice:
                m.choice, changed = best, True
            m.score = best_s
        if not changed:
            break
    # US counties: coordinates are a same-name town or the state centre; where the
    # document names places in that state, their centre is the better guess
    from dataclasses import replace

    for m in mentions:
        c = m.choice
        if c is None or not c.approx:
            continue
        pts = [o.choice for o in mentions if o.choice is not None and o is not m
               and o.choice.cc == c.cc and o.choice.a1code == c.a1code
               and o.choice.feature.startswith("P.")]
        if not pts:
            continue
        lat = sorted(p.lat for p in pts)[len(pts) // 2]
        lon = sorted(p.lon for p in pts)[len(pts) // 2]
        if c.approx == 2 or km(c.lat, c.lon, lat, lon) > 80:
            m.choice = replace(c, lat=lat, lon=lon)


def norm_text(s: str) -> str:
    return key0(s)
