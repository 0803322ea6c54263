"""Who controls which place, when: territory events plus control statements.

    from frontwatch.views.control import control_at, timeline
    rows = control_at(store, date(2020, 1, 30))            # list[ControlRow]
    rows = control_at((events, articles), date(2020, 1, 30))

Two kinds of evidence, both turned into ControlClaims:

- territory events ("Government regains territory", "Non-state actor overtakes
  territory", "Non-violent transfer of territory") at precision 1: actor1 holds
  the place from the event date on;
- statements in article texts ("rebel-held X", "X, which had been in rebel hands
  since 2012", "X ... outside government control"): valid at the article's
  publication date, and from their `since` date when one is given.

A place the geoparser cannot put on a map still gets a timeline, by name: the places a capture
sentence says were taken ("regained control of Kafr Hud", "the villages of A, B and C", "A fell
to ...") are read from its wording (`object_mentions`), keyed by their spelling-proof name key plus
country and admin1, with null coordinates (`located` false) and the place the report was put at
kept as `near`. Such a timeline joins the located one of the same name when there is exactly one.

At a date, the freshest claim about a place wins: a statement covering the date
counts as an observation of that day, a capture event from its own date, a
statement published earlier from its publication date. On a tie an event wins
over a statement.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher

from frontwatch.model import Article, Event, Place, PlaceMention

TERRITORY = ("Government regains territory", "Non-state actor overtakes territory",
             "Non-violent transfer of territory")

# word -> (inter, controller); {Country} is filled from the place's country.
_SIDES: dict[str, tuple[str, str]] = {
    "rebel": ("Rebel group", "Opposition Rebels"), "rebels": ("Rebel group", "Opposition Rebels"),
    "opposition": ("Rebel group", "Opposition Rebels"), "insurgent": ("Rebel group", "Opposition Rebels"),
    "insurgents": ("Rebel group", "Opposition Rebels"), "jihadist": ("Rebel group", "Opposition Rebels"),
    "jihadists": ("Rebel group", "Opposition Rebels"), "militant": ("Rebel group", "Opposition Rebels"),
    "militants": ("Rebel group", "Opposition Rebels"), "islamist": ("Rebel group", "Opposition Rebels"),
    "government": ("State forces", "Military Forces of {Country}"),
    "regime": ("State forces", "Military Forces of {Country}"),
    "army": ("State forces", "Military Forces of {Country}"),
    "state": ("State forces", "Military Forces of {Country}"),
    "turkish": ("External/Other forces", "Military Forces of Turkey"),
    "turkey": ("External/Other forces", "Military Forces of Turkey"),
    "kurdish": ("Rebel group", "Kurdish forces"),
    "is": ("Rebel group", "Islamic State"), "isis": ("Rebel group", "Islamic State"),
}
_SIDE = (r"(?P<side>rebels?|opposition|insurgents?|jihadists?|militants?|islamist|government|regime|army|state|"
         r"turkish|turkey|kurdish|is|isis)")
_FIGHTERS = r"(?:\s+(?:fighters|forces|troops|groups?|factions|units|militias?))?"

# Each pattern: (name, regex, where the place is: "after" | "before" | "subject").
_PATTERNS: list[tuple[str, re.Pattern, str]] = [
    ("held-adj", re.compile(rf"\b{_SIDE}[- ](?:held|controlled)\b", re.I), "after"),
    ("in-hands", re.compile(rf"\b(?:in|under)\s+(?:the\s+)?{_SIDE}(?:'s)?{_FIGHTERS}\s+(?:hands|control)\b", re.I),
     "before"),
    ("held-by", re.compile(rf"\b(?:held|controlled|run)\s+by\s+(?:the\s+)?(?:syrian\s+)?{_SIDE}{_FIGHTERS}\b", re.I),
     "before"),
    ("control-of", re.compile(r"\b(?:in|took|taken|take|takes|taking|gained|gain|seized|regained|retaken|retook|"
                              r"assumed|established|declared)\s+(?:full\s+|complete\s+|total\s+)?control\s+"
                              r"(?:of|over)\b", re.I), "after"),
    ("outside-gov", re.compile(r"\b(?:outside(?:\s+of)?|beyond|out\s+of)\s+(?:the\s+)?(?P<side>government|regime|"
                               r"state)(?:'s)?\s+(?:control|hands)\b", re.I), "before"),
]
_SINCE = re.compile(r"\bsince\s+(?:(?:early|late|mid)[- ])?(\d{4})\b|\bsince\s+([A-Za-z0-9 ,]{3,25}?\d{4})\b", re.I)
_PAST_PERFECT = re.compile(r"\bhad\s+(?:long\s+)?been\b|\buntil\b|\bformerly\b|\bonce\b", re.I)
_NEGATION = re.compile(r"\b(?:not|no longer|never)\b", re.I)
_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’]?|$)")
_ABBREV = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Gen|Brig|Lt|Col|Maj|Capt|Sgt|Dr|Mr|Mrs|"
                     r"Ms|St|Mt|U\.S|U\.N)\.$")


@dataclass(frozen=True)
class ControlClaim:
    """One piece of evidence that `controller` (of category `inter`) holds `place`."""

    place: Place
    inter: str
    controller: str
    since: date | None            # from when (statement's 'since', or the event date)
    until_hint: date | None       # last day the claim is known valid, when the text says so
    evidence: str
    article_id: str
    published: date | None
    kind: str = "statement"       # "statement" | "event"
    event_id: str | None = None
    near: Place | None = None     # for a place known by name only: where its report was placed


@dataclass
class ControlSpan:
    place: Place
    controller: str
    inter: str
    since: date | None
    event_ids: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ControlRow:
    place: str
    latitude: float | None
    longitude: float | None
    controller: str
    inter: str
    since: date | None
    event_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    country: str | None = None
    geonameid: int | None = None
    admin1: str | None = None
    located: bool = True          # False: known by name only, latitude/longitude are null

    def to_json(self) -> dict:
        return {"place": self.place, "latitude": self.latitude, "longitude": self.longitude,
                "controller": self.controller, "inter": self.inter,
                "since": self.since.isoformat() if self.since else None, "event_ids": list(self.event_ids),
                "country": self.country, "admin1": self.admin1, "located": self.located}


def place_key(place: Place) -> str:
    """Places are the same by GeoNames id, else by name and coordinates rounded to ~1 km; a place
    known by name only (no coordinates) by its spelling-proof name key within its country and admin1."""
    if place.geonameid:
        return f"gn:{place.geonameid}"
    if place.latitude is None:
        from frontwatch.geo.normalize import key1

        return f"name:{key1(place.name)}|{place.country or ''}|{place.admin1 or ''}"
    lat = "" if place.latitude is None else f"{place.latitude:.2f}"
    lon = "" if place.longitude is None else f"{place.longitude:.2f}"
    return f"{' '.join(place.name.lower().split())}|{lat}|{lon}"


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split at . ! ? and newlines, not after common abbreviations."""
    out: list[tuple[int, int]] = []
    start = None
    for m in _SENT.finditer(text):
        s, e = m.start(), m.end()
        if start is None:
            start = s
        if _ABBREV.search(text[start:e]) and e < len(text) and text[e:e + 1] == " ":
            continue
        chunk = text[start:e]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + len(chunk.rstrip())))
        start = None
    if start is not None and text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


