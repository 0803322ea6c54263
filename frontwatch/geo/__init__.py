"""Geoparser: find the places a conflict report names and resolve them, offline.

    from frontwatch.geo import get_geoparser, geoparse_record
    gp = get_geoparser()
    gp.find(text)                       # -> list[PlaceMention]
    gp.resolve(text, [(s, e), ...])     # -> list[PlaceMention], one per span
    gp.lookup("Saraqeb", country="SY")  # -> Place | None
    gp.demonym("Syrian")                # -> Place (Syria) | None
    geoparse_record({"id": ..., "text": ..., "toponyms": [...]})  # CONTRACT.md record
"""
from __future__ import annotations

import csv
import math
import re
import threading
from pathlib import Path

from frontwatch.model import Place, PlaceMention

from .area import AreaFinder
from .capital import division_seats, seats_for
from .gazetteer import Cand, Gazetteer, _top_level
from .normalize import SLOTS, key1, level_trusted
from .resolve import (
    LOCAL_FEATURES,
    Mention,
    base_precision,
    clean_surface,
    context_cues,
    full_surface,
    km,
    prior,
    resolve_mentions,
)
from .spans import clamp, fill_unresolved, snap
from .within import outside_their_area

__all__ = ["Geoparser", "get_geoparser", "geoparse_record", "demonym"]

_DATA = Path(__file__).parent / "data"
_CAPWORD = re.compile(r"\b[A-Z][a-z]+\b")
# "pro-Turkish factions", "anti-Russian protesters", "Iran-backed militias", "factions backed by Turkey" are of
# the place where they act, not of their sponsor
_ALLEGIANCE = re.compile(r"\b(?i:pro|anti)-[A-Z][a-z]+\b|\b[A-Z][a-z]+-(?:backed|led|sponsored|supported|aligned)\b"
                         r"|\b(?:backed|sponsored|supported|armed|funded|trained)\s+by\s+(?:the\s+)?[A-Z][a-z]+\b")


def _load_focus_terms() -> list[tuple[str, re.Pattern, str]]:
    """Names of armed groups that operate in one country: evidence of the document's country
    when no place says it ("Regime forces battled HTS in Khanaser")."""
    with open(_DATA / "focus_terms.csv", newline="", encoding="utf-8") as f:
        # "Ahrar al-Sham" is also written "Ahrar al Sham": a hyphen or a space between words alike; the term's
        # first word is the cheap test before the pattern
        return [(re.split(r"[\s-]", r["term"])[0],
                 re.compile(r"(?<![\w-])" + r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", r["term"])))
                            + r"(?![\w-])"), r["country"])
                for r in csv.DictReader(f) if r.get("term")]


def _load_region_demonyms() -> dict[str, str]:
    """"European" -> Europe, "Kurdish" -> Kurdistan, "English" -> England: adjectives and
    inhabitants' names of regions, continents and first-level divisions (data/region_demonyms.csv),
    read when a caller gives the span as a place (gold spans)."""
    with open(_DATA / "region_demonyms.csv", newline="", encoding="utf-8") as f:
        return {r["demonym"]: r["place"] for r in csv.DictReader(f)}


def _load_demonyms() -> dict[str, str]:
    with open(_DATA / "demonyms.csv", newline="", encoding="utf-8") as f:
        return {r["demonym"]: r["country"] for r in csv.DictReader(f)}