def _side(word: str, place: Place | None) -> tuple[str, str]:
    inter, controller = _SIDES[word.lower()]
    if "{Country}" in controller:
        from frontwatch.events.actors import COUNTRIES

        cc = place.country if place and place.country else None
        controller = controller.replace("{Country}", COUNTRIES.get(cc or "", cc or "Syria"))
    return inter, controller


def _since(sentence: str, published: date | None) -> date | None:
    m = _SINCE.search(sentence)
    if not m:
        return None
    if m.group(1):
        return date(int(m.group(1)), 1, 1)
    from frontwatch.events.time import find_dates

    found = find_dates(m.group(0), published)
    return found[0].day if found else None


_LOCATIVE = re.compile(r"\b(?:in|of|near)\s+(?:the\s+)?(?:(?:north|south|east|west|central)\w*\s+)?$", re.I)
_NOT_THE_PLACE_AFTER = re.compile(r"^(?:-\w|\s*(?:road|highway|province|governorate|countryside|front|axis|airport|"
                                  r"base)\b)", re.I)
_ADMIN_AFTER = re.compile(r"^\s*(?:province|governorate|countryside|region|district)\b", re.I)
_SETTLEMENT_BEFORE = re.compile(r"(?:^|\s)(?:(?:the\s+)?(?:town|towns|village|villages|city|cities|suburb|area|"
                                r"district|neighbou?rhood|province|region)s?\s+(?:of\s+)?)?$", re.I)


def _is_region(m: PlaceMention, text: str) -> bool:
    p = m.place
    if p is not None and p.feature and p.feature.startswith("A."):
        return True
    return bool(_ADMIN_AFTER.match(text[m.end:m.end + 20]))


_NAME = re.compile(r"(?<![\w-])[A-Z][a-z]+(?:[- ](?:al|el|as|ash|an|ar|ad|az)?-?[A-Z][a-z]+)*")
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "Now", "With", "But", "And", "Its", "It", "Their", "They", "He",
              "She", "His", "Her", "This", "That", "Syrian", "Syrians", "Turkish", "Russian", "President", "Army",
              "State", "Government", "Gen", "Brig", "Observatory", "Human", "Rights", "Farther", "Around",
              "Amid", "After", "Before", "Since", "Only", "Once", "When", "While", "Some", "Most", "Many",
              *(m for m in calendar.month_name if m), *(d for d in calendar.day_name)}


def _other_name_between(text: str, a: int, b: int, mentions: Sequence[PlaceMention]) -> bool:
    """A capitalized name the geoparser did not resolve, between the candidate place and the
    phrase: the statement may be about that one ("..., Saraqeb, the last town outside ..."), so skip."""
    for m in _NAME.finditer(text, a, b):
        if m.group(0) in _NOT_NAMES or any(x.start <= m.start() < x.end for x in mentions):
            continue
        return True
    return False


# an actor right after these is the one fought or the one helping, not the one who took the place
_NOT_SUBJECT = re.compile(r"\b(?:with|against|from|fighting|fought|battling|battled|attacking|attacked|"
                          r"(?:backed|supported|aided|assisted|accompanied|joined)\s+by)\s+(?:the\s+)?"
                          r"(?:[\w-]+\s+){0,2}$", re.I)


_AND = re.compile(r"\s*(?:,|and|,\s*and|&|as\s+well\s+as)\s*(?:the\s+)?", re.I)
_GENERIC = re.compile(r"(?:the\s+)?(?:army|military|forces)", re.I)


def _generic_in_name(text: str, start: int, end: int) -> bool:
    """A generic word ("army", "military") that is part of another group's name, so not a state's
    forces: "Khalid ibn al Walid Army", "the military council of Menbij"."""
    if not _GENERIC.fullmatch(text[start:end]):
        return False
    before = text[max(0, start - 30):start].split()
    if re.match(r"\s*(?:council|command|wing|police)\b", text[end:end + 12], re.I):
        return True
    from frontwatch.events.actors import DEMONYMS

    return bool(before) and before[-1][:1].isupper() and before[-1].lower() not in DEMONYMS \
        and before[-1].lower() not in ("the", "a", "regime", "government", "state", "national", "arab")


def _actor_before(clause: str, place: Place | None) -> tuple[str, str] | None:
    """(inter, controller) of the last actor named in `clause`."""
    from frontwatch.events.actors import find_actors

    found = [am for am in find_actors(clause, place.country if place else None)
             if am.actor.inter not in ("Civilians", "Protesters", "Rioters")
             and not _NOT_SUBJECT.search(clause, max(0, am.start - 40), am.start)
             and not _generic_in_name(clause, am.start, am.end)]
    if not found:
        return None
    # right before the verb: its subject, or the holder of "the Euphrates Shield controlled X town"
    found.sort(key=lambda am: am.start)
    if not clause[found[-1].end:].strip():
        i = len(found) - 1     # "Syrian regime forces and Hezbollah captured": the first of the pair
        while i > 0 and _AND.fullmatch(clause[found[i - 1].end:found[i].start]):
            i -= 1
        return found[i].actor.inter, found[i].actor.name
    # the subject: the first actor after the last comma, else the last actor named
    cut = max(clause.rfind(","), clause.rfind(";"))
    after = [am for am in found if am.start > cut]
    actor = (min(after, key=lambda am: am.start) if after else max(found, key=lambda am: am.end)).actor
    return actor.inter, actor.name


def _targetable(m: PlaceMention) -> bool:
    """Places a control statement can be about: not countries, not demonyms ("Turkish")."""
    p = m.place
    if p is None:
        return False
    if p.feature and p.feature.startswith("A.PCL"):
        return False
    word = m.text.strip()
    return not (word[:1].isupper() and re.search(r"(?:ian|ish|ese|ean|i)$", word) and
                word.lower() not in p.name.lower())


def find_statements(text: str, mentions: Sequence[PlaceMention], *, article_id: str = "",
                    published: date | datetime | None = None) -> list[ControlClaim]:
    """Control statements in `text`, each tied to one of the resolved place `mentions`."""
    published = _as_date(published)
    mentions = sorted((m for m in mentions if _targetable(m)), key=lambda m: m.start)
    claims: list[ControlClaim] = []
    for s0, s1 in sentences(text):
        sent = text[s0:s1]
        here = [m for m in mentions if s0 <= m.start < s1]
        if not here:
            continue
        for name, rx, where in _PATTERNS:
            for pm in rx.finditer(sent):
                a, b = s0 + pm.start(), s0 + pm.end()
                target = None
                if where == "after":
                    # "rebel-held Saraqib", "rebel-held town of Saraqib"
                    for m in here:
                        if m.start >= b and _SETTLEMENT_BEFORE.fullmatch(text[b:m.start]) is not None \
                                and len(text[b:m.start]) <= 30:
                            target = m
                            break
                else:
                    before = [m for m in here if m.end <= a]
                    # the subject: the last settlement named before the phrase, skipping
                    # "in Idlib province" style regions and places inside a nearer clause
                    settlements = [m for m in before if not _is_region(m, text)]
                    pool = settlements or before
                    # "X, the largest town in southern Idlib, which ...": not the appositive's place
                    while len(pool) > 1 and _LOCATIVE.search(text[max(s0, pool[-1].start - 30):pool[-1].start]):
                        pool = pool[:-1]
                    if pool:
                        target = pool[-1]
                if target is None or (where != "after" and _other_name_between(text, target.end, a, here)):
                    continue
                clause = text[target.end:a] if where != "after" else text[a:b]
                if _NEGATION.search(clause[-40:]) or re.search(r"\b(?:outside|beyond|out of)\s*$",
                                                              text[max(s0, a - 12):a], re.I):
                    continue
                if name == "control-of":
                    actor = _actor_before(text[s0:a], target.place)
                    if actor is None:
                        continue
                    inter, controller = actor
                else:
                    inter, controller = _side(pm.group("side"), target.place)
                if name == "outside-gov":
                    inter, controller = "Rebel group", "Opposition Rebels"
                until = None
                if _PAST_PERFECT.search(text[target.end:b]) and published is not None:
                    until = published - timedelta(days=1)
                claims.append(ControlClaim(
                    place=target.place, inter=inter, controller=controller,
                    since=_since(text[a:s1], published) if where != "after" else None,
                    until_hint=until, evidence=sent, article_id=article_id, published=published))
    # one claim per place per sentence (the first pattern that fired)
    seen: set[tuple[str, str]] = set()
    out = []
    for c in claims:
        k = (place_key(c.place), c.evidence)
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


_AROUND = re.compile(r"\b(?:suburbs?|outskirts|countryside|edge|edges|approaches|vicinity|outside|near|around|"
                     r"nearby|north|south|east|west|northeast|northwest|southeast|southwest|"
                     r"(?:north|south|east|west)(?:ern|east|west)?)\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?$", re.I)


def _names_place(sentence: str, place: Place) -> bool:
    """The event's sentence names the place itself (any spelling), not only its
    surroundings ("suburbs of Aleppo") or its province ("Idlib province")."""
    from frontwatch.geo.normalize import key1, same_place_name

    if not key1(place.name):
        return False
    for m in _NAME.finditer(sentence):
        # grow the name to cover multi-word spellings
        words = sentence[m.start():m.start() + len(place.name) + 12]
        for cut in range(len(words), 0, -1):
            if words[cut - 1].isalnum() and same_place_name(words[:cut], place.name):
                before = sentence[max(0, m.start() - 40):m.start()]
                after = sentence[m.start() + cut:m.start() + cut + 16]
                if _AROUND.search(before) or _NOT_THE_PLACE_AFTER.match(after):
                    break
                return True
    return False


_CAPTURE = re.compile(r"\b(?:captured|took|taken|seized|retook|retaken|recaptured|entered|overran|overrun|regained|"
                      r"stormed|liberated|controlled|(?:managed|able)\s+to\s+(?:control|capture|take|seize|"
                      r"recapture|retake|regain|enter|liberate))\b", re.I)
_CAPTURE_FILL = re.compile(r"\s*(?:(?:full\s+|complete\s+)?control\s+(?:of|over)\s+)?(?:(?:the|a|another)\s+"
                           r"(?:[\w-]+\s+){0,4}?(?:town|village|city|suburb|base|hamlet|district)s?"
                           r"(?:\s+of|(?:\s+[\w-]+){0,4},)?\s*)?", re.I)