class Geoparser:
    def __init__(self, home: Path | None = None):
        self.gaz = Gazetteer(home)
        self.demonyms = _load_demonyms()
        self.region_demonyms = _load_region_demonyms()
        self.focus_terms = _load_focus_terms()
        self.areas = AreaFinder(self.gaz)
        self._countries: dict[str, Cand] = {}
        for row in self.gaz.con.execute(
                "SELECT id, geonameid, name, lat, lon, cc, a1code, feature, pop, approx, a1name "
                "FROM places WHERE feature='A.PCLI'"):
            pid, gid, name, lat, lon, cc, a1, feat, pop, approx, a1n = row
            self._countries[cc] = Cand(pid, gid, name, lat, lon, cc, a1, feat, pop, approx, 1.0, a1n)
        # one-word country names ("Syria Democratic Forces", "Turkey-backed") vote like demonyms
        self._country_words = {c.name: cc for cc, c in self._countries.items() if " " not in c.name}

    # ---------------------------------------------------------------- helpers
    def _place(self, c: Cand, precision: int = 1) -> Place:
        if c.feature == "A.ADM1":
            admin1 = self.gaz.admin1_name(c.cc, c.a1code) or c.name
        else:
            admin1 = self.gaz.admin1_of(c)
        return Place(name=c.name, latitude=round(c.lat, 5), longitude=round(c.lon, 5), country=c.cc,
                     admin1=admin1, feature=c.feature, geonameid=c.geonameid, population=c.pop,
                     precision=max(base_precision(c), precision))

    def _other_readings(self, m: PlaceMention) -> list[Place]:
        """Every reading of a mention's name by the key levels trusted in its country (no bare consonant
        skeleton), strictest first, then the most populous: the readings `within.outside_their_area` may take
        instead of the one it rejects."""
        look = clean_surface(m.text)[0]
        cands = [c for c in self.gaz.candidates_many([look], all_levels=True).get(look, [])
                 if c.lat is not None and c.lvl <= SLOTS and level_trusted(c.lvl, c.cc)]
        cands.sort(key=lambda c: (c.lvl, -c.pop, c.pid))
        return [self._place(c, m.place.precision) for c in cands]

    def _mention(self, text: str, start: int, end: int, hint=None) -> Mention:
        """A mention of the span the offsets were meant to mark (snapped to its words)."""
        s, e = snap(text, start, end)
        look, h = clean_surface(text[s:e])
        ch, prec = context_cues(text, s, e)
        return Mention(s, e, text[s:e], look, hint or h or ch, prec, full=full_surface(text[s:e]))

    def _votes(self, text: str) -> dict[str, float]:
        """Country votes from the text: demonyms ("Syrian regime forces" -> SY) 0.5, one-word
        country names 1, armed groups tied to one country (data/focus_terms.csv) 0.5."""
        v: dict[str, float] = {}
        for w in set(_CAPWORD.findall(_ALLEGIANCE.sub(" ", text))):
            cc = self.demonyms.get(w) or (self.demonyms.get(w[:-1]) if w.endswith("s") else None)
            if cc:      # "Russian warplanes" in Syria: a demonym is weaker evidence than a place
                v[cc] = v.get(cc, 0.0) + 0.5
            elif w in self._country_words:
                cc = self._country_words[w]
                v[cc] = v.get(cc, 0.0) + 1.0
        seen = set()
        for term, rx, cc in self.focus_terms:
            if cc not in seen and term in text and rx.search(text):     # the substring test is cheap
                seen.add(cc)
                v[cc] = v.get(cc, 0.0) + 0.5
        return v

    def region_demonym(self, word: str) -> Place | None:
        """"European" -> Europe, "Scottish" -> Scotland (a region, continent, sea or division, never
        a town that shares the name); None for other words."""
        name = self.region_demonyms.get(word.strip())
        if name is None:
            return None
        cands = [c for c in self.gaz.candidates_many([name], all_levels=True)[name] if c.lat is not None
                 and not c.feature.startswith("P.") and c.lvl == 0]
        return self._place(max(cands, key=lambda c: prior(c, None))) if cands else None

    def _finish(self, text: str, mentions: list[Mention], votes: dict[str, float] | None = None,
                regions: bool = False, trace: dict | None = None) -> list[PlaceMention]:
        """`regions`: the mentions are given as places (gold spans), so a region's adjective
        names the region ("European" -> Europe), not the country a demonym votes for."""
        demonyms = {id(m): (regions and self.region_demonym(m.lookup)) or self.demonym(m.lookup)
                    for m in mentions}
        resolve_mentions(self.gaz, text, [m for m in mentions if demonyms[id(m)] is None],
                         votes=votes if votes is not None else self._votes(text), trace=trace)
        out = []
        for m in mentions:
            place = demonyms[id(m)]
            if place is None and m.choice is not None:
                place = self._place(m.choice, m.precision)
            out.append(PlaceMention(m.start, m.end, m.text, place))
        return _inside_city(text, out)

    # ---------------------------------------------------------------- API
    def _votes_with(self, text: str, country: str | None) -> dict[str, float]:
        """The text's own country evidence, plus a caller's hint (e.g. the event coder knows from the
        actors that "regime forces" fight in Syria): one vote, a guess the text itself can outweigh."""
        votes = self._votes(text)
        if country:
            votes[country.upper()] = votes.get(country.upper(), 0.0) + 1.0
        return votes

    def find(self, text: str, doc=None, *, country: str | None = None, areas: bool = False
             ) -> list[PlaceMention]:
        """Every place mention found in `text`, resolved (unresolvable ones left out).
        `country` (alpha-2) is a hint about the text's country from outside the geo stage.
        `areas`: give the point of the area the context describes ("the eastern countryside
        of Aleppo") instead of the named place's own (see `area.py`): for event locations."""
        from frontwatch import limits

        if doc is None:
            from frontwatch import nlp

            doc = nlp.parse(text)
        if len(text) > limits.chunk_chars():
            return self._find_windows(text, doc, limits.chunk_chars(), country=country, areas=areas)
        return self._find_one(text, doc, country=country, areas=areas)

    def _find_one(self, text: str, doc, *, country: str | None, areas: bool) -> list[PlaceMention]:
        from .recognize import find_spans

        votes = self._votes_with(text, country)
        spans = find_spans(text, doc, self.gaz, self.demonyms, votes=votes)
        mentions = [Mention(s.start, s.end, text[s.start:s.end], s.lookup, s.hint, s.precision)
                    for s in spans]
        sponsors = [(a.start(), a.end()) for a in _ALLEGIANCE.finditer(text)]
        for m in mentions:
            m.sponsor = any(a <= m.start and m.end <= b for a, b in sponsors)
        finished = self._finish(text, mentions, votes)
        found = _without_stray_villages([m for m in finished if m.place is not None], votes, self._countries)
        found = seats_for(text, outside_their_area(text, found, self._other_readings), self.seat)
        loose = {(m.start, m.end, m.choice.name) for m in mentions if m.choice is not None and m.choice.lvl >= SLOTS}
        found = _without_far_guesses(found, loose)
        found = _homes_only_alone(found, {(sp.start, sp.end) for sp in spans if sp.label.endswith("/home")})
        if not areas:
            return found
        unknown = _unplaced(doc, finished, found)
        return [self.areas.area(text, m, unknown) for m in found]

    def _find_windows(self, text: str, doc, size: int, *, country: str | None, areas: bool
                      ) -> list[PlaceMention]:
        """A long text's places, window by window of whole sentences of about `size` characters:
        resolution weighs every mention against every other one, so a window bounds that work and
        the time grows with the text's length, not its square. Offsets are the text's own."""
        from dataclasses import replace

        out: list[PlaceMention] = []
        windows: list[list[int]] = []          # [first token, end token, start char]
        for sent in doc.sents:
            if not windows or sent.end_char - windows[-1][2] > size:
                windows.append([sent.start, sent.end, sent.start_char])
            else:
                windows[-1][1] = sent.end
        for start, end, _ in windows:
            window = doc[start:end]
            off, sub = window.start_char, window.as_doc()
            if sub.text.strip():
                found = self._find_one(sub.text, sub, country=country, areas=areas)
                out += [replace(m, start=m.start + off, end=m.end + off) for m in found]
        return out

    def resolve(self, text: str, spans: list[tuple[int, int]], doc=None, *, country: str | None = None,
                trace: list | None = None) -> list[PlaceMention]:
        """One PlaceMention per given span, in the same order and with the same offsets. Offsets
        out of the text are clamped, offsets that drift are snapped to the words they were meant
        to mark, and a span the gazetteer cannot place takes the nearest resolved place of the
        document at a lower precision (`spans.fill_unresolved`); place None only when the
        document has no resolvable place at all. `trace`: filled with each span's [(candidate,
        ranking terms)] (for bench/fit_ranking.py)."""
        spans = [(int(s), int(e)) for s, e in spans]
        mentions = [self._mention(text, s, e) for s, e in spans]
        todo = [m for m in mentions if m.lookup.strip()]
        tr: dict | None = {} if trace is not None else None
        done = {id(m): pm for m, pm in zip(todo, self._finish(text, todo, self._votes_with(text, country),
                                                             regions=True, trace=tr), strict=True)}
        if trace is not None:
            trace.extend(tr.get(id(m), (m, []))[1] for m in mentions)
        out = []
        for (s, e), m in zip(spans, mentions, strict=True):
            pm = done.get(id(m))
            cs, ce = clamp(text, s, e)
            out.append(PlaceMention(s, e, text[cs:ce], pm.place if pm is not None else None))
        return fill_unresolved(out)

    def lookup(self, name: str, *, country: str | None = None,
               near: tuple[float, float] | Place | None = None) -> Place | None:
        """The best place for a bare name, optionally constrained to a country (alpha-2)
        and/or preferring places near a point or Place."""
        look, hint = clean_surface(name)
        if country:     # the strictest key level that reaches a place of that country ("Sokhneh", SY)
            cc = country.upper()
            cands = _top_level([c for c in self.gaz.candidates_many([look], all_levels=True)[look]
                                if c.lat is not None and c.cc == cc and level_trusted(c.lvl, cc)])
        else:
            cands = [c for c in self.gaz.candidates(look) if c.lat is not None]
        if not cands:
            d = self.demonym(name)
            return d if d is not None and (not country or d.country == country.upper()) else None
        if isinstance(near, Place):
            near = (near.latitude, near.longitude) if near.latitude is not None else None

        def score(c: Cand) -> float:
            s = prior(c, hint)
            if near is not None:
                s += 3.0 * math.exp(-km(c.lat, c.lon, near[0], near[1]) / 150.0)
            return s

        return self._place(max(cands, key=score))

    def seat(self, area: Place) -> Place | None:
        """The capital of a country (its PPLC) or of a first-level division (data/admin1.csv's
        `capital`), None when unknown."""
        if not area.country:
            return None
        if (area.feature or "").startswith("A.PCL"):
            row = self.gaz.con.execute(
                "SELECT name FROM places WHERE feature='P.PPLC' AND cc=? ORDER BY pop DESC LIMIT 1",
                (area.country,)).fetchone()
            name = row[0] if row else None
        elif area.feature == "A.ADM1":
            name = division_seats().get((area.country, area.name.lower()))
        else:
            return None
        return self.lookup(name, country=area.country) if name else None

    def demonym(self, word: str) -> Place | None:
        """'Syrian' / 'Syrians' -> Syria; None for other words."""
        w = word.strip()
        cc = self.demonyms.get(w) or (self.demonyms.get(w[:-1]) if w.endswith("s") else None)
        if cc is None:
            return None
        c = self._countries.get(cc)
        return self._place(c) if c is not None else None