_PASSIVE = re.compile(r"[\s,]*(?:which\s+(?:was|had\s+been|has\s+been)\s+|(?:was|were|had\s+been|has\s+been)\s+)?"
                      r"(?:(?:captured|seized|taken|retaken|recaptured|overrun|liberated)\s+by|(?:fell|falls|fall)\s+to)"
                      r"\s+", re.I)
_IRREALIS = re.compile(r"\b(?:expected|likely|aims?|aimed|denied|denies|deny|next\s+(?:target|objective)|would|will|"
                       r"try|tries|trying|attempt|plan|plans|planned|threat|threaten|could|may|might|not\s+confirm)\b",
                       re.I)


def _day_of(sent: str, pos: int, published: date | None) -> date | None:
    """The date written nearest to `pos` in the sentence (not a "since" date), else the publication day."""
    from frontwatch.events.time import find_dates

    when = None
    for w in find_dates(sent, published):
        if sent[max(0, w.start - 6):w.start].strip().lower() == "since":
            continue
        if when is None or abs(w.start - pos) < abs(when.start - pos):
            when = w
    return when.day if when else published


def _named_captures(objects: Sequence[NamedObject], text: str, o0: int, sent: str,
                    placed: Sequence[PlaceMention], article_id: str, published: date | None,
                    country: str | None = None) -> list[ControlClaim]:
    """Claims for places the sentence `sent` says were taken (`objects`, offsets from `o0` in
    `text`: `sent` itself, or the sentence before it for "... took it over"). A place
    the geoparser resolved there, a settlement, gets a located claim; one it did not gets a claim by
    name, its timeline sitting near the closest place it did resolve (often the province or town
    named for context)."""
    from frontwatch.geo.normalize import same_place_name

    out = []
    # generic actors ("regime forces") are named after the country the article is about
    where = placed[0].place if placed else Place("", None, None, country=country) if country else None
    for o in objects:
        actor = _actor_before(o.taker_text, where)
        day = _day_of(sent, o.start if text.startswith(sent, o0) else 0, published)
        if actor is None or day is None:
            continue
        hit = [m for m in placed if m.start < o0 + o.end and o0 + o.start < m.end]
        if hit:
            if _is_region(hit[0], text):
                continue
            place, near = hit[0].place, None
        else:
            context = [m for m in placed if not same_place_name(m.place.name, o.name)]
            near = min(context, key=lambda m: abs(m.start - o0 - o.start)).place if context else None
            place = Place(name=o.name, latitude=None, longitude=None, country=near.country if near else None,
                          admin1=near.admin1 if near else None)
        out.append(ControlClaim(place=place, inter=actor[0], controller=actor[1], since=day, until_hint=None,
                                evidence=sent, article_id=article_id, published=published, kind="capture",
                                near=near))
    return out


def find_captures(text: str, mentions: Sequence[PlaceMention], *, article_id: str = "",
                  published: date | datetime | None = None) -> list[ControlClaim]:
    """Captures told in the text ("Syrian troops captured ... Khan Sheikhoun", "Khan Sheikhoun,
    captured by the army in August 2019"), as claims from the day they happened."""
    published = _as_date(published)
    mentions = sorted((m for m in mentions if _targetable(m)), key=lambda m: m.start)
    out: list[ControlClaim] = []
    countries = [m.place.country for m in mentions if m.place is not None and m.place.country]
    country = max(set(countries), key=lambda c: (countries.count(c), c)) if countries else None
    prev: tuple[int, int] | None = None
    for s0, s1 in sentences(text):
        sent = text[s0:s1]
        if _IRREALIS.search(sent):
            prev = (s0, s1)
            continue
        placed = [m for m in mentions if s0 <= m.start < s1]
        out += _named_captures(object_mentions(sent), text, s0, sent, placed, article_id, published, country)
        if prev is not None:
            p0, p1 = prev
            out += _named_captures(anaphoric_objects(text[p0:p1], sent), text, p0, sent,
                                   [m for m in mentions if p0 <= m.start < p1], article_id, published, country)
        prev = (s0, s1)
        here = [m for m in placed if not _is_region(m, text)]
        if not here:
            continue
        for vm in _CAPTURE.finditer(sent):
            a, b = s0 + vm.start(), s0 + vm.end()
            target, actor = None, None
            for m in here:
                if m.start >= b:
                    fill = _CAPTURE_FILL.match(text, b, m.start)
                    if fill and fill.end() == m.start:
                        target = m
                        actor = _actor_before(text[s0:a], m.place)
                    break
            if target is None:
                for m in reversed(here):
                    if m.end <= a:
                        pm = _PASSIVE.match(text, m.end, s1)
                        if pm and pm.end() >= b:
                            target = m
                            actor = _actor_before(text[pm.end():min(s1, pm.end() + 40)], m.place)
                        break
            if target is None or actor is None:
                continue
            day = _day_of(sent, vm.start(), published)
            if day is None:
                continue
            out.append(ControlClaim(place=target.place, inter=actor[0], controller=actor[1], since=day,
                                    until_hint=None, evidence=sent, article_id=article_id, published=published,
                                    kind="capture"))
    seen: set[tuple] = set()
    unique = []
    for c in out:
        k = (place_key(c.place), c.evidence, c.inter, c.since)
        if k not in seen:
            seen.add(k)
            unique.append(c)
    return unique


# A place name as written in reports: capitalized words, with the Arabic article and
# "Abu"/"Umm"/"Bir" style particles inside ("Bir Al-Dari", "al-Horan", "Kafr al-Zayt").
_PARTICLE = r"(?:al|el|as|ash|an|ar|ad|az|at|ath|er|es|ed|en|bin|ibn|bani|beni)"
_PNAME = rf"(?:{_PARTICLE}[-\s])?[A-Z][\w'’]*(?:(?:\s?-\s?|\s)(?:{_PARTICLE}[-\s])?[A-Z][\w'’]*)*"
_PLIST = rf"(?P<names>{_PNAME}(?:\s*,\s*(?:and\s+)?{_PNAME})*(?:\s*,?\s+and\s+{_PNAME})?)"
_KIND = (r"(?:villages?|towns?|cit(?:y|ies)|hills?|hilltops?|mountains?|farms?|neighbou?rhoods?|districts?|"
         r"areas?|points?|positions?|hamlets?|outposts?|suburbs?)")
_TAKE = (r"(?:captured|capture|capturing|took\s+over|taking\s+over|took|taken|seized|seizing|retook|retaken|"
         r"recaptured|overran|overrun|regained|stormed|liberated|entered|controlled(?:\s+over)?|controlling|"
         r"(?:took|taken|take|taking|gained|gaining|gain|seized|regained|regain|regaining|retook|restored?|"
         r"restoring|imposed|imposing|established|assumed|full|complete)\s+(?:full\s+|complete\s+|total\s+)?"
         r"control\s+(?:of|over|on)|(?:managed|able|succeeded)\s+(?:to|in)\s+(?:control|capture|capturing|"
         r"take|seize|recapture|retake|regain|enter|liberate|restore)|controls?|advanc(?:ed?|es|ing)\s+(?:in|into)|"
         r"advancement\s+in)")
_OBJECT = re.compile(rf"\b{_TAKE}(?:\s+(?:full\s+|complete\s+)?control\s+(?:of|over|on))?"
                     rf"(?:\s+(?:the|a|an|another))?(?:\s+(?:[a-z]+\s+){{0,2}}?{_KIND}(?:\s+of)?,?\s+|"
                     rf"\s+(?:[\w-]+\s+){{1,3}}?(?:held|controlled)\s+{_KIND}\s+(?:of\s+)?|"
                     rf"\s+(?:several\s+|some\s+|new\s+)?(?:areas|parts|positions|points)\s+(?:in|of|around)\s+"
                     rf"(?:the\s+)?(?:{_KIND}\s+of\s+)?|\s+)"
                     rf"{_PLIST}")
# "... battled IS in Ruwayssat Rashu. Rebel forces took it over.": the taking is told in the next sentence
_TOOK_IT = re.compile(r"\b(?:took|seized|captured|gained|regained|restored|took\s+full)\s+(?:(?:full\s+)?control\s+"
                      r"(?:of|over)\s+)?(?:it|them|the\s+(?:area|village|town|city|place))\b", re.I)
# "the villages of A, B and C", "Kafr Hud": the places a phrase names after its preposition
_NAMED = rf"(?:the\s+)?(?:{_KIND}\s+(?:of\s+)?)?{_PLIST}"
_IN_NAME = re.compile(rf"\b(?:in|on)\s+{_NAMED}")
_ANAPHOR = re.compile(rf"\b(?:in|on)\s+{_NAMED}(?:\s+{_KIND})?(?:\s+[^,.;]*?)?,"
                      r"\s+(?:and\s+)?(?:(?:taking|took|seizing|seized|capturing|captured|gaining|gained|regaining|regained)"
                      r"\s+(?:(?:full\s+)?control\s+(?:of|over)\s+)?(?:it|them|the\s+(?:area|village|town|city|place))"
                      r"\b(?!\s+over)|"
                      r"taking\s+(?:it\s+over|over\s+(?:it|the\s+area))\b)")
_EXPELLED = re.compile(rf"\b(?:expelled|drove\s+out|ousted|pushed\s+out)\s+[^.;]{{0,60}}?\bfrom\s+{_NAMED}")
_INCLUDING = re.compile(rf"\bincluding\s+{_NAMED}")
_FELL = re.compile(rf"{_PLIST}(?:\s+{_KIND})?,?\s+(?:(?:which\s+)?(?:was|were|had\s+been|has\s+been)\s+)?"
                   r"(?:(?:captured|seized|taken|retaken|recaptured|overrun|liberated|controlled)\s+by|fell\s+to|"
                   r"fall\s+to)\b")
_CUES = [(_OBJECT, re.compile(r"captur|took|tak|seiz|retook|overr|regain|storm|liberat|enter|control|restor|advanc",
                              re.I)),
         (_FELL, re.compile(r"\b(?:fell|fall)\s+to\b|\bby\b", re.I)),
         (_ANAPHOR, re.compile(r"\b(?:it|them|the\s+(?:area|village|town|city|place))\b", re.I)),
         (_EXPELLED, re.compile(r"expelled|drove\s+out|ousted|pushed\s+out", re.I))]
# "advanced in Raqqa countryside": the name is a landmark, not the place taken
_AREA_AFTER = re.compile(r"\s*(?:countryside|province|governorate|front|axis|desert|outskirts|sub-?district|region|"
                         r"road|highway|plain|valley)\b", re.I)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_NOT_OBJECT = re.compile(r"^(?:Islamic|ISIS|ISIL|IS|Daesh|SDF|QSD|YPG|HTS|FSA|Hezbollah|Syrian|Russian|Turkish|"
                         r"Iranian|Kurdish|Free|Army|Regime|Government|Rebels?|Opposition|Tiger|National|"
                         r"Democratic|Jabhat|Hayat|Ahrar|Jaysh|Faylaq|Liwa|Euphrates|Olive|Operation|No|None|"
                         r"Neither|Unknown|Several|Two|Three|Some)\b")


@dataclass(frozen=True)
class NamedObject:
    """A place a sentence says was taken, by name, and the text that names the taker."""

    name: str
    start: int
    end: int
    taker_text: str     # the clause before the verb, or what follows "fell to" / "captured by"