def _without_stray_villages(found: list[PlaceMention], votes: dict[str, float],
                            countries: dict[str, Cand]) -> list[PlaceMention]:
    """In a report clearly about one country, a small place over 1000 km away that nothing else in
    the text ties to its country (no vote, no second place there) is a misreading of an unknown
    local name ("Shannan village" in Idlib is not Shannan in Tibet): left unresolved. Cities of a
    million or more stand on their own."""
    ranked = sorted(votes.values(), reverse=True)
    if not ranked or ranked[0] < 1.5 or len(ranked) > 1 and ranked[0] < 2 * ranked[1]:
        return found    # no clear home country: "Russian police and Iranian IRGC in al Mayadin"
    top = max(votes, key=votes.get)
    home = countries.get(top)
    if home is None:
        return found
    seen: dict[str | None, int] = {}
    for m in found:
        seen[m.place.country] = seen.get(m.place.country, 0) + 1
    tied = set(votes) | {cc for cc, n in seen.items() if n > 1} | {
        m.place.country for m in found if m.place.feature and not m.place.feature.startswith(LOCAL_FEATURES)}

    def stray(p: Place) -> bool:
        return (p.country not in tied and (p.feature or "").startswith(LOCAL_FEATURES)
                and p.population < 1_000_000 and km(p.latitude, p.longitude, home.lat, home.lon) > 1000)
    return [m for m in found if not stray(m.place)]