def object_mentions(sentence: str) -> list[NamedObject]:
    """The places a capture sentence says were taken, read from its wording alone ("captured Kafr
    Hud", "took control of the villages of A, B and C", "A fell to ..."), so that a village the
    gazetteer cannot place still gets a timeline under its name."""
    # each pattern only where its verb occurs: they start at every capitalized word otherwise
    spans = [m for rx, cue in _CUES if cue.search(sentence) for m in rx.finditer(sentence)]
    if any(m.re is _OBJECT for m in spans):
        more = list(_INCLUDING.finditer(sentence))
        # "took over areas of Wadi Barada, including Deir Qanun": the places included, not the valley
        spans = [m for m in spans if not (m.re is _OBJECT and any(0 <= i.start() - m.end() <= 2 for i in more))]
        spans += more
    found: dict[str, NamedObject] = {}
    for m in sorted(spans, key=lambda m: m.start("names")):
        taker = sentence[m.end():m.end() + 60] if m.re is _FELL else sentence[:m.start()]
        for o in _listed(sentence, m, taker):
            found.setdefault(o.name, o)
    return sorted(found.values(), key=lambda o: o.start)


def _listed(text: str, m: re.Match, taker: str) -> list[NamedObject]:
    """The names of the `names` group of `m` ("A, B and C") that can be places."""
    out = []
    pos = m.start("names")
    for part in _LIST_SPLIT.split(m.group("names")):
        name = part.strip(" ,'’")
        start = pos + m.group("names").find(part)
        if name.endswith(("'s", "’s")):
            continue    # "Aleppo's airport district": what was taken is the district
        if len(name) >= 3 and name not in _NOT_NAMES and not _NOT_OBJECT.match(name) \
                and not _AREA_AFTER.match(text, start + len(part)):
            out.append(NamedObject(name, start, start + len(part), taker))
    return out


def anaphoric_objects(previous: str, sentence: str) -> list[NamedObject]:
    """Places taken in `sentence` by reference only ("Rebel forces took it over"), named in the
    `previous` sentence as where the fighting was ("battled regime forces in Ruwayssat Rashu")."""
    m = _TOOK_IT.search(sentence)
    if m is None or _IRREALIS.search(sentence) or object_mentions(sentence):
        return []
    found = list(_IN_NAME.finditer(previous))
    # "in Ruwayssat Rashu in Jabal al-Akrad": the second is where the first lies
    named = [n for n in found if not any(0 <= n.start() - x.end() <= 1 for x in found)]
    if not named:
        return []
    return _listed(previous, named[-1], sentence[:m.start()])


def named_objects(sentence: str) -> list[str]:
    """The names of `object_mentions(sentence)`."""
    return [o.name for o in object_mentions(sentence)]


def _actor_of(ev: Event) -> tuple[str, str] | None:
    a = ev.actor1
    if a is not None and a.inter:
        at = ev.evidence.text.find(a.surface) if a.surface else -1
        if "Unknown" in a.name or (at >= 0 and _generic_in_name(ev.evidence.text, at, at + len(a.surface))):
            return None     # a generic word misread as a state's forces: no side rather than a wrong one
        return a.inter, a.name
    if ev.sub_event_type == "Government regains territory":
        return _side("government", ev.place)
    return None


def _precise(ev: Event, objects: Sequence[str]) -> bool:
    """The event's place is the captured place itself, named in its sentence, and not only the
    place around what was taken ("seized Umm al Amad village in Aleppo": not Aleppo)."""
    from frontwatch.geo.normalize import same_place_name

    p = ev.place
    if p is None or p.precision not in (1, None) or p.latitude is None:
        return False
    if p.feature and p.feature.startswith(("A.", "L.")) and p.feature != "A.ADM3":
        return False
    if objects and not any(same_place_name(o, p.name) for o in objects):
        return False
    return _names_place(ev.evidence.text, p)


def claims_from_events(events: Iterable[Event]) -> list[ControlClaim]:
    """Territory events as claims from their date: about the event's place when the sentence
    names it (geo precision 1), and about every other place the sentence says was taken, by
    name, when the geoparser could not place it (the event then sits on its province or town)."""
    from frontwatch.geo.normalize import same_place_name

    out = []
    for ev in events:
        if ev.sub_event_type not in TERRITORY or ev.event_date is None:
            continue
        actor = _actor_of(ev)
        if actor is None:
            continue
        inter, controller = actor
        kw = dict(inter=inter, controller=controller, since=ev.event_date, until_hint=None,
                  evidence=ev.evidence.text, article_id=ev.article_id, published=ev.event_date, kind="event",
                  event_id=ev.id)
        objects = named_objects(ev.evidence.text)
        precise = _precise(ev, objects)
        if precise:
            out.append(ControlClaim(place=ev.place, **kw))
        near = ev.place if ev.place is not None and ev.place.latitude is not None \
            and not (ev.place.feature or "").startswith("A.PCL") else None    # a country places nothing
        for name in objects:
            if ev.place is not None and same_place_name(name, ev.place.name) and (precise or near is None):
                continue
            if near is not None and same_place_name(name, near.name):
                continue   # the fallback itself ("Aleppo"): not a village of that name
            place = Place(name=name, latitude=None, longitude=None, country=ev.place.country if ev.place else None,
                          admin1=ev.place.admin1 if ev.place else None)
            out.append(ControlClaim(place=place, near=near, **kw))
    return out


MentionFinder = Callable[[str], list[PlaceMention]]


def known_place_finder(places: Iterable[Place] = (), doc=None) -> MentionFinder:
    """A fallback place finder: the names of known places, matched as words (`doc` is not needed: the same
    call as `default_finder`'s, so either can stand for the other)."""
    by_name: dict[str, Place] = {}
    for p in places:
        if p.name and p.latitude is not None:
            by_name.setdefault(p.name.lower(), p)
    if not by_name:
        return lambda text: []
    rx = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
                    + r")(?![\w-])", re.I)

    def find(text: str) -> list[PlaceMention]:
        return [PlaceMention(m.start(), m.end(), m.group(0), by_name[m.group(0).lower()]) for m in rx.finditer(text)]
    return find


def default_finder(places: Iterable[Place] = (), doc=None) -> MentionFinder:
    """The geoparser's find() when it is available, else `known_place_finder(places)`. `doc`: the
    text's spaCy parse when the caller has it (the coder's), which spares parsing it again."""
    try:
        from frontwatch.pipeline import geoparser

        gp = geoparser()
    except Exception:  # noqa: BLE001 - the geoparser is optional here
        return known_place_finder(places)

    def find(text: str) -> list[PlaceMention]:
        parsed = doc if doc is not None and doc.text == text else None
        found = [m for m in gp.find(text, parsed) if m.place is not None and m.place.latitude is not None]
        return found + _looked_up(text, found, gp)
    return find


_TRIGGER = re.compile(r"held\b|hands\b|control\b|" + _CAPTURE.pattern, re.I)


def _looked_up(text: str, found: list[PlaceMention], gp) -> list[PlaceMention]:
    """Settlement names the geoparser's find() passed over, looked up in its gazetteer, in
    sentences that speak of control or capture."""
    from frontwatch.geo.normalize import key1

    countries = [m.place.country for m in found if m.place.country]
    country = max(set(countries), key=countries.count) if countries else None
    out = []
    for s0, s1 in sentences(text):
        if not _TRIGGER.search(text, s0, s1):
            continue
        for nm in _NAME.finditer(text, s0, s1):
            if nm.group(0) in _NOT_NAMES or \
                    any(m.start < nm.end() and nm.start() < m.end for m in found):
                continue
            try:
                place = gp.lookup(nm.group(0), country=country)
            except Exception:  # noqa: BLE001
                place = None
            if place is not None and place.latitude is not None and (place.feature or "").startswith("P.") \
                    and SequenceMatcher(None, key1(place.name), key1(nm.group(0))).ratio() >= 0.75:
                out.append(PlaceMention(nm.start(), nm.end(), nm.group(0), place))
    return out


class ControlIndex:
    """All control claims of a store (or of events + articles), queryable by date."""

    def __init__(self, claims: Iterable[ControlClaim]):
        self.by_place: dict[str, list[ControlClaim]] = {}
        for c in claims:
            self.by_place.setdefault(place_key(c.place), []).append(c)
        self._merge_named()

    def _merge_named(self) -> None:
        """A place known by name only joins the one other timeline of the same name in a compatible
        country and admin1 (a located place first): two reports of one village, one of them placed
        and one not, or placed in different detail, make one timeline. Ambiguous names stay apart."""
        from frontwatch.geo.normalize import key1

        def fits(a: Place, b: Place) -> bool:
            return all(x is None or y is None or x == y for x, y in ((a.country, b.country), (a.admin1, b.admin1)))

        by_name: dict[str, list[str]] = {}
        for key, claims in self.by_place.items():
            by_name.setdefault(key1(claims[0].place.name), []).append(key)
        for keys in by_name.values():
            if len(keys) < 2:
                continue
            for key in [k for k in keys if k.startswith("name:")]:
                place = self.by_place[key][0].place
                others = [k for k in keys if k != key and k in self.by_place
                          and fits(place, self.by_place[k][0].place)]
                located = [k for k in others if not k.startswith("name:")]
                target = located if located else others
                if len(target) == 1 and (located or len(others) == 1):
                    self.by_place[target[0]] += self.by_place.pop(key)

    @classmethod
    def build(cls, source, finder: MentionFinder | None = None) -> ControlIndex:
        events, articles, places = _load(source)
        event_claims = claims_from_events(events)
        if finder is None:
            finder = default_finder(places)
        claims: list[ControlClaim] = []
        country: dict[str, str] = {}
        for art in articles:
            mentions = _main_country(_not_in_actor_names(art.text, finder(art.text)))
            main = next((m.place.country for m in mentions if m.place is not None and m.place.country), None)
            if main:
                country[art.id] = main
            claims += find_statements(art.text, mentions, article_id=art.id, published=art.published_date)
            claims += find_captures(art.text, mentions, article_id=art.id, published=art.published_date)
        return cls([_in_country(c, country.get(c.article_id)) for c in event_claims] + claims)

    @staticmethod
    def _effective(c: ControlClaim, at: date) -> date | None:
        """The day this claim last speaks about, seen from `at` (None: not yet valid)."""
        start = c.since if c.since is not None else c.published
        if start is None or start > at:
            return None
        if c.kind in ("event", "capture"):
            return c.since
        end = c.until_hint or c.published or start
        return at if at <= end else end

    def current(self, key: str, at: date) -> tuple[ControlClaim, list[ControlClaim]] | None:
        """The winning claim for the place on `at`, and the run of agreeing claims behind it."""
        scored = []
        for c in self.by_place.get(key, []):
            eff = self._effective(c, at)
            if eff is not None:
                scored.append((eff, c.kind != "statement", c))
        if not scored:
            return None
        scored.sort(key=lambda t: (t[0], t[1]))
        best = scored[-1][2]
        run = [best]
        for _eff, _, c in reversed(scored[:-1]):
            if c.inter != best.inter:
                break
            run.append(c)
        return best, run

    def row(self, key: str, at: date) -> ControlRow | None:
        """Who holds the place `key` on `at`, or None when no claim about it is valid yet."""
        got = self.current(key, at)
        if got is None:
            return None
        best, run = got
        starts = [c.since if c.since is not None else c.published for c in run]
        since = min(d for d in starts if d is not None) if any(starts) else None
        p = best.place if best.place.latitude is not None else next(
            (c.place for c in self.by_place[key] if c.place.latitude is not None), best.place)
        return ControlRow(
            place=p.name, latitude=p.latitude, longitude=p.longitude, controller=best.controller,
            inter=best.inter, since=since,
            event_ids=tuple(dict.fromkeys(c.event_id for c in run if c.event_id)),
            evidence=tuple(dict.fromkeys(c.evidence for c in run)), country=p.country,
            geonameid=p.geonameid, admin1=p.admin1, located=p.latitude is not None)

    def at(self, at: date) -> list[ControlRow]:
        rows = [r for r in (self.row(key, at) for key in sorted(self.by_place)) if r is not None]
        rows.sort(key=row_order)
        return rows

    def intervals(self, key: str) -> list[tuple[date, date | None, ControlRow]]:
        """The answer for place `key` as [valid_from, valid_to) intervals (valid_to None: open-ended),
        equal to `row(key, d)` for every day d. The winner only changes on a claim's first day, the day
        after it, and the day after a statement's last day (an event's weight is its date, a statement's
        the day asked clipped to its last day), so the answer is evaluated on those days only."""
        days: set[date] = set()
        for c in self.by_place.get(key, []):
            start = c.since if c.since is not None else c.published
            if start is None:
                continue
            end = c.until_hint or c.published or start
            for d in (start, end):
                days.add(d)
                if d < date.max:
                    days.add(d + timedelta(days=1))
        out: list[tuple[date, date | None, ControlRow]] = []
        last: ControlRow | None = None
        for d in sorted(days):
            r = self.row(key, d)
            if r == last:
                continue
            if last is not None:
                out[-1] = (out[-1][0], d, last)
            if r is not None:
                out.append((d, None, r))
            last = r
        return out

    def timeline(self) -> dict[str, list[ControlSpan]]:
        """Per place, the spans of control in date order (a new span when the side changes)."""
        out: dict[str, list[ControlSpan]] = {}
        for key, claims in self.by_place.items():
            days = sorted({d for c in claims for d in (c.since, c.published, c.until_hint) if d is not None})
            spans: list[ControlSpan] = []
            for d in days:
                got = self.current(key, d)
                if got is None:
                    continue
                best, run = got
                if spans and spans[-1].inter == best.inter:
                    span = spans[-1]
                else:
                    start = best.since if best.since is not None else best.published
                    span = ControlSpan(best.place, best.controller, best.inter, start)
                    spans.append(span)
                for c in run:
                    if c.event_id and c.event_id not in span.event_ids:
                        span.event_ids.append(c.event_id)
                    if c.evidence not in span.evidence:
                        span.evidence.append(c.evidence)
            out[key] = spans
        return out