def _homes_only_alone(found: list[PlaceMention], homes: set[tuple[int, int]]) -> list[PlaceMention]:
    """The town a force is named after ("Menbij Military Council", spans `homes`) stands for the place only when
    the report names no other place but countries."""
    if homes and any((m.start, m.end) not in homes and not (m.place.feature or "").startswith(("A.PCL", "L.CONT"))
                     for m in found):
        return [m for m in found if (m.start, m.end) not in homes]
    return found


def _unplaced(doc, finished: list[PlaceMention], found: list[PlaceMention]) -> list[tuple[int, int]]:
    """Spans of the place names the gazetteer could not place (or whose reading was rejected), and of the places
    the tagger finds that no gazetteer names at all ("Ma'arrat Tayrah front in ...")."""
    kept = {(m.start, m.end) for m in found}
    return [(m.start, m.end) for m in finished if (m.start, m.end) not in kept] + [
        (e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")
        and not any(m.start < e.end_char and e.start_char < m.end for m in finished)]


GUESS_KM = 150     # a village read only by a loose key this far from every other local place is a guess too far


def _without_far_guesses(found: list[PlaceMention], loose: set[tuple[int, int, str]]) -> list[PlaceMention]:
    """A small local place read only by a loose key (vowel slots, skeleton) that lies over `GUESS_KM` from every
    other local place the text names is another place of a similar name: "the Mastama hill" beside the Damascus
    desert is not Mastouma in Idlib, 300 km north. Left unresolved. `loose`: (start, end, name) of the readings
    by a loose key (a reading `within` put in place of another is judged by its own key: not here)."""
    local = [m for m in found if (m.place.feature or "").startswith(LOCAL_FEATURES)]

    def far(m: PlaceMention) -> bool:
        others = [o.place for o in local if o is not m and (o.start, o.end, o.place.name) not in loose]
        return bool(others) and m.place.population < 100_000 and all(
            km(m.place.latitude, m.place.longitude, o.latitude, o.longitude) > GUESS_KM for o in others)
    return [m for m in found if (m.start, m.end, m.place.name) not in loose or m not in local or not far(m)]


_PART_OF = re.compile(r"^\s+(?:neighbou?rhoods?|quarters?|suburbs?)\s+(?:of|in)\s+(?:the\s+)?$", re.I)
_PART_OF_CITY = re.compile(r"^\s+(?:districts?|areas?)\s+(?:of|in)\s+(?:the\s+)?$", re.I)
_WIDER_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:countryside|province|governorate|rural)", re.I)
_CITY_AFTER = re.compile(r"^\s+city\b", re.I)