def row_order(r: ControlRow) -> tuple:
    return order_key(r.place, r.latitude)


def order_key(place: str, latitude: float | None) -> tuple:
    """The order of control rows: by place name, then latitude."""
    return (place.lower(), latitude or 0)


@dataclass(frozen=True)
class TextClaims:
    """What an article's text says about control: its statements and captures, and the country the
    article is mostly about (where its territory events' places known by name only belong)."""

    article_id: str
    main_country: str | None
    claims: tuple[ControlClaim, ...]


def text_claims(article: Article, finder: MentionFinder) -> TextClaims:
    """The control claims of one article's text, as `ControlIndex.build` finds them."""
    mentions = _main_country(_not_in_actor_names(article.text, finder(article.text)))
    main = next((m.place.country for m in mentions if m.place is not None and m.place.country), None)
    claims = find_statements(article.text, mentions, article_id=article.id, published=article.published_date)
    claims += find_captures(article.text, mentions, article_id=article.id, published=article.published_date)
    return TextClaims(article.id, main, tuple(claims))


def event_claims(events: Iterable[Event], main_country: str | None) -> list[ControlClaim]:
    """The claims of one article's territory events, placed in its main country."""
    return [_in_country(c, main_country) for c in claims_from_events(events)]


def _not_in_actor_names(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Place mentions that are not part of an actor's name ("Liwa al Aqsa" is a faction, not the
    Omani town Liwa; "Manbij Military Council"): such a mention would set the article's country and
    the surroundings of the places it names."""
    from frontwatch.events.actors import find_actors

    if not mentions:
        return mentions
    names = [(a.start, a.end) for a in find_actors(text) if " " in a.actor.surface.strip()]
    return [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in names)]


def _in_country(c: ControlClaim, main: str | None) -> ControlClaim:
    """A place known by name only, whose event the geoparser placed abroad ("Baza'a" near a
    Turkish namesake), belongs to the country its article is about, without a place nearby."""
    if main is None or c.place.latitude is not None or c.place.country in (None, main):
        return c
    place = Place(name=c.place.name, latitude=None, longitude=None, country=main)
    return replace(c, place=place, near=None)


def _main_country(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Only the places in the country the article is mostly about (all when none is known)."""
    countries = [m.place.country for m in mentions if m.place is not None and m.place.country]
    if not countries:
        return mentions
    main = max(set(countries), key=lambda c: (countries.count(c), c))
    return [m for m in mentions if m.place is not None and m.place.country in (None, main)]


def _load(source) -> tuple[list[Event], list[Article], list[Place]]:
    """(territory events, articles, known places) of a Store or an (events, articles) pair."""
    if isinstance(source, tuple | list) and len(source) == 2:
        events, articles = list(source[0]), list(source[1])
        return ([e for e in events if e.sub_event_type in TERRITORY], articles,
                [e.place for e in events if e.place is not None])
    return list(source.events(sub_event_type=TERRITORY)), list(source.articles()), list(source.places())


def control_at(source, at: date, finder: MentionFinder | None = None, place: str | None = None
               ) -> list[ControlRow]:
    """Who controls each place with any control evidence on `at` (`place`: only the places of that
    name, in any spelling). `source` is a Store (its timelines kept at write time are read, unless it
    predates them or a `finder` is given), an (events, articles) pair, or a ControlIndex built once
    for many dates."""
    if finder is None and hasattr(source, "control_view") and source.views_ready():
        return source.control_view(at, place)
    index = source if isinstance(source, ControlIndex) else ControlIndex.build(source, finder)
    rows = index.at(at)
    return named(rows, place) if place else rows


def named(rows: Iterable[ControlRow], name: str) -> list[ControlRow]:
    """The rows about a place called `name`, in any spelling: how an analyst asks about a village
    the gazetteer cannot place, which has a timeline by name only."""
    from frontwatch.geo.normalize import same_place_name

    return [r for r in rows if same_place_name(r.place, name)]


def timeline(source, finder: MentionFinder | None = None) -> dict[str, list[ControlSpan]]:
    index = source if isinstance(source, ControlIndex) else ControlIndex.build(source, finder)
    return index.timeline()