def _inside_city(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """"the Hamidiya neighborhood of Deir-ez-Zor", "the Panorama area of Deir-ez-Zor": a quarter
    lies in the city written after it ("X area in Lattakia" may be anywhere in the province). A
    same-name place farther away is another place, so the quarter takes the city's point."""
    for i in range(len(mentions) - 2, -1, -1):     # right to left: "X area of the Y quarter of Z"
        m, city = mentions[i], mentions[i + 1].place
        between, after = text[m.end:mentions[i + 1].start], text[mentions[i + 1].end:]
        if city is None or not city.feature.startswith("P.") or _WIDER_AFTER.match(after):
            continue
        if not (_PART_OF.match(between) or _PART_OF_CITY.match(between) and (
                _CITY_AFTER.match(after) or between.rstrip().endswith(" of"))):
            continue
        p = m.place
        if p is None or p.latitude is None or km(p.latitude, p.longitude, city.latitude, city.longitude) > 15:
            mentions[i] = PlaceMention(m.start, m.end, m.text, city)
    return mentions


_lock = threading.Lock()
_instances: dict[str, Geoparser] = {}


def get_geoparser() -> Geoparser:
    """The process-wide Geoparser for the current FRONTWATCH_HOME (built on first use)."""
    from frontwatch.config import home

    h = str(home())
    with _lock:
        gp = _instances.get(h)
        if gp is None:
            gp = _instances[h] = Geoparser(Path(h))
        return gp


def demonym(word: str) -> Place | None:
    return get_geoparser().demonym(word)


def _place_json(m: PlaceMention) -> dict:
    p = m.place
    return {"start": m.start, "end": m.end, "text": m.text,
            "name": p.name if p else None,
            "latitude": p.latitude if p else None, "longitude": p.longitude if p else None,
            "country": p.country if p else None, "feature": p.feature if p else None,
            "geonameid": p.geonameid if p else None}


def geoparse_record(rec: dict, doc=None) -> dict:
    """CONTRACT.md `geoparse`: {"id", "text"[, "toponyms"]} -> {"id", "places": [...]}."""
    gp = get_geoparser()
    text = rec.get("text") or ""
    tops = rec.get("toponyms")
    if tops is not None:
        spans = [(int(t["start"]), int(t["end"])) for t in tops]
        mentions = gp.resolve(text, spans)
    else:
        mentions = gp.find(text, doc=doc)
    return {"id": rec.get("id"), "places": [_place_json(m) for m in mentions]}


def _same(a: str, b: str) -> bool:  # pragma: no cover - tiny helper for callers
    return key1(a) == key1(b)
